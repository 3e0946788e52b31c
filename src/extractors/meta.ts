/**
 * Article metadata — headline, publication date, source, author — and the page chrome
 * around the article (section labels above the headline, image and video labels,
 * comment boxes and related-article teasers after the byline), whose text gives no
 * records (SPEC §4: chrome counts for nothing).
 */
import { DocumentMeta } from '../types';

export interface Line {
  text: string;
  start: number;
  end: number;
}

export interface DocumentLayout {
  meta: DocumentMeta;
  /** [start, end) spans of the document text that are page chrome, not article. */
  chrome: Array<[number, number]>;
}

/** Lines that sites put above the headline: section names, placeholders. */
const SECTION_LABELS = new Set(
  [
    'mask', 'chính trị', 'thời sự', 'xã hội', 'kinh tế', 'tin tức', 'trong nước', 'pháp luật', 'văn hóa',
    'quốc tế', 'thế giới', 'tin tổng hợp', 'tin hoạt động', 'xây dựng đảng', 'tin địa phương', 'home', 'trang chủ',
  ].map((s) => s.normalize('NFC')),
);

/** Markers of the chrome that follows an article. */
const TRAILING_CHROME = [
  /^tin mới( nhất)?\b/iu,
  /^\(\d+\)\s*bình luận/iu,
  /^powered by\b/iu,
  /^không có quảng cáo/iu,
  /^các ý kiến của bạn đọc/iu,
  /^[•·*-]?\s*từ khóa\b/iu,
  /^tin (liên quan|cùng chuyên mục|khác)\b/iu,
  /^bài viết liên quan/iu,
  /^xem thêm\b/iu,
  /^gửi bình luận/iu,
  /^ý kiến bạn đọc/iu,
];
/** Glued to the byline on some pages: `Thanh TâmCác ý kiến của bạn đọc`. */
const GLUED_CHROME = /(Các ý kiến của bạn đọc|Bình luận|Tin mới nhất|Từ khóa).*$/u;

const MEDIA_LABEL = [
  /\sảnh\s+\d+\s*$/iu, // "<headline> ảnh 3": an image's alt text
  /^\S.*\.(png|jpe?g|gif|webp|bmp|mp4|avi|mov|flv|wmv)\s*$/iu, // "01.7.2020 a.png", "Video: x.mp4"
  /^(video|clip)\s*:/iu,
];

const FULL_DATE = /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)/u;
const TIME = /(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?!\d)/u;
const DOMAIN = '[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.(?:vn|com|net|org|info|gov\\.vn|com\\.vn)';
const SOURCE_IN_PARENS = new RegExp(`^\\s*\\((${DOMAIN})\\)`, 'iu');
const SOURCE_THEO = new RegExp(`^\\s*(?:Theo|Nguồn)\\s*:?\\s+(${DOMAIN}|[\\p{Lu}][\\p{L}\\s]{1,40})\\s*\\.?\\s*$`, 'u');
/** A byline: up to four capitalised syllables, or a staff label. */
const BYLINE = /^(?:(?:[\p{Lu}][\p{Ll}]*\.?\s?){1,4}|PV|TTXVN|Nhóm PV|[\p{Lu}]{1,3}\s?[\p{Lu}]?)$/u;

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /[^\r\n]*(\r\n|\n|\r|$)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const body = m[0].replace(/[\r\n]+$/u, '');
    lines.push({ text: body, start: m.index, end: m.index + body.length });
    if (m[0].length === 0 || re.lastIndex >= text.length) break;
  }
  return lines;
}

const clean = (s: string) => s.replace(/\s+/gu, ' ').trim();

function isSectionLabel(line: string): boolean {
  return SECTION_LABELS.has(clean(line).toLowerCase().replace(/[:|]+$/u, '').trim());
}

export function isMediaLabel(line: string): boolean {
  return MEDIA_LABEL.some((re) => re.test(line.trim()));
}

interface Dateline {
  index: number;
  published: string;
}

/** A short line near the top holding a full date (and maybe a time): the dateline. */
function findDateline(lines: Line[], from: number): Dateline | undefined {
  for (let i = from; i < Math.min(lines.length, from + 6); i++) {
    const text = lines[i].text;
    if (text.length > 120) continue;
    const date = FULL_DATE.exec(text);
    if (!date) continue;
    const [day, month, year] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const time = TIME.exec(text);
    const hhmmss = time ? `${time[1].padStart(2, '0')}:${time[2]}${time[3] ? `:${time[3]}` : ''}` : '';
    return { index: i, published: hhmmss ? `${iso}T${hhmmss}` : iso };
  }
  return undefined;
}

function findSource(lines: Line[]): string | null {
  for (const line of lines) {
    const m = SOURCE_IN_PARENS.exec(line.text);
    if (m) return m[1];
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = SOURCE_THEO.exec(lines[i].text);
    if (m) return clean(m[1]);
  }
  return null;
}

function isTrailingChrome(text: string): boolean {
  const t = clean(text);
  return TRAILING_CHROME.some((re) => re.test(t));
}

/** Reads the layout of an article: where the headline, dateline, byline and chrome are. */
export function readLayout(text: string): DocumentLayout {
  const lines = splitLines(text);
  const chrome: Array<[number, number]> = [];
  let i = 0;
  // Page chrome above the headline.
  while (i < lines.length && (clean(lines[i].text) === '' || isSectionLabel(lines[i].text))) {
    if (clean(lines[i].text) !== '') chrome.push([lines[i].start, lines[i].end]);
    i++;
  }
  const headline = i < lines.length ? clean(lines[i].text) || null : null;
  const dateline = findDateline(lines, i + 1);

  // Chrome after the article: from the first trailing marker to the end.
  let bodyEnd = lines.length;
  for (let j = lines.length - 1; j > i; j--) if (isTrailingChrome(lines[j].text)) bodyEnd = j;
  let author: string | null = null;
  // The byline: the last short, name-like non-empty line of the body.
  for (let j = bodyEnd - 1; j > i; j--) {
    const t = clean(lines[j].text.replace(GLUED_CHROME, ''));
    if (t === '') continue;
    if (t.length <= 30 && BYLINE.test(t)) {
      author = t;
      // Anything glued after the byline on the same line is chrome.
      const glued = GLUED_CHROME.exec(lines[j].text);
      if (glued) chrome.push([lines[j].start + glued.index, lines[j].end]);
    }
    break;
  }
  // Related-article teasers after the byline, before the trailing markers.
  if (author !== null) {
    const bylineLine = lines.findIndex((l, j) => j > i && j < bodyEnd && clean(l.text.replace(GLUED_CHROME, '')) === author);
    const afterByline = lines.slice(bylineLine + 1).find((l) => clean(l.text) !== '');
    if (afterByline) chrome.push([afterByline.start, text.length]);
  }
  if (bodyEnd < lines.length) chrome.push([lines[bodyEnd].start, text.length]);
  for (const line of lines) if (isMediaLabel(line.text)) chrome.push([line.start, line.end]);

  return {
    meta: { headline, published: dateline?.published ?? null, source: findSource(lines.slice(0, bodyEnd)), author },
    chrome,
  };
}

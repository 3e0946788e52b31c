/**
 * Article metadata — headline, publication date, source, author — and the page chrome
 * around the article (section labels above the headline, image and video labels,
 * comment boxes and related-article teasers after the byline), whose text gives no
 * records (SPEC §4: chrome counts for nothing).
 */
import { DocumentMeta } from '../types';
import { isCalendarDay } from '../text/calendar';
import { Line, splitLines } from '../text/lines';
import { latestYearIn } from './reference-date';
import { foldText } from '../text/fold';
import { builtinLayoutVocabulary, LayoutVocabulary } from './vocabulary';

export interface DocumentLayout {
  meta: DocumentMeta;
  /** [start, end) spans of the document text that are page chrome, not article. */
  chrome: Array<[number, number]>;
}

/** A related-article link with its date, as sites list them after an article. */
const TEASER_WITH_DATE = /^.{10,200}\(\s*\d{1,2}\/\d{1,2}\/(?:19|20)\d{2}\s*\)\s*$/u;

const FULL_DATE = /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)/u;
const TIME = /(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?!\d)/u;
const DOMAIN = '[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.(?:vn|com|net|org|info|gov\\.vn|com\\.vn)';
const SOURCE_IN_PARENS = new RegExp(`^\\s*\\((${DOMAIN})\\)`, 'iu');
const SOURCE_THEO = new RegExp(`^\\s*(?:Theo|Nguồn)\\s*:?\\s+(${DOMAIN}|[\\p{Lu}][\\p{L}\\s]{1,40})\\s*\\.?\\s*$`, 'u');
/** A byline: up to four capitalised syllables, or a staff label. */
const BYLINE = /^(?:(?:[\p{Lu}][\p{Ll}]*\.?\s?){1,4}|PV|TTXVN|Nhóm PV|[\p{Lu}]{1,3}\s?[\p{Lu}]?)$/u;

/** Whitespace that cleaning would change inside a trimmed line: a run, or a space that is not a plain one. */
const UNCLEAN_SPACE = /\s\s|[^\S ]/;
/** Spaces made single plain ones and the ends trimmed (a line that needs neither is only trimmed, without a copy per run). */
const clean = (s: string) => {
  const trimmed = s.trim();
  // `\s` has no character beyond the BMP: without the `u` flag the same match, faster.
  return UNCLEAN_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
};
/** Whether a line holds nothing but whitespace (`clean(s) === ''`, without building the cleaned line). */
const isBlank = (s: string) => !/\S/u.test(s);

/** Zero-width characters: the fold turns them into spaces, which `\s` does not match in the text. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060]/;

/**
 * A line's text and its stretch of the document's folded text. The fold maps each
 * character to one and reads only its syllable, which a line's end always closes: so
 * the line's stretch of the folded document is the line folded, and cleaning it is
 * cleaning the line then folding it — unless the line holds a zero-width character,
 * which the fold makes a space that the line's cleaning kept.
 */
class FoldedLine {
  constructor(
    readonly line: Line,
    private readonly folded: string,
  ) {}

  get text(): string {
    return this.line.text;
  }

  /** `foldText(this.text)`. */
  whole(): string {
    return this.folded.slice(this.line.start, this.line.end);
  }

  /** `foldText(this.text.trim())`. */
  trimmed(): string {
    const { text, start } = this.line;
    return this.folded.slice(start + text.length - text.trimStart().length, start + text.trimEnd().length);
  }

  /**
   * The line (or its first `length` characters) cleaned, and that folded: `foldText(clean(text))`.
   * (Cut short, the fold's last character or two may read differently from the whole line's: the
   * headline reader, which alone cuts a line, looks only at its start.)
   */
  cleaned(length = this.line.text.length): string {
    const { text, start } = this.line;
    if (ZERO_WIDTH.test(text)) return foldText(clean(text.slice(0, length)));
    return clean(this.folded.slice(start, start + Math.min(length, text.length)));
  }
}

function isSectionLabel(line: FoldedLine, words: LayoutVocabulary): boolean {
  if (line.text.length > MAX_CHROME_LINE) return false;
  return words.sectionLabel.test(
    line
      .cleaned()
      .toLowerCase()
      .replace(/[:|]+$/u, '')
      .trim(),
  );
}

/** How many non-empty lines at the end of a document may hold the trailing page chrome. */
const TRAILING_CHROME_LINES = 15;

/** Chrome lines (labels, bylines, markers) are short; longer lines are article text. */
const MAX_CHROME_LINE = 300;

function isMediaLabel(line: FoldedLine, words: LayoutVocabulary): boolean {
  if (line.text.length > MAX_CHROME_LINE) return false;
  const folded = line.trimmed();
  return words.media.some((re) => re.test(folded));
}

/** `TEASER_WITH_DATE`, tested only on a line that ends in a bracket (few do). */
const isTeaserWithDate = (text: string) => text.trimEnd().endsWith(')') && TEASER_WITH_DATE.test(text);

interface Dateline {
  index: number;
  published: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | undefined {
  return isCalendarDay(year, month, day) ? `${year}-${pad2(month)}-${pad2(day)}` : undefined;
}

function withTime(iso: string, text: string): string {
  const time = TIME.exec(text);
  return time ? `${iso}T${time[1].padStart(2, '0')}:${time[2]}${time[3] ? `:${time[3]}` : ''}` : iso;
}

/** A bracketed date opening a line: `[17/05/2017 17:49:47] Chiều 17/5/2017, …`. */
const DATE_OPENING_LINE = /^\s*\[\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?:\s+[\d:]+)?\s*\]/u;

/**
 * The dateline: a short line near the top holding a full date (and maybe a time),
 * or a bracketed date and time opening a line.
 */
function findDateline(lines: Line[], from: number): Dateline | undefined {
  for (let i = from; i < Math.min(lines.length, from + 6); i++) {
    const text = lines[i].text;
    const opening = DATE_OPENING_LINE.exec(text);
    // A related-article link with its date is not the article's dateline.
    const date = opening ?? (text.length <= 120 && !isTeaserWithDate(text) ? FULL_DATE.exec(text) : null);
    if (!date) continue;
    const iso = isoDate(Number(date[3]), Number(date[2]), Number(date[1]));
    if (!iso) continue;
    return { index: i, published: withTime(iso, opening ? opening[0] : text) };
  }
  return undefined;
}

/**
 * An agency-style dateline opening the lede: `(Baonghean.vn) - Sáng 2/3, …`. Its year
 * is the one it gives, else the latest year of the headline; with neither, no date.
 */
const LEDE_DATELINE =
  /^\s*\([^()\n]{2,40}\)\s*[-–—]\s*(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng)\s+(?:nay\s+)?)?(?:ngày\s+)?\(?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*((?:19|20)\d{2}))?(?![\d/.-])/iu;

function findLedeDateline(lines: Line[], from: number, headline: string | null): string | undefined {
  const lede = lines.slice(from).find((l) => !isBlank(l.text));
  const m = lede ? LEDE_DATELINE.exec(lede.text) : null;
  if (!m) return undefined;
  const year = m[3] ? Number(m[3]) : latestYearIn(headline);
  return year === undefined ? undefined : isoDate(year, Number(m[2]), Number(m[1]));
}

/** Headlines are short: a longer first line has more than the title in it. */
const MAX_HEADLINE = 120;

/**
 * The title part of a first line that runs on into a caption or the lede (undefined when
 * it does not). `head` is the line's start, cleaned: a break is looked for in the first
 * 2 × MAX_HEADLINE characters only.
 */
function titlePart(head: string, folded: string, words: LayoutVocabulary): string | undefined {
  const breaks = words.runOnBreak;
  breaks.lastIndex = 0;
  for (let m = breaks.exec(folded); m !== null; m = breaks.exec(folded)) {
    const title = head.slice(0, m.index).trim();
    // A title of three words at least, and of headline length: a break further on is inside the lede.
    if (title.length > 2 * MAX_HEADLINE) break;
    if (title.split(/\s+/u).length >= 3) return title;
    if (m[0].length === 0) breaks.lastIndex++;
  }
  return undefined;
}

/**
 * How much of a long first line the headline is looked for in: its title part ends
 * within 2 × MAX_HEADLINE characters, and the lede openers and breaks are a few words,
 * so the rest of the line (often the whole article, in scraped text) is never cleaned
 * or folded for it.
 */
const HEADLINE_WINDOW = 4096;

/**
 * A first line that reads as running text (it ends like a sentence) is the lede of an
 * article whose title was lost, not a headline; one that runs on past its title gives
 * the title part.
 */
function asHeadline(first: FoldedLine, words: LayoutVocabulary): string | null {
  const readsAsText = (t: string) => /[.!?…]["”’)]*$/u.test(t) && t.length > 80;
  const line = first.text;
  const window = line.length > HEADLINE_WINDOW ? clean(line.slice(0, HEADLINE_WINDOW)) : undefined;
  // A window that cleans down to little (a run of spaces) is no window: then the whole line.
  const windowed = window !== undefined && window.length >= HEADLINE_WINDOW / 2;
  const head = windowed ? window! : clean(line);
  const folded = first.cleaned(windowed ? HEADLINE_WINDOW : line.length);
  const whole = () => (windowed ? clean(line) : head);
  if (head.length <= MAX_HEADLINE) return head === '' || readsAsText(head) ? null : head;
  if (words.ledeOpening.test(folded)) return null;
  const title = titlePart(head, folded, words);
  if (title !== undefined && !readsAsText(title)) return title;
  const all = whole();
  return readsAsText(all) ? null : all;
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

function isTrailingChrome(line: FoldedLine, words: LayoutVocabulary): boolean {
  if (line.text.length > MAX_CHROME_LINE) return false;
  return words.trailingMarker.test(line.cleaned());
}

/**
 * Which ends of the article the text holds: a part of a long document read in parts
 * (text/parts.ts) has the headline only if it is the first, the byline and trailing
 * chrome only if it is the last.
 */
export interface LayoutScope {
  start: boolean;
  end: boolean;
}

const MAX_BYLINE = 30;
/** A name after the last sentence of a paragraph, the whole of its end (`… và phát triển. Lưu Thủy`); not after an abbreviation (`Q. Tân Bình`). */
const ENDING_NAME = /(?<=\p{Ll}{2}[.!?…]["”)]?\s+)\S.{0,29}$/u;

/** The byline a long last paragraph ends with, and where it starts in the line. */
function bylineEnding(line: string): { author: string; at: number } | null {
  const m = ENDING_NAME.exec(line);
  if (!m) return null;
  const author = clean(m[0]);
  return author.length <= MAX_BYLINE && BYLINE.test(author) ? { author, at: m.index } : null;
}

/** Reads the layout of an article: where the headline, dateline, byline and chrome are. */
export function readLayout(
  text: string,
  scope: LayoutScope = { start: true, end: true },
  words: LayoutVocabulary = builtinLayoutVocabulary(),
  foldedText: string = foldText(text),
): DocumentLayout {
  const lines = splitLines(text);
  const folded = lines.map((line) => new FoldedLine(line, foldedText));
  const chrome: Array<[number, number]> = [];
  let i = 0;
  // Page chrome above the headline.
  while (scope.start && i < lines.length && (isBlank(lines[i].text) || isSectionLabel(folded[i], words))) {
    if (!isBlank(lines[i].text)) chrome.push([lines[i].start, lines[i].end]);
    i++;
  }
  const headline = scope.start && i < lines.length ? asHeadline(folded[i], words) : null;
  const dateline = findDateline(lines, i + 1);
  const published = dateline?.published ?? findLedeDateline(lines, i + 1, headline) ?? null;

  // Chrome after the article: from the first trailing marker among the last lines to the end.
  // Only the tail counts: a `Xem thêm` link in the middle of an article does not end it.
  let tailStart = lines.length;
  for (let seen = 0; scope.end && tailStart > i + 1 && seen < TRAILING_CHROME_LINES;) if (!isBlank(lines[--tailStart].text)) seen++;
  let bodyEnd = lines.length;
  for (let j = lines.length - 1; j >= tailStart; j--) if (isTrailingChrome(folded[j], words)) bodyEnd = j;
  let author: string | null = null;
  let bylineLine = -1;
  // The byline: the last short, name-like non-empty line of the body, or the name the last
  // paragraph ends with. It names the reporter, not a person of the story: it is chrome.
  for (let j = bodyEnd - 1; scope.end && j > i; j--) {
    if (lines[j].text.length <= MAX_CHROME_LINE) {
      const glued = words.glued.exec(folded[j].whole());
      const t = clean(glued ? lines[j].text.slice(0, glued.index) : lines[j].text);
      if (t === '') continue;
      if (t.length <= MAX_BYLINE && BYLINE.test(t)) {
        author = t;
        bylineLine = j;
        // The line, and anything glued after the byline on it.
        chrome.push([lines[j].start, lines[j].end]);
        break;
      }
    }
    const ending = bylineEnding(lines[j].text);
    if (ending) {
      author = ending.author;
      chrome.push([lines[j].start + ending.at, lines[j].end]);
    }
    break;
  }
  // Related-article teasers after the byline, before the trailing markers.
  if (bylineLine >= 0) {
    const afterByline = lines.slice(bylineLine + 1).find((l) => !isBlank(l.text));
    if (afterByline) chrome.push([afterByline.start, text.length]);
  }
  if (bodyEnd < lines.length) chrome.push([lines[bodyEnd].start, text.length]);
  for (const line of folded) {
    if (isMediaLabel(line, words) || (line.text.length <= MAX_CHROME_LINE && isTeaserWithDate(line.text))) {
      chrome.push([line.line.start, line.line.end]);
    }
  }

  return {
    meta: { headline, published, source: findSource(lines.slice(0, bodyEnd)), author },
    chrome,
  };
}

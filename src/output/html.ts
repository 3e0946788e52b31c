/**
 * `--format html`: one self-contained page (no network, no scripts, no fonts) showing
 * each article with its records highlighted, the way displaCy shows entities. Every
 * record is exactly one element with `data-type`, `data-normalized` and `data-rule`;
 * hovering or focusing it shows type, normalized value, value fields and rule id.
 * Records nest by containment; one that crosses another is drawn clipped at the
 * boundary (its tooltip still tells its whole text). Person names are marked too, and
 * a title and the person it is given to light up together on hover (CSS `:has`, as
 * brat draws its arcs); each type's swatch is a checkbox that hides or shows it.
 * Articles stream out one at a time; the index of articles is written last and shown
 * first, and every article links back to it.
 */
import { ExtractedRecord, ExtractResult, holdersOf } from '../types';
import { Writer } from './writer';

const TYPE_COLOURS: Record<string, string> = {
  date: '#ffe08a',
  title: '#a8d8ff',
  term: '#c9b6ff',
  statistic: '#b5ecb0',
  document: '#ffc2a8',
  person: '#ffd6e0',
};
const PERSON_TYPE = 'person';
const SPARE_COLOURS = ['#f7b2d9', '#b2f0ef', '#e6d3a3', '#d0d0d0', '#f9c74f', '#90be6d'];

export function colourOf(type: string): string {
  if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE_COLOURS[hash % SPARE_COLOURS.length];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;background:#fafafa;color:#222;display:flex;flex-direction:column}
main{display:contents}
nav.index{order:-1;background:#fff;border-bottom:1px solid #ddd;padding:12px 24px}
nav.index ol{margin:4px 0 0 20px;padding:0}
section.article{background:#fff;margin:16px 24px;padding:16px 24px;border:1px solid #ddd;border-radius:6px}
section.article h2{margin:0 0 4px;font-size:20px}
.meta{color:#555;font-size:13px;margin-bottom:8px}
.legend .swatch{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px;font-size:12px}
.text{white-space:pre-wrap;word-wrap:break-word;border-top:1px solid #eee;padding-top:8px}
mark.rec{position:relative;border-radius:3px;padding:0 1px;color:inherit;outline:none;cursor:help}
mark.rec mark.rec{box-shadow:inset 0 -2px 0 rgba(0,0,0,.35)}
mark.rec[data-clipped]{border-right:2px dashed #888}
mark.rec.person{border-bottom:2px solid #d6336c}
.legend label.swatch{cursor:pointer;user-select:none}
.legend input{margin:0 4px 0 0;vertical-align:middle}
a.back{float:right;font-size:13px}
mark.rec:hover::after,mark.rec:focus::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:10;white-space:pre;background:#222;color:#fff;font-size:12px;line-height:1.4;padding:6px 8px;border-radius:4px;min-width:160px;box-shadow:0 2px 6px rgba(0,0,0,.3)}
table{border-collapse:collapse;margin:8px 16px 8px 0;font-size:13px;vertical-align:top;display:inline-table}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f3f3f3}
.tables{margin-top:12px}
`;

/** The tooltip of a record: type, normalized value, each value field, rule id. */
function tooltip(r: ExtractedRecord): string {
  const lines = [`${r.type}: ${r.normalized ?? '(no normalized value)'}`];
  for (const [k, v] of Object.entries(r.value)) {
    if (v === null || v === undefined || v === '') continue;
    lines.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  }
  lines.push(`rule: ${r.rule}`);
  return lines.join('\n');
}

interface Node {
  record: ExtractedRecord;
  start: number;
  end: number;
  clipped: boolean;
  children: Node[];
}

/** Records as a containment tree; a record crossing its parent's end is clipped there. */
function nest(records: ExtractedRecord[]): Node[] {
  const sorted = [...records].sort((a, b) => a.start - b.start || b.end - a.end);
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const record of sorted) {
    while (stack.length && stack[stack.length - 1].end <= record.start) stack.pop();
    const parent = stack[stack.length - 1];
    const end = parent ? Math.min(record.end, parent.end) : record.end;
    const node: Node = { record, start: record.start, end, clipped: end < record.end, children: [] };
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Short ids an article's CSS can name safely: one per record type (`t0` …) and per person (`p0` …). */
interface Keys {
  type: Map<string, string>;
  person: Map<string, string>;
}

const personKey = (keys: Keys, name: string) => {
  const folded = name.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
  let key = keys.person.get(folded);
  if (key === undefined) keys.person.set(folded, (key = `p${keys.person.size}`));
  return key;
};

/** A title's holders (`data-holder`) and a person's own key (`data-person`), for the shared hover. */
function linkAttributes(r: ExtractedRecord, keys: Keys): string {
  if (r.type === PERSON_TYPE && r.normalized) return ` data-person="${personKey(keys, r.normalized)}"`;
  const holders = holdersOf(r.value);
  return holders.length ? ` data-holder="${holders.map((h) => personKey(keys, h)).join(' ')}"` : '';
}

function renderSpan(text: string, nodes: Node[], from: number, to: number, keys: Keys): string {
  let out = '';
  let at = from;
  for (const node of nodes) {
    if (node.start > at) out += escapeHtml(text.slice(at, node.start));
    const r = node.record;
    out +=
      `<mark class="rec${r.type === PERSON_TYPE ? ' person' : ''}" tabindex="0" style="background:${colourOf(r.type)}"` +
      ` data-type="${escapeHtml(r.type)}" data-t="${keys.type.get(r.type)}"` +
      ` data-normalized="${escapeHtml(r.normalized ?? '')}" data-rule="${escapeHtml(r.rule)}"${linkAttributes(r, keys)}` +
      `${node.clipped ? ' data-clipped="true"' : ''} data-tip="${escapeHtml(tooltip(r))}">` +
      renderSpan(text, node.children, node.start, node.end, keys) +
      '</mark>';
    at = Math.max(at, node.end);
  }
  if (at < to) out += escapeHtml(text.slice(at, to));
  return out;
}

/**
 * The article's own rules: a swatch unticked hides its type's marks; hovering a title
 * outlines the person it is given to, and hovering a person the titles given to them.
 */
function articleStyle(id: string, keys: Keys): string {
  const hide = [...keys.type.values()].map(
    (t) =>
      `#${id}:has(input[data-filter="${t}"]:not(:checked)) mark[data-t="${t}"]{background:transparent!important;box-shadow:none;border:0}`,
  );
  const link = [...keys.person.values()].map(
    (p) =>
      `#${id} .text:has([data-holder~="${p}"]:hover) [data-person="${p}"],#${id} .text:has([data-person="${p}"]:hover) [data-holder~="${p}"]` +
      '{outline:2px solid #d6336c;outline-offset:1px}',
  );
  return `<style>\n${[...hide, ...link].join('\n')}\n</style>\n`;
}

function table(caption: string, head: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>\n`;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function distinct(rows: string[][]): string[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function summaryTables(records: ExtractedRecord[]): string {
  const of = (type: string) => records.filter((r) => r.type === type);
  const people = new Map<string, Set<string>>();
  for (const r of of('title')) {
    const person = holdersOf(r.value).join(', ') || '—';
    people.set(person, (people.get(person) ?? new Set()).add(r.normalized ?? r.text));
  }
  return (
    table(
      'People and their titles',
      ['person', 'titles'],
      [...people].map(([p, titles]) => [p, [...titles].join('; ')]),
    ) +
    table('Terms', ['term', 'body'], distinct(of('term').map((r) => [r.normalized ?? '', str(r.value.body)]))) +
    table(
      'Documents',
      ['reference', 'kind', 'issuer', 'date'],
      distinct(
        of('document').map((r) => [r.normalized ?? '', str(r.value.kind), str(r.value.issuerName ?? r.value.issuer), str(r.value.date)]),
      ),
    ) +
    table(
      'Statistics',
      ['metric', 'figure', 'unit', 'change', 'text'],
      of('statistic').map((r) => [
        str(r.value.metric),
        r.normalized ?? '',
        str(r.value.unit ?? r.value.currency),
        str(r.value.change),
        r.text,
      ]),
    ) +
    table('Dates', ['date', 'text'], distinct(of('date').map((r) => [r.normalized ?? '', r.text])))
  );
}

export class HtmlWriter implements Writer {
  private readonly entries: Array<{ id: string; title: string; count: number }> = [];
  private readonly hidden: Set<string>;

  /** `helperTypes`: the rule set's helper types; of those records only person names are shown. */
  constructor(helperTypes: readonly string[] = []) {
    this.hidden = new Set(helperTypes.filter((t) => t !== PERSON_TYPE));
  }

  begin(): string {
    return `<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>extract report</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n`;
  }

  document(doc: string, result: ExtractResult): string {
    const id = `doc-${this.entries.length + 1}`;
    const text = result.text ?? '';
    const title = result.meta.headline ?? doc;
    const shown = result.records.filter((r) => !this.hidden.has(r.type));
    const records = shown.filter((r) => r.type !== PERSON_TYPE);
    this.entries.push({ id, title: `${title} (${doc})`, count: records.length });
    const types = [...new Set(shown.map((r) => r.type))].sort();
    const keys: Keys = { type: new Map(types.map((t, i) => [t, `t${i}`])), person: new Map() };
    const legend = types
      .map(
        (t) =>
          `<label class="swatch" style="background:${colourOf(t)}"><input type="checkbox" checked data-filter="${keys.type.get(t)}">` +
          `${escapeHtml(t)} ${shown.filter((r) => r.type === t).length}</label>`,
      )
      .join('');
    const meta = [
      ['published', result.meta.published],
      ['source', result.meta.source],
      ['author', result.meta.author],
      ['file', doc],
    ]
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}: ${escapeHtml(String(v))}`)
      .join(' · ');
    const body = renderSpan(text, nest(shown), 0, text.length, keys);
    return (
      `<section class="article" id="${id}" data-doc="${escapeHtml(doc)}">\n${articleStyle(id, keys)}` +
      `<a class="back" href="#index">↑ all articles</a>\n<h2>${escapeHtml(title)}</h2>\n` +
      `<div class="meta">${meta}</div>\n<div class="legend">${legend}</div>\n` +
      `<div class="text">${body}</div>\n` +
      `<div class="tables">\n${summaryTables(records)}</div>\n</section>\n`
    );
  }

  end(): string {
    const items = this.entries.map((e) => `<li><a href="#${e.id}">${escapeHtml(e.title)}</a> — ${e.count} records</li>`).join('\n');
    const index = `<nav class="index" id="index"><strong>Articles</strong><ol>\n${items}\n</ol></nav>\n`;
    return `</main>\n${index}</body>\n</html>\n`;
  }
}

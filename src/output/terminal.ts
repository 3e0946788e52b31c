/**
 * `extract show`: an article in the terminal with its records coloured by type (through
 * chalk), then a compact table per type. Without colour (stdout not a terminal, NO_COLOR)
 * each record is marked in brackets with its type instead: `[Bí thư Tỉnh ủy](title)`.
 * Every character that comes from the article or its path goes through `visible`: an
 * escape sequence in a scraped page is shown, not run.
 */
import chalk from 'chalk';
import { ExtractedRecord, ExtractResult } from '../types';
import { visible } from '../text/visible';

type Painter = (text: string) => string;

function painters(colour: boolean): Record<string, Painter> & { heading: Painter; dim: Painter } {
  const c = new chalk.Instance({ level: colour ? 1 : 0 });
  return {
    date: (t) => c.black.bgYellow(t),
    title: (t) => c.black.bgCyan(t),
    term: (t) => c.black.bgMagenta(t),
    statistic: (t) => c.black.bgGreen(t),
    document: (t) => c.black.bgRed(t),
    other: (t) => c.black.bgWhite(t),
    heading: (t) => c.bold(t),
    dim: (t) => c.dim(t),
  };
}

/** The text with each character painted by the innermost record covering it. */
function paintText(text: string, records: ExtractedRecord[], paint: Record<string, Painter>): string {
  const owner: Array<ExtractedRecord | undefined> = new Array(text.length);
  for (const r of [...records].sort((a, b) => b.end - b.start - (a.end - a.start))) {
    for (let i = r.start; i < r.end; i++) owner[i] = r;
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const r = owner[i];
    let j = i + 1;
    while (j < text.length && owner[j] === r) j++;
    // A CRLF split between two pieces is still one line end.
    const cut = text.charCodeAt(j - 1) === 13 && text.charCodeAt(j) === 10 ? j - 1 : j;
    const piece = visible(text.slice(i, cut), true);
    out += r ? (paint[r.type] ?? paint.other)(piece) : piece;
    i = j;
  }
  return out;
}

/**
 * The text with each record in brackets and its type after it, for a view without colour.
 * Only the outermost records are marked (a date inside a title is in the title's table row).
 */
function bracketText(text: string, records: ExtractedRecord[]): string {
  const outer: ExtractedRecord[] = [];
  for (const r of [...records].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (outer.length === 0 || r.start >= outer[outer.length - 1].end) outer.push(r);
  }
  let out = '';
  let at = 0;
  for (const r of outer) {
    out += visible(text.slice(at, r.start), true) + `[${visible(text.slice(r.start, r.end), true)}](${visible(r.type)})`;
    at = r.end;
  }
  return out + visible(text.slice(at), true);
}

const detail = (r: ExtractedRecord) =>
  ['person', 'place', 'unit', 'change', 'metric', 'body']
    .map((k) => r.value[k])
    .filter((v) => v !== null && v !== undefined && v !== '')
    .join(', ');

/** One row per record, its columns padded to line up: normalized, line:column, text, details. */
function typeTable(records: ExtractedRecord[], paint: { dim: Painter }): string[] {
  const rows = records.map((r) => ({
    normalized: visible(r.normalized ?? '—'),
    where: `${r.line}:${r.column}`,
    text: visible(r.text.replace(/\s+/g, ' ')),
    extra: visible(detail(r)),
  }));
  const width = (column: 'normalized' | 'where' | 'text', cap: number) => Math.min(cap, Math.max(...rows.map((r) => r[column].length)));
  const [normalized, where, text] = [width('normalized', 48), width('where', 12), width('text', 60)];
  return rows.map((r) => {
    const cells = `  ${r.normalized.padEnd(normalized)}  ${paint.dim(r.where.padEnd(where))}  ${r.extra ? r.text.padEnd(text) : r.text}`;
    return r.extra ? `${cells}  ${paint.dim(`[${r.extra}]`)}` : cells;
  });
}

export function renderTerminal(doc: string, result: ExtractResult, colour: boolean): string {
  const paint = painters(colour);
  const { meta, records } = result;
  const lines: string[] = [];
  lines.push(paint.heading(visible(meta.headline ?? doc)));
  const about = [
    meta.published && `published ${meta.published}`,
    meta.source && `source ${meta.source}`,
    meta.author && `by ${meta.author}`,
    doc,
  ]
    .filter(Boolean)
    .map((s) => visible(String(s)))
    .join(' · ');
  lines.push(paint.dim(about), '');
  const types = [...new Set(records.map((r) => r.type))].sort();
  lines.push(types.map((t) => (paint[t] ?? paint.other)(` ${visible(t)} `)).join(' '), '');
  const body = colour ? paintText(result.text ?? '', records, paint) : bracketText(result.text ?? '', records);
  lines.push(body.trimEnd(), '');
  for (const type of types) {
    const ofType = records.filter((r) => r.type === type);
    lines.push(paint.heading(`${type} (${ofType.length})`));
    lines.push(...typeTable(ofType, paint));
    lines.push('');
  }
  return lines.join('\n');
}

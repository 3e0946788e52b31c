/**
 * `extract show`: an article in the terminal with its records coloured by type (through
 * chalk), then a compact table per type. Plain text — no escape codes — when stdout is
 * not a terminal or NO_COLOR is set. Every character that comes from the article or its
 * path goes through `visible`: an escape sequence in a scraped page is shown, not run.
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

const detail = (r: ExtractedRecord) =>
  ['person', 'place', 'unit', 'change', 'metric', 'body']
    .map((k) => r.value[k])
    .filter((v) => v !== null && v !== undefined && v !== '')
    .join(', ');

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
  lines.push(paintText(result.text ?? '', records, paint).trimEnd(), '');
  for (const type of types) {
    const ofType = records.filter((r) => r.type === type);
    lines.push(paint.heading(`${type} (${ofType.length})`));
    const width = Math.min(48, Math.max(...ofType.map((r) => visible(r.normalized ?? '').length)));
    for (const r of ofType) {
      const extra = visible(detail(r));
      const text = visible(r.text.replace(/\s+/g, ' '));
      lines.push(
        `  ${visible(r.normalized ?? '—').padEnd(width)}  ${paint.dim(`${r.line}:${r.column}`)}  ${text}${extra ? paint.dim(`  [${extra}]`) : ''}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Output formats. A writer turns one document's result into text at a time, so output
 * streams: JSON Lines and CSV rows start at once, and `json` (an array of documents)
 * never holds more than one document.
 */
import { stringify } from 'csv-stringify/sync';
import { DocumentPart as Part, ExtractedRecord, ExtractResult } from '../types';

import { HtmlWriter } from './html';
import { Writer } from './writer';

export type { Writer };

/** Formats of records; `html` is the annotated report. */
export const FORMATS = ['json', 'jsonl', 'csv', 'tsv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats of tables (the people table). */
export const TABLE_FORMATS = ['json', 'jsonl', 'csv', 'tsv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Whether a format shows the document text (so extraction must hand it back). */
export const needsText = (format: Format) => format === 'html';

/** One fixed header for every record type, so a spreadsheet can hold them all. */
export const CSV_COLUMNS = [
  'doc',
  'type',
  'text',
  'normalized',
  'person',
  'place',
  'unit',
  'qualifier',
  'change',
  'metric',
  'start',
  'end',
  'line',
  'column',
  'rule',
  'context',
  'value',
] as const;

/** Each line after the first, indented by `spaces` (for JSON nested in hand-written JSON). */
const indentRest = (json: string, spaces: number) => json.replace(/\n/g, '\n' + ' '.repeat(spaces));

/** The record as written: the document it came from first. */
export function recordWithDoc(doc: string, r: ExtractedRecord): Record<string, unknown> {
  return {
    doc,
    type: r.type,
    text: r.text,
    normalized: r.normalized,
    value: r.value,
    start: r.start,
    end: r.end,
    line: r.line,
    column: r.column,
    rule: r.rule,
    context: r.context,
  };
}

class JsonWriter implements Writer {
  private first = true;
  private recordsInPart = 0;
  begin(): string {
    return '[';
  }
  part(doc: string, part: Part, first: boolean): string {
    let out = '';
    if (first) {
      out +=
        this.separator() +
        `  {\n    "doc": ${JSON.stringify(doc)},\n    "meta": ${indentRest(JSON.stringify(part.meta ?? null, null, 2), 4)},\n    "records": [`;
      this.recordsInPart = 0;
    }
    for (const r of part.records) {
      out += (this.recordsInPart++ === 0 ? '\n      ' : ',\n      ') + indentRest(JSON.stringify(recordWithDoc(doc, r), null, 2), 6);
    }
    return out;
  }
  endParts(): string {
    return (this.recordsInPart > 0 ? '\n    ]' : ']') + '\n  }';
  }
  document(doc: string, result: ExtractResult): string {
    return this.separator() + this.render(doc, result);
  }
  render(doc: string, result: ExtractResult): string {
    const body = JSON.stringify({ doc, meta: result.meta, records: result.records.map((r) => recordWithDoc(doc, r)) }, null, 2);
    return body.replace(/^/gm, '  ');
  }
  separator(): string {
    const sep = this.first ? '\n' : ',\n';
    this.first = false;
    return sep;
  }
  end(): string {
    return this.first ? ']\n' : '\n]\n';
  }
}

class JsonLinesWriter implements Writer {
  begin(): string {
    return '';
  }
  part(doc: string, part: Part, first: boolean): string {
    return this.renderPart(doc, part, first);
  }
  renderPart(doc: string, part: Part, first: boolean): string {
    const lines = first ? [JSON.stringify({ doc, type: 'meta', ...part.meta })] : [];
    for (const r of part.records) lines.push(JSON.stringify(recordWithDoc(doc, r)));
    return lines.length ? lines.join('\n') + '\n' : '';
  }
  endParts(): string {
    return '';
  }
  document(doc: string, result: ExtractResult): string {
    return this.render(doc, result);
  }
  render(doc: string, result: ExtractResult): string {
    return this.renderPart(doc, result, true);
  }
  separator(): string {
    return '';
  }
  end(): string {
    return '';
  }
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One row in the fixed column order; a column the record does not fill is empty. */
const asRow = (values: Partial<Record<(typeof CSV_COLUMNS)[number], unknown>>): string[] => CSV_COLUMNS.map((c) => cell(values[c]));

class DelimitedWriter implements Writer {
  constructor(
    private readonly delimiter: string,
    private readonly bom: boolean,
  ) {}
  private rows(rows: string[][]): string {
    return stringify(rows, { delimiter: this.delimiter, record_delimiter: 'unix' });
  }
  begin(): string {
    return (this.bom ? '\uFEFF' : '') + this.rows([[...CSV_COLUMNS]]);
  }
  document(doc: string, result: ExtractResult): string {
    return this.render(doc, result);
  }
  render(doc: string, result: ExtractResult): string {
    return this.renderPart(doc, result, true);
  }
  separator(): string {
    return '';
  }
  part(doc: string, part: Part, first: boolean): string {
    return this.renderPart(doc, part, first);
  }
  renderPart(doc: string, part: Part, first: boolean): string {
    const meta = part.meta;
    const rows = [
      ...(first && meta
        ? [asRow({ doc, type: 'meta', text: meta.headline, normalized: meta.published, value: JSON.stringify(meta) })]
        : []),
      ...part.records.map((r) => {
        const v = r.value as Record<string, unknown>;
        return asRow({
          doc,
          type: r.type,
          text: r.text,
          normalized: r.normalized,
          person: v.person,
          place: v.place,
          unit: v.unit,
          qualifier: v.qualifier,
          change: v.change,
          metric: v.metric,
          start: r.start,
          end: r.end,
          line: r.line,
          column: r.column,
          rule: r.rule,
          context: r.context,
          value: JSON.stringify(r.value),
        });
      }),
    ];
    return rows.length ? this.rows(rows) : '';
  }
  endParts(): string {
    return '';
  }
  end(): string {
    return '';
  }
}

export function createWriter(format: Format, options: { bom?: boolean } = {}): Writer {
  switch (format) {
    case 'json':
      return new JsonWriter();
    case 'jsonl':
      return new JsonLinesWriter();
    case 'csv':
      return new DelimitedWriter(',', options.bom ?? false);
    case 'tsv':
      return new DelimitedWriter('\t', options.bom ?? false);
    case 'html':
      return new HtmlWriter();
  }
}

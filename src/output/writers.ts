/**
 * Output formats. A writer turns one document's result into text at a time, so output
 * streams: JSON Lines and CSV rows start at once, and `json` (an array of documents)
 * never holds more than one document.
 */
import { DocumentPart as Part, ExtractedRecord, ExtractResult } from '../types';

import { HtmlWriter } from './html';
import { Writer } from './writer';
import { delimited, RECORD_COLUMNS, RecordColumn, recordRow } from './table';

export type { Writer };

/** Formats of records; `html` is the annotated report. */
export const FORMATS = ['json', 'jsonl', 'csv', 'tsv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats of tables (the people table). */
export const TABLE_FORMATS = ['json', 'jsonl', 'csv', 'tsv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** How records are written: a BOM before CSV/TSV, the record columns of CSV/TSV, and whether `context` is kept. */
export interface WriterOptions {
  bom?: boolean;
  columns?: readonly RecordColumn[];
  context?: boolean;
  /** The rule set's helper types (person, organization): the report shows person names among them, nothing else. */
  helperTypes?: readonly string[];
}

/** Whether a format shows the document text (so extraction must hand it back). */
export const needsText = (format: Format) => format === 'html';
/** Whether a format shows person names (helper records, so extraction must keep them). */
export const needsHelpers = (format: Format) => format === 'html';

/** Each line after the first, indented by `spaces` (for JSON nested in hand-written JSON). */
const indentRest = (json: string, spaces: number) => json.replace(/\n/g, '\n' + ' '.repeat(spaces));

/** The record as written: the document it came from first. */
export function recordWithDoc(doc: string, r: ExtractedRecord, context = true): Record<string, unknown> {
  const record: Record<string, unknown> = {
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
  if (!context) delete record.context;
  return record;
}

class JsonWriter implements Writer {
  constructor(private readonly context: boolean) {}
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
      out +=
        (this.recordsInPart++ === 0 ? '\n      ' : ',\n      ') +
        indentRest(JSON.stringify(recordWithDoc(doc, r, this.context), null, 2), 6);
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
    const body = JSON.stringify(
      { doc, meta: result.meta, records: result.records.map((r) => recordWithDoc(doc, r, this.context)) },
      null,
      2,
    );
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
  constructor(private readonly context: boolean) {}
  begin(): string {
    return '';
  }
  part(doc: string, part: Part, first: boolean): string {
    return this.renderPart(doc, part, first);
  }
  renderPart(doc: string, part: Part, first: boolean): string {
    const lines = first ? [JSON.stringify({ doc, type: 'meta', ...part.meta })] : [];
    for (const r of part.records) lines.push(JSON.stringify(recordWithDoc(doc, r, this.context)));
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

/**
 * CSV and TSV: one row per record (documents go to their own table, `--meta-output`),
 * each with its document's headline and date and its value's fields in typed columns.
 */
class DelimitedWriter implements Writer {
  constructor(
    private readonly delimiter: ',' | '\t',
    private readonly bom: boolean,
    private readonly columns: readonly RecordColumn[],
  ) {}
  begin(): string {
    return (this.bom ? '\uFEFF' : '') + delimited([[...this.columns]], this.delimiter);
  }
  document(doc: string, result: ExtractResult): string {
    return this.render(doc, result);
  }
  render(doc: string, result: ExtractResult): string {
    return this.renderPart(doc, result);
  }
  separator(): string {
    return '';
  }
  part(doc: string, part: Part): string {
    return this.renderPart(doc, part);
  }
  /** Every part carries its document's meta (the first part's), for the headline and date columns. */
  renderPart(doc: string, part: Part): string {
    const rows = part.records.map((r) => recordRow(doc, part.meta ?? undefined, r, this.columns));
    return rows.length ? delimited(rows, this.delimiter) : '';
  }
  endParts(): string {
    return '';
  }
  end(): string {
    return '';
  }
}

export function createWriter(format: Format, options: WriterOptions = {}): Writer {
  const context = options.context ?? true;
  const columns = options.columns ?? RECORD_COLUMNS.filter((c) => context || c !== 'context');
  switch (format) {
    case 'json':
      return new JsonWriter(context);
    case 'jsonl':
      return new JsonLinesWriter(context);
    case 'csv':
      return new DelimitedWriter(',', options.bom ?? false, columns);
    case 'tsv':
      return new DelimitedWriter('\t', options.bom ?? false, columns);
    case 'html':
      return new HtmlWriter(options.helperTypes ?? []);
  }
}

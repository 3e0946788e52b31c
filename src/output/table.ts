/**
 * Records and documents as flat, typed rows, for the tabular formats (CSV, TSV, the
 * people table). Every cell that would start a spreadsheet formula (`=`, `+`, `-`, `@`,
 * a tab or a carriage return) is written with a leading `'`, so a headline such as
 * `=HYPERLINK(…)` stays text in Excel and LibreOffice; numbers stay numbers.
 */
import { commaList } from '../text/comma-list';
import { lazily } from '../lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const csv = lazily((): typeof import('csv-stringify/sync') => require('csv-stringify/sync'));
import { DocumentMeta, ExtractedRecord } from '../types';

/** Fields of a record's value that get a column of their own, with the kind of cell each holds. */
const VALUE_COLUMNS = {
  number: 'number',
  quantity: 'text',
  currency: 'text',
  of: 'number',
  unit: 'text',
  per: 'text',
  qualifier: 'text',
  change: 'text',
  metric: 'text',
  comparedTo: 'text',
  role: 'text',
  organization: 'text',
  person: 'text',
  place: 'text',
  kind: 'text',
  year: 'number',
  month: 'number',
  day: 'number',
  yearTo: 'number',
  quarter: 'number',
  half: 'number',
  partOfDay: 'text',
  relative: 'text',
  code: 'text',
  issuer: 'text',
  body: 'text',
  from: 'number',
  to: 'number',
} as const;

/** Every column of a record row, in the default order: the record, its document's headline and date, its value's fields, the whole value as JSON. */
export const RECORD_COLUMNS = [
  'doc',
  'headline',
  'published',
  'type',
  'text',
  'normalized',
  ...(Object.keys(VALUE_COLUMNS) as Array<keyof typeof VALUE_COLUMNS>),
  'start',
  'end',
  'line',
  'column',
  'rule',
  'context',
  'value',
] as const;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

/** The columns of the documents table (`--meta-output`). */
export const DOCUMENT_COLUMNS = ['doc', 'headline', 'published', 'source', 'author'] as const;

export type Cell = string | number;

const text = (v: unknown): Cell => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A value field's cell: a number column takes only numbers (a document's `number` is a code, and stays in `value`). */
function valueCell(column: keyof typeof VALUE_COLUMNS, v: unknown): Cell {
  if (VALUE_COLUMNS[column] === 'number') return typeof v === 'number' && Number.isFinite(v) ? v : '';
  return typeof v === 'string' ? v : '';
}

/** One record as cells of the given columns. */
export function recordRow(doc: string, meta: DocumentMeta | undefined, r: ExtractedRecord, columns: readonly RecordColumn[]): Cell[] {
  const value = r.value as Record<string, unknown>;
  return columns.map((column): Cell => {
    switch (column) {
      case 'doc':
        return doc;
      case 'headline':
        return text(meta?.headline);
      case 'published':
        return text(meta?.published);
      case 'type':
      case 'text':
      case 'normalized':
      case 'rule':
      case 'context':
        return text(r[column]);
      case 'start':
      case 'end':
      case 'line':
      case 'column':
        return r[column];
      case 'value':
        return JSON.stringify(r.value);
      default:
        return valueCell(column, value[column]);
    }
  });
}

/** One document as cells of the documents table. */
export function documentRow(doc: string, meta: DocumentMeta): Cell[] {
  return [doc, text(meta.headline), text(meta.published), text(meta.source), text(meta.author)];
}

/** Rows as CSV or TSV text, safe to open in a spreadsheet. */
export function delimited(rows: Cell[][], delimiter: ',' | '\t'): string {
  return csv().stringify(rows, { delimiter, record_delimiter: 'unix', escape_formulas: true });
}

/**
 * `--columns a,b,c` as record columns, in that order; undefined gives them all. An
 * unknown name is an error that lists the known ones.
 */
export function parseColumns(list: string | undefined, context: boolean): RecordColumn[] {
  const all = RECORD_COLUMNS.filter((c) => context || c !== 'context');
  if (list === undefined) return all;
  const names = commaList(list);
  for (const name of names) {
    if (!(RECORD_COLUMNS as readonly string[]).includes(name)) {
      throw new Error(`no column "${name}" (columns: ${RECORD_COLUMNS.join(', ')})`);
    }
  }
  return (names as RecordColumn[]).filter((c) => context || c !== 'context');
}

/**
 * `--format xlsx`: one workbook with sheets `records`, `documents` and `people`, typed
 * cells (numbers as numbers), a frozen header row and no encoding to choose. Text is
 * always a text cell, so a headline such as `=HYPERLINK(…)` is never a formula. The
 * records sheet streams as documents arrive; the two small sheets are written at the end.
 */
import { Writable } from 'stream';
import type ExcelJS from 'exceljs';
import { ExtractResult } from '../types';
import { DOCUMENT_COLUMNS, documentRow, RECORD_COLUMNS, RecordColumn, recordRow } from './table';
import { PersonRow } from '../people/table';

const PEOPLE_SHEET_COLUMNS = ['person', 'titles', 'places', 'documents', 'mentions'] as const;

/** A sheet with its header row, frozen, and the columns a little wider than Excel's default. */
function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: readonly string[]): ExcelJS.Worksheet {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = columns.map((header) => ({ header, key: header, width: Math.max(10, header.length + 2) }));
  return worksheet;
}

export class XlsxWriter {
  private readonly records: ExcelJS.Worksheet;
  private readonly documents: Array<ReturnType<typeof documentRow>> = [];

  /** `write` takes the workbook's bytes in order (an output sink); `internalTypes` are helper records, not written. */
  static async create(write: (chunk: Uint8Array) => Promise<void>, internalTypes: ReadonlySet<string>, columns?: readonly RecordColumn[]) {
    const Excel = (await import('exceljs')).default;
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        write(chunk).then(() => done(), done);
      },
    });
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
    return new XlsxWriter(workbook, stream, internalTypes, columns ?? RECORD_COLUMNS);
  }

  private constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly stream: Writable,
    private readonly internalTypes: ReadonlySet<string>,
    private readonly columns: readonly RecordColumn[],
  ) {
    this.records = sheet(workbook, 'records', columns);
  }

  document(doc: string, result: ExtractResult): void {
    this.documents.push(documentRow(doc, result.meta));
    for (const r of result.records) {
      if (this.internalTypes.has(r.type)) continue;
      // An empty cell stays empty rather than an empty string.
      this.records.addRow(recordRow(doc, result.meta, r, this.columns).map((cell) => (cell === '' ? null : cell))).commit();
    }
  }

  /** The documents and people sheets, then the workbook closed; resolves once every byte is written. */
  async finish(people: PersonRow[]): Promise<void> {
    this.records.commit();
    const documents = sheet(this.workbook, 'documents', DOCUMENT_COLUMNS);
    for (const row of this.documents) documents.addRow(row.map((cell) => (cell === '' ? null : cell))).commit();
    documents.commit();
    const peopleSheet = sheet(this.workbook, 'people', PEOPLE_SHEET_COLUMNS);
    for (const p of people) {
      peopleSheet.addRow([p.person, p.titles.join('; '), p.places.join('; '), p.documents.join('; '), p.mentions]).commit();
    }
    peopleSheet.commit();
    const written = new Promise<void>((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    await this.workbook.commit();
    await written;
  }
}

/** `extract [inputs…]`: the records of every document, in the chosen format. */
import { createWriter, FORMATS, needsHelpers, needsText, WriterOptions } from '../../output/writers';
import type { SqliteWriter } from '../../output/sqlite';
import { lazily } from '../../lazy';
import { XlsxWriter } from '../../output/xlsx';

// The database writer (and its native module's loader) only for `--format sqlite`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqlite = lazily((): typeof import('../../output/sqlite') => require('../../output/sqlite'));
import { PeopleTable } from '../../people/table';
import { PlaceSpellings } from '../../people/names';
import { delimited, DOCUMENT_COLUMNS, documentRow, parseColumns } from '../../output/table';
import { DocumentMeta } from '../../types';
import { RunOptions } from '../options';
import { UsageError, warn } from '../report';
import { forEachDocument, PartConsumer, prepare, Prepared, writeOutput } from '../run';
import { Sink } from '../sink';

/** What the main command writes: the record formats, an Excel workbook and a SQLite database. */
export const OUTPUT_FORMATS = [...FORMATS, 'xlsx', 'sqlite'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface ExtractCommandOptions extends RunOptions {
  format: OutputFormat;
  output?: string;
  bom?: boolean;
  columns?: string;
  context: boolean;
  metaOutput?: string;
}

const isDelimited = (format: OutputFormat): format is 'csv' | 'tsv' => format === 'csv' || format === 'tsv';

/** `--bom`, `--columns`, `--no-context` and `--meta-output`, checked against the format. */
function writerOptions(options: ExtractCommandOptions): WriterOptions {
  const delimitedFormat = isDelimited(options.format);
  if (options.format === 'sqlite' && !options.output) throw new UsageError('--format sqlite writes a database file: give -o FILE');
  if (options.bom && !delimitedFormat) warn(`--bom applies to csv and tsv only; ignored for ${options.format}`, Boolean(options.quiet));
  const tabular = delimitedFormat || options.format === 'xlsx';
  if (options.columns !== undefined && !tabular) throw new UsageError(`--columns applies to csv, tsv and xlsx, not ${options.format}`);
  if (options.metaOutput !== undefined && !delimitedFormat) {
    throw new UsageError(`--meta-output goes with csv or tsv (${options.format} output holds each document's meta already)`);
  }
  try {
    return {
      bom: options.bom,
      context: options.context,
      columns: delimitedFormat ? parseColumns(options.columns, options.context) : undefined,
    };
  } catch (err) {
    throw new UsageError(`--columns: ${(err as Error).message}`);
  }
}

/** The documents table of `--meta-output`: a header, then a row per document as its meta arrives. */
function documentsTable(sink: Sink | undefined, options: ExtractCommandOptions) {
  const delimiter = options.format === 'tsv' ? '\t' : ',';
  return {
    begin: () => sink?.write((options.bom ? '\uFEFF' : '') + delimited([[...DOCUMENT_COLUMNS]], delimiter)),
    add: (doc: string, meta: DocumentMeta) => sink?.write(delimited([documentRow(doc, meta)], delimiter)),
  };
}

export async function runExtract(inputs: string[], options: ExtractCommandOptions): Promise<void> {
  const checked = writerOptions(options);
  const prepared = prepare(inputs, options, 'no inputs given (try: extract seeds/*.txt, or --help)');
  const helperTypes = [...new Set(prepared.rules.rules.filter((r) => r.def.internal).map((r) => r.def.type))];
  const settings: WriterOptions = { ...checked, helperTypes };
  const format = options.format;
  if (format === 'sqlite') return runSqlite(prepared, options);
  if (format === 'xlsx') return runXlsx(prepared, options, settings);
  const writer = createWriter(format, settings);
  await writeOutput(prepared.output, async (sink) => {
    const documents = documentsTable(prepared.metaOutput, options);
    await documents.begin();
    await sink.write(writer.begin());
    const parts: PartConsumer | undefined = writer.part && {
      part: async (doc, part, first, rendered) => {
        if (first && part.meta) await documents.add(doc, part.meta);
        await sink.write(rendered ?? writer.part!(doc, part, first));
      },
      end: (doc) => sink.write(writer.endParts!(doc)),
    };
    await forEachDocument(
      prepared,
      options,
      async (doc, result, rendered) => {
        await documents.add(doc, result.meta);
        if (rendered === undefined) return sink.write(writer.document(doc, result));
        await sink.write(writer.separator!());
        await sink.write(rendered);
      },
      // Workers render what they can: the main thread then only writes.
      { text: needsText(format), internal: needsHelpers(format), render: writer.render ? format : undefined, writer: settings },
      parts,
    );
    await sink.write(writer.end());
    await prepared.metaOutput?.commit();
  }).catch((err) => {
    prepared.metaOutput?.abort();
    throw err;
  });
}

/** `--format sqlite -o FILE`: the records, documents, people and positions as one database. */
async function runSqlite(prepared: Prepared, options: ExtractCommandOptions): Promise<void> {
  const file = prepared.output?.temporaryPath;
  if (!prepared.output || file === undefined) {
    prepared.output?.abort();
    throw new UsageError('--format sqlite writes a database file: give -o FILE, a regular file');
  }
  const internalTypes = new Set(prepared.rules.rules.filter((r) => r.def.internal).map((r) => r.def.type));
  let database: SqliteWriter | undefined;
  await writeOutput(prepared.output, async () => {
    try {
      database = await sqlite().SqliteWriter.create(file, internalTypes);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    await forEachDocument(prepared, options, async (doc, result) => database!.document(doc, result), { internal: true });
    database.finish();
  }).catch((err) => {
    database?.abandon();
    throw err;
  });
}

/** `--format xlsx`: records, documents and people as one workbook. */
async function runXlsx(prepared: Prepared, options: ExtractCommandOptions, settings: WriterOptions): Promise<void> {
  if (!prepared.output && process.stdout.isTTY) throw new UsageError('--format xlsx is a binary workbook: give -o FILE (or pipe it)');
  const internalTypes = new Set(prepared.rules.rules.filter((r) => r.def.internal).map((r) => r.def.type));
  const people = new PeopleTable(new PlaceSpellings(prepared.rules.tables.get('place_spellings')));
  await writeOutput(prepared.output, async (sink) => {
    const workbook = await XlsxWriter.create((chunk) => sink.write(chunk), internalTypes, settings.columns);
    await forEachDocument(
      prepared,
      options,
      async (doc, result) => {
        people.add(doc, result);
        workbook.document(doc, result);
      },
      { internal: true },
    );
    await workbook.finish(people.list());
  });
}

/**
 * `--format sqlite`: one database an analyst can query at once (sqlite3, Datasette,
 * `pandas.read_sql`): `documents`, `records` with typed columns and the whole value as
 * JSON, `people`, and `positions` (who held which post, in which document and when).
 * Rows go in as documents arrive, in transactions of a few hundred documents, so memory
 * stays bounded whatever the corpus; the file is written under a temporary name and
 * renamed when complete, like every `-o`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { DocumentMeta, ExtractResult, holdersOf } from '../types';
import { RECORD_COLUMNS, RecordColumn, recordRow } from './table';

/** Documents per transaction: large enough to be fast, small enough to keep memory flat. */
const DOCUMENTS_PER_TRANSACTION = 200;

/** The record columns of the `records` table (the document is `doc_id`; headline and date are in `documents`). */
const COLUMNS = RECORD_COLUMNS.filter((c) => !['doc', 'headline', 'published'].includes(c)) as RecordColumn[];
const NUMBER_COLUMNS = new Set([
  'number',
  'of',
  'year',
  'month',
  'day',
  'yearTo',
  'quarter',
  'half',
  'from',
  'to',
  'start',
  'end',
  'line',
  'column',
]);

/** A column name as SQL: quoted, since `end`, `column`, `from` and `to` are keywords. */
const sql = (name: string) => `"${name}"`;

const SCHEMA = `
CREATE TABLE documents (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, headline TEXT, published TEXT, source TEXT, author TEXT);
CREATE TABLE records (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id),
  ${COLUMNS.map((c) => `${sql(c)} ${NUMBER_COLUMNS.has(c) ? 'NUMERIC' : 'TEXT'}`).join(', ')});
CREATE TABLE people (id INTEGER PRIMARY KEY, person TEXT NOT NULL UNIQUE, mentions INTEGER NOT NULL DEFAULT 0);
CREATE TABLE positions (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people(id), title TEXT NOT NULL,
  role TEXT, organization TEXT, place TEXT, doc_id INTEGER NOT NULL REFERENCES documents(id), published TEXT, record_id INTEGER REFERENCES records(id));
`;

const INDEXES = `
CREATE INDEX records_doc ON records(doc_id);
CREATE INDEX records_type ON records(type);
CREATE INDEX records_normalized ON records(normalized);
CREATE INDEX records_person ON records(person);
CREATE INDEX positions_person ON positions(person_id);
CREATE INDEX positions_title ON positions(title);
CREATE VIEW person_positions AS
  SELECT people.person, positions.title, positions.place, MIN(positions.published) AS first_seen,
         MAX(positions.published) AS last_seen, COUNT(DISTINCT positions.doc_id) AS documents
  FROM positions JOIN people ON people.id = positions.person_id
  GROUP BY people.person, positions.title, positions.place;
`;

/** Loads better-sqlite3, an optional dependency (a native module), or says why it cannot. */
async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    throw new Error(`--format sqlite needs the better-sqlite3 module, which is not installed or did not build (${why})`, { cause: err });
  }
}

export class SqliteWriter {
  private readonly db: BetterSqlite3.Database;
  private readonly insertDocument: BetterSqlite3.Statement;
  private readonly insertRecord: BetterSqlite3.Statement;
  private readonly insertPerson: BetterSqlite3.Statement;
  private readonly personId: BetterSqlite3.Statement;
  private readonly mention: BetterSqlite3.Statement;
  private readonly insertPosition: BetterSqlite3.Statement;
  private inTransaction = 0;

  /** Opens a new database at `file`; `internalTypes`: helper records (person names), counted as mentions, not written as records. */
  static async create(file: string, internalTypes: ReadonlySet<string>): Promise<SqliteWriter> {
    return new SqliteWriter(new (await loadDriver())(file), internalTypes);
  }

  private constructor(
    db: BetterSqlite3.Database,
    private readonly internalTypes: ReadonlySet<string>,
  ) {
    this.db = db;
    // The file is new and renamed into place only when complete: no journal is needed.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(SCHEMA);
    this.insertDocument = this.db.prepare('INSERT INTO documents (doc, headline, published, source, author) VALUES (?, ?, ?, ?, ?)');
    this.insertRecord = this.db.prepare(
      `INSERT INTO records (doc_id, ${COLUMNS.map(sql).join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`,
    );
    this.insertPerson = this.db.prepare('INSERT OR IGNORE INTO people (person) VALUES (?)');
    this.personId = this.db.prepare('SELECT id FROM people WHERE person = ?').pluck();
    this.mention = this.db.prepare('UPDATE people SET mentions = mentions + 1 WHERE id = ?');
    this.insertPosition = this.db.prepare(
      'INSERT INTO positions (person_id, title, role, organization, place, doc_id, published, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** One document: its meta row, its records, its people and the posts it gives them. */
  document(doc: string, result: ExtractResult): void {
    if (this.inTransaction === 0) this.db.exec('BEGIN');
    const meta: DocumentMeta = result.meta;
    const docId = Number(this.insertDocument.run(doc, meta.headline, meta.published, meta.source, meta.author).lastInsertRowid);
    for (const r of result.records) {
      if (this.internalTypes.has(r.type)) {
        if (r.type === 'person' && r.normalized) this.mention.run(this.person(r.normalized));
        continue;
      }
      const cells = recordRow(doc, meta, r, COLUMNS).map((cell) => (cell === '' ? null : cell));
      const recordId = Number(this.insertRecord.run(docId, ...cells).lastInsertRowid);
      const v = r.value;
      for (const person of r.type === 'title' && r.normalized ? holdersOf(v) : []) {
        this.insertPosition.run(
          this.person(person),
          r.normalized,
          v.role ?? null,
          v.organization ?? null,
          v.place ?? null,
          docId,
          meta.published,
          recordId,
        );
      }
    }
    if (++this.inTransaction >= DOCUMENTS_PER_TRANSACTION) this.commitBatch();
  }

  private person(name: string): number {
    const person = name.replace(/\s+/gu, ' ').trim();
    this.insertPerson.run(person);
    return this.personId.get(person) as number;
  }

  private commitBatch(): void {
    if (this.inTransaction === 0) return;
    this.db.exec('COMMIT');
    this.inTransaction = 0;
  }

  /** The last rows, the indexes (built once, at the end, which is faster than as rows go in), closed. */
  finish(): void {
    this.commitBatch();
    this.db.exec(INDEXES);
    this.db.close();
  }

  /** Closes without finishing (the temporary file is then removed by the output). */
  abandon(): void {
    if (this.db.open) this.db.close();
  }
}

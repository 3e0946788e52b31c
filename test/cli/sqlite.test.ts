/** `--format sqlite -o FILE`: a database read back with the sqlite library (and the sqlite3 command where installed). */
import { spawnSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, SEEDS, tempDir } from '../helpers';

// An optional dependency (a native module): where it did not build, the format says so and these tests skip.
let Database: typeof import('better-sqlite3') | undefined;
try {
  Database = createRequire(__filename)('better-sqlite3');
} catch {
  Database = undefined;
}
const describeWithSqlite = Database ? describe : describe.skip;
const hasSqliteCommand = spawnSync('sqlite3', ['-version']).status === 0;

describeWithSqlite('--format sqlite', () => {
  const dir = tempDir();
  const file = path.join(dir, 'archive.db');
  const run = runCli(['--format', 'sqlite', '-o', file, ...SEEDS]);
  const db = new Database!(file, { readonly: true });
  afterAll(() => db.close());

  test('writes documents, records, people and positions, and nothing else beside the file', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['archive.db']);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name").pluck().all();
    expect(tables).toEqual(['documents', 'people', 'person_positions', 'positions', 'records']);
    expect(db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(SEEDS.length);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all();
    expect(indexes).toEqual(
      expect.arrayContaining(['records_doc', 'records_type', 'records_normalized', 'records_person', 'positions_person']),
    );
  });

  test('records have typed columns: numbers as numbers, the value as JSON', () => {
    const money = db
      .prepare(
        "SELECT number, currency, quantity, metric, value, typeof(number) AS kind FROM records WHERE normalized = '17363000000000 VND'",
      )
      .get() as Record<string, unknown>;
    expect(money).toMatchObject({ number: 17363000000000, currency: 'VND', quantity: 'money', metric: 'Thu ngân sách', kind: 'integer' });
    expect(JSON.parse(money.value as string)).toMatchObject({ quantity: 'money', number: 17363000000000 });
    expect(db.prepare("SELECT COUNT(*) FROM records WHERE type = 'person'").pluck().get()).toBe(0);
  });

  test("an analyst's questions: who held a post, when; a figure by document date", () => {
    const holders = db
      .prepare(
        "SELECT person, first_seen, last_seen, documents FROM person_positions WHERE title = 'Bí thư Tỉnh ủy' AND person = 'Thái Thanh Quý'",
      )
      .all();
    expect(holders).toEqual([
      { person: 'Thái Thanh Quý', first_seen: expect.any(String), last_seen: '2021-03-02', documents: expect.any(Number) },
    ]);
    const revenue = db
      .prepare(
        "SELECT d.published, r.number FROM records r JOIN documents d ON d.id = r.doc_id WHERE r.type = 'statistic' AND r.metric LIKE 'Thu ngân sách%'",
      )
      .all();
    expect(revenue).toContainEqual({ published: '2021-03-02', number: 17363000000000 });
  });

  (hasSqliteCommand ? test : test.skip)('the sqlite3 command reads it', () => {
    const out = spawnSync('sqlite3', [file, "SELECT COUNT(*) FROM records WHERE type = 'title';"], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(Number(out.stdout.trim())).toBeGreaterThan(10);
  });
});

describe('--format sqlite needs a file', () => {
  test.each([[[]], [['-o', '/dev/stdout']]])('%j: a usage error, nothing written', (extra) => {
    const { status, stdout, stderr } = runCli(['--format', 'sqlite', ...extra, SEEDS[0]]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--format sqlite writes a database file: give -o FILE/);
  });
});

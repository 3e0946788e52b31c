/** Long documents in parts, and a list of inputs as a mapper gets it (the built bin, spawned). */
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import * as path from 'path';
import { extract } from '../../src/extract/extract';
import { describeSlow, ROOT, runCli, SEEDS, tempDir } from '../helpers';

/** Seeds laid end to end until the text passes `bytes`, with CRLF line ends to keep line counting honest. */
function longDocument(bytes: number): string {
  const seeds = SEEDS.map((f) => fs.readFileSync(f, 'utf8').replace(/\r?\n/g, '\r\n'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const next = seeds[i % seeds.length] + '\r\n\r\n';
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  return parts.join('');
}

const key = (r: { start: number; end: number; line: number; column: number; type: string; normalized: unknown; text: string }) =>
  JSON.stringify([r.start, r.end, r.line, r.column, r.type, r.normalized, r.text]);

describeSlow('a document over 4 MB is read and extracted in parts', () => {
  // Set up in beforeAll: a skipped block still runs its body, never its hooks.
  let file: string;
  let whole: ReturnType<typeof extract>;
  beforeAll(() => {
    file = path.join(tempDir(), 'long.txt');
    const text = longDocument(4.5e6);
    fs.writeFileSync(file, text);
    whole = extract(text);
  });

  it('with the same records, offsets, lines and columns as whole', () => {
    const result = runCli([file, '--format', 'jsonl', '--jobs', '2', '--quiet']);
    expect(result.status).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ type: 'meta', headline: whole.meta.headline, published: whole.meta.published });
    expect(rows.slice(1).map(key)).toEqual(whole.records.map(key));
  });

  it('as valid JSON and CSV', () => {
    const json = runCli([file, '--format', 'json', '--quiet']);
    expect(json.status).toBe(0);
    const docs = JSON.parse(json.stdout);
    expect(docs).toHaveLength(1);
    expect(docs[0].meta.headline).toBe(whole.meta.headline);
    expect(docs[0].records).toHaveLength(whole.records.length);
    const csv = runCli([file, '--format', 'csv', '--quiet']);
    expect(csv.status).toBe(0);
    const rows: Array<Record<string, string>> = parse(csv.stdout, { columns: true });
    expect(rows).toHaveLength(whole.records.length);
    // Every part's rows name the document's headline, read from its first part.
    expect(rows.every((r) => r.headline === (whole.meta.headline ?? ''))).toBe(true);
  });
});

describe('--files-from', () => {
  it('reads the documents listed on standard input, a key before a tab ignored', () => {
    const list = `${SEEDS[0]}\n\n0\t${path.relative(ROOT, SEEDS[1])}\n`;
    const result = runCli(['--files-from', '-', '--format', 'jsonl', '--quiet'], { input: list });
    expect(result.status).toBe(0);
    const docs = new Set(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).doc),
    );
    expect([...docs]).toEqual([SEEDS[0], path.relative(ROOT, SEEDS[1])]);
  });

  it('with an empty list writes nothing and succeeds, as an empty split must', () => {
    const result = runCli(['--files-from', '-', '--format', 'jsonl'], { input: '' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('names a list it cannot read', () => {
    const result = runCli(['--files-from', 'no-such-list.txt']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--files-from no-such-list\.txt: ENOENT/);
  });
});

describeSlow('a long document whose later part a rule gets stuck in', () => {
  it('extracts that part and the parts after it without the rule, stopping it once', () => {
    const dir = tempDir();
    const rules = path.join(dir, 'evil.yaml');
    // Quick on articles (it finds each `xã`), hopeless on a long run of x.
    fs.writeFileSync(rules, "type: evil\nrules:\n  - id: evil.nested\n    pattern: '(?:xã|(?:x+x+)+y)'\n    normalized: '{match}'\n");
    const before = longDocument(2.2e6);
    const file = path.join(dir, 'long.txt');
    fs.writeFileSync(file, before + 'x'.repeat(5000) + '\r\n\r\n' + longDocument(2.2e6));
    // Two seconds: enough that no honest part overruns it on a busy machine, and the runaway rule still never finishes.
    const stuck = runCli(['--rules', rules, '--timeout', '2', '--format', 'jsonl', '--jobs', '2', file]);
    expect(stuck.status).toBe(1);
    const message =
      'rule evil.nested overran the time budget (--timeout) and was stopped; that part and the parts after it were extracted without it';
    expect(stuck.stderr.split(message).length - 1).toBe(1);
    const rows = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const evil = rows(stuck.stdout).filter((r) => r.type === 'evil');
    expect(evil.some((r) => r.end < before.length)).toBe(true);
    // Parts already under way when it was stopped (up to 8, of about 128 KB) may still hold it; none later do.
    expect(evil.every((r) => r.start < before.length + 5000 + 8 * 131072)).toBe(true);
    // Everything else is as without the rule, each record once, in order.
    const clean = runCli(['--format', 'jsonl', '--jobs', '1', '--quiet', file]);
    expect(
      rows(stuck.stdout)
        .filter((r) => r.type !== 'evil')
        .map(key),
    ).toEqual(rows(clean.stdout).map(key));
  });
});

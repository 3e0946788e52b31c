/**
 * Long documents read in parts give exactly the records of the document read whole —
 * every field, offsets, lines, columns and context windows included — whatever their
 * line ends and spacing: CR only, CRLF, no line end at all, no ASCII space (no-break
 * spaces and emoji), `&nbsp;` entities, NFD. Each document is just over 4 MB, so the
 * CLI splits it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extract } from '../../src/extract/extract';
import { decodeBytes } from '../../src/text/decode';
import { describeSlow, runCli, SEEDS, tempDir } from '../helpers';

const articles = SEEDS.map((f) => fs.readFileSync(f, 'utf8'));

/** Articles laid end to end, a blank line between, each shaped (every shape works character by character), past `bytes`. */
function longText(shape: (text: string) => string, bytes: number): string {
  const pieces: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    pieces.push(shape(articles[i % articles.length] + '\n\n'));
    size += Buffer.byteLength(pieces[i]);
  }
  return pieces.join('');
}

const SHAPES: Record<string, (text: string) => string> = {
  lf: (t) => t,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  cr: (t) => t.replace(/\n/g, '\r'),
  'no-newline': (t) => t.replace(/\n/g, ' '),
  'nbsp-emoji': (t) => t.replace(/ /g, '\u00a0').replace(/\./g, '.😀'),
  entities: (t) => t.replace(/ /g, '&nbsp;'),
  nfd: (t) => t.normalize('NFD'),
};

const fields = (r: Record<string, unknown>) => {
  const { doc: _doc, ...rest } = r;
  return JSON.stringify(rest);
};

describeSlow('a long document in parts gives the records of the document whole', () => {
  // Set up in beforeAll: a skipped block still runs its body, never its hooks.
  const dir = tempDir();
  let result: ReturnType<typeof runCli>;
  let rows: Array<Record<string, unknown>>;
  beforeAll(() => {
    const files = Object.entries(SHAPES).map(([name, shape]) => {
      const file = path.join(dir, `${name}.txt`);
      fs.writeFileSync(file, longText(shape, 4.1e6));
      return file;
    });
    result = runCli(['--format', 'jsonl', '--jobs', '2', '--quiet', ...files]);
    rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  });

  test('the run succeeds', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(Object.keys(SHAPES))('%s', (name) => {
    const file = path.join(dir, `${name}.txt`);
    const text = decodeBytes(fs.readFileSync(file)).text;
    const whole = extract(text);
    const mine = rows.filter((r) => r.doc === file);
    const [meta, ...records] = mine;
    expect(meta).toMatchObject({ type: 'meta', ...whole.meta });
    expect(records.length).toBe(whole.records.length);
    expect(records.map(fields)).toEqual(whole.records.map((r) => fields(r as unknown as Record<string, unknown>)));
    for (const r of records) expect(text.slice(Number(r.start), Number(r.end))).toBe(r.text);
  });
});

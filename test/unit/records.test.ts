/** Record invariants on every seed (SPEC §1–2). */
import * as path from 'path';
import { extract } from '../../src/extract';
import { LineIndex } from '../../src/text/lines';
import { readSeed, SEEDS } from '../helpers';

const seeds = SEEDS.map((file) => path.basename(file));

describe.each(seeds)('%s', (name) => {
  const text = readSeed(name).normalize('NFC');
  const result = extract(text);

  test('has records, each pointing at its own text', () => {
    expect(result.records.length).toBeGreaterThan(10);
    for (const r of result.records) {
      expect(text.slice(r.start, r.end)).toBe(r.text);
      expect(r.start).toBeGreaterThanOrEqual(0);
      expect(r.end).toBeLessThanOrEqual(text.length);
      expect(r.rule).toMatch(/^[a-z]+\./);
      expect(r.context).toContain(r.text.replace(/\s+/g, ' ').trim());
    }
  });

  test('line and column are 1-based positions of start', () => {
    const lines = text.split(/\r\n|\n|\r/);
    for (const r of result.records) {
      expect(lines[r.line - 1].slice(r.column - 1, r.column - 1 + r.text.length)).toBe(r.text.split(/\r\n|\n|\r/)[0]);
    }
  });

  test('an NFD copy gives the same records', () => {
    const nfd = extract(text.normalize('NFD'));
    expect(nfd.records).toEqual(result.records);
    expect(nfd.meta).toEqual(result.meta);
  });
});

test('line index counts \\r\\n, \\n and \\r as one line end each', () => {
  const index = new LineIndex('a\r\nb\nc\rd');
  expect([0, 3, 5, 7].map((o) => index.position(o))).toEqual([
    { line: 1, column: 1 },
    { line: 2, column: 1 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
  ]);
});

/** Record invariants on every seed (SPEC §1–2). */
import * as path from 'path';
import { extract } from '../../src/extract/extract';
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

describe('canonical strings use single plain spaces, whatever the text has', () => {
  /** Every string anywhere in a value. */
  const strings = (v: unknown): string[] =>
    typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.flatMap(strings)
        : v && typeof v === 'object'
          ? Object.values(v).flatMap(strings)
          : [];

  test.each([
    ['a no-break space inside a title', 'Ông A là Huyện ủy\u00a0viên.', 'title', 'Huyện ủy viên'],
    ['a tab and a doubled space', 'Bí thư\tTỉnh ủy  Nghệ An dự họp.', 'title', 'Bí thư Tỉnh ủy'],
    ['a doubled space in a counted noun', 'Có 12 chi  bộ được công nhận.', 'statistic', '12'],
    ['a zero-width space', 'Chủ tịch\u200bUBND tỉnh dự họp.', 'title', 'Chủ tịch Ủy ban nhân dân tỉnh'],
    ['a doubled space inside a date', 'Trong quý III,  năm 2020 có nhiều việc.', 'date', '2020-Q3'],
  ])('%s', (_what, text, type, normalized) => {
    const records = extract(text, { layout: false }).records.filter((r) => r.type === type);
    expect(records.map((r) => r.normalized)).toEqual([normalized]);
    for (const s of [records[0].normalized!, ...strings(records[0].value)]) expect([s, /[^\S ]| {2}|^ | $/.test(s)]).toEqual([s, false]);
  });
});

import { comparisonKey, parseGold, score } from '../../src/eval/score';
import { ExtractResult } from '../../src/types';

const meta = { headline: 'Tin', published: '2020-12-03T18:00:30', source: null, author: null };
const record = (type: string, normalized: string, value: Record<string, unknown> = {}) => ({
  type,
  text: normalized,
  normalized,
  value,
  start: 0,
  end: 1,
  line: 1,
  column: 1,
  rule: `${type}.x`,
  context: '',
});

describe('scoring (SPEC §4)', () => {
  const gold = parseGold(
    [
      JSON.stringify({
        doc: 'a.txt',
        published: '2020-12-03',
        headline: 'Tin',
        term: ['khóa 17', 'lần thứ 3'],
        title: ['Bí thư Tỉnh ủy'],
        holder: [['Phạm Xuân Thăng', 'Bí thư Tỉnh ủy']],
        date: [],
      }),
      JSON.stringify({ doc: 'b.txt', published: null, headline: null, term: ['nhiệm kỳ 2020-2025'] }),
    ].join('\n'),
    'gold.jsonl',
  );

  test('compares sets per document and type, case- and tone-style-insensitively; micro-averages', () => {
    const a: ExtractResult = {
      meta,
      warnings: [],
      records: [
        record('term', 'KHOÁ 17'),
        record('term', 'khóa 17'),
        record('term', 'lần thứ 4'),
        record('title', 'Bí thư Tỉnh uỷ', { person: 'Phạm Xuân Thăng' }),
      ],
    };
    const b: ExtractResult = {
      meta: { headline: null, published: null, source: null, author: null },
      warnings: [],
      records: [record('term', 'nhiệm kỳ 2020-2025')],
    };
    const report = score(
      [
        { doc: 'dir/a.txt', result: a },
        { doc: 'b.txt', result: b },
      ],
      gold,
    );
    expect(report.types.term).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(report.types.term.f1).toBeCloseTo(2 / 3);
    expect(report.types.holder).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(report.types.date).toMatchObject({ tp: 0, fp: 0, fn: 0, f1: 1 });
    expect(report.published).toMatchObject({ correct: 2, total: 2 });
    expect(report.headline).toMatchObject({ correct: 2, total: 2 });
    expect(report.misses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ doc: 'dir/a.txt', type: 'term', kind: 'false', value: 'lần thứ 4' }),
        expect.objectContaining({ doc: 'dir/a.txt', type: 'term', kind: 'miss', value: 'lần thứ 3' }),
      ]),
    );
  });

  test('documents without a gold line are listed, not scored', () => {
    const report = score([{ doc: 'c.txt', result: { meta, warnings: [], records: [] } }], gold);
    expect(report.documents).toBe(0);
    expect(report.unmatched).toEqual(['c.txt']);
  });

  test('comparison keys fold case, tones and spaces', () => {
    expect(comparisonKey('Ủy  viên  KHOÁ')).toBe(comparisonKey('uỷ viên khóa'));
  });

  test('a broken gold line names the file and line', () => {
    expect(() => parseGold('{"doc":"a"}\n{oops', 'g.jsonl')).toThrow(/^g\.jsonl:2: not valid JSON/);
  });
});

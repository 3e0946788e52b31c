/** The false-hit report (npm run false-hits): per rule, the strings it takes most often. */
import { formatTally, Tally, tallyDocument } from '../../src/bench/false-hits';
import { readSeed } from '../helpers';

test('counts what each rule takes, most frequent first, with its normalized value', () => {
  const tally: Tally = new Map();
  tallyDocument('Tin\n\nnhiệm kỳ 2020-2025 và nhiệm kỳ 2020 - 2025; khóa XX.\n', tally);
  tallyDocument(readSeed('003_c1d1f7f42b3b49c0.txt'), tally);
  expect(tally.get('term.nhiem-ky')?.get('nhiệm kỳ 2020-2025  →  nhiệm kỳ 2020-2025')).toBeGreaterThanOrEqual(2);
  const report = formatTally(tally, 1);
  expect(report).toMatch(/^## date\./m);
  expect(report).toMatch(/^## term\.nhiem-ky: \d+ records, \d+ distinct\n\s+\d+ {2}nhiệm kỳ 2020-2025 {2}→ {2}nhiệm kỳ 2020-2025\n/m);
  // One string per rule with --top 1.
  for (const block of report.trim().split('\n\n')) expect(block.split('\n')).toHaveLength(2);
});

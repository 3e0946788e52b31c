/** The word before a match (src/rules/precede.ts) and the table the matcher reads it through. */
import { precedeOf } from '../../src/rules/precede';
import { PrecedeTable } from '../../src/rules/trigger-scan';

const reversed = (words: string[]) => words.map((w) => [...w].reverse().join('')).sort();

describe('precedeOf: what the word right before a match must be', () => {
  it('reads a leading lookbehind backwards for its last word: whole words, marks, suffixes', () => {
    const list = precedeOf('(?<![\\p{L}\\p{N}])(?:(?<=[kK]hóa\\s+\\d{1,2}\\s?(?:,|và)\\s)(?<n>\\d{1,2}))')!;
    expect(reversed(list.words)).toEqual([',', 'và']);
    const after = precedeOf('(?<=(?:là|tổng số)\\s+)\\d+')!;
    // `là` may end a longer word as far as the lookbehind says; `tổng số` ends in the word `số`.
    expect(reversed(after.prefixes)).toEqual(['là']);
    expect(reversed(after.words)).toEqual(['số']);
  });

  it('takes every way a match may begin, or none', () => {
    expect(reversed(precedeOf('(?:(?<=a )x|(?<=b )y)')!.prefixes)).toEqual(['a', 'b']);
    expect(precedeOf('(?:(?<=a )x|y)')).toBeNull();
    expect(precedeOf('x(?<=x)')).toBeNull();
    expect(precedeOf('(?<=\\s)x')).toBeNull();
  });
});

describe('PrecedeTable', () => {
  const table = new PrecedeTable();
  const id = table.idOf({ words: reversed([',', 'và', 'số']), prefixes: reversed(['là']), capitalised: false });

  it('reads the word before a place from its end, in any case', () => {
    const text = 'khóa XIII, 14 và 15; Tổng SỐ 16 thì là 17, vàlà 18 19 với 20';
    const fits = table.reader(text);
    const at = (s: string) => text.indexOf(s);
    expect([at('14'), at('15'), at('16'), at('17'), at('18')].map((p) => fits(id, p))).toEqual([true, true, true, true, true]);
    expect([at('19'), at('20'), 0].map((p) => fits(id, p))).toEqual([false, false, false]);
  });
});

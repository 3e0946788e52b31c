/**
 * Patterns with their property escapes written out for text within the BMP
 * (src/rules/bmp.ts): each class holds exactly the BMP characters of its property, so
 * on such text the rewritten pattern matches as the one written; text beyond the BMP
 * runs the patterns as written.
 */
import { bmpSource, needsFullUnicode } from '../../src/rules/bmp';
import { extract } from '../../src/extract/extract';

const BMP_SAMPLE = (() => {
  const units: number[] = [];
  for (let c = 0; c < 0x10000; c += 7) if (c < 0xd800 || c > 0xdfff) units.push(c);
  return String.fromCharCode(...units);
})();

describe('bmpSource', () => {
  test.each([
    ['\\p{L}+'],
    ['[\\p{L}\\p{N}]'],
    ['[^\\p{L}\\p{N}]+'],
    ['\\P{Lu}'],
    ['[\\P{L}x]'],
    ['(?<![\\p{L}\\p{N}])\\p{Lu}\\p{Ll}*(?![\\p{L}])'],
    ['\\p{Script=Latin}{2}'],
    ['[\\p{M}\\-\\]]'],
  ])('%s matches the BMP as the pattern written does', (source) => {
    const written = new RegExp(source, 'gu');
    const rewritten = new RegExp(bmpSource(source), 'gu');
    expect(bmpSource(source)).not.toMatch(/\\[pP]\{/);
    expect([...BMP_SAMPLE.matchAll(rewritten)].map((m) => [m.index, m[0]])).toEqual(
      [...BMP_SAMPLE.matchAll(written)].map((m) => [m.index, m[0]]),
    );
  });

  test('escapes that are not properties, and braces of quantifiers and marks, are kept as written', () => {
    expect(bmpSource('\\d{1,3}\\u{E000}\\\\p{L}')).toBe('\\d{1,3}\\u{E000}\\\\p{L}');
    expect(bmpSource('a\\.b')).toBe('a\\.b');
  });
});

test('text with a character beyond the BMP is matched with the patterns as written, with the same records around it', () => {
  expect(needsFullUnicode('ngày 5/6/2020')).toBe(false);
  expect(needsFullUnicode('𝐀 ngày 5/6/2020')).toBe(true);
  const plain = extract('Hôm nay, ngày 5/6/2020, Bí thư Tỉnh ủy Nguyễn Văn A phát biểu.', { layout: false, date: '2020-06-05' });
  const astral = extract('Hôm nay, ngày 5/6/2020, Bí thư Tỉnh ủy Nguyễn Văn A phát biểu. 𝐀', { layout: false, date: '2020-06-05' });
  expect(astral.records.map((r) => [r.type, r.text, r.normalized])).toEqual(plain.records.map((r) => [r.type, r.text, r.normalized]));
  // A letter beyond the BMP is a letter: no word starts after it (the patterns written out for the BMP would see one).
  expect(new RegExp(bmpSource('(?<![\\p{L}])năm'), 'u').test('𝐀năm')).toBe(true);
  const dates = (text: string) =>
    extract(text, { layout: false })
      .records.filter((r) => r.type === 'date')
      .map((r) => r.text);
  expect(dates('trong năm 2020 tỉnh')).toEqual(['năm 2020']);
  expect(dates('trong 𝐀năm 2020 tỉnh')).toEqual(['2020']);
});

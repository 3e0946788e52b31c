import { caseInsensitiveSource } from '../../src/rules/case';

const matches = (pattern: string, text: string) => new RegExp(`^(?:${caseInsensitiveSource(pattern)})$`, 'u').test(text);

describe('case-insensitive patterns by rewriting, not by the i flag', () => {
  test.each([
    ['khóa', 'KHÓA'],
    ['Đại hội', 'đại hội'],
    ['[a-c]x', 'BX'],
    ['ủy\\s+ban', 'ỦY BAN'],
    ['(?<n>\\d+) tỷ', '12 TỶ'],
  ])('%s matches %s', (pattern, text) => expect(matches(pattern, text)).toBe(true));

  test('\\p{Lu} still means a capital letter', () => {
    expect(matches('\\p{Lu}\\p{Ll}+', 'Thái')).toBe(true);
    expect(matches('\\p{Lu}\\p{Ll}+', 'thái')).toBe(false);
  });

  test('group names, escapes, quantifiers and block references are left alone', () => {
    expect(caseInsensitiveSource('(?<num>\\d{1,3})\\k<num>\\u{1F600}{year}')).toBe('(?<num>\\d{1,3})\\k<num>\\u{1F600}{year}');
  });

  test('negated classes exclude both cases', () => {
    expect(matches('[^a]', 'A')).toBe(false);
  });
});

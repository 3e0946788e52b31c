/** The word after the trigger (src/rules/follow.ts) and the table the matcher reads it through. */
import { followOf } from '../../src/rules/follow';
import { FollowTable } from '../../src/rules/trigger-scan';
import { recordPattern } from '../../src/rules/record-marks';

const WORD_END = '(?![\\p{L}\\p{N}])';

describe('followOf: what the second word of a match must be', () => {
  it('lists whole second words, lower-cased, through alternations and optional parts', () => {
    expect(followOf(`(?:[Pp]hó )?[Cc]hủ (?:tịch|nhiệm)${WORD_END}`)).toEqual({
      words: ['chủ', 'nhiệm', 'tịch'],
      prefixes: [],
      capitalised: false,
      glued: false,
    });
  });

  it('takes a mark after the first word as the second word, and a word that may go on as a prefix', () => {
    expect(followOf('\\d{1,3}(?:\\.\\d{3})+')?.words).toEqual(['.']);
    expect(followOf('ngày \\p{L}+')).toBeNull();
    expect(followOf('ngày th\\p{L}*')?.prefixes).toEqual(['th']);
  });

  it('reads a number in second place to its first digit only', () => {
    const f = followOf('(?:khoảng|gần) \\d+ người')!;
    expect(f.prefixes).toEqual('0123456789'.split(''));
    expect(f.words).toEqual([]);
  });

  it('says when a match may be its first word alone: no constraint, or `glued` when that word has a letter', () => {
    expect(followOf(`\\d{4}${WORD_END}`)).toBeNull();
    expect(followOf(`[Tt]ết${WORD_END}`)).toEqual({ words: [], prefixes: [], capitalised: false, glued: true });
    const count = followOf(`\\d+\\s*(?:người|hộ)${WORD_END}`)!;
    expect(count).toMatchObject({ words: ['hộ', 'người'], glued: true });
  });

  it('reads what a lookahead says must follow', () => {
    const range = followOf(`\\d+(?=\\s*(?:-|đến)\\s*\\d)${WORD_END}`)!;
    expect(range.words).toEqual(['-', 'đến']);
    // `đến` may go on into a glued digit (`đến5`), and `17đến 5` has a letter in its first word.
    expect(range.prefixes).toContain('đến');
    expect(range.glued).toBe(true);
    expect(followOf(`\\d+(?![\\p{L}\\p{N}])`)).toBeNull();
  });

  it('reads a record mark as the first words of its records, or gives up without them', () => {
    const pattern = `[Cc]hủ tịch ${recordPattern('organization')}|[Gg]iám đốc ${recordPattern('organization')}`;
    expect(followOf(pattern)).toEqual({ words: ['tịch', 'đốc'], prefixes: [], capitalised: false, glued: false });
    const role = `[Tt]rưởng ${recordPattern('organization')}`;
    expect(followOf(role)).toBeNull();
    expect(
      followOf(role, (type) => (type === 'organization' ? { words: ['ban', 'sở'], prefixes: ['ub'], capitalised: false } : null)),
    ).toEqual({
      words: ['ban', 'sở'],
      prefixes: ['ub'],
      capitalised: false,
      glued: false,
    });
  });

  it('gives up on what it cannot read', () => {
    expect(followOf('a.b')).toBeNull();
    expect(followOf('(x)\\1')).toBeNull();
  });
});

describe('FollowTable', () => {
  const table = new FollowTable();
  const title = table.idOf({ words: ['tịch', 'nhiệm'], prefixes: [], capitalised: false, glued: false });
  const count = table.idOf({ words: ['người', '%', '.'], prefixes: ['tỷ'], capitalised: false, glued: true });
  const name = table.idOf({ words: [], prefixes: [], capitalised: true, glued: false });

  it('numbers each follow once', () => {
    expect(table.idOf({ words: ['tịch', 'nhiệm'], prefixes: [], capitalised: false, glued: false })).toBe(title);
    expect(table.follows).toHaveLength(3);
  });

  it('reads the word after a place: whole words, prefixes, marks, capitals, in any case', () => {
    const text = 'Chủ  TỊCH Chủ tịchx Phó chủ nhiệm; 17 người, 5% 3.000 9 tỷ 12 tỉ 17người Ông Ba ông ba';
    const accepts = table.reader(text);
    const at = (s: string, from = 0) => text.indexOf(s, from);
    expect(accepts(title, at('Chủ'))).toBe(true);
    expect(accepts(title, at('Chủ tịchx'))).toBe(false);
    expect(accepts(title, at('chủ nhiệm'))).toBe(true);
    expect(accepts(count, at('17 '))).toBe(true);
    expect(accepts(count, at('5%'))).toBe(true);
    expect(accepts(count, at('3.000'))).toBe(true);
    expect(accepts(count, at('9 tỷ'))).toBe(true);
    expect(accepts(count, at('12 tỉ'))).toBe(false);
    expect(accepts(count, at('17người'))).toBe(true);
    expect(accepts(name, at('Ông'))).toBe(true);
    expect(accepts(name, at('ông ba'))).toBe(false);
    expect(accepts(title, text.length - 2)).toBe(false);
  });
});

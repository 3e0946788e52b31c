import { parseRoman, parseSpelledNumber, parseVietnameseDecimal, scaleDecimal, toRoman } from '../../src/rules/numbers';

describe('Roman numerals', () => {
  test.each([
    ['XIV', 14],
    ['XL', 40],
    ['XIX', 19],
    ['XIII', 13],
    ['XVII', 17],
    ['XX', 20],
    ['IX', 9],
    ['XLIX', 49],
    ['L', 50],
  ])('%s = %d', (text, n) => expect(parseRoman(text)).toBe(n));

  test.each(['IIII', 'VX', 'IC', 'CCQ', 'MTTQ', 'XXXX', 'VV', ''])('%s is refused', (text) => expect(parseRoman(text)).toBeUndefined());

  test('every number from 1 to 60 writes and reads back', () => {
    for (let n = 1; n <= 60; n++) expect(parseRoman(toRoman(n))).toBe(n);
  });
});

describe('spelled numbers', () => {
  test.each([
    ['nhất', 1],
    ['hai', 2],
    ['tư', 4],
    ['năm', 5],
    ['mười', 10],
    ['mười một', 11],
    ['mười lăm', 15],
    ['hai mươi', 20],
    ['hai mươi mốt', 21],
    ['hai mươi tư', 24],
  ])('%s = %d', (text, n) => expect(parseSpelledNumber(text)).toBe(n));
  test.each(['mười nhất', 'lăm', 'một trăm', 'xin chào'])('%s is not a number', (text) => expect(parseSpelledNumber(text)).toBeUndefined());
});

describe('numbers written the Vietnamese way', () => {
  test.each([
    ['17.363', '17363'],
    ['4,45', '4.45'],
    ['1.234.567,8', '1234567.8'],
    ['07', '7'],
    ['38.700', '38700'],
    ['72.84', '72.84'],
    ['0,50', '0.5'],
  ])('%s → %s', (text, expected) => expect(parseVietnameseDecimal(text)).toBe(expected));
  test.each(['1.2.3', 'abc', '12,'])('%s is not a number', (text) => expect(parseVietnameseDecimal(text)).toBeUndefined());

  test.each([
    ['43.15', 6, '43150000'],
    ['17363', 9, '17363000000000'],
    ['0.5', 3, '500'],
    ['1.35', 6, '1350000'],
    ['2.5', 0, '2.5'],
    ['0.0001', 3, '0.1'],
  ])('%s × 10^%d = %s exactly', (d, e, expected) => expect(scaleDecimal(d as string, e as number)).toBe(expected));
});

import { foldText } from '../../src/text/fold';

describe('foldText keeps every offset and evens out spelling variants', () => {
  test.each([
    ['hoà bình', 'hòa bình'],
    ['khoá XVII', 'khóa XVII'],
    ['Uỷ viên', 'Ủy viên'],
    ['UỶ BAN', 'ỦY BAN'],
    ['thuỷ lợi', 'thủy lợi'],
    ['sức khoẻ', 'sức khỏe'],
    ['quí III', 'quý III'],
    ['quý I', 'quý I'],
    ['hoàn thành', 'hoàn thành'],
    ['khuỷu tay', 'khuỷu tay'],
    ['\u00D0ại hội \u00F0ảng', 'Đại hội đảng'],
    ['2020 – 2025 — x ‑ y', '2020 - 2025 - x - y'],
    ['a\u00A0b\tc', 'a b c'],
  ])('%s → %s', (input, expected) => {
    const folded = foldText(input);
    expect(folded).toBe(expected);
    expect(folded.length).toBe(input.length);
  });

  test('astral characters and empty text pass through', () => {
    expect(foldText('')).toBe('');
    expect(foldText('😀 khoá')).toBe('😀 khóa');
  });
});

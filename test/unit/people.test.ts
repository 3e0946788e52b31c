/** The people tables' names: one row per person however a document spells the name. */
import { extract } from '../../src/extract/extract';
import { nameVariants, PlaceSpellings } from '../../src/people/names';
import { PeopleTable } from '../../src/people/table';
import { PositionsTable } from '../../src/people/positions';

describe('nameVariants: obvious variants of one name within one document', () => {
  test('a name without its family name is the one full name that ends with it', () => {
    const variants = nameVariants(['Quan Thị Kim Hồng', 'Kim Hồng', 'Cù Huy Hà Vũ', 'Hà Vũ']);
    expect(variants.get('kim hồng')).toBe('Quan Thị Kim Hồng');
    expect(variants.get('hà vũ')).toBe('Cù Huy Hà Vũ');
    expect(variants.has('quan thị kim hồng')).toBe(false);
  });

  test('a name written without diacritics is the one name that has them, and through it the full name', () => {
    const variants = nameVariants(['Nguyễn Thị Kim Ngân', 'Nguyen Thi Kim Ngan', 'Đặng Thị Kim Liên', 'Kim Lien']);
    expect(variants.get('nguyen thi kim ngan')).toBe('Nguyễn Thị Kim Ngân');
    expect(variants.get('kim lien')).toBe('Đặng Thị Kim Liên');
  });

  test('a variant two names could stand for, one syllable, or a name with other diacritics is left alone', () => {
    const variants = nameVariants(['Nguyễn Văn Hùng', 'Lê Văn Hùng', 'Văn Hùng', 'Hùng', 'Phạm Thị Kim Dung', 'Phan Thị Kim Dung']);
    expect(variants.size).toBe(0);
  });
});

describe('the people tables merge the variants of a document', () => {
  const text =
    'Giám đốc Sở Tư pháp Cù Huy Hà Vũ phát biểu. Sau đó, Giám đốc Sở Tư pháp Hà Vũ cho biết ngân sách tăng. ' +
    'Cô Quan Thị Kim Hồng, Phó Ban Quản lý chợ, cho biết cô Kim Hồng đã ở lại chợ.';

  test('PeopleTable: one row for Hà Vũ, one for Kim Hồng', () => {
    const table = new PeopleTable();
    table.add('a.txt', extract(text, { keepInternal: true }));
    const people = table.list();
    expect(people.map((p) => p.person)).toEqual(expect.arrayContaining(['Cù Huy Hà Vũ', 'Quan Thị Kim Hồng']));
    expect(people.map((p) => p.person)).not.toEqual(expect.arrayContaining(['Hà Vũ']));
    expect(people.map((p) => p.person)).not.toEqual(expect.arrayContaining(['Kim Hồng']));
    expect(people.find((p) => p.person === 'Quan Thị Kim Hồng')!.mentions).toBe(2);
  });

  test('PositionsTable: the post under the full name only', () => {
    const table = new PositionsTable(new PlaceSpellings());
    table.add('a.txt', extract(text, { keepInternal: true }), '2024-05-01');
    const holders = table.list().filter((r) => r.title === 'Giám đốc Sở Tư pháp');
    expect(holders.map((r) => [r.person, r.mentions])).toEqual([['Cù Huy Hà Vũ', 2]]);
  });

  test('variants are merged within a document only', () => {
    const table = new PeopleTable();
    table.add('a.txt', extract('Chủ tịch Quốc hội Nguyễn Thị Kim Ngân phát biểu.', { keepInternal: true }));
    table.add('b.txt', extract('Bà Kim Ngân, Chủ tịch Hội Phụ nữ xã, cho biết.', { keepInternal: true }));
    expect(table.list().map((p) => p.person)).toEqual(expect.arrayContaining(['Nguyễn Thị Kim Ngân', 'Kim Ngân']));
  });
});

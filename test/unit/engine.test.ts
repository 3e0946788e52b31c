/** The rule engine on small rule sets written inline: precedence, claims, spans, templates. */
import { parseRuleFile } from '../../src/rules/load';
import { RuleSet } from '../../src/rules/ruleset';
import { buildRuleSet } from '../../src/extract/rule-set';
import { extract } from '../../src/extract/extract';

function rulesFrom(yaml: string): RuleSet {
  return buildRuleSet([parseRuleFile(yaml, 'inline.yaml')]);
}

const run = (rules: RuleSet, text: string) => extract(text, { rules, layout: false }).records.map((r) => [r.type, r.text, r.normalized]);

describe('precedence', () => {
  const rules = rulesFrom(`
blocks:
  year: '(?:19|20)\\d\\d'
rules:
  - id: y.year
    type: year
    pattern: '{year}'
    normalized: '{match}'
  - id: y.range
    type: year
    pattern: '{year}-{year}'
    normalized: 'range {match}'
  - id: t.term
    type: term
    pattern: 'nhiệm kỳ (?<a>{year})-(?<b>{year})'
    normalized: '{a}/{b}'
    claims: [year]
  - id: n.number
    type: number
    pattern: '\\d+'
    normalized: '{match:int}'
  - id: i.image
    type: ignore
    pattern: 'ảnh \\d+'
    normalized: x
    claims: ['*']
`);

  test('the longer match wins within a type', () => {
    expect(run(rules, 'giai đoạn 2016-2020')).toContainEqual(['year', '2016-2020', 'range 2016-2020']);
    expect(run(rules, 'giai đoạn 2016-2020').filter((r) => r[0] === 'year')).toHaveLength(1);
  });

  test('a type claims its span from the types it names, and only those', () => {
    const records = run(rules, 'nhiệm kỳ 2020-2025');
    expect(records).toContainEqual(['term', 'nhiệm kỳ 2020-2025', '2020/2025']);
    expect(records.filter((r) => r[0] === 'year')).toEqual([]);
    expect(records.filter((r) => r[0] === 'number')).toHaveLength(2);
  });

  test('an ignore rule claims from every type and gives no record', () => {
    expect(run(rules, 'toàn cảnh hội nghị ảnh 12')).toEqual([]);
  });

  test('priority outranks length', () => {
    const prioritised = rulesFrom(`
type: x
rules:
  - id: x.short
    pattern: 'ab'
    normalized: short
    priority: 5
  - id: x.long
    pattern: 'ab cd'
    normalized: long
`);
    expect(run(prioritised, 'ab cd')).toEqual([['x', 'ab', 'short']]);
  });
});

describe('matching', () => {
  test('runs on folded text, so old-style tones match new-style rules, and text stays the original', () => {
    const rules = rulesFrom(`
type: term
rules:
  - id: t.khoa
    pattern: 'khóa (?<n>\\d+)'
    normalized: 'khóa {n:int}'
`);
    expect(run(rules, 'Ban chấp hành khoá 17')).toEqual([['term', 'khoá 17', 'khóa 17']]);
  });

  test('a literal space in a pattern matches any run of whitespace', () => {
    const rules = rulesFrom(`
type: term
rules:
  - id: t.ky-hop
    pattern: 'kỳ họp thứ (?<n>\\d+)'
    normalized: '{n:int}'
`);
    expect(run(rules, 'kỳ  họp\nthứ 2')).toEqual([['term', 'kỳ  họp\nthứ 2', '2']]);
  });

  test('words are whole words: no match inside a longer word', () => {
    const rules = rulesFrom(`
type: w
rules:
  - id: w.dem
    pattern: 'đêm'
    normalized: night
`);
    expect(run(rules, 'trời đêm')).toEqual([['w', 'đêm', 'night']]);
    expect(run(rules, 'đêmđêm')).toEqual([]);
  });

  test('span narrows the record to one group; value templates keep types', () => {
    const rules = rulesFrom(`
type: t
rules:
  - id: t.x
    pattern: '(?<body>Quốc hội) (?<term>khóa (?<n>[IVX]+))'
    span: term
    normalized: 'khóa {n:roman}'
    value: { number: '{n:roman}', roman: '{n}', body: '{body}', missing: '{n:const=yes}', label: 'n={n:roman}' }
`);
    const [record] = extract('Quốc hội khóa XIV', { rules, layout: false }).records;
    expect(record.text).toBe('khóa XIV');
    expect(record.value).toEqual({ number: 14, roman: 'XIV', body: 'Quốc hội', missing: 'yes', label: 'n=14' });
  });

  test('case: sensitive keeps capitals significant', () => {
    const rules = rulesFrom(`
type: n
rules:
  - id: n.name
    pattern: 'Quý'
    normalized: name
    case: sensitive
`);
    expect(run(rules, 'quý I')).toEqual([]);
    expect(run(rules, 'Thái Thanh Quý')).toEqual([['n', 'Quý', 'name']]);
  });

  test('{a|b} takes the first group that matched', () => {
    const rules = rulesFrom(`
type: t
rules:
  - id: t.x
    pattern: '(?:(?<a>\\d+)h|(?<b>\\d+)p)'
    normalized: '{a|b:int}'
`);
    expect(run(rules, '12p')).toEqual([['t', '12p', '12']]);
  });

  test('a rule whose normaliser rejects the text gives nothing', () => {
    const rules = rulesFrom(`
type: t
rules:
  - id: t.roman
    pattern: 'khóa (?<n>[IVXLC]+)'
    normalized: '{n:roman}'
`);
    expect(run(rules, 'khóa IIII')).toEqual([]);
  });
});

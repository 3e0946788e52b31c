/**
 * Every built-in rule's own examples, one test each: the rules' corpus is their test
 * (as `extract rules test` runs them for users' rules).
 */
import { checkExample } from '../../src/extract/examples';
import { defaultRules } from '../../src/extract/extract';

const rules = defaultRules();
const cases = rules.rules.flatMap((rule) =>
  rule.def.examples.map((example) => ({
    name: `${rule.def.id}: ${example.none ? 'no match in' : 'matches'} "${example.text}"`,
    rule,
    example,
  })),
);

test('the built-in rules ship with examples', () => {
  expect(cases.length).toBeGreaterThan(80);
  for (const rule of rules.rules) expect(rule.def.examples.length).toBeGreaterThan(0);
});

test.each(cases)('$name', ({ rule, example }) => {
  const failure = checkExample(rule.def.id, rule.def.type, example, rules);
  expect(failure).toBeUndefined();
});

describe('an example may pin the text its record spans (match:)', () => {
  const rule = rules.rules.find((r) => r.def.id === 'statistic.percent')!;
  const example = (match: string) => ({
    text: 'có 07 chỉ tiêu đạt từ 50% trở lên',
    match,
    normalized: '50%',
    none: false,
    position: rule.def.position,
  });

  test('the span the record covers passes', () => {
    expect(checkExample(rule.def.id, rule.def.type, example('từ 50% trở lên'), rules)).toBeUndefined();
  });

  test('a span one word short fails, saying what came out', () => {
    expect(checkExample(rule.def.id, rule.def.type, example('50% trở lên'), rules)).toContain('"từ 50% trở lên"');
  });

  test('most built-in examples that expect a record pin its span', () => {
    const expecting = cases.filter(({ example }) => !example.none && example.normalized !== undefined);
    const pinned = expecting.filter(({ example }) => example.match !== undefined);
    expect(pinned.length / expecting.length).toBeGreaterThan(0.8);
  });
});

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

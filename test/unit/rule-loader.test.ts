/** A broken rule file is refused with one line naming file, line, column and rule id. */
import { parseRuleFile } from '../../src/rules/load';
import { buildRuleSet, loadRuleSet, BUILTIN_RULES_DIR } from '../../src/rules/ruleset';
import { readRuleFile, ruleFilesIn } from '../../src/rules/load';
import { RuleError } from '../../src/rules/model';

const builtinFiles = () => ruleFilesIn(BUILTIN_RULES_DIR).map(readRuleFile);

/** Loads YAML text as an extra rule file beside the built-in ones and returns the error line. */
function errorOf(yaml: string, file = 'my-rules.yaml'): string {
  try {
    buildRuleSet([...builtinFiles(), parseRuleFile(yaml, file)]);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleError);
    return (err as RuleError).message;
  }
  throw new Error('expected the rule file to be refused');
}

describe('rule files are checked before any text is read', () => {
  test.each([
    [
      'a YAML syntax error',
      'type: event\nrules:\n  - id: event.x\n    pattern: "unclosed\n',
      /^my-rules\.yaml:\d+:\d+ YAML syntax error: /,
    ],
    [
      'an unknown field',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị'\n    normalized: x\n    patern: 'y'\n",
      /^my-rules\.yaml:6:5 rule event\.x: unknown field "patern" in a rule \(known: id, type/,
    ],
    ['a missing id', "type: event\nrules:\n  - pattern: 'Hội nghị'\n    normalized: x\n", /^my-rules\.yaml:3:5 a rule needs an "id"/],
    [
      'a field of the wrong type',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị'\n    normalized: x\n    priority: high\n",
      /^my-rules\.yaml:6:15 rule event\.x: "priority" must be a number/,
    ],
    [
      'an id that is already a built-in rule',
      "type: term\nrules:\n  - id: term.khoa\n    pattern: 'khóa'\n    normalized: x\n",
      /^my-rules\.yaml:3:5 rule term\.khoa: duplicate id \(first defined at .*term\.yaml:\d+:\d+\)/,
    ],
    [
      'an unknown building block',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị {yeer}'\n    normalized: x\n",
      /^my-rules\.yaml:3:5 rule event\.x: unknown block \{yeer\} \(known: /,
    ],
    [
      'a regex that does not compile',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội (nghị'\n    normalized: x\n",
      /^my-rules\.yaml:3:5 rule event\.x: pattern does not compile: /,
    ],
    [
      'a template naming a group no pattern captures',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị (?<n>\\d+)'\n    normalized: 'x {m}'\n",
      /rule event\.x: template "x \{m\}" uses \{m\}, which no pattern captures \(named groups: n\)/,
    ],
    [
      'an unknown normaliser',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị (?<n>\\d+)'\n    normalized: '{n:shout}'\n",
      /rule event\.x: template "\{n:shout\}": unknown normaliser "shout"/,
    ],
    [
      'an unknown table',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị (?<n>\\d+)'\n    normalized: '{n:lookup=nowhere}'\n",
      /rule event\.x: unknown table "nowhere"/,
    ],
    [
      'a prototype-reaching key in a value',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội nghị'\n    normalized: x\n    value: { __proto__: { polluted: true } }\n",
      /rule event\.x: "__proto__" is not allowed as a key in "value"/,
    ],
    ['a rule without a type', "rules:\n  - id: x.y\n    pattern: 'a'\n    normalized: a\n", /rule x\.y: a rule needs a "type"/],
    ['a rule without a pattern', "type: event\nrules:\n  - id: event.x\n    normalized: a\n", /rule event\.x: a rule needs a "pattern" or "patterns"/],
    [
      'a span naming no group',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'a(?<b>b)'\n    span: c\n    normalized: a\n",
      /rule event\.x: "span" names group "c"/,
    ],
  ])('%s', (_what, yaml, expected) => {
    const message = errorOf(yaml);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  test('an empty file defines nothing and is accepted', () => {
    expect(parseRuleFile('', 'empty.yaml').rules).toEqual([]);
  });

  test('YAML tags that could build objects are not honoured', () => {
    const file = parseRuleFile("type: event\nrules:\n  - id: event.x\n    pattern: 'a'\n    normalized: !!js/function 'function(){}'\n", 'x.yaml');
    expect(typeof file.rules[0].normalized).toBe('string');
  });

  test('the built-in rules load', () => {
    const rules = loadRuleSet();
    expect(rules.rules.length).toBeGreaterThan(20);
    expect(new Set(rules.rules.map((r) => r.def.type))).toEqual(new Set(['date', 'term', 'document', 'title', 'statistic', 'person', 'ignore']));
    expect(new Set(rules.rules.filter((r) => r.def.internal).map((r) => r.def.type))).toEqual(new Set(['person']));
  });
});

/** A broken rule file is refused with one line naming file, line, column and rule id. */
import { parseRuleFile } from '../../src/rules/load';
import { BUILTIN_RULES_DIR } from '../../src/rules/ruleset';
import { buildRuleSet, loadRuleSet } from '../../src/extract/rule-set';
import { readRuleFile, ruleFilesIn, RULE_FILE_SCHEMA } from '../../src/rules/load';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as YAML from 'yaml';
import { extract } from '../../src/extract/extract';
import { RuleError } from '../../src/rules/model';

const builtinFiles = () => ruleFilesIn(BUILTIN_RULES_DIR).map((file) => readRuleFile(file));

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
      /^my-rules\.yaml:6:5 rule event\.x: unknown field "patern" in a rule \(did you mean "pattern"\?\)$/,
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
      /^my-rules\.yaml:4:14 rule event\.x: unknown block \{yeer\} \(did you mean \{year\}\?\) \(known: /,
    ],
    [
      'a regex that does not compile',
      "type: event\nrules:\n  - id: event.x\n    pattern: 'Hội (nghị'\n    normalized: x\n",
      /^my-rules\.yaml:4:14 rule event\.x: pattern 'Hội \(nghị' does not compile: Unterminated group$/,
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
    [
      'a rule without a pattern',
      'type: event\nrules:\n  - id: event.x\n    normalized: a\n',
      /rule event\.x: a rule needs a "pattern" or "patterns"/,
    ],
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
    const file = parseRuleFile(
      "type: event\nrules:\n  - id: event.x\n    pattern: 'a'\n    normalized: !!js/function 'function(){}'\n",
      'x.yaml',
    );
    expect(typeof file.rules[0].normalized).toBe('string');
  });

  test('the built-in rules load', () => {
    const rules = loadRuleSet();
    expect(rules.rules.length).toBeGreaterThan(20);
    expect(new Set(rules.rules.map((r) => r.def.type))).toEqual(
      new Set(['date', 'term', 'document', 'title', 'statistic', 'person', 'organization', 'ignore']),
    );
    expect(new Set(rules.rules.filter((r) => r.def.internal).map((r) => r.def.type))).toEqual(new Set(['person', 'organization']));
  });
});

describe("every problem of a rule file is reported, each at its own line, in the user's own text", () => {
  const yaml = [
    'type: event', //                                   1
    'rules:', //                                        2
    '  - id: event.a', //                               3
    "    pattern: 'Hội (nghị'", //                      4
    '    normalized: x', //                             5
    '  - id: event.b', //                               6
    "    paterns: ['x']", //                            7
    '    normalized: x', //                             8
    '    priorty: 2', //                                9
    '  - id: event.c', //                               10
    "    pattern: 'kỳ (?<n>\\d+)'", //                  11
    "    normalized: '{n:ordinl}'", //                  12
    '    examples:', //                                 13
    "      - text: 'kỳ 2'", //                          14
    "        normalize: 'x'", //                        15
    '',
  ].join('\n');

  test('one line per problem, in the order of the file', () => {
    const lines = errorOf(yaml).split('\n');
    expect(lines).toEqual([
      "my-rules.yaml:4:14 rule event.a: pattern 'Hội (nghị' does not compile: Unterminated group",
      'my-rules.yaml:6:5 rule event.b: a rule needs a "pattern" or "patterns"',
      'my-rules.yaml:7:5 rule event.b: unknown field "paterns" in a rule (did you mean "patterns"?)',
      'my-rules.yaml:9:5 rule event.b: unknown field "priorty" in a rule (did you mean "priority"?)',
      expect.stringMatching(
        /^my-rules\.yaml:12:17 rule event\.c: template "\{n:ordinl\}": unknown normaliser "ordinl" \(did you mean "ordinal"\?\)/,
      ),
      'my-rules.yaml:15:9 rule event.c: unknown field "normalize" in an example (did you mean "normalized"?)',
    ]);
  });

  test('a pattern that compiles alone but not with its blocks names them', () => {
    const message = errorOf("type: event\nblocks:\n  open: '(a'\nrules:\n  - id: event.x\n    pattern: 'x{open}'\n    normalized: x\n");
    expect(message).toMatch(
      /^my-rules\.yaml:6:14 rule event\.x: pattern 'x\{open\}' does not compile once its blocks \(\{open\}\) are put in: /,
    );
  });
});

describe('the JSON Schema shipped for rule files', () => {
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(RULE_FILE_SCHEMA, 'utf8')));

  test('accepts every built-in rule file', () => {
    for (const file of ruleFilesIn(BUILTIN_RULES_DIR)) {
      const ok = validate(YAML.parse(fs.readFileSync(file, 'utf8')));
      expect([file, ok ? [] : validate.errors]).toEqual([file, []]);
    }
  });

  test.each([
    ['an unknown field', 'type: event\nrules:\n  - id: event.x\n    pattern: a\n    normalized: x\n    patern: b\n'],
    ['a missing id', 'type: event\nrules:\n  - pattern: a\n    normalized: x\n'],
    ['pattern and patterns', 'type: event\nrules:\n  - id: event.x\n    pattern: a\n    patterns: [b]\n    normalized: x\n'],
    ['a number where a string belongs', 'type: event\nrules:\n  - id: event.x\n    pattern: a\n    normalized: x\n    priority: high\n'],
    [
      'a bad example date',
      "type: event\nrules:\n  - id: event.x\n    pattern: a\n    normalized: x\n    examples:\n      - text: a\n        date: '2020-1-1'\n",
    ],
    ['a block with both pattern and words', 'type: event\nblocks:\n  b: { pattern: a, words: [a] }\nrules: []\n'],
  ])('refuses %s, as the loader does', (_what, yaml) => {
    expect(validate(YAML.parse(yaml))).toBe(false);
    expect(() => errorOf(yaml)).not.toThrow();
  });
});

describe('a user file extends the built-in vocabulary instead of copying it', () => {
  const extension = [
    'extend:',
    '  blocks:',
    '    ministry_name:',
    '      words: [Thủy lợi]',
    '  tables:',
    '    title_roles:',
    '      đặc phái viên: Đặc phái viên',
    '',
  ].join('\n');
  const titles = (rules: ReturnType<typeof buildRuleSet>, text: string) =>
    extract(text, { rules, layout: false, types: ['title'] }).records.map((r) => r.normalized);
  const text = 'Bộ trưởng Thủy lợi Nguyễn Cảnh Dinh gặp đặc phái viên Chính phủ Nhật Bản.';

  test('words added to a built-in block and entries to a built-in table take effect', () => {
    expect(titles(buildRuleSet(builtinFiles()), text)).toEqual([]);
    expect(titles(buildRuleSet([...builtinFiles(), parseRuleFile(extension, 'my-rules.yaml')]), text)).toEqual([
      'Bộ trưởng Thủy lợi',
      'Đặc phái viên Chính phủ',
    ]);
  });

  test('extending what no file defines names the one meant; redefining a built-in block points to extend', () => {
    expect(errorOf('extend:\n  blocks:\n    sectr:\n      words: [Thủy sản]\n')).toMatch(
      /^my-rules\.yaml:4:7 "extend:" names block \{sectr\}, which no file defines \(did you mean \{sector\}\?\)$/,
    );
    expect(errorOf('extend:\n  tables:\n    title_role_spelling: { a: b }\n')).toMatch(
      /names table "title_role_spelling", which no file defines \(did you mean "title_role_spellings"\?\)$/,
    );
    expect(errorOf('blocks:\n  sector:\n    words: [Thủy sản]\n')).toMatch(
      /block "sector" is already defined at .*gazetteers\.yaml:\d+:\d+ \(to add to it, put it under "extend:"\)$/,
    );
  });
});

describe('the holder vocabulary is YAML (rules/holders.yaml)', () => {
  const holders = (rules: ReturnType<typeof buildRuleSet>, text: string) =>
    extract(text, { rules, layout: false, types: ['title'] }).records.map((r) => r.value.person);
  const text = 'thầy Nguyễn Văn An, Hiệu trưởng Trường Đại học Vinh, cho biết';

  test('a word added with extend: links a person as the built-in words do', () => {
    // `thầy` is no honorific of the built-in list: a comma after a two-syllable name is trusted only after one.
    const short = 'thầy Văn An, Hiệu trưởng Trường Đại học Vinh, cho biết';
    expect(holders(buildRuleSet(builtinFiles()), text)).toEqual(['Nguyễn Văn An']);
    expect(holders(buildRuleSet(builtinFiles()), short)).toEqual([null]);
    const extension = parseRuleFile('extend:\n  blocks:\n    holder_honorific:\n      words: [thầy]\n', 'my-rules.yaml');
    expect(holders(buildRuleSet([...builtinFiles(), extension]), short)).toEqual(['Văn An']);
  });

  test('titles and names without the holder vocabulary are an error, not holders silently lost', () => {
    const files = builtinFiles().filter((f) => !f.path.endsWith('holders.yaml'));
    expect(() => buildRuleSet(files)).toThrow(/the holder refiner reads \{holder_honorific\}, .*which no rule file defines/);
  });
});

test("the page chrome's words are YAML too (rules/layout.yaml): a site's own section label added with extend:", () => {
  const text = 'Chuyên đề\n\nHội nghị Ban Chấp hành Đảng bộ tỉnh\n\nSáng 2/3, hội nghị khai mạc.\n';
  const headline = (rules: ReturnType<typeof buildRuleSet>) => extract(text, { rules }).meta.headline;
  expect(headline(buildRuleSet(builtinFiles()))).toBe('Chuyên đề');
  const extension = parseRuleFile('extend:\n  blocks:\n    layout_section_label:\n      words: [chuyên đề]\n', 'my-rules.yaml');
  expect(headline(buildRuleSet([...builtinFiles(), extension]))).toBe('Hội nghị Ban Chấp hành Đảng bộ tỉnh');
});

test('an example whose match: is not part of its text is refused at its line', () => {
  const message = errorOf(
    "type: event\nrules:\n  - id: event.x\n    pattern: a\n    normalized: x\n    examples:\n      - text: 'a b'\n        match: 'c'\n",
  );
  expect(message).toMatch(/^my-rules\.yaml:8:16 rule event\.x: example "match" must be part of its "text"/);
});

/**
 * Titles by composition: a pattern that refers to another type's records (`{@organization}`)
 * runs in a later stage, over the text with those records marked (src/rules/record-marks.ts).
 */
import { parseRuleFile } from '../../src/rules/load';
import { RuleError } from '../../src/rules/model';
import { RuleSet } from '../../src/rules/ruleset';
import { buildRuleSet } from '../../src/extract/rule-set';
import { extract } from '../../src/extract/extract';
import { hasRecordMark, markRecords, recordPattern, referencedTypes } from '../../src/rules/record-marks';

function rulesFrom(...yaml: string[]): RuleSet {
  return buildRuleSet(yaml.map((text, i) => parseRuleFile(text, i === 0 ? 'inline.yaml' : `inline-${i + 1}.yaml`)));
}

const titles = (rules: RuleSet, text: string) =>
  extract(text, { rules, layout: false })
    .records.filter((r) => r.type === 'post')
    .map((r) => [r.text, r.normalized]);

/** A toy grammar: two organisation families (helpers), and posts made of a role and one or two organisations. */
const TOY_ORGANISATIONS = `
type: org
internal: true
rules:
  - id: org.committee
    pattern: '(?:Tỉnh|Huyện) ủy'
    normalized: '{match}'
  - id: org.board
    pattern: 'Ban (?:Tuyên giáo|Tổ chức)(?: Trung ương)?'
    normalized: '{match}'
`;
const TOY_POSTS = `
rules:
  - id: post.role-org
    type: post
    pattern: '(?<role>Bí thư|Trưởng) (?<org>{@org}(?: {@org})?)'
    normalized: '{role} / {org}'
`;

describe('record marks', () => {
  test('a marked text keeps its length and every offset outside the marks', () => {
    const text = 'Bí thư Tỉnh ủy Nam Định';
    const marked = markRecords(text, [{ type: 'org', start: 7, end: 14 }]);
    expect(marked).toHaveLength(text.length);
    expect(marked.slice(0, 7)).toBe('Bí thư ');
    expect(marked.slice(14)).toBe(' Nam Định');
    expect(hasRecordMark(marked.slice(7, 14))).toBe(true);
  });

  test('a mark is matched whole or not at all', () => {
    const marked = markRecords('ab Tỉnh ủy cd', [{ type: 'org', start: 3, end: 10 }]);
    const whole = new RegExp(`ab (${recordPattern('org')}) cd`, 'u').exec(marked);
    expect(whole?.index).toBe(0);
    expect(whole?.[1]).toHaveLength(7);
    // A pattern cannot stop inside the mark and go on with what the record covers.
    expect(new RegExp(`^ab ${recordPattern('org')}ủy`, 'u').test(marked)).toBe(false);
  });

  test('a private-use character in the document never passes for a mark', () => {
    const marked = markRecords('x\uE000\uE001 y', [{ type: 'org', start: 5, end: 6 }]);
    expect(new RegExp(recordPattern('org'), 'u').exec(marked)?.index).toBe(5);
  });

  test('the types a pattern refers to are read back from its expanded source', () => {
    expect(referencedTypes(`(?:${recordPattern('org')}) (?:${recordPattern('person')})`).sort()).toEqual(['org', 'person']);
    expect(referencedTypes('Bí thư')).toEqual([]);
  });
});

describe('composition', () => {
  const rules = rulesFrom(TOY_ORGANISATIONS, TOY_POSTS);

  test('a role and an organisation of any family compose a post, and the groups read the document', () => {
    expect(titles(rules, 'đồng chí Bí thư Tỉnh ủy phát biểu')).toEqual([['Bí thư Tỉnh ủy', 'Bí thư / Tỉnh ủy']]);
    expect(titles(rules, 'Trưởng Ban Tuyên giáo Trung ương')).toEqual([
      ['Trưởng Ban Tuyên giáo Trung ương', 'Trưởng / Ban Tuyên giáo Trung ương'],
    ]);
  });

  test('nested organisations chain', () => {
    expect(titles(rules, 'Trưởng Ban Tổ chức Huyện ủy')).toEqual([['Trưởng Ban Tổ chức Huyện ủy', 'Trưởng / Ban Tổ chức Huyện ủy']]);
  });

  test('no organisation, no post', () => {
    expect(titles(rules, 'Bí thư chi bộ thôn')).toEqual([]);
  });

  test('the organisations are helpers: never written out, kept for rule examples', () => {
    expect(extract('Bí thư Tỉnh ủy', { rules, layout: false }).records.map((r) => r.type)).toEqual(['post']);
    const kept = extract('Bí thư Tỉnh ủy', { rules, layout: false, keepInternal: true }).records.map((r) => r.type);
    expect(kept.sort()).toEqual(['org', 'post']);
  });

  test('rules that refer to records run after the rules that make them', () => {
    const stageOf = (id: string) => rules.rules.find((r) => r.def.id === id)!.stage;
    expect(stageOf('org.committee')).toBe(0);
    expect(stageOf('post.role-org')).toBe(1);
  });

  test('an organisation far from any role word is not looked for, and the posts are the same', () => {
    const text = `${'Ban Tuyên giáo họp. '.repeat(30)}Cuối cùng, Bí thư Tỉnh ủy phát biểu. ${'Tỉnh ủy họp. '.repeat(30)}`;
    const quick = extract(text, { rules, layout: false });
    const full = extract(text, { rules, layout: false, keepInternal: true });
    expect(quick.records).toEqual(full.records.filter((r) => r.type === 'post'));
    expect(full.records.filter((r) => r.type === 'org').length).toBeGreaterThan(60);
  });
});

describe('rule set errors', () => {
  const errorOf = (yaml: string): string => {
    try {
      rulesFrom(yaml);
    } catch (err) {
      if (err instanceof RuleError) return err.message;
      throw err;
    }
    return '';
  };

  test('a reference to a type no rule makes, with a suggestion', () => {
    const message = errorOf(`
rules:
  - id: org.x
    type: org
    pattern: 'Tỉnh ủy'
    normalized: '{match}'
  - id: post.x
    type: post
    pattern: 'Bí thư {@orgs}'
    normalized: '{match}'
`);
    expect(message).toMatch(
      /^inline\.yaml:\d+:\d+ rule post\.x: pattern refers to \{@orgs\}, but no rule makes records of type "orgs" \(did you mean \{@org\}\?\)/,
    );
  });

  test("rules that refer to each other's records", () => {
    const message = errorOf(`
rules:
  - id: a.x
    type: a
    pattern: 'x {@b}'
    normalized: '{match}'
  - id: b.x
    type: b
    pattern: 'y {@a}'
    normalized: '{match}'
`);
    expect(message).toMatch(/rules refer to each other's records \(a\.x → b\.x → a\.x\)/);
  });
});

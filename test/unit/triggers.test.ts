import * as fs from 'fs';
import * as path from 'path';
import { foldText } from '../../src/text/fold';
import { RuleSet } from '../../src/rules/ruleset';
import { loadRuleSet } from '../../src/extract/rule-set';
import { matchRules } from '../../src/rules/match';
import { extract } from '../../src/extract/extract';
import { requiredWordsOf, triggerOf } from '../../src/rules/triggers';
import { withoutLookbehinds } from '../../src/rules/regex-tree';
import { TriggerScanner } from '../../src/rules/trigger-scan';
import { HAS_SHARED, SEEDS, SHARED } from '../helpers';

describe('triggerOf: what the first word of a match must be', () => {
  it('lists whole first words, lower-cased, through alternations and optional parts', () => {
    expect(triggerOf('(?:[Pp]hó )?[Cc]hủ tịch', true)).toEqual({ words: ['chủ', 'phó'], prefixes: [], capitalised: false });
    expect(triggerOf('(?:ngày|hôm) (?<d>\\d{1,2})', true)?.words).toEqual(['hôm', 'ngày']);
  });

  it('keeps a word open where the pattern goes on inside it', () => {
    const number = triggerOf('\\d{1,3}(?:\\.\\d{3})*', true)!;
    expect(number.prefixes).toEqual(expect.arrayContaining('0123456789'.split('')));
    expect([...number.words, ...number.prefixes].every((key) => /^\d+$/.test(key))).toBe(true);
    expect(triggerOf('TP\\.?\\s*HCM', true)).toEqual({ words: ['tp'], prefixes: ['tphcm'], capitalised: false });
  });

  it('ends a word at a word-end lookahead, and indexes a leading mark as a word', () => {
    expect(triggerOf('quý(?![\\p{L}\\p{N}])', true)?.words).toEqual(['quý']);
    expect(triggerOf('\\(\\s?\\d', true)?.words).toEqual(['(']);
  });

  it('marks a capital first letter', () => {
    expect(triggerOf('\\p{Lu}\\p{Ll}+', true)).toEqual({ words: [], prefixes: [], capitalised: true });
  });

  it('gives up where a match may start anywhere', () => {
    expect(triggerOf('\\s*x', true)).toBeNull();
    expect(triggerOf('[\\p{L}\\p{N}_-]+\\.png', true)).toBeNull();
    expect(triggerOf('.+', true)).toBeNull();
    // Without word boundaries a match may start inside a word.
    expect(triggerOf('\\d+%', false)).toBeNull();
    expect(triggerOf('\\(\\d+\\)', false)?.words).toEqual(['(']);
  });

  it('finds words a match must hold further on, for a pattern without a trigger', () => {
    expect(requiredWordsOf('[\\p{L}\\p{N}_-]+\\.(?:png|jpe?g)(?![\\p{L}\\p{N}])')?.words).toEqual(['jpeg', 'jpg', 'png']);
    expect(requiredWordsOf('[\\p{L}]+ [\\p{L}]+')).toBeNull();
  });
});

describe('withoutLookbehinds', () => {
  it('drops lookbehind groups, nested ones too, and leaves classes and escapes alone', () => {
    expect(withoutLookbehinds('(?<![\\p{L}])(?<=(?:a|(b))\\s)x[(?<=]\\(?<!y')).toBe('x[(?<=]\\(?<!y');
  });

  it('keeps the positive ones when asked: a probe must not pass wherever the rest fits', () => {
    expect(withoutLookbehinds('(?<![\\p{L}])(?<=khóa\\s+)(?<!x)\\d', true)).toBe('(?<=khóa\\s+)\\d');
  });
});

describe('TriggerScanner', () => {
  const scanner = new TriggerScanner(3);
  scanner.add(0, { words: ['ngày'], prefixes: [], capitalised: false });
  scanner.add(1, { words: ['('], prefixes: ['1'], capitalised: false });
  scanner.add(2, { words: [], prefixes: [], capitalised: true });

  it('finds whole words, prefixes, marks and capitals, at the start of each word', () => {
    const text = 'Sáng ngày 12 (ngàyx) NGÀY 1/5';
    const hits = scanner.scan(text);
    expect(hits[0]).toEqual([text.indexOf('ngày'), text.indexOf('NGÀY')]);
    expect(hits[1]).toEqual([text.indexOf('12'), text.indexOf('('), text.indexOf('1/')]);
    expect(hits[2]).toEqual([0, text.indexOf('NGÀY')]);
  });

  it('reads capitals as their lower case, a final capital sigma and letters outside the BMP too', () => {
    const cased = new TriggerScanner(2);
    // A trigger word is lowered character by character: Σ is σ even at a word's end.
    cased.add(0, { words: ['σασ'], prefixes: [], capitalised: false });
    // U+10428 is the lower case of U+10400 (Deseret): each takes two code units.
    cased.add(1, { words: ['\u{10428}x'], prefixes: [], capitalised: false });
    const text = 'ΣΑΣ σας \u{10400}X \u{10428}x';
    const hits = cased.scan(text);
    expect(hits[0]).toEqual([0]);
    expect(hits[1]).toEqual([text.indexOf('\u{10400}'), text.indexOf('\u{10428}')]);
  });
});

/** The same rule set with every trigger removed: each pattern scans every position. */
function withoutTriggers(): RuleSet {
  const rules = loadRuleSet();
  // The scanner gives patterns their triggers when first asked for: ask, then take them away.
  expect(rules.scanner).toBeDefined();
  for (const rule of rules.rules) {
    for (const pattern of rule.regexes) {
      delete pattern.trigger;
      delete pattern.required;
      delete pattern.follow;
      delete pattern.precede;
    }
  }
  return rules;
}

describe('matching at triggers finds exactly what a scan of every position finds', () => {
  const indexed = loadRuleSet();
  const scanned = withoutTriggers();
  const texts = [...SEEDS.map((f) => fs.readFileSync(f, 'utf8'))];
  for (const group of ['dev', 'dev2']) {
    const dir = path.join(SHARED, 'corpus', group);
    if (HAS_SHARED && fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).sort()) texts.push(fs.readFileSync(path.join(dir, f), 'utf8'));
    }
  }
  for (const rule of indexed.rules) for (const example of rule.def.examples) texts.push(example.text);
  // Case, spacing and marks that rules should meet the same way either way.
  texts.push(
    'NGÀY 2/9/1945, CHỦ TỊCH HỒ CHÍ MINH ĐỌC TUYÊN NGÔN.  (2016 -2020)   tăng4,5% …ảnh:x.jpg',
    'Đ/c Nguyễn Văn A,Bí thư Tỉnh ủy;ông A',
    // The word after a trigger (follow.ts): glued, cut short, at the end, in capitals, a number's parts.
    'có 17người, 5k, 12tỷ đồng, 3 - 5 tỷ đồng, từ 10đến 20%, khoảng 1.200 hộ; Chủ tịchUBND tỉnh, PHÓ CHỦ TỊCH UBND TP Nguyễn Văn Đua, Trưởng',
    'Giám đốc Sở Y tế TP.HCM,Trưởng Công an huyện Nam Đàn,Chủ tịch UB MTTQ TP Bùi Công Minh 2.000.000 đồng/người 7,5%/năm 10',
    // The word before (precede.ts): whole words, suffixes, marks, none at all.
    '17 người. Tổng số 17. Tổng cộng 25, đạt 30; Là 40. khóa XIII, XIV và XV; khóa 12,13 và14 ngày 3 và ngày 5 tháng 9',
    'tháng 5 và 6, tháng 7 - 8 năm 2020; từ 10 đến 20%, 3 - 5 tỷ đồng, 2 tới 4 triệu đồng; 12 đến ngày 15/9 còn 9.',
  );

  const summary = (rules: RuleSet, text: string) => {
    const nfc = text.normalize('NFC');
    // Helper records everywhere (keepInternal): by default they are looked for only within reach of the triggers of what refers to them.
    return matchRules(rules, { text: nfc, folded: foldText(nfc) }, { keepInternal: true }).map(
      (c) => `${c.rule.def.id} ${c.start}-${c.end} ${c.normalized}`,
    );
  };

  it(`on ${texts.length} texts`, () => {
    for (const text of texts) expect(summary(indexed, text)).toEqual(summary(scanned, text));
  });

  it('and helpers looked for only within reach of what refers to them give the same records', () => {
    const records = (rules: RuleSet, text: string) =>
      extract(text, { rules }).records.map((r) => `${r.rule} ${r.start}-${r.end} ${r.normalized} ${JSON.stringify(r.value)}`);
    for (const text of texts) expect(records(indexed, text)).toEqual(records(scanned, text));
  });
});

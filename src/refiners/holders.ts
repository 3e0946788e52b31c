/**
 * Links titles to the people who hold them (SPEC "title", value.person), using the
 * person-name helper records:
 *   - apposition, the name before: `Thái Thanh Quý - Ủy viên …`, `đồng chí Lữ Văn Hùng, Ủy viên …`;
 *   - a chain of titles after one name: `…, Bí thư Tỉnh ủy; Chủ tịch …`;
 *   - a verb of holding, appointment or leaving, or the copula: `Đỗ Đức Duy được chỉ định làm
 *     Phó Bí thư …`, `Ông Hùng là Chủ tịch …`, `ông A (hiện là Giám đốc …)`, `ông Duy đã từng
 *     đảm nhiệm các chức vụ: A; B`, and one more post taken after a held one (`… và giữ chức vụ …`);
 *   - the name after the title and `là` or `đối với`: `Giám đốc Sở lúc đó là ông Hùng`,
 *     `cách chức Ủy viên Ban Thường vụ Tỉnh ủy đối với ông A`;
 *   - the title right before the name: `Bí thư Tỉnh ủy Thái Thanh Quý`, and titles chained
 *     before it: `Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng`.
 * A title that already has its holder before it and a name-like word after it
 * (`Bí thư Thị ủy Thái Hòa`) takes that word as its place.
 */
import { Candidate } from '../rules/match';
import { Refiner } from './refiner';
import { RuleSet } from '../rules/ruleset';

export const PERSON_TYPE = 'person';
export const TITLE_TYPE = 'title';

/** The vocabulary blocks the holder refiner reads (rules/holders.yaml). */
export const HOLDER_BLOCKS = [
  'holder_honorific',
  'holder_rank',
  'holder_bare_role',
  'holder_verb',
  'holder_copula_time',
  'holder_removal',
  'holder_chain_word',
  'holder_plural',
  'holder_list_intro',
  'holder_fronted_end',
] as const;

/**
 * The links of SPEC §3 and §6, each the shape of the text between a name and a title with
 * the words of rules/holders.yaml put in. They are tested on the folded text (old-style
 * tones read the same) and ignore case.
 */
interface HolderGrammar {
  /**
   * Between a name and its title: a dash, a colon, a parenthesis or a comma, maybe with a
   * photo note (`(bên trái)`), an age (`, năm nay 96 tuổi,`), a rank (`- Trung tướng,`), a
   * bare role word that names no organisation (`– Phó Chủ tịch, Tổng Thư ký …`) and `nguyên`.
   */
  apposition: RegExp;
  /** Between two titles of one person: a comma or a chain word, maybe the first one's parent body (`Cục An toàn …, Bộ Công nghiệp, Trưởng đoàn …`). */
  chain: RegExp;
  rightChain: RegExp;
  /**
   * A sentence's start up to a title that is the object of a phrase put before the subject
   * (`Sau phần trả lời của`, `Đồng tình với ý kiến của`): no comma, ending in `của` or `với`.
   */
  frontedBefore: RegExp;
  /** Between a title and the name after it: nothing, the term of the post, or a comma and an honorific. */
  adjacent: RegExp;
  /** Just before a name: an honorific, a rank or a degree. */
  honorificBefore: RegExp;
  /** A verb of holding, appointment or leaving between a name and the title after it. */
  verb: RegExp;
  /** The copula between a name and its title, with no more than a time word (`(hiện là`, `khi còn là`). */
  copula: RegExp;
  /** One more post the holder of a title takes further on in the clause, past no one else named. */
  laterPost: RegExp;
  /** Between a title and the name after it: `Giám đốc Sở lúc đó là ông Hùng`. */
  laterName: RegExp;
  /** `cách chức Title đối với ông A`: the removal before the title, and the gap to the name. */
  removalBefore: RegExp;
  removedFrom: RegExp;
  /** A plural title and its list of names (`Các Phó Trưởng ban gồm: ông A; ông B`). */
  pluralBefore: RegExp;
  listIntro: RegExp;
  listGap: RegExp;
}

const grammars = new WeakMap<RuleSet, HolderGrammar | null>();

/** The grammar of a rule set, or null when it lacks the vocabulary (a rule set of the user's own with no titles). */
export function grammarOf(rules: RuleSet): HolderGrammar | null {
  if (!grammars.has(rules)) grammars.set(rules, HOLDER_BLOCKS.every((b) => rules.blocks.has(b)) ? buildGrammar(rules) : null);
  return grammars.get(rules)!;
}

function buildGrammar(rules: RuleSet): HolderGrammar {
  const re = (pattern: string) => rules.blocks.regex(pattern, 'u', true, 'rules/holders.yaml');
  return {
    apposition: re(
      `^\\s*(?:\\([^()\\n]{1,24}\\)\\s*)?(?:[-–—:(]|,(?:\\s*(?:năm nay\\s*)?\\d{1,3} tuổi\\s*,)?)?(?:\\s*(?:{holder_rank})\\.?\\s*,?)?(?:\\s*(?:{holder_bare_role})\\s*,)?\\s*(?:nguyên\\s*)?$`,
    ),
    chain: re(`^\\s*(?:[,;]|và|,?\\s*(?:{holder_chain_word})|,\\s*\\p{Lu}[^,;.!?\\n]{1,40}[;,]|\\s)\\s*(?:nguyên\\s*)?$`),
    rightChain: re(`^\\s*(?:,|và|(?:{holder_chain_word})|[-–—])\\s*$`),
    frontedBefore: re(`^[^,;:.!?\\n“”"]{2,70}?(?<![\\p{L}])(?:{holder_fronted_end})\\s*$`),
    adjacent: re(`^[ \\t]*(?:\\(|khóa [IVXLC\\d]+|,\\s*(?:{holder_honorific})(?=\\s))?[ \\t]*$`),
    honorificBefore: re(`(?<![\\p{L}])(?:(?:{holder_honorific})|(?:{holder_rank}))\\.?\\s*$`),
    verb: re(`^[^.;!?\\n]{0,60}?(?:{holder_verb})\\s*$`),
    copula: re(`^\\s*,?\\s*(?:\\(\\s*)?(?:(?:{holder_copula_time})\\s*)*là\\s*$`),
    // Within the clause, not across a colon or a quotation, nor past anyone else named (`ông Thọ có làm …`).
    laterPost: re(`^(?![^]*(?<![\\p{L}])(?:{holder_honorific})\\s)[^.;:!?\\n“”"]{0,120}?(?:{holder_verb})\\s*$`),
    laterName: re(`^\\s*(?:(?:{holder_copula_time}))?\\s*là\\s*(?:(?:{holder_honorific})\\s*)?$`),
    removalBefore: re(`(?:(?:{holder_removal}))\\s*(?:chức(?: vụ)?\\s*)?$`),
    removedFrom: re(`^[^.;!?\\n]{0,80}?đối với\\s*(?:(?:{holder_honorific})\\s*)?$`),
    pluralBefore: re(`(?<![\\p{L}])(?:{holder_plural})\\s+$`),
    listIntro: re(`^(?:[^.;!?\\n]|\\.(?=\\p{L})){0,160}?(?<![\\p{L}])(?:{holder_list_intro})\\s*:?\\s*(?:(?:{holder_honorific})\\s+)?$`),
    listGap: re(`^\\s*(?:[,;]|và|,\\s*và)\\s*(?:(?:{holder_honorific})\\s+)?$`),
  };
}

const WEAK_GAP = /^\s*,/u;
const COMMA_NAME_GAP = /^\s*,\s*$/u;
/** One more post the holder of a title takes, further on in the clause (`…, Thứ trưởng Bộ Xây dựng tham gia Ban Chấp hành … và giữ chức vụ Phó Bí thư`). */
const MAX_LATER_POST_GAP = 160;

function linkListedHolders(text: string, items: Candidate[], holding: Map<Candidate, Holding>, g: HolderGrammar): void {
  items.forEach((title, i) => {
    if (title.type !== TITLE_TYPE || holding.has(title)) return;
    if (!g.pluralBefore.test(text.slice(Math.max(0, title.start - 12), title.start))) return;
    const first = items[i + 1];
    if (first?.type !== PERSON_TYPE || !g.listIntro.test(text.slice(title.end, first.start))) return;
    const names = [personName(first)];
    for (
      let j = i + 2;
      j < items.length && items[j].type === PERSON_TYPE && g.listGap.test(text.slice(items[j - 1].end, items[j].start));
      j++
    ) {
      names.push(personName(items[j]));
    }
    title.value = { ...title.value, person: names[0], ...(names.length > 1 ? { persons: [...new Set(names)] } : {}) };
  });
}

type Link = 'left' | 'right';

interface Holding {
  person: string;
  link: Link;
  /** Linked only by a comma before the title: a full name right after the title outranks it. */
  weak?: boolean;
  /** Where the holder's name ends, when it comes after the title. */
  nameEnd?: number;
}

function personName(c: Candidate): string {
  return c.normalized ?? '';
}

/**
 * A comma is a weak link: trust it for a full three-syllable name or one introduced
 * by an honorific, not for two capitalised words that may be a place (`giáo xứ Kim Hòa`).
 */
function trustedAfterComma(text: string, person: Candidate, g: HolderGrammar): boolean {
  return (
    Boolean(person.value.short) ||
    (person.normalized ?? '').split(' ').length >= 3 ||
    g.honorificBefore.test(text.slice(Math.max(0, person.start - 16), person.start))
  );
}

/**
 * `ông Thăng` is the person last named in full whose name ends in `Thăng` (SPEC: a short
 * form of a name already given in full is that person). Short forms with no such
 * person before them are dropped.
 */
export function resolveShortNames(candidates: Candidate[]): Candidate[] {
  const ordered = [...candidates].sort((a, b) => a.start - b.start);
  const lastByGiven = new Map<string, string>();
  const unresolved = new Set<Candidate>();
  for (const c of ordered) {
    if (c.type !== PERSON_TYPE) continue;
    const name = c.normalized ?? '';
    if (c.value.short) {
      const full = lastByGiven.get(name);
      if (full) c.normalized = full;
      else unresolved.add(c);
    } else {
      lastByGiven.set(name.split(' ').pop()!, name);
    }
  }
  return candidates.filter((c) => !unresolved.has(c));
}

const SENTENCE_BREAK = /[.!?\n;:“”",]/gu;
const NAME_CONTINUES = /^\s*[,(–—-]/u;
/** How far back a phrase put before the subject may start. */
const MAX_FRONTED_PHRASE = 80;

/**
 * `Sau phần trả lời của Bộ trưởng Bộ Công nghiệp, Chủ tịch QH Nguyễn Văn An đã …`: a bare title
 * that is the object of a phrase put before the sentence's subject, then a comma. The titled
 * name after the comma is the subject, and holds only its own title. Not so when nothing named
 * comes first in the sentence but the phrase is longer (the name, too, is followed by a comma):
 * `Theo ý kiến của Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Phạm Bình Minh, …` is one person.
 */
function endsFrontedPhrase(
  text: string,
  title: Candidate,
  before: Candidate | undefined,
  between: string,
  nameEnd: number | undefined,
  g: HolderGrammar,
): boolean {
  if (!COMMA_NAME_GAP.test(between) || nameEnd === undefined) return false;
  if (NAME_CONTINUES.test(text.slice(nameEnd, nameEnd + 4))) return false;
  // The sentence's start, with nothing named between it and the title.
  const from = Math.max(0, title.start - MAX_FRONTED_PHRASE, before?.end ?? 0);
  const head = text.slice(from, title.start);
  let start = from === 0 ? 0 : -1;
  for (const m of head.matchAll(SENTENCE_BREAK)) start = m.index! + 1;
  return start >= 0 && g.frontedBefore.test(head.slice(start));
}

export const linkHolders: Refiner = (ctx, candidates) => {
  const grammar = grammarOf(ctx.rules);
  return grammar ? holdersLinked(ctx.folded, candidates, grammar) : candidates;
};

/** `text`: the folded document (the candidates' offsets index it as they index the document). */
function holdersLinked(text: string, all: Candidate[], g: HolderGrammar): Candidate[] {
  const candidates = resolveShortNames(all);
  const items = candidates.filter((c) => c.type === TITLE_TYPE || c.type === PERSON_TYPE).sort((a, b) => a.start - b.start);
  const holding = new Map<Candidate, Holding>();
  const places = new Set<Candidate>();
  const gap = (a: Candidate, b: Candidate) => text.slice(a.end, b.start);

  // Left to right: the holder named before the title.
  items.forEach((item, i) => {
    if (item.type !== TITLE_TYPE || i === 0) return;
    const prev = items[i - 1];
    const between = gap(prev, item);
    if (prev.type === PERSON_TYPE && (g.apposition.test(between) || g.verb.test(between) || g.copula.test(between))) {
      const weak = WEAK_GAP.test(between) && !between.includes('tuổi');
      if (weak && !trustedAfterComma(text, prev, g)) return;
      holding.set(item, { person: personName(prev), link: 'left', weak });
    } else if (
      prev.type === TITLE_TYPE &&
      holding.get(prev)?.link === 'left' &&
      // (The length first: the gap between two titles may be pages long, and these read it all.)
      between.length <= MAX_LATER_POST_GAP &&
      (g.chain.test(between) || g.laterPost.test(between))
    ) {
      // A chain of titles after one name, or one more post the same person takes (`…, Thứ trưởng Bộ Xây dựng … và giữ chức vụ Phó Bí thư`).
      holding.set(item, { ...holding.get(prev)! });
    }
  });

  // Right to left: the name right after the title, and titles chained before it.
  for (let i = items.length - 2; i >= 0; i--) {
    const item = items[i];
    if (item.type !== TITLE_TYPE) continue;
    const next = items[i + 1];
    const between = gap(item, next);
    const fullNameNext = next.type === PERSON_TYPE && !next.value.short && personName(next).split(' ').length >= 3;
    if (holding.get(item)?.weak && fullNameNext && g.adjacent.test(between) && !/[(,]/.test(between)) {
      holding.set(item, { person: personName(next), link: 'right', nameEnd: next.end });
      continue;
    }
    if (holding.has(item)) {
      // Holder already named before: a name-like word right after is the place.
      if (next.type === PERSON_TYPE && g.adjacent.test(between) && !/[(,]/.test(between) && item.value.place == null) {
        item.value = { ...item.value, place: personName(next) };
        places.add(next);
      }
      continue;
    }
    if (
      next.type === PERSON_TYPE &&
      (g.adjacent.test(between) ||
        (COMMA_NAME_GAP.test(between) && trustedAfterComma(text, next, g)) ||
        g.laterName.test(between) ||
        (g.removedFrom.test(between) && g.removalBefore.test(text.slice(Math.max(0, item.start - 40), item.start))))
    ) {
      holding.set(item, { person: personName(next), link: 'right', nameEnd: next.end });
    } else if (
      next.type === TITLE_TYPE &&
      holding.get(next)?.link === 'right' &&
      g.rightChain.test(between) &&
      !endsFrontedPhrase(text, item, items[i - 1], between, holding.get(next)!.nameEnd, g)
    ) {
      holding.set(item, { ...holding.get(next)! });
    }
  }

  for (const [title, { person }] of holding) title.value = { ...title.value, person };
  linkListedHolders(text, items, holding, g);
  // A "name" read as a title's place is no person.
  return places.size ? candidates.filter((c) => !places.has(c)) : candidates;
}

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

export const PERSON_TYPE = 'person';
export const TITLE_TYPE = 'title';

/**
 * Between a name and its title: a dash, a colon, a parenthesis or a comma, maybe with a
 * photo note (`(bên trái)`), an age (`, năm nay 96 tuổi,`), a bare role word that names no
 * organisation (`– Phó Chủ tịch, Tổng Thư ký …`) and `nguyên` (former) before the title.
 */
const BARE_ROLE = '(?:Phó |Tổng )?(?:Chủ tịch|Bí thư|Thư ký|Giám đốc|Chủ nhiệm|Trưởng ban|Ủy viên)';
/** A military rank or an academic title between a name and its title (`A - Trung tướng, Thứ trưởng …`, SPEC §6). */
const RANK =
  '(?:Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Giáo sư|Phó Giáo sư|GS|PGS|TS|Tiến sĩ|Thạc sĩ|GS\\.TS|PGS\\.TS)\\.?';
const APPOSITION_GAP = new RegExp(
  `^\\s*(?:\\([^()\\n]{1,24}\\)\\s*)?(?:[-–—:(]|,(?:\\s*(?:năm nay\\s*)?\\d{1,3} tuổi\\s*,)?)?(?:\\s*${RANK}\\s*,?)?(?:\\s*${BARE_ROLE}\\s*,)?\\s*(?:nguyên\\s*)?$`,
  'iu',
);
const WEAK_GAP = /^\s*,/u;
/** Between two titles of one person: a comma or `và`, maybe the first one's parent body (`Vụ Tổ chức cán bộ, Bộ Xây dựng; Chánh …`, `Cục An toàn …, Bộ Công nghiệp, Trưởng đoàn …`). */
const CHAIN_GAP = /^\s*(?:[,;]|và|kiêm|,\s*kiêm|,\s*đồng thời(?: là)?|,\s*\p{Lu}[^,;.!?\n]{1,40}[;,]|\s)\s*(?:nguyên\s*)?$/u;
const RIGHT_CHAIN_GAP = /^\s*(?:,|và|kiêm|[-–—])\s*$/u;
/** Between a title and the name after it: nothing, the term of the post, or a comma and an honorific. */
const ADJACENT_GAP = /^[ \t]*(?:\(|(?:khóa|khoá) [IVXLC\d]+|,\s*(?:đồng chí|ông|bà)(?=\s))?[ \t]*$/u;
const COMMA_NAME_GAP = /^\s*,\s*$/u;
/** Words that introduce a person: honorifics, military ranks, academic titles. */
const HONORIFIC_BEFORE =
  /(?<![\p{L}])(?:đồng chí|ông|bà|anh|chị|đại tướng|thượng tướng|trung tướng|thiếu tướng|đại tá|thượng tá|trung tá|thiếu tá|giáo sư|phó giáo sư|GS|PGS|TS|tiến sĩ|thạc sĩ|bác sĩ|luật sư|nhà báo)\.?\s*$/iu;
/**
 * A verb of holding, appointment or leaving between a name and the title after it (SPEC
 * §3, §6): `… được bổ nhiệm làm`, `thôi giữ chức`, `đảm nhiệm các chức vụ:` (a list of
 * titles follows, each the person's).
 */
const VERB_GAP =
  /^[^.;!?\n]{0,60}?(?:giữ chức(?: vụ)?|được bầu (?:làm|giữ chức(?: vụ)?)|được (?:bổ nhiệm|điều động|phân công|chỉ định|giới thiệu)(?: (?:làm|giữ chức(?: vụ)?|kiêm))?|nhận nhiệm vụ|thôi giữ chức(?: vụ)?|thôi làm|làm|(?:đảm nhiệm|đảm nhận|kinh qua)(?: các)?(?: chức vụ| cương vị)?\s*:?)\s*$/u;
/**
 * The copula right between a name and its title, with no more than a time word: `là`,
 * `(hiện là`, `, từng là`, `đang là`, `khi còn là`, `không còn là`, `(bấy giờ là`.
 */
const COPULA_GAP =
  /^\s*,?\s*(?:\(\s*)?(?:(?:hiện|nay|vẫn|đang|từng|đã từng|khi còn|còn|không còn|nguyên|cũng|bấy giờ|lúc đó|khi đó|lúc ấy|khi ấy|hiện nay)\s*)*là\s*$/u;
/** One more post the holder of a title takes, further on in the clause (`…, Thứ trưởng Bộ Xây dựng tham gia Ban Chấp hành … và giữ chức vụ Phó Bí thư`). */
const MAX_LATER_POST_GAP = 160;
const LATER_POST_GAP = new RegExp(
  // Within the clause, not across a colon or a quotation, nor past anyone else named (`ông Thọ có làm …`).
  '^(?![^]*(?<![\\p{L}])(?:ông|bà|đồng chí|anh|chị)\\s)' + VERB_GAP.source.slice(1).replace('[^.;!?\\n]{0,60}?', '[^.;:!?\\n“”"]{0,120}?'),
  'u',
);
/**
 * Between a title and the name after it, the person the title is given to or taken from:
 * `Giám đốc Sở lúc đó là ông Hùng`, `cách chức Ủy viên Ban Thường vụ Tỉnh ủy đối với ông A`.
 */
const LATER_NAME_GAP = /^\s*(?:(?:lúc|khi) (?:đó|ấy)|bấy giờ|hiện nay|hiện tại|hiện|nay|mới)?\s*là\s*(?:(?:đồng chí|ông|bà)\s*)?$/u;
/** `… đối với ông A` gives A the title only when the title is the object of a removal (`cách chức`, `cho thôi làm`). */
const REMOVAL_BEFORE =
  /(?:cách chức|cách hết các chức vụ|miễn nhiệm|bãi nhiệm|thôi(?: làm| giữ)?(?: chức(?: vụ)?| nhiệm vụ)?|xin thôi|không còn là)\s*(?:chức(?: vụ)?\s*)?$/u;
const REMOVED_FROM_GAP = /^[^.;!?\n]{0,80}?đối với\s*(?:(?:đồng chí|ông|bà)\s*)?$/u;

/**
 * A plural title, then `gồm` (or `là`) and a list of names: each name holds it (SPEC §6,
 * `Các Phó Trưởng ban gồm: ông A; ông B`). Before the title: `các`/`những`; between it and
 * the list, the rest of the clause (`… khóa IX tiếp tục tham gia danh sách … gồm:`).
 */
const PLURAL_BEFORE = /(?<![\p{L}])(?:các|những)\s+$/iu;
const LIST_INTRO_GAP = /^(?:[^.;!?\n]|\.(?=\p{L})){0,160}?(?<![\p{L}])(?:gồm|gồm có|là)\s*:?\s*(?:(?:đồng chí|ông|bà)\s+)?$/u;
/** Between two names of the list: a comma, a semicolon or `và`, maybe an honorific. */
const LIST_GAP = /^\s*(?:[,;]|và|,\s*và)\s*(?:(?:đồng chí|ông|bà)\s+)?$/u;

function linkListedHolders(text: string, items: Candidate[], holding: Map<Candidate, Holding>): void {
  items.forEach((title, i) => {
    if (title.type !== TITLE_TYPE || holding.has(title)) return;
    if (!PLURAL_BEFORE.test(text.slice(Math.max(0, title.start - 12), title.start))) return;
    const first = items[i + 1];
    if (first?.type !== PERSON_TYPE || !LIST_INTRO_GAP.test(text.slice(title.end, first.start))) return;
    const names = [personName(first)];
    for (
      let j = i + 2;
      j < items.length && items[j].type === PERSON_TYPE && LIST_GAP.test(text.slice(items[j - 1].end, items[j].start));
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
}

function personName(c: Candidate): string {
  return c.normalized ?? '';
}

/**
 * A comma is a weak link: trust it for a full three-syllable name or one introduced
 * by an honorific, not for two capitalised words that may be a place (`giáo xứ Kim Hòa`).
 */
function trustedAfterComma(text: string, person: Candidate): boolean {
  return (
    Boolean(person.value.short) ||
    (person.normalized ?? '').split(' ').length >= 3 ||
    HONORIFIC_BEFORE.test(text.slice(Math.max(0, person.start - 16), person.start))
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

export const linkHolders: Refiner = (ctx, candidates) => holdersLinked(ctx.text, candidates);

function holdersLinked(text: string, all: Candidate[]): Candidate[] {
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
    if (prev.type === PERSON_TYPE && (APPOSITION_GAP.test(between) || VERB_GAP.test(between) || COPULA_GAP.test(between))) {
      const weak = WEAK_GAP.test(between) && !between.includes('tuổi');
      if (weak && !trustedAfterComma(text, prev)) return;
      holding.set(item, { person: personName(prev), link: 'left', weak });
    } else if (
      prev.type === TITLE_TYPE &&
      holding.get(prev)?.link === 'left' &&
      // (The length first: the gap between two titles may be pages long, and these read it all.)
      between.length <= MAX_LATER_POST_GAP &&
      (CHAIN_GAP.test(between) || LATER_POST_GAP.test(between))
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
    if (holding.get(item)?.weak && fullNameNext && ADJACENT_GAP.test(between) && !/[(,]/.test(between)) {
      holding.set(item, { person: personName(next), link: 'right' });
      continue;
    }
    if (holding.has(item)) {
      // Holder already named before: a name-like word right after is the place.
      if (next.type === PERSON_TYPE && ADJACENT_GAP.test(between) && !/[(,]/.test(between) && item.value.place == null) {
        item.value = { ...item.value, place: personName(next) };
        places.add(next);
      }
      continue;
    }
    if (
      next.type === PERSON_TYPE &&
      (ADJACENT_GAP.test(between) ||
        (COMMA_NAME_GAP.test(between) && trustedAfterComma(text, next)) ||
        LATER_NAME_GAP.test(between) ||
        (REMOVED_FROM_GAP.test(between) && REMOVAL_BEFORE.test(text.slice(Math.max(0, item.start - 40), item.start))))
    ) {
      holding.set(item, { person: personName(next), link: 'right' });
    } else if (next.type === TITLE_TYPE && holding.get(next)?.link === 'right' && RIGHT_CHAIN_GAP.test(between)) {
      holding.set(item, { person: holding.get(next)!.person, link: 'right' });
    }
  }

  for (const [title, { person }] of holding) title.value = { ...title.value, person };
  linkListedHolders(text, items, holding);
  // A "name" read as a title's place is no person.
  return places.size ? candidates.filter((c) => !places.has(c)) : candidates;
}

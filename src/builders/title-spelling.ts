/**
 * One canonical spelling for a title: folded tones, one space, abbreviations spelled
 * out (UBND → Ủy ban nhân dân), role and committee words in their standard capitals
 * (`Phó bí thư` → `Phó Bí thư`). The word lists are YAML tables of the title rules.
 */
import { foldText } from '../text/fold';
import { escapeRegex } from '../text/regex';

export interface TitleTables {
  abbreviations: Map<string, string>;
  spellings: Map<string, string>;
}

/** Organisations that read as one word with their role (`Chủ tịch nước`, `Trưởng đoàn …`) keep a small letter. */
// (So do units named with a common noun: `Trưởng phòng kinh doanh`, `Trưởng Phòng Tài nguyên …`.)
const LOWER_START = [
  ...['tỉnh', 'thành phố', 'huyện', 'quận', 'thị xã', 'xã', 'phường', 'thị trấn', 'nước', 'các', 'đoàn'],
  ...['phòng', 'trạm', 'nhà máy', 'chi nhánh', 'xí nghiệp'],
];

/** Spells out abbreviations, as whole tokens and case-sensitively (`TP` but not `tp`). */
function expandAbbreviations(text: string, abbreviations: Map<string, string>): string {
  return (
    text
      .split(' ')
      .map((token) => abbreviations.get(token) ?? token)
      .join(' ')
      // `TP.HCM`-style tokens glued to a dot are left to the place; a lone `TP.` is the city level.
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/**
 * Replaces known phrases by their standard spelling in one pass, longest first and
 * whole words only, so a replaced phrase is never matched again (`Bộ trưởng` stays
 * itself rather than becoming `Bộ Trưởng` through the shorter `trưởng`).
 */
const compiledSpellings = new WeakMap<Map<string, string>, { re: RegExp; byKey: Map<string, string> } | null>();

function spellingMatcher(spellings: Map<string, string>): { re: RegExp; byKey: Map<string, string> } | null {
  if (!compiledSpellings.has(spellings)) {
    const byKey = new Map([...spellings].map(([k, v]) => [foldText(k).toLowerCase(), v]));
    const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    compiledSpellings.set(spellings, keys.length ? { re, byKey } : null);
  }
  return compiledSpellings.get(spellings)!;
}

function respell(text: string, spellings: Map<string, string>): string {
  const matcher = spellingMatcher(spellings);
  if (!matcher) return text;
  return text.replace(matcher.re, (m) => matcher.byKey.get(m.toLowerCase()) ?? m);
}

/**
 * Canonical spellings already worked out, per spelling table (one per rule set and
 * kind; the abbreviations go with it): the same few hundred titles come back all the time.
 */
const canonicalCache = new WeakMap<Map<string, string>, Map<string, string>>();
const CACHE_LIMIT = 20000;

export function canonicalTitle(text: string, tables: TitleTables, isOrganization: boolean): string {
  let cache = canonicalCache.get(tables.spellings);
  if (!cache) canonicalCache.set(tables.spellings, (cache = new Map()));
  const key = (isOrganization ? 'o' : 'r') + text;
  let out = cache.get(key);
  if (out === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    out = spellTitle(text, tables, isOrganization);
    cache.set(key, out);
  }
  return out;
}

function spellTitle(text: string, tables: TitleTables, isOrganization: boolean): string {
  let out = foldText(text.normalize('NFC')).replace(/\s+/gu, ' ').trim();
  out = out.replace(/^nguyên\s+/iu, '');
  out = expandAbbreviations(out, tables.abbreviations);
  out = respell(out, tables.spellings);
  const startsWith = (w: string) => out.toLowerCase().startsWith(w + ' ') || out.toLowerCase() === w;
  if (isOrganization && out && !LOWER_START.some(startsWith)) {
    out = out[0].toUpperCase() + out.slice(1);
  }
  return out;
}

/**
 * Organisations that take a level word (`Ủy ban nhân dân tỉnh`, `Sở Xây dựng`, a city's
 * company): `TP.HCM` after them supplies `thành phố`. An association or a Party committee
 * does not (`Hội Cựu chiến binh TP.HCM`, `Thành ủy TP.HCM`).
 */
const TAKES_LEVEL =
  /(?:^|\s)(?:nhân dân|Mặt trận Tổ quốc(?: Việt Nam)?|Đại biểu Quốc hội)$|^(?:Tổng công ty|Công ty|Tập đoàn|Sở|Liên đoàn Lao động(?: \S+)?$)/u;
/** A place that is a city (`TP.HCM`, `Thành phố Cần Thơ`). */
const CITY_PLACE = /^(?:TP|Tp)(?!\p{Ll})|^Thành phố\s/u;

/**
 * The organisation with the level its place gives it, when it takes one and the place
 * is a city: `Bí thư TP.HCM` → `Bí thư thành phố`, `Chủ tịch UBND TP.HCM` → `… Ủy ban
 * nhân dân thành phố` (the city itself goes to value.place).
 */
export function withCityLevel(organization: string, place: string | null): string {
  if (!place || !CITY_PLACE.test(place) || (organization !== '' && !TAKES_LEVEL.test(organization))) return organization;
  return organization ? `${organization} thành phố` : 'thành phố';
}

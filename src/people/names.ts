/** How the people tables tell two spellings of one name or place apart, or don't. */
import { ExtractResult, holdersOf } from '../types';
import { foldText } from '../text/fold';

/** One key for the spellings of a name that differ only in tone placement, spacing or case. */
export const nameKey = (name: string): string => foldText(name.normalize('NFC')).replace(/\s+/gu, ' ').trim().toLowerCase();

/** A name's key with no diacritics at all: `Nguyen Thi Kim Ngan` and `Nguyễn Thị Kim Ngân` share it. */
const bareKey = (name: string): string => nameKey(name).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gu, 'd');

/** Every person a document names: people mentioned and the holders of its titles. */
export function namesIn(result: ExtractResult): string[] {
  const names = new Set<string>();
  for (const r of result.records) {
    if (r.type === 'person' && r.normalized) names.add(r.normalized);
    else if (r.type === 'title') for (const person of holdersOf(r.value)) names.add(person);
  }
  return [...names];
}

/**
 * The obvious variants of one name within one document, each with the name it spells:
 *   - written without diacritics (`Nguyen Thi Kim Ngan`) beside the one name that has them;
 *   - without the family name (`cô Kim Hồng`, `ông Hà Vũ`) beside the one full name of the
 *     document that ends with it (`Quan Thị Kim Hồng`, `Cù Huy Hà Vũ`).
 * A variant two names could stand for (`Văn Hùng` beside `Nguyễn Văn Hùng` and `Lê Văn Hùng`)
 * is left as it is. Keys are those of nameKey.
 */
export function nameVariants(names: readonly string[]): Map<string, string> {
  const spelled = new Map<string, string>();
  for (const name of names) spelled.set(nameKey(name), name.replace(/\s+/gu, ' ').trim());
  const keys = [...spelled.keys()];
  const variants = new Map<string, string>();
  for (const key of keys) {
    const full = onlyOne(keys.filter((other) => other !== key && spellsWithoutDiacritics(key, other)));
    const longer = full ?? onlyOne(keys.filter((other) => endsWithGivenName(other, key)));
    if (longer !== undefined) variants.set(key, longer);
  }
  // `Kim Hong` is `Kim Hồng`, which is `Quan Thị Kim Hồng`: each step is to a longer or fuller spelling, so this ends.
  const spelling = (key: string): string => (variants.has(key) ? spelling(variants.get(key)!) : spelled.get(key)!);
  return new Map([...variants.keys()].map((key) => [key, spelling(key)]));
}

/** How one document spells each of its people: a name, or the full name it is a variant of (`nameVariants`). */
export function spellingsIn(result: ExtractResult): (name: string) => string {
  const variants = nameVariants(namesIn(result));
  return (name) => variants.get(nameKey(name)) ?? name;
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

const spellsWithoutDiacritics = (bare: string, full: string): boolean => bare === bareKey(bare) && bareKey(full) === bare;

/**
 * `kim hồng` is `quan thị kim hồng` without its family name: two syllables or more, the last
 * ones of a longer name (with or without its diacritics when it has none: `kim lien`).
 */
function endsWithGivenName(full: string, given: string): boolean {
  const givenSyllables = given.split(' ').length;
  if (givenSyllables < 2 || full.split(' ').length <= givenSyllables) return false;
  return full.endsWith(' ' + given) || (given === bareKey(given) && bareKey(full).endsWith(' ' + given));
}

/**
 * Places under one spelling (`TPHCM`, `TP.HCM` and `Thành phố Hồ Chí Minh` are one city), from
 * the rule set's table `place_spellings` (rules/gazetteers.yaml): keys compared as names are.
 */
export class PlaceSpellings {
  private readonly byKey: Map<string, string>;

  constructor(table: ReadonlyMap<string, string> = new Map()) {
    this.byKey = new Map([...table].map(([variant, canonical]) => [nameKey(variant), canonical]));
  }

  canonical(place: string): string {
    const spaced = place.replace(/\s+/gu, ' ').trim();
    return this.byKey.get(nameKey(spaced)) ?? spaced;
  }
}

/** How the people tables tell two spellings of one name or place apart, or don't. */
import { foldText } from '../text/fold';

/** One key for the spellings of a name that differ only in tone placement, spacing or case. */
export const nameKey = (name: string): string => foldText(name.normalize('NFC')).replace(/\s+/gu, ' ').trim().toLowerCase();

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

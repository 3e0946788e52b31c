/**
 * `--types`: the rules a run needs to give exactly the records of the types asked for,
 * as a full run would. A record of a type is decided by the rules of its type (one
 * record per span within a type), by any record that claims its type (refiners/overlaps.ts)
 * — and so by whatever decides those claimers — by the records its rules' patterns refer
 * to (`{@organization}`), and, for titles, by the names the holder refiner links them to.
 * Every other rule can be left out: it makes no record the run keeps and touches none it
 * keeps.
 */
import { RuleSet } from '../rules/ruleset';
import { PERSON_TYPE, TITLE_TYPE } from '../refiners/holders';

/** Types whose records the refiners read when they refine another type's (titles read names). */
const READ_BY_REFINERS: ReadonlyMap<string, readonly string[]> = new Map([[TITLE_TYPE, [PERSON_TYPE]]]);

/** The record types that decide the records of `types`: those types and all they depend on. */
export function typesNeededFor(ruleSet: RuleSet, types: readonly string[]): Set<string> {
  const needed = new Set(types);
  let grown = true;
  while (grown) {
    grown = false;
    const add = (type: string) => {
      if (!needed.has(type)) {
        needed.add(type);
        grown = true;
      }
    };
    for (const rule of ruleSet.rules) {
      const { type, claims } = rule.def;
      if (needed.has(type)) {
        for (const referred of rule.references) add(referred);
        for (const read of READ_BY_REFINERS.get(type) ?? []) add(read);
      }
      if (claims.some((claimed) => claimed === '*' || (claimed !== type && needed.has(claimed)))) add(type);
    }
  }
  return needed;
}

const skipped = new WeakMap<RuleSet, Map<string, ReadonlySet<string>>>();

/** The ids of the rules a run of `types` can leave out (worked out once per rule set and list of types). */
export function rulesNotNeeded(ruleSet: RuleSet, types: readonly string[]): ReadonlySet<string> {
  let byTypes = skipped.get(ruleSet);
  if (!byTypes) skipped.set(ruleSet, (byTypes = new Map()));
  const key = [...types].sort().join(',');
  let ids = byTypes.get(key);
  if (!ids) {
    const needed = typesNeededFor(ruleSet, types);
    ids = new Set(ruleSet.rules.filter((r) => !needed.has(r.def.type)).map((r) => r.def.id));
    byTypes.set(key, ids);
  }
  return ids;
}

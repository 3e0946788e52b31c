/**
 * `--types`: the rules a run needs to give exactly the records of the types asked for,
 * as a full run would. A record of a type is decided by the rules of its type (one
 * record per span within a type), by any record that claims its type (refiners/overlaps.ts)
 * — and so by whatever decides those claimers — by the records its rules' patterns refer
 * to (`{@organization}`), and, for titles, by the names the holder refiner links them to.
 * Every other rule can be left out: it makes no record the run keeps and touches none it
 * keeps. (A date run needs the money range that claims `1000-2000 đồng` from the years,
 * and the figures that could take its span, but not every other kind of figure.)
 */
import { RuleSet } from '../rules/ruleset';
import { scannerOf } from '../rules/match';
import { TriggerScanner } from '../rules/trigger-scan';
import { PERSON_TYPE, TITLE_TYPE } from '../refiners/holders';

/** Types whose records the refiners read when they refine another type's (titles read names). */
const READ_BY_REFINERS: ReadonlyMap<string, readonly string[]> = new Map([[TITLE_TYPE, [PERSON_TYPE]]]);

/**
 * The lowest priority, per record type, of the rules that decide the records of `types`
 * (a type absent needs none of its rules). Every rule of a type asked for counts. A rule
 * that claims a type whose records count counts too; its own records are decided within
 * their type only by rules of that type with a priority as high (one record per span goes
 * to the higher priority, then the longer: a rule of lower priority never takes a span
 * from it), and the records it refers to and the names a title's holder is read from
 * count whole.
 */
export function prioritiesNeededFor(ruleSet: RuleSet, types: readonly string[]): Map<string, number> {
  const lowest = new Map<string, number>(types.map((t) => [t, -Infinity]));
  const counts = (rule: RuleSet['rules'][number]) => rule.def.priority >= (lowest.get(rule.def.type) ?? Infinity);
  let grown = true;
  const lower = (type: string, priority: number) => {
    if (priority < (lowest.get(type) ?? Infinity)) {
      lowest.set(type, priority);
      grown = true;
    }
  };
  while (grown) {
    grown = false;
    for (const rule of ruleSet.rules) {
      const { type, claims, priority } = rule.def;
      if (counts(rule)) {
        for (const referred of rule.references) lower(referred, -Infinity);
        for (const read of READ_BY_REFINERS.get(type) ?? []) lower(read, -Infinity);
      }
      if (claims.some((claimed) => claimed === '*' || (claimed !== type && lowest.has(claimed)))) lower(type, priority);
    }
  }
  return lowest;
}

/** The record types some of whose rules decide the records of `types`. */
export function typesNeededFor(ruleSet: RuleSet, types: readonly string[]): Set<string> {
  return new Set(prioritiesNeededFor(ruleSet, types).keys());
}

/** What a run of some types leaves out: the rules it need not run, and the scanner of the others' triggers. */
export interface Pruned {
  skipRules: ReadonlySet<string>;
  scanner: TriggerScanner;
}

const pruned = new WeakMap<RuleSet, Map<string, Pruned>>();

/** The rules a run of `types` can leave out, and its scanner (worked out once per rule set and list of types). */
export function prunedFor(ruleSet: RuleSet, types: readonly string[]): Pruned {
  let byTypes = pruned.get(ruleSet);
  if (!byTypes) pruned.set(ruleSet, (byTypes = new Map()));
  const key = [...types].sort().join(',');
  let found = byTypes.get(key);
  if (!found) {
    const lowest = prioritiesNeededFor(ruleSet, types);
    const skipRules = new Set(ruleSet.rules.filter((r) => r.def.priority < (lowest.get(r.def.type) ?? Infinity)).map((r) => r.def.id));
    found = { skipRules, scanner: scannerOf(ruleSet, skipRules) };
    byTypes.set(key, found);
  }
  return found;
}

/** What a run with these options leaves out; undefined when it runs every rule (no `types`, or helper records kept). */
export function prunedRun(ruleSet: RuleSet, options: { types?: readonly string[]; keepInternal?: boolean }): Pruned | undefined {
  return options.types && !options.keepInternal ? prunedFor(ruleSet, options.types) : undefined;
}

/** The ids of the rules a run of `types` can leave out. */
export function rulesNotNeeded(ruleSet: RuleSet, types: readonly string[]): ReadonlySet<string> {
  return prunedFor(ruleSet, types).skipRules;
}

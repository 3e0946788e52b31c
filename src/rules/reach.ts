/**
 * Where helper records that a later stage refers to are looked for. An organisation is
 * only ever part of a title right after the title's role word (or right after another
 * organisation of the chain), so its rules need not run anywhere else: the records
 * written out are the same, and most of an article is never tried.
 *
 * Each referring pattern has a lead: its source up to the first record it refers to,
 * closed into a regex of its own (record-marks.ts, `leadSource`). Where the lead matches at one
 * of the pattern's trigger words, a helper may start from there to just past the lead's
 * end; where a helper was found, the next of a chain may start just after it.
 */
import { CompiledPattern, CompiledRule, RuleSet } from './ruleset';
import { TriggerHits } from './trigger-scan';
import { MAX_REFERENCE_REACH } from './limits';

/** Past the end of a lead or of a helper: a few spaces and a short word (`của`). */
const GAP_AFTER = 8;

interface References {
  /** Internal types that later stages refer to. */
  helpers: Set<string>;
  /** The referring patterns, each with its lead; null when one of them has no trigger or no lead (then helpers are looked for everywhere). */
  patterns: CompiledPattern[] | null;
}

const referencesByRuleSet = new WeakMap<RuleSet, References>();

function referencesOf(ruleSet: RuleSet): References {
  let refs = referencesByRuleSet.get(ruleSet);
  if (!refs) {
    const referring = ruleSet.rules.filter((r) => r.references.length > 0);
    const referred = new Set(referring.flatMap((r) => r.references));
    // Only helpers: a type that is written out is wanted wherever it is.
    const helpers = new Set(
      [...referred].filter((type) => ruleSet.rules.every((r) => r.def.type !== type || r.def.internal)),
    );
    const patterns = referring.flatMap((r) => r.regexes.filter((p) => p.refers));
    const bounded = patterns.every((p) => p.trigger !== undefined && p.sources.lead !== undefined);
    referencesByRuleSet.set(ruleSet, (refs = { helpers, patterns: bounded ? patterns : null }));
  }
  return refs;
}

export function isReferencedHelper(ruleSet: RuleSet, rule: CompiledRule): boolean {
  return referencesOf(ruleSet).helpers.has(rule.def.type);
}

/** Positions a helper may start at, first from the leads; grown by `extendAfter` as helpers are found. */
export class Reach {
  readonly allowed: Uint8Array;

  private constructor(length: number) {
    this.allowed = new Uint8Array(length + 1);
  }

  /** Undefined when helpers must be looked for everywhere. */
  static of(ruleSet: RuleSet, folded: string, hits: TriggerHits, fullUnicode: boolean): Reach | undefined {
    const { helpers, patterns } = referencesOf(ruleSet);
    if (helpers.size === 0 || patterns === null) return undefined;
    const reach = new Reach(folded.length);
    for (const pattern of patterns) {
      const starts = hits[pattern.trigger!];
      if (starts.length === 0) continue;
      const lead = pattern.regexes(fullUnicode).lead!;
      for (const at of starts) {
        lead.lastIndex = at;
        const match = lead.exec(folded);
        if (match) reach.allow(at, at + Math.min(match[0].length, MAX_REFERENCE_REACH) + GAP_AFTER);
      }
    }
    return reach;
  }

  /** Allows starts from `from` to `to` (exclusive); the positions newly allowed, marked 1. */
  allow(from: number, to: number, fresh?: Uint8Array): void {
    const end = Math.min(to, this.allowed.length);
    for (let i = Math.max(0, from); i < end; i++) {
      if (this.allowed[i] === 1) continue;
      this.allowed[i] = 1;
      if (fresh) fresh[i] = 1;
    }
  }

  /** After helpers ending at `ends` were found: the positions where the next of a chain may start, not allowed before. */
  extendAfter(ends: number[]): Uint8Array | undefined {
    const fresh = new Uint8Array(this.allowed.length);
    let any = false;
    for (const end of ends) {
      this.allow(end, end + GAP_AFTER, fresh);
      any ||= fresh.subarray(end, end + GAP_AFTER).includes(1);
    }
    return any ? fresh : undefined;
  }
}

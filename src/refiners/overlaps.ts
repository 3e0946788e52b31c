/**
 * Settles overlapping candidates by declared precedence, never by special cases:
 * within a type the higher priority, then the longer, then the earlier match wins;
 * then a winner's `claims` remove overlapping candidates of the types it claims
 * (the years of `nhiệm kỳ 2020-2025` are a term's, not dates). Candidates of the
 * `ignore` type only claim: they never reach the output. Both steps work on sorted
 * intervals, so a document with tens of thousands of candidates stays fast.
 */
import { Candidate } from '../rules/match';
import { Refiner } from './refiner';

export const IGNORE_TYPE = 'ignore';

function byPrecedence(a: Candidate, b: Candidate): number {
  return b.rule.def.priority - a.rule.def.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/** Non-overlapping intervals kept sorted by start. */
class IntervalSet {
  private readonly items: Candidate[] = [];

  /** Index of the first interval starting at or after `position`. */
  private firstStartingAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid].start < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds `c` unless it overlaps an interval already in the set. */
  tryAdd(c: Candidate): boolean {
    const i = this.firstStartingAtOrAfter(c.start);
    if (i < this.items.length && this.items[i].start < c.end) return false;
    if (i > 0 && this.items[i - 1].end > c.start) return false;
    this.items.splice(i, 0, c);
    return true;
  }
}

function resolveWithinTypes(candidates: Candidate[]): Candidate[] {
  const byType = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const group = byType.get(c.type);
    if (group) group.push(c);
    else byType.set(c.type, [c]);
  }
  const kept: Candidate[] = [];
  for (const group of byType.values()) {
    const accepted = new IntervalSet();
    for (const c of group.sort(byPrecedence)) if (accepted.tryAdd(c)) kept.push(c);
  }
  return kept;
}

function claimsType(claimer: Candidate, type: string): boolean {
  const claims = claimer.rule.def.claims;
  return claimer.type !== type && (claims.includes(type) || claims.includes('*'));
}

function applyClaims(candidates: Candidate[]): Candidate[] {
  const byStart = [...candidates].sort((a, b) => a.start - b.start);
  const longest = byStart.reduce((max, c) => Math.max(max, c.end - c.start), 0);
  const removed = new Set<Candidate>();
  for (const claimer of [...candidates].sort(byPrecedence)) {
    if (removed.has(claimer) || claimer.rule.def.claims.length === 0) continue;
    // Candidates that can overlap the claimer start after (claimer.start - longest) and before claimer.end.
    let lo = 0;
    let hi = byStart.length;
    const from = claimer.start - longest;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byStart[mid].start < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < byStart.length && byStart[i].start < claimer.end; i++) {
      const other = byStart[i];
      if (other.end > claimer.start && !removed.has(other) && claimsType(claimer, other.type)) removed.add(other);
    }
  }
  return candidates.filter((c) => !removed.has(c));
}

export const resolveOverlaps: Refiner = (_ctx, candidates) => overlapsResolved(candidates);

function overlapsResolved(candidates: Candidate[]): Candidate[] {
  return applyClaims(resolveWithinTypes(candidates))
    .filter((c) => c.type !== IGNORE_TYPE)
    .sort((a, b) => a.start - b.start || a.end - b.end || byCharacters(a.type, b.type));
}

/** Types in the order of their characters: the same as the locale's for the built-in types, and with no collator to start. */
const byCharacters = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

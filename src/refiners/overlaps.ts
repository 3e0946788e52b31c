/**
 * Settles overlapping candidates by declared precedence, never by special cases:
 * within a type the higher priority, then the longer, then the earlier match wins;
 * then a winner's `claims` remove overlapping candidates of the types it claims
 * (the years of `nhiệm kỳ 2020-2025` are a term's, not dates). Candidates of the
 * `ignore` type only claim: they never reach the output.
 */
import { Candidate } from '../rules/match';

export const IGNORE_TYPE = 'ignore';

const overlaps = (a: Candidate, b: Candidate) => a.start < b.end && b.start < a.end;

function byPrecedence(a: Candidate, b: Candidate): number {
  return (
    b.rule.def.priority - a.rule.def.priority ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  );
}

/** Keeps, per type, the candidates that win against every overlapping one. */
function resolveWithinTypes(candidates: Candidate[]): Candidate[] {
  const byType = new Map<string, Candidate[]>();
  for (const c of candidates) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
  const kept: Candidate[] = [];
  for (const group of byType.values()) {
    const accepted: Candidate[] = [];
    for (const c of [...group].sort(byPrecedence)) {
      if (!accepted.some((a) => overlaps(a, c))) accepted.push(c);
    }
    kept.push(...accepted);
  }
  return kept;
}

function claimsType(claimer: Candidate, type: string): boolean {
  const claims = claimer.rule.def.claims;
  return claimer.type !== type && (claims.includes(type) || claims.includes('*'));
}

function applyClaims(candidates: Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(byPrecedence);
  const removed = new Set<Candidate>();
  for (const claimer of ordered) {
    if (removed.has(claimer) || claimer.rule.def.claims.length === 0) continue;
    for (const other of ordered) {
      if (!removed.has(other) && overlaps(claimer, other) && claimsType(claimer, other.type)) removed.add(other);
    }
  }
  return candidates.filter((c) => !removed.has(c));
}

export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  return applyClaims(resolveWithinTypes(candidates))
    .filter((c) => c.type !== IGNORE_TYPE)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));
}

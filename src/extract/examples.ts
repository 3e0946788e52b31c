/**
 * Runs every rule's own examples through the whole pipeline (all rules in effect, so
 * precedence and claims are part of what an example checks), the way ESLint's
 * RuleTester runs a rule's valid and invalid cases and Duckling's corpus is its test.
 */
import { extract } from './extract';
import { ExtractedRecord } from '../types';
import { RuleExample, SourcePosition } from '../rules/model';
import { RuleSet } from '../rules/ruleset';

export interface ExampleFailure {
  ruleId: string;
  position: SourcePosition;
  text: string;
  expected: string;
  actual: string;
}

export interface ExampleReport {
  passed: number;
  failures: ExampleFailure[];
}

/** True when `actual` holds every field of `expected` (deeply, for nested values). */
export function containsFields(actual: unknown, expected: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => containsFields((actual as Record<string, unknown>)[k], v));
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

const describeRecord = (r: ExtractedRecord) => `${r.rule} "${r.text}" → ${JSON.stringify(r.normalized)} ${JSON.stringify(r.value)}`;

function expectation(example: RuleExample): string {
  if (example.none) return 'no record of this type';
  const parts: string[] = [];
  if (example.match !== undefined) parts.push(`text ${JSON.stringify(example.match)}`);
  if (example.normalized !== undefined) parts.push(`normalized ${JSON.stringify(example.normalized)}`);
  if (example.value !== undefined) parts.push(`value with ${JSON.stringify(example.value)}`);
  return `a match${parts.length ? ' with ' + parts.join(' and ') : ''}`;
}

/** Checks one example; returns a description of what came out when it fails. */
export function checkExample(ruleId: string, ruleType: string, example: RuleExample, rules: RuleSet): string | undefined {
  const { records } = extract(example.text, { rules, date: example.date, layout: false, keepInternal: true });
  if (example.none) {
    const found = records.filter((r) => r.type === ruleType);
    return found.length ? found.map(describeRecord).join('; ') : undefined;
  }
  const own = records.filter((r) => r.rule === ruleId);
  const ok = own.some(
    (r) =>
      (example.match === undefined || r.text === example.match) &&
      (example.normalized === undefined || r.normalized === example.normalized) &&
      (example.value === undefined || containsFields(r.value, example.value)),
  );
  if (ok) return undefined;
  const sameType = records.filter((r) => r.type === ruleType);
  return sameType.length ? sameType.map(describeRecord).join('; ') : 'no record of this type';
}

export function runExamples(rules: RuleSet, onlyFiles?: Set<string>): ExampleReport {
  const report: ExampleReport = { passed: 0, failures: [] };
  for (const rule of rules.rules) {
    if (onlyFiles && !onlyFiles.has(rule.def.position.file)) continue;
    for (const example of rule.def.examples) {
      const actual = checkExample(rule.def.id, rule.def.type, example, rules);
      if (actual === undefined) report.passed++;
      else {
        report.failures.push({
          ruleId: rule.def.id,
          position: example.position,
          text: example.text,
          expected: expectation(example),
          actual,
        });
      }
    }
  }
  return report;
}

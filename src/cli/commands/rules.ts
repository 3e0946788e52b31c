/** `extract rules list` and `extract rules test`: the rules in effect, and their examples run. */
import * as path from 'path';
import { RuleSet } from '../../rules/ruleset';
import { runExamples } from '../../extract/examples';
import { loadRules, RuleOptions } from '../options';
import { EXIT, paint, raiseExitCode } from '../report';

function ruleLocation(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The longest of a rule's patterns once its blocks are expanded, in characters. */
const longestPattern = (rule: RuleSet['rules'][number]) => Math.max(...rule.regexes.map((p) => p.sources.detail.length));

export function runRulesList(options: RuleOptions & { stats?: boolean }): void {
  const rules = loadRules(options);
  const rows = rules.rules.map((r) => [
    r.def.id,
    r.def.type,
    `${ruleLocation(r.def.position.file)}:${r.def.position.line}`,
    String(r.def.examples.length),
    ...(options.stats ? [String(r.regexes.length), String(longestPattern(r))] : []),
  ]);
  const header = ['id', 'type', 'file', 'examples', ...(options.stats ? ['patterns', 'longest'] : [])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
  if (options.stats) {
    const longest = rules.rules.reduce((a, b) => (longestPattern(b) > longestPattern(a) ? b : a));
    const total = rules.rules.reduce((n, r) => n + r.regexes.reduce((m, p) => m + p.sources.detail.length, 0), 0);
    process.stdout.write(
      `${rules.rules.length} rules, ${rules.rules.reduce((n, r) => n + r.regexes.length, 0)} patterns, ${total} characters expanded; ` +
        `the longest pattern: ${longestPattern(longest)} characters (${longest.def.id})\n`,
    );
  }
}

export function runRulesTest(paths: string[], options: RuleOptions & { quiet?: boolean }): void {
  const rules = loadRules(options, paths);
  const report = runExamples(rules);
  for (const f of report.failures) {
    const where = `${ruleLocation(f.position.file)}:${f.position.line}:${f.position.column}`;
    process.stdout.write(
      `${paint.red('FAIL')} ${where} ${f.ruleId}\n  text:     ${f.text}\n  expected: ${f.expected}\n  got:      ${f.actual}\n`,
    );
  }
  process.stdout.write(`rules: ${report.passed} passed, ${report.failures.length} failed\n`);
  if (report.failures.length > 0) raiseExitCode(EXIT.INPUT_FAILED);
}

/**
 * What a figure measures and how it moved, read from the clause around it (SPEC
 * "statistic"): `value.change` from `tăng`/`giảm` just before the figure,
 * `value.metric` from the words before the verb that introduces it (`Thu ngân sách
 * đạt …`), and `value.comparedTo` from a `so với …` right after it. The word lists
 * are YAML: the tables `statistic_changes` and `statistic_metric_verbs`, the blocks
 * `statistic_linker` and `statistic_baseline` (rules/statistic.yaml).
 */
import { RuleSet } from '../rules/ruleset';
import { Refiner } from './refiner';
import { foldText } from '../text/fold';
import { escapeRegex } from '../text/regex';

export const STATISTIC_TYPE = 'statistic';

/** Characters that end a clause. */
const CLAUSE_END = new Set('.;:!?\n()“”"');
const MAX_METRIC_WORDS = 8;

function alternation(table: Map<string, string> | undefined): string {
  return [...(table?.keys() ?? [])]
    .map((k) => escapeRegex(foldText(k)))
    .sort((a, b) => b.length - a.length)
    .join('|');
}

interface StatisticContext {
  changes?: Map<string, string>;
  verbs?: Map<string, string>;
}

interface Matchers {
  change?: RegExp;
  verb?: RegExp;
  /** A clause's opening word that is no part of its metric. */
  linker?: RegExp;
  /** `so với` and what the figure is compared with, on the folded text (group 1). */
  comparedTo?: RegExp;
}

const cache = new WeakMap<object, Matchers>();

/** A block of the rule set as a regex, written as rule patterns are (folded, either case); undefined when no file defines it. */
function fromBlocks(rules: RuleSet, block: string, pattern: (source: string) => string, flags: string): RegExp | undefined {
  if (!rules.blocks.has(block)) return undefined;
  const at = { file: 'rules/statistic.yaml', line: 1, column: 1 };
  return new RegExp(pattern(rules.blocks.expand(`{${block}}`, at, undefined, true)), flags);
}

/** The statistics refiner's regexes for a rule set, built once. */
export function statisticMatchers(rules: RuleSet): Matchers {
  return matchers(statisticTables(rules), rules);
}

function matchers(ctx: StatisticContext, rules: RuleSet): Matchers {
  const key = ctx.changes ?? ctx.verbs ?? rules;
  let m = cache.get(key);
  if (!m) {
    const changes = alternation(ctx.changes);
    const verbs = alternation(ctx.verbs);
    m = {
      linker: fromBlocks(rules, 'statistic_linker', (words) => `^(?:${words})\\s+`, 'u'),
      comparedTo: fromBlocks(rules, 'statistic_baseline', (base) => `^\\s*(?:[\\p{L}]+\\s+){0,3}?so với\\s+(${base})`, 'du'),
      // the change word, at most two words before the figure (`tăng 35 xã`, `giảm còn 3,42%`)
      change: changes ? new RegExp(`(?<![\\p{L}])(${changes})(?:\\s+[\\p{L}]+){0,2}\\s*$`, 'iu') : undefined,
      // the metric, then the verb, then up to three words before the figure
      verb: verbs ? new RegExp(`^(.*?)\\s+(?:ước\\s+)?(?:${verbs})(?:\\s+[\\p{L}]+){0,3}\\s*$`, 'iu') : undefined,
    };
    cache.set(key, m);
  }
  return m;
}

/** The clause right before a figure: back to the last sentence or clause break. */
function clauseBefore(text: string, start: number): string {
  const window = foldText(text.slice(Math.max(0, start - 160), start));
  let cut = window.length;
  while (cut > 0 && !CLAUSE_END.has(window[cut - 1])) cut--;
  const clause = window.slice(cut);
  const comma = clause.lastIndexOf(',');
  return (comma >= 0 ? clause.slice(comma + 1) : clause).replace(/\s+/gu, ' ');
}

function metricOf(clause: string, verb: RegExp | undefined, linker: RegExp | undefined): string | null {
  const m = verb?.exec(clause);
  if (!m) return null;
  const metric = (linker ? m[1].trim().replace(linker, '') : m[1]).trim();
  const words = metric.split(/\s+/u).filter(Boolean);
  if (words.length === 0 || words.length > MAX_METRIC_WORDS) return null;
  return metric;
}

/** The tables a figure's description reads (none with a rule set that defines neither). */
const statisticTables = (rules: RuleSet): StatisticContext => ({
  changes: rules.tables.get('statistic_changes'),
  verbs: rules.tables.get('statistic_metric_verbs'),
});

/** What the figure ending at `end` is compared with, as the document writes it. */
function comparedTo(doc: { text: string; folded: string }, end: number, pattern: RegExp | undefined): string | undefined {
  const match = pattern?.exec(doc.folded.slice(end, end + 80));
  const span = match?.indices?.[1];
  return span ? doc.text.slice(end + span[0], end + span[1]) : undefined;
}

export const describeStatistics: Refiner = (doc, candidates) => {
  const { text } = doc;
  const ctx = statisticTables(doc.rules);
  const { change, verb, linker, comparedTo: baseline } = matchers(ctx, doc.rules);
  for (const c of candidates) {
    if (c.type !== STATISTIC_TYPE) continue;
    const clause = clauseBefore(text, c.start);
    const changeWord = change?.exec(clause)?.[1];
    const compared = comparedTo(doc, c.end, baseline);
    const value = { ...c.value };
    value.change = changeWord ? (ctx.changes?.get(changeWord.toLowerCase()) ?? null) : null;
    value.metric = metricOf(clause, verb, linker);
    if (compared !== undefined) value.comparedTo = compared;
    c.value = value;
  }
  return candidates;
};

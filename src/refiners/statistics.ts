/**
 * What a figure measures and how it moved, read from the clause around it (SPEC
 * "statistic"): `value.change` from `tăng`/`giảm` just before the figure,
 * `value.metric` from the words before the verb that introduces it (`Thu ngân sách
 * đạt …`), and `value.comparedTo` from a `so với …` right after it. The word lists
 * are the YAML tables `statistic_changes` and `statistic_metric_verbs`.
 */
import { RuleSet } from '../rules/ruleset';
import { Refiner } from './refiner';
import { foldText } from '../text/fold';
import { escapeRegex } from '../text/regex';

export const STATISTIC_TYPE = 'statistic';

/** Characters that end a clause. */
const CLAUSE_END = new Set('.;:!?\n()“”"');
const LEADING_LINKERS = /^(?:và|còn|trong đó|riêng|đồng thời|nhưng|tuy nhiên|bên cạnh đó|cụ thể|theo đó)\s+/iu;
const COMPARED_TO =
  /^\s*(?:[\p{L}]+\s+){0,3}?so với\s+(cùng kỳ(?: năm trước)?|năm (?:19|20)\d\d|năm trước|kế hoạch(?: năm)?|đầu năm|quý [IVX\d]+(?: năm (?:19|20)\d\d)?|(?:19|20)\d\d)/u;
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
}

const cache = new WeakMap<object, Matchers>();

function matchers(ctx: StatisticContext): Matchers {
  const key = ctx.changes ?? ctx.verbs ?? ctx;
  let m = cache.get(key);
  if (!m) {
    const changes = alternation(ctx.changes);
    const verbs = alternation(ctx.verbs);
    m = {
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

function metricOf(clause: string, verb: RegExp | undefined): string | null {
  const m = verb?.exec(clause);
  if (!m) return null;
  const metric = m[1].trim().replace(LEADING_LINKERS, '').trim();
  const words = metric.split(/\s+/u).filter(Boolean);
  if (words.length === 0 || words.length > MAX_METRIC_WORDS) return null;
  return metric;
}

/** The tables a figure's description reads (none with a rule set that defines neither). */
const statisticTables = (rules: RuleSet): StatisticContext => ({
  changes: rules.tables.get('statistic_changes'),
  verbs: rules.tables.get('statistic_metric_verbs'),
});

export const describeStatistics: Refiner = (doc, candidates) => {
  const { text } = doc;
  const ctx = statisticTables(doc.rules);
  const { change, verb } = matchers(ctx);
  for (const c of candidates) {
    if (c.type !== STATISTIC_TYPE) continue;
    const clause = clauseBefore(text, c.start);
    const changeWord = change?.exec(clause)?.[1];
    const compared = COMPARED_TO.exec(text.slice(c.end, c.end + 80));
    const value = { ...c.value };
    value.change = changeWord ? (ctx.changes?.get(changeWord.toLowerCase()) ?? null) : null;
    value.metric = metricOf(clause, verb);
    if (compared) value.comparedTo = compared[1];
    c.value = value;
  }
  return candidates;
};

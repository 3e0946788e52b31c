/**
 * Scores extracted records against a gold file exactly as SPEC §4 says: per document
 * and type, the set of distinct `normalized` values (holders as person–title pairs),
 * compared case-insensitively after NFC and tone folding; precision, recall and F1
 * micro-averaged over documents; published and headline accuracy.
 */
import * as path from 'path';
import { foldText } from '../text/fold';
import { ExtractResult, holdersOf } from '../types';

export const SCORED_TYPES = ['date', 'term', 'title', 'holder', 'statistic', 'document'] as const;

export interface GoldDocument {
  doc: string;
  published?: string | null;
  headline?: string | null;
  [type: string]: unknown;
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  doc: string;
  type: string;
  kind: 'miss' | 'false';
  value: string;
  evidence?: string;
}

export interface EvalReport {
  documents: number;
  types: Record<string, TypeScore>;
  published: { correct: number; total: number; accuracy: number };
  headline: { correct: number; total: number; accuracy: number };
  misses: Miss[];
  /** Inputs with no gold line. */
  unmatched: string[];
}

export function comparisonKey(value: string): string {
  return foldText(value.normalize('NFC')).replace(/\s+/gu, ' ').trim().toLowerCase();
}

export function parseGold(text: string, file: string): Map<string, GoldDocument> {
  const gold = new Map<string, GoldDocument>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: GoldDocument;
    try {
      parsed = JSON.parse(line) as GoldDocument;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    if (typeof parsed.doc !== 'string') throw new Error(`${file}:${i + 1}: a gold line needs a "doc" name`);
    gold.set(path.basename(parsed.doc), parsed);
  });
  return gold;
}

type Pair = [string, string];

/** The values of one type that a result holds, as display strings. */
export function predictedValues(result: ExtractResult, type: string): string[] {
  if (type === 'holder') {
    return result.records
      .filter((r) => r.type === 'title' && r.normalized)
      .flatMap((r) => holdersOf(r.value).map((person) => JSON.stringify([person, r.normalized] as Pair)));
  }
  return result.records.filter((r) => r.type === type && r.normalized !== null).map((r) => r.normalized!);
}

function goldValues(gold: GoldDocument, type: string): string[] {
  const list = gold[type];
  if (!Array.isArray(list)) return [];
  return list.map((v) => (Array.isArray(v) ? JSON.stringify(v) : String(v)));
}

function keyOf(type: string, display: string): string {
  if (type !== 'holder') return comparisonKey(display);
  const [person, title] = JSON.parse(display) as Pair;
  return `${comparisonKey(person)}\u0000${comparisonKey(title)}`;
}

function keyed(type: string, values: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) if (!out.has(keyOf(type, v))) out.set(keyOf(type, v), v);
  return out;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function evidenceOf(gold: GoldDocument, type: string, display: string): string | undefined {
  const evidence = (gold.evidence as Record<string, Record<string, string>> | undefined)?.[type];
  return evidence?.[display];
}

function samePublished(gold: string | null | undefined, ours: string | null): boolean {
  if (!gold) return !ours;
  if (!ours) return false;
  return gold.includes('T') ? gold === ours : gold === ours.slice(0, 10);
}

function sameHeadline(gold: string | null | undefined, ours: string | null): boolean {
  if (!gold) return !ours;
  return ours !== null && comparisonKey(gold) === comparisonKey(ours);
}

export function score(
  results: Array<{ doc: string; result: ExtractResult }>,
  gold: Map<string, GoldDocument>,
  types: readonly string[] = SCORED_TYPES,
): EvalReport {
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const t of types) counts[t] = { tp: 0, fp: 0, fn: 0 };
  const report: EvalReport = {
    documents: 0,
    types: {},
    published: { correct: 0, total: 0, accuracy: 0 },
    headline: { correct: 0, total: 0, accuracy: 0 },
    misses: [],
    unmatched: [],
  };
  for (const { doc, result } of results) {
    const g = gold.get(path.basename(doc));
    if (!g) {
      report.unmatched.push(doc);
      continue;
    }
    report.documents++;
    for (const type of types) {
      const expected = keyed(type, goldValues(g, type));
      const found = keyed(type, predictedValues(result, type));
      for (const [key, display] of found) {
        if (expected.has(key)) counts[type].tp++;
        else {
          counts[type].fp++;
          report.misses.push({ doc, type, kind: 'false', value: display });
        }
      }
      for (const [key, display] of expected) {
        if (!found.has(key)) {
          counts[type].fn++;
          report.misses.push({ doc, type, kind: 'miss', value: display, evidence: evidenceOf(g, type, display) });
        }
      }
    }
    report.published.total++;
    if (samePublished(g.published, result.meta.published)) report.published.correct++;
    report.headline.total++;
    if (sameHeadline(g.headline, result.meta.headline)) report.headline.correct++;
  }
  for (const type of types) {
    const { tp, fp, fn } = counts[type];
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = tp === 0 ? (fp === 0 && fn === 0 ? 1 : 0) : (2 * precision * recall) / (precision + recall);
    report.types[type] = { tp, fp, fn, precision, recall, f1 };
  }
  report.published.accuracy = ratio(report.published.correct, report.published.total);
  report.headline.accuracy = ratio(report.headline.correct, report.headline.total);
  return report;
}

export function formatReport(report: EvalReport, showMisses: boolean): string {
  const f = (n: number) => n.toFixed(3);
  const lines = [`documents: ${report.documents}`, 'type        precision  recall  f1     tp   fp   fn'];
  for (const [type, s] of Object.entries(report.types)) {
    lines.push(
      `${type.padEnd(11)} ${f(s.precision).padEnd(10)} ${f(s.recall).padEnd(7)} ${f(s.f1).padEnd(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}`,
    );
  }
  lines.push(`published   accuracy ${f(report.published.accuracy)} (${report.published.correct}/${report.published.total})`);
  lines.push(`headline    accuracy ${f(report.headline.accuracy)} (${report.headline.correct}/${report.headline.total})`);
  if (report.unmatched.length) lines.push(`no gold line for: ${report.unmatched.join(', ')}`);
  if (showMisses && report.misses.length) {
    lines.push('', 'misses (-) and false hits (+):');
    for (const m of report.misses) {
      const evidence = m.evidence ? `   ← "${m.evidence}"` : '';
      lines.push(`${m.kind === 'miss' ? '-' : '+'} ${path.basename(m.doc)} ${m.type}: ${m.value}${evidence}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * `npm run compare:dates`: extract's dates against chrono-node's `chrono.vi`, scored
 * by the same scorer on every gold file there is (the seeds' always; the dev corpus
 * when ../shared is beside the project). Prints one row per system and gold file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extract } from '../extract/extract';
import { decodeBytes } from '../text/decode';
import { parseGold, score } from '../eval/score';
import { findReferenceDate } from '../layout/reference-date';
import { asChronoResult } from './chrono-peer';

export interface GoldSet {
  name: string;
  gold: string;
  files: string[];
}

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');

const txtFiles = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(dir, f)) : [];

export function goldSets(): GoldSet[] {
  const sets: GoldSet[] = [{ name: 'seeds', gold: path.join(ROOT, 'test', 'fixtures', 'gold-seeds.jsonl'), files: txtFiles(path.join(ROOT, 'seeds')) }];
  const devGold = path.join(SHARED, 'gold', 'dev.jsonl');
  if (fs.existsSync(devGold)) sets.push({ name: 'dev', gold: devGold, files: txtFiles(path.join(SHARED, 'corpus', 'dev')) });
  return sets;
}

export interface DateRow {
  gold: string;
  system: string;
  precision: number;
  recall: number;
  f1: number;
}

export function compareDates(set: GoldSet): DateRow[] {
  const gold = parseGold(fs.readFileSync(set.gold, 'utf8'), set.gold);
  const ours = [];
  const theirs = [];
  for (const doc of set.files) {
    const text = decodeBytes(fs.readFileSync(doc)).text;
    const result = extract(text);
    ours.push({ doc, result });
    theirs.push({ doc, result: asChronoResult(text, result, findReferenceDate(undefined, result.meta)) });
  }
  return [
    { system: 'extract', report: score(ours, gold, ['date']) },
    { system: 'chrono.vi', report: score(theirs, gold, ['date']) },
  ].map(({ system, report }) => ({ gold: set.name, system, ...report.types.date }));
}

function main(): void {
  const f = (n: number) => n.toFixed(3);
  console.log('| gold | system | date precision | date recall | date F1 |');
  console.log('|---|---|---|---|---|');
  for (const set of goldSets()) {
    for (const row of compareDates(set)) {
      console.log(`| ${row.gold} (${set.files.length}) | ${row.system} | ${f(row.precision)} | ${f(row.recall)} | ${f(row.f1)} |`);
    }
  }
}

if (require.main === module) main();

/**
 * `npm run false-hits`: every rule over the whole VNTC politics corpus
 * (../shared/corpus/vntc-politics.jsonl.gz), and for each rule the 20 strings it takes
 * most often, with counts — so a reader sees what each rule really matches, and a rule
 * that takes what it should not stands out. Helper records (person names) and records
 * that overlaps and claims removed are not counted: these are the records a user gets.
 *
 *   npm run false-hits [-- --rule date.day-month] [--top 20] [--limit N] [--corpus FILE]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as readline from 'readline';
import { extract, defaultRules } from '../extract/extract';

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'vntc-politics.jsonl.gz');

interface Options {
  corpus: string;
  top: number;
  limit: number;
  rule?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { corpus: DEFAULT_CORPUS, top: 20, limit: Infinity };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--corpus') options.corpus = value;
    else if (argv[i] === '--top') options.top = Number(value);
    else if (argv[i] === '--limit') options.limit = Number(value);
    else if (argv[i] === '--rule') options.rule = value;
    else throw new Error(`unknown option ${argv[i]} (known: --corpus, --top, --limit, --rule)`);
    i++;
  }
  return options;
}

/** Per rule, how often each string (its text, whitespace evened, with the normalized value) was taken. */
export type Tally = Map<string, Map<string, number>>;

export function tallyDocument(text: string, tally: Tally, onlyRule?: string): void {
  const rules = defaultRules();
  for (const r of extract(text, { rules }).records) {
    if (onlyRule !== undefined && r.rule !== onlyRule) continue;
    const key = `${r.text.replace(/\s+/gu, ' ')}  →  ${r.normalized ?? 'null'}`;
    const counts = tally.get(r.rule) ?? new Map<string, number>();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    tally.set(r.rule, counts);
  }
}

export function formatTally(tally: Tally, top: number): string {
  const lines: string[] = [];
  for (const rule of [...tally.keys()].sort()) {
    const counts = tally.get(rule)!;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    lines.push(`## ${rule}: ${total} records, ${counts.size} distinct`);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
    for (const [key, n] of sorted) lines.push(`${String(n).padStart(7)}  ${key}`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(options.corpus)) {
    process.stderr.write(`false-hits: ${options.corpus} not found (it is in ../shared/corpus/)\n`);
    process.exitCode = 2;
    return;
  }
  const tally: Tally = new Map();
  const lines = readline.createInterface({ input: fs.createReadStream(options.corpus).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let documents = 0;
  for await (const line of lines) {
    if (documents >= options.limit) break;
    if (line.trim() === '') continue;
    tallyDocument((JSON.parse(line) as { text: string }).text, tally, options.rule);
    documents++;
  }
  process.stdout.write(`# What each rule takes: ${documents} VNTC articles, top ${options.top} strings per rule\n\n${formatTally(tally, options.top)}`);
}

if (require.main === module) void main();

/**
 * `npm run bench`: throughput and memory of the whole command on a synthetic corpus
 * built from the seeds and ../shared/corpus (when present) in a temporary folder —
 * by default ≥ 100 MB in ≥ 10,000 files, plus one 50 MB file — for --jobs 1 and
 * --jobs 2, with chrono-node's `chrono.vi` (dates only) on the same corpus as the peer
 * row. Two more rows split the one-job figure, on the corpus's first files: extract()
 * alone, and the JSON Lines writer alone on the records it gave, both in this process.
 * Prints a Markdown table and writes it, with the machine, to bench/RESULTS.md.
 *
 *   npm run bench -- --mb 10 --files 1000 --big-mb 5     a quicker, smaller run
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { binArgs } from './bin';
import * as chrono from 'chrono-node';
import { extract } from '../extract/extract';
import { createWriter } from '../output/writers';
import { ExtractResult } from '../types';

const ROOT = path.resolve(__dirname, '..', '..');

interface Options {
  mb: number;
  files: number;
  bigMb: number;
  /** Megabytes of the corpus the in-process rows read. */
  sampleMb: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { mb: 100, files: 10000, bigMb: 50, sampleMb: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${argv[i]} needs a positive number`);
    if (argv[i] === '--mb') options.mb = value;
    else if (argv[i] === '--files') options.files = Math.round(value);
    else if (argv[i] === '--big-mb') options.bigMb = value;
    else if (argv[i] === '--sample-mb') options.sampleMb = value;
    else throw new Error(`unknown option ${argv[i]} (known: --mb, --files, --big-mb, --sample-mb)`);
  }
  return options;
}

function sourceTexts(): string[] {
  const dirs = [path.join(ROOT, 'seeds'), path.join(ROOT, '..', 'shared', 'corpus', 'dev')];
  return dirs.filter((d) => fs.existsSync(d)).flatMap((d) =>
    fs.readdirSync(d).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(d, f), 'utf8')),
  );
}

/** Writes the corpus: `files` files totalling at least `mb` MB, and one big file. */
function buildCorpus(options: Options): { dir: string; big: string; bytes: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-bench-'));
  const dir = path.join(root, 'corpus');
  fs.mkdirSync(dir);
  const sources = sourceTexts();
  const target = (options.mb * 1e6) / options.files;
  let bytes = 0;
  let next = 0;
  for (let i = 0; i < options.files || bytes < options.mb * 1e6; i++) {
    let text = '';
    while (Buffer.byteLength(text) < target) text += sources[next++ % sources.length] + '\n\n';
    fs.writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  const big = path.join(root, 'big.txt');
  const fd = fs.openSync(big, 'w');
  let written = 0;
  for (let i = 0; written < options.bigMb * 1e6; i++) {
    const chunk = Buffer.from(sources[i % sources.length] + '\n\n');
    fs.writeSync(fd, chunk);
    written += chunk.length;
  }
  fs.closeSync(fd);
  return { dir, big, bytes };
}

interface Row {
  input: string;
  system: string;
  mb: number;
  seconds: number;
  documents: number;
  records: number;
  peakMb: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

const NEWLINE = 0x0a;
const META = Buffer.from('"type":"meta"');

/** Runs the CLI as a user would, counting output lines and reading its peak memory. */
function runExtract(input: string, jobs: number): Promise<Omit<Row, 'input' | 'system' | 'mb'>> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, binArgs(['--format', 'jsonl', '--quiet', '--jobs', String(jobs), '--timeout', '600', input]), {
      env: { ...process.env, EXTRACT_BENCH_RUSAGE: '1' },
    });
    // Counted on the bytes, with native searches: the bench shares the machine with the
    // run it measures, and must not take a core's worth of it decoding the output.
    let lines = 0;
    let documents = 0;
    let tail = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
      const window = Buffer.concat([tail, chunk]);
      for (let i = window.indexOf(META); i >= 0; i = window.indexOf(META, i + 1)) documents++;
      tail = window.subarray(Math.max(0, window.length - META.length + 1));
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = seconds(started);
      const rss = /extract-bench-maxrss-kb (\d+)/.exec(stderr);
      if (code !== 0) return reject(new Error(`extract exited ${code}: ${stderr.slice(0, 500)}`));
      resolve({ seconds: elapsed, documents, records: lines - documents, peakMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}

/** chrono.vi over the same files, dates only, in this process. */
function runChrono(files: string[]): Omit<Row, 'input' | 'system' | 'mb'> {
  const started = process.hrtime.bigint();
  let records = 0;
  let peak = process.memoryUsage().rss;
  const reference = new Date(2021, 0, 1);
  for (const file of files) {
    records += chrono.vi.parse(fs.readFileSync(file, 'utf8'), reference).length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { seconds: seconds(started), documents: files.length, records, peakMb: peak / 1048576 };
}

/**
 * Where one job's time goes: extract() alone on the first `sampleMb` of the corpus, then
 * the JSON Lines writer alone (render and encode to UTF-8, as a worker does) on the records
 * it gave. Neither reads nor writes a file. Each runs once untimed first, so the figures
 * are of warm code, as in a long run.
 */
function runInProcess(files: string[], sampleMb: number): { name: string; extract: Omit<Row, 'input'>; write: Omit<Row, 'input'> } {
  const texts: string[] = [];
  let bytes = 0;
  for (const file of files) {
    if (bytes >= sampleMb * 1e6) break;
    texts.push(fs.readFileSync(file, 'utf8'));
    bytes += Buffer.byteLength(texts[texts.length - 1]);
  }
  const extractAll = () => texts.map((text) => extract(text));
  const writer = createWriter('jsonl');
  const utf8 = new TextEncoder();
  const writeAll = (results: ExtractResult[]) => results.reduce((n, r, i) => n + utf8.encode(writer.render!(files[i], r)).length, 0);

  writeAll(extractAll());
  let started = process.hrtime.bigint();
  const results = extractAll();
  const extractSeconds = seconds(started);
  started = process.hrtime.bigint();
  writeAll(results);
  const writeSeconds = seconds(started);

  const mb = bytes / 1e6;
  const records = results.reduce((n, r) => n + r.records.length, 0);
  const row = (system: string, s: number) => ({ system, mb, seconds: s, documents: texts.length, records, peakMb: NaN });
  return {
    name: `first ${mb.toFixed(0)} MB (${texts.length} files)`,
    extract: row('extract() alone, in process', extractSeconds),
    write: row('JSON Lines writing alone, in process', writeSeconds),
  };
}

function table(rows: Row[]): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  return [
    '| input | system | MB/s | documents/s | records/s | peak RSS (MB) |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.input} | ${r.system} | ${f(r.mb / r.seconds, 2)} | ${f(r.documents / r.seconds)} | ${f(r.records / r.seconds, 0)} | ${f(r.peakMb, 0)} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  process.stderr.write(`building a ${options.mb} MB corpus of ${options.files} files and a ${options.bigMb} MB file…\n`);
  const { dir, big, bytes } = buildCorpus(options);
  const corpusName = `corpus (${(bytes / 1e6).toFixed(0)} MB, ${fs.readdirSync(dir).length} files)`;
  const bigName = `one file (${(fs.statSync(big).size / 1e6).toFixed(0)} MB)`;
  const rows: Row[] = [];
  for (const [input, name, mb] of [[dir, corpusName, bytes / 1e6], [big, bigName, fs.statSync(big).size / 1e6]] as const) {
    for (const jobs of [1, 2]) {
      process.stderr.write(`extract --jobs ${jobs} on ${name}…\n`);
      rows.push({ input: name, system: `extract --jobs ${jobs}`, mb, ...(await runExtract(input, jobs)) });
    }
  }
  process.stderr.write(`chrono.vi on ${corpusName}…\n`);
  const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
  rows.push({ input: corpusName, system: 'chrono.vi (dates only)', mb: bytes / 1e6, ...runChrono(files) });
  process.stderr.write(`extract() and the JSON Lines writer in process on the first ${options.sampleMb} MB…\n`);
  const split = runInProcess(files, options.sampleMb);
  rows.push({ input: split.name, ...split.extract }, { input: split.name, ...split.write });

  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const out = `${table(rows)}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n`;
  process.stdout.write(out);
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), `# npm run bench\n\n${out}`);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});

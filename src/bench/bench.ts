/**
 * `npm run bench`: the tool's speed on real text, as a user meets it, each figure a
 * median of several runs (this machine is noisy), written to bench/RESULTS.md:
 *
 * - one-article latency: `extract --format jsonl` on an 8 KB seed, beside `node -e 0`;
 * - the VNTC corpus (../shared/corpus/vntc-politics.jsonl.gz, 12,767 articles) written
 *   out as files: MB/s wall and per core (CPU time of all the process's threads) for all
 *   types and for `--types date`, beside chrono.vi on the same files in the same run,
 *   one job and two, with peak memory and whether the outputs of one and two jobs are
 *   byte for byte the same;
 * - one 50 MB file (the corpus run together), one job and two.
 *
 * Without ../shared the corpus is the seeds copied to about 10 MB (said in the table).
 *
 *   npm run bench -- --articles 3000 --big-mb 10 --repeat 1     a quicker, smaller run
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { spawn, spawnSync } from 'child_process';
import { binArgs } from './bin';

const ROOT = path.resolve(__dirname, '..', '..');
const VNTC = path.join(ROOT, '..', 'shared', 'corpus', 'vntc-politics.jsonl.gz');
/** The one-article run reads this seed (7.9 KB). */
const ARTICLE = path.join(ROOT, 'seeds', '003_c1d1f7f42b3b49c0.txt');
const CHRONO_RUN = path.join(__dirname, 'chrono-run.js');

interface Options {
  articles: number;
  bigMb: number;
  repeat: number;
  latencyRuns: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { articles: Infinity, bigMb: 50, repeat: 3, latencyRuns: 10 };
  const names: Record<string, keyof Options> = { '--articles': 'articles', '--big-mb': 'bigMb', '--repeat': 'repeat', '--latency-runs': 'latencyRuns' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(names).join(', ')})`);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${argv[i]} needs a positive number`);
    options[key] = value;
  }
  return options;
}

interface Corpus {
  dir: string;
  big: string;
  name: string;
  bytes: number;
  files: number;
}

/** The corpus as files in a temporary folder, and the same text as one file of `bigMb`. */
function writeCorpus(options: Options): Corpus {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-bench-'));
  const dir = path.join(root, 'corpus');
  fs.mkdirSync(dir);
  const texts = corpusTexts(options);
  let bytes = 0;
  texts.forEach(({ name, text }) => {
    fs.writeFileSync(path.join(dir, name), text);
    bytes += Buffer.byteLength(text);
  });
  const big = path.join(root, 'big.txt');
  const fd = fs.openSync(big, 'w');
  for (let written = 0, i = 0; written < options.bigMb * 1e6; i++) written += fs.writeSync(fd, `${texts[i % texts.length].text}\n\n`);
  fs.closeSync(fd);
  const source = fs.existsSync(VNTC) ? 'VNTC' : 'seeds copied (no ../shared)';
  return { dir, big, bytes, files: texts.length, name: `${source}: ${texts.length} files, ${(bytes / 1e6).toFixed(1)} MB` };
}

function corpusTexts(options: Options): Array<{ name: string; text: string }> {
  if (fs.existsSync(VNTC)) {
    const lines = zlib.gunzipSync(fs.readFileSync(VNTC)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(0, Math.min(lines.length, options.articles)).map((line) => JSON.parse(line) as { name: string; text: string });
  }
  const seeds = fs.readdirSync(path.join(ROOT, 'seeds')).sort().map((f) => fs.readFileSync(path.join(ROOT, 'seeds', f), 'utf8'));
  return Array.from({ length: Math.min(options.articles, 700) }, (_, i) => ({ name: `${String(i).padStart(5, '0')}.txt`, text: seeds[i % seeds.length] }));
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  records: number;
  sha256: string;
}

/** A whole process, timed from spawn to exit; its output's lines counted and hashed as they come. */
function runProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
    const hash = crypto.createHash('sha256');
    let lines = 0;
    let head = '';
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      if (head.length < 4096) head += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      const rss = /extract-bench-maxrss-kb (\d+)/.exec(stderr);
      const cpu = /extract-bench-cpu-us (\d+)/.exec(stderr);
      resolve({ seconds, cpuSeconds: cpu ? Number(cpu[1]) / 1e6 : NaN, peakMb: rss ? Number(rss[1]) / 1024 : NaN, records: lines, sha256: hash.digest('hex'), stdout: head });
    });
  });
}

const extractRun = (input: string, jobs: number, types?: string) =>
  runProcess(binArgs(['--format', 'jsonl', '--quiet', '--jobs', String(jobs), '--timeout', '600', ...(types ? ['--types', types] : []), input]), {
    EXTRACT_BENCH_RUSAGE: '1',
  });

async function chronoRun(dir: string): Promise<Run> {
  const run = await runProcess([CHRONO_RUN, dir]);
  const report = JSON.parse(run.stdout) as { results: number; cpuSeconds: number; maxRssKb: number };
  return { ...run, records: report.results, cpuSeconds: report.cpuSeconds, peakMb: report.maxRssKb / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The median of each figure over `runs`. */
function medianRun(runs: Run[]): Run {
  return {
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMb: Math.max(...runs.map((r) => r.peakMb)),
    records: runs[0].records,
    sha256: runs[0].sha256,
  };
}

/** One article, `runs` times, interleaved with `node -e 0`: the medians, in seconds. */
async function latency(runs: number): Promise<{ article: number; node: number }> {
  const article: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    article.push((await runProcess(binArgs(['--format', 'jsonl', ARTICLE]))).seconds);
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    node.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { article: median(article), node: median(node) };
}

/**
 * What two cores give here at best: one busy Node process alone, then two at once (the
 * same loop), as the ratio of their work per second. A shared or busy machine gives two
 * processes less than twice one's speed, and `--jobs 2` cannot beat that.
 */
async function machineScaling(): Promise<number> {
  const loop = ['-e', 'let s = 0; for (let i = 0; i < 4e8; i++) s += i % 7;'];
  const one = (await runProcess(loop)).seconds;
  const started = process.hrtime.bigint();
  await Promise.all([runProcess(loop), runProcess(loop)]);
  return (2 * one) / (Number(process.hrtime.bigint() - started) / 1e9);
}

interface Row {
  input: string;
  system: string;
  mb: number;
  run: Run;
}

/** Runs each system `repeat` times in turn (A B C, A B C, …), so a slow spell of the machine falls on all of them. */
async function interleaved(systems: Array<{ system: string; go: () => Promise<Run> }>, repeat: number): Promise<Map<string, Run[]>> {
  const runs = new Map(systems.map((s) => [s.system, [] as Run[]]));
  for (let i = 0; i < repeat; i++) {
    for (const { system, go } of systems) {
      process.stderr.write(`  ${system} (${i + 1}/${repeat})…\n`);
      runs.get(system)!.push(await go());
    }
  }
  return runs;
}

function throughputTable(rows: Row[]): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  return [
    '| input | system | wall s | MB/s | MB/s per core (CPU) | output lines | peak RSS (MB) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(({ input, system, mb, run }) =>
      `| ${input} | ${system} | ${f(run.seconds, 2)} | ${f(mb / run.seconds, 2)} | ${f(mb / run.cpuSeconds, 2)} | ${run.records} | ${f(run.peakMb, 0)} |`,
    ),
  ].join('\n');
}

/** The ratio of two systems' medians of pairwise ratios (each repetition's A over its B). */
function pairedRatio(a: Run[], b: Run[], figure: (r: Run) => number): number {
  return median(a.map((run, i) => figure(run) / figure(b[i])));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  process.stderr.write('one article, and node -e 0…\n');
  const { article, node } = await latency(options.latencyRuns);
  process.stderr.write('writing the corpus…\n');
  const corpus = writeCorpus(options);
  const mb = corpus.bytes / 1e6;
  const bigMb = fs.statSync(corpus.big).size / 1e6;
  process.stderr.write(`${corpus.name}\n`);
  const onCorpus = await interleaved(
    [
      { system: 'extract --jobs 1', go: () => extractRun(corpus.dir, 1) },
      { system: 'extract --jobs 2', go: () => extractRun(corpus.dir, 2) },
      { system: 'extract --jobs 1 --types date', go: () => extractRun(corpus.dir, 1, 'date') },
      { system: 'chrono.vi (dates only)', go: () => chronoRun(corpus.dir) },
    ],
    options.repeat,
  );
  const bigName = `one file, ${bigMb.toFixed(0)} MB`;
  const onBig = await interleaved(
    [
      { system: 'extract --jobs 1', go: () => extractRun(corpus.big, 1) },
      { system: 'extract --jobs 2', go: () => extractRun(corpus.big, 2) },
    ],
    Math.min(options.repeat, 2),
  );
  const rows: Row[] = [
    ...[...onCorpus].map(([system, runs]) => ({ input: corpus.name, system, mb, run: medianRun(runs) })),
    ...[...onBig].map(([system, runs]) => ({ input: bigName, system, mb: bigMb, run: medianRun(runs) })),
  ];
  const jobs1 = onCorpus.get('extract --jobs 1')!;
  const jobs2 = onCorpus.get('extract --jobs 2')!;
  const date = onCorpus.get('extract --jobs 1 --types date')!;
  const chrono = onCorpus.get('chrono.vi (dates only)')!;
  const identical = [...jobs1, ...jobs2].every((r) => r.sha256 === jobs1[0].sha256) && onBig.get('extract --jobs 1')![0].sha256 === onBig.get('extract --jobs 2')![0].sha256;
  const ceiling = await machineScaling();
  const f2 = (n: number) => n.toFixed(2);
  const summary = [
    `- One 8 KB article (\`extract --format jsonl\`, median of ${options.latencyRuns}): **${f2(article)} s**; \`node -e 0\`: ${f2(node)} s.`,
    `- \`--jobs 2\` over \`--jobs 1\` on the corpus, wall time: **${f2(pairedRatio(jobs1, jobs2, (r) => r.seconds))}×**; two busy Node processes over one on this machine at the time: ${f2(ceiling)}×.`,
    `- \`--types date\` over chrono.vi, CPU time per MB: **${f2(pairedRatio(date, chrono, (r) => r.cpuSeconds))}×** (below 1: faster); wall time: ${f2(pairedRatio(date, chrono, (r) => r.seconds))}×.`,
    `- Output of one job and of two: ${identical ? 'byte for byte the same' : '**different**'} (on the corpus and on the one file).`,
  ].join('\n');
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const out = `${summary}\n\n${throughputTable(rows)}\n\nMedians of ${options.repeat} runs (the one file: ${Math.min(options.repeat, 2)}), each system in turn; measured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n`;
  process.stdout.write(out);
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), `# npm run bench\n\n${out}`);
  fs.rmSync(path.dirname(corpus.dir), { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});

/**
 * The `extract` command line: a thin layer over the library API. Parses options,
 * loads and checks the rules before any text is read, then streams documents through
 * `extract()` into the chosen writer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { loadRuleSet, RuleSet, RuleSetOptions } from '../rules/ruleset';
import { RuleError } from '../rules/model';
import { runExamples } from '../rules/examples';
import { createWriter, Format, FORMATS, needsText, TABLE_FORMATS, TableFormat } from '../output/writers';
import { renderTerminal } from '../output/terminal';
import { formatReport, parseGold, score, SCORED_TYPES } from '../eval/score';
import { parseIsoDate } from '../refiners/reference-date';
import { ENCODINGS } from '../text/decode';
import { DocumentPart, ExtractResult } from '../types';
import * as os from 'os';
import { expandInputs, readStream, reportInputs } from './documents';
import { prespawn, releaseSpawned, runPool, workersFor } from './pool';
import { Progress } from './progress';
import { openOutput, OutputError, Sink, stdoutSink } from './sink';
import { error, EXIT, paint, raiseExitCode, UsageError, warn } from './report';
import { STDIN } from './inputs';
import { PeopleTable } from '../people/table';
import { visible } from '../text/visible';

const VERSION: string = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;

interface RuleOptions {
  rules?: string[];
  builtinRules: boolean;
}

interface RunOptions extends RuleOptions {
  date?: string;
  types?: string;
  quiet?: boolean;
  encoding?: string;
  jobs?: string;
  timeout?: string;
  filesFrom?: string;
}

const DEFAULT_JOBS = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
/** More workers than this gain nothing and can exhaust memory (each holds its own rule set). */
const MAX_JOBS = 4 * DEFAULT_JOBS;
/** Time budget per document: this many seconds, plus as many per megabyte. */
const DEFAULT_TIMEOUT_SECONDS = 30;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function addRuleOptions(cmd: Command): Command {
  return cmd
    .option('--rules <path>', 'add the rules in a YAML file or a folder of them (repeatable)', collect)
    .option('--no-builtin-rules', 'do not load the built-in rules');
}

function addRunOptions(cmd: Command): Command {
  return addRuleOptions(cmd)
    .option('--types <list>', 'keep only these record types, comma-separated (e.g. date,title)')
    .option('--date <YYYY-MM-DD>', 'reference date for dates without a year and relative days')
    .addOption(new Option('--encoding <name>', 'read inputs in this encoding instead of detecting it').choices(ENCODINGS))
    .option('-j, --jobs <n>', `documents extracted at once, in worker threads (default: ${DEFAULT_JOBS}, the number of cores)`)
    .option(
      '--timeout <seconds>',
      `time budget per document, plus as much again per megabyte; a rule that overruns it is stopped and reported (default: ${DEFAULT_TIMEOUT_SECONDS})`,
    )
    .option('--files-from <list>', "also read the documents named in this file, one path per line (- for standard input); a mapper's input")
    .option('-q, --quiet', 'no warnings or progress on stderr');
}

/** `--format`, `-o` and `--bom`, for the commands that write records or tables. */
function addOutputOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...formats]).default('json'))
    .option('-o, --output <file>', 'write to a file (whole or not at all) instead of standard output')
    .option('--bom', 'start CSV/TSV output with a byte-order mark, for Excel');
}

const ruleOptions = (options: RuleOptions): RuleSetOptions => ({ paths: options.rules ?? [], builtin: options.builtinRules });

function loadRules(options: RuleOptions): RuleSet {
  return loadRuleSet({ paths: options.rules ?? [], builtin: options.builtinRules });
}

/** `--jobs`, capped at MAX_JOBS with a warning. */
function jobsWanted(options: RunOptions): number {
  const jobs = positiveNumber(options.jobs, DEFAULT_JOBS, '--jobs', true);
  if (jobs <= MAX_JOBS) return jobs;
  warn(`--jobs ${jobs} is more than 4 per core on this machine (${DEFAULT_JOBS} cores); using ${MAX_JOBS}`, Boolean(options.quiet));
  return MAX_JOBS;
}

function checkDate(date: string | undefined): void {
  if (date !== undefined && !parseIsoDate(date)) throw new UsageError(`--date must be a real date as YYYY-MM-DD, got "${date}"`);
}

function parseTypes(list: string | undefined, rules: RuleSet): string[] | undefined {
  if (list === undefined) return undefined;
  const known = new Set(rules.rules.filter((r) => !r.def.internal).map((r) => r.def.type));
  const types = list
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of types) {
    if (!known.has(t))
      throw new UsageError(`--types: no rule makes records of type "${t}" (types in effect: ${[...known].sort().join(', ')})`);
  }
  return types;
}

function positiveNumber(value: string | undefined, fallback: number, option: string, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${option} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
  }
  return n;
}

/** Documents larger than this are read and extracted in parts (text/parts.ts), when the output allows it. */
const LARGE_DOCUMENT_BYTES = 4e6;
/** About 128 KB of a document to a part, extracted with 4 KB of its neighbours' text on each side. */
const PART_SIZES = { partBytes: 1 << 17, marginBytes: 1 << 12 };

/** A consumer of documents that also takes long ones part by part (the record writers). */
interface PartConsumer {
  part: (doc: string, part: DocumentPart, first: boolean, rendered?: Uint8Array) => Promise<void>;
  /** After the last part (some parts may have failed). */
  end: (doc: string) => Promise<void>;
}

/**
 * Runs every document through extraction in worker threads, handing results on in
 * input order. With `parts`, documents over LARGE_DOCUMENT_BYTES are split into parts
 * that workers share, handed on part by part, so memory stays bounded whatever their size.
 */
async function forEachDocument(
  { files, rules, settings }: Prepared,
  options: RunOptions,
  each: (doc: string, result: ExtractResult, rendered?: Uint8Array) => Promise<void>,
  keep: { internal?: boolean; text?: boolean; render?: Format } = {},
  parts?: PartConsumer,
): Promise<void> {
  /** Long documents whose first part has been handed on. */
  const opened = new Set<string>();
  const { types, jobs, timeout } = settings;
  const quiet = Boolean(options.quiet);
  const progress = new Progress(files, quiet);
  await runPool(
    files,
    {
      jobs,
      rules: ruleOptions(options),
      setup: {
        date: options.date,
        types,
        keepInternal: keep.internal,
        keepText: keep.text,
        encoding: options.encoding,
        render: keep.render,
      },
      baseBudgetMs: timeout * 1000,
      budgetMsPerMegabyte: timeout * 1000,
      ruleIds: rules.rules.map((r) => r.def.id),
      readStream,
      parts: parts ? { largeBytes: LARGE_DOCUMENT_BYTES, sizes: PART_SIZES } : undefined,
    },
    async ({ file, result, warnings, stoppedRules, error: failure, rendered, part }) => {
      const where = part ? 'that part and the parts after it were' : 'the document was';
      if (warnings.length || stoppedRules?.length || failure !== undefined) progress.interrupt();
      if (!part || part.last) progress.tick();
      else progress.within(part.bytesRead);
      for (const w of warnings) warn(`${file}: ${w}`, quiet);
      for (const id of stoppedRules ?? []) {
        error(`${file}: rule ${id} overran the time budget (--timeout) and was stopped; ${where} extracted without it`);
        raiseExitCode(EXIT.INPUT_FAILED);
      }
      const failed = failure !== undefined || !result;
      if (failed) {
        error(`${file}: ${failure ?? 'failed'}`);
        raiseExitCode(EXIT.INPUT_FAILED);
      }
      if (!part) {
        if (!failed) await each(file, result!, rendered);
        return;
      }
      if (!failed) {
        await parts!.part(file, result!, !opened.has(file), rendered);
        opened.add(file);
      }
      if (part.last && opened.delete(file)) await parts!.end(file);
    },
  ).finally(() => progress.finish());
}

interface ExtractCommandOptions extends RunOptions {
  format: Format;
  output?: string;
  bom?: boolean;
}

function refuseOverwritingInputs(output: string, inputs: string[]): void {
  const target = path.resolve(output);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const targetReal = real(target);
  for (const input of inputs) {
    if (input !== STDIN && (path.resolve(input) === target || real(input) === targetReal)) {
      throw new UsageError(`--output ${output} is one of the inputs; refusing to overwrite it`);
    }
  }
}

/** The options every command that reads documents checks before any work starts. */
interface Settings {
  types?: string[];
  jobs: number;
  timeout: number;
}

interface Prepared {
  rules: RuleSet;
  files: string[];
  settings: Settings;
  /** `--output`, opened (and so checked) before any document is read. */
  output?: Sink;
}

/** What every command that reads documents does first: check the options and rules, expand the inputs. */
/**
 * The paths listed by --files-from, one per line. A line `key<TAB>path`, as Hadoop
 * Streaming hands a mapper its input lines with their keys, names the path after the tab.
 */
function listedInputs(list: string | undefined, inputs: string[]): string[] {
  if (list === undefined) return [];
  if (list === STDIN && inputs.includes(STDIN)) throw new UsageError('--files-from - reads standard input, so - cannot also be a document');
  let text: string;
  try {
    text = fs.readFileSync(list === STDIN ? 0 : list, 'utf8');
  } catch (err) {
    throw new UsageError(`--files-from ${list}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.slice(line.lastIndexOf('\t') + 1).trim())
    .filter((line) => line !== '');
}

function prepare(given: string[], options: RunOptions & { output?: string }, usage: string): Prepared {
  const inputs = [...given, ...listedInputs(options.filesFrom, given)];
  if (inputs.length === 0 && options.filesFrom === undefined) throw new UsageError(usage);
  checkDate(options.date);
  const jobs = jobsWanted(options);
  const timeout = positiveNumber(options.timeout, DEFAULT_TIMEOUT_SECONDS, '--timeout', false);
  const list = expandInputs(inputs);
  const files = list.files;
  // The workers load and compile the rules while this thread checks them.
  prespawn(workersFor(files, { jobs, parts: { largeBytes: LARGE_DOCUMENT_BYTES, sizes: PART_SIZES } }), ruleOptions(options));
  const rules = loadRules(options);
  const types = parseTypes(options.types, rules);
  reportInputs(list, Boolean(options.quiet));
  let output: Sink | undefined;
  if (options.output) {
    refuseOverwritingInputs(options.output, files);
    try {
      output = openOutput(options.output);
    } catch (err) {
      // Known before any work is done: a usage error, and nothing is written.
      throw err instanceof OutputError ? new UsageError(err.message) : err;
    }
  }
  return { rules, files, settings: { types, jobs, timeout }, output };
}

/** Writes to the opened --output (or to stdout), whole or not at all: an error abandons the output. */
async function writeOutput(output: Sink | undefined, produce: (sink: Sink) => Promise<void>): Promise<void> {
  const sink: Sink = output ?? stdoutSink();
  try {
    await produce(sink);
    await sink.commit();
  } catch (err) {
    sink.abort();
    throw err;
  }
}

async function runExtract(inputs: string[], options: ExtractCommandOptions): Promise<void> {
  const prepared = prepare(inputs, options, 'no inputs given (try: extract seeds/*.txt, or --help)');
  const writer = createWriter(options.format, { bom: options.bom });
  await writeOutput(prepared.output, async (sink) => {
    await sink.write(writer.begin());
    const parts: PartConsumer | undefined = writer.part && {
      part: (doc, part, first, rendered) => sink.write(rendered ?? writer.part!(doc, part, first)),
      end: (doc) => sink.write(writer.endParts!(doc)),
    };
    await forEachDocument(
      prepared,
      options,
      async (doc, result, rendered) => {
        if (rendered === undefined) return sink.write(writer.document(doc, result));
        await sink.write(writer.separator!());
        await sink.write(rendered);
      },
      // Workers render what they can: the main thread then only writes.
      { text: needsText(options.format), render: writer.render ? options.format : undefined },
      parts,
    );
    await sink.write(writer.end());
  });
}

function ruleLocation(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The longest of a rule's patterns once its blocks are expanded, in characters. */
const longestPattern = (rule: RuleSet['rules'][number]) => Math.max(...rule.regexes.map((p) => p.detail.source.length));

function runRulesList(options: RuleOptions & { stats?: boolean }): void {
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
    const total = rules.rules.reduce((n, r) => n + r.regexes.reduce((m, p) => m + p.detail.source.length, 0), 0);
    process.stdout.write(
      `${rules.rules.length} rules, ${rules.rules.reduce((n, r) => n + r.regexes.length, 0)} patterns, ${total} characters expanded; ` +
        `the longest pattern: ${longestPattern(longest)} characters (${longest.def.id})\n`,
    );
  }
}

function runRulesTest(paths: string[], options: RuleOptions & { quiet?: boolean }): void {
  const rules = loadRuleSet({ paths: [...(options.rules ?? []), ...paths], builtin: options.builtinRules });
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

/** `eval --types date,term` scores only those types. */
function scoredTypes(list: string | undefined): readonly string[] {
  if (list === undefined) return SCORED_TYPES;
  const types = list
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of types) {
    if (!(SCORED_TYPES as readonly string[]).includes(t))
      throw new UsageError(`--types: "${t}" is not scored (scored types: ${SCORED_TYPES.join(', ')})`);
  }
  return types;
}

interface EvalOptions extends RunOptions {
  gold: string;
  misses?: boolean;
  json?: boolean;
}

async function runEval(inputs: string[], options: EvalOptions): Promise<void> {
  const types = scoredTypes(options.types);
  let goldText: string;
  try {
    goldText = fs.readFileSync(options.gold, 'utf8');
  } catch (err) {
    throw new UsageError(`--gold ${options.gold}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let gold;
  try {
    gold = parseGold(goldText, options.gold);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const prepared = prepare(
    inputs,
    { ...options, types: undefined },
    'eval needs the documents to score (e.g. extract eval --gold gold.jsonl seeds/*.txt)',
  );
  const results: Array<{ doc: string; result: ExtractResult }> = [];
  await forEachDocument(prepared, options, async (doc, result) => {
    results.push({ doc, result });
  });
  const report = score(results, gold, types);
  if (options.json) {
    const out = options.misses ? report : { ...report, misses: undefined };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(formatReport(report, Boolean(options.misses)));
  }
}

async function runPeople(inputs: string[], options: ExtractCommandOptions): Promise<void> {
  const prepared = prepare(inputs, { ...options, types: undefined }, 'people needs documents (e.g. extract people seeds/*.txt)');
  const table = new PeopleTable();
  await writeOutput(prepared.output, async (sink) => {
    await forEachDocument(prepared, options, async (doc, result) => table.add(doc, result), { internal: true });
    await sink.write(table.format(options.format as TableFormat, { bom: options.bom }));
  });
}

async function runShow(inputs: string[], options: RunOptions): Promise<void> {
  const prepared = prepare(inputs, options, 'show needs a file (e.g. extract show seeds/000_f9955ed6df11a9aa.txt)');
  const colour = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
  const sink = stdoutSink();
  await forEachDocument(prepared, options, (doc, result) => sink.write(renderTerminal(doc, result, colour) + '\n'), { text: true });
}

const EXAMPLES = `
Examples:
  $ extract seeds/*.txt                          all records of the seeds, as JSON
  $ extract --format jsonl archive/ > out.jsonl  every .txt under a folder, one record per line
  $ extract --format csv --bom -o out.csv 'news/**/*.txt'
  $ extract --types title,term seeds/003_c1d1f7f42b3b49c0.txt
  $ extract --rules my-rules/ --date 2021-01-22 article.txt
  $ cat article.txt | extract --format jsonl -
  $ extract people --format csv seeds/*.txt          who holds which post, across the seeds
  $ extract --format html -o report.html seeds/*.txt an annotated report to open in a browser
  $ extract show seeds/003_c1d1f7f42b3b49c0.txt       the article, coloured by record type, in the terminal
  $ extract rules list
  $ extract rules test my-rules/event.yaml
  $ extract eval --gold ../shared/gold/seeds.jsonl --misses seeds/*.txt

Exit codes: 0 all done, 1 some inputs failed (or a rule example failed), 2 usage or rule errors.`;

export function buildProgram(): Command {
  const program = new Command('extract')
    .description('Extract dates, titles and holders, terms, statistics and document references from Vietnamese political news.')
    .version(VERSION, '-V, --version')
    .argument('[inputs...]', 'files, folders (their .txt files), quoted globs, or - for standard input')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run extract --help for usage)')
    // Options after a subcommand belong to it (`extract rules list --rules x.yaml`).
    .enablePositionalOptions()
    .action((inputs: string[], options: ExtractCommandOptions) => runExtract(inputs, options));
  addRunOptions(addOutputOptions(program, FORMATS));

  const rules = program.command('rules').description('list or test the rules in effect');
  addRuleOptions(
    rules
      .command('list')
      .description('id, type, file and number of examples of every rule in effect')
      .option('--stats', "also each rule's number of patterns and its longest pattern once blocks are expanded, and the totals"),
  ).action((options: RuleOptions & { stats?: boolean }) => runRulesList(options));
  addRuleOptions(
    rules
      .command('test')
      .description("run every rule's examples; exit 1 if any fails")
      .argument('[paths...]', 'rule files or folders to add to the built-in rules'),
  ).action((paths: string[], options: RuleOptions) => runRulesTest(paths, options));

  addRunOptions(
    program
      .command('eval')
      .description('score the output against a gold file (shared/SPEC.md §4)')
      .argument('<inputs...>', 'the documents to score')
      .requiredOption('--gold <file>', 'gold annotations, one JSON line per document')
      .option('--misses', 'list misses and false hits')
      .option('--json', 'print the scores as JSON'),
  ).action((inputs: string[], options: EvalOptions) => runEval(inputs, options));

  addRunOptions(
    addOutputOptions(
      program
        .command('people')
        .description('a table of people: each distinct person with every title and place seen, documents and mentions')
        .argument('<inputs...>', 'files, folders, globs, or - for standard input'),
      TABLE_FORMATS,
    ),
  ).action((inputs: string[], options: ExtractCommandOptions) => runPeople(inputs, options));

  addRunOptions(
    program
      .command('show')
      .description('show articles in the terminal with their records coloured by type, and a table per type')
      .argument('<inputs...>', 'files, folders, globs, or - for standard input'),
  ).action((inputs: string[], options: RunOptions) => runShow(inputs, options));

  for (const cmd of [program, ...program.commands, ...rules.commands]) {
    cmd.exitOverride();
    cmd.configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(paint.red(visible(s, true))) });
  }
  return program;
}

function handleEpipe(): void {
  // `extract … | head -1`: the reader left; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
    // Any other error (a full disk) fails the write that met it, which reports it.
  });
}

/** For `npm run bench`: the process's peak memory, written to stderr at exit. */
function reportPeakMemory(): void {
  if (process.env.EXTRACT_BENCH_RUSAGE !== '1') return;
  process.on('exit', () => process.stderr.write(`extract-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`));
}

export async function main(argv: string[]): Promise<void> {
  handleEpipe();
  reportPeakMemory();
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      raiseExitCode(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    } else if (err instanceof RuleError) {
      // Every problem of the rules, a line each.
      for (const problem of err.errors) error(problem.message);
      raiseExitCode(EXIT.USAGE);
    } else if (err instanceof UsageError) {
      error(err.message);
      raiseExitCode(EXIT.USAGE);
    } else if (err instanceof OutputError) {
      // The output failed during the run (a full disk): what was done is lost, so the run failed.
      error(err.message);
      raiseExitCode(EXIT.INPUT_FAILED);
    } else {
      error(`internal error: ${(err as Error).stack ?? err}`);
      raiseExitCode(EXIT.INPUT_FAILED);
    }
  } finally {
    releaseSpawned();
  }
}

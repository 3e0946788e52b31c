/**
 * The `extract` command line: a thin layer over the library API. Parses options and
 * hands each command to its module in ./commands/, which checks the options and rules
 * before any text is read, then streams documents through `extract()`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { RuleError } from '../rules/model';
import { TABLE_FORMATS } from '../output/writers';
import { visible } from '../text/visible';
import { addOutputOptions, addRecordOptions, addRuleOptions, addRunOptions, RuleOptions, RunOptions } from './options';
import { releaseSpawned } from './pool';
import { OutputError } from './sink';
import { error, EXIT, paint, raiseExitCode, UsageError } from './report';
import { ExtractCommandOptions, OUTPUT_FORMATS, runExtract } from './commands/extract';
import type { EvalOptions } from './commands/eval';
import type { PeopleCommandOptions } from './commands/people';
import { lazily } from '../lazy';

// The other commands' modules (and what they load: the scorer, the people tables, the
// terminal view, the rule examples) are loaded when their command runs, not by every run.
/* eslint-disable @typescript-eslint/no-require-imports */
const rulesCommand = lazily((): typeof import('./commands/rules') => require('./commands/rules'));
const evalCommand = lazily((): typeof import('./commands/eval') => require('./commands/eval'));
const peopleCommand = lazily((): typeof import('./commands/people') => require('./commands/people'));
const showCommand = lazily((): typeof import('./commands/show') => require('./commands/show'));
/* eslint-enable @typescript-eslint/no-require-imports */

const VERSION: string = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;

const EXAMPLES = `
Examples:
  $ extract seeds/*.txt                          all records of the seeds, as JSON
  $ extract --format jsonl archive/ > out.jsonl  every .txt under a folder, one record per line
  $ extract --format csv --bom -o out.csv 'news/**/*.txt'
  $ extract --format xlsx -o out.xlsx seeds/*.txt     records, documents and people sheets
  $ extract --format sqlite -o archive.db archive/    one database to query
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
  addRunOptions(addRecordOptions(addOutputOptions(program, OUTPUT_FORMATS)));

  const rules = program.command('rules').description('list or test the rules in effect');
  addRuleOptions(
    rules
      .command('list')
      .description('id, type, file and number of examples of every rule in effect')
      .option('--stats', "also each rule's number of patterns and its longest pattern once blocks are expanded, and the totals"),
  ).action((options: RuleOptions & { stats?: boolean }) => rulesCommand().runRulesList(options));
  addRuleOptions(
    rules
      .command('test')
      .description("run every rule's examples; exit 1 if any fails")
      .argument('[paths...]', 'rule files or folders to add to the built-in rules'),
  ).action((paths: string[], options: RuleOptions) => rulesCommand().runRulesTest(paths, options));

  addRunOptions(
    program
      .command('eval')
      .description('score the output against a gold file (shared/SPEC.md §4)')
      .argument('<inputs...>', 'the documents to score')
      .requiredOption('--gold <file>', 'gold annotations, one JSON line per document')
      .option('--misses', 'list misses and false hits')
      .option('--json', 'print the scores as JSON'),
  ).action((inputs: string[], options: EvalOptions) => evalCommand().runEval(inputs, options));

  addRunOptions(
    addOutputOptions(
      program
        .command('people')
        .description('a table of people: each distinct person with every title and place seen, documents and mentions')
        .argument('<inputs...>', 'files, folders, globs, or - for standard input')
        .option('--positions', 'one row per person, title and place, with the first and last article date it was seen'),
      TABLE_FORMATS,
    ),
  ).action((inputs: string[], options: PeopleCommandOptions) => peopleCommand().runPeople(inputs, options));

  addRunOptions(
    program
      .command('show')
      .description('show articles in the terminal with their records coloured by type, and a table per type')
      .argument('<inputs...>', 'files, folders, globs, or - for standard input'),
  ).action((inputs: string[], options: RunOptions) => showCommand().runShow(inputs, options));

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

/** For `npm run bench`: the process's peak memory and CPU time (all its threads), written to stderr at exit. */
function reportPeakMemory(): void {
  if (process.env.EXTRACT_BENCH_RUSAGE !== '1') return;
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`extract-bench-maxrss-kb ${usage.maxRSS}\nextract-bench-cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
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

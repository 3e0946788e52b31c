/** The options the commands share, and how each is checked: a bad value is a usage error, before any work. */
import { commaList } from '../text/comma-list';
import * as os from 'os';
import { Command, Option } from 'commander';
import { RuleSet, RuleSetOptions } from '../rules/ruleset';
import { loadRuleSet } from '../extract/rule-set';
import { parseIsoDate } from '../text/calendar';
import { ENCODINGS } from '../text/decode';
import { UsageError, warn } from './report';

export interface RuleOptions {
  rules?: string[];
  builtinRules: boolean;
}

export interface RunOptions extends RuleOptions {
  date?: string;
  types?: string;
  quiet?: boolean;
  encoding?: string;
  jobs?: string;
  timeout?: string;
  filesFrom?: string;
}

export const DEFAULT_JOBS = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
/** More workers than this gain nothing and can exhaust memory (each holds its own rule set). */
export const MAX_JOBS = 4 * DEFAULT_JOBS;
/** Time budget per document: this many seconds, plus as many per megabyte. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addRuleOptions(cmd: Command): Command {
  return cmd
    .option('--rules <path>', 'add the rules in a YAML file or a folder of them (repeatable)', collect)
    .option('--no-builtin-rules', 'do not load the built-in rules');
}

export function addRunOptions(cmd: Command): Command {
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

/** `--columns`, `--no-context` and `--meta-output`: what a record table holds, and where documents go. */
export function addRecordOptions(cmd: Command): Command {
  return cmd
    .option('--columns <list>', 'csv/tsv: these columns, in this order, comma-separated (e.g. doc,type,normalized,number)')
    .option('--no-context', 'leave out the context of each record')
    .option('--meta-output <file>', "csv/tsv: write the documents' headline, date, source and author to this table");
}

/** `--format`, `-o` and `--bom`, for the commands that write records or tables. */
export function addOutputOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...formats]).default('json'))
    .option('-o, --output <file>', 'write to a file (whole or not at all) instead of standard output')
    .option('--bom', 'start CSV/TSV output with a byte-order mark, for Excel');
}

/** `--rules` and `--no-builtin-rules` as the rule loader takes them (the workers get the same), with more paths if given. */
export const ruleSetOptions = (options: RuleOptions, extraPaths: string[] = []): RuleSetOptions => ({
  paths: [...(options.rules ?? []), ...extraPaths],
  builtin: options.builtinRules,
});

export function loadRules(options: RuleOptions, extraPaths: string[] = []): RuleSet {
  return loadRuleSet(ruleSetOptions(options, extraPaths));
}

/** `--jobs`, capped at MAX_JOBS with a warning. */
export function jobsWanted(options: RunOptions): number {
  const jobs = positiveNumber(options.jobs, DEFAULT_JOBS, '--jobs', true);
  if (jobs <= MAX_JOBS) return jobs;
  warn(`--jobs ${jobs} is more than 4 per core on this machine (${DEFAULT_JOBS} cores); using ${MAX_JOBS}`, Boolean(options.quiet));
  return MAX_JOBS;
}

export function checkDate(date: string | undefined): void {
  if (date !== undefined && !parseIsoDate(date)) throw new UsageError(`--date must be a real date as YYYY-MM-DD, got "${date}"`);
}

export function parseTypes(list: string | undefined, rules: RuleSet): string[] | undefined {
  if (list === undefined) return undefined;
  const known = new Set(rules.rules.filter((r) => !r.def.internal).map((r) => r.def.type));
  const types = commaList(list);
  for (const t of types) {
    if (!known.has(t))
      throw new UsageError(`--types: no rule makes records of type "${t}" (types in effect: ${[...known].sort().join(', ')})`);
  }
  return types;
}

export function positiveNumber(value: string | undefined, fallback: number, option: string, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${option} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
  }
  return n;
}

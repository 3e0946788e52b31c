/**
 * What every command that reads documents shares: `prepare` checks the options, rules,
 * inputs and output before any document is read; `forEachDocument` runs the documents
 * through the worker pool and hands each result on in input order; `writeOutput`
 * writes whole or not at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RuleSet } from '../rules/ruleset';
import type { Format, WriterOptions } from '../output/writers';
import { DocumentPart, ExtractResult } from '../types';
import { expandInputs, readStream, reportInputs } from './documents';
import { STDIN } from './inputs';
import {
  DEFAULT_TIMEOUT_SECONDS,
  jobsWanted,
  checkDate,
  loadRules,
  parseTypes,
  positiveNumber,
  ruleSetOptions,
  RunOptions,
} from './options';
import { inputBytes, IN_PROCESS_MAX_BYTES, Outcome, PoolOptions, prespawn, readStreams, runInProcess, runPool, workersFor } from './pool';
import { Progress } from './progress';
import { EXIT, error, raiseExitCode, UsageError, warn } from './report';
import { openOutput, OutputError, Sink, stdoutSink } from './sink';

/** Documents larger than this are read and extracted in parts (text/parts.ts), when the output allows it. */
export const LARGE_DOCUMENT_BYTES = 4e6;
/** About 128 KB of a document to a part, extracted with 4 KB of its neighbours' text on each side. */
export const PART_SIZES = { partBytes: 1 << 17, marginBytes: 1 << 12 };

/** A consumer of documents that also takes long ones part by part (the record writers). */
export interface PartConsumer {
  part: (doc: string, part: DocumentPart, first: boolean, rendered?: Uint8Array) => Promise<void>;
  /** After the last part (some parts may have failed). */
  end: (doc: string) => Promise<void>;
}

/** What extraction hands back besides records: helper records, the text, the document rendered by the worker with these writer options. */
interface Keep {
  internal?: boolean;
  text?: boolean;
  render?: Format;
  writer?: WriterOptions;
}

type EachDocument = (doc: string, result: ExtractResult, rendered?: Uint8Array) => Promise<void>;

/** What the pool is told: the workers' rules and setup, the time budget, and how long documents are split. */
function poolOptionsFor({ rules, settings }: Prepared, options: RunOptions, keep: Keep, parts?: PartConsumer): PoolOptions {
  const { types, jobs, timeout } = settings;
  return {
    jobs,
    rules: ruleSetOptions(options),
    setup: {
      date: options.date,
      types,
      keepInternal: keep.internal,
      keepText: keep.text,
      encoding: options.encoding,
      render: keep.render,
      writer: keep.writer,
    },
    baseBudgetMs: timeout * 1000,
    budgetMsPerMegabyte: timeout * 1000,
    ruleIds: rules.rules.map((r) => r.def.id),
    readStream,
    parts: parts ? { largeBytes: LARGE_DOCUMENT_BYTES, sizes: PART_SIZES } : undefined,
  };
}

/** Reports an outcome's warnings, stopped rules and failure, then hands the document (or part) on. */
function outcomeHandler(progress: Progress, quiet: boolean, each: EachDocument, parts?: PartConsumer): (outcome: Outcome) => Promise<void> {
  /** Long documents whose first part has been handed on. */
  const opened = new Set<string>();
  return async ({ file, result, warnings, stoppedRules, error: failure, rendered, part }) => {
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
  };
}

/**
 * Runs every document through extraction, handing results on in input order: in the
 * main thread for a small input (see `inProcessCandidate`), else in worker threads.
 * With `parts`, documents over LARGE_DOCUMENT_BYTES are split into parts that workers
 * share, handed on part by part, so memory stays bounded whatever their size.
 */
export async function forEachDocument(
  prepared: Prepared,
  options: RunOptions,
  each: EachDocument,
  keep: Keep = {},
  parts?: PartConsumer,
): Promise<void> {
  const { files, rules, settings } = prepared;
  const progress = new Progress(files, Boolean(options.quiet));
  const poolOptions = poolOptionsFor(prepared, options, keep, parts);
  const handOn = outcomeHandler(progress, Boolean(options.quiet), each, parts);
  const streamed = await readStreams(files, readStream);
  const inProcess = settings.inProcess && inputBytes(files, streamed) <= IN_PROCESS_MAX_BYTES;
  const run = inProcess ? runInProcess(files, poolOptions, rules, streamed, handOn) : runPool(files, poolOptions, handOn, streamed);
  await run.finally(() => progress.finish());
}

/**
 * Whether the documents may be extracted in the main thread: a small input (streams
 * are counted once read), the built-in rules only and no `--timeout` (a time budget
 * needs a thread that can be stopped), and no `--jobs` (asking for workers gets them).
 */
function inProcessCandidate(files: string[], options: RunOptions): boolean {
  const builtinOnly = (options.rules ?? []).length === 0;
  return builtinOnly && options.timeout === undefined && options.jobs === undefined && inputBytes(files, new Map()) <= IN_PROCESS_MAX_BYTES;
}

function refuseOverwritingInputs(output: string, inputs: string[], option: string): void {
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
      throw new UsageError(`${option} ${output} is one of the inputs; refusing to overwrite it`);
    }
  }
}

/** The options every command that reads documents checks before any work starts. */
export interface Settings {
  types?: string[];
  jobs: number;
  timeout: number;
  /** The documents may be extracted in the main thread (`inProcessCandidate`). */
  inProcess: boolean;
}

export interface Prepared {
  rules: RuleSet;
  files: string[];
  settings: Settings;
  /** `--output`, opened (and so checked) before any document is read. */
  output?: Sink;
  /** `--meta-output`, the documents table, opened likewise. */
  metaOutput?: Sink;
}

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

/** What every command that reads documents does first: check the options and rules, expand the inputs. */
export function prepare(given: string[], options: RunOptions & { output?: string; metaOutput?: string }, usage: string): Prepared {
  const inputs = [...given, ...listedInputs(options.filesFrom, given)];
  if (inputs.length === 0 && options.filesFrom === undefined) throw new UsageError(usage);
  checkDate(options.date);
  const jobs = jobsWanted(options);
  const timeout = positiveNumber(options.timeout, DEFAULT_TIMEOUT_SECONDS, '--timeout', false);
  const list = expandInputs(inputs);
  const files = list.files;
  const inProcess = inProcessCandidate(files, options);
  // The workers load and compile the rules while this thread checks them.
  if (!inProcess)
    prespawn(workersFor(files, { jobs, parts: { largeBytes: LARGE_DOCUMENT_BYTES, sizes: PART_SIZES } }), ruleSetOptions(options));
  const rules = loadRules(options);
  const types = parseTypes(options.types, rules);
  reportInputs(list, Boolean(options.quiet));
  if (
    options.metaOutput !== undefined &&
    options.output !== undefined &&
    path.resolve(options.metaOutput) === path.resolve(options.output)
  ) {
    throw new UsageError(`--meta-output ${options.metaOutput} is also --output; give the documents table a file of its own`);
  }
  const output = options.output === undefined ? undefined : openChecked(options.output, '--output', files);
  const metaOutput = options.metaOutput === undefined ? undefined : openChecked(options.metaOutput, '--meta-output', files);
  return { rules, files, settings: { types, jobs, timeout, inProcess }, output, metaOutput };
}

/** An output file opened before any work is done: a problem is a usage error, and nothing is written. */
function openChecked(file: string, option: string, inputs: string[]): Sink {
  refuseOverwritingInputs(file, inputs, option);
  try {
    return openOutput(file);
  } catch (err) {
    throw err instanceof OutputError ? new UsageError(err.message) : err;
  }
}

/** Writes to the opened --output (or to stdout), whole or not at all: an error abandons the output. */
export async function writeOutput(output: Sink | undefined, produce: (sink: Sink) => Promise<void>): Promise<void> {
  const sink: Sink = output ?? stdoutSink();
  try {
    await produce(sink);
    await sink.commit();
  } catch (err) {
    sink.abort();
    throw err;
  }
}

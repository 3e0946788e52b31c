/**
 * Extraction in worker threads: `--jobs N` documents at a time, results handed on in
 * input order whatever N is, and a time budget per document. A JavaScript regex cannot
 * be interrupted, so when a document overruns its budget the worker is terminated, the
 * rule it was running (read from shared memory) is reported by id, and the document is
 * extracted again without that rule; the run goes on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { RuleSetOptions } from '../rules/ruleset';
import { DocumentMeta, ExtractResult } from '../types';
import { readLayout } from '../extractors/meta';
import { PartPlan, PartSizes, planParts, streamableEncoding, tailText } from '../text/parts';
import type { Format } from '../output/writers';
import { isStreamed } from './inputs';
import type { StreamRead } from './documents';
import { describeReadError } from './read-errors';

const WORKER_SCRIPT = path.join(__dirname, 'worker.js');
const JOBS_PER_WORKER = 2;

/** What a worker is started with: the rules to load, and where to say which rule it is in. */
export interface WorkerData {
  rules: RuleSetOptions;
  /** One Int32: the index of the rule the worker is running, -1 between rules. */
  progress: SharedArrayBuffer;
}

/** What a worker is told before its first job: how to extract and what to send back. */
export interface WorkerSetup {
  date?: string;
  types?: string[];
  keepInternal?: boolean;
  keepText?: boolean;
  encoding?: string;
  /** Render documents in this format in the worker (formats whose writer can), handing on text, not records. */
  render?: Format;
}

interface Spawned {
  worker: Worker;
  progress: SharedArrayBuffer;
  rules: RuleSetOptions;
}

/** Workers started ahead of the run (`prespawn`), taken by the next `runPool`. */
const spawned: Spawned[] = [];

function spawn(rules: RuleSetOptions): Spawned {
  const progress = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: { rules, progress } satisfies WorkerData,
    // Without limits V8 sizes a worker's heap from the machine's memory and collects
    // lazily; with these it collects sooner, and the run's peak memory drops by a third
    // at no cost in speed. 512 MB is far above what a document (or part) needs.
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 },
  });
  // A worker that fails before a run takes it (rules the main thread is about to refuse)
  // must not take the process down; a run's own handler reports failures of the workers it has.
  worker.on('error', () => undefined);
  return { worker, progress, rules };
}

/**
 * Starts `count` workers now, so they load and compile the rules while the main thread
 * checks the options and rules; a worker not taken by a run is stopped by `releaseSpawned`.
 */
export function prespawn(count: number, rules: RuleSetOptions): void {
  for (let i = 0; i < count; i++) spawned.push(spawn(rules));
}

export function releaseSpawned(): void {
  for (const s of spawned.splice(0)) void s.worker.terminate();
}

/** One part of a long document, as a job: where its bytes are, and the document's meta for it. */
export interface PartJob {
  plan: PartPlan;
  /** The meta read from the document's first part (its reference date for later parts). */
  documentMeta: DocumentMeta;
}

export interface Job {
  id: number;
  file: string;
  bytes?: Uint8Array;
  skipRules: string[];
  part?: PartJob;
}

export interface JobResult {
  id: number;
  /** The worker has the job and starts on it: the time budget runs from here. */
  started?: boolean;
  /** For a part, the part's records (its meta with the first part). */
  result?: ExtractResult;
  /**
   * The document or part as rendered by the worker (`setup.render`), in UTF-8, its
   * buffer handed over rather than copied; the records are then left out.
   */
  rendered?: Uint8Array;
  warnings?: string[];
  error?: string;
}

export interface PoolOptions {
  jobs: number;
  rules: RuleSetOptions;
  setup: WorkerSetup;
  /** Budget per document: a base, plus an allowance per megabyte of input. */
  baseBudgetMs: number;
  budgetMsPerMegabyte: number;
  /** Rule ids by index, in the order the workers load them. */
  ruleIds: string[];
  /** Reads a document that is a stream (standard input, a FIFO, a device) whole, or says why not. */
  readStream: (file: string) => Promise<StreamRead>;
  /** Split documents larger than `largeBytes` into parts of these sizes, run as jobs of their own. */
  parts?: { largeBytes: number; sizes: PartSizes };
}

export type Outcome = {
  file: string;
  result?: ExtractResult;
  warnings: string[];
  /** Rules stopped for overrunning the time budget on this document (or part). */
  stoppedRules?: string[];
  error?: string;
  rendered?: Uint8Array;
  /** Set when the outcome is one part of a long document. */
  part?: { first: boolean; last: boolean; bytesRead: number };
};

/**
 * The parts of a long document, planned as they are asked for; undefined for a document
 * to read whole. The document's meta is read here, before the first part is handed on
 * (it is written first): headline and dateline from the start, the byline from the end.
 */
function splitLongDocument(file: string, parts: NonNullable<PoolOptions['parts']>, encoding?: string): Iterator<PartJob> | undefined {
  if (fs.statSync(file).size <= parts.largeBytes) return undefined;
  const how = streamableEncoding(file, encoding);
  if (!how) return undefined;
  const { author } = readLayout(tailText(file, how, TAIL_BYTES), { start: false, end: true }).meta;
  let documentMeta: DocumentMeta | undefined;
  const plans = planParts(file, how, parts.sizes, (text) => {
    documentMeta = { ...readLayout(text, { start: true, end: false }).meta, author };
  });
  return (function* () {
    for (const plan of plans) yield { plan, documentMeta: documentMeta! };
  })();
}

/** How much of a long document's end is read for its byline (far more than the lines the layout reader looks at). */
const TAIL_BYTES = 1 << 16;

const partInfo = (unit: Unit): Outcome['part'] =>
  unit.part && { first: unit.part.plan.first, last: unit.part.plan.last, bytesRead: unit.part.plan.ownedEnd };

/**
 * How many workers a run needs: `jobs`, but never more than there are documents, unless
 * one of them is long enough to be split, when its parts share the workers.
 */
export function workersFor(files: string[], options: Pick<PoolOptions, 'jobs' | 'parts'>, streamed?: Map<string, unknown>): number {
  if (files.length >= options.jobs) return options.jobs;
  const long = (file: string) => {
    try {
      return !streamed?.has(file) && fs.statSync(file).size > options.parts!.largeBytes;
    } catch {
      return false;
    }
  };
  return options.parts && files.some(long) ? options.jobs : Math.max(1, files.length);
}

/** A job to run: a whole file, or one part of a long one. */
interface Unit {
  file: string;
  part?: PartJob;
}

interface Slot {
  worker: Worker;
  progress: Int32Array;
  /**
   * Jobs handed to the worker, oldest first: the one it is running and the next, so it
   * never waits for the main thread between documents.
   */
  jobs: Array<{ index: number; skipRules: string[]; budgetMs: number; timer?: NodeJS.Timeout }>;
}

/**
 * Runs every file through the workers and hands each outcome to `emit` in input order.
 * A long document (`options.parts`) is split into parts when its turn comes; each part
 * is a job of its own, so several cores share it, and its outcomes come in order too.
 */
export async function runPool(files: string[], options: PoolOptions, emit: (outcome: Outcome) => Promise<void>): Promise<void> {
  if (files.length === 0) {
    releaseSpawned();
    return;
  }
  // Streams are read here, once, before the run: a worker reads only files.
  const streamed = new Map<string, StreamRead>();
  for (const file of files) if (isStreamed(file) && !streamed.has(file)) streamed.set(file, await options.readStream(file));

  return new Promise<void>((resolve, reject) => {
    const outcomes = new Map<number, Outcome>();
    /** Jobs by id, in the order made: a file, or a part of one. */
    const units: Unit[] = [];
    /** Files not yet made into jobs; jobs made and not yet given to a worker. */
    let nextFile = 0;
    const ready: number[] = [];
    const slots: Slot[] = [];
    const window = Math.max(4, options.jobs * 4);
    let nextEmit = 0;
    let flushing = Promise.resolve();
    let finished = false;

    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      for (const slot of slots) {
        for (const job of slot.jobs) clearTimeout(job.timer);
        void slot.worker.terminate();
      }
      if (err) reject(err);
      else resolve();
    };

    const budgetFor = (unit: Unit, bytes?: Uint8Array): number => {
      const { file, part } = unit;
      if (part) return options.baseBudgetMs + ((part.plan.byteEnd - part.plan.byteStart) / 1e6) * options.budgetMsPerMegabyte;
      let size = bytes?.length ?? 0;
      if (!bytes) {
        try {
          size = fs.statSync(file).size;
        } catch {
          size = 0;
        }
      }
      return options.baseBudgetMs + (size / 1e6) * options.budgetMsPerMegabyte;
    };

    const newWorker = (): Slot => {
      const ready = spawned.findIndex((s) => JSON.stringify(s.rules) === JSON.stringify(options.rules));
      const { worker, progress } = ready >= 0 ? spawned.splice(ready, 1)[0] : spawn(options.rules);
      worker.postMessage({ setup: options.setup });
      const slot: Slot = { worker, progress: new Int32Array(progress), jobs: [] };
      worker.on('message', (message: JobResult) => onResult(slot, message));
      worker.on('error', (err) => onCrash(slot, err));
      return slot;
    };

    /**
     * Rules stopped on a part of a long document, by file: the parts started after that
     * skip them too, so a runaway rule costs one budget, not one per part.
     */
    const stoppedInFile = new Map<string, Set<string>>();

    /** `skipRules`: the rules stopped on this very job (reported with its outcome). */
    const start = (slot: Slot, index: number, skipRules: string[]) => {
      const unit = units[index];
      const stream = streamed.get(unit.file);
      if (stream?.error !== undefined) {
        settle(index, { file: unit.file, warnings: [], error: stream.error });
        return;
      }
      const bytes = stream?.bytes;
      slot.jobs.push({ index, skipRules, budgetMs: budgetFor(unit, bytes) });
      const inherited = unit.part ? [...(stoppedInFile.get(unit.file) ?? [])] : [];
      const skip = [...new Set([...inherited, ...skipRules])];
      const job: Job = { id: index, file: unit.file, bytes, skipRules: skip, part: unit.part };
      slot.worker.postMessage(job);
    };

    /** The parts of the long document being split, still to come. */
    let splitting: { file: string; parts: Iterator<PartJob> } | undefined;

    /** Makes the next job: the next part of a long document, or the next file (whole, or its first part). */
    const makeUnit = (): boolean => {
      while (splitting) {
        let next: IteratorResult<PartJob>;
        try {
          next = splitting.parts.next();
        } catch (err) {
          // The file changed or vanished while being split: report it as this part's failure.
          const e = err as NodeJS.ErrnoException;
          const index = units.length;
          units.push({ file: splitting.file });
          splitting = undefined;
          const error = e.code ? describeReadError(err) : `internal error: ${e.stack ?? err}`;
          settle(index, { file: units[index].file, warnings: [], error, part: { first: false, last: true, bytesRead: 0 } });
          return makeUnit();
        }
        if (!next.done) {
          ready.push(units.length);
          units.push({ file: splitting.file, part: next.value });
          return true;
        }
        splitting = undefined;
      }
      if (nextFile >= files.length) return false;
      const file = files[nextFile++];
      let parts: Iterator<PartJob> | undefined;
      try {
        parts = options.parts && !streamed.has(file) ? splitLongDocument(file, options.parts, options.setup.encoding) : undefined;
      } catch {
        parts = undefined; // the worker reads it whole and reports why it cannot
      }
      if (parts) {
        splitting = { file, parts };
        return makeUnit();
      }
      ready.push(units.length);
      units.push({ file });
      return true;
    };

    /** The next job, made when needed, if it is within the window of jobs ahead of the output. */
    const nextJob = (): number | undefined => {
      if (ready.length === 0 && !makeUnit()) return undefined;
      return ready[0] < nextEmit + window ? ready.shift() : undefined;
    };

    const dispatch = () => {
      for (const slot of slots) {
        while (!finished && slot.jobs.length < JOBS_PER_WORKER) {
          const index = nextJob();
          if (index === undefined) break;
          start(slot, index, []);
        }
      }
    };

    const allDone = () => nextFile >= files.length && !splitting && ready.length === 0 && nextEmit === units.length;

    const flush = () => {
      flushing = flushing
        .then(async () => {
          while (!finished && outcomes.has(nextEmit)) {
            const outcome = outcomes.get(nextEmit)!;
            outcomes.delete(nextEmit);
            nextEmit++;
            await emit(outcome);
          }
          if (allDone()) finish();
          else dispatch();
        })
        .catch((err) => finish(err));
    };

    const settle = (index: number, outcome: Outcome) => {
      outcomes.set(index, outcome);
      flush();
    };

    const onResult = (slot: Slot, message: JobResult) => {
      const job = slot.jobs[0];
      if (!job || job.index !== message.id) return;
      if (message.started) {
        job.timer = setTimeout(() => onTimeout(slot), job.budgetMs);
        return;
      }
      clearTimeout(job.timer);
      const { index, skipRules } = job;
      slot.jobs.shift();
      settle(index, {
        file: units[index].file,
        result: message.result,
        warnings: message.warnings ?? [],
        stoppedRules: skipRules,
        error: message.error,
        rendered: message.rendered,
        part: partInfo(units[index]),
      });
      dispatch();
    };

    /** A worker about to be replaced: the jobs it had not started go back to the front of the queue. */
    const requeueWaiting = (slot: Slot) => {
      ready.unshift(...slot.jobs.slice(1).map((job) => job.index));
      slot.jobs = [];
    };

    const replace = (slot: Slot) => {
      void slot.worker.terminate();
      const fresh = newWorker();
      slots[slots.indexOf(slot)] = fresh;
      return fresh;
    };

    const onTimeout = (slot: Slot) => {
      const job = slot.jobs[0];
      if (!job || finished) return;
      const { index, skipRules } = job;
      const ruleIndex = Atomics.load(slot.progress, 0);
      requeueWaiting(slot);
      const fresh = replace(slot);
      const ruleId = options.ruleIds[ruleIndex];
      if (ruleIndex >= 0 && ruleId && !skipRules.includes(ruleId)) {
        const unit = units[index];
        if (unit.part) stoppedInFile.set(unit.file, (stoppedInFile.get(unit.file) ?? new Set()).add(ruleId));
        start(fresh, index, [...skipRules, ruleId]);
      } else {
        settle(index, { file: units[index].file, warnings: [], error: 'extraction overran the time budget', part: partInfo(units[index]) });
        dispatch();
      }
    };

    const onCrash = (slot: Slot, err: Error) => {
      if (finished) return;
      const busy = slot.jobs[0];
      if (busy?.timer) clearTimeout(busy.timer);
      requeueWaiting(slot);
      replace(slot);
      if (busy) {
        settle(busy.index, {
          file: units[busy.index].file,
          warnings: [],
          error: `internal error: ${err.message}`,
          part: partInfo(units[busy.index]),
        });
      }
      dispatch();
    };

    for (let i = 0; i < workersFor(files, options, streamed); i++) slots.push(newWorker());
    releaseSpawned();
    dispatch();
  });
}

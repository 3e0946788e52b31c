/**
 * Extraction in worker threads: `--jobs N` documents at a time, results handed on in
 * input order whatever N is, and a time budget per document. A JavaScript regex cannot
 * be interrupted, so when a document overruns its budget the worker is terminated, the
 * rule it was running (read from shared memory) is reported by id, and the document is
 * extracted again without that rule; the run goes on.
 *
 * Why not a pool library (piscina, tinypool): the budget must run from the moment a
 * worker starts a job, not from when it was queued, and on overrun we read which rule
 * that very worker is in before terminating it, then re-run the job without the rule.
 * Those libraries queue tasks themselves and abort a task by terminating its worker
 * with no hook in between; fitting this in would take a message port and a shared word
 * per task, more code than the pool here. The parts are: ./workers.ts (threads and
 * messages), ./job-queue.ts (files and parts as jobs), ./ordered-output.ts (hand-off in
 * input order), and this file, which gives jobs to workers and watches their budgets.
 */
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { RuleSetOptions } from '../../rules/ruleset';
import { ExtractResult } from '../../types';
import { isStreamed } from '../inputs';
import type { StreamRead } from '../documents';
import { JobQueue, PartSettings, splitLongDocument, Unit } from './job-queue';
import { OrderedOutput } from './ordered-output';
import { Job, JobResult, PartJob, releaseSpawned, takeWorker, WorkerSetup } from './workers';

/** Jobs a worker holds: the one it runs and the next, so it never waits for the main thread between documents. */
const JOBS_PER_WORKER = 2;

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
  parts?: PartSettings;
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

interface Slot {
  worker: Worker;
  progress: Int32Array;
  /** Jobs handed to the worker, oldest first (at most JOBS_PER_WORKER). */
  jobs: Array<{ index: number; skipRules: string[]; budgetMs: number; timer?: NodeJS.Timeout }>;
}

/** The size of a job's input, for its time budget. */
function jobBytes(unit: Unit, bytes?: Uint8Array): number {
  if (unit.part) return unit.part.plan.byteEnd - unit.part.plan.byteStart;
  if (bytes) return bytes.length;
  try {
    return fs.statSync(unit.file).size;
  } catch {
    return 0;
  }
}

/** One run of the pool over a list of files. */
class PoolRun {
  private readonly slots: Slot[] = [];
  private readonly queue: JobQueue;
  private readonly output: OrderedOutput<Outcome>;
  /** How many jobs may run ahead of the output, which bounds the outcomes held in memory. */
  private readonly window: number;
  private finished = false;
  /**
   * Rules stopped on a part of a long document, by file: the parts started after that
   * skip them too, so a runaway rule costs one budget, not one per part.
   */
  private readonly stoppedInFile = new Map<string, Set<string>>();

  constructor(
    private readonly files: string[],
    private readonly options: PoolOptions,
    private readonly streamed: Map<string, StreamRead>,
    emit: (outcome: Outcome) => Promise<void>,
    private readonly done: (err?: unknown) => void,
  ) {
    this.window = Math.max(4, options.jobs * 4);
    this.queue = new JobQueue(
      files,
      (file) => this.partsOf(file),
      (index, error) =>
        this.settle(index, { file: this.queue.units[index].file, warnings: [], error, part: { first: false, last: true, bytesRead: 0 } }),
    );
    this.output = new OrderedOutput(
      emit,
      () => (this.allDone() ? this.finish() : this.dispatch()),
      (err) => this.finish(err),
      () => this.finished,
    );
  }

  begin(): void {
    for (let i = 0; i < workersFor(this.files, this.options, this.streamed); i++) this.slots.push(this.newWorker());
    releaseSpawned();
    this.dispatch();
  }

  private partsOf(file: string): Iterator<PartJob> | undefined {
    if (!this.options.parts || this.streamed.has(file)) return undefined;
    try {
      return splitLongDocument(file, this.options.parts, this.options.setup.encoding);
    } catch {
      return undefined; // the worker reads it whole and reports why it cannot
    }
  }

  private finish(err?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    for (const slot of this.slots) {
      for (const job of slot.jobs) clearTimeout(job.timer);
      void slot.worker.terminate();
    }
    this.done(err);
  }

  private allDone(): boolean {
    return this.queue.exhausted && this.output.emitted === this.queue.units.length;
  }

  private budgetFor(unit: Unit, bytes?: Uint8Array): number {
    return this.options.baseBudgetMs + (jobBytes(unit, bytes) / 1e6) * this.options.budgetMsPerMegabyte;
  }

  private newWorker(): Slot {
    const { worker, progress } = takeWorker(this.options.rules);
    worker.postMessage({ setup: this.options.setup });
    const slot: Slot = { worker, progress: new Int32Array(progress), jobs: [] };
    worker.on('message', (message: JobResult) => this.onResult(slot, message));
    worker.on('error', (err) => this.onCrash(slot, err));
    return slot;
  }

  /** `skipRules`: the rules stopped on this very job (reported with its outcome). */
  private start(slot: Slot, index: number, skipRules: string[]): void {
    const unit = this.queue.units[index];
    const stream = this.streamed.get(unit.file);
    if (stream?.error !== undefined) {
      this.settle(index, { file: unit.file, warnings: [], error: stream.error });
      return;
    }
    const bytes = stream?.bytes;
    slot.jobs.push({ index, skipRules, budgetMs: this.budgetFor(unit, bytes) });
    const inherited = unit.part ? [...(this.stoppedInFile.get(unit.file) ?? [])] : [];
    const skip = [...new Set([...inherited, ...skipRules])];
    const job: Job = { id: index, file: unit.file, bytes, skipRules: skip, part: unit.part };
    slot.worker.postMessage(job);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!this.finished && slot.jobs.length < JOBS_PER_WORKER) {
        const index = this.queue.next(this.output.emitted + this.window);
        if (index === undefined) break;
        this.start(slot, index, []);
      }
    }
  }

  private settle(index: number, outcome: Outcome): void {
    this.output.settle(index, outcome);
  }

  private failed(index: number, error: string): void {
    const unit = this.queue.units[index];
    this.settle(index, { file: unit.file, warnings: [], error, part: partInfo(unit) });
  }

  private onResult(slot: Slot, message: JobResult): void {
    const job = slot.jobs[0];
    if (!job || job.index !== message.id) return;
    if (message.started) {
      job.timer = setTimeout(() => this.onTimeout(slot), job.budgetMs);
      return;
    }
    clearTimeout(job.timer);
    const { index, skipRules } = job;
    slot.jobs.shift();
    const unit = this.queue.units[index];
    this.settle(index, {
      file: unit.file,
      result: message.result,
      warnings: message.warnings ?? [],
      stoppedRules: skipRules,
      error: message.error,
      rendered: message.rendered,
      part: partInfo(unit),
    });
    this.dispatch();
  }

  /** A worker about to be replaced: the jobs it had not started go back to the front of the queue. */
  private requeueWaiting(slot: Slot): void {
    this.queue.requeue(slot.jobs.slice(1).map((job) => job.index));
    slot.jobs = [];
  }

  private replace(slot: Slot): Slot {
    void slot.worker.terminate();
    const fresh = this.newWorker();
    this.slots[this.slots.indexOf(slot)] = fresh;
    return fresh;
  }

  /** Over budget: the worker goes; the job runs again without the rule it was stuck in, or fails if none is known. */
  private onTimeout(slot: Slot): void {
    const job = slot.jobs[0];
    if (!job || this.finished) return;
    const { index, skipRules } = job;
    const ruleIndex = Atomics.load(slot.progress, 0);
    this.requeueWaiting(slot);
    const fresh = this.replace(slot);
    const ruleId = this.options.ruleIds[ruleIndex];
    if (ruleIndex >= 0 && ruleId && !skipRules.includes(ruleId)) {
      const unit = this.queue.units[index];
      if (unit.part) this.stoppedInFile.set(unit.file, (this.stoppedInFile.get(unit.file) ?? new Set()).add(ruleId));
      this.start(fresh, index, [...skipRules, ruleId]);
    } else {
      this.failed(index, 'extraction overran the time budget');
      this.dispatch();
    }
  }

  private onCrash(slot: Slot, err: Error): void {
    if (this.finished) return;
    const busy = slot.jobs[0];
    if (busy?.timer) clearTimeout(busy.timer);
    this.requeueWaiting(slot);
    this.replace(slot);
    if (busy) this.failed(busy.index, `internal error: ${err.message}`);
    this.dispatch();
  }
}

/** The documents that are streams (standard input, a FIFO, a device), each read once, whole, before a run. */
export async function readStreams(files: string[], readStream: PoolOptions['readStream']): Promise<Map<string, StreamRead>> {
  const streamed = new Map<string, StreamRead>();
  for (const file of files) if (isStreamed(file) && !streamed.has(file)) streamed.set(file, await readStream(file));
  return streamed;
}

/**
 * Runs every file through the workers and hands each outcome to `emit` in input order.
 * A long document (`options.parts`) is split into parts when its turn comes; each part
 * is a job of its own, so several cores share it, and its outcomes come in order too.
 * `streamed`: the stream inputs, if already read (a worker reads only files).
 */
export async function runPool(
  files: string[],
  options: PoolOptions,
  emit: (outcome: Outcome) => Promise<void>,
  streamed?: Map<string, StreamRead>,
): Promise<void> {
  if (files.length === 0) {
    releaseSpawned();
    return;
  }
  const streams = streamed ?? (await readStreams(files, options.readStream));
  return new Promise<void>((resolve, reject) => {
    new PoolRun(files, options, streams, emit, (err) => (err ? reject(err) : resolve())).begin();
  });
}

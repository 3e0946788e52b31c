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
import { DocumentPart, ExtractResult } from '../types';
import type { Format } from '../output/writers';
import { STDIN } from './inputs';

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
  /** Read documents over `largeBytes` in parts of this many characters, handing each part on at once. */
  parts?: { largeBytes: number; partChars: number };
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
    // A smaller young generation than V8's default keeps a worker's memory flat on
    // long documents (collected more often, at little cost in speed).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
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

export interface Job {
  id: number;
  file: string;
  bytes?: Uint8Array;
  skipRules: string[];
  /** Parts already handed on by an earlier run of this job: do not send them again. */
  partsDone: number;
}

export interface JobResult {
  id: number;
  /** The worker has the job and starts on it: the time budget runs from here. */
  started?: boolean;
  result?: ExtractResult;
  /** One part of a document read in parts; `result` comes last, with no records, and `parted`. */
  part?: Part;
  /**
   * The document or part as rendered by the worker (`setup.render`), in UTF-8, its
   * buffer handed over rather than copied; the records are then left out.
   */
  rendered?: Uint8Array;
  /** Bytes of the file read when the part was sent. */
  partBytes?: number;
  parted?: boolean;
  warnings?: string[];
  error?: string;
}

export type Part = DocumentPart;

export interface PoolOptions {
  jobs: number;
  rules: RuleSetOptions;
  setup: WorkerSetup;
  /** Budget per document: a base, plus an allowance per megabyte of input. */
  baseBudgetMs: number;
  budgetMsPerMegabyte: number;
  /** Rule ids by index, in the order the workers load them. */
  ruleIds: string[];
  readStdin: () => Promise<Buffer>;
}

export type Outcome = {
  file: string;
  result?: ExtractResult;
  warnings: string[];
  /** Rules stopped for overrunning the time budget on this document. */
  stoppedRules?: string[];
  error?: string;
  /** The records went out in parts (`emitPart`) before this. */
  parted?: boolean;
  rendered?: Uint8Array;
};

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
 * Runs every file through the workers. `emit` gets each document's outcome in input
 * order; a document read in parts (`setup.parts`) first goes to `emitPart`, part by
 * part, as soon as everything before it has been handed on.
 */
export async function runPool(
  files: string[],
  options: PoolOptions,
  emit: (outcome: Outcome) => Promise<void>,
  emitPart?: (file: string, part: Part, bytesRead: number, rendered?: Uint8Array) => Promise<void>,
): Promise<void> {
  if (files.length === 0) {
    releaseSpawned();
    return;
  }
  let stdinBytes: Buffer | undefined;
  if (files.includes(STDIN)) stdinBytes = await options.readStdin();

  return new Promise<void>((resolve, reject) => {
    const outcomes = new Map<number, Outcome>();
    /** Parts not yet handed on, and how many each document has sent (kept if it must run again). */
    const parts = new Map<number, Array<{ part: Part; bytes: number; rendered?: Uint8Array }>>();
    const partsSent = new Map<number, number>();
    const pending: number[] = files.map((_f, i) => i);
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

    const budgetFor = (file: string, bytes?: Uint8Array): number => {
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

    const start = (slot: Slot, index: number, skipRules: string[]) => {
      const file = files[index];
      const bytes = file === STDIN ? stdinBytes : undefined;
      slot.jobs.push({ index, skipRules, budgetMs: budgetFor(file, bytes) });
      const job: Job = { id: index, file, bytes, skipRules, partsDone: partsSent.get(index) ?? 0 };
      slot.worker.postMessage(job);
    };

    const dispatch = () => {
      for (const slot of slots) {
        if (finished) return;
        while (slot.jobs.length < JOBS_PER_WORKER && pending.length > 0 && pending[0] < nextEmit + window) {
          start(slot, pending.shift()!, []);
        }
      }
    };

    const flush = () => {
      flushing = flushing
        .then(async () => {
          while (!finished) {
            const queued = parts.get(nextEmit);
            if (queued?.length) {
              const { part, bytes, rendered } = queued.shift()!;
              await emitPart!(files[nextEmit], part, bytes, rendered);
              continue;
            }
            if (!outcomes.has(nextEmit)) break;
            const ready = outcomes.get(nextEmit)!;
            outcomes.delete(nextEmit);
            parts.delete(nextEmit);
            nextEmit++;
            await emit(ready);
          }
          if (nextEmit === files.length) finish();
          else dispatch();
        })
        .catch((err) => finish(err));
    };

    const settle = (index: number, outcome: Outcome) => {
      outcomes.set(index, outcome);
      flush();
    };

    const addPart = (index: number, part: Part, bytes: number, rendered?: Uint8Array) => {
      partsSent.set(index, (partsSent.get(index) ?? 0) + 1);
      const queue = parts.get(index) ?? [];
      queue.push({ part, bytes, rendered });
      parts.set(index, queue);
      flush();
    };

    const onResult = (slot: Slot, message: JobResult) => {
      const job = slot.jobs[0];
      if (!job || job.index !== message.id) return;
      if (message.started) {
        job.timer = setTimeout(() => onTimeout(slot), job.budgetMs);
        return;
      }
      if (message.part) {
        addPart(message.id, message.part, message.partBytes ?? 0, message.rendered);
        return;
      }
      clearTimeout(job.timer);
      const { index, skipRules } = job;
      slot.jobs.shift();
      settle(index, {
        file: files[index],
        result: message.result,
        warnings: message.warnings ?? [],
        stoppedRules: skipRules,
        error: message.error,
        parted: message.parted || partsSent.has(index),
        rendered: message.rendered,
      });
      dispatch();
    };

    /** A worker about to be replaced: the jobs it had not started go back to the front of the queue. */
    const requeueWaiting = (slot: Slot) => {
      pending.unshift(...slot.jobs.slice(1).map((job) => job.index));
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
        start(fresh, index, [...skipRules, ruleId]);
      } else {
        settle(index, { file: files[index], warnings: [], error: 'extraction overran the time budget' });
        dispatch();
      }
    };

    const onCrash = (slot: Slot, err: Error) => {
      if (finished) return;
      const busy = slot.jobs[0];
      if (busy?.timer) clearTimeout(busy.timer);
      requeueWaiting(slot);
      replace(slot);
      if (busy) settle(busy.index, { file: files[busy.index], warnings: [], error: `internal error: ${err.message}` });
      dispatch();
    };

    for (let i = 0; i < Math.min(options.jobs, files.length); i++) slots.push(newWorker());
    releaseSpawned();
    dispatch();
  });
}

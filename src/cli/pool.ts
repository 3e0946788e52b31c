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
import { ExtractResult } from '../types';
import { STDIN } from './inputs';

export interface WorkerSetup {
  rules: RuleSetOptions;
  date?: string;
  types?: string[];
  keepInternal?: boolean;
  keepText?: boolean;
  encoding?: string;
  /** One Int32: the index of the rule the worker is running, -1 between rules. */
  progress: SharedArrayBuffer;
}

export interface Job {
  id: number;
  file: string;
  bytes?: Uint8Array;
  skipRules: string[];
}

export interface JobResult {
  id: number;
  /** The worker has the job and starts on it: the time budget runs from here. */
  started?: boolean;
  result?: ExtractResult;
  warnings?: string[];
  error?: string;
}

export interface PoolOptions {
  jobs: number;
  setup: Omit<WorkerSetup, 'progress'>;
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
};

interface Slot {
  worker: Worker;
  progress: Int32Array;
  busy?: { index: number; skipRules: string[]; budgetMs: number; timer?: NodeJS.Timeout };
}

const WORKER_SCRIPT = path.join(__dirname, 'worker.js');

export async function runPool(files: string[], options: PoolOptions, emit: (outcome: Outcome) => Promise<void>): Promise<void> {
  if (files.length === 0) return;
  let stdinBytes: Buffer | undefined;
  if (files.includes(STDIN)) stdinBytes = await options.readStdin();

  return new Promise<void>((resolve, reject) => {
    const outcomes = new Map<number, Outcome>();
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
        if (slot.busy?.timer) clearTimeout(slot.busy.timer);
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
      const progress = new SharedArrayBuffer(4);
      const worker = new Worker(WORKER_SCRIPT, { workerData: { ...options.setup, progress } satisfies WorkerSetup });
      const slot: Slot = { worker, progress: new Int32Array(progress) };
      worker.on('message', (message: JobResult) => onResult(slot, message));
      worker.on('error', (err) => onCrash(slot, err));
      return slot;
    };

    const start = (slot: Slot, index: number, skipRules: string[]) => {
      const file = files[index];
      const bytes = file === STDIN ? stdinBytes : undefined;
      Atomics.store(slot.progress, 0, -1);
      slot.busy = { index, skipRules, budgetMs: budgetFor(file, bytes) };
      const job: Job = { id: index, file, bytes, skipRules };
      slot.worker.postMessage(job);
    };

    const dispatch = () => {
      for (const slot of slots) {
        if (finished) return;
        if (slot.busy || pending.length === 0 || pending[0] >= nextEmit + window) continue;
        start(slot, pending.shift()!, []);
      }
    };

    const settle = (index: number, outcome: Outcome) => {
      outcomes.set(index, outcome);
      flushing = flushing
        .then(async () => {
          while (!finished && outcomes.has(nextEmit)) {
            const ready = outcomes.get(nextEmit)!;
            outcomes.delete(nextEmit);
            nextEmit++;
            await emit(ready);
          }
          if (nextEmit === files.length) finish();
          else dispatch();
        })
        .catch((err) => finish(err));
    };

    const onResult = (slot: Slot, message: JobResult) => {
      if (!slot.busy || slot.busy.index !== message.id) return;
      if (message.started) {
        slot.busy.timer = setTimeout(() => onTimeout(slot), slot.busy.budgetMs);
        return;
      }
      clearTimeout(slot.busy.timer);
      const { index, skipRules } = slot.busy;
      slot.busy = undefined;
      settle(index, { file: files[index], result: message.result, warnings: message.warnings ?? [], stoppedRules: skipRules, error: message.error });
      dispatch();
    };

    const replace = (slot: Slot) => {
      void slot.worker.terminate();
      const fresh = newWorker();
      slots[slots.indexOf(slot)] = fresh;
      return fresh;
    };

    const onTimeout = (slot: Slot) => {
      if (!slot.busy || finished) return;
      const { index, skipRules } = slot.busy;
      const ruleIndex = Atomics.load(slot.progress, 0);
      slot.busy = undefined;
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
      const busy = slot.busy;
      if (busy?.timer) clearTimeout(busy.timer);
      slot.busy = undefined;
      replace(slot);
      if (busy) settle(busy.index, { file: files[busy.index], warnings: [], error: `internal error: ${err.message}` });
      dispatch();
    };

    for (let i = 0; i < Math.min(options.jobs, files.length); i++) slots.push(newWorker());
    dispatch();
  });
}

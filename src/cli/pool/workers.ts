/**
 * The worker threads themselves: what one is started with and told, the messages a
 * job and its result are, and workers started ahead of a run (`prespawn`) so they
 * compile the rules while the main thread checks the options.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { RuleSetOptions } from '../../rules/ruleset';
import { DocumentMeta, ExtractResult } from '../../types';
import type { Format, WriterOptions } from '../../output/writers';
import { PartPlan } from '../../text/parts';

const WORKER_SCRIPT = path.join(__dirname, 'worker.js');

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
  /** How the worker's writer writes (`--bom`, `--columns`, `--no-context`). */
  writer?: WriterOptions;
}

/** A started worker, and the shared word in which it says which rule it is running. */
export interface Spawned {
  worker: Worker;
  progress: SharedArrayBuffer;
  rules: RuleSetOptions;
}

/** Workers started ahead of the run (`prespawn`), taken by the next `runPool`. */
const spawned: Spawned[] = [];

export function spawn(rules: RuleSetOptions): Spawned {
  const progress = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SCRIPT, {
    workerData: { rules, progress } satisfies WorkerData,
    // Without limits V8 sizes a worker's heap from the machine's memory and collects
    // lazily; with these it collects sooner, and the run's peak memory drops by a third
    // at no cost in speed. 512 MB is far above what a document (or part) needs. Young
    // generations measured (farm-bench, four pairs, --jobs 2): 32 MB against 8 on 3,192 VNTC
    // articles, the same CPU time (0.99–1.00×) and 50 MB more peak memory; 4 MB against 8,
    // the same CPU time on those articles (0.99×) and on a 36 MB file (1.01×), and 3–7 MiB less.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 },
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

/** A prespawned worker for these rules if there is one, else a new one. */
export function takeWorker(rules: RuleSetOptions): Spawned {
  const ready = spawned.findIndex((s) => JSON.stringify(s.rules) === JSON.stringify(rules));
  return ready >= 0 ? spawned.splice(ready, 1)[0] : spawn(rules);
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

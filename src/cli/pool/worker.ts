/**
 * A worker thread that extracts documents. It loads the same rules as the main thread
 * (already checked there), reads and decodes each file it is given, and before each
 * rule writes the rule's index into shared memory, so the main thread can name the
 * rule a document is stuck in when it overruns its time budget.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadRuleSet } from '../../extract/rule-set';
import { JobRunner } from './job-runner';
import { prunedRun } from '../../extract/prune';
import type { Job, JobResult, WorkerData, WorkerSetup } from './workers';

const data = workerData as WorkerData;
const rules = loadRuleSet(data.rules);
const progress = new Int32Array(data.progress);
/** Made when the main thread sends the setup, before the first job. */
let runner: JobRunner | undefined;

/** Posts a result, handing rendered output over without a copy. */
function send(message: JobResult): void {
  parentPort!.postMessage(message, message.rendered ? [message.rendered.buffer as ArrayBuffer] : []);
}

/**
 * Whether V8 compiles a regex to bytecode first and to native code on a later run (its
 * default), or straight to native code: bin/extract starts Node with
 * `--no-regexp-tier-up`, which compiles each regex once. The flag is read here, never
 * set: changed at run time (`v8.setFlagsFromString`), it crashes Node 20 when a regex
 * compiled before the change runs after it.
 */
const TIER_UP = !process.execArgv.includes('--no-regexp-tier-up');

/**
 * V8 compiles a regex on first use (and, with tier-up, again on the next): do that now,
 * on a one-character two-byte string (as Vietnamese text is), so a document's time
 * budget measures matching, not compiling. One character cannot make even a runaway
 * pattern run long. These are the regexes for text within the BMP (nearly all text) of
 * the rules the run needs (`--types` leaves some out), a pattern's probe too, since a
 * worker reads enough text to use it (match.ts).
 */
function warmUp(setup: WorkerSetup): void {
  const skip = prunedRun(rules, setup)?.skipRules ?? new Set<string>();
  rules.scanner.scan('ạ');
  for (const rule of rules.rules) {
    if (skip.has(rule.def.id)) continue;
    for (const pattern of rule.regexes) {
      const { bmp } = pattern;
      // A pattern with a trigger runs as probe and detail; one without, as find and detail.
      const used = pattern.trigger !== undefined ? [bmp.probe, bmp.detail] : [bmp.find, bmp.detail];
      for (let i = 0; i < (TIER_UP ? 2 : 1); i++) {
        for (const regex of used) {
          regex.lastIndex = 0;
          regex.exec('ạ');
        }
      }
    }
  }
}

parentPort!.on('message', (message: Job | { setup: WorkerSetup }) => {
  if ('setup' in message) {
    warmUp(message.setup);
    runner = new JobRunner(rules, message.setup, (index) => Atomics.store(progress, 0, index));
    return;
  }
  const job = message;
  // The budget starts now, not while the job waited for this worker to start (or for the job before it).
  Atomics.store(progress, 0, -1);
  parentPort!.postMessage({ id: job.id, started: true } satisfies JobResult);
  send(runner!.run(job));
});

/**
 * A worker thread that extracts documents. It loads the same rules as the main thread
 * (already checked there), reads and decodes each file it is given, and before each
 * rule writes the rule's index into shared memory, so the main thread can name the
 * rule a document is stuck in when it overruns its time budget.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadRuleSet } from '../../extract/rule-set';
import { JobRunner } from './job-runner';
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
 * V8 compiles a regex on first use, and again to native code on the next: do both now,
 * on a one-character two-byte string (as Vietnamese text is), so a document's time
 * budget measures matching, not compiling. One character cannot make even a runaway
 * pattern run long. (`v8.setFlagsFromString('--no-regexp-tier-up')` would skip the
 * bytecode step and save half a second, but it is not safe at run time: in Node 20 a
 * regex compiled to bytecode before the flag changes crashes the process when run after.)
 */
function warmUp(): void {
  rules.scanner.scan('ạ');
  for (const rule of rules.rules) {
    for (const pattern of rule.regexes) {
      // A pattern with a trigger runs as probe and detail; one without, as find and detail.
      const used = pattern.trigger !== undefined ? [pattern.probe, pattern.detail] : [pattern.find, pattern.detail];
      for (let i = 0; i < 2; i++) {
        for (const regex of used) {
          regex.lastIndex = 0;
          regex.exec('ạ');
        }
      }
    }
  }
}

warmUp();

parentPort!.on('message', (message: Job | { setup: WorkerSetup }) => {
  if ('setup' in message) {
    runner = new JobRunner(rules, message.setup, (index) => Atomics.store(progress, 0, index));
    return;
  }
  const job = message;
  // The budget starts now, not while the job waited for this worker to start (or for the job before it).
  Atomics.store(progress, 0, -1);
  parentPort!.postMessage({ id: job.id, started: true } satisfies JobResult);
  send(runner!.run(job));
});

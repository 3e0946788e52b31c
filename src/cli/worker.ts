/**
 * A worker thread that extracts documents. It loads the same rules as the main thread
 * (already checked there), reads and decodes each file it is given, and before each
 * rule writes the rule's index into shared memory, so the main thread can name the
 * rule a document is stuck in when it overruns its time budget.
 */
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { extract } from '../extract';
import { loadRuleSet } from '../rules/ruleset';
import { decodeBytes, DecodeError } from '../text/decode';
import { describeReadError } from './read-errors';
import type { Job, JobResult, WorkerSetup } from './pool';

const setup = workerData as WorkerSetup;
const rules = loadRuleSet(setup.rules);
const progress = new Int32Array(setup.progress);

/**
 * V8 compiles a regex on first use, and again to native code on the next: do both now,
 * on a one-character two-byte string (as Vietnamese text is), so a document's time
 * budget measures matching, not compiling. One character cannot make even a runaway
 * pattern run long.
 */
function warmUp(): void {
  for (const rule of rules.rules) {
    for (const { find, detail } of rule.regexes) {
      for (let i = 0; i < 2; i++) {
        find.lastIndex = 0;
        find.exec('ạ');
        detail.lastIndex = 0;
        detail.exec('ạ');
      }
    }
  }
}

warmUp();

function run(job: Job): JobResult {
  let bytes: Uint8Array;
  try {
    bytes = job.bytes ?? fs.readFileSync(job.file);
  } catch (err) {
    return { id: job.id, error: describeReadError(err) };
  }
  try {
    const decoded = decodeBytes(bytes, setup.encoding);
    const result = extract(decoded.text, {
      rules,
      date: setup.date,
      types: setup.types,
      keepInternal: setup.keepInternal,
      keepText: setup.keepText,
      skipRules: new Set(job.skipRules),
      onRule: (index) => Atomics.store(progress, 0, index),
    });
    return { id: job.id, result, warnings: decoded.warnings };
  } catch (err) {
    if (err instanceof DecodeError) return { id: job.id, error: err.message };
    return { id: job.id, error: `internal error: ${(err as Error).stack ?? err}` };
  }
}

parentPort!.on('message', (job: Job) => {
  // The budget starts now, not while the job waited for this worker to start.
  parentPort!.postMessage({ id: job.id, started: true } satisfies JobResult);
  parentPort!.postMessage(run(job));
});

/**
 * A small input extracted in the main thread, with no worker: starting a worker and
 * compiling the rules a second time there costs far more than one article takes. The
 * price is the time budget, which needs a thread to stop: so this runs only the
 * built-in rules, with no `--timeout` asked for (see `inProcessCandidate` in ../run.ts).
 */
import * as fs from 'fs';
import { RuleSet } from '../../rules/ruleset';
import type { StreamRead } from '../documents';
import { JobRunner } from './job-runner';
import type { Outcome, PoolOptions } from './run-pool';

/** Inputs up to this many bytes in all are extracted in the main thread (when the rules allow it). */
export const IN_PROCESS_MAX_BYTES = 2e6;

/** The input's size in all, files by their size on disk; stop counting past the limit. */
export function inputBytes(files: string[], streamed: Map<string, StreamRead>): number {
  let total = 0;
  for (const file of files) {
    const stream = streamed.get(file);
    try {
      total += stream ? (stream.bytes?.length ?? 0) : fs.statSync(file).size;
    } catch {
      // unreadable: the run reports it; it costs nothing here
    }
    if (total > IN_PROCESS_MAX_BYTES) break;
  }
  return total;
}

/** Extracts every file in turn, here, handing each outcome to `emit` in input order. */
export async function runInProcess(
  files: string[],
  options: Pick<PoolOptions, 'setup'>,
  rules: RuleSet,
  streamed: Map<string, StreamRead>,
  emit: (outcome: Outcome) => Promise<void>,
): Promise<void> {
  // The main thread writes documents itself: rendering here would only add a copy.
  const runner = new JobRunner(rules, { ...options.setup, render: undefined });
  for (const [id, file] of files.entries()) {
    const stream = streamed.get(file);
    if (stream?.error !== undefined) {
      await emit({ file, warnings: [], error: stream.error });
      continue;
    }
    const result = runner.run({ id, file, bytes: stream?.bytes, skipRules: [] });
    await emit({ file, result: result.result, warnings: result.warnings ?? [], stoppedRules: [], error: result.error });
  }
}

/**
 * A worker thread that extracts documents. It loads the same rules as the main thread
 * (already checked there), reads and decodes each file it is given, and before each
 * rule writes the rule's index into shared memory, so the main thread can name the
 * rule a document is stuck in when it overruns its time budget.
 */
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { extract, ExtractOptions } from '../../extract/extract';
import { ExtractedRecord, ExtractResult } from '../../types';
import { createWriter, Writer } from '../../output/writers';
import { PartPlan, readPart } from '../../text/parts';
import { loadRuleSet } from '../../extract/rule-set';
import { decodeBytes, DecodeError } from '../../text/decode';
import { describeReadError } from '../read-errors';
import type { Job, JobResult, PartJob, WorkerData, WorkerSetup } from './workers';

const data = workerData as WorkerData;
const rules = loadRuleSet(data.rules);
const progress = new Int32Array(data.progress);
/** Sent by the main thread before the first job. */
let setup: WorkerSetup = {};
/** The writer that renders documents here, when the main thread asked for text. */
let writer: Writer | undefined;
const utf8 = new TextEncoder();

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

function extractOptions(job: Job): ExtractOptions {
  return {
    rules,
    date: setup.date,
    types: setup.types,
    keepInternal: setup.keepInternal,
    keepText: setup.keepText,
    skipRules: new Set(job.skipRules),
    onRule: (index) => Atomics.store(progress, 0, index),
  };
}

/**
 * The part's own records (those that start in what it owns, not in its margins), with
 * offsets and lines in the whole document. A part's text starts at a line start, so
 * columns stay as they are.
 */
function placed(records: ExtractedRecord[], plan: PartPlan): ExtractedRecord[] {
  return records
    .filter((r) => r.start >= plan.keepFrom && r.start < plan.keepTo)
    .map((r) => ({ ...r, start: r.start + plan.offset, end: r.end + plan.offset, line: r.line + plan.lineBase }));
}

/**
 * One part of a long document (text/parts.ts): its records placed in the whole
 * document, the meta with the first part only. Later parts take their reference date
 * from the meta of the first, which the main thread read when it split the document.
 */
function runPart(job: Job, { plan, documentMeta }: PartJob): JobResult {
  const text = readPart(job.file, plan);
  const result = extract(text, {
    ...extractOptions(job),
    documentMeta: plan.first ? undefined : documentMeta,
    part: { start: plan.first, end: plan.last },
  });
  // The byline is in the last part; the first, whose meta is written, has it from the main thread.
  const meta = plan.first && !plan.last ? { ...result.meta, author: documentMeta.author } : result.meta;
  const part: ExtractResult = { meta, records: placed(result.records, plan), warnings: [] };
  if (writer?.renderPart) {
    const rendered = utf8.encode(writer.renderPart(job.file, part, plan.first));
    return { id: job.id, result: { ...part, records: [] }, rendered, warnings: result.warnings };
  }
  return { id: job.id, result: part, warnings: result.warnings };
}

function run(job: Job): JobResult {
  if (job.part) {
    try {
      return runPart(job, job.part);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { id: job.id, error: e.code ? describeReadError(err) : `internal error: ${e.stack ?? err}` };
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = job.bytes ?? fs.readFileSync(job.file);
  } catch (err) {
    return { id: job.id, error: describeReadError(err) };
  }
  try {
    const decoded = decodeBytes(bytes, setup.encoding);
    const result = extract(decoded.text, extractOptions(job));
    if (writer?.render) {
      const rendered = utf8.encode(writer.render(job.file, result));
      return { id: job.id, result: { ...result, records: [] }, rendered, warnings: [...decoded.warnings, ...result.warnings] };
    }
    return { id: job.id, result, warnings: [...decoded.warnings, ...result.warnings] };
  } catch (err) {
    if (err instanceof DecodeError) return { id: job.id, error: err.message };
    return { id: job.id, error: `internal error: ${(err as Error).stack ?? err}` };
  }
}

parentPort!.on('message', (message: Job | { setup: WorkerSetup }) => {
  if ('setup' in message) {
    setup = message.setup;
    writer = setup.render ? createWriter(setup.render) : undefined;
    return;
  }
  const job = message;
  // The budget starts now, not while the job waited for this worker to start (or for the job before it).
  Atomics.store(progress, 0, -1);
  parentPort!.postMessage({ id: job.id, started: true } satisfies JobResult);
  send(run(job));
});

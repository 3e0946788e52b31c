/**
 * A worker thread that extracts documents. It loads the same rules as the main thread
 * (already checked there), reads and decodes each file it is given, and before each
 * rule writes the rule's index into shared memory, so the main thread can name the
 * rule a document is stuck in when it overruns its time budget.
 */
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { extract, ExtractOptions } from '../extract';
import { DocumentMeta, DocumentPart, ExtractedRecord } from '../types';
import { createWriter, Writer } from '../output/writers';
import { Part as TextPart, readInParts, streamableEncoding } from '../text/parts';
import { loadRuleSet } from '../rules/ruleset';
import { decodeBytes, DecodeError } from '../text/decode';
import { describeReadError } from './read-errors';
import type { Job, JobResult, WorkerData, WorkerSetup } from './pool';

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
 * pattern run long.
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

/** The part's records with offsets, lines and columns in the whole document. */
function placed(records: ExtractedRecord[], part: TextPart): ExtractedRecord[] {
  return records.map((r) => ({
    ...r,
    start: r.start + part.offset,
    end: r.end + part.offset,
    line: r.line + part.lineBase,
    column: r.line === 1 ? r.column + part.columnBase : r.column,
  }));
}

/**
 * A long document, part by part (text/parts.ts): each part's records are sent as soon
 * as they are found, so neither the text nor its records are ever held whole. The
 * first part gives the document's meta (headline, dateline), which later parts use
 * as their reference date. A job run again after a timeout skips the parts sent before.
 */
function runInParts(job: Job, how: NonNullable<ReturnType<typeof streamableEncoding>>): JobResult {
  const options = extractOptions(job);
  let meta: DocumentMeta | undefined;
  let index = 0;
  readInParts(job.file, how, setup.parts!.partChars, (part) => {
    const first = index === 0;
    const wanted = index >= job.partsDone;
    index++;
    if (!first && !wanted) return;
    const result = extract(part.text, { ...options, documentMeta: meta, part: { start: part.first, end: part.last } });
    if (first) meta = result.meta;
    if (wanted) {
      const done: DocumentPart = { meta: first ? meta : undefined, records: placed(result.records, part) };
      const message: JobResult = writer?.renderPart
        ? { id: job.id, part: { meta: done.meta, records: [] }, rendered: utf8.encode(writer.renderPart(job.file, done, first)), partBytes: part.bytesRead }
        : { id: job.id, part: done, partBytes: part.bytesRead };
      send(message);
    }
  });
  return { id: job.id, result: { meta: meta!, records: [], warnings: [] }, warnings: [], parted: true };
}

/** Whether to read the job's file in parts: a large file, in an encoding that can be read piecemeal. */
function partsFor(job: Job): ReturnType<typeof streamableEncoding> {
  if (!setup.parts || job.bytes) return undefined;
  let size: number;
  try {
    size = fs.statSync(job.file).size;
  } catch {
    return undefined;
  }
  return size > setup.parts.largeBytes ? streamableEncoding(job.file, setup.encoding) : undefined;
}

function run(job: Job): JobResult {
  try {
    const how = partsFor(job);
    if (how) return runInParts(job, how);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { id: job.id, error: e.code ? describeReadError(err) : `internal error: ${e.stack ?? err}` };
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
      return { id: job.id, result: { ...result, records: [] }, rendered, warnings: decoded.warnings };
    }
    return { id: job.id, result, warnings: decoded.warnings };
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

/**
 * One job run where it is: a document (or a part of one) read, decoded and extracted,
 * and rendered when the setup asks for text. Worker threads run jobs with it, and so
 * does the main thread for a small input (./in-process.ts).
 */
import * as fs from 'fs';
import { extract, ExtractOptions } from '../../extract/extract';
import { RuleSet } from '../../rules/ruleset';
import { ExtractedRecord, ExtractResult } from '../../types';
import { createWriter, Writer } from '../../output/writers';
import { PartPlan, readPart } from '../../text/parts';
import { decodeBytes, DecodeError } from '../../text/decode';
import { describeReadError } from '../read-errors';
import type { Job, JobResult, PartJob, WorkerSetup } from './workers';

const utf8 = new TextEncoder();

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

const failure = (job: Job, err: unknown): JobResult => {
  const e = err as NodeJS.ErrnoException;
  return { id: job.id, error: e.code ? describeReadError(err) : `internal error: ${e.stack ?? err}` };
};

export class JobRunner {
  /** The writer that renders documents here, when the setup asks for text. */
  private readonly writer: Writer | undefined;

  /** `onRule` is told each rule's index before it runs (the watchdog's shared word, in a worker). */
  constructor(
    private readonly rules: RuleSet,
    private readonly setup: WorkerSetup,
    private readonly onRule?: (index: number) => void,
  ) {
    this.writer = setup.render ? createWriter(setup.render, setup.writer) : undefined;
  }

  run(job: Job): JobResult {
    if (job.part) {
      try {
        return this.runPart(job, job.part);
      } catch (err) {
        return failure(job, err);
      }
    }
    let bytes: Uint8Array;
    try {
      bytes = job.bytes ?? fs.readFileSync(job.file);
    } catch (err) {
      return { id: job.id, error: describeReadError(err) };
    }
    try {
      const decoded = decodeBytes(bytes, this.setup.encoding);
      const result = extract(decoded.text, this.extractOptions(job));
      const warnings = [...decoded.warnings, ...result.warnings];
      if (this.writer?.render) {
        const rendered = utf8.encode(this.writer.render(job.file, result));
        return { id: job.id, result: { ...result, records: [] }, rendered, warnings };
      }
      return { id: job.id, result, warnings };
    } catch (err) {
      if (err instanceof DecodeError) return { id: job.id, error: err.message };
      return { id: job.id, error: `internal error: ${(err as Error).stack ?? err}` };
    }
  }

  private extractOptions(job: Job): ExtractOptions {
    const { date, types, keepInternal, keepText } = this.setup;
    return { rules: this.rules, date, types, keepInternal, keepText, skipRules: new Set(job.skipRules), onRule: this.onRule };
  }

  /**
   * One part of a long document (text/parts.ts): its records placed in the whole
   * document, the meta with the first part only. Later parts take their reference date
   * from the meta of the first, which the main thread read when it split the document.
   */
  private runPart(job: Job, { plan, documentMeta }: PartJob): JobResult {
    const text = readPart(job.file, plan);
    const result = extract(text, {
      ...this.extractOptions(job),
      documentMeta: plan.first ? undefined : documentMeta,
      part: { start: plan.first, end: plan.last },
    });
    // The byline is in the last part; the first, whose meta is written, has it from the main thread.
    // A later part carries the document's meta too (a CSV row names its document's headline).
    const meta = plan.first ? (plan.last ? result.meta : { ...result.meta, author: documentMeta.author }) : documentMeta;
    const part: ExtractResult = { meta, records: placed(result.records, plan), warnings: [] };
    if (this.writer?.renderPart) {
      const rendered = utf8.encode(this.writer.renderPart(job.file, part, plan.first));
      return { id: job.id, result: { ...part, records: [] }, rendered, warnings: result.warnings };
    }
    return { id: job.id, result: part, warnings: result.warnings };
  }
}

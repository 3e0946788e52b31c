/**
 * The jobs of a run, made as they are needed: each file is one job, or, when it is
 * long, one job per part, planned when its turn comes so that a long document never
 * sits in memory whole. Jobs are numbered in input order; the output is written in it.
 */
import * as fs from 'fs';
import { DocumentMeta } from '../../types';
import { readLayout } from '../../layout/layout';
import { PartSizes, planParts, streamableEncoding, tailText } from '../../text/parts';
import { describeReadError } from '../read-errors';
import type { PartJob } from './workers';

/** A job to run: a whole file, or one part of a long one. */
export interface Unit {
  file: string;
  part?: PartJob;
}

/** How long documents are split: past `largeBytes`, into parts of `sizes`. */
export interface PartSettings {
  largeBytes: number;
  sizes: PartSizes;
}

/**
 * The parts of a long document, planned as they are asked for; undefined for a document
 * to read whole. The document's meta is read here, before the first part is handed on
 * (it is written first): headline and dateline from the start, the byline from the end.
 */
export function splitLongDocument(file: string, parts: PartSettings, encoding?: string): Iterator<PartJob> | undefined {
  if (fs.statSync(file).size <= parts.largeBytes) return undefined;
  const how = streamableEncoding(file, encoding);
  if (!how) return undefined;
  const { author } = readLayout(tailText(file, how, TAIL_BYTES), { start: false, end: true }).meta;
  let documentMeta: DocumentMeta | undefined;
  const plans = planParts(file, how, parts.sizes, (text) => {
    documentMeta = { ...readLayout(text, { start: true, end: false }).meta, author };
  });
  return (function* () {
    for (const plan of plans) yield { plan, documentMeta: documentMeta! };
  })();
}

/** How much of a long document's end is read for its byline (far more than the lines the layout reader looks at). */
const TAIL_BYTES = 1 << 16;

export class JobQueue {
  /** Jobs by id, in the order made: a file, or a part of one. */
  readonly units: Unit[] = [];
  /** Files not yet made into jobs start here; `ready` holds jobs made and not yet given to a worker. */
  private nextFile = 0;
  private readonly ready: number[] = [];
  /** The parts of the long document being split, still to come. */
  private splitting: { file: string; parts: Iterator<PartJob> } | undefined;

  /**
   * `split` gives a file's parts, or undefined to run it whole; `onSplitFailure` is told
   * of the job standing for a document that changed or vanished while being split.
   */
  constructor(
    private readonly files: string[],
    private readonly split: (file: string) => Iterator<PartJob> | undefined,
    private readonly onSplitFailure: (index: number, error: string) => void,
  ) {}

  /** The next job, made when needed, if its id is below `limit` (the window ahead of the output). */
  next(limit: number): number | undefined {
    if (this.ready.length === 0 && !this.make()) return undefined;
    return this.ready[0] < limit ? this.ready.shift() : undefined;
  }

  /** Jobs handed to a worker that is gone, before they started: they run next. */
  requeue(indices: number[]): void {
    this.ready.unshift(...indices);
  }

  /** Every job made and handed out. */
  get exhausted(): boolean {
    return this.nextFile >= this.files.length && !this.splitting && this.ready.length === 0;
  }

  /** Makes the next job: the next part of a long document, or the next file (whole, or its first part). */
  private make(): boolean {
    while (this.splitting) {
      const made = this.nextPart(this.splitting);
      if (made !== undefined) return made;
    }
    if (this.nextFile >= this.files.length) return false;
    const file = this.files[this.nextFile++];
    const parts = this.split(file);
    if (parts) {
      this.splitting = { file, parts };
      return this.make();
    }
    this.ready.push(this.units.length);
    this.units.push({ file });
    return true;
  }

  /** A job for the next part (true); the end of the parts (undefined); or a failed split, reported (then the next file's turn). */
  private nextPart(splitting: { file: string; parts: Iterator<PartJob> }): boolean | undefined {
    let next: IteratorResult<PartJob>;
    try {
      next = splitting.parts.next();
    } catch (err) {
      // The file changed or vanished while being split: report it as this part's failure.
      const e = err as NodeJS.ErrnoException;
      const index = this.units.length;
      this.units.push({ file: splitting.file });
      this.splitting = undefined;
      this.onSplitFailure(index, e.code ? describeReadError(err) : `internal error: ${e.stack ?? err}`);
      return this.make();
    }
    if (next.done) {
      this.splitting = undefined;
      return undefined;
    }
    this.ready.push(this.units.length);
    this.units.push({ file: splitting.file, part: next.value });
    return true;
  }
}

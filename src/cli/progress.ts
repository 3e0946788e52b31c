/**
 * A progress line on stderr — files done, MB/s, ETA — for large runs on a terminal.
 * Nothing when stderr is not a terminal, with --quiet, or for a handful of files.
 */
import * as fs from 'fs';
import { STDIN } from './inputs';

const MIN_FILES = 20;
const MIN_BYTES = 5e6;
const REDRAW_MS = 100;

function sizeOf(file: string): number {
  if (file === STDIN) return 0;
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export class Progress {
  private readonly sizes: number[];
  private readonly total: number;
  private done = 0;
  private bytes = 0;
  /** Bytes read of the document in hand, when it comes in parts. */
  private partial = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly active: boolean;

  constructor(
    private readonly files: string[],
    quiet: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    const wanted = !quiet && Boolean(stream.isTTY);
    this.sizes = wanted ? files.map(sizeOf) : [];
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.active = wanted && (files.length >= MIN_FILES || this.total >= MIN_BYTES);
  }

  /** One more document handed on (in input order). */
  tick(): void {
    if (!this.active) return;
    this.bytes += this.sizes[this.done] ?? 0;
    this.partial = 0;
    this.done++;
    this.draw(this.done === this.files.length);
  }

  /** So many bytes of the next document handed on, in parts. */
  within(bytes: number): void {
    if (!this.active) return;
    this.partial = bytes;
    this.draw(false);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS && !force) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const bytes = this.bytes + this.partial;
    const rate = bytes / 1e6 / Math.max(seconds, 1e-3);
    const share = this.total > 0 ? bytes / this.total : this.done / this.files.length;
    const width = 24;
    const filled = Math.round(share * width);
    const eta = share > 0 ? (seconds / share) * (1 - share) : Infinity;
    const bar = `[${'='.repeat(filled)}${' '.repeat(width - filled)}]`;
    this.stream.write(`\r${bar} ${this.done}/${this.files.length} files  ${rate.toFixed(1)} MB/s  ETA ${clock(eta)}\x1b[K`);
  }

  /** Clears the line so a message can be written on its own line; the next tick redraws it. */
  interrupt(): void {
    if (this.active) this.stream.write('\r\x1b[2K');
  }

  /** Clears the line when the run ends. */
  finish(): void {
    if (this.active) this.stream.write('\r\x1b[2K');
  }
}

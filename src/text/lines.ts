/**
 * Lines of a text: `\r\n`, `\n` and `\r` each end one. Read by a loop, not a regex,
 * because one line of scraped text may be 50 MB long.
 */

/** One line: its text, and where it starts and ends (before its line end) in the whole. */
export interface Line {
  text: string;
  start: number;
  end: number;
}

/**
 * Calls `visit(start, end)` for each line, in order; `end` is where its line end starts.
 * The next `\n` and the next `\r` are found with `indexOf` (native, and most texts have
 * no `\r` at all), not by reading every character here.
 */
function forEachLine(text: string, visit: (start: number, end: number) => void): void {
  let start = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    visit(start, end);
    start = end + (end === cr && lf === end + 1 ? 2 : 1);
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
  }
  visit(start, text.length);
}

/** The lines of a text with their offsets. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  forEachLine(text, (start, end) => lines.push({ text: text.slice(start, end), start, end }));
  return lines;
}

/** 1-based line and column of string offsets. */
export class LineIndex {
  private readonly starts: number[] = [];

  constructor(text: string) {
    forEachLine(text, (start) => this.starts.push(start));
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

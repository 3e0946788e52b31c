import { isWordUnit } from './chars';
import { collapseSpaces } from './spaces';

const ELLIPSIS = '…';

/**
 * A short window around a span for people reading a spreadsheet: about `width`
 * characters each side, cut at word boundaries, whitespace collapsed.
 */
export function contextWindow(text: string, start: number, end: number, width = 60): string {
  let from = Math.max(0, start - width);
  let to = Math.min(text.length, end + width);
  // Never cut a word in half: widen to the start of the word, shrink past a partial one.
  if (from > 0) {
    while (from < start && isWordUnit(text.charCodeAt(from - 1)) && isWordUnit(text.charCodeAt(from))) from++;
  }
  if (to < text.length) {
    while (to > end && isWordUnit(text.charCodeAt(to)) && isWordUnit(text.charCodeAt(to - 1))) to--;
  }
  const body = collapseSpaces(text.slice(from, to)).trim();
  return (from > 0 ? ELLIPSIS + ' ' : '') + body + (to < text.length ? ' ' + ELLIPSIS : '');
}

import { CHAR_CLASS, isWordUnit, SPACE } from './chars';

const ELLIPSIS = '…';

/** Whether `s` has two whitespace characters running, or one other than a plain space. */
function hasUnevenSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!(CHAR_CLASS[s.charCodeAt(i)] & SPACE)) continue;
    if (s.charCodeAt(i) !== 0x20 || (i + 1 < s.length && CHAR_CLASS[s.charCodeAt(i + 1)] & SPACE)) return true;
  }
  return false;
}

/** Each run of whitespace as one space (the replace only where there is something to replace). */
function collapseSpaces(s: string): string {
  return hasUnevenSpace(s) ? s.replace(/\s+/gu, ' ') : s;
}

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

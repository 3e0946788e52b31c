/**
 * Whitespace as it is written (tabs, no-break and zero-width spaces, doubled spaces, line
 * ends) evened out to single plain spaces: for context windows, and for every canonical
 * string a record carries (SPEC §3: "one space").
 */
import { CHAR_CLASS, SPACE } from './chars';

/** Zero-width characters the folder reads as spaces, though JavaScript's `\s` does not. */
const isZeroWidth = (c: number) => (c >= 0x200b && c <= 0x200d) || c === 0x2060;

/** Whether `s` has two whitespace characters running, or one other than a plain space. */
function hasUnevenSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!(CHAR_CLASS[s.charCodeAt(i)] & SPACE)) continue;
    if (s.charCodeAt(i) !== 0x20 || (i + 1 < s.length && CHAR_CLASS[s.charCodeAt(i + 1)] & SPACE)) return true;
  }
  return false;
}

/** Each run of whitespace as one space (the replace only where there is something to replace). */
export function collapseSpaces(s: string): string {
  return hasUnevenSpace(s) ? s.replace(/\s+/gu, ' ') : s;
}

/** Whether `s` is already canonical: single plain spaces only, none at the ends (one pass, no allocation). */
function isSingleSpaced(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || s.charCodeAt(i + 1) === 0x20) return false;
    } else if (CHAR_CLASS[c] & SPACE || isZeroWidth(c)) {
      return false;
    }
  }
  return true;
}

/** A canonical string: every run of whitespace (zero-width spaces too) one plain space, none at the ends. */
export function singleSpaces(s: string): string {
  return isSingleSpaced(s) ? s : s.replace(/[\s\u200B-\u200D\u2060]+/gu, ' ').trim();
}

/** `singleSpaces` on every string in a value, at any depth; the value itself when nothing changes (no copy). */
export function singleSpacesIn<T>(value: T): T {
  if (typeof value === 'string') return singleSpaces(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(singleSpacesIn);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in record) {
    const v = record[key];
    // Numbers, nulls and booleans, most of a value, need no look.
    if (v === null || (typeof v !== 'string' && typeof v !== 'object')) continue;
    const even = singleSpacesIn(v);
    if (even !== v) (out ??= { ...record })[key] = even;
  }
  return (out ?? value) as T;
}

/**
 * Whitespace as it is written (tabs, no-break and zero-width spaces, doubled spaces, line
 * ends) evened out to single plain spaces: for context windows, and for every canonical
 * string a record carries (SPEC §3: "one space").
 */
import { CHAR_CLASS, SPACE } from './chars';

/** Characters the folder reads as spaces without being whitespace to JavaScript (zero-width ones). */
const ZERO_WIDTH = /[\u200B-\u200D\u2060]/;

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

/** A canonical string: every run of whitespace (zero-width spaces too) one plain space, none at the ends. */
export function singleSpaces(s: string): string {
  const even = ZERO_WIDTH.test(s) ? s.replace(/[\s\u200B-\u200D\u2060]+/gu, ' ') : collapseSpaces(s);
  return even.length > 0 && (even.charCodeAt(0) === 0x20 || even.charCodeAt(even.length - 1) === 0x20) ? even.trim() : even;
}

/** `singleSpaces` on every string in a value, at any depth (the value itself is not changed). */
export function singleSpacesIn<T>(value: T): T {
  if (typeof value === 'string') return singleSpaces(value) as T;
  if (Array.isArray(value)) return value.map(singleSpacesIn) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = singleSpacesIn(v);
    return out as T;
  }
  return value;
}

/**
 * Records as parts of a pattern: `{@organization}` in a title pattern stands for one
 * organisation record found by the organisation rules, whatever family made it.
 *
 * A rule that refers to a record type runs after the rules that make that type, on a
 * copy of the folded text in which each such record is replaced by a mark of the same
 * length: one private-use character that opens it, then fill characters to its end.
 * Offsets stay those of the document, so the groups still read the document's own
 * text; and what a record covers is one opaque token to the pattern, so the pattern
 * needs none of the record's grammar (the title grammar no longer spells out every
 * organisation) and nothing inside a record can start a match of its own.
 */

/** Private-use characters: never letters, digits or spaces, never in a document after cleaning. */
const FIRST_MARK = 0xe000;
const LAST_MARK = 0xf8ff;

/** Each record type referred to gets two characters (open, fill), in the order first referred to. */
const typeIndex = new Map<string, number>();
const typeByIndex: string[] = [];

export const TYPE_REFERENCE = /\{@([a-z][a-z0-9_]*)\}/g;

function indexOf(type: string): number {
  let index = typeIndex.get(type);
  if (index === undefined) {
    index = typeByIndex.length;
    if (FIRST_MARK + 2 * index + 1 > LAST_MARK) throw new Error('too many record types referred to in patterns');
    typeIndex.set(type, index);
    typeByIndex.push(type);
  }
  return index;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase();
}

/** The regex text for one record of `type` in the marked text. */
export function recordPattern(type: string): string {
  const open = FIRST_MARK + 2 * indexOf(type);
  // Possessive in effect: a mark is matched whole or not at all.
  return `\\u{${hex(open)}}\\u{${hex(open + 1)}}*(?!\\u{${hex(open + 1)}})`;
}

/** The record types an expanded pattern refers to. */
export function referencedTypes(expanded: string): string[] {
  const types = new Set<string>();
  for (const m of expanded.matchAll(/\\u\{([0-9A-F]{4})\}/g)) {
    const type = typeOpenedBy(String.fromCharCode(parseInt(m[1], 16)));
    if (type !== undefined) types.add(type);
  }
  return [...types];
}

/** Whether a string holds a record mark (a trigger word made of one can never be found in the folded text). */
export function hasRecordMark(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= FIRST_MARK && code <= LAST_MARK) return true;
  }
  return false;
}

/** The record type whose mark a character opens; undefined for any other character (a fill character too). */
export function typeOpenedBy(ch: string): string | undefined {
  const offset = (ch.codePointAt(0) ?? 0) - FIRST_MARK;
  return offset >= 0 && offset % 2 === 0 ? typeByIndex[offset / 2] : undefined;
}

export interface MarkedSpan {
  type: string;
  start: number;
  end: number;
}

/** `folded` with each span replaced by its type's mark; the spans must not overlap. */
export function markRecords(folded: string, spans: readonly MarkedSpan[]): string {
  // A private-use character the document itself has must not pass for a mark.
  const clean = folded.replace(/[\uE000-\uF8FF]/g, '\uFFFD');
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const { type, start, end } of sorted) {
    const open = FIRST_MARK + 2 * indexOf(type);
    parts.push(clean.slice(at, start), String.fromCharCode(open), String.fromCharCode(open + 1).repeat(end - start - 1));
    at = end;
  }
  parts.push(clean.slice(at));
  return parts.join('');
}

/**
 * A referring pattern's lead: its source up to the first record it refers to, with the
 * groups still open there closed (`PatternRegexes.lead` runs it sticky). It matches
 * wherever the whole pattern could start (a prefix asks less), and its match ends about
 * where that record would begin (src/rules/reach.ts). Undefined when the source refers
 * to no record, or when the cut source does not compile.
 */
export function leadSource(source: string): string | undefined {
  const cut = source.search(/\\u\{E[0-9A-F]{3}\}/);
  if (cut < 0) return undefined;
  let depth = 0;
  for (let i = 0; i < cut; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') {
      for (i++; i < cut && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  const lead = source.slice(0, cut) + ')'.repeat(Math.max(0, depth));
  try {
    new RegExp(lead, 'yu');
    return lead;
  } catch {
    return undefined;
  }
}

/** Regex source that matches `text` literally. `-` is left alone: under the `u` flag an escaped hyphen outside a class is an error. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** What to put at a position of a pattern instead of its character, and where to go on. */
export type PatternEdit = { text: string; next: number } | undefined;

/**
 * Rewrites a regex source position by position. `edit(i)` is asked at each character
 * outside a character class and not escaped, and at each escape outside a class (at its
 * backslash); classes, and escapes it leaves alone, are copied as they are.
 */
export function rewritePattern(source: string, edit: (i: number) => PatternEdit): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const change = inClass ? undefined : edit(i);
      if (change) {
        out += change.text;
        i = change.next - 1;
        continue;
      }
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') inClass = true;
    const change = ch === '[' ? undefined : edit(i);
    if (!change) {
      out += ch;
      continue;
    }
    out += change.text;
    i = change.next - 1;
  }
  return out;
}

/** Index of the `)` closing the group that opens at `start`. */
export function groupEnd(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return source.length;
}

/** Whether a group opening at `i` is a lookbehind, `(?<=…)` or `(?<!…)`. */
export const isLookbehindAt = (source: string, i: number) => source.startsWith('(?<=', i) || source.startsWith('(?<!', i);

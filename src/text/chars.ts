/**
 * What each UTF-16 code unit is, looked up in a table rather than tested with a
 * regex per character: the hot loops (the trigger scan, context windows) read
 * every character of a document.
 */

export const WORD = 1;
export const UPPER = 2;
export const SPACE = 4;

function classify(ch: string): number {
  if (/[\p{L}\p{N}]/u.test(ch)) return /\p{Lu}/u.test(ch) ? WORD | UPPER : WORD;
  return /\s/u.test(ch) ? SPACE : 0;
}

/** The class of every BMP code unit (a surrogate half reads as a mark here: see `charClassAt`). */
export const CHAR_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CHAR_CLASS[c] = classify(String.fromCharCode(c));

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/** WORD (letter or digit, with UPPER for a capital), SPACE, or 0 for a mark, of the character at `i`. */
export function charClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!isSurrogate(c)) return CHAR_CLASS[c];
  const cp = text.codePointAt(i)!;
  if (cp > 0xffff) return classify(String.fromCodePoint(cp));
  // The low half of a pair belongs to the character before it; a lone half is a mark.
  const before = i > 0 ? text.codePointAt(i - 1)! : 0;
  return before > 0xffff ? classify(String.fromCodePoint(before)) : 0;
}

/** Code units the character at `i` takes: 2 for a surrogate pair. */
export function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Whether one code unit, on its own, is a letter or digit (a surrogate half is not). */
export function isWordUnit(c: number): boolean {
  return !isSurrogate(c) && (CHAR_CLASS[c] & WORD) !== 0;
}

/**
 * A character in lower case, as the trigger index reads words: one whose lower case is
 * longer keeps its case, and a capital sigma is σ wherever it stands (a character alone
 * has no word end to make it ς).
 */
export function lowerCharacter(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

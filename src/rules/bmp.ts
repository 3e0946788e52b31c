/**
 * Patterns for text with no character outside the Basic Multilingual Plane — nearly all
 * text — with each Unicode property escape (`\p{L}`, `\P{Lu}`, `\p{Script=Latin}`) written
 * out as the BMP characters it stands for. V8 builds a property's class from ICU's tables
 * each time it parses one, and a `u` pattern's class that reaches beyond the BMP compiles
 * to code for surrogate pairs as well: the rule patterns hold about 1,200 such escapes,
 * and written out they compile in half the time. On text that holds no surrogate the two
 * patterns match exactly alike, since each written-out class holds exactly the BMP
 * characters of its property (read from the same engine); text that holds one is
 * matched with the patterns as written.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether a text holds any character outside the BMP (or a lone surrogate), so needs the patterns as written. */
export function needsFullUnicode(text: string): boolean {
  return SURROGATE.test(text);
}

/** A code unit as class text: itself when it is safe to write plainly, else `\uXXXX`. */
function classChar(code: number): string {
  const plain = code >= 0xa1 && code !== 0x2028 && code !== 0x2029 && code !== 0xfeff && (code < 0xd800 || code > 0xdfff);
  return plain ? String.fromCharCode(code) : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const classBodies = new Map<string, string>();

/** The class body (no brackets) of the BMP characters, surrogates aside, that a property escape matches. */
function bmpClassBody(escape: string): string {
  const known = classBodies.get(escape);
  if (known !== undefined) return known;
  const test = new RegExp(`^${escape}$`, 'u');
  const parts: string[] = [];
  let start = -1;
  for (let code = 0; code <= 0x10000; code++) {
    const member = code < 0x10000 && (code < 0xd800 || code > 0xdfff) && test.test(String.fromCharCode(code));
    if (member && start < 0) start = code;
    if (!member && start >= 0) {
      const end = code - 1;
      parts.push(end === start ? classChar(start) : end === start + 1 ? classChar(start) + classChar(end) : `${classChar(start)}-${classChar(end)}`);
      start = -1;
    }
  }
  const body = parts.join('');
  classBodies.set(escape, body);
  return body;
}

/** What the rewriting reads: a property escape, any other escape, or a class bracket. */
const TOKEN = /\\[pP]\{[^}]*\}|\\.|\[|\]/gsu;

/**
 * A `u` pattern's source with every property escape written out for BMP text: inside a
 * class as its characters, outside as a class of them. Everything else is kept as it is.
 */
export function bmpSource(source: string): string {
  if (!/\\[pP]\{/.test(source)) return source;
  let inClass = false;
  return source.replace(TOKEN, (token) => {
    if (token === '[') inClass = true;
    else if (token === ']') inClass = false;
    else if (token.length > 2 && (token[1] === 'p' || token[1] === 'P')) return inClass ? bmpClassBody(token) : `[${bmpClassBody(token)}]`;
    return token;
  });
}

/** The property escapes written out so far, as `[escape, class body]` (a stored rule set keeps them). */
export function writtenOutProperties(): Array<[string, string]> {
  return [...classBodies];
}

/** Property escapes written out by this engine before (a stored rule set's), so they need not be worked out again. */
export function rememberWrittenOutProperties(entries: Array<[string, string]>): void {
  for (const [escape, body] of entries) if (!classBodies.has(escape)) classBodies.set(escape, body);
}

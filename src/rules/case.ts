/**
 * Case-insensitive matching by rewriting a pattern, not by the `i` flag. Under `/iu`
 * JavaScript lets `\p{Lu}` match small letters too, so a block meant to find a
 * capitalised word would match any word; and Node 20 has no inline `(?i:…)` groups.
 * Instead every literal letter of a case-insensitive pattern becomes a class of both
 * its cases (`Đ` → `[Đđ]`), while blocks declared `case: sensitive` (a capitalised
 * name, a Roman numeral) keep their letters exact, and `\p{…}` keeps its meaning.
 */

function variants(ch: string): string[] {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  const out = [ch];
  if (lower.length === 1 && lower !== ch) out.push(lower);
  if (upper.length === 1 && upper !== ch) out.push(upper);
  return out;
}

/** Length of the escape sequence starting at `i` (a backslash). */
function escapeLength(pattern: string, i: number): number {
  const next = pattern[i + 1];
  if ((next === 'p' || next === 'P' || next === 'u' || next === 'x') && pattern[i + 2] === '{') {
    return pattern.indexOf('}', i) - i + 1;
  }
  if (next === 'k' && pattern[i + 2] === '<') return pattern.indexOf('>', i) - i + 1;
  if (next === 'u') return 6;
  if (next === 'x') return 4;
  if (next === 'c') return 3;
  return 2;
}

/** Adds the other case of every literal letter (and letter range) inside a character class. */
function foldClass(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '\\') {
      const len = escapeLength(body, i);
      out += body.slice(i, i + len);
      i += len;
      continue;
    }
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== '\\') {
      const from = ch;
      const to = body[i + 2];
      out += `${from}-${to}`;
      for (const [f, t] of [[from.toLowerCase(), to.toLowerCase()], [from.toUpperCase(), to.toUpperCase()]]) {
        if (f.length === 1 && t.length === 1 && (f !== from || t !== to) && f <= t) out += `${f}-${t}`;
      }
      i += 3;
      continue;
    }
    out += variants(ch).join('');
    i++;
  }
  return out;
}

/** Rewrites a pattern so its literal letters match either case. Block references `{name}` stay. */
export function caseInsensitiveSource(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') {
      const len = escapeLength(pattern, i);
      out += pattern.slice(i, i + len);
      i += len;
    } else if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? escapeLength(pattern, j) : 1;
      const head = pattern[i + 1] === '^' ? '[^' : '[';
      out += head + foldClass(pattern.slice(i + head.length, j)) + ']';
      i = j + 1;
    } else if (ch === '(' && pattern.startsWith('(?<', i) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      const end = pattern.indexOf('>', i);
      out += pattern.slice(i, end + 1); // a group's name is not text to match
      i = end + 1;
    } else if (ch === '{') {
      const end = pattern.indexOf('}', i);
      out += end < 0 ? ch : pattern.slice(i, end + 1); // a quantifier or a block reference
      i = end < 0 ? i + 1 : end + 1;
    } else {
      const v = variants(ch);
      out += v.length > 1 ? `[${v.join('')}]` : ch;
      i++;
    }
  }
  return out;
}

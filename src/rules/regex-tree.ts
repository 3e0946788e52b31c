/**
 * A reader for the regular-expression sources our rules compile to (JavaScript syntax,
 * `u` flag), just deep enough to reason about what a match can start with: see
 * triggers.ts. It never decides whether a pattern is valid — `new RegExp` does that
 * first — so anything it does not model becomes an "unknown" node, which the analysis
 * treats as "could be anything".
 */
import { groupEnd, isLookbehindAt, rewritePattern } from '../text/regex';

export type RegexNode =
  | { kind: 'alternation'; options: RegexNode[] }
  | { kind: 'sequence'; items: RegexNode[] }
  | { kind: 'group'; body: RegexNode }
  | { kind: 'look'; body: RegexNode; ahead: boolean; negative: boolean }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'char'; char: string }
  | { kind: 'set'; set: CharSet }
  /** `^`, `$`, `\b`, `\B`: zero-width, no characters. */
  | { kind: 'assertion' }
  /** `.`, a back-reference, or anything else this reader does not model. */
  | { kind: 'unknown' };

/**
 * A character class. `chars` lists its characters when there are few enough to list;
 * otherwise it is null and `words`/`others` say whether it can match a letter or digit,
 * or anything else; `upper` marks a class of capital letters only (`\p{Lu}`).
 */
export interface CharSet {
  chars: string[] | null;
  words: boolean;
  others: boolean;
  upper?: boolean;
  /** Holds every letter (`\p{L}`), every number (`\p{N}`). */
  allLetters?: boolean;
  allNumbers?: boolean;
  /** Matches only whitespace (`\s`, `\n`): never a letter, a digit or a mark. */
  spaces?: boolean;
}

/** Classes with more characters than this are described, not listed. */
const MAX_LISTED = 64;

const WORD = /^[\p{L}\p{N}]$/u;
export const isWordChar = (ch: string): boolean => WORD.test(ch);

const DIGITS = '0123456789'.split('');
const SPACE: CharSet = { chars: null, words: false, others: true, spaces: true };
/** `\0`, `\cX`: a control character, neither a word character nor a space. */
const CONTROL: CharSet = { chars: null, words: false, others: true };
const ANY: CharSet = { chars: null, words: true, others: true };

function listed(chars: string[]): CharSet {
  const unique = [...new Set(chars)];
  if (unique.length > MAX_LISTED) {
    return { chars: null, words: unique.some(isWordChar), others: unique.some((c) => !isWordChar(c)) };
  }
  return { chars: unique, words: unique.some(isWordChar), others: unique.some((c) => !isWordChar(c)) };
}

function union(sets: CharSet[]): CharSet {
  if (sets.every((s) => s.chars)) return listed(sets.flatMap((s) => s.chars!));
  return {
    chars: null,
    words: sets.some((s) => s.words),
    others: sets.some((s) => s.others),
    upper: sets.every((s) => s.upper || (s.chars !== null && s.chars.every((c) => c !== c.toLowerCase()))),
    allLetters: sets.some((s) => s.allLetters),
    allNumbers: sets.some((s) => s.allNumbers),
    spaces: sets.every((s) => s.spaces || (s.chars !== null && s.chars.every((c) => /^\s$/u.test(c)))),
  };
}

/** `\p{…}` properties we can describe; any other is "anything". */
function property(name: string, negated: boolean): CharSet {
  if (negated) return ANY;
  if (name === 'Lu' || name === 'Uppercase_Letter') return { chars: null, words: true, others: false, upper: true };
  if (name === 'L' || name === 'Letter') return { chars: null, words: true, others: false, allLetters: true };
  if (name === 'N' || name === 'Number') return { chars: null, words: true, others: false, allNumbers: true };
  if (/^(Ll|Lowercase_Letter|Lt|Lm|Lo|Nd|Decimal_Number)$/.test(name)) {
    return { chars: null, words: true, others: false };
  }
  return ANY;
}

class Reader {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    return this.i === this.src.length ? node : { kind: 'unknown' };
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alternation', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'sequence', items };
  }

  private quantified(body: RegexNode): RegexNode {
    const ch = this.peek();
    let min: number;
    let max: number;
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return body;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return body;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: same language
    return { kind: 'repeat', body, min, max };
  }

  private atom(): RegexNode {
    const ch = this.src[this.i++];
    if (ch === '(') return this.group();
    if (ch === '[') return { kind: 'set', set: this.set() };
    if (ch === '\\') return this.escape(false);
    if (ch === '.') return { kind: 'set', set: ANY };
    if (ch === '^' || ch === '$') return { kind: 'assertion' };
    const cp = this.src.codePointAt(this.i - 1)!;
    if (cp > 0xffff) this.i++;
    return { kind: 'char', char: String.fromCodePoint(cp) };
  }

  private group(): RegexNode {
    let look: { ahead: boolean; negative: boolean } | undefined;
    if (this.peek() === '?') {
      const kind = this.src.slice(this.i, this.i + 3);
      if (kind.startsWith('?:')) this.i += 2;
      else if (kind.startsWith('?=') || kind.startsWith('?!')) {
        look = { ahead: true, negative: kind[1] === '!' };
        this.i += 2;
      } else if (kind === '?<=' || kind === '?<!') {
        look = { ahead: false, negative: kind[2] === '!' };
        this.i += 3;
      } else if (kind.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
      else return this.skipGroup();
    }
    const body = this.alternation();
    if (this.peek() !== ')') return { kind: 'unknown' };
    this.i++;
    return look ? { kind: 'look', body, ...look } : { kind: 'group', body };
  }

  /** A group kind this reader does not know: skip to its end, call it unknown. */
  private skipGroup(): RegexNode {
    let depth = 1;
    while (this.i < this.src.length && depth > 0) {
      const ch = this.src[this.i++];
      if (ch === '\\') this.i++;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
    return { kind: 'unknown' };
  }

  /** An escape after the backslash; inside a class it yields a set or a char. */
  private escape(inClass: boolean): RegexNode {
    const ch = this.src[this.i++];
    switch (ch) {
      case 'd':
        return { kind: 'set', set: listed(DIGITS) };
      case 's':
        return { kind: 'set', set: SPACE };
      case 'D':
      case 'S':
      case 'W':
        return { kind: 'set', set: ANY };
      case 'w':
        return { kind: 'set', set: ANY };
      case 'b':
        return inClass ? { kind: 'char', char: '\b' } : { kind: 'assertion' };
      case 'B':
        return { kind: 'assertion' };
      case 'p':
      case 'P': {
        const end = this.src.indexOf('}', this.i);
        const name = this.src.slice(this.i + 1, end).replace(/^(General_Category|gc)=/, '');
        this.i = end + 1;
        return { kind: 'set', set: property(name, ch === 'P') };
      }
      case 'k':
        this.i = this.src.indexOf('>', this.i) + 1;
        return { kind: 'unknown' };
      case 'u': {
        const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{4})/.exec(this.src.slice(this.i));
        if (!m) return { kind: 'unknown' };
        this.i += m[0].length;
        return { kind: 'char', char: String.fromCodePoint(parseInt(m[1] ?? m[2], 16)) };
      }
      case 'x': {
        const hex = this.src.slice(this.i, this.i + 2);
        this.i += 2;
        return { kind: 'char', char: String.fromCharCode(parseInt(hex, 16)) };
      }
      case 'c':
        this.i++;
        return { kind: 'set', set: CONTROL };
      case '0':
        return { kind: 'set', set: CONTROL };
      case 'n':
      case 'r':
      case 't':
      case 'f':
      case 'v':
        return { kind: 'set', set: SPACE };
      default:
        if (/[1-9]/.test(ch)) return { kind: 'unknown' };
        return { kind: 'char', char: ch };
    }
  }

  private set(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const parts: CharSet[] = [];
    let first = true;
    while (this.i < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && from.kind === 'char') {
        this.i++;
        const to = this.classAtom();
        parts.push(to.kind === 'char' ? range(from.char, to.char) : ANY);
      } else parts.push(from.kind === 'char' ? listed([from.char]) : from.kind === 'set' ? from.set : ANY);
    }
    this.i++; // ]
    return negated ? ANY : parts.length ? union(parts) : { chars: [], words: false, others: false };
  }

  private classAtom(): RegexNode {
    const ch = this.src[this.i++];
    if (ch === '\\') return this.escape(true);
    const cp = this.src.codePointAt(this.i - 1)!;
    if (cp > 0xffff) this.i++;
    return { kind: 'char', char: String.fromCodePoint(cp) };
  }
}

function range(from: string, to: string): CharSet {
  const a = from.codePointAt(0)!;
  const b = to.codePointAt(0)!;
  if (b - a + 1 > MAX_LISTED) {
    // Too many to list, and a wide range may hold punctuation between its ends.
    return { chars: null, words: true, others: true };
  }
  const chars: string[] = [];
  for (let c = a; c <= b; c++) chars.push(String.fromCodePoint(c));
  return listed(chars);
}

/** `(?![\p{L}\p{N}])`: no letter or number follows, so the word being read ends here. */
export function endsWord(node: RegexNode): boolean {
  if (node.kind !== 'look' || !node.ahead || !node.negative) return false;
  let body = node.body;
  while (body.kind === 'group' || (body.kind === 'sequence' && body.items.length === 1)) {
    body = body.kind === 'group' ? body.body : body.items[0];
  }
  return body.kind === 'set' && body.set.allLetters === true && body.set.allNumbers === true;
}

/** Analyses that read a word out of a pattern (follow.ts, precede.ts) read at most this much of it. */
export const MAX_WORD_TEXT = 8;
/** Required repetitions such an analysis reads one by one before it reads the rest as any number. */
const MAX_UNROLL = 3;
/** Rounds to close a repetition over itself: enough for a word read to its longest to settle. */
const MAX_ROUNDS = MAX_WORD_TEXT + 4;

/**
 * A repetition, for an analysis that steps sets of places through a tree: up to
 * MAX_UNROLL required repetitions read one by one, then more required ones or several
 * optional ones as any number of them (the places closed over the body: a wider
 * answer). What a closure has not settled after MAX_ROUNDS becomes `widen(place)`.
 */
export function readRepeat<P>(
  places: P[],
  node: Extract<RegexNode, { kind: 'repeat' }>,
  step: (places: P[], node: RegexNode) => P[],
  compact: (places: P[]) => P[],
  widen: (place: P) => P,
): P[] {
  let current = places;
  const unrolled = Math.min(node.min, MAX_UNROLL);
  for (let i = 0; i < unrolled; i++) current = step(current, node.body);
  if (node.min === unrolled && node.max - node.min <= 1) {
    return node.max > node.min ? compact([...current, ...step(current, node.body)]) : current;
  }
  current = compact(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = compact([...current, ...step(current, node.body)]);
    if (next.length === current.length) return next;
    current = next;
  }
  return current.map(widen);
}

/** Reads a regex source (as given to `new RegExp(source, 'u')`) into a tree. */
export function parseRegex(source: string): RegexNode {
  return new Reader(source).parse();
}

/**
 * The source with every negative lookbehind group removed (`keepPositive`), or every
 * lookbehind. It matches wherever the source does (and more), and fails much sooner
 * where the rest of the pattern cannot match, because a lookbehind is tested before
 * anything else at each start. A positive lookbehind (`(?<=khóa\s+…)`) is kept where it is
 * what the pattern hangs on: without it a probe would pass at nearly every number.
 */
export function withoutLookbehinds(source: string, keepPositive = false): string {
  return rewritePattern(source, (i) =>
    isLookbehindAt(source, i) && !(keepPositive && source.startsWith('(?<=', i)) ? { text: '', next: groupEnd(source, i) + 1 } : undefined,
  );
}


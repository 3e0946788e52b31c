/**
 * The folded form of a document: the same length as the document text, character for
 * character, so a span found in it points at the same characters of the original.
 * It evens out spelling variants that rules should not have to list (SPEC §1):
 * old-style tone placement (hoà → hòa, Uỷ → Ủy, khoá → khóa), `quí` → `quý`,
 * the Icelandic eth some sites use for Đ, dashes, and exotic spaces.
 */
import { isWordUnit } from './chars';

const SINGLE_CHAR_FOLDS: Record<string, string> = {
  '\u00D0': 'Đ', // Ð (eth) used for Đ
  '\u00F0': 'đ',
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u00A0': ' ', // no-break space
  '\u2007': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u3000': ' ',
  '\t': ' ',
  '\u200B': ' ', // zero-width characters cannot be removed without moving offsets
  '\u200C': ' ',
  '\u200D': ' ',
  '\u2060': ' ',
  '\uFEFF': ' ',
};

const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

/** Each toned vowel's code → its tone-less base's code and the tone's index in TONES. */
const TONED: Map<number, { base: number; tone: number }> = new Map();
/** `COMPOSED.get(o)[t]`: the code of o/O/u/U carrying tone t. */
const COMPOSED: Map<number, number[]> = new Map();
for (const base of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY') {
  TONES.forEach((tone, t) => {
    const composed = (base + tone).normalize('NFC');
    TONED.set(composed.charCodeAt(0), { base: base.charCodeAt(0), tone: t });
    if ('oOuU'.includes(base)) {
      const row = COMPOSED.get(base.charCodeAt(0)) ?? [];
      row[t] = composed.charCodeAt(0);
      COMPOSED.set(base.charCodeAt(0), row);
    }
  });
}

const code = (ch: string) => ch.charCodeAt(0);
const SINGLE_CODE_FOLDS = new Map<number, number>(Object.entries(SINGLE_CHAR_FOLDS).map(([from, to]) => [code(from), code(to)]));
const LOWER = { o: code('o'), u: code('u'), q: code('q'), a: code('a'), e: code('e'), y: code('y') };
/** `quí` → `quý` and the other tones: i → y after qu. */
const QUI: Map<number, number> = new Map(
  [
    ['í', 'ý'],
    ['Í', 'Ý'],
    ['ì', 'ỳ'],
    ['Ì', 'Ỳ'],
    ['ỉ', 'ỷ'],
    ['Ỉ', 'Ỷ'],
    ['ĩ', 'ỹ'],
    ['Ĩ', 'Ỹ'],
    ['ị', 'ỵ'],
    ['Ị', 'Ỵ'],
  ].map(([a, b]) => [code(a), code(b)]),
);

function isWordCode(c: number | undefined): boolean {
  return c !== undefined && isWordUnit(c);
}

const lowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

/**
 * The text's code units with the folds made so far. Folds are rare (a dash, an
 * old-style tone), so only the changes are kept and the text is copied only if there are any.
 */
class Edits {
  private readonly changes = new Map<number, number>();
  constructor(readonly text: string) {}

  get length(): number {
    return this.text.length;
  }

  at(i: number): number | undefined {
    if (i < 0 || i >= this.text.length) return undefined;
    return this.changes.get(i) ?? this.text.charCodeAt(i);
  }

  put(i: number, c: number): void {
    this.changes.set(i, c);
  }

  result(): string {
    if (this.changes.size === 0) return this.text;
    const parts: string[] = [];
    let from = 0;
    for (const i of [...this.changes.keys()].sort((a, b) => a - b)) {
      parts.push(this.text.slice(from, i), String.fromCharCode(this.changes.get(i)!));
      from = i + 1;
    }
    parts.push(this.text.slice(from));
    return parts.join('');
  }
}

/**
 * `oà`, `oé`, `uỷ` … at the end of a syllable carry the tone on the first vowel in the
 * new style (`hòa`, `thủy`); `qu` is a consonant, so `quý` keeps its tone where it is.
 */
function moveOldStyleTone(codes: Edits, i: number): void {
  const first = lowerAscii(codes.at(i)!);
  const split = TONED.get(codes.at(i + 1)!);
  if (!split || isWordCode(codes.at(i + 2))) return;
  const base = lowerAscii(split.base);
  if (first === LOWER.o ? base !== LOWER.a && base !== LOWER.e : base !== LOWER.y) return;
  if (first === LOWER.u && i > 0 && lowerAscii(codes.at(i - 1)!) === LOWER.q) return;
  codes.put(i, COMPOSED.get(codes.at(i)!)![split.tone]);
  codes.put(i + 1, split.base);
}

/** `quí` → `quý`: the same syllable in the spelling rules are written for. */
function foldQui(codes: Edits, i: number): void {
  if (i + 2 >= codes.length || lowerAscii(codes.at(i + 1)!) !== LOWER.u) return;
  const y = QUI.get(codes.at(i + 2)!);
  if (y === undefined || isWordCode(codes.at(i + 3))) return;
  codes.put(i + 2, y);
}

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** The toned vowels whose tone-less base is one of `bases` (either case). */
function tonedOn(bases: string): string {
  const wanted = new Set([...bases].map(code));
  return [...TONED]
    .filter(([, { base }]) => wanted.has(lowerAscii(base)))
    .map(([c]) => hex(c))
    .join('');
}

/**
 * Where a fold may apply: o before a toned a/e and u before a toned y (old-style
 * tones), qu before a toned i, a character to replace. Everywhere else nothing changes.
 */
const FOLD_SITES = new RegExp(
  `[oO](?=[${tonedOn('ae')}])|[uU](?=[${tonedOn('y')}])|[qQ](?=[uU][${[...QUI.keys()].map(hex).join('')}])|[${[...SINGLE_CODE_FOLDS.keys()].map(hex).join('')}]`,
  'g',
);

/**
 * Folds NFC text for matching. Works on UTF-16 code units, each mapped to exactly
 * one, so the result has the same length and every offset means the same character.
 * Only the places a fold may apply are visited, left to right.
 */
export function foldText(text: string): string {
  const codes = new Edits(text);
  FOLD_SITES.lastIndex = 0;
  for (let site = FOLD_SITES.exec(text); site !== null; site = FOLD_SITES.exec(text)) {
    const i = site.index;
    const c = codes.at(i)!;
    if (c === 0x6f || c === 0x4f || c === 0x75 || c === 0x55) moveOldStyleTone(codes, i);
    else if (c === 0x71 || c === 0x51) foldQui(codes, i);
    else {
      const folded = SINGLE_CODE_FOLDS.get(c);
      if (folded !== undefined) codes.put(i, folded);
    }
  }
  return codes.result();
}

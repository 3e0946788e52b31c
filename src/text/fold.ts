/**
 * The folded form of a document: the same length as the document text, character for
 * character, so a span found in it points at the same characters of the original.
 * It evens out spelling variants that rules should not have to list (SPEC §1):
 * old-style tone placement (hoà → hòa, Uỷ → Ủy, khoá → khóa), `quí` → `quý`,
 * the Icelandic eth some sites use for Đ, dashes, and exotic spaces.
 */


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
  [['í', 'ý'], ['Í', 'Ý'], ['ì', 'ỳ'], ['Ì', 'Ỳ'], ['ỉ', 'ỷ'], ['Ỉ', 'Ỷ'], ['ĩ', 'ỹ'], ['Ĩ', 'Ỹ'], ['ị', 'ỵ'], ['Ị', 'Ỵ']].map(([a, b]) => [code(a), code(b)]),
);

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordCode(c: number | undefined): boolean {
  if (c === undefined) return false;
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return WORD_CHAR.test(String.fromCharCode(c));
}

const lowerAscii = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

/**
 * `oà`, `oé`, `uỷ` … at the end of a syllable carry the tone on the first vowel in the
 * new style (`hòa`, `thủy`); `qu` is a consonant, so `quý` keeps its tone where it is.
 */
function moveOldStyleTone(codes: Uint16Array, i: number): void {
  const first = lowerAscii(codes[i]);
  const split = TONED.get(codes[i + 1]);
  if (!split || isWordCode(i + 2 < codes.length ? codes[i + 2] : undefined)) return;
  const base = lowerAscii(split.base);
  if (first === LOWER.o ? base !== LOWER.a && base !== LOWER.e : base !== LOWER.y) return;
  if (first === LOWER.u && i > 0 && lowerAscii(codes[i - 1]) === LOWER.q) return;
  codes[i] = COMPOSED.get(codes[i])![split.tone];
  codes[i + 1] = split.base;
}

/** `quí` → `quý`: the same syllable in the spelling rules are written for. */
function foldQui(codes: Uint16Array, i: number): void {
  if (i + 2 >= codes.length || lowerAscii(codes[i + 1]) !== LOWER.u) return;
  const y = QUI.get(codes[i + 2]);
  if (y === undefined || isWordCode(i + 3 < codes.length ? codes[i + 3] : undefined)) return;
  codes[i + 2] = y;
}

/**
 * Folds NFC text for matching. Works on UTF-16 code units, each mapped to exactly
 * one, so the result has the same length and every offset means the same character.
 */
export function foldText(text: string): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0x6f || c === 0x4f || c === 0x75 || c === 0x55) {
      if (i + 1 < codes.length) moveOldStyleTone(codes, i);
    } else if (c === 0x71 || c === 0x51) {
      foldQui(codes, i);
    } else if (c === 9 || c >= 0x80) {
      const folded = SINGLE_CODE_FOLDS.get(c);
      if (folded !== undefined) codes[i] = folded;
    }
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.subarray(i, i + 8192));
  return out;
}

/**
 * The folded form of a document: the same length as the document text, character for
 * character, so a span found in it points at the same characters of the original.
 * It evens out spelling variants that rules should not have to list (SPEC §1):
 * old-style tone placement (hoà → hòa, Uỷ → Ủy, khoá → khóa), `quí` → `quý`,
 * the Icelandic eth some sites use for Đ, dashes, and exotic spaces.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

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

/** Every precomposed Vietnamese vowel with a tone, split into its tone-less base and its tone mark. */
const TONED_VOWELS: Map<string, { base: string; tone: string }> = (() => {
  const table = new Map<string, { base: string; tone: string }>();
  const bases = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY';
  for (const base of bases) {
    for (const tone of ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']) {
      table.set((base + tone).normalize('NFC'), { base, tone });
    }
  }
  return table;
})();

/** Splits a precomposed vowel into its tone-less base and its tone mark (if any). */
function splitTone(ch: string): { base: string; tone: string } | undefined {
  return TONED_VOWELS.get(ch);
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT.test(ch);
}

/**
 * `oà`, `oé`, `uỷ` … at the end of a syllable carry the tone on the first vowel in the
 * new style (`hòa`, `thủy`); `qu` is a consonant, so `quý` keeps its tone where it is.
 */
function moveOldStyleTone(chars: string[], i: number): void {
  const first = chars[i];
  const second = chars[i + 1];
  const firstLower = first.toLowerCase();
  if (firstLower !== 'o' && firstLower !== 'u') return;
  if (isWordChar(chars[i + 2])) return;
  const split = splitTone(second);
  if (!split) return;
  const baseLower = split.base.toLowerCase();
  const pairs = firstLower === 'o' ? ['a', 'e'] : ['y'];
  if (!pairs.includes(baseLower)) return;
  if (firstLower === 'u' && chars[i - 1]?.toLowerCase() === 'q') return;
  chars[i] = (first + split.tone).normalize('NFC');
  chars[i + 1] = split.base;
}

/** `quí` → `quý`: the same syllable in the spelling rules are written for. */
function foldQui(chars: string[], i: number): void {
  if (chars[i].toLowerCase() !== 'q' || chars[i + 1]?.toLowerCase() !== 'u') return;
  const vowel = chars[i + 2];
  if (vowel === undefined || isWordChar(chars[i + 3])) return;
  const map: Record<string, string> = { 'í': 'ý', 'Í': 'Ý', 'ì': 'ỳ', 'Ì': 'Ỳ', 'ỉ': 'ỷ', 'Ỉ': 'Ỷ', 'ĩ': 'ỹ', 'Ĩ': 'Ỹ', 'ị': 'ỵ', 'Ị': 'Ỵ' };
  if (map[vowel]) chars[i + 2] = map[vowel];
}

/**
 * Folds NFC text for matching. Every character of the input maps to exactly one UTF-16
 * code unit position in the output (astral characters are left untouched), so the
 * result has the same length.
 */
export function foldText(text: string): string {
  // Work on UTF-16 units so indices stay identical to the input's; most text needs no
  // change, so only the characters that can fold are looked at closely.
  const chars = text.split('');
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      if (code === 9) chars[i] = ' ';
      else if (code === 0x6f || code === 0x4f || code === 0x75 || code === 0x55) {
        if (i + 1 < chars.length) moveOldStyleTone(chars, i);
      } else if (code === 0x71 || code === 0x51) foldQui(chars, i);
      continue;
    }
    const single = SINGLE_CHAR_FOLDS[ch];
    if (single !== undefined) chars[i] = single;
  }
  const folded = chars.join('');
  if (folded.length !== text.length) {
    throw new Error('internal: folding changed the length of the text');
  }
  return folded;
}

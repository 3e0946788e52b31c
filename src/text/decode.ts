/**
 * Bytes to document text. UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM are
 * recognised by their bytes; text that is not valid UTF-8 is tried in the legacy
 * Vietnamese encodings (Windows-1258, VISCII, TCVN3) and read in the one whose result
 * looks most like Vietnamese, or, when none clearly does, as UTF-8 with a warning.
 * HTML entities left by scrapers (`&amp;`, `&nbsp;`) are decoded, then the text is put
 * in Unicode NFC: that is the document text every offset points into (SPEC §1).
 */
import { isUtf8 } from 'buffer';
import { lazily } from '../lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const iconv = lazily((): typeof import('iconv-lite') => require('iconv-lite'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const entities = lazily((): typeof import('entities') => require('entities'));

export class DecodeError extends Error {}

export interface Decoded {
  text: string;
  encoding: string;
  warnings: string[];
}

/** Encoding names accepted by `--encoding`, and the decoder each one means. */
const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'windows-1258': 'windows1258',
  windows1258: 'windows1258',
  cp1258: 'windows1258',
  viscii: 'viscii',
  tcvn3: 'tcvn',
  tcvn: 'tcvn',
  abc: 'tcvn',
};

export const ENCODINGS = Object.keys(ENCODING_NAMES);

/** The legacy encodings tried, in this order, on text that is not UTF-8. */
const LEGACY = [
  { name: 'windows-1258', codec: 'windows1258' },
  { name: 'viscii', codec: 'viscii' },
  { name: 'tcvn3', codec: 'tcvn' },
];

/** Very common Vietnamese words: a right decoding is full of them, a wrong one is not. */
const COMMON_WORDS =
  /(?<![\p{L}])(?:của|và|các|là|được|có|người|những|trong|năm|cho|với|đã|này|không|một|để|Đảng|tỉnh|về|đồng|chí|thực|hiện|nhân|dân)(?![\p{L}])/gu;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** A NUL byte anywhere, or many control characters up front, in text that is not UTF-16: a binary file. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) >= 0) return true;
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return n > 0 && controls / n > 0.1;
}

/**
 * UTF-16 without a byte-order mark: most of the NUL bytes fall on one side of each pair
 * (the high byte of Latin and Vietnamese letters), which binary data does not do.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  if (pairs < 2) return undefined;
  if (odd > 0.3 * pairs && even < 0.02 * pairs) return 'utf-16le';
  if (even > 0.3 * pairs && odd < 0.02 * pairs) return 'utf-16be';
  return undefined;
}

function binaryError(bytes: Uint8Array): DecodeError {
  const utf16 = utf16WithoutBom(bytes);
  if (utf16)
    return new DecodeError(
      `not a text file (binary content); it looks like ${utf16.toUpperCase()} without a byte-order mark: try --encoding ${utf16}`,
    );
  return new DecodeError('not a text file (binary content)');
}

export type UnicodeCodec = 'utf-8' | 'utf-16le' | 'utf-16be';
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

/**
 * A decoder, made once per codec, strictness and BOM handling: making one costs more than
 * decoding a short article with it. (`decode` without `stream` leaves a decoder as it found
 * it; a streaming decode needs a decoder of its own.)
 */
export function decoder(codec: UnicodeCodec, fatal: boolean, ignoreBOM = false): InstanceType<typeof TextDecoder> {
  const key = `${codec} ${fatal} ${ignoreBOM}`;
  let made = decoders.get(key);
  if (!made) decoders.set(key, (made = new TextDecoder(codec, { fatal, ignoreBOM })));
  return made;
}

/** Decodes as UTF-8 or UTF-16; bytes that are not valid there become U+FFFD, with a warning. */
function decodeUnicode(bytes: Uint8Array, codec: UnicodeCodec, warnings: string[]): string {
  try {
    return decoder(codec, true).decode(bytes);
  } catch {
    const what =
      codec === 'utf-8' ? 'bytes that are not valid UTF-8' : `code units that are not valid ${codec.toUpperCase()} (a lone surrogate)`;
    warnings.push(`holds ${what} after its byte-order mark; they are read as U+FFFD (try --encoding)`);
    return decoder(codec, false).decode(bytes);
  }
}

function vietnameseScore(text: string): number {
  return text.normalize('NFC').match(COMMON_WORDS)?.length ?? 0;
}

function decodeWith(bytes: Uint8Array, codec: string): string {
  if (codec === 'utf-8' || codec === 'utf-16le' || codec === 'utf-16be') return decoder(codec, false).decode(bytes);
  return iconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), codec);
}

/** Picks a legacy encoding for bytes that are not UTF-8, when one clearly reads as Vietnamese. */
function guessLegacy(bytes: Uint8Array): { name: string; text: string } | undefined {
  const scored = LEGACY.map(({ name, codec }) => {
    const text = decodeWith(bytes, codec);
    return { name, text, score: vietnameseScore(text) };
  }).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best.score >= 3 && best.score >= 1.5 * second.score) return best;
  return undefined;
}

/** Decoded text as the document text: HTML entities decoded, then NFC (for whole files and for parts alike). */
export function documentText(raw: string): string {
  return (raw.includes('&') ? entities().decodeHTML(raw) : raw).normalize('NFC');
}

function finish(text: string, encoding: string, warnings: string[]): Decoded {
  return { text: documentText(text), encoding, warnings };
}

export function decodeBytes(bytes: Uint8Array, forced?: string): Decoded {
  if (forced !== undefined) {
    const codec = ENCODING_NAMES[forced.toLowerCase()];
    if (!codec) throw new DecodeError(`unknown encoding "${forced}" (known: ${ENCODINGS.join(', ')})`);
    const body = codec === 'utf-8' && startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
    return finish(decodeWith(body, codec).replace(/^\uFEFF/, ''), forced.toLowerCase(), []);
  }
  const warnings: string[] = [];
  if (startsWith(bytes, UTF8_BOM)) return finish(decodeUnicode(bytes.subarray(3), 'utf-8', warnings), 'utf-8-bom', warnings);
  if (startsWith(bytes, [0xff, 0xfe])) return finish(decodeUnicode(bytes.subarray(2), 'utf-16le', warnings), 'utf-16le', warnings);
  if (startsWith(bytes, [0xfe, 0xff])) return finish(decodeUnicode(bytes.subarray(2), 'utf-16be', warnings), 'utf-16be', warnings);
  if (looksBinary(bytes)) throw binaryError(bytes);
  // Valid UTF-8 (nearly every file) is checked and read by Node's native paths, far faster than a strict TextDecoder.
  if (isUtf8(bytes)) return finish(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), 'utf-8', []);
  try {
    return finish(decoder('utf-8', true).decode(bytes), 'utf-8', []);
  } catch {
    const legacy = guessLegacy(bytes);
    if (legacy) return finish(legacy.text, legacy.name, []);
    const warning = 'not valid UTF-8 and no Vietnamese legacy encoding fits; read as UTF-8 (try --encoding)';
    return finish(decodeWith(bytes, 'utf-8'), 'utf-8', [warning]);
  }
}

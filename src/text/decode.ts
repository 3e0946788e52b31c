/**
 * Bytes to document text: UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM,
 * then Unicode NFC, which is the form every offset points into (SPEC §1).
 */

export class DecodeError extends Error {}

export interface Decoded {
  text: string;
  encoding: string;
  warnings: string[];
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** A file with NUL bytes that is not UTF-16 is binary, not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return n > 0 && controls / n > 0.1;
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  const warnings: string[] = [];
  let text: string;
  let encoding: string;
  if (startsWith(bytes, UTF8_BOM)) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    encoding = 'utf-8-bom';
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    encoding = 'utf-16le';
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
    encoding = 'utf-16be';
  } else {
    if (looksBinary(bytes)) throw new DecodeError('not a text file (binary content)');
    text = new TextDecoder('utf-8').decode(bytes);
    encoding = 'utf-8';
    if (text.includes('\uFFFD')) warnings.push('invalid UTF-8 bytes were replaced with U+FFFD');
  }
  return { text: text.normalize('NFC'), encoding, warnings };
}

/**
 * A very large document read in parts, so memory stays bounded however big the file:
 * the bytes are read a chunk at a time, decoded (UTF-8 or UTF-16 with a byte-order
 * mark), and cut after a line end — or, in a document with no line ends, after a
 * space — into parts of about `partChars` characters. Each part is decoded the same
 * way as a whole document (HTML entities, NFC), and NFC never joins characters across
 * a line end or a space, so the parts laid end to end are the document text.
 *
 * Documents in a legacy encoding, or not valid UTF-8, are not read in parts
 * (`streamableEncoding` says so first, after one pass over the bytes).
 */
import * as fs from 'fs';
import { decodeHTML } from 'entities';

const CHUNK_BYTES = 1 << 20;

export interface Part {
  text: string;
  /** Offset of the part's first character in the document text. */
  offset: number;
  /** Lines before the part, and the column its first character sits at (0-based). */
  lineBase: number;
  columnBase: number;
  first: boolean;
  last: boolean;
  /** Bytes of the file read so far, for a progress bar. */
  bytesRead: number;
}

type Streamable = { codec: 'utf-8' | 'utf-16le' | 'utf-16be'; skip: number };

function readChunks(file: string, from: number, each: (chunk: Uint8Array, position: number) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = from;
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      position += n;
      each(buffer.subarray(0, n), position);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function head(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(4);
    return bytes.subarray(0, fs.readSync(fd, bytes, 0, 4, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** How to read the file in parts, or undefined when it must be read whole (legacy or broken encodings). */
export function streamableEncoding(file: string, forced?: string): Streamable | undefined {
  const start = head(file);
  const bom = (...bytes: number[]) => bytes.every((b, i) => start[i] === b);
  if (forced !== undefined) {
    const name = forced.toLowerCase().replace('utf8', 'utf-8').replace('utf16', 'utf-16');
    if (name === 'utf-8') return { codec: 'utf-8', skip: bom(0xef, 0xbb, 0xbf) ? 3 : 0 };
    if (name === 'utf-16le' || name === 'utf-16be') return { codec: name, skip: 0 };
    return undefined;
  }
  if (bom(0xef, 0xbb, 0xbf)) return { codec: 'utf-8', skip: 3 };
  if (bom(0xff, 0xfe)) return { codec: 'utf-16le', skip: 2 };
  if (bom(0xfe, 0xff)) return { codec: 'utf-16be', skip: 2 };
  const check = new TextDecoder('utf-8', { fatal: true });
  try {
    readChunks(file, 0, (chunk) => {
      if (chunk.includes(0)) throw new Error('binary');
      check.decode(chunk, { stream: true });
    });
    check.decode();
  } catch {
    return undefined;
  }
  return { codec: 'utf-8', skip: 0 };
}

/** Where to cut `text` near its end: after the last line end, else after the last space. */
function cutPoint(text: string): number {
  const newline = text.lastIndexOf('\n');
  if (newline >= text.length / 2) return newline + 1;
  const space = text.lastIndexOf(' ');
  if (space >= text.length / 2) return space + 1;
  return newline >= 0 ? newline + 1 : space >= 0 ? space + 1 : text.length;
}

/** Line breaks in `text` (`\r\n`, `\n`, `\r`), and the column after its last one. */
function advance(text: string, columnBase: number): { lines: number; column: number } {
  let lines = 0;
  let lineStart = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      lines++;
      lineStart = i;
    }
  }
  return { lines, column: lineStart < 0 ? columnBase + text.length : text.length - lineStart - 1 };
}

function finish(raw: string): string {
  return (raw.includes('&') ? decodeHTML(raw) : raw).normalize('NFC');
}

/** Calls `each` with the document's parts in order. */
export function readInParts(file: string, how: Streamable, partChars: number, each: (part: Part) => void): void {
  const decoder = new TextDecoder(how.codec);
  let pending = '';
  let offset = 0;
  let lineBase = 0;
  let columnBase = 0;
  let first = true;
  let bytesRead = 0;
  const send = (raw: string, last: boolean) => {
    const text = finish(first ? raw.replace(/^\uFEFF/, '') : raw);
    each({ text, offset, lineBase, columnBase, first, last, bytesRead });
    first = false;
    const moved = advance(text, columnBase);
    offset += text.length;
    lineBase += moved.lines;
    columnBase = moved.column;
  };
  // One part is held back until the next is cut, so the last one is known as last.
  let held: string | undefined;
  const emit = (raw: string) => {
    if (held !== undefined) send(held, false);
    held = raw;
  };
  readChunks(file, how.skip, (chunk, position) => {
    bytesRead = position;
    pending += decoder.decode(chunk, { stream: true });
    while (pending.length >= partChars) {
      const cut = cutPoint(pending.slice(0, partChars));
      emit(pending.slice(0, cut));
      pending = pending.slice(cut);
    }
  });
  pending += decoder.decode();
  if (pending.length > 0 || held === undefined) emit(pending);
  send(held!, true);
}

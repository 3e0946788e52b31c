/**
 * A very large document split into parts, so that memory stays bounded however big
 * the file, and parts can be extracted on several cores at once. `planParts` reads the
 * file once, a chunk at a time, decoding it (UTF-8, or UTF-16 with a byte-order mark)
 * and cutting it after a line end — or, in a document with no line ends, after a
 * space — into parts of about `partChars` characters; for each it notes the bytes and
 * where its text falls in the document. `readPart` then reads one part's bytes
 * anywhere. Each part is decoded the same way as a whole document (HTML entities,
 * NFC), and NFC never joins characters across a line end or a space, so the parts laid
 * end to end are the document text.
 *
 * Documents in a legacy encoding, or not valid UTF-8, are not split
 * (`streamableEncoding` says so first, after one pass over the bytes).
 */
import * as fs from 'fs';
import { decodeHTML } from 'entities';

const CHUNK_BYTES = 1 << 20;

/** One part of a document: its bytes, and where its text falls in the document text. */
export interface PartPlan {
  codec: Streamable['codec'];
  byteStart: number;
  byteEnd: number;
  /** Offset of the part's first character in the document text. */
  offset: number;
  /** Lines before the part, and the column its first character sits at (0-based). */
  lineBase: number;
  columnBase: number;
  first: boolean;
  last: boolean;
}

export type Streamable = { codec: 'utf-8' | 'utf-16le' | 'utf-16be'; skip: number };

/** The file's bytes from `from`, a chunk at a time (the chunk is reused: decode it before the next). */
function* chunksOf(file: string, from: number): Generator<Uint8Array> {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = from;
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) return;
      position += n;
      yield buffer.subarray(0, n);
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
    for (const chunk of chunksOf(file, 0)) {
      if (chunk.includes(0)) throw new Error('binary');
      check.decode(chunk, { stream: true });
    }
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

const byteLength = (raw: string, codec: Streamable['codec']) => (codec === 'utf-8' ? Buffer.byteLength(raw, 'utf8') : raw.length * 2);

/**
 * The file's parts, planned one at a time as they are asked for (so a long document's
 * first parts can be at work while the rest is still being read); `firstText` gets the
 * first part's text, where the document's headline and dateline are.
 */
export function* planParts(file: string, how: Streamable, partChars: number, firstText: (text: string) => void): Generator<PartPlan> {
  const decoder = new TextDecoder(how.codec, { ignoreBOM: true });
  let byteStart = how.skip;
  let offset = 0;
  let lineBase = 0;
  let columnBase = 0;
  let first = true;
  const plan = (raw: string, last: boolean): PartPlan => {
    const text = finish(first ? raw.replace(/^\uFEFF/, '') : raw);
    if (first) firstText(text);
    const byteEnd = byteStart + byteLength(raw, how.codec);
    const part: PartPlan = { codec: how.codec, byteStart, byteEnd, offset, lineBase, columnBase, first, last };
    const moved = advance(text, columnBase);
    first = false;
    byteStart = byteEnd;
    offset += text.length;
    lineBase += moved.lines;
    columnBase = moved.column;
    return part;
  };
  // One part is held back until the next is cut, so the last one is known as last.
  let held: string | undefined;
  let pending = '';
  for (const chunk of chunksOf(file, how.skip)) {
    pending += decoder.decode(chunk, { stream: true });
    while (pending.length >= partChars) {
      const cut = cutPoint(pending.slice(0, partChars));
      if (held !== undefined) yield plan(held, false);
      held = pending.slice(0, cut);
      pending = pending.slice(cut);
    }
  }
  pending += decoder.decode();
  if (pending.length > 0 || held === undefined) {
    if (held !== undefined) yield plan(held, false);
    held = pending;
  }
  yield plan(held, true);
}

/** The text of one planned part, decoded as the whole document would be. */
export function readPart(file: string, plan: PartPlan): string {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(plan.byteEnd - plan.byteStart);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(fd, bytes, read, bytes.length - read, plan.byteStart + read);
      if (n === 0) throw Object.assign(new Error('file changed while being read'), { code: 'ECHANGED' });
      read += n;
    }
    const raw = new TextDecoder(plan.codec, { ignoreBOM: true }).decode(bytes);
    return finish(plan.first ? raw.replace(/^\uFEFF/, '') : raw);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A very large document split into parts, so that memory stays bounded however big
 * the file, and parts can be extracted on several cores at once — with exactly the
 * records of the document read whole.
 *
 * Parts are cut in the bytes, never in decoded text, and only at the start of a line
 * (after `\n`, `\r\n` or a lone `\r`; a blank line preferred). A line end is one whole
 * character in UTF-8 and UTF-16 alike, and nothing the decoder does reaches across
 * one: no byte sequence, HTML entity, surrogate pair or NFC composition spans it. So a
 * range of bytes from one line start to another decodes to exactly the slice of the
 * document text it covers, and offsets computed from those slices are the document's.
 * A document with no line end to cut at (one long line) is one part: read whole.
 *
 * Each part owns a range of the document, and is extracted with a margin of a few
 * kilobytes of the text on either side (again from line start to line start): a match
 * or a context window that crosses into the neighbour sees the same text as in the
 * whole document, and the part keeps only the records that start in what it owns.
 *
 * Documents in a legacy encoding, or not valid UTF-8 / UTF-16, are not split
 * (`streamableEncoding` says so first, after one pass over the bytes): the whole-file
 * decoder reads them and warns about bad bytes.
 */
import * as fs from 'fs';
import { decoder, documentText, UnicodeCodec } from './decode';

const CHUNK_BYTES = 1 << 20;

/** One part of a document: the bytes to extract, and where their text and the part's own records fall. */
export interface PartPlan {
  codec: Streamable['codec'];
  /** The bytes read and extracted: the part with its margins, from one line start to another. */
  byteStart: number;
  byteEnd: number;
  /** Offset of the first character of those bytes in the document text. */
  offset: number;
  /** Lines before `byteStart` (which is always at a line start, so columns need no shift). */
  lineBase: number;
  /** The characters of the part's text whose records are this part's: [from, to). */
  keepFrom: number;
  keepTo: number;
  /** Where the part's own bytes end (for progress). */
  ownedEnd: number;
  /** The bytes start at the start of the text (a first part, or a margin that reaches back to it). */
  fromStart: boolean;
  first: boolean;
  last: boolean;
}

export type Streamable = { codec: UnicodeCodec; skip: number };

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

/** Whether the file from `skip` on is valid in `codec` (and, for UTF-8, has no NUL byte). */
function validThroughout(file: string, codec: Streamable['codec'], skip: number): boolean {
  const check = new TextDecoder(codec, { fatal: true, ignoreBOM: true });
  try {
    for (const chunk of chunksOf(file, skip)) {
      if (codec === 'utf-8' && chunk.includes(0)) return false;
      check.decode(chunk, { stream: true });
    }
    check.decode();
    return true;
  } catch {
    return false;
  }
}

/** How to read the file in parts, or undefined when it must be read whole (legacy or broken encodings). */
export function streamableEncoding(file: string, forced?: string): Streamable | undefined {
  const start = head(file);
  const bom = (...bytes: number[]) => bytes.every((b, i) => start[i] === b);
  let how: Streamable | undefined;
  if (forced !== undefined) {
    const name = forced.toLowerCase().replace('utf8', 'utf-8').replace('utf16', 'utf-16');
    if (name === 'utf-8') how = { codec: 'utf-8', skip: bom(0xef, 0xbb, 0xbf) ? 3 : 0 };
    else if (name === 'utf-16le' || name === 'utf-16be') how = { codec: name, skip: 0 };
    else return undefined;
  } else if (bom(0xef, 0xbb, 0xbf)) how = { codec: 'utf-8', skip: 3 };
  else if (bom(0xff, 0xfe)) how = { codec: 'utf-16le', skip: 2 };
  else if (bom(0xfe, 0xff)) how = { codec: 'utf-16be', skip: 2 };
  else how = { codec: 'utf-8', skip: 0 };
  // Bad bytes are read whole, where the decoder warns about them.
  return validThroughout(file, how.codec, how.skip) ? how : undefined;
}

/** Fills `bytes` from the file at `from`; a file that ends sooner changed while being read. */
function readFully(fd: number, bytes: Buffer, from: number): Buffer {
  for (let done = 0; done < bytes.length;) {
    const n = fs.readSync(fd, bytes, done, bytes.length - done, from + done);
    if (n === 0) throw Object.assign(new Error('file changed while being read'), { code: 'ECHANGED' });
    done += n;
  }
  return bytes;
}

/** Line breaks in decoded text (`\r\n`, `\n`, `\r` each one). */
function lineBreaks(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  return lines;
}

/** Random access to a file's bytes, and the line structure of its code units. */
class LineBytes {
  readonly size: number;
  private readonly fd: number;
  /** Bytes per code unit, and where the low byte of a unit sits. */
  private readonly unit: number;
  private readonly low: number;
  private scratch = Buffer.alloc(0);

  constructor(
    file: string,
    private readonly how: Streamable,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
    this.unit = how.codec === 'utf-8' ? 1 : 2;
    this.low = how.codec === 'utf-16be' ? 1 : 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /**
   * The bytes [from, to), in a buffer this reader reuses: each caller reads them before it
   * reads again. (A new buffer per read left the main thread tens of MB of garbage outside
   * its small heap while it planned a long document's parts.)
   */
  read(from: number, to: number): Buffer {
    if (this.scratch.length < to - from) this.scratch = Buffer.allocUnsafe(Math.max(to - from, this.scratch.length * 2));
    return readFully(this.fd, this.scratch.subarray(0, to - from), from);
  }

  /** The code unit at byte `at` if it is CR or LF (else 0), read from `bytes` starting at byte `base`. */
  private breakAt(bytes: Buffer, base: number, at: number): number {
    const i = at - base;
    if (i < 0 || i + this.unit > bytes.length) return 0;
    const lowByte = bytes[i + this.low];
    if (this.unit === 2 && bytes[i + 1 - this.low] !== 0) return 0;
    return lowByte === 10 || lowByte === 13 ? lowByte : 0;
  }

  /** Whether byte `at` starts a line: the start of the text, or right after `\n`, or after a `\r` not followed by `\n`. */
  private startsLine(bytes: Buffer, base: number, at: number): boolean {
    const before = this.breakAt(bytes, base, at - this.unit);
    return before === 10 || (before === 13 && this.breakAt(bytes, base, at) !== 10);
  }

  /** Whether a line starting at `at` is blank (it starts with a line end itself). */
  private blankLineAt(bytes: Buffer, base: number, at: number): boolean {
    return this.breakAt(bytes, base, at) !== 0;
  }

  /**
   * A line start in [from, to] to cut at: the last one that begins a blank line (a
   * paragraph break), else the last one; undefined when the range holds none.
   */
  lastCut(from: number, to: number): number | undefined {
    const base = Math.max(this.how.skip, from - this.unit);
    const bytes = this.read(base, Math.min(this.size, to + this.unit));
    let line: number | undefined;
    for (let at = this.aligned(to); at >= from; at -= this.unit) {
      if (!this.startsLine(bytes, base, at)) continue;
      if (this.blankLineAt(bytes, base, at)) return at;
      line ??= at;
    }
    return line;
  }

  /** The first line start after `from` (at most `size`): where a part must end when no earlier cut exists. */
  nextLineStart(from: number): number {
    for (let base = this.aligned(from); base < this.size; base += CHUNK_BYTES) {
      // One unit more than is scanned: a CR at the end of a chunk needs the next unit to tell CRLF.
      const stop = Math.min(this.size, base + CHUNK_BYTES);
      const bytes = this.read(base - this.unit, Math.min(this.size, stop + this.unit));
      for (let at = base; at < stop; at += this.unit) if (this.startsLine(bytes, base - this.unit, at)) return at;
    }
    return this.size;
  }

  /** The last line start at or before `at` (at least `floor`, itself a line start). */
  lineStartBefore(at: number, floor: number): number {
    if (at <= floor) return floor;
    for (let top = this.aligned(at); top > floor; top -= CHUNK_BYTES) {
      const from = Math.max(floor, top - CHUNK_BYTES);
      const base = Math.max(this.how.skip, from - this.unit);
      const bytes = this.read(base, Math.min(this.size, top + this.unit));
      for (let p = top; p > from; p -= this.unit) if (this.startsLine(bytes, base, p)) return p;
    }
    return floor;
  }

  /** `at` moved down onto a code unit boundary. */
  private aligned(at: number): number {
    return at - ((at - this.how.skip) % this.unit);
  }

  /** The document text of the bytes [from, to), both at line starts. */
  text(from: number, to: number): string {
    const raw = decoder(this.how.codec, false, true).decode(this.read(from, to));
    return documentText(from === this.how.skip ? raw.replace(/^\uFEFF/, '') : raw);
  }
}

export interface PartSizes {
  /** The bytes a part owns, about. */
  partBytes: number;
  /** The text extracted on either side of them, about. */
  marginBytes: number;
}

/**
 * The file's parts, planned one at a time as they are asked for (so a long document's
 * first parts can be at work while the rest is still being read); `firstText` gets the
 * first part's text, where the document's headline and dateline are.
 */
export function* planParts(file: string, how: Streamable, sizes: PartSizes, firstText: (text: string) => void): Generator<PartPlan> {
  const bytes = new LineBytes(file, how);
  try {
    const { partBytes, marginBytes } = sizes;
    let ownedStart = how.skip;
    let offset = 0;
    let lineBase = 0;
    while (ownedStart < bytes.size || ownedStart === how.skip) {
      const ownedEnd = cutAfter(bytes, ownedStart, partBytes);
      const first = ownedStart === how.skip;
      const last = ownedEnd >= bytes.size;
      const own = bytes.text(ownedStart, ownedEnd);
      // The margins, from line start to line start.
      const from = first ? ownedStart : bytes.lineStartBefore(ownedStart - marginBytes, how.skip);
      const to = last ? bytes.size : bytes.nextLineStart(Math.min(bytes.size, ownedEnd + marginBytes));
      const before = from < ownedStart ? bytes.text(from, ownedStart) : '';
      if (first) firstText(own + (to > ownedEnd ? bytes.text(ownedEnd, to) : ''));
      yield {
        codec: how.codec,
        byteStart: from,
        byteEnd: to,
        offset: offset - before.length,
        lineBase: lineBase - lineBreaks(before),
        keepFrom: before.length,
        keepTo: before.length + own.length,
        ownedEnd,
        fromStart: from === how.skip,
        first,
        last,
      };
      offset += own.length;
      lineBase += lineBreaks(own);
      if (last) return;
      ownedStart = ownedEnd;
    }
  } finally {
    bytes.close();
  }
}

/**
 * Where the part that starts at `start` ends: a line start about `partBytes` on
 * (a blank line in its second half if there is one), or the end of the file when
 * what would be left is less than half a part, or no line end follows.
 */
function cutAfter(bytes: LineBytes, start: number, partBytes: number): number {
  const target = start + partBytes;
  if (target + partBytes / 2 >= bytes.size) return bytes.size;
  const cut = bytes.lastCut(start + partBytes / 2, target) ?? bytes.nextLineStart(target);
  return bytes.size - cut < partBytes / 2 ? bytes.size : cut;
}

/** The document's last lines, about `tailBytes` of them from a line start: where its byline is. */
export function tailText(file: string, how: Streamable, tailBytes: number): string {
  const bytes = new LineBytes(file, how);
  try {
    return bytes.text(bytes.lineStartBefore(bytes.size - tailBytes, how.skip), bytes.size);
  } finally {
    bytes.close();
  }
}

/** The text of one planned part, decoded as the whole document would be. */
export function readPart(file: string, plan: PartPlan): string {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = readFully(fd, Buffer.alloc(plan.byteEnd - plan.byteStart), plan.byteStart);
    const raw = decoder(plan.codec, false, true).decode(bytes);
    return documentText(plan.fromStart ? raw.replace(/^\uFEFF/, '') : raw);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The documents named on the command line: inputs expanded (and the ones that name
 * nothing reported), and the documents that are streams — standard input, a FIFO, a
 * device — read once, whole, with a cap, since no size tells in advance how much is coming.
 */
import * as fs from 'fs';
import { expandInputs, InputList, STDIN } from './inputs';
import { describeReadError } from './read-errors';
import { error, EXIT, raiseExitCode, warn } from './report';

/** The most a stream may hold: a document that long belongs in a file, which is read in parts. */
export const STREAM_CAP_BYTES = 256 * 1024 * 1024;

export type StreamRead = { bytes: Buffer; error?: undefined } | { bytes?: undefined; error: string };

/** Whether bytes start with a UTF-16 byte-order mark (where NUL bytes are text). */
const utf16 = (b: Buffer) => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/**
 * Reads a stream to its end, at most STREAM_CAP_BYTES. A NUL byte outside UTF-16 ends
 * the read at once (`/dev/zero` is binary, and must not fill memory first).
 */
export async function readStream(file: string, cap = STREAM_CAP_BYTES): Promise<StreamRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  const source = file === STDIN ? process.stdin : fs.createReadStream(file);
  try {
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      chunks.push(bytes);
      size += bytes.length;
      if (!utf16(chunks[0]) && bytes.includes(0)) return { error: 'not a text file (binary content)' };
      if (size > cap)
        return { error: `more than ${cap / (1024 * 1024)} MB from a pipe or device; save it to a file, which is read in parts` };
    }
  } catch (err) {
    return { error: describeReadError(err) };
  } finally {
    if (source !== process.stdin) (source as fs.ReadStream).destroy();
  }
  return { bytes: Buffer.concat(chunks) };
}

/** Reports what the expansion found wrong: missing inputs and unreadable folders fail the run; loops and duplicates warn. */
export function reportInputs(list: InputList, quiet: boolean): void {
  for (const p of list.problems) {
    error(`${p.input}: ${p.message}`);
    raiseExitCode(EXIT.INPUT_FAILED);
  }
  for (const loop of list.loops) warn(`${loop}: symbolic link back into a folder being read; not followed`, quiet);
  for (const d of list.duplicates) warn(`${d}: given more than once, read once`, quiet);
}

export { expandInputs };

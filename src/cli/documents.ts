/**
 * Reads the documents named on the command line one at a time, decodes and extracts
 * each, and hands results on in input order. A file that cannot be read or decoded is
 * reported on its own line and skipped; the others go on.
 */
import * as fs from 'fs';
import { decodeBytes, DecodeError } from '../text/decode';
import { extract, ExtractOptions } from '../extract';
import { ExtractResult } from '../types';
import { expandInputs, STDIN } from './inputs';
import { error, EXIT, raiseExitCode, warn } from './report';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return e.code ?? e.message;
  }
}

export interface DocumentOptions extends ExtractOptions {
  quiet: boolean;
}

/** Expands the inputs and reports those that name nothing; returns the documents to read. */
export function resolveDocuments(inputs: string[], quiet: boolean): string[] {
  const list = expandInputs(inputs);
  for (const p of list.problems) {
    error(`${p.input}: ${p.message}`);
    raiseExitCode(EXIT.INPUT_FAILED);
  }
  for (const d of list.duplicates) warn(`${d}: given more than once, read once`, quiet);
  return list.files;
}

/** Extracts one document; undefined (after reporting) when it cannot be read. */
export async function extractFile(file: string, options: DocumentOptions): Promise<ExtractResult | undefined> {
  let bytes: Buffer;
  try {
    bytes = file === STDIN ? await readStdin() : await fs.promises.readFile(file);
  } catch (err) {
    error(`${file}: ${describeReadError(err)}`);
    raiseExitCode(EXIT.INPUT_FAILED);
    return undefined;
  }
  try {
    const decoded = decodeBytes(bytes);
    for (const w of decoded.warnings) warn(`${file}: ${w}`, options.quiet);
    const result = extract(decoded.text, options);
    for (const w of result.warnings) warn(`${file}: ${w}`, options.quiet);
    return result;
  } catch (err) {
    if (err instanceof DecodeError) {
      error(`${file}: ${err.message}`);
      raiseExitCode(EXIT.INPUT_FAILED);
      return undefined;
    }
    throw err;
  }
}

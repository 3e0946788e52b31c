/**
 * The documents named on the command line: inputs expanded (and the ones that name
 * nothing reported), standard input read once.
 */
import { expandInputs } from './inputs';
import { error, EXIT, raiseExitCode, warn } from './report';

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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

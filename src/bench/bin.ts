/**
 * The built bin as a user runs it: Node with the flags of its `#!` line (bin/extract
 * starts Node with `--no-regexp-tier-up`), so the tests and the benchmark spawn exactly
 * what the shell would, whichever `node` runs them.
 */
import * as fs from 'fs';
import * as path from 'path';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'extract');

/** The Node flags on the bin's first line. */
export const BIN_NODE_FLAGS: readonly string[] = fs
  .readFileSync(BIN, 'utf8')
  .split('\n', 1)[0]
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

/** The arguments for `process.execPath` that run the bin with `args`. */
export const binArgs = (args: readonly string[]): string[] => [...BIN_NODE_FLAGS, BIN, ...args];

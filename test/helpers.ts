import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { binArgs } from '../src/bench/bin';

export { binArgs };

export const ROOT = path.resolve(__dirname, '..');
export { BIN } from '../src/bench/bin';
export const SEEDS_DIR = path.join(ROOT, 'seeds');
export const SEEDS = fs
  .readdirSync(SEEDS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => path.join(SEEDS_DIR, f));
/** The shared folder beside the project; absent on a user's fresh clone, so tests that need it skip. */
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const HAS_SHARED = fs.existsSync(path.join(SHARED, 'gold'));
export const describeWithShared = HAS_SHARED ? describe : describe.skip;
/**
 * Tests of multi-megabyte inputs (documents read in parts, in every shape of line ends and
 * spacing; a rule stuck in a later part): about a minute of the suite's time, so `npm
 * test` leaves them to `npm run test:slow` (EXTRACT_SLOW_TESTS=1), which CI also runs.
 */
export const SLOW_TESTS = process.env.EXTRACT_SLOW_TESTS === '1';
export const describeSlow = SLOW_TESTS ? describe : describe.skip;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `extract` bin as a user would, with no colour and no TTY. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, binArgs(args), {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'extract-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function readSeed(name: string): string {
  return fs.readFileSync(path.join(SEEDS_DIR, name), 'utf8');
}

/** Resolves once `condition()` holds, checking every 20 ms; fails after `timeoutMs`. Never a fixed sleep. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

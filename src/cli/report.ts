/**
 * Messages for people on stderr: one line each, naming the file; colour only on a TTY
 * and never with NO_COLOR. stdout carries data alone. A file name may hold a newline or
 * an escape character: messages show such characters, never send them to the terminal.
 */
import chalk from 'chalk';
import { visible } from '../text/visible';

const useColor = Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined;
export const paint = new chalk.Instance({ level: useColor ? 1 : 0 });

/** Exit codes, as the README documents them. */
export const EXIT = { OK: 0, INPUT_FAILED: 1, USAGE: 2 } as const;

export class UsageError extends Error {}

export function error(message: string): void {
  process.stderr.write(`${paint.red('extract:')} ${visible(message)}\n`);
}

export function warn(message: string, quiet: boolean): void {
  if (!quiet) process.stderr.write(`${paint.yellow('extract: warning:')} ${visible(message)}\n`);
}

/** Raises the exit code, never lowers it (a usage error outranks a failed input). */
export function raiseExitCode(code: number): void {
  process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
}

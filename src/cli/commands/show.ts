/** `extract show`: articles in the terminal, records coloured by type, a table per type; paged when longer than the terminal. */
import { lazily } from '../../lazy';

// The pager's process module, loaded only when there is a pager to start.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = lazily((): typeof import('child_process') => require('child_process'));
import { renderTerminal } from '../../output/terminal';
import { RunOptions } from '../options';
import { forEachDocument, prepare } from '../run';
import { stdoutSink } from '../sink';

/**
 * Colour when stdout is a terminal and NO_COLOR is not set, or whenever FORCE_COLOR asks for
 * it (`FORCE_COLOR=1 extract show … | less -R`); FORCE_COLOR=0 turns it off.
 */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.NO_COLOR === undefined;
}

/** Longer than the terminal and on a terminal: through the user's pager (PAGER, else `less -R`). */
export function pagerFor(env: NodeJS.ProcessEnv, isTTY: boolean, lines: number, rows: number | undefined): string[] | null {
  if (!isTTY || !rows || lines <= rows) return null;
  const pager = env.PAGER?.trim();
  if (pager === '' || pager === 'cat') return null;
  return pager ? ['sh', '-c', pager] : ['less', '-R'];
}

export async function runShow(inputs: string[], options: RunOptions): Promise<void> {
  const prepared = prepare(inputs, options, 'show needs a file (e.g. extract show seeds/000_f9955ed6df11a9aa.txt)');
  const tty = Boolean(process.stdout.isTTY);
  const colour = wantsColour(process.env, tty);
  if (!tty) {
    const sink = stdoutSink();
    await forEachDocument(prepared, options, (doc, result) => sink.write(renderTerminal(doc, result, colour) + '\n'), { text: true });
    return;
  }
  // On a terminal the whole view is made first, to know whether it needs a pager.
  const parts: string[] = [];
  await forEachDocument(prepared, options, async (doc, result) => void parts.push(renderTerminal(doc, result, colour) + '\n'), {
    text: true,
  });
  const view = parts.join('');
  const pager = pagerFor(process.env, tty, view.split('\n').length, process.stdout.rows);
  if (!pager || !(await page(pager, view))) process.stdout.write(view);
}

/** Writes the view through the pager; false when the pager cannot be started (the caller writes it directly). */
function page([command, ...args]: string[], view: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = childProcess().spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...process.env } });
    child.on('error', () => resolve(false));
    child.on('spawn', () => {
      child.stdin.on('error', () => undefined); // the reader quit early (q in less)
      child.stdin.end(view);
    });
    child.on('close', () => resolve(true));
  });
}

/** `extract show`: articles in the terminal, records coloured by type, a table per type. */
import { renderTerminal } from '../../output/terminal';
import { RunOptions } from '../options';
import { forEachDocument, prepare } from '../run';
import { stdoutSink } from '../sink';

export async function runShow(inputs: string[], options: RunOptions): Promise<void> {
  const prepared = prepare(inputs, options, 'show needs a file (e.g. extract show seeds/000_f9955ed6df11a9aa.txt)');
  const colour = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
  const sink = stdoutSink();
  await forEachDocument(prepared, options, (doc, result) => sink.write(renderTerminal(doc, result, colour) + '\n'), { text: true });
}

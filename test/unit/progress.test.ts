import * as fs from 'fs';
import { Progress } from '../../src/cli/progress';
import { SEEDS } from '../helpers';

/** A terminal that keeps what is written to it. */
function fakeTerminal(): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY: true, written, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe('Progress', () => {
  const files = Array.from({ length: 20 }, (_, i) => SEEDS[i % SEEDS.length]);
  const total = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);

  it('counts files done and draws a bar on a terminal', () => {
    const tty = fakeTerminal();
    const progress = new Progress(files, false, tty);
    for (let i = 0; i < files.length; i++) progress.tick();
    expect(tty.written.at(-1)).toMatch(/\[=+\] 20\/20 files {2}[\d.]+ MB\/s {2}ETA 0s/);
  });

  it('moves within a document handed on in parts', () => {
    const tty = fakeTerminal();
    const progress = new Progress(files, false, tty);
    progress.within(total / 2);
    expect(tty.written.at(-1)).toMatch(/^\r\[={12} {12}\] 0\/20 files/);
  });

  it('stays silent when quiet or not on a terminal', () => {
    const tty = fakeTerminal();
    new Progress(files, true, tty).tick();
    const pipe = { ...fakeTerminal(), isTTY: false } as unknown as NodeJS.WriteStream & { written: string[] };
    new Progress(files, false, pipe).within(10);
    expect(tty.written).toEqual([]);
    expect(pipe.written).toEqual([]);
  });
});

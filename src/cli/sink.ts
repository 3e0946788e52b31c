/**
 * Where output goes: standard output, or a file written whole or not at all — into a
 * temporary file beside it, renamed into place only when every document is done.
 * Writes wait for the stream to drain, so memory stays flat on large runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';

export interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the output: flushes, and for a file renames it into place. */
  commit(): Promise<void>;
  /** Abandons the output: for a file, removes the temporary file. */
  abort(): void;
}

function writeTo(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (chunk.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

export function stdoutSink(): Sink {
  return {
    write: (chunk) => writeTo(process.stdout, chunk),
    commit: () => Promise.resolve(),
    abort: () => undefined,
  };
}

export function fileSink(target: string): Sink {
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  const stream = fs.createWriteStream(temp, { flags: 'wx' });
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    stream.destroy();
    try {
      fs.unlinkSync(temp);
    } catch {
      // already gone
    }
  };
  // Ctrl-C or a crash must not leave a half-written file behind.
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', cleanup);
  const detach = () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('exit', cleanup);
  };
  return {
    write: (chunk) => writeTo(stream, chunk),
    commit: () =>
      new Promise((resolve, reject) => {
        stream.end((err?: Error | null) => {
          if (err) return reject(err);
          try {
            fs.renameSync(temp, target);
            done = true;
            detach();
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      }),
    abort: () => {
      cleanup();
      detach();
    },
  };
}

/**
 * Where output goes: standard output, or `--output`. A regular file is written whole or
 * not at all — into a temporary file beside it, renamed into place only when every
 * document is done, with the mode and owner of the file it replaces. Anything else the
 * path may name (a FIFO, a terminal, a device, `/dev/stdout`, `>(cmd)`) cannot be
 * renamed over without destroying it, so it is written directly. A symlink's target is
 * written, never the link replaced. Everything that can be known before the work
 * starts (a missing or read-only folder, a folder as the output) is an `OutputError`
 * from `openOutput`; writes wait for the stream to drain, so memory stays flat.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { describeFsError } from './read-errors';

export interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the output: flushes, and for a regular file renames it into place. */
  commit(): Promise<void>;
  /** Abandons the output: for a regular file, removes the temporary file. */
  abort(): void;
  /**
   * For a regular file, the temporary file itself, for a format written by path (a
   * SQLite database) rather than as a stream; it is renamed into place by `commit`.
   */
  readonly temporaryPath?: string;
}

/** The output cannot be written: one line for the user, naming the path. */
export class OutputError extends Error {
  constructor(
    message: string,
    /** The system error code behind it, if any (`ENOSPC`, `EPIPE`). */
    readonly code?: string,
  ) {
    super(message);
  }
}

const outputError = (name: string, err: unknown) =>
  new OutputError(
    `${name}: cannot write the output: ${describeFsError(err, { ENOENT: 'its folder does not exist' })}`,
    (err as NodeJS.ErrnoException).code,
  );

function writeTo(stream: Writable, chunk: string | Uint8Array, name: string): Promise<void> {
  if (chunk.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (err) => (err ? reject(outputError(name, err)) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

/** Standard output. A write error (a full disk behind it) rejects the write with an `OutputError`. */
export function stdoutSink(): Sink {
  return {
    write: (chunk) =>
      writeTo(process.stdout, chunk, 'standard output').catch((err: OutputError) => {
        // `extract … | head -1`: the reader left; that is not an error (the stream's EPIPE handler exits).
        if (err.code === 'EPIPE') return new Promise<void>(() => undefined);
        throw err;
      }),
    commit: () => Promise.resolve(),
    abort: () => undefined,
  };
}

/** Where a symlink chain ends, even when its last target does not exist yet (at most 40 links, as the kernel allows). */
function linkTarget(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return current; // a path that does not exist yet: the file to create
    }
    if (!stat.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
}

/** Devices and descriptors (`/dev/stdout`, `/dev/fd/63`, `/proc/self/fd/1`): always written in place. */
const SPECIAL_PATH = /^\/(?:dev|proc)\//;

/**
 * Opens `--output`: checks it can be written before any work is done, and chooses how
 * to write it (in place for anything but a regular file, atomically for a regular one).
 */
export function openOutput(target: string): Sink {
  const name = target;
  // Our own descriptors are written as they are: a socket behind one cannot be opened by path.
  const fd = ownDescriptor(target);
  if (fd === 1) return stdoutSink();
  if (fd !== undefined) return directSink(fs.createWriteStream('', { fd, autoClose: false }), name);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target); // follows symlinks: what the path names in the end
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(name, err);
  }
  if (stat?.isDirectory()) throw new OutputError(`${name}: cannot write the output: is a folder`);
  if (stat && (!stat.isFile() || SPECIAL_PATH.test(path.resolve(target))))
    return directSink(fs.createWriteStream(target, { flags: 'w' }), name);
  let real: string;
  try {
    real = stat ? fs.realpathSync(target) : linkTarget(target);
  } catch (err) {
    throw outputError(name, err);
  }
  return atomicSink(real, name, stat);
}

/** `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor this process already has. */
function ownDescriptor(target: string): number | undefined {
  const m = /^\/(?:dev\/(stdout|stderr)|dev\/fd\/(\d+)|proc\/self\/fd\/(\d+))$/.exec(path.resolve(target));
  if (!m) return undefined;
  const fd = m[1] === 'stdout' ? 1 : m[1] === 'stderr' ? 2 : Number(m[2] ?? m[3]);
  try {
    fs.fstatSync(fd);
    return fd;
  } catch {
    return undefined; // not open here: opened by path below, which reports why not
  }
}

/** A FIFO, terminal or device: written as it is; nothing to rename, nothing to remove. */
function directSink(stream: fs.WriteStream, name: string): Sink {
  // Errors reach the writes through their callbacks; this keeps an early one from being thrown.
  stream.on('error', () => undefined);
  return {
    write: (chunk) => writeTo(stream, chunk, name),
    commit: () => new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(outputError(name, err)) : resolve()))),
    abort: () => stream.destroy(),
  };
}

/** A regular file (or one to create): a temporary file beside it, renamed over it when done. */
function atomicSink(target: string, name: string, existing: fs.Stats | undefined): Sink {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let stream: fs.WriteStream | undefined = undefined;
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    stream?.destroy();
    try {
      fs.unlinkSync(temp);
    } catch {
      // already gone, or never made
    }
  };
  // Ctrl-C or a crash must not leave a half-written file behind. The handlers come first:
  // a signal between creating the file and handling signals would leave it there.
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
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', existing ? existing.mode & 0o7777 : 0o666);
  } catch (err) {
    done = true;
    detach();
    throw outputError(name, err);
  }
  if (existing) keepModeAndOwner(fd, existing);
  const opened = fs.createWriteStream(temp, { fd });
  opened.on('error', () => undefined);
  stream = opened;
  return {
    temporaryPath: temp,
    write: (chunk) => writeTo(opened, chunk, name),
    commit: () =>
      new Promise((resolve, reject) => {
        opened.end((err?: Error | null) => {
          if (err) return reject(outputError(name, err));
          try {
            fs.renameSync(temp, target);
            done = true;
            detach();
            resolve();
          } catch (e) {
            reject(outputError(name, e));
          }
        });
      }),
    abort: () => {
      cleanup();
      detach();
    },
  };
}

/** The replacement keeps the permissions and owner of the file it replaces (the owner where allowed). */
function keepModeAndOwner(fd: number, existing: fs.Stats): void {
  // The mode given to open() is narrowed by the umask: set it exactly.
  fs.fchmodSync(fd, existing.mode & 0o7777);
  try {
    fs.fchownSync(fd, existing.uid, existing.gid);
  } catch {
    // Only root may give a file away; another user's file keeps that user's mode, at least.
  }
}

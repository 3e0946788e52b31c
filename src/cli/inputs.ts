/**
 * Turns what the user typed into a list of documents: files, folders (their `*.txt`,
 * recursively), globs the tool expands itself (so quoted patterns work where no shell
 * expands them), and `-` for standard input.
 *
 * Folders are walked here rather than by a glob library, because a walk must survive
 * what real trees hold: a symlink back to a parent (followed once, reported once, never
 * looped), two links to one file (read once), a folder it may not read or a path past
 * PATH_MAX (one problem naming it; the rest is still walked).
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { describeFsError } from './read-errors';

export const STDIN = '-';

export interface InputList {
  /** Documents in the order given; folders and globs sorted. */
  files: string[];
  /** Inputs (or paths found under them) that could not be read, with the reason. */
  problems: Array<{ input: string; message: string }>;
  /** Symbolic links that lead back into a folder being walked: not followed. */
  loops: string[];
  /** Paths that came up more than once and are read once. */
  duplicates: string[];
}

const isText = (name: string) => /\.txt$/i.test(name);

/** Why a path under a folder cannot be followed (a missing link target is a broken link). */
const reason = (err: unknown): string => describeFsError(err, { ENOENT: 'broken symbolic link' });

/** The real path, or undefined when it cannot be had. */
function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

interface WalkOptions {
  /** Which files to keep (by the path as found). */
  keep: (file: string) => boolean;
  /** Folder levels below the root to enter (Infinity for all). */
  depth: number;
}

/**
 * The files under `root`, sorted. Each folder is entered once by its real path: a link
 * back to a folder on the way down is a loop (reported), a second link to a folder
 * already walked is skipped. Hidden entries (`.name`) are skipped, as globs do.
 */
function walk(root: string, options: WalkOptions, out: InputList): string[] {
  const found: string[] = [];
  const entered = new Set<string>();
  const rootReal = realPath(root);
  if (rootReal) entered.add(rootReal);
  const stack: Array<{ dir: string; depth: number; ancestors: string[] }> = [
    { dir: root, depth: 0, ancestors: rootReal ? [rootReal] : [] },
  ];
  while (stack.length > 0) {
    const { dir, depth, ancestors } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      out.problems.push({ input: dir, message: `cannot read folder: ${reason(err)}` });
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(full);
          isDir = target.isDirectory();
          isFile = !isDir;
        } catch (err) {
          if (isText(entry.name) || (err as NodeJS.ErrnoException).code === 'ELOOP') {
            out.problems.push({ input: full, message: reason(err) });
          }
          continue;
        }
      }
      if (isDir) {
        if (depth + 1 > options.depth) continue;
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch (err) {
          out.problems.push({ input: full, message: `cannot read folder: ${reason(err)}` });
          continue;
        }
        if (ancestors.includes(real)) {
          out.loops.push(full);
          continue;
        }
        if (entered.has(real)) continue; // another way into a folder already walked
        entered.add(real);
        stack.push({ dir: full, depth: depth + 1, ancestors: [...ancestors, real] });
      } else if (isFile && options.keep(full)) {
        found.push(full);
      }
    }
  }
  return found.sort();
}

function textFilesUnder(dir: string, out: InputList): string[] {
  return walk(dir, { keep: (file) => isText(path.basename(file)), depth: Infinity }, out);
}

/** A glob's files: its fixed leading folder walked, as deep as the pattern can reach, each path matched. */
function globFiles(pattern: string, out: InputList): string[] {
  const { base, glob } = picomatch.scan(pattern);
  const matches = picomatch(pattern, { nocase: false });
  const depth = glob.includes('**') ? Infinity : glob.split('/').length - 1;
  const root = base === '' ? '.' : base;
  // Paths are matched as they would be typed: `news/a.txt`, not `./news/a.txt`.
  const shown = (file: string) => (base === '' ? path.relative('.', file) : file);
  return walk(root, { keep: (file) => matches(shown(file)), depth }, out).map(shown);
}

export function expandInputs(inputs: string[]): InputList {
  const out: InputList = { files: [], problems: [], loops: [], duplicates: [] };
  const seen = new Set<string>();
  /** Found under a folder or by a glob: a second path to a file already listed is skipped quietly. */
  const add = (file: string, given: boolean) => {
    const key = file === STDIN ? STDIN : (realPath(file) ?? path.resolve(file));
    if (seen.has(key)) {
      if (given) out.duplicates.push(file);
      return;
    }
    seen.add(key);
    out.files.push(file);
  };
  for (const input of inputs) {
    if (input === STDIN) {
      add(STDIN, true);
      continue;
    }
    let stat: fs.Stats | undefined;
    let failure: unknown;
    try {
      stat = fs.statSync(input);
    } catch (err) {
      failure = err;
    }
    if (stat?.isDirectory()) {
      const before = out.problems.length;
      const found = textFilesUnder(input, out);
      if (found.length === 0 && out.problems.length === before) out.problems.push({ input, message: 'folder holds no .txt files' });
      for (const file of found) add(file, false);
    } else if (stat) {
      add(input, true);
    } else if (picomatch.scan(input).isGlob) {
      const found = globFiles(input, out);
      if (found.length === 0) out.problems.push({ input, message: 'no files match this pattern' });
      for (const file of found) add(file, false);
    } else {
      const code = (failure as NodeJS.ErrnoException | undefined)?.code;
      out.problems.push({ input, message: code === 'ENOENT' ? 'no such file or folder' : reason(failure) });
    }
  }
  return out;
}

/** Whether a document is read as a stream (standard input, a FIFO, a device) rather than as a file of known size. */
export function isStreamed(file: string): boolean {
  if (file === STDIN) return true;
  try {
    return !fs.statSync(file).isFile();
  } catch {
    return false; // the worker reports why it cannot be read
  }
}

/**
 * Turns what the user typed into a list of documents: files, folders (their `*.txt`,
 * recursively), globs the tool expands itself (so quoted patterns work where no shell
 * expands them), and `-` for standard input.
 */
import * as fs from 'fs';
import * as path from 'path';
import fg from 'fast-glob';

export const STDIN = '-';

export interface InputList {
  /** Documents in the order given; folders and globs sorted. */
  files: string[];
  /** Inputs that named nothing, with the reason. */
  problems: Array<{ input: string; message: string }>;
  /** Paths that came up more than once and are read once. */
  duplicates: string[];
}

function looksLikeGlob(input: string): boolean {
  return fg.isDynamicPattern(input);
}

function textFilesUnder(dir: string): string[] {
  const pattern = fg.convertPathToPattern(dir) + '/**/*.txt';
  return fg.sync(pattern, { onlyFiles: true, dot: false, followSymbolicLinks: true, caseSensitiveMatch: false }).sort();
}

export function expandInputs(inputs: string[]): InputList {
  const out: InputList = { files: [], problems: [], duplicates: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = file === STDIN ? STDIN : path.resolve(file);
    if (seen.has(key)) {
      out.duplicates.push(file);
      return;
    }
    seen.add(key);
    out.files.push(file);
  };
  for (const input of inputs) {
    if (input === STDIN) {
      add(STDIN);
      continue;
    }
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = textFilesUnder(input);
      if (found.length === 0) out.problems.push({ input, message: 'folder holds no .txt files' });
      found.forEach(add);
    } else if (stat) {
      add(input);
    } else if (looksLikeGlob(input)) {
      const found = fg.sync(input, { onlyFiles: true, dot: false }).sort();
      if (found.length === 0) out.problems.push({ input, message: 'no files match this pattern' });
      found.forEach(add);
    } else {
      out.problems.push({ input, message: 'no such file or folder' });
    }
  }
  return out;
}

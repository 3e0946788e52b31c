/** One plain phrase for a file-system error, wherever it was met (reading, walking, writing). */

const PHRASES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EPIPE: 'the reader closed the pipe',
};

/** The phrase for `err`'s code; `where` words some codes for the place they were met (`ENOENT` on an output: its folder). */
export function describeFsError(err: unknown, where: Record<string, string> = {}): string {
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? '';
  return where[code] ?? PHRASES[code] ?? e.code ?? e.message;
}

/** Why a document could not be read. */
export const describeReadError = (err: unknown): string => describeFsError(err);

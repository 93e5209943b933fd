/**
 * An fs error in words for the messages that name the file themselves
 * (`cannot write FILE: no space left on device`). Its own module, because
 * the entry bundle (stdio.ts, loaded by `--help` too) needs it as well as
 * the output layer.
 */
import { errnoCode, errorMessage } from '../errno.js';

/** An fs error in the words of `cannot write FILE: …` ("no such directory", "is a directory"): no errno codes, no paths. */
export function reason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT': return 'no such directory';
    case 'EISDIR': return 'is a directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a parent is not a directory';
    case 'ENOSPC': return 'no space left on device';
    case 'EROFS': return 'read-only file system';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENXIO': return 'a FIFO that no process is reading';
    case 'ENAMETOOLONG': return 'file name too long';
    // (the temporary file of -o takes the next name when one is in the way: src/cli/output.ts openTemporary)
    case 'EEXIST': return 'file exists';
    default: return withoutPaths(err);
  }
}

/**
 * An fs error's message without the paths node appends ("EIO: i/o error,
 * write '/x/.r.json.41.tmp'" → "i/o error"): the path may be the temporary
 * file's, which the user never named. Node builds such a message as
 * `CODE: description, syscall[ 'path'][ -> 'dest']`.
 */
function withoutPaths(err: unknown): string {
  const message = errorMessage(err);
  const syscall = typeof err === 'object' && err !== null && 'syscall' in err && typeof err.syscall === 'string' ? err.syscall : undefined;
  const code = errnoCode(err);
  if (syscall === undefined || code === '') return message;
  const cut = message.lastIndexOf(`, ${syscall}`);
  const head = cut < 0 ? message : message.slice(0, cut);
  return head.startsWith(`${code}: `) ? head.slice(code.length + 2) : head;
}

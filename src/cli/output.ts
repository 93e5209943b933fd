/**
 * Writing a report to a file (`-o`), which must never destroy an input:
 *
 * - a file that is one of the inputs (the same device and inode, so a hard
 *   link or a symbolic link to an input counts, whatever its name) is refused;
 * - a symbolic link is written through: its target is replaced, the link stays;
 * - an existing file keeps its permission bits;
 * - a regular file is replaced atomically (a temporary file beside it, then
 *   rename), so a reader never sees half a report;
 * - a character device (/dev/null, /dev/stdout on a terminal) is written
 *   directly; a FIFO too, but only if a reader has it open (otherwise the
 *   write would block forever); a directory or socket is refused.
 *
 * Synchronous, like the rest of the CLI's file access (see files.ts).
 */
import {
  closeSync, constants, fchmodSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync,
  type BigIntStats, type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { errnoCode, errorMessage } from '../errno.js';

/** The identity of a file: device and inode, exact (bigint: inode numbers can exceed 2^53). */
export type FileId = `${bigint}:${bigint}`;

export function fileId(info: BigIntStats): FileId {
  return `${info.dev}:${info.ino}`;
}

/** Identities of the files the command reads, keyed to the name to show for each. */
export function inputIds(files: readonly string[]): Map<FileId, string> {
  const ids = new Map<FileId, string>();
  for (const file of files) {
    try {
      const id = fileId(statSync(file, { bigint: true }));
      if (!ids.has(id)) ids.set(id, file);
    } catch {
      // unreadable inputs are reported by the loader; they cannot be overwritten through a name we cannot stat either
    }
  }
  return ids;
}

/** Why a report cannot be written, in words (no temporary file names). */
export class OutputError extends Error {}

function reason(err: unknown): string {
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
    default: return errorMessage(err);
  }
}

/**
 * The path a write to `path` lands on: `path` itself, or the final target of
 * a chain of symbolic links (which may not exist yet: a dangling link is
 * written through as well).
 */
function finalTarget(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let info: Stats;
    try {
      info = lstatSync(current);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return current;
      throw err;
    }
    if (!info.isSymbolicLink()) return current;
    const link = readlinkSync(current);
    current = isAbsolute(link) ? link : join(dirname(current), link);
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

function writeFd(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off);
}

/** Where and how a report will be written, checked before any work is done. */
export interface OutputPlan {
  readonly target: string;
  /** the file there now, if any */
  readonly existing: BigIntStats | undefined;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof OutputError) throw err;
    throw new OutputError(reason(err));
  }
}

function statOrUndefined(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

/**
 * Checks `-o PATH` against the inputs (device and inode) and the kind of
 * file there: run before the replay, so a refused output costs nothing.
 * Throws OutputError with a short reason.
 */
export function planOutput(path: string, inputs: ReadonlyMap<FileId, string>): OutputPlan {
  return guard(() => {
    if (path.endsWith('/')) throw new OutputError('is a directory');
    // A link to a pipe or a terminal (/dev/stdout, /proc/self/fd/1 on a pipe, whose target
    // "pipe:[…]" is no path): written through the link, as a FIFO or device is
    const through = statOrUndefined(path);
    if (through !== undefined && (through.isFIFO() || through.isCharacterDevice())) return { target: path, existing: through };
    // a socket (node's own 'pipe' stdio is a socket pair) cannot be opened by name at all
    if (through !== undefined && (through.isSocket() || through.isBlockDevice())) throw new OutputError('is not a regular file (a socket or block device)');
    const target = finalTarget(path);
    let existing: BigIntStats | undefined;
    try {
      existing = statSync(target, { bigint: true });
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    if (existing !== undefined) {
      const input = inputs.get(fileId(existing));
      if (input !== undefined) throw new OutputError(input === path ? 'it is an input of this run' : `it is the same file as the input ${input}`);
      if (existing.isDirectory()) throw new OutputError('is a directory');
      if (!existing.isFile() && !existing.isCharacterDevice() && !existing.isFIFO()) throw new OutputError('is not a regular file (a socket or block device)');
    }
    return { target, existing };
  });
}

/** Writes `text` as planned (see the top of this file). Throws OutputError with a short reason. */
export function writeReport(plan: OutputPlan, text: string): void {
  guard(() => {
    const { target, existing } = plan;
    if (existing !== undefined && (existing.isCharacterDevice() || existing.isFIFO())) {
      // O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of blocking the run
      const fd = openSync(target, constants.O_WRONLY | (existing.isFIFO() ? constants.O_NONBLOCK : 0));
      try {
        writeFd(fd, text);
      } finally {
        closeSync(fd);
      }
      return;
    }
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    try {
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
      try {
        writeFd(fd, text);
        // the replaced file's permission bits, not the umask's
        if (existing !== undefined) fchmodSync(fd, Number(existing.mode & 0o7777n));
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  });
}

/**
 * How composing reads the files a scenario `extends`: the one piece of I/O
 * the loader needs, injected so that loading stays pure and testable. The
 * file system (fs-reader.ts) and `git show REV:path` (src/cli/git-reader.ts)
 * are readers; tests use an in-memory one.
 */
import { posix } from 'node:path';
import type { InputProblem } from '../problems.js';

/**
 * A file's text, or why it cannot be read. `line`/`col` (1-based) when the
 * reason is at a place in the file (its first byte that is not UTF-8), absent
 * when it is about the file as a whole (missing, a directory, too large).
 */
export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string; readonly line?: number; readonly col?: number };

/** The problem of a file that could not be read, placed at line:col when the reason has a place. */
export function readProblem(file: string, read: Extract<ReadResult, { ok: false }>): InputProblem {
  return read.line === undefined ? { file, message: read.reason } : { file, line: read.line, col: read.col ?? 1, message: read.reason };
}

export interface FileReader {
  /**
   * The name of the file `rel` refers to when written in `extends:` of the
   * file `from` (relative to its directory). Names are what reports print:
   * paths stay as relative as the user's, never made absolute.
   */
  resolve(from: string, rel: string): string;
  /** The file's text, or why it cannot be read ("no such file or directory"). */
  read(name: string): ReadResult;
  /**
   * What makes two names the same file, when names can differ for one file
   * (a symbolic link, `a/../b.yaml`): the file system's device and inode.
   * Optional: without it a name is its own identity. undefined when the
   * name does not exist.
   */
  identity?(name: string): string | undefined;
  /**
   * Why `rel`, written in `extends:` of `from`, was not found where the file system would have found it, or
   * undefined: a phrase to add to "cannot read NAME: no such file or directory" when `from` was named through
   * a symbolic link followed by `..`, which resolve() takes as text (break-209 F8). Optional.
   */
  missingNote?(from: string, rel: string): string | undefined;
  /**
   * The scenario files (*.yaml, *.yml) beside `name`, by base name, for a did-you-mean on a base that is not
   * there (`extends: base_efi.yaml` beside base-efi.yaml); at most a bounded number, in no set order.
   * Optional: a reader that cannot list a directory (git) offers none; undefined when the directory cannot
   * be read or may not be (a base outside the places extends: may read).
   */
  siblings?(name: string): readonly string[] | undefined;
}

/** `rel` relative to the directory of `from`, with `/` separators and no `./` or `x/../`. */
export function relativeTo(from: string, rel: string): string {
  if (posix.isAbsolute(rel)) return posix.normalize(rel);
  return posix.normalize(posix.join(posix.dirname(from), rel));
}

/** For text loaded without a file system (parseScenario): `extends` cannot be followed. */
export const NO_READER: FileReader = {
  resolve: relativeTo,
  read: () => ({ ok: false, reason: 'this text was loaded without access to files (use loadScenarioFile)' }),
};

/** An in-memory reader over name → text (tests, benches). */
export function memoryReader(files: Readonly<Record<string, string>>): FileReader {
  return {
    resolve: relativeTo,
    read: (name) => (Object.hasOwn(files, name) ? { ok: true, text: files[name] ?? '' } : { ok: false, reason: 'no such file or directory' }),
  };
}

/**
 * Scenario files at a git revision, `REV:path`, read through `git cat-file`
 * (so a CI job can diff a scenario against the last commit). Paths are
 * taken relative to the current directory, as for any other argument; the
 * bases such a file extends are read at the same revision.
 */
import { execFileSync } from 'node:child_process';
import { isAbsolute, relative } from 'node:path';
import { relativeTo, type FileReader, type ReadResult } from '../scenario/compose/reader.js';
import { decodeText } from '../scenario/files.js';
import { errnoCode } from '../errno.js';
import { DEFAULT_LIMITS, limitMessage } from '../scenario/limits.js';

/** `HEAD~1:scenarios/x.yaml` → its revision and path; null when the text is not of that form. */
export function splitRevPath(text: string): { rev: string; path: string } | null {
  const m = /^([^:\s]+):(.+)$/.exec(text);
  return m === null || m[1] === undefined || m[2] === undefined ? null : { rev: m[1], path: m[2] };
}

function gitError(err: unknown): string {
  if (errnoCode(err) === 'ENOENT') return 'git is not installed (needed to read REV:path)';
  // more output than maxBuffer: the blob is over the size limit, and was not kept
  if (errnoCode(err) === 'ENOBUFS') return limitMessage('max-file-bytes', DEFAULT_LIMITS.maxFileBytes, 'too large');
  const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : '';
  const line = stderr.split('\n').find((l) => l.trim() !== '') ?? 'git failed';
  return line.replace(/^fatal: /, '');
}

/** git's output, at most one byte more than a scenario file may have (the size limit holds for REV:path too). */
function git(args: readonly string[]): Buffer {
  return execFileSync('git', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: DEFAULT_LIMITS.maxFileBytes + 1 });
}

/** A reader of files at one revision; names are written `REV:path`. */
export function gitReader(rev: string): FileReader {
  // a revision is never an option: `--output=x:y.yaml` must not reach git as --output
  const badRev = rev.startsWith('-') ? `${rev}: not a revision (it starts with -)` : undefined;
  let top: string | undefined;
  const spec = (path: string): string => {
    if (!isAbsolute(path)) return `${rev}:./${path.replace(/^\.\//, '')}`;
    top ??= git(['rev-parse', '--show-toplevel']).toString('utf8').trim();
    return `${rev}:${relative(top, path)}`;
  };
  return {
    resolve: (from, rel) => `${rev}:${relativeTo(splitRevPath(from)?.path ?? from, rel)}`,
    read(name: string): ReadResult {
      const path = splitRevPath(name)?.path ?? name;
      if (badRev !== undefined) return { ok: false, reason: badRev };
      try {
        const object = spec(path);
        // `git show` of a tree lists its entries, which would then be read as YAML
        const type = git(['cat-file', '-t', object]).toString('utf8').trim();
        if (type !== 'blob') return { ok: false, reason: `is a ${type === 'tree' ? 'directory' : type} at ${rev}, not a file` };
        return decodeText(git(['cat-file', 'blob', object]));
      } catch (err) {
        return { ok: false, reason: gitError(err) };
      }
    },
  };
}

/**
 * Scenario files at a git revision, `REV:path`, read through `git ls-tree`
 * and `git cat-file` (so a CI job can diff a scenario against the last
 * commit). Paths are taken relative to the current directory, as for any
 * other argument (git show's `REV:path` is relative to the top of the
 * repository); the bases such a file extends are read at the same revision.
 */
import { execFileSync } from 'node:child_process';
import { splitRevPath } from './rev-path.js';
import { isAbsolute, posix, relative } from 'node:path';
import { relativeTo, type FileReader, type ReadResult } from '../scenario/compose/reader.js';
import { physicalPath } from './cwd.js';
import { decodeText } from '../scenario/files.js';
import { errnoCode } from '../errno.js';
import { quoteText } from '../escape.js';
import { DEFAULT_LIMITS, limitMessage } from '../scenario/limits.js';

/**
 * An absolute path in git's words (`'/home/u/repo'`, quoted or not) as a
 * path relative to the current directory, as the user's own paths are shown:
 * output carries no absolute path (it would differ between machines and
 * leak a home directory into CI logs).
 */
function withoutAbsolutePaths(text: string): string {
  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  return text
    .replace(/(['"])(\/[^'"]*)\1/g, (_m, q: string, p: string) => `${q}${rel(p)}${q}`)
    // a bare path ends before the punctuation git puts after it ("cannot change to /x/y: …")
    .replace(/(^|\s)(\/[^\s'"]*?)(?=[:;,.]?(?:\s|$))/g, (_m, pre: string, p: string) => `${pre}${rel(p)}`);
}

/**
 * git's first line of complaint, in the project's words where git's own
 * would mislead or name an absolute path. "'../a.yaml' is outside repository
 * at '/home/u/repo'" is about how REV:path is read here (relative to the
 * current directory, inside the repository), so it is said that way.
 */
export function gitFailureText(stderr: string): string {
  const line = (stderr.split('\n').find((l) => l.trim() !== '') ?? 'git failed').replace(/^fatal: /, '');
  if (/ is outside repository/.test(line)) {
    return 'the path is outside the repository; REV:path names a file relative to the current directory, inside the repository';
  }
  return withoutAbsolutePaths(line);
}

function gitError(err: unknown): string {
  if (errnoCode(err) === 'ENOENT') return 'git is not installed (needed to read REV:path)';
  // more output than maxBuffer: the blob is over the size limit, and was not kept
  if (errnoCode(err) === 'ENOBUFS') return limitMessage('max-file-bytes', DEFAULT_LIMITS.maxFileBytes, 'too large');
  return gitFailureText(typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : '');
}

/** git's output, at most one byte more than a scenario file may have (the size limit holds for REV:path too). */
function git(args: readonly string[]): Buffer {
  return execFileSync('git', args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: DEFAULT_LIMITS.maxFileBytes + 1 });
}

/** Whether a path can only name a directory: it ends with `/`, `/.` or `/..`, or is `.` or `..`. */
function namesDirectory(path: string): boolean {
  return /(^|\/)(\.{1,2})?$/.test(path);
}

/** A reader of files at one revision; names are written `REV:path`. */
export function gitReader(rev: string): FileReader {
  // a revision is never an option: `--output=x:y.yaml` must not reach git as --output
  const badRev = rev.startsWith('-') ? `${rev}: not a revision (it starts with -)` : undefined;
  let top: string | undefined;
  let prefix: string | undefined;
  /**
   * The tree entry that `path` names, 'directory' for the top of the tree, 'not-a-directory' when `path` ends
   * with `/` and names a file, or undefined when it names nothing.
   * The type is read from the entry itself (ls-tree of its name without a trailing `/`: one line, whatever the
   * entry holds), never guessed from a listing of a directory's contents: `many/` listed its 3,000 names, which
   * overflowed the read and was reported as the size of a file (break-270 N3).
   */
  const entry = (path: string): { mode: string; type: string; oid: string } | 'directory' | 'not-a-directory' | undefined => {
    // asked: the path from the top of the tree; how git itself was asked, for its own complaint when it lies outside
    let asked: string;
    let gitArgs: string[];
    // literal pathspecs: a name with * or ? is a name, not a pattern
    if (!isAbsolute(path)) {
      // compared from the top of the tree: relative to the current directory, ls-tree prints
      // `../x86/a.yaml` asked from s/x86 as `a.yaml`, which read as another entry made it "a directory" (break-252 F1)
      prefix ??= git(['rev-parse', '--show-prefix']).toString('utf8').trim();
      asked = posix.normalize(`${prefix}${path}`);
      gitArgs = ['--literal-pathspecs', 'ls-tree', '-z', '--full-name', rev, '--', path];
    } else {
      top ??= git(['rev-parse', '--show-toplevel']).toString('utf8').trim();
      // git's top is physical; the path may run through a link (a logical $PWD, macOS's /tmp)
      const inTop = relative(top, physicalPath(path) ?? path);
      asked = posix.normalize(inTop);
      gitArgs = ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', rev, '--', inTop];
    }
    const name = asked.replace(/\/+$/, '');
    if (name === '..' || name.startsWith('../')) {
      // outside the repository: git refuses it (gitFailureText words that), printing nothing
      git(gitArgs);
      return undefined;
    }
    if (name === '.' || name === '') {
      // the top of the tree, when the revision names one; otherwise ls-tree fails with git's own words about the revision
      if (revisionHasTree()) return 'directory';
      git(['ls-tree', rev]);
      return undefined;
    }
    const listing = git(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', rev, '--', name]).toString('utf8');
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(listing.split('\0')[0] ?? '');
    if (m === null) return undefined;
    const [, mode, type, oid, at] = m as unknown as [string, string, string, string, string];
    if (at !== name) return undefined;
    // `a.yaml/` names a directory; a file there is not one (as open() says ENOTDIR)
    if (namesDirectory(path) && type !== 'tree') return 'not-a-directory';
    return type === 'tree' ? 'directory' : { mode, type, oid };
  };
  /** Whether the revision names a commit or tree (so `REV:.` is its top directory). */
  const revisionHasTree = (): boolean => {
    try {
      git(['rev-parse', '--verify', '--quiet', `${rev}^{tree}`]);
      return true;
    } catch {
      return false;
    }
  };
  return {
    resolve: (from, rel) => `${rev}:${relativeTo(splitRevPath(from)?.path ?? from, rel)}`,
    read(name: string): ReadResult {
      const path = splitRevPath(name)?.path ?? name;
      if (badRev !== undefined) return { ok: false, reason: badRev };
      try {
        // ls-tree, not `git show REV:path`: that prints a directory's entries and a symbolic
        // link's target as if they were the file's text, which would then be read as YAML
        const e = entry(path);
        if (e === undefined) return { ok: false, reason: `no such file at ${rev}` };
        if (e === 'directory') return { ok: false, reason: `is a directory at ${rev}, not a file` };
        if (e === 'not-a-directory') return { ok: false, reason: `is a file at ${rev}, not a directory: a trailing / names a directory (leave out the /)` };
        const { mode, type, oid } = e;
        if (type === 'commit') return { ok: false, reason: `is a submodule at ${rev}, not a file` };
        if (mode === '120000') {
          const target = git(['cat-file', 'blob', oid]).toString('utf8');
          return { ok: false, reason: `is a symbolic link at ${rev} (to ${quoteText(target.slice(0, 200))}); name the file it links to` };
        }
        return decodeText(git(['cat-file', 'blob', oid]));
      } catch (err) {
        return { ok: false, reason: gitError(err) };
      }
    },
  };
}

/**
 * The file side of loading: which files the CLI arguments name, and reading
 * one scenario file. Nothing here throws on bad input: every failure becomes
 * an InputProblem, so the CLI can report them all and exit 2.
 *
 * Only regular files are read. A FIFO named *.yaml would block the read
 * forever, a link to /dev/zero would never end, a socket cannot be read at
 * all: such paths are named with what they are and skipped, whether they
 * come from the command line or from a directory walk. A file is opened
 * without blocking (O_NONBLOCK, so even a FIFO swapped in after the walk
 * cannot hang the open), checked with fstat on the open descriptor (type and
 * size, before reading a byte), and read up to the size limit only.
 *
 * Synchronous on purpose: the CLI reads its files one after the other either
 * way, and node:fs/promises costs about a millisecond and a half of start-up.
 */
import { closeSync, constants, fstatSync, lstatSync, opendirSync, openSync, readSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, posix, resolve } from 'node:path';
import { TextDecoder } from 'node:util';
import { errnoCode, errorMessage } from '../errno.js';
import { noteInputRead } from '../inputs-read.js';
import { logicalCwd } from '../cli/cwd.js';
import { composeLoading, composeScenario, type ComposeResult } from './compose/compose.js';
import { readProblem, relativeTo, type FileReader, type ReadResult } from './compose/reader.js';
import { DEFAULT_LIMITS, limitMessage, REPORT_LIMITS, type Limits } from './limits.js';
import { single, type LoadResult } from './loader.js';
import type { InputProblem } from './problems.js';
import { firstInvalidUtf8 } from './text-position.js';
import { commandLineWalk, confinedWalk, within } from './confined.js';
import { sizeAgainstLimit } from '../units.js';

import { SCENARIO_FILE } from './compose/chain.js';

/**
 * Scenario files are opened non-blocking (a FIFO or a terminal would block
 * the read forever) and read only when fstat says they are regular files:
 * never a device, a FIFO, a socket or a directory.
 */
const IS_DIRECTORY = 'is a directory, not a scenario file';

/**
 * A short reason for an fs error, in the words of the C library's strerror(), or for the errors a plain
 * read of a special file gives (EIO, EINVAL, EAGAIN) what they mean here; any other code is Node's text
 * after "cannot read: ". Exported for its tests: a real EAGAIN needs /proc/kmsg, whose read consumes the
 * kernel's log.
 */
export function ioReason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return IS_DIRECTORY;
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENXIO':
      return 'not a regular file (a device or socket with nothing behind it); not read';
    case 'ENAMETOOLONG':
      return 'file name too long (a path holds at most 4,095 bytes, a name 255)';
    case 'EIO':
      return 'an I/O error while reading it (EIO: the device or file system failed it); not read';
    case 'EINVAL':
      // /proc/self/pagemap and the like: the kernel takes no plain read of them (helper-183 7: Node's raw text)
      return 'cannot be read as a file (EINVAL: the kernel refuses a plain read of it); not read';
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      // a file stat calls regular whose read waits for data (/proc/kmsg): opened non-blocking, the read fails
      // instead of hanging (break-201 F6: Node's raw "EAGAIN: resource temporarily unavailable, read")
      return 'has nothing to read now (EAGAIN: a file whose read waits for data, such as /proc/kmsg); not read';
    case 'ERR_INVALID_ARG_VALUE':
      // Node's own text names its API ("The argument 'path' must be … without null bytes")
      return 'no such file: a path cannot hold a NUL character (\\x00)';
    default:
      return `cannot read: ${errorMessage(err)}`;
  }
}

/** What a file that is not a regular file is, for "not a regular file (a FIFO); not read". */
export function fileKind(info: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isSymbolicLink' | 'isFile'>): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return info.isFile() ? 'a regular file' : 'an unknown kind of file';
}

/**
 * Why stat() of a path failed, where a dangling link is named as one: "no
 * such file or directory" for `broken.yaml -> nowhere.yaml`, which `ls` lists,
 * would read like a file that vanished.
 */
function statReason(err: unknown, viaLink: boolean): string {
  const code = errnoCode(err);
  return viaLink && (code === 'ENOENT' || code === 'ENOTDIR') ? DANGLING : ioReason(err);
}

const DANGLING = 'a symbolic link whose target does not exist; not read';

/**
 * `-` as an input: `-o -` is standard output, but inputs are files (extends:, positions); a file named - is read.
 * Exported for merge, which reads no directory and says what to give instead (break-253 N4).
 */
/** What `-` as an input is told; `advice`: what to give instead (merge reads no directories). */
export function notStdin(advice = 'give a file or a directory'): string {
  return `no such file or directory: inputs are read from files, not from standard input; ${advice}`;
}
export const NOT_STDIN = notStdin();

/**
 * Why open() failed: a socket (ENXIO) is named as what stat() says it is, as a path on the command line is
 * ("not a regular file (a socket)"; helper-183 7: extends: and --baseline said "a device or socket with
 * nothing behind it"); else ioReason.
 */
function openReason(file: string, err: unknown): string {
  // every command that reads a file says what `-` is not (helper-184 6: only run, trace, layout and steps did)
  if (file === '-' && errnoCode(err) === 'ENOENT') return NOT_STDIN;
  // a dangling link (extends:, --baseline, merge) is said as on the command line, not "no such file": the
  // baseline's "write one with --update-baseline" would be wrong advice for a link that leads out (refused there)
  if (errnoCode(err) === 'ENOENT' && isLink(file)) return DANGLING;
  // `sock.yaml/`, `f.yaml/x.yaml` in any command (helper-186 7: only run, trace, layout and steps said what is there)
  if (errnoCode(err) === 'ENOTDIR') {
    const said = notDirectoryReason(file);
    if (said !== undefined) return said;
  }
  if (errnoCode(err) === 'ENXIO') {
    try {
      return notRegular(statSync(file), isLink(file));
    } catch {
      // gone meanwhile: the open's own reason
    }
  }
  return ioReason(err);
}

function notRegular(info: Stats, viaLink: boolean): string {
  return `not a regular file (${fileKind(info)}${viaLink ? ', through a symbolic link' : ''}); not read`;
}

/** "576 MiB", "1.5 GiB"; below 2 MiB exact bytes (tooLarge prints exact bytes too where the rounded size would read like the limit itself) */
function sizeText(bytes: number): string {
  if (bytes >= 2 ** 30) return `${Number((bytes / 2 ** 30).toFixed(1))} GiB`;
  if (bytes >= 2 * 2 ** 20) return `${Number((bytes / 2 ** 20).toFixed(1))} MiB`;
  return `${bytes} bytes`;
}

/** What readRegularFile reads: what it is called in messages, and the byte limit that bounds it. */
export interface FileKind {
  /** "a scenario file", "a JSON report": "is a directory, not …" */
  readonly noun: string;
  readonly limit: 'max-file-bytes' | 'max-report-bytes';
  readonly maxBytes: number;
}

/** A scenario file, bounded by max-file-bytes. */
export function scenarioFile(limits: Limits = DEFAULT_LIMITS): FileKind {
  return { noun: 'a scenario file', limit: 'max-file-bytes', maxBytes: limits.maxFileBytes };
}

/** A JSON report read back (a baseline, a shard report), bounded by max-report-bytes. */
export const JSON_REPORT: FileKind = { noun: 'a JSON report', limit: 'max-report-bytes', maxBytes: REPORT_LIMITS.maxReportBytes };

/** "too large: 576 MiB (limit 128 KiB, max-file-bytes; …)" */
function tooLarge(bytes: number | undefined, kind: FileKind): string {
  return limitMessage(kind.limit, kind.maxBytes, bytes === undefined ? 'too large' : `too large: ${sizeAgainstLimit(bytes, kind.maxBytes, sizeText)}`);
}

/** Byte order of the UTF-8 path: the same on every machine and locale. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A directory entry's name as text, or undefined when its bytes are not UTF-8. */
function utf8Name(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A directory to read: its path to open, and its path relative to the directory walked ('' for that one). */
interface Pending {
  readonly path: string;
  readonly rel: string;
}

/** One walk of a directory named on the command line. */
interface Walk {
  /** the directory as the user wrote it (no trailing slash), for the paths reported */
  readonly dir: string;
  /** `dir` with every symbolic link resolved: what a link may lead into */
  readonly rootReal: string;
  /** the current directory, resolved: a link may lead there too, as `extends:` may (leadsInside) */
  readonly cwdReal: string | undefined;
  readonly problems: InputProblem[];
  /** scenario files found, relative to `dir` */
  readonly found: string[];
  /** `dev:ino` of each directory read: a directory reached by two paths (a link, a link cycle) is read once */
  readonly visited: Set<string>;
  /**
   * Directories to read, as stacks (a deep tree must not overflow the call
   * stack). Those reached through a link wait until no other is left, so a
   * directory reached both ways is listed under its own path.
   */
  readonly direct: Pending[];
  readonly linked: Pending[];
  /** entries read so far, all directories together (max-walk-entries) */
  entries: number;
}

/** A path below the directory walked, as reported: `dir/rel` (`rel` below `.`, which no path spells `./x`). */
function walkPath(walk: Walk, rel: string): string {
  return below(walk.dir, rel);
}

/** `rel` below `dir`: `dir/rel`, `/rel` below `/`, `rel` below `.`; `dir` itself for ''. */
function below(dir: string, rel: string): string {
  if (rel === '') return dir;
  if (dir === '.') return rel;
  return dir === '/' ? `/${rel}` : `${dir}/${rel}`;
}

/**
 * Whether the link at `path` may be followed: once resolved, it leads into
 * the directory walked (a link to it counts: it is read once), or elsewhere
 * into the current directory, as `extends:` may (outsideReason: a repository
 * whose scenarios/x86 links to ../kernel-scenarios/x86, run from its top),
 * but not to a directory that holds the one walked (`up -> ..` would walk
 * the tree again, and all of the current directory with it).
 */
function leadsInside(walk: Walk, path: string): boolean {
  const real = realPath(path);
  if (real === undefined) return false;
  if (within(walk.rootReal, real)) return true;
  return walk.cwdReal !== undefined && within(walk.cwdReal, real) && !within(real, walk.rootReal);
}

/**
 * Why a link found by the walk is not followed. A scenario tree comes from a
 * pull request: a link in it to /etc or /home/runner would have the report
 * quote other files of the runner, a link to /proc or to an ancestor would
 * walk the whole machine. The policy of `extends:` (outsideReason); what the
 * user names on the command line is read wherever it is. One text whatever
 * the target is: the walk decides without looking outside (confinedWalk), so
 * a missing target, a file and a directory out there read the same (break-255 F2).
 */
function outsideWalk(walk: Walk): string {
  const dir = walk.dir.endsWith('/') ? walk.dir : `${walk.dir}/`;
  return `a symbolic link that leads outside ${dir} (the directory walked) and outside the current directory, or to a directory that holds ${dir}; `
    + 'not followed (nor is what it leads to looked at), so that a scenario tree cannot show parts of other files on the machine, nor be walked twice; name its target on the command line to read it';
}

/**
 * Whether the link `name` in the directory `at` leads out of the directories a walk may enter (the one
 * walked, the current directory), decided by looking at those only (confinedWalk), before the link is
 * followed: stat() of its target would tell a missing target from a file from a directory out there.
 */
function linkLeavesWalk(walk: Walk, at: Pending, name: string): boolean {
  const from = realPath(at.path);
  if (from === undefined) return false;
  const allowed = [walk.rootReal, walk.cwdReal].filter((d): d is string => d !== undefined);
  return confinedWalk(from, [name], allowed).kind === 'outside';
}

/**
 * Reads one directory's entries, sorted by the bytes of their names (the
 * order of readdir differs between file systems, and which of two links to
 * one directory is walked must not), or undefined when it was read before
 * or cannot be read (then a problem says why).
 */
function readDirectory(walk: Walk, { path, rel }: Pending): Dirent<Buffer>[] | undefined {
  try {
    const info = statSync(path, { bigint: true });
    const id = `${info.dev}:${info.ino}`;
    if (walk.visited.has(id)) return undefined;
    walk.visited.add(id);
    // names as bytes: a name that is not UTF-8 would otherwise come back with U+FFFD in it, and be missing
    return readdirSync(path, { withFileTypes: true, encoding: 'buffer' }).sort((a, b) => Buffer.compare(a.name, b.name));
  } catch (err) {
    walk.problems.push({ file: walkPath(walk, rel), message: ioReason(err) });
    return undefined;
  }
}

const NODE_MODULES = Buffer.from('node_modules');

/**
 * Whether a walk passes over an entry without a word: a hidden one (`.git`,
 * `.github/workflows/*.yml`, `.gitlab-ci.yml`: YAML that is no scenario, and
 * a CI workflow is the first *.yml a repository holds) or `node_modules`
 * (packages' own YAML), as git and most linters leave them out. Only below a
 * directory walked: a path named on the command line is read, hidden or not.
 * By the bytes of the name, so a hidden name that is not UTF-8 is passed over too.
 */
function unwalked(name: Buffer): boolean {
  return name[0] === 0x2e || name.equals(NODE_MODULES);
}

/**
 * Takes one entry of the directory `at`: a scenario file is found, a
 * directory is queued, anything else named like a scenario (a FIFO, a
 * device, a link out of the tree, a dangling link) is reported and skipped.
 * Returns the subdirectory to walk, if the entry is one.
 */
function visitEntry(walk: Walk, at: Pending, entry: Dirent<Buffer>): { sub: Pending; viaLink: boolean } | undefined {
  if (unwalked(entry.name)) return undefined;
  const name = utf8Name(entry.name);
  if (name === undefined) {
    // A pull request can add such a name; the reports could not name it, nor this program open it by that name.
    const shown = new TextDecoder('utf-8').decode(entry.name);
    if (entry.isDirectory() || SCENARIO_FILE.test(shown)) {
      walk.problems.push({ file: walkPath(walk, at.rel === '' ? shown : `${at.rel}/${shown}`), message: `its name is not valid UTF-8 (${entry.name.toString('hex')} in hex), so reports cannot name it; not read: rename it` });
    }
    return undefined;
  }
  const sub = { path: `${at.path}/${name}`, rel: at.rel === '' ? name : `${at.rel}/${name}` };
  const named = SCENARIO_FILE.test(name);
  if (entry.isDirectory()) return { sub, viaLink: false };
  if (entry.isFile()) {
    if (named) walk.found.push(sub.rel);
    return undefined;
  }
  // A link (it may lead to a directory), or a file type readdir does not know.
  const viaLink = entry.isSymbolicLink();
  if (!viaLink && !named) return undefined;
  // whatever its name: a link to a directory of scenarios out there must not pass without a word, and whether it
  // is one cannot be asked without looking out there
  if (viaLink && linkLeavesWalk(walk, at, name)) {
    walk.problems.push({ file: walkPath(walk, sub.rel), message: outsideWalk(walk) });
    return undefined;
  }
  let info: Stats;
  try {
    info = statSync(sub.path);
  } catch (err) {
    // A dangling link matters only if it looks like a scenario.
    if (named) walk.problems.push({ file: walkPath(walk, sub.rel), message: statReason(err, viaLink) });
    return undefined;
  }
  if (info.isDirectory()) {
    if (!viaLink || leadsInside(walk, sub.path)) return { sub, viaLink };
    walk.problems.push({ file: walkPath(walk, sub.rel), message: outsideWalk(walk) });
  } else if (!named) {
    return undefined;
  } else if (!info.isFile()) {
    // what it is comes first, as for `extends:`: a link to /dev/zero is refused as a device
    walk.problems.push({ file: walkPath(walk, sub.rel), message: notRegular(info, viaLink) });
  } else if (viaLink && !leadsInside(walk, sub.path)) {
    walk.problems.push({ file: walkPath(walk, sub.rel), message: outsideWalk(walk) });
  } else {
    walk.found.push(sub.rel);
  }
  return undefined;
}

/**
 * Scenario files under `dir`, as paths relative to it with `/` separators,
 * in byte order, hidden entries and `node_modules` left out (unwalked); or undefined when the walk went over max-walk-entries
 * (then a problem says so, and no file of the tree is taken: a part of it
 * would be an arbitrary part).
 *
 * Symbolic links are followed only into `dir` itself or elsewhere in the
 * current directory (real paths, as `extends:` is kept in the tree), never
 * to a directory that holds `dir` (leadsInside): another link, to a
 * directory or to a scenario file, is reported and skipped (outsideWalk).
 * Each directory is read once, by device and inode, so a link to `dir` or a
 * link cycle inside it ends. Entries named like a scenario that are not regular files are
 * reported and skipped.
 */
function scenariosUnder(dir: string, problems: InputProblem[], limits: Limits): string[] | undefined {
  const rootReal = realPath(dir);
  if (rootReal === undefined) {
    problems.push({ file: dir, message: 'no such file or directory' });
    return [];
  }
  const walk: Walk = { dir, rootReal, cwdReal: realPath('.'), problems, found: [], visited: new Set(), direct: [{ path: dir, rel: '' }], linked: [], entries: 0 };
  for (let at = walk.direct.pop() ?? walk.linked.pop(); at !== undefined; at = walk.direct.pop() ?? walk.linked.pop()) {
    const entries = readDirectory(walk, at);
    if (entries === undefined) continue;
    // counted per directory read: one directory holds what its file system lets it hold, the tree is what is bounded
    walk.entries += entries.length;
    if (walk.entries > limits.maxWalkEntries) {
      problems.push({ file: dir, message: limitMessage('max-walk-entries', limits.maxWalkEntries, `the walk stopped after ${walk.entries} entries below this directory; none of its files is read`) });
      return undefined;
    }
    const direct: Pending[] = [];
    const linked: Pending[] = [];
    for (const entry of entries) {
      const next = visitEntry(walk, at, entry);
      if (next !== undefined) (next.viaLink ? linked : direct).push(next.sub);
    }
    // reversed, so that the stacks visit them in name order (the result is sorted anyway)
    for (let i = direct.length - 1; i >= 0; i--) walk.direct.push(direct[i] as Pending);
    for (let i = linked.length - 1; i >= 0; i--) walk.linked.push(linked[i] as Pending);
  }
  return walk.found.sort(byteOrder);
}

/**
 * Expands CLI arguments: a file is taken as it is (whatever its name); a
 * directory yields its *.yaml and *.yml files, recursively, in byte order of
 * their paths, but for those in hidden directories or node_modules (unwalked). Paths stay as the user wrote them (never made absolute), so
 * reports are the same on every machine, but normalised (argumentPath:
 * `./a.yaml` is `a.yaml`). A file is taken once, under the first name it
 * is met by, whatever other names (`tree/ treelink/`, a hard or symbolic
 * link in a tree) lead to it: by device and inode (`aliases`). A path that is neither a regular
 * file nor a directory (FIFO, socket, device, also through a link) is
 * reported and skipped. A path named here is read wherever its links lead
 * (the user chose it), but for one that lies, as written, in the current
 * directory: its links must not lead out of it (leavesCurrentDirectory; a
 * directory so refused is not walked). Links found by walking a directory
 * are followed only into it or elsewhere into the current directory (scenariosUnder).
 */
export async function expandInputs(args: readonly string[], limits: Limits = DEFAULT_LIMITS): Promise<Expanded> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const directories: string[] = [];
  const seen = new Set<string>();
  /** `dev:ino` → the name the file is read under */
  const read = new Map<string, string>();
  const aliases = new Map<string, string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const id = identity(file);
    const first = id === undefined ? undefined : read.get(id);
    if (first !== undefined) {
      // the same file under another name (`tree/ treelink/`, a link in the tree to a file of it): replayed
      // twice it would count twice, and land in a baseline twice
      aliases.set(file, first);
      return;
    }
    if (id !== undefined) read.set(id, file);
    files.push(file);
  };
  for (const given of args) {
    const arg = argumentPath(given);
    // a file or directory in the current directory that links lead out of: not read, nor walked
    const leaves = leavesCurrentDirectory(arg);
    if (leaves !== undefined) {
      problems.push({ file: arg, message: leaves });
      continue;
    }
    let info: Stats;
    try {
      info = statSync(arg);
    } catch (err) {
      // a scenario file the user named that a directory's mode keeps from being looked up is a file that cannot be
      // read, counted as one (invalid), as one whose own mode keeps it from being opened is (break-218 N2)
      if (errnoCode(err) === 'EACCES' && SCENARIO_FILE.test(arg)) {
        add(arg);
        continue;
      }
      // an empty argument is shown as the shell would quote it: ": no such file" names nothing
      problems.push({ file: argumentName(arg), message: argReason(arg, err) });
      continue;
    }
    if (info.isDirectory()) {
      const base = arg.length > 1 ? arg.replace(/\/+$/, '') : arg;
      const before = problems.length;
      const found = scenariosUnder(base, problems, limits);
      if (found === undefined) continue; // over max-walk-entries: the problem says so
      directories.push(base);
      // a directory that could not be read is said once, as that (break-216 F5: "no scenario files" too, unknown)
      const unread = problems.slice(before).some((p) => p.file === base || p.file === arg);
      if (found.length === 0 && !unread) problems.push({ file: arg, message: 'no scenario files (*.yaml, *.yml) in this directory' });
      for (const rel of found) add(below(base, rel));
    } else if (info.isFile()) {
      add(arg);
    } else {
      problems.push({ file: arg, message: notRegular(info, isLink(arg)) });
    }
  }
  return { files, problems, directories, ...(aliases.size > 0 ? { aliases } : {}) };
}

/** What the arguments name: the files to read, in order, each once, and the problems met. */
export interface Expanded {
  readonly files: string[];
  readonly problems: InputProblem[];
  /** the directory arguments whose scenario files were all read (as `files` names them below: no trailing `/`) */
  readonly directories: string[];
  /**
   * each name of a file that was dropped because the same file (device and
   * inode) was already taken under another, → that first name; left out when none was
   */
  readonly aliases?: ReadonlyMap<string, string>;
}

/** `dev:ino` of the file at `path` (links followed), or undefined when it cannot be stat()ed. */
export function identity(path: string): string | undefined {
  try {
    const info = statSync(path, { bigint: true });
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * An argument path as reports and baselines name it: `posix.normalize`d,
 * with no leading `./` and no trailing `/` (`./tree/a.yaml` is
 * `tree/a.yaml`, `tree//` is `tree`, `./` is `.`), so one file is not two
 * results under two spellings. The argument as given when it names nothing
 * (the problem then quotes it), or when the normalised path would name
 * another file: `link/../a.yaml` is read where `link` leads, as the kernel
 * resolves it. Costs two stat() calls, for an argument that is not normal only.
 */
export function argumentPath(arg: string): string {
  if (arg === '') return arg;
  let normal = posix.normalize(arg);
  if (normal.length > 1) normal = normal.replace(/\/+$/, '');
  if (normal === arg) return arg;
  // a `..` after a link, or a `/` after a file's name (`a.yaml/` names nothing), makes them differ
  const id = identity(arg);
  return id !== undefined && identity(normal) === id ? normal : arg;
}

/** Why an empty argument (`run "$UNSET"`) is read as no file: every command that reads files says it so. */
export const EMPTY_ARGUMENT = 'an empty argument names no file (an unset or empty shell variable, or quotes around nothing?); name a scenario file or a directory';

/**
 * What a file argument is called in a problem: an empty one as the shell
 * would quote it (": no such file" would name nothing), any other as given.
 */
export function argumentName(arg: string): string {
  return arg === '' ? "''" : arg;
}

/**
 * Why a file argument cannot name a file, before any attempt to open it,
 * or undefined when it may: the one check every command makes of each file
 * argument (scenarios, variants `file.yaml[…]`, shard reports). An empty
 * argument names no file (EMPTY_ARGUMENT; `what` says what to name instead).
 */
export function emptyArgument(arg: string, what = 'a scenario file or a directory'): InputProblem | undefined {
  return arg === '' ? { file: argumentName(arg), message: EMPTY_ARGUMENT.replace(/a scenario file or a directory$/, what) } : undefined;
}

/** Characters that make an argument a shell pattern (glob(7)). */
const GLOB = /[*?[]/;

/**
 * Why an argument cannot be stat()ed, with what most likely happened: an
 * empty argument (an unset shell variable, `run "$DIR"`) names no file at
 * all, and a pattern left as it is (`run 'tree/*.yml'`) is what a shell
 * passes on when it is quoted or when no file matches it. bootreplay does
 * not expand patterns itself: a directory already means all its scenario files.
 */
function argReason(arg: string, err: unknown): string {
  if (arg === '') return EMPTY_ARGUMENT;
  const undecoded = undecodedName(arg, err);
  if (undecoded !== undefined) return undecoded;
  const why = statReason(err, isLink(arg));
  // `a.yaml/`: the file is there, the slash makes it a directory that is not (ENOTDIR)
  if (errnoCode(err) === 'ENOTDIR') {
    const said = notDirectoryReason(arg);
    if (said !== undefined) return said;
  }
  // `run -`: `-o -` is standard output, but scenarios are files (extends:, positions); a file named - is read (helper-183 13)
  if (arg === '-' && why === 'no such file or directory') return NOT_STDIN;
  const unclosed = why === 'no such file or directory' ? unclosedSelectorNote(arg) : undefined;
  if (unclosed !== undefined) return `${why}${unclosed}`;
  if (why !== 'no such file or directory' || !GLOB.test(arg)) return why;
  return `${why}: no file matches this pattern, and bootreplay does not expand patterns; the shell passes a pattern on as it is when it is quoted or when nothing matches it `
    + '(name a directory to read all its *.yaml and *.yml files)';
}

/**
 * What a missing `mx.yaml[hypervisor=xen` most likely is: a variant selector whose `]` was left off
 * (break-253 N6), when a scenario file is there up to the `[`; undefined otherwise. The note names the
 * file and says what to write, for run, trace and the commands that read one scenario alike.
 */
export function unclosedSelectorNote(arg: string): string | undefined {
  const open = arg.indexOf('[');
  if (open <= 0 || arg.endsWith(']') || !SCENARIO_FILE.test(arg.slice(0, open))) return undefined;
  try {
    if (!statSync(arg.slice(0, open)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const file = arg.slice(0, open);
  if (open === arg.length - 1) return `: ${file} is a scenario file and \`[\` starts a variant selector; write ${file}[key=value,…]`;
  return `: ${file} is a scenario file and \`${arg.slice(open)}\` an unclosed variant selector; did you mean ${arg}]?`;
}

/**
 * Why a path that does not exist may be a file all the same: node decodes
 * its arguments as UTF-8 and turns each byte that is not into U+FFFD, so a
 * file whose name is not valid UTF-8 (`bad\xff.yaml`) reaches it under a
 * name that is no file's. undefined when `path` has no U+FFFD or `err` is not
 * "no such file".
 */
function undecodedName(path: string, err: unknown): string | undefined {
  if (!path.includes('\uFFFD') || errnoCode(err) !== 'ENOENT') return undefined;
  return 'no such file or directory; the name has U+FFFD, the character node puts for each byte of an argument that is not UTF-8: if the file\'s name '
    + 'is not valid UTF-8, node cannot open it by any name it is given (nor could reports name it): rename it';
}

/**
 * Why a path failed with ENOTDIR, naming what stands where a directory is needed: `a.yaml/` (a trailing /
 * after a file, a socket, a FIFO: helper-184 9) or `f.yaml/x.yaml` (a path going on past a file); undefined
 * when no such part is found (then the errno's own words).
 */
function notDirectoryReason(path: string): string | undefined {
  const bare = path.replace(/\/+$/, '');
  if (bare !== path) {
    const what = nonDirectoryKind(bare);
    if (what !== undefined) return `not a directory: a trailing / names a directory, and this is ${what} (leave out the /)`;
  }
  // the first part of the path that exists and is not a directory
  const parts = bare.split('/');
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (prefix === '' || prefix === '.') continue;
    const what = nonDirectoryKind(prefix);
    if (what !== undefined) return `not a directory: ${prefix} is ${what}, and the path goes on past it`;
  }
  return undefined;
}

/** What `path` is when it exists and is not a directory ("a file", or fileKind's "a socket", "a FIFO", …), else undefined. */
function nonDirectoryKind(path: string): string | undefined {
  try {
    const info = statSync(path);
    if (info.isDirectory()) return undefined;
    // `sock.yaml/` said "no such file or directory" (helper-184 9)
    return info.isFile() ? 'a file' : fileKind(info);
  } catch {
    return undefined;
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The bytes of a regular file, or why it was not read. */
export type FileBytes = { ok: true; bytes: Buffer; info: Stats } | { ok: false; message: string };

/**
 * Reads a regular file of at most `kind.maxBytes` bytes (a scenario file
 * within max-file-bytes unless told otherwise), the one way every command
 * reads a file it is given (scenarios, --baseline, shard reports). A path in
 * the current directory that symbolic links lead out of is refused before
 * it is opened (leavesCurrentDirectory); then as readBytes.
 * @param limits a scenario file's limits (max-file-bytes), or what else the file is (JSON_REPORT)
 * @returns the bytes, or `{ ok: false, message }` saying why not (never throws)
 */
export function readRegularFile(file: string, limits: Limits | FileKind = DEFAULT_LIMITS): FileBytes {
  const leaves = leavesCurrentDirectory(file);
  return leaves !== undefined ? { ok: false, message: leaves } : readBytes(file, 'noun' in limits ? limits : scenarioFile(limits));
}

/**
 * Reads a regular file of at most `kind.maxBytes` bytes, wherever it is
 * (the caller has checked where). Opens it without blocking and checks the
 * open descriptor (type, then size) before reading, then reads at most one
 * byte more than the limit, so a file that grows meanwhile, or a /proc file
 * that claims size 0, is still bounded.
 */
function readBytes(file: string, kind: FileKind): FileBytes {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, message: undecodedName(file, err) ?? openReason(file, err) };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { ok: false, message: `is a directory, not ${kind.noun}` };
    if (!info.isFile()) return { ok: false, message: notRegular(info, isLink(file)) };
    if (info.size > kind.maxBytes) return { ok: false, message: tooLarge(info.size, kind) };
    // before a byte is read: a problem about this file must not be written into it (stderr redirected there)
    noteInputRead(file, info.dev, info.ino);
    // size + 1: the read that returns 0 (end of file) needs no second buffer
    const cap = kind.maxBytes + 1;
    let buffer = Buffer.allocUnsafe(Math.min(cap, info.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length >= cap) break;
        // more than fstat said: the file grew, or it is a /proc file
        const bigger = Buffer.allocUnsafe(Math.min(cap, 2 * buffer.length + 4096));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > kind.maxBytes) return { ok: false, message: tooLarge(undefined, kind) };
    return { ok: true, bytes: buffer.subarray(0, length), info };
  } catch (err) {
    return { ok: false, message: ioReason(err) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The encoding named by a leading UTF-16 or UTF-32 byte order mark, or undefined. UTF-32 LE's mark
 * (FF FE 00 00) begins with UTF-16 LE's (FF FE), so it is tried first.
 */
function unicodeBom(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'UTF-32 LE';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 BE';
  if (b0 === 0xff && b1 === 0xfe) return 'UTF-16 LE';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 BE';
  return undefined;
}

/**
 * The text of a file's bytes, or why it is not UTF-8 text (at the first bad byte).
 * @param kind what the file should be, said after the reason (a scenario; a JSON report)
 */
export function decodeText(bytes: Uint8Array, kind = 'a scenario is UTF-8 YAML'): ReadResult {
  // Windows editors still save UTF-16 (and some tools UTF-32); name the encoding rather than "invalid UTF-8"
  // or "NUL bytes" at a byte the user never sees.
  const bom = unicodeBom(bytes);
  if (bom !== undefined) {
    return { ok: false, reason: `not a text file in UTF-8 (it starts with a ${bom} byte order mark); save it as UTF-8` };
  }
  // fatal: invalid UTF-8 throws instead of turning into U+FFFD; a leading UTF-8 BOM is dropped.
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes) ?? { line: 1, col: 1 };
    return { ok: false, reason: `not a text file (invalid UTF-8); ${kind}`, line: at.line, col: at.col };
  }
}

/**
 * A scenario file's text: a regular file within the size limit, in UTF-8; or why not.
 * @param checked where the file lies was checked already (a base: fsReaderFor), so readRegularFile's check is not made again
 */
function readText(file: string, limits: Limits, checked = false): ReadResult {
  const read = checked ? readBytes(file, scenarioFile(limits)) : readRegularFile(file, limits);
  if (read.ok) return decodeText(read.bytes);
  // `mx.yaml[key=value` without its `]` (suggest, constraints, bisect, diff read the file named so)
  const unclosed = read.message === 'no such file or directory' ? unclosedSelectorNote(file) : undefined;
  return { ok: false, reason: `${read.message}${unclosed ?? ''}` };
}

/**
 * The path with every symbolic link resolved, or undefined when it does not exist (the read then says why),
 * by the C library's realpath(3): `..` after a link is the parent of the link's target, as open() takes it.
 * Node's own realpathSync takes `..` away as text first, so `dirlink/../s.yaml` was judged as `s.yaml` while
 * the read opened the file beside dirlink's target (break-204 F1).
 */
function realPath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** Set to 1 to let `extends:` read bases anywhere (outsideReason). */
export const EXTENDS_ANYWHERE = 'BOOTREPLAY_EXTENDS_ANYWHERE';

/**
 * Set to 1 to read every file wherever it lies: a path in the current
 * directory wherever its links lead (leavesCurrentDirectory), and bases
 * anywhere, as EXTENDS_ANYWHERE does. The links a directory walk meets are
 * not lifted: name their targets (outsideWalk).
 */
export const READ_ANYWHERE = 'BOOTREPLAY_READ_ANYWHERE';

/** Whether `extends:` may read bases anywhere: EXTENDS_ANYWHERE or READ_ANYWHERE is 1. */
function extendsAnywhere(): boolean {
  return process.env[EXTENDS_ANYWHERE] === '1' || process.env[READ_ANYWHERE] === '1';
}

/**
 * What `path`, a path named on the command line, is when its walk leads out of the current directory through
 * a symbolic link of the tree (commandLineWalk), or undefined when it does not: the link, by its own texts
 * (readlink, never what they resolve to: no more of the machine than the pull request wrote, and the same words
 * every run), "a symbolic link to ../out/x.yaml" for the last name, "a path through scen, a symbolic link to
 * /etc" for a directory of it. Nothing outside the current directory is looked at to say so, so the text is
 * the same whether what it leads to exists, is missing or is a file with the path going on past it.
 */
function leadsOut(path: string): { what: string } | { loop: string } | undefined {
  const root = realPath('.');
  if (root === undefined) return undefined;
  const walked = commandLineWalk(path, root);
  // more links than the kernel follows: what the read would say, without having looked past them
  if (walked.kind === 'loop') return { loop: ioReason({ code: 'ELOOP' }) };
  if (walked.kind === 'inside') return undefined;
  if (walked.top === undefined) return { what: 'a path whose symbolic links in the current directory lead out of it' };
  const names = path.split('/');
  // `link.yaml/` and `link.yaml/.` are the link's own path
  const last = names.slice(walked.top + 1).every((n) => n === '' || n === '.');
  return { what: last ? `a symbolic link to ${walked.chain}` : `a path through ${names.slice(0, walked.top + 1).join('/')}, a symbolic link to ${walked.chain}` };
}

/**
 * Why the file or directory at `path`, named on the command line, is not
 * read, or undefined when it may be. A path in the tree the current
 * directory holds is part of what a pull request controls: its symbolic
 * links must not lead out of it, or a PR that turns `s.yaml` or
 * `baseline.json` into a link to /home/runner/x.yaml or /proc/self/environ
 * would have the report quote that file's keys, values or first bytes in
 * its error messages (break-201 F2). Decided name by name without looking
 * outside (leadsOut): one text whether the target exists, is missing, or a
 * file is in the way, so the message tells nothing of what lies out there
 * (break-270 F1). A path written outside it (`/etc/x.yaml`,
 * `../other/x.yaml`) is read where its links lead: whoever wrote the command
 * line chose it. Lifted by $BOOTREPLAY_READ_ANYWHERE=1. A path in the tree
 * that is missing or not a directory on the way is left to the read, which
 * says which. Made before the file is opened, since opening some devices
 * does something.
 * @returns "a symbolic link to /x/y.yaml, which lies outside the current directory; not read, …"
 */
export function leavesCurrentDirectory(path: string): string | undefined {
  if (process.env[READ_ANYWHERE] === '1') return undefined;
  const out = leadsOut(path);
  if (out === undefined || 'loop' in out) return out?.loop;
  return `${out.what}, which lies outside the current directory; not read, so that a link from a pull request cannot show parts of other files on the machine; `
    + `name the target itself, or set ${READ_ANYWHERE}=1 to read it anyway`;
}

/**
 * Whether a command-line argument names a path as written, for the commands that read `x.yaml[k=v]` as a
 * selector and `REV:path` as a git path when no such file is there: it exists (stat, through its links), or
 * the read rule refuses it (leavesCurrentDirectory: a link of the tree that leads out), whatever lies out
 * there. Asked of stat alone, a link named like a selector was read as a file when its outside target
 * existed and as a selector when it did not, and the messages told which (break-270 F1, left by its fix).
 */
export function namesPath(path: string): boolean {
  if (leavesCurrentDirectory(path) !== undefined) return true;
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a report, baseline or job summary may not be written to `path`, or undefined when it may: the rule
 * of leavesCurrentDirectory for writes (break-204 F7), decided as it is, before anything on the way is
 * looked at (break-270 F1: "no such directory", "a parent is not a directory" told what lies outside). A
 * path in the tree whose links lead out of it (a pull request's `report.sarif -> ~/.bashrc`,
 * `baseline.json -> ../x.json`) is not written through; a link that stays in the tree is, as is a path
 * named outside it. Not lifted by any variable: name the target.
 */
export function writesOutsideCurrentDirectory(path: string): string | undefined {
  const out = leadsOut(path);
  if (out === undefined || 'loop' in out) return out?.loop;
  return `${out.what}, which lies outside the current directory; not written, so that a link from a pull request cannot have this replace other files on the machine; `
    + 'name the target itself';
}

/**
 * Why a base may not be read, or undefined when it may: a base must lie,
 * once its symbolic links are resolved, in the current directory or in the
 * directory of the file the user named, unless $BOOTREPLAY_EXTENDS_ANYWHERE
 * is 1. CI runs bootreplay over scenario files from pull requests; without
 * this an `extends: /home/runner/x.yaml` (or `../../x.yaml`, or a link)
 * would have the report quote keys and values of any readable YAML file on
 * the runner in its messages. The same default as kustomize's load
 * restrictor ("file is not in or below the kustomization root").
 *
 * Decided on the path as written, then by its links, looking at nothing
 * outside those two directories (confinedWalk): a path outside them is
 * refused in one text whether it exists, is a file or goes on past one;
 * resolving it first (realpath, stat) made the refusal an existence oracle
 * on the runner (break-255 F2). A path inside that is missing, not a
 * directory on the way or a FIFO is left to the read, which says which.
 */
function outsideReason(top: string, name: string): string | undefined {
  if (extendsAnywhere()) return undefined;
  const cwdReal = realPath('.');
  const topDir = resolve(dirname(top));
  const topReal = realPath(topDir);
  const allowed = [cwdReal, topReal].filter((r): r is string => r !== undefined);
  const written = resolve(name);
  // the directory the path is written in (the current one, also as $PWD names it; top's), and where it really is
  const from = ([[process.cwd(), cwdReal], [logicalCwd(), cwdReal], [topDir, topReal]] as const)
    .find(([dir, real]) => real !== undefined && within(dir, written));
  const names = from === undefined ? [] : posix.relative(from[0], written).split('/').filter((n) => n !== '');
  const walked = from?.[1] === undefined ? undefined : confinedWalk(from[1], names, allowed);
  if (walked?.kind === 'inside') return undefined;
  if (walked?.kind === 'loop') return ioReason({ code: 'ELOOP' });
  const sameDir = dirname(top) === '.' || topReal === cwdReal;
  const subject = walked === undefined || walked.top === undefined ? 'it lies' : throughLink(name, names.length, walked.top, walked.chain);
  return `${subject} outside the current directory${sameDir ? '' : ` and outside ${dirname(top)}/ (where ${basename(top)} is)`}, `
    + `where bases are read so that a scenario cannot show parts of other files on the machine; set ${EXTENDS_ANYWHERE}=1 to read it anyway`;
}

/**
 * The subject of outsideReason's "… lies outside" when the path as written lies inside and a symbolic
 * link on it leads out, by the links' own texts (`chain`), never by what they resolve to (no more of the
 * machine than the pull request wrote, and nothing looked up out there): "lnk.yaml is a symbolic link to
 * /x/y.yaml, which lies" for its last name, "it is a path through d, a symbolic link to …, which lies" for
 * a directory of it (the message names the whole path just before).
 * @param count how many names of `name` confinedWalk walked; `top` the index among them of the link
 */
function throughLink(name: string, count: number, top: number, chain: string): string {
  if (top === count - 1) return `${basename(name)} is a symbolic link to ${chain}, which lies`;
  const parts = name.split('/');
  return `it is a path through ${parts.slice(0, parts.length - (count - 1 - top)).join('/')}, a symbolic link to ${chain}, which lies`;
}

/**
 * Reads the bases a scenario `extends` from the file system (paths relative
 * to the extending file), with the same checks as the file itself (an
 * `extends:` naming a FIFO or /dev/zero is refused, not read; a path in the
 * current directory that links lead out of is refused: leavesCurrentDirectory),
 * and only inside the current directory or the directory of `top`, the file
 * the user named (outsideReason). Either refusal is made before a byte is read.
 * $BOOTREPLAY_EXTENDS_ANYWHERE=1 (or READ_ANYWHERE) lifts both for bases.
 *
 * @param top the scenario file named on the command line (or its --set overlay, beside it)
 * @param onRead called with each name before it is read (what -o must not replace)
 */
export function fsReaderFor(top: string, limits: Limits = DEFAULT_LIMITS, onRead?: (name: string) => void): FileReader {
  return {
    resolve: relativeTo,
    read: (name: string): ReadResult => {
      onRead?.(name);
      const refused = refusedBase(top, name);
      return refused !== undefined ? { ok: false, reason: refused } : readText(name, limits, true);
    },
    identity: (name: string): string | undefined => {
      // a base refused as outside is not looked at: a cycle found through it would say what lies there
      if (name !== top && outsideReason(top, name) !== undefined) return undefined;
      try {
        const info = statSync(name, { bigint: true });
        return `${info.dev}:${info.ino}`;
      } catch {
        return undefined;
      }
    },
    siblings: (name: string) => (refusedBase(top, name) === undefined ? scenarioFilesIn(dirname(name)) : undefined),
    // no note for a refused base, nor one naming what exists outside (lexicalNote looks beside the file as read)
    missingNote: (from: string, rel: string) => (refusedBase(top, relativeTo(from, rel)) === undefined ? lexicalNote(from, rel, (path) => outsideReason(top, path) === undefined) : undefined),
  };
}

/** How many entries of a directory scenarioFilesIn looks at: a did-you-mean is not worth listing a huge directory. */
const MAX_SIBLINGS_READ = 4096;

/**
 * The names of the scenario files (*.yaml, *.yml) among the first MAX_SIBLINGS_READ entries of `dir`, or
 * undefined when it cannot be read. For FileReader.siblings: only names, nothing is opened.
 */
function scenarioFilesIn(dir: string): string[] | undefined {
  let handle;
  try {
    handle = opendirSync(dir);
  } catch {
    return undefined;
  }
  const names: string[] = [];
  try {
    for (let i = 0, entry = handle.readSync(); entry !== null && i < MAX_SIBLINGS_READ; i++, entry = handle.readSync()) {
      if (SCENARIO_FILE.test(entry.name)) names.push(entry.name);
    }
  } catch {
    return undefined;
  } finally {
    handle.closeSync();
  }
  return names.sort();
}

/**
 * FileReader.missingNote for the file system: when `from`'s directory has a `..` that the lexical join
 * took as text and the file system would not have (`/proc/self/cwd/../tree/b.yaml`: the parent of the
 * current directory, but joined as /proc/self/tree/), and `rel` exists beside the file as read, the
 * note says so and how to name the file instead: relative to the current directory, as names are
 * printed. Undefined otherwise (the README's rule stays: `..` is taken lexically).
 */
function lexicalNote(from: string, rel: string, readable: (path: string) => boolean): string | undefined {
  const dir = dirname(from);
  // only for a name that is missing as joined (a refusal or a directory there has its own reason)
  if (posix.isAbsolute(rel) || !dir.split('/').includes('..') || realPath(relativeTo(from, rel)) !== undefined) return undefined;
  const real = realPath(from);
  const cwd = realPath('.');
  if (real === undefined || cwd === undefined) return undefined;
  const beside = resolve(dirname(real), rel);
  if (!readable(beside) || realPath(beside) === undefined) return undefined;
  const asRead = posix.relative(cwd, real) || basename(real);
  return ` (${rel} is joined to ${dir}/ as written, its .. taken as text, not through the symbolic link before it; `
    + `${rel} beside the file as read exists: name the file as ${asRead})`;
}

/**
 * Why `name`, read by a reader for `top` (top itself, or a base of it), is
 * not read, or undefined when it may be: top as any file named
 * (leavesCurrentDirectory); a base outside the current directory and top's,
 * in the words of extends:'s own rule and variable (outsideReason), then a
 * base in the current directory that links lead out of into top's
 * directory (leavesCurrentDirectory: top named outside, the base inside).
 * A base inside that is not a regular file (a FIFO) is left to the read,
 * which names what it is; a link out to one (/dev/zero) is refused as outside.
 */
function refusedBase(top: string, name: string): string | undefined {
  if (name === top) return leavesCurrentDirectory(name);
  if (extendsAnywhere()) return undefined;
  return outsideReason(top, name) ?? leavesCurrentDirectory(name);
}

/** Reads and loads one scenario file; I/O errors, files that are not regular files, sizes over the limit and binary content become problems. */
export async function loadScenarioFile(file: string, limits: Limits = DEFAULT_LIMITS): Promise<LoadResult> {
  const read = readText(file, limits);
  if (!read.ok) return { ok: false, problems: [readProblem(file, read)] };
  return single(await composeLoading((resume) => composeScenario(read.text, file, fsReaderFor(file, limits), limits, undefined, resume)), file);
}

/**
 * Reads one scenario file and all its variants (one for a file without matrix:).
 * @param onBase called with each base `extends:` names, before it is read (what -o must not replace)
 */
export async function loadVariantsFile(file: string, limits: Limits = DEFAULT_LIMITS, onBase?: (name: string) => void): Promise<ComposeResult> {
  const read = readText(file, limits);
  if (!read.ok) return { ok: false, problems: [readProblem(file, read)] };
  return composeLoading((resume) => composeScenario(read.text, file, fsReaderFor(file, limits, onBase), limits, undefined, resume));
}

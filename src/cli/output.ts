/**
 * Writing a report to a file (`-o`), which must never destroy an input:
 *
 * - a file that is one of the inputs (the same device and inode, so a hard
 *   link or a symbolic link to an input counts, whatever its name) is refused;
 * - a symbolic link is written through: its target is replaced, the link stays;
 *   but not one in the current directory's tree that leads out of it (writesOutsideCurrentDirectory);
 * - an existing file keeps its permission bits, and its owner and group where
 *   this process may give them (root); where it may not, the new file is the
 *   writer's, without set-user-ID and set-group-ID (as cp and install do);
 * - a regular file is replaced atomically (a temporary file beside it, then
 *   rename), so a reader never sees half a report; a signal that ends the
 *   run meanwhile (Ctrl-C, kill, a closed terminal) removes the temporary
 *   file first;
 * - except the regular file this process's stdout or stderr already is
 *   (`-o /dev/stdout > log`, `>> log`, `-o log > log`): that is written
 *   through the descriptor, where the shell's offset is, as the report goes
 *   to stdout without -o; a rename would replace the shell's file (what it
 *   wrote before and after the run lost, its descriptor left on a deleted file);
 * - a character device (/dev/null, /dev/stdout on a terminal) is written
 *   directly; a FIFO too (a pipe reached as /dev/stdout), but only if a reader
 *   has it open (otherwise the write would block forever): all of the report,
 *   waiting while a slow reader's pipe is full, unless the reader goes away
 *   (EPIPE, as `| head`), which ends the write quietly, as on stdout;
 * - a directory or socket is refused.
 *
 * Synchronous, like the rest of the CLI's file access (see files.ts), except
 * for the turns of the event loop that let a pending signal's handler run.
 */
import {
  closeSync, constants, fchmodSync, fchownSync, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, renameSync, rmSync, statSync,
  type BigIntStats, type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { errnoCode } from '../errno.js';
import { escapeText, withoutRunnerCommands } from '../escape.js';
import { mapText, type ReportText } from '../report/report-text.js';
import { writeReportTextFully } from './fd-write.js';
import { reason } from './fs-reason.js';
import { fileKind, writesOutsideCurrentDirectory } from '../scenario/files.js';

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

/** Why a report cannot be written, in words (a temporary file is named only when files of its names are in the way). */
export class OutputError extends Error {}

/**
 * Why a symbolic link may not be followed, or undefined: the kernel's
 * fs.protected_symlinks rule (Documentation/sysctl/fs.txt; fs/namei.c
 * may_follow_link()): a link in a sticky, world-writable directory (/tmp)
 * is followed only by its owner, or when the directory's owner owns it.
 * finalTarget() resolves the links of -o itself and renames over the target,
 * so the kernel never applies the rule: without this, a link another user
 * planted in /tmp would have a root run replace any file it names
 * (helper-191 1). Applied whatever the sysctl says, to every link of the
 * walk, a directory's in the middle of the path as well as the last name's
 * (break-192 2), as the kernel applies it.
 * @param link the link, named by the directory it is in (`dir`) and its name
 * @param dir the directory the link is in, as resolved (no link in it)
 */
function untrustedLink(link: string, dir: string, info: Stats): string | undefined {
  const euid = process.geteuid?.();
  if (euid === undefined || info.uid === euid) return undefined;
  let parent: Stats;
  try {
    parent = statSync(dir);
  } catch {
    return undefined;
  }
  const stickyWorldWritable = (parent.mode & 0o1002) === 0o1002;
  if (!stickyWorldWritable || info.uid === parent.uid) return undefined;
  return `${link} is a symbolic link in the sticky, world-writable directory ${dir}, and uid ${info.uid} owns it, `
    + 'neither you nor the directory\'s owner: it is not followed (the kernel\'s fs.protected_symlinks rule), '
    + 'since another user could point it at any file; remove the link or write elsewhere';
}

/**
 * The names of a path as the kernel's walk takes them, `.` for an empty one
 * (`a//b`, a trailing `/`): a name followed by `.` is never the last, so it
 * must be a directory, as link_path_walk() requires of a name followed by a
 * slash (a link to `file/`, `-o link/.`: ENOTDIR, not the file replaced).
 */
function namesOf(path: string): string[] {
  return path.split('/').map((name) => (name === '' ? '.' : name));
}

/** Whether two paths name the same file (device and inode, links followed); false when either is missing. */
function sameFile(a: string, b: string): boolean {
  const x = statOrUndefined(a);
  const y = statOrUndefined(b);
  return x !== undefined && y !== undefined && fileId(x) === fileId(y);
}

/** How many symbolic links one path's walk may follow, in all (Linux's MAXSYMLINKS), before ELOOP. */
const MAX_SYMLINKS = 40;

/** An fs error with an errno code, as node's are (reason() words it). */
function errnoError(code: 'ELOOP' | 'ENOTDIR', message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * The path a write to `path` lands on: `path` itself when no symbolic link is
 * on the way, else the file the kernel's walk reaches (which may not exist
 * yet: a dangling link is written through as well), named through
 * directories only. The walk is the kernel's (fs/namei.c link_path_walk):
 * name by name, from the current or root directory; a link, in the middle of
 * the path or at its end, is read and its target walked in its place, from
 * the directory the link is in as resolved so far, or from / for an absolute
 * one; at most MAX_SYMLINKS links in all. So `..` in a link's target is the
 * parent of the directory the link really is in, not of the name the user
 * gave (break-192 1: `work/d -> ../real/sub` and `real/sub/plink ->
 * ../precious.txt` make `work/d/plink` real/precious.txt; a join of the
 * strings said work/precious.txt). The path walked so far holds directories
 * only (each one lstat'ed), so `..` of it and joining names to it are exact
 * as strings.
 * @throws OutputError for a link another user planted in a sticky directory (untrustedLink), at any depth
 * @throws an ELOOP, ENOENT or ENOTDIR error as the kernel's walk would fail
 */
function finalTarget(path: string): string {
  let dir = isAbsolute(path) ? '/' : '.';
  const names = namesOf(path);
  let links = 0;
  while (names.length > 0) {
    const name = names.shift() as string;
    // `.` (and an empty name, `a//b`, `a/`): the name before it must be a directory, which it is by now, since
    // only a last name may be anything else (break-194 3: `flink/.` with flink -> file replaced the file)
    if (name === '.') continue;
    if (name === '..') {
      dir = join(dir, '..');
      continue;
    }
    const at = join(dir, name);
    const last = names.length === 0;
    let info: Stats;
    try {
      info = lstatSync(at);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' && last) return links === 0 ? path : at;
      throw err;
    }
    if (info.isSymbolicLink()) {
      const refused = untrustedLink(at, dir, info);
      if (refused !== undefined) throw new OutputError(refused);
      if (++links > MAX_SYMLINKS) throw errnoError('ELOOP', 'too many levels of symbolic links');
      const target = readlinkSync(at);
      // /proc/PID/fd/N of a file deleted while held open: the kernel's magic link reaches the open file, whose text
      // is its old path and " (deleted)"; walking that text created a stray file of that name (break-194 5). The
      // walk ends at the link, as the kernel's does, and planOutput says what such a file allows (stdout's is
      // written through its descriptor); a file really named "… (deleted)" is walked to as any other (break-195 1)
      if (names.length === 0 && (dir === '/proc' || dir.startsWith('/proc/')) && target.endsWith(' (deleted)') && !sameFile(at, target)) return at;
      if (isAbsolute(target)) dir = '/';
      // a link to "/" leaves only `.` names: the walk ends at / (a directory, which stat says)
      names.unshift(...namesOf(target));
      continue;
    }
    if (last) return links === 0 ? path : at;
    if (!info.isDirectory()) throw errnoError('ENOTDIR', 'not a directory');
    dir = at;
  }
  // only . and .. (or /): a directory, which stat says
  return links === 0 ? path : dir;
}

/** Where and how a report will be written, checked before any work is done. */
export interface OutputPlan {
  readonly target: string;
  /** the file there now, if any */
  readonly existing: BigIntStats | undefined;
  /** 1 or 2 when the target is the regular file this process's stdout or stderr is: written through that descriptor */
  readonly descriptor?: 1 | 2;
  /** the path as the user gave it (`-o PATH`), whose directory messages name (directoryShown) */
  readonly given?: string;
}

/**
 * The directory of the report's file as a message names it: the directory of the path as given when its last part
 * is no symbolic link (the same directory, in the user's words: `-o /proc/self/mem` names /proc/self, not
 * /proc/<this run's process id>, which differed on every run, break-255 N6), else the directory of the file the
 * link leads to, which is where the report is written.
 */
function directoryShown(target: string, given: string | undefined): string {
  if (given === undefined) return dirname(target);
  try {
    return lstatSync(given).isSymbolicLink() ? dirname(target) : dirname(given);
  } catch {
    // no file there yet: the report is a new file of the directory given
    return dirname(given);
  }
}

/**
 * Which of this process's stdout (1) and stderr (2) is the file `id`, if
 * either: fstat of the descriptor, so a name of any kind (/dev/stdout,
 * /dev/fd/1, /proc/self/fd/1, the file's own name, a hard link) counts. A
 * closed descriptor is none.
 */
function stdioOf(id: FileId): 1 | 2 | undefined {
  for (const fd of [1, 2] as const) {
    try {
      if (fileId(fstatSync(fd, { bigint: true })) === id) return fd;
    } catch {
      // closed: nothing of ours is written there
    }
  }
  return undefined;
}

/**
 * Which of this process's stdout (1) and stderr (2) the file at `path`
 * (links followed) is, if either (stdioOf): of any kind, a regular file the
 * shell opened (`> log`), a pipe or a terminal. undefined when neither, or
 * when `path` names nothing.
 */
export function stdioAt(path: string): 1 | 2 | undefined {
  const info = statOrUndefined(path);
  return info === undefined ? undefined : stdioOf(fileId(info));
}

/**
 * Whether two plans write to the same file: the same path, the same
 * existing file (device and inode: links and /dev/stdout count) or the same
 * descriptor.
 */
export function sameDestination(a: OutputPlan, b: OutputPlan): boolean {
  if (resolve(a.target) === resolve(b.target)) return true;
  if (a.descriptor !== undefined && a.descriptor === b.descriptor) return true;
  return a.existing !== undefined && b.existing !== undefined && fileId(a.existing) === fileId(b.existing);
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
 * Why `-o DIR/` is refused: a directory, a file written as one (ENOTDIR, helper-183 4: it said "is a
 * directory"), or nothing there yet (a name for a directory all the same).
 */
function trailingSlashReason(path: string): string {
  const named = statOrUndefined(path.replace(/\/+$/, '') || '/');
  if (named === undefined) return 'ends in /, a directory\'s name: give the report a file name';
  return named.isDirectory() ? 'is a directory' : 'is not a directory: the name ends in / but names a file';
}

/**
 * Checks `-o PATH` against the inputs (device and inode) and the kind of
 * file there: run before the replay, so a refused output costs nothing.
 * Throws OutputError with a short reason.
 */
export function planOutput(path: string, inputs: ReadonlyMap<FileId, string>): OutputPlan {
  return guard(() => {
    // a link in the current directory's tree that leads out of it (a pull request's `report.sarif -> ~/.bashrc`),
    // as a read refuses it (break-204 F7), decided before anything on the way is looked at: what stat or the walk
    // below says of an outside path (no such directory, not a directory) would tell what lies there (break-270 F1);
    // a link that stays in the tree, and a path named outside it, are written through
    const out = writesOutsideCurrentDirectory(path);
    if (out !== undefined) throw new OutputError(out);
    if (path.endsWith('/')) throw new OutputError(trailingSlashReason(path));
    const through = statOrUndefined(path);
    const device = through !== undefined && (through.isFIFO() || through.isCharacterDevice());
    let target: string;
    try {
      // first, so that every link on the way is held to the protected_symlinks rule, a FIFO's or device's too
      target = finalTarget(path);
    } catch (err) {
      // a magic link of /proc whose text is no path the walk can follow (a file renamed or deleted since it was opened)
      if (!device || err instanceof OutputError) throw err;
      target = path;
    }
    // A link to a pipe or a terminal (/dev/stdout, /proc/self/fd/1 on a pipe, whose target
    // "pipe:[…]" is no path): written through the link, as a FIFO or device is
    if (device) return { target: path, existing: through };
    // a socket (node's own 'pipe' stdio is a socket pair) cannot be opened by name at all
    if (through !== undefined && (through.isSocket() || through.isBlockDevice())) throw new OutputError('is not a regular file (a socket or block device)');
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
      // after the input check: a shell's `> in.yaml` that is also an input stays refused
      const descriptor = existing.isFile() ? stdioOf(fileId(existing)) : undefined;
      if (descriptor !== undefined) return { target, existing, descriptor, given: path };
      // a file deleted while held open, reached through its /proc link (finalTarget): it has no name to put a new file under
      if (existing.isFile() && existing.nlink === 0n) {
        throw new OutputError(`${target} is a file that was deleted while it is held open: a report is a new file put in place by name, and this one has no name left; write it elsewhere`);
      }
    }
    return { target, existing, given: path };
  });
}

/**
 * planOutput for a file that must be read back as a file (`--update-baseline`: the next run's --baseline
 * refuses anything but a regular file, "not a regular file (a character device)"): an existing target that
 * is not a regular file (a link to /dev/zero, a FIFO, a terminal as /dev/stdout) is refused, since writing
 * there stores nothing the next run can read (break-201 F5). `-o` keeps writing to devices and pipes.
 * @throws OutputError as planOutput, or "is not a regular file (a character device, through a symbolic link): …"
 */
export function planFileOutput(path: string, inputs: ReadonlyMap<FileId, string>, readBackBy: string): OutputPlan {
  const plan = planOutput(path, inputs);
  if (plan.existing === undefined || plan.existing.isFile()) return plan;
  const link = guard(() => lstatSync(path).isSymbolicLink());
  throw new OutputError(`is not a regular file (${fileKind(plan.existing)}${link ? ', through a symbolic link' : ''}): ${readBackBy} could not read it back; give a regular file`);
}

/**
 * The input that this process's stdout is, when a shell redirect made it one (`run in.yaml >> in.yaml`:
 * the report would be appended to, or with `>` written over, the scenario it reads), else undefined:
 * stdout is a pipe, a terminal or a device, or a file that is none of `files`. The same check as -o's
 * (device and inode), for a report written to stdout.
 * @param files the inputs, as the user named them (the message names the one stdout is)
 */
export function stdoutInput(files: readonly string[]): string | undefined {
  let out: BigIntStats;
  try {
    out = fstatSync(1, { bigint: true });
  } catch {
    return undefined;
  }
  return out.isFile() ? inputIds(files).get(fileId(out)) : undefined;
}

/**
 * What a command writes to stderr, before it writes anything else, when its
 * stdout is one of the files it reads (stdoutInput: `layout in.yaml >> in.yaml`,
 * `merge s1.json s2.json >> s1.json`, a base `extends:` names), else undefined:
 * then it exits 2 and the file is left as it was. Every command that reads
 * files and writes to stdout makes this check, with this message.
 * @param files every file the command read: the arguments and the bases they extend, a baseline
 * @param output what goes to stdout (report, output) and the -o that writes it elsewhere, if the command has -o
 */
export function stdoutInputRefusal(files: readonly string[], output: { what: 'report' | 'output'; example?: string } = { what: 'output' }): string | undefined {
  const input = stdoutInput(files);
  if (input === undefined) return undefined;
  const elsewhere = output.example !== undefined ? `, e.g. -o ${output.example}` : ' (another file, or a pipe)';
  return `bootreplay: cannot write stdout: ${escapeText(`it is the input ${input} (a shell redirect); write the ${output.what} elsewhere${elsewhere}`)}\n`;
}

/**
 * Checks a file that will be appended to (GitHub's job summary,
 * $GITHUB_STEP_SUMMARY) against the inputs: the same file (device and inode,
 * through links) as one of them is refused, since appending would modify an
 * input. Run before the replay. A file that does not exist yet is fine
 * (appending creates it). What only makes the append fail (a directory, a
 * missing directory, no permission) is not checked here: the caller says it
 * as a warning when appending, and the run's report and exit code stand.
 * The file a report or baseline of this run replaces (`outputs`, with the
 * option that names it) is refused too: the Markdown would land in the
 * middle of a JSON report, or be lost when the report replaces the file.
 * So is a path in the current directory's tree that its links lead out of
 * (writesOutsideCurrentDirectory), as for `-o`.
 * Throws OutputError with a short reason, worded as planOutput's.
 */
export function checkAppend(path: string, inputs: ReadonlyMap<FileId, string>, outputs: readonly { plan: OutputPlan; option: string }[] = []): void {
  // -o's rule, first (break-270 N6): not through a link of the tree that leads out of it, whatever lies there
  const out = writesOutsideCurrentDirectory(path);
  if (out !== undefined) throw new OutputError(out);
  const existing = statOrUndefined(path);
  // only a file the report or baseline replaces is spoilt by an append: not a device (/dev/null), and not the
  // shell's stdout file that -o writes through its descriptor (`-o /dev/stdout > log`, as `-o -`)
  const replaced = existing === undefined || existing.isFile();
  // ... but the shell's file that --update-baseline writes through its descriptor is a baseline all the same: the
  // summary appended there (`--update-baseline /dev/stdout > bl.json`, the summary on /dev/stdout) spoils it
  const spoilt = (o: { plan: OutputPlan; option: string }): boolean => o.plan.descriptor === undefined || o.option === '--update-baseline';
  const clash = replaced ? outputs.find((o) => spoilt(o) && sameDestination(o.plan, { target: path, existing })) : undefined;
  if (clash !== undefined) throw new OutputError(`it is the file ${clash.option} writes`);
  if (existing === undefined) return;
  const input = inputs.get(fileId(existing));
  if (input !== undefined) throw new OutputError(input === path ? 'it is an input of this run' : `it is the same file as the input ${input}`);
}

/** The signals that end a run from outside: Ctrl-C, kill's default, the terminal closing. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, SIGINT, SIGTERM or SIGHUP removes
 * the file `tmp()` names (if any, and if it exists), then ends the process as the signal would
 * have: `raise` (by default process.kill of this process) sends the signal
 * again once the handlers are gone, so the shell sees 130, 143 or 129 as
 * without them. Installed only while a temporary file may exist: a listener
 * turns a signal's default (immediate death) into an event-loop callback.
 */
export function removeOnSignal(tmp: () => string | undefined, raise: (signal: NodeJS.Signals) => void = (signal) => { process.kill(process.pid, signal); }): () => void {
  const uninstall = (): void => {
    for (const signal of ENDING_SIGNALS) process.removeListener(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    uninstall();
    const file = tmp();
    if (file !== undefined) rmSync(file, { force: true });
    raise(signal);
  }
  for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  return uninstall;
}

/** One turn of the event loop: a signal that arrived meanwhile has its handler run (libuv delivers it in the poll phase). */
function turn(): Promise<void> {
  return new Promise((resolve) => { setImmediate(resolve); });
}

/**
 * Writes all of `text` to a character device or FIFO. O_NONBLOCK on open: a
 * FIFO nobody reads fails at once (ENXIO) instead of blocking the run. The
 * descriptor stays non-blocking (node has no fcntl to clear it; reopening
 * without O_NONBLOCK would hang for ever if the reader left between the two
 * opens), so a full pipe's EAGAIN is waited out by writeFully. EPIPE means the
 * reader has gone (`-o /dev/stdout | head -1`): quiet, as on stdout.
 */
function writeDevice(target: string, fifo: boolean, text: ReportText): void {
  const fd = openSync(target, constants.O_WRONLY | (fifo ? constants.O_NONBLOCK : 0));
  try {
    writeReportTextFully(fd, text);
  } catch (err) {
    if (errnoCode(err) !== 'EPIPE') throw err;
  } finally {
    closeSync(fd);
  }
}

/** The longest file name (NAME_MAX on Linux and the BSDs), in bytes. */
const NAME_MAX = 255;

/**
 * How many names replaceFile tries for its temporary file before it gives
 * up: each one in the way is a file of an earlier run killed before it could
 * remove it (SIGKILL: a CI timeout, the OOM killer) whose process id this
 * run has again (containers start their processes at the same ids), or of a
 * writer in another container with the same id, now.
 */
const TEMPORARY_TRIES = 100;

/** Temporary names made by this process for long targets: the report and a baseline may both be one, in one directory. */
let longNames = 0;

/**
 * The temporary file beside `target`: `.NAME.PID.tmp`, which says whose it is
 * when a crash leaves it, and `.NAME.PID.N.tmp` for the Nth retry when one of
 * that name is in the way (`attempt` N; O_EXCL refuses a clash); for a name
 * so long that this would exceed NAME_MAX (a legal 250-byte name),
 * `.bootreplay.PID.N.tmp` instead (N counts them in this process). Not
 * node:crypto's random bytes: loading it loads node's stream modules on every
 * cold run. The name never reaches the report; a message names it only when
 * every try was in the way.
 */
export function temporaryName(target: string, pid = process.pid, attempt = 0): string {
  const usual = attempt === 0 ? `.${basename(target)}.${pid}.tmp` : `.${basename(target)}.${pid}.${attempt}.tmp`;
  const name = Buffer.byteLength(usual) <= NAME_MAX ? usual : `.bootreplay.${pid}.${++longNames}.tmp`;
  return join(dirname(target), name);
}

/** Whether path is a directory (following links); false when it cannot be read. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates a temporary file for `target` (temporaryName), exclusively: the
 * next name while one is in the way (EEXIST: never another's file opened or
 * removed), at most TEMPORARY_TRIES, then says which files are in the way.
 * Without write permission on the directory (EACCES, EPERM), says that the
 * directory is what is not writable: the target itself may well be
 * ("cannot write out.txt: permission denied" of a writable out.txt reads as
 * wrong).
 */
function openTemporary(target: string, given: string | undefined): { fd: number; tmp: string } {
  const first = temporaryName(target);
  for (let attempt = 0, tmp = first; ; tmp = temporaryName(target, process.pid, ++attempt)) {
    let fd: number;
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST' && attempt + 1 < TEMPORARY_TRIES) continue;
      if (code === 'EEXIST') {
        throw new OutputError(`${TEMPORARY_TRIES} temporary files for it are in the way, ${first} to ${tmp} (left by earlier runs killed while writing it?); `
          + 'remove them and try again');
      }
      // a directory that exists but makes no files (/proc/self for -o /proc/self/mem): ENOENT from the open, which
      // said "no such directory" of one that is there
      if (code === 'ENOENT' && isDirectory(dirname(target))) {
        throw new OutputError(`its directory (${directoryShown(target, given)}) takes no new files: the report is written to a temporary file beside it, then renamed `
          + 'over it (so that no reader sees half of it), and creating that file failed; write elsewhere');
      }
      if (code !== 'EACCES' && code !== 'EPERM') throw err;
      throw new OutputError(`permission denied on its directory (${directoryShown(target, given)}): the report is written to a temporary file beside it, then renamed `
        + 'over it (so that no reader sees half of it), which needs a writable directory even where the file itself is writable; '
        + 'make the directory writable, or write elsewhere');
    }
    return { fd, tmp };
  }
}

/** S_ISUID and S_ISGID. */
const SET_ID_BITS = 0o6000n;

/** A file's owner and group. */
type Owner = Pick<BigIntStats, 'uid' | 'gid'>;

/** What a file's replacement keeps of it: its mode, owner and group. */
type Owned = Owner & Pick<BigIntStats, 'mode'>;

/**
 * The mode bits (0o7777) of the file that replaces `old`, owned by `owner`:
 * the old file's, without set-user-ID and set-group-ID unless the new file
 * has its owner and group (as cp and install drop them). Kept for another
 * owner, they made a file this process's user runs as (root replacing
 * nobody's 4750 file made a root-owned set-user-ID file).
 */
export function replacementMode(old: Owned, owner: Owner): number {
  const mode = old.mode & 0o7777n;
  return Number(old.uid === owner.uid && old.gid === owner.gid ? mode : mode & ~SET_ID_BITS);
}

/**
 * Gives the temporary file `fd` the owner and group of the file it replaces
 * where they differ, as cp -p does: both (root may), else the group alone
 * (a group this process's user is in); a refusal leaves the file as it is.
 * Returns the owner and group the file has then (fstat).
 * @param chown fchownSync; a test's stand-in refuses as a user's would
 */
export function takeOwner(fd: number, old: Owner, chown: (fd: number, uid: number, gid: number) => void = fchownSync): Owner {
  const now = fstatSync(fd, { bigint: true });
  if (now.uid === old.uid && now.gid === old.gid) return now;
  // -1: the owner left as it is
  for (const uid of now.uid === old.uid ? [-1] : [Number(old.uid), -1]) {
    if (uid === -1 && now.gid === old.gid) break;
    try {
      chown(fd, uid, Number(old.gid));
      break;
    } catch {
      // EPERM (not root, not in the group): the file stays this process's, and replacementMode drops the set-ID bits
    }
  }
  return fstatSync(fd, { bigint: true });
}

/**
 * Why a rename over `target` was refused (EPERM, EACCES), when the reason is
 * a sticky directory (/tmp): the temporary file could be made there, but
 * only the owner of a file in it, or of the directory, may replace it,
 * writable or not. Undefined when that is not the reason.
 */
function stickyRefusal(target: string, existing: Owned | undefined, given: string | undefined): OutputError | undefined {
  const dir = dirname(target);
  const info = statOrUndefined(dir);
  const uid = process.geteuid?.();
  if (existing === undefined || info === undefined || uid === undefined || (info.mode & 0o1000n) === 0n) return undefined;
  if (BigInt(uid) === existing.uid || BigInt(uid) === info.uid) return undefined;
  return new OutputError(`permission denied replacing it in its sticky directory (${directoryShown(target, given)}): the report is written to a temporary file beside it, then renamed `
    + `over it (so that no reader sees half of it), and where a directory has the sticky bit only the file's owner (uid ${existing.uid}) or the `
    + 'directory\'s may rename over it, even where the file itself is writable; write elsewhere, or have its owner remove it');
}

/**
 * Replaces `target` atomically: a temporary file (openTemporary) beside it,
 * then rename. A signal during the write is handled at the turn before the
 * rename (the temporary file goes, the target stays as it was) or at the
 * turn after it (the new report is in place); either way no temporary file
 * is left. (A signal in the microseconds between the last turn and removing
 * the handlers is lost: the run then ends as if it had come later.)
 */
async function replaceFile(target: string, existing: BigIntStats | undefined, text: ReportText, given: string | undefined): Promise<void> {
  // only a file this run made (O_EXCL: a name in the way is another process's file, left alone)
  let tmp: string | undefined;
  // before the file exists, so no moment has a file and no handler (a signal's handler runs at a turn of the
  // event loop, never between the open and `tmp` being set)
  const uninstall = removeOnSignal(() => tmp);
  try {
    const opened = openTemporary(target, given);
    const { fd } = opened;
    tmp = opened.tmp;
    try {
      writeReportTextFully(fd, text);
      // the replaced file's owner and group where this process may give them, then its permission bits, not the
      // umask's (after the chown, which clears set-user-ID and set-group-ID), those two only with its owner and group
      if (existing !== undefined) fchmodSync(fd, replacementMode(existing, takeOwner(fd, existing)));
    } finally {
      closeSync(fd);
    }
    await turn();
    try {
      renameSync(opened.tmp, target);
    } catch (err) {
      const code = errnoCode(err);
      throw (code === 'EPERM' || code === 'EACCES' ? stickyRefusal(target, existing, given) : undefined) ?? err;
    }
    tmp = undefined;
    await turn();
  } catch (err) {
    if (tmp !== undefined) rmSync(tmp, { force: true });
    throw err;
  } finally {
    uninstall();
  }
}

/** Writes `text` as planned (see the top of this file). Throws (rejects with) OutputError with a short reason. */
export async function writeReport(plan: OutputPlan, report: ReportText, commands = false): Promise<void> {
  const { target, existing, descriptor, given } = plan;
  // the same bytes as on stdout (writeAll): a report file is also printed into CI logs
  const text = mapText(report, (t) => withoutRunnerCommands(t, commands));
  try {
    // the shell's own file: appended where its offset is (writeFully, as stdout is written without -o)
    if (descriptor !== undefined) writeReportTextFully(descriptor, text);
    else if (existing !== undefined && (existing.isCharacterDevice() || existing.isFIFO())) writeDevice(target, existing.isFIFO(), text);
    else await replaceFile(target, existing, text, given);
  } catch (err) {
    if (err instanceof OutputError) throw err;
    throw new OutputError(reason(err));
  }
}

/**
 * The report `writeReport(plan, report)` wrote, as read back from its file:
 * the file's text when it holds exactly the bytes written, undefined when it
 * does not (another process replaced it, a full disk truncated it). A target
 * that is not a file replaced by rename (the shell's own file written
 * through its descriptor, a device, a pipe) cannot be read back: `report`
 * itself. Errors reading are undefined too.
 */
export function readBack(plan: OutputPlan, report: string): string | undefined {
  const { target, existing, descriptor } = plan;
  if (descriptor !== undefined || (existing !== undefined && !existing.isFile())) return report;
  try {
    const text = readFileSync(target, 'utf8');
    return text === withoutRunnerCommands(report) ? text : undefined;
  } catch {
    return undefined;
  }
}

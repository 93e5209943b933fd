/**
 * Writing to stdout and stderr with fs.writeSync on the file descriptors.
 *
 * Why not process.stdout: on a pipe (CI, `| less`, the tests) its first use
 * builds a net.Socket, which loads the stream and net modules, about 4 ms of
 * a ~50 ms start; and a reader that goes away (`| head -1`) makes it emit
 * EPIPE as an unhandled error, with a stack trace. Here a closed reader just
 * ends the output, and a descriptor left non-blocking by a parent (EAGAIN) is
 * waited on, so output is never lost or interleaved.
 */
import { fstatSync, statSync } from 'node:fs';
import { errnoCode } from '../errno.js';
import { escapeText, withoutRunnerCommands } from '../escape.js';
import { inputReadAs } from '../inputs-read.js';
import { writeReportTextFully } from './fd-write.js';
import { mapText, type ReportText } from '../report/report-text.js';
import { reason } from './fs-reason.js';

const STDOUT = 1;
const STDERR = 2;

/**
 * What the writes have met, one record per process: the entry and the engine
 * are separate bundles, each with its own copy of this module (scripts/bundle.mjs),
 * and both write to stdout and stderr, so the record lives on globalThis.
 */
interface StdioState {
  /** descriptors whose reader has gone away (or that failed): later output to them is dropped */
  readonly closed: Set<number>;
  /** why stdout took only part of the output ("no space left on device"), once it failed other than by its reader going away */
  stdoutFailure: string | undefined;
  /** the input stderr is (a shell redirect `2>> x.yaml`), once a message for it was held back: main() then exits 2 */
  stderrInput: string | undefined;
}
const STATE_KEY = Symbol.for('bootreplay.stdio');
const holder = globalThis as { [STATE_KEY]?: StdioState };
const state: StdioState = holder[STATE_KEY] ??= { closed: new Set<number>(), stdoutFailure: undefined, stderrInput: undefined };
const { closed } = state;

/** How long a non-blocking stdout or stderr may stay full before its reader is treated as gone, in ms. */
const PATIENCE_MS = 120_000;

/**
 * The input (inputs-read.ts) that descriptor `fd` is, when a shell redirect made it one (`2>> x.yaml`,
 * `&>> x.yaml`), else undefined: a pipe, a terminal, a device, or a file read as none.
 */
export function stdioInput(fd: 1 | 2): string | undefined {
  try {
    const info = fstatSync(fd);
    return info.isFile() ? inputReadAs(info.dev, info.ino) : undefined;
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, text: ReportText, commands = false): void {
  if (text === '' || closed.has(fd)) return;
  if (fd === STDERR) {
    // stderr is a file the run read (`run x.yaml 2>> x.yaml`): a message there would change the input
    // (helper-185 3), so none is written; main() says so on stdout and exits 2 (stderrRefusal)
    const input = stdioInput(STDERR);
    if (input !== undefined) {
      state.stderrInput ??= input;
      return;
    }
  }
  try {
    // a reader that has stopped reading for minutes is treated as gone
    writeReportTextFully(fd, mapText(text, (t) => withoutRunnerCommands(t, commands)), PATIENCE_MS);
  } catch (err) {
    closed.add(fd);
    // EPIPE: the reader has gone (`| head`), which is no failure of the run. Anything else on stdout
    // (`> report.sarif` on a full disk: ENOSPC, EIO, EFBIG) left a truncated report where the next CI
    // step expects a whole one: said on stderr and the run exits 2 (stdoutFailed), as with -o FILE.
    if (fd === STDOUT && errnoCode(err) !== 'EPIPE' && state.stdoutFailure === undefined) {
      state.stdoutFailure = reason(err);
      writeAll(STDERR, `bootreplay: cannot write to stdout: ${state.stdoutFailure}\n`);
    }
  }
}

/**
 * When a message for stderr was held back because stderr is an input (writeAll), the line that says so, for
 * stdout, or '' when stdout is an input too (`&>> x.yaml`: nothing is written at all); undefined otherwise.
 * main() then exits 2.
 */
export function stderrRefusal(): string | undefined {
  if (state.stderrInput === undefined) return undefined;
  if (stdioInput(STDOUT) !== undefined) return '';
  return `bootreplay: cannot write stderr: ${escapeText(`it is the input ${state.stderrInput} (a shell redirect such as 2>> or &>>), so its messages were not written; send stderr elsewhere`)}\n`;
}

/** Whether a write to stdout failed for a reason other than its reader going away (writeAll); main() then exits 2. */
export function stdoutFailed(): boolean {
  return state.stdoutFailure !== undefined;
}

export function writeOut(text: ReportText): void {
  writeAll(STDOUT, text);
}

/** The github format's report on stdout: its own `::error file=…` lines stay workflow commands (withoutRunnerCommands). */
export function writeCommands(text: ReportText): void {
  writeAll(STDOUT, text, true);
}

export function writeErr(text: string): void {
  writeAll(STDERR, text);
}

/**
 * Whether a descriptor may be a terminal, without loading node:tty: only a
 * character device can be one, and /dev/null, a character device too, is
 * not. `bootreplay run x.yaml > /dev/null` (a CI step that wants only the
 * exit code) would otherwise load tty and, through it, net and the stream
 * modules: about 2.5 ms of a ~60 ms start. Compared by device number with
 * the /dev/null of this system; where there is none, only the first check
 * applies.
 */
export function mayBeTerminal(fd: 1 | 2): boolean {
  let rdev: number;
  try {
    const info = fstatSync(fd);
    if (!info.isCharacterDevice()) return false;
    rdev = info.rdev;
  } catch {
    return false;
  }
  try {
    return statSync('/dev/null').rdev !== rdev;
  } catch {
    return true;
  }
}

/** Whether a descriptor is a terminal; node:tty (which loads net) is asked only when mayBeTerminal says it may be. */
export async function isTerminal(fd: 1 | 2): Promise<boolean> {
  if (!mayBeTerminal(fd)) return false;
  const { isatty } = await import('node:tty');
  return isatty(fd);
}

/**
 * Writing a whole buffer to a file descriptor that may be non-blocking.
 *
 * A pipe or FIFO written with O_NONBLOCK (output.ts opens a FIFO so, to learn
 * at once that nobody reads it; a parent may leave stdout so) refuses a write
 * with EAGAIN while it is full, and takes part of one when nearly full. A
 * slow reader (`| gzip -9`, `| less`) is the normal case, not an error: the
 * writer waits, as a blocking write would.
 */
import { writeSync } from 'node:fs';
import { errnoCode } from '../errno.js';

/** A short synchronous pause (no busy loop: the thread sleeps) while a non-blocking pipe is full. */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The longest single pause, in ms: short enough that a reader that resumes is served at once. */
const MAX_PAUSE_MS = 16;

/**
 * Writes all of `bytes` to `fd`, partial writes included. On EAGAIN it pauses
 * (1 ms, doubling to 16 ms; back to 1 ms after progress) and retries, for at
 * most `patienceMs` without progress (default: for ever, like a blocking
 * write). Returns true when every byte was written, false when the patience
 * ran out. Any other error (EPIPE: the reader has gone) is thrown, with the
 * bytes before it written.
 */
export function writeFully(fd: number, bytes: Uint8Array, patienceMs = Number.POSITIVE_INFINITY): boolean {
  let rest = bytes;
  let waited = 0;
  let step = 1;
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
      waited = 0;
      step = 1;
    } catch (err) {
      if (errnoCode(err) !== 'EAGAIN') throw err;
      if (waited >= patienceMs) return false;
      pause(step);
      waited += step;
      step = Math.min(step * 2, MAX_PAUSE_MS);
    }
  }
  return true;
}

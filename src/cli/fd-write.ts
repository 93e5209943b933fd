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
import type { ReportText } from '../report/report-text.js';

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

/** Longest text writeTextFully encodes at once, in UTF-16 code units (at most 3 UTF-8 bytes each). */
const TEXT_CHUNK = 1 << 16;
/** writeTextFully's reused buffer for one chunk's bytes, made on first use. */
let chunkBytes: Buffer | undefined;

/**
 * writeFully of `text` as UTF-8, the same bytes as `Buffer.from(text)`: a long text (a report of
 * megabytes) is encoded and written a chunk at a time through one reused buffer, instead of into a
 * buffer as long as the whole text. Why: on this project's machine first touching a page costs about
 * 3 ms per MiB, and a 7 MB JSON report paid that for a buffer it used once. A chunk never ends
 * between the two halves of a surrogate pair (each half alone would be written as U+FFFD); a lone
 * surrogate is written as Buffer.from writes it. Returns false, with the chunks before written, when
 * the patience ran out on a chunk (writeFully); errors are thrown as writeFully throws them.
 */
export function writeTextFully(fd: number, text: string, patienceMs = Number.POSITIVE_INFINITY): boolean {
  if (text.length <= TEXT_CHUNK) return writeFully(fd, Buffer.from(text), patienceMs);
  chunkBytes ??= Buffer.allocUnsafeSlow(3 * TEXT_CHUNK);
  const bytes = chunkBytes;
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + TEXT_CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    // a high surrogate whose low half may follow: left to the next chunk
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const n = bytes.write(text.slice(at, end), 'utf8');
    if (!writeFully(fd, bytes.subarray(0, n), patienceMs)) return false;
    at = end;
  }
  return true;
}

/**
 * writeTextFully of the pieces of a text, in order: the same bytes as writing them joined. Pieces are
 * encoded into one reused buffer and written when it is full, so thousands of small pieces (a report's
 * results, one each: jsonChunks) make few writes. Each piece must end where a character ends (not
 * between the halves of a surrogate pair). Returns false, with what came before written, when the
 * patience ran out (writeFully); errors are thrown as writeFully throws them.
 */
export function writeChunksFully(fd: number, chunks: Iterable<string>, patienceMs = Number.POSITIVE_INFINITY): boolean {
  chunkBytes ??= Buffer.allocUnsafeSlow(3 * TEXT_CHUNK);
  const bytes = chunkBytes;
  let used = 0;
  for (const chunk of chunks) {
    // at most 3 UTF-8 bytes per UTF-16 code unit: a piece that might not fit is written after what is held
    if (used + 3 * chunk.length > bytes.length) {
      if (used > 0 && !writeFully(fd, bytes.subarray(0, used), patienceMs)) return false;
      used = 0;
    }
    if (3 * chunk.length > bytes.length) {
      if (!writeTextFully(fd, chunk, patienceMs)) return false;
    } else {
      used += bytes.write(chunk, used, 'utf8');
    }
  }
  return used === 0 || writeFully(fd, bytes.subarray(0, used), patienceMs);
}

/** writeTextFully of a whole text, or writeChunksFully of one in pieces (ReportText). */
export function writeReportTextFully(fd: number, text: ReportText, patienceMs = Number.POSITIVE_INFINITY): boolean {
  return typeof text === 'string' ? writeTextFully(fd, text, patienceMs) : writeChunksFully(fd, text.chunks, patienceMs);
}

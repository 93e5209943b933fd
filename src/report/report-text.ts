import { constants } from 'node:buffer';

/**
 * A report's text as a formatter hands it to the writers (src/cli/stdio.ts, src/cli/output.ts): a
 * string, or pieces made while they are written (jsonChunks), so that a report of tens of megabytes
 * is never held whole.
 */
export type ReportText = string | ChunkedText;

/** Text in pieces, each whole lines (it ends with a line break), written in order; iterated once. */
export interface ChunkedText {
  readonly chunks: Iterable<string>;
}

/** The whole text (for a caller that needs it as one string: a test, a report read back). */
export function textOf(text: ReportText): string {
  return typeof text === 'string' ? text : Array.from(text.chunks).join('');
}

/**
 * `text` with `rewrite` applied: to the whole string, or to each piece as it is written. Only for a
 * rewrite that works within a line (withoutRunnerCommands): the pieces are whole lines, so rewriting
 * each gives what rewriting them joined would.
 */
export function mapText(text: ReportText, rewrite: (text: string) => string): ReportText {
  return typeof text === 'string' ? rewrite(text) : { chunks: mapped(text.chunks, rewrite) };
}

function* mapped(chunks: Iterable<string>, rewrite: (text: string) => string): Generator<string, void, undefined> {
  for (const chunk of chunks) yield rewrite(chunk);
}

/**
 * `text` followed by `tail` (whole lines: a text report's matrix tables), as pieces written one after the other.
 * Why not `text + tail`: that makes a cons string, which the first look at it (withoutRunnerCommands) flattens, a
 * copy of the whole report made for one write; the text report of a 512-variant matrix with 128 unmet expect:
 * entries each is 21 MB, and copying it was about 80 ms of CPU (measured in isolation, 21 MB of its lines).
 * @param text whole lines (it ends with a line break, or is empty)
 * @throws RangeError when the two are longer than V8's longest string, as `text + tail` threw (withinOneString)
 */
export function appendText(text: ReportText, tail: string): ReportText {
  if (tail === '') return text;
  if (typeof text !== 'string') return { chunks: followedBy(text.chunks, tail) };
  withinOneString(text.length + tail.length);
  return { chunks: [text, tail] };
}

function* followedBy(chunks: Iterable<string>, tail: string): Generator<string, void, undefined> {
  yield* chunks;
  yield tail;
}

/**
 * Throws what V8 throws for a string longer than it can hold (a RangeError, "Invalid string length") when `chars`
 * is past that length: a report written in pieces is held to the limit it had as one string, which
 * withinReportLimit refuses with the limit named (src/cli/report-size.ts).
 */
function withinOneString(chars: number): void {
  if (chars > constants.MAX_STRING_LENGTH) throw new RangeError('Invalid string length');
}

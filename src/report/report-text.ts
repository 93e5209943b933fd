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

/**
 * Where an architecture's semantic checks (ArchPlugin.check: values the
 * schema accepts but that cannot describe a machine or a kernel) report:
 * a sink that turns a path into the scenario data into line:col in a file.
 * Composing (compose/checks.ts) runs the checks on the merged data of a
 * scenario and its bases and picks the file each path comes from.
 */
import { isScalar } from 'yaml';
import type { ProblemSink } from '../arch/types.js';
import type { Path } from './path-text.js';
import { placeOf, posOf, report, type Ctx, type Doc } from './yaml-positions.js';

/**
 * The sink an architecture's checks report through. A problem with an offset
 * points at that character of a string value when the scalar is on one line
 * and its source text is exactly its value (no escapes, no folding), so that
 * character offsets in the value are offsets in the file; otherwise at the
 * value's start.
 */
export function sinkFor(ctx: Ctx, doc: Doc): ProblemSink {
  return {
    at(path: Path, message: string, offset?: number): void {
      const node = placeOf(doc, path);
      if (offset === undefined) {
        report(ctx, node, message);
        return;
      }
      const start = posOf(ctx, node);
      let exact: number | undefined;
      if (isScalar(node) && typeof node.value === 'string' && node.range !== undefined && node.range !== null) {
        const source = ctx.text.slice(node.range[0], node.range[1]);
        const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : node.type === 'PLAIN' ? 0 : undefined;
        if (quote !== undefined && !source.includes('\n') && source.slice(quote, source.length - quote) === node.value) exact = quote;
      }
      const col = exact === undefined ? start.col : start.col + exact + offset;
      ctx.problems.push({ file: ctx.file, line: start.line, col, message });
    },
  };
}

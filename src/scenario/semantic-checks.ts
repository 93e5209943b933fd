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
import { sourceOffsetOf } from './scalar-offset.js';
import { placeOf, posOf, positionAt, report, type Ctx, type Doc } from './yaml-positions.js';

/**
 * The sink an architecture's checks report through. A problem with an offset
 * points at that character of a string value, also in a folded or literal
 * block or a scalar broken over lines (scalar-offset.ts), when the source
 * text can be matched to the value; otherwise (escapes) at the value's start.
 */
export function sinkFor(ctx: Ctx, doc: Doc): ProblemSink {
  return {
    at(path: Path, message: string, offset?: number): void {
      const node = placeOf(doc, path);
      if (offset === undefined) {
        report(ctx, node, message);
        return;
      }
      let at: number | undefined;
      if (isScalar(node) && typeof node.value === 'string' && node.range !== undefined && node.range !== null) {
        const inSource = sourceOffsetOf(ctx.text.slice(node.range[0], node.range[1]), node.type, node.value, offset);
        if (inSource !== undefined) at = node.range[0] + inSource;
      }
      const { line, col } = at === undefined ? posOf(ctx, node) : positionAt(ctx, at);
      ctx.problems.push({ file: ctx.file, line, col, message });
    },
  };
}

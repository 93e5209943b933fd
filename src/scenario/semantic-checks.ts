/**
 * Semantic checks: values the schema accepts but that cannot describe a
 * machine or a kernel. The generic part is call availability per kernel;
 * everything else is the architecture's own check (ArchPlugin.check). Each
 * check runs on its own part of the raw data, so a file with schema problems
 * still gets these reported where they can be.
 */
import { isScalar } from 'yaml';
import type { ArchPlugin, KernelVersion, ProblemSink } from '../arch/types.js';
import { isRecord } from './is-record.js';
import { messageLabel, type Path } from './path-text.js';
import { placeOf, posOf, report, type Ctx, type Doc } from './yaml-positions.js';

export function semanticChecks(ctx: Ctx, doc: Doc, data: unknown, plugin: ArchPlugin): void {
  if (!isRecord(data)) return;
  const machine = isRecord(data['machine']) ? data['machine'] : {};
  const config = isRecord(data['config']) ? data['config'] : {};

  const kernelText = data['kernel'] ?? plugin.kernels.newest;
  const kernel = typeof kernelText === 'string' ? plugin.kernels.parse(kernelText) : undefined;
  if (kernel?.ok === true) checkAvailability(ctx, doc, data['setup_arch'], plugin, kernel.version, data['kernel'] === undefined);

  plugin.check({ config, machine, kernel: kernel?.ok === true ? kernel.version : undefined }, sinkFor(ctx, doc));
}

function checkAvailability(ctx: Ctx, doc: Doc, steps: unknown, plugin: ArchPlugin, kernel: KernelVersion, defaulted: boolean): void {
  if (!Array.isArray(steps)) return;
  const known = new Set(plugin.callNames);
  steps.forEach((step: unknown, i) => {
    const call = isRecord(step) ? step['call'] : step;
    if (typeof call !== 'string' || !known.has(call)) return;
    const a = plugin.availability(call, kernel);
    if (a.ok) return;
    const path = isRecord(step) ? ['setup_arch', i, 'call'] : ['setup_arch', i];
    const hint = defaulted ? `; kernel: is not set, so the newest modeled (${plugin.kernels.newest}) is used` : '';
    report(ctx, placeOf(doc, path), `${messageLabel(path)}: ${a.reason}${hint}`);
  });
}

/**
 * The sink an architecture's checks report through. A problem with an offset
 * points at that character of a string value when the scalar is on one line
 * and its source text is exactly its value (no escapes, no folding), so that
 * character offsets in the value are offsets in the file; otherwise at the
 * value's start.
 */
function sinkFor(ctx: Ctx, doc: Doc): ProblemSink {
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

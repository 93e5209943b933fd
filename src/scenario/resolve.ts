/**
 * Defaults and positions: validated data → the Scenario the replay consumes.
 * The shared keys get their defaults here; `config:` and `machine:` get the
 * architecture's (ArchPlugin.resolve). Every key and list item gets its
 * source position.
 */
import { basename, extname } from 'node:path';
import type { ArchPlugin } from '../arch/types.js';
import type { ScenarioParsed } from './schema.js';
import type { Pos, Scenario, Step } from './types.js';
import { keyEntries, placeOf, posOf, report, type Ctx, type Doc } from './yaml-positions.js';

export function resolve(ctx: Ctx, doc: Doc, parsed: ScenarioParsed, plugin: ArchPlugin): Scenario | undefined {
  const kernel = plugin.kernels.parse(parsed.kernel ?? plugin.kernels.newest);
  if (!kernel.ok) {
    // The schema has already accepted it; this would be a bug in the schema.
    report(ctx, placeOf(doc, ['kernel']), `kernel: ${kernel.reason}`);
    return undefined;
  }
  const positions: Record<string, Pos> = { '': { line: 1, col: 1 } };
  for (const entry of keyEntries(doc)) positions[entry.path] ??= posOf(ctx, entry.key);

  const steps: Step[] = parsed.setup_arch.map((item, i) => ({
    call: typeof item === 'string' ? item : item.call,
    note: typeof item === 'string' ? undefined : item.note,
    index: i + 1,
    pos: positions[`setup_arch[${i}]`] ?? positions['setup_arch'] ?? { line: 1, col: 1 },
  }));

  const { config, machine } = plugin.resolve(parsed.config, parsed.machine);
  return {
    file: ctx.file,
    name: parsed.name ?? basename(ctx.file, extname(ctx.file)),
    description: parsed.description ?? '',
    arch: plugin.id,
    kernel: kernel.version,
    config,
    machine,
    steps,
    positions,
  };
}

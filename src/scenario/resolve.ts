/**
 * Defaults and positions: validated data → the Scenario the replay consumes.
 * Every field the file leaves out gets its default here, after validation,
 * and every key and list item gets its source position.
 */
import { basename, extname } from 'node:path';
import { parseCmdline } from '../arch/x86_32/cmdline.js';
import { PAGE_SIZE } from '../arch/x86_32/geometry.js';
import { NEWEST_KERNEL, parseKernelVersion } from '../arch/x86_32/kernel-version.js';
import { DEFAULT_CONFIG, DEFAULT_MACHINE } from './defaults.js';
import type { ScenarioParsed } from './schema.js';
import type { Pos, Scenario, Step } from './types.js';
import { keyEntries, placeOf, posOf, report, type Ctx, type Doc } from './yaml-positions.js';

function withDefaults<T extends object>(defaults: T, given: { [K in keyof T]?: T[K] | undefined } | undefined): T {
  const out: { -readonly [K in keyof T]: T[K] } = { ...defaults };
  if (given !== undefined) {
    for (const key of Object.keys(given) as (keyof T)[]) {
      const v = given[key];
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

export function resolve(ctx: Ctx, doc: Doc, parsed: ScenarioParsed): Scenario | undefined {
  const kernel = parseKernelVersion(parsed.kernel ?? NEWEST_KERNEL);
  if (!kernel.ok) {
    // The schema has already accepted it; this would be a bug in the schema.
    report(ctx, placeOf(doc, ['kernel']), `kernel: ${kernel.reason}`);
    return undefined;
  }
  const machine = withDefaults(DEFAULT_MACHINE, parsed.machine);
  const positions: Record<string, Pos> = { '': { line: 1, col: 1 } };
  for (const entry of keyEntries(doc)) positions[entry.path] ??= posOf(ctx, entry.key);

  const steps: Step[] = parsed.setup_arch.map((item, i) => ({
    call: typeof item === 'string' ? item : item.call,
    note: typeof item === 'string' ? undefined : item.note,
    index: i + 1,
    pos: positions[`setup_arch[${i}]`] ?? positions['setup_arch'] ?? { line: 1, col: 1 },
  }));

  return {
    file: ctx.file,
    name: parsed.name ?? basename(ctx.file, extname(ctx.file)),
    description: parsed.description ?? '',
    kernel: kernel.version,
    arch: 'x86_32',
    config: withDefaults(DEFAULT_CONFIG, parsed.config),
    machine: {
      ...machine,
      // RAM is counted in whole pages (max_pfn = end >> PAGE_SHIFT), so a ragged size rounds down.
      memory: machine.memory - (machine.memory % PAGE_SIZE),
      params: parseCmdline(machine.cmdline).params,
    },
    steps,
    positions,
  };
}

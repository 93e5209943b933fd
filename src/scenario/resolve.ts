/**
 * Defaults and positions: validated data → the Scenario the replay consumes.
 * The shared keys get their defaults here; `config:` and `machine:` get the
 * architecture's (ArchPlugin.resolve). Every key and list item gets its
 * source position.
 */
import { basename, extname } from 'node:path';
import type { ArchPlugin } from '../arch/types.js';
import { parseCallRef } from './order-edit.js';
import type { ScenarioParsed } from './schema.js';
import type { Allowance, Expectation, Pos, Scenario, Step } from './types.js';
import { keyEntries, placeOf, posOf, report, type Ctx, type Doc, type KeyEntry } from './yaml-positions.js';

type StepLines = NonNullable<Step['lines']>;

/**
 * The whole source lines of each setup_arch item, when every item of the
 * block list starts its own line after its `-` (a flow list `[a, b]` has
 * none): what a SARIF fix replaces.
 */
function itemLines(ctx: Ctx, entries: readonly KeyEntry[], count: number): (StepLines | undefined)[] {
  const starts = ctx.lines.lineStarts;
  const out: (StepLines | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const range = entries.find((e) => e.path === `setup_arch[${i}]`)?.key.range;
    if (range === undefined || range === null) return [];
    const first = ctx.lines.linePos(range[0]).line;
    const last = ctx.lines.linePos(Math.max(range[0], range[1] - 1)).line;
    const from = starts[first - 1] ?? 0;
    const prev = out[i - 1];
    if (!/^\s*-\s+$/.test(ctx.text.slice(from, range[0])) || (prev !== undefined && prev.last >= first)) return [];
    const to = starts[last] ?? ctx.text.length;
    const text = ctx.text.slice(from, to);
    out.push({ first, last, text: text.endsWith('\n') ? text : `${text}\n` });
  }
  return out;
}

function expectationOf(entry: { rule: string; step: string; variant?: string | undefined }, pos: Pos | undefined): Expectation {
  // the schema has checked the step's form
  const step = parseCallRef(entry.step) ?? { name: entry.step, occurrence: 1 };
  return { rule: entry.rule, step, variant: entry.variant, pos: pos ?? { line: 1, col: 1 } };
}

export function resolve(ctx: Ctx, doc: Doc, parsed: ScenarioParsed, plugin: ArchPlugin): Scenario | undefined {
  const kernel = plugin.kernels.parse(parsed.kernel ?? plugin.kernels.newest);
  if (!kernel.ok) {
    // The schema has already accepted it; this would be a bug in the schema.
    report(ctx, placeOf(doc, ['kernel']), `kernel: ${kernel.reason}`);
    return undefined;
  }
  const positions: Record<string, Pos> = { '': { line: 1, col: 1 } };
  const entries = keyEntries(doc);
  for (const entry of entries) positions[entry.path] ??= posOf(ctx, entry.key);

  const lines = itemLines(ctx, entries, parsed.setup_arch.length);
  const steps: Step[] = parsed.setup_arch.map((item, i) => ({
    call: typeof item === 'string' ? item : item.call,
    note: typeof item === 'string' ? undefined : item.note,
    index: i + 1,
    pos: positions[`setup_arch[${i}]`] ?? positions['setup_arch'] ?? { line: 1, col: 1 },
    lines: lines[i],
  }));
  const expect = parsed.expect?.map((e, i) => expectationOf(e, positions[`expect[${i}]`]));
  const allow = parsed.allow?.map((a, i): Allowance => ({ ...expectationOf(a, positions[`allow[${i}]`]), reason: a.reason.trim() }));

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
    ...(expect !== undefined ? { expect } : {}),
    ...(allow !== undefined ? { allow } : {}),
  };
}

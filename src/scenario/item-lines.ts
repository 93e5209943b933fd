/**
 * The whole source lines of each setup_arch item, when every item of the
 * block list starts its own line after its `-` (a flow list `[a, b]` has
 * none): what a SARIF fix replaces (src/report/fix-text.ts).
 */
import type { Step } from './types.js';
import type { Ctx, KeyEntry } from './yaml-positions.js';

export type StepLines = NonNullable<Step['lines']>;

const ITEM_PREFIX = 'setup_arch[';

/** @returns one entry per item, or [] when the list is not one item per line */
export function itemLines(ctx: Ctx, entries: readonly KeyEntry[], count: number): (StepLines | undefined)[] {
  const starts = ctx.lines.lineStarts;
  // the items' own entries ("setup_arch[3]", not "setup_arch[3].note") by index, the last of a path winning;
  // an array, not a map of paths looked up by a path spelled for each item (10,000 in a long order)
  const byIndex: (KeyEntry | undefined)[] = [];
  for (const e of entries) {
    if (!e.path.startsWith(ITEM_PREFIX) || !e.path.endsWith(']')) continue;
    const i = Number(e.path.slice(ITEM_PREFIX.length, -1));
    if (Number.isInteger(i) && i >= 0 && i < count) byIndex[i] = e;
  }
  const out: (StepLines | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const range = byIndex[i]?.key.range;
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

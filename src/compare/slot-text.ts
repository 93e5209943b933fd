/**
 * How positions of a moved call are named in reports: by the calls of the
 * scenario's own order around them, with their step numbers there
 * ("after find_low_pfn_range (step 21) and before init_memory_mapping
 * (step 22)"), never by the step numbers of a replayed variant.
 */
import type { Step } from '../scenario/types.js';

/** "vmi_init (step 35)" */
export function stepLabel(s: Step): string {
  return `${s.call} (step ${s.index})`;
}

/** The order without the call at `from`: slot k lies before rest[k]. */
export function restOf(order: readonly Step[], from: number): Step[] {
  return [...order.slice(0, from), ...order.slice(from + 1)];
}

/**
 * Slots lo … hi (inclusive) of the rest in words: "anywhere", "before B",
 * "after A", "after A and before B" (A is the call before slot lo, B the
 * call after slot hi).
 */
export function slotRangeText(rest: readonly Step[], lo: number, hi: number): string {
  const after = lo > 0 ? rest[lo - 1] : undefined;
  const before = hi < rest.length ? rest[hi] : undefined;
  if (after === undefined && before === undefined) return 'anywhere';
  if (after === undefined && before !== undefined) return `before ${stepLabel(before)}`;
  if (before === undefined && after !== undefined) return `after ${stepLabel(after)}`;
  if (after !== undefined && before !== undefined) {
    return lo === hi ? `between ${stepLabel(after)} and ${stepLabel(before)}` : `after ${stepLabel(after)} and before ${stepLabel(before)}`;
  }
  return 'anywhere';
}

/** How many calls with an effect a move from `from` to `slot` jumps over. */
export function displacement(order: readonly Step[], from: number, slot: number, hasEffect: (call: string) => boolean): number {
  const rest = restOf(order, from);
  const [a, b] = slot < from ? [slot, from] : [from, slot];
  let n = 0;
  for (let i = a; i < b; i++) {
    const s = rest[i];
    if (s !== undefined && hasEffect(s.call)) n++;
  }
  return n;
}

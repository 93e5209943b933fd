/**
 * Moves in the shared edit vocabulary (src/scenario/order-edit.ts): the
 * OrderEdits that turn an order into one the engine replayed, so a verified
 * fix can be printed, written as JSON (`{move: vmi_init, after:
 * find_low_pfn_range}`) and applied by tools or `patch:`.
 */
import { applyEditsToNames, refAt, type OrderEdit, type Placement } from '../scenario/order-edit.js';

/** Where to anchor a single move: after the call before the slot, before the call after it, or whichever it jumps over. */
export type AnchorSide = Placement | 'nearest';

/**
 * The edit that takes the call at `from` to `slot` of the rest of the order
 * (the order without it; slot 0 = first, slot n-1 = last).
 */
export function moveEdit(names: readonly string[], from: number, slot: number, side: AnchorSide): OrderEdit {
  const rest = [...names.slice(0, from), ...names.slice(from + 1)];
  const call = refAt(names, from);
  let where: Placement;
  if (slot <= 0) where = 'before';
  else if (slot >= rest.length) where = 'after';
  else if (side === 'nearest') where = slot < from ? 'before' : 'after';
  else where = side;
  const anchorAt = where === 'before' ? Math.max(0, slot) : Math.min(rest.length, slot) - 1;
  return { op: 'move', call, where, anchor: refAt(names, withMoved(anchorAt, from)) };
}

/**
 * A position of the rest of the order (the moving call taken out) as a
 * position of the order with it in place: both references of a move name
 * calls of the order before it (order-edit.ts applyEdits), so `vmi_init#2`
 * counts the moving vmi_init too.
 */
function withMoved(restIndex: number, from: number): number {
  return restIndex < from ? restIndex : restIndex + 1;
}

/**
 * Moves that turn `base` into `target` (the same items, reordered), moving
 * only the items of `moved`: each goes right after its predecessor in the
 * target, the first before whatever is first; one already there is not
 * moved (each edit changes the order, as `patch:` requires). Items are
 * compared by identity, so repeated call names stay apart.
 *
 * @throws Error when the edits do not reproduce the target (a bug, not an input problem)
 */
export function movesToReach<T>(base: readonly T[], target: readonly T[], moved: ReadonlySet<T>, nameOf: (item: T) => string): OrderEdit[] {
  let cur = [...base];
  const edits: OrderEdit[] = [];
  for (let t = 0; t < target.length; t++) {
    const item = target[t] as T;
    if (!moved.has(item)) continue;
    const from = cur.indexOf(item);
    const pred = t > 0 ? target[t - 1] : undefined;
    // already where it goes (an earlier move put its neighbour next to it): a move would change nothing, and
    // `patch:` refuses a move that changes nothing, so the edits would not load as the patch they claim to be
    if (pred === undefined ? from === 0 : from > 0 && cur[from - 1] === pred) continue;
    const rest = cur.filter((x) => x !== item);
    const names = cur.map(nameOf);
    const call = refAt(names, from);
    if (pred === undefined) {
      edits.push({ op: 'move', call, where: 'before', anchor: refAt(names, withMoved(0, from)) });
      cur = [item, ...rest];
    } else {
      const at = rest.indexOf(pred);
      edits.push({ op: 'move', call, where: 'after', anchor: refAt(names, withMoved(at, from)) });
      cur = [...rest.slice(0, at + 1), item, ...rest.slice(at + 1)];
    }
  }
  const check = applyEditsToNames(base.map(nameOf), edits);
  const want = target.map(nameOf);
  if (!check.ok || check.order.join(' ') !== want.join(' ')) throw new Error('internal: move edits do not reproduce the order');
  return edits;
}

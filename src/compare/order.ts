/**
 * The order diff: a minimal edit script that turns setup_arch A into B, in
 * the vocabulary of order-edit.ts (so `bisect` and fix hints can replay it).
 * A call is the same in A and B when its name and occurrence match
 * (vmi_init#2 is the second vmi_init), as findings are matched. Calls only
 * in A are removed, calls only in B inserted; of the calls in both, a longest
 * common subsequence stays put and every other one is moved, as one edit.
 * With insert and remove fixed by the two sets, that is the fewest edits.
 *
 * applyEditsToNames(a, diffOrder(a, b).edits.map(c => c.edit)) equals b.
 */
import { refAt, type OrderEdit } from '../scenario/order-edit.js';

/** One edit with the step numbers (1-based) it concerns on each side. */
export interface OrderChange {
  readonly edit: OrderEdit;
  /** the call's step number in A (moved, removed, replaced) */
  readonly a?: number | undefined;
  /** its step number in B (moved, inserted, replacing) */
  readonly b?: number | undefined;
}

interface Item {
  readonly name: string;
  /** name#occurrence: the identity of a call across A and B */
  readonly key: string;
  /** 0-based position in its order */
  readonly at: number;
}

function items(order: readonly string[]): Item[] {
  const seen = new Map<string, number>();
  return order.map((name, at) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { name, key: `${name}#${n}`, at };
  });
}

/** Keys of a longest common subsequence of two key lists (O(n·m); orders are tens of calls). */
function lcs(a: readonly string[], b: readonly string[]): Set<string> {
  const cols = b.length + 1;
  const len = new Uint16Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      len[i * cols + j] = a[i] === b[j] ? (len[(i + 1) * cols + j + 1] ?? 0) + 1 : Math.max(len[(i + 1) * cols + j] ?? 0, len[i * cols + j + 1] ?? 0);
    }
  }
  const out = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      out.add(a[i] ?? '');
      i++;
      j++;
    } else if ((len[(i + 1) * cols + j] ?? 0) >= (len[i * cols + j + 1] ?? 0)) i++;
    else j++;
  }
  return out;
}

/**
 * @param a the call names of setup_arch A, in order
 * @param b the call names of setup_arch B, in order
 * @returns the edits in the order they apply: removals (A's order), then
 *   moves and insertions in B's order, each anchored to the call B has just before it
 */
export function diffOrder(a: readonly string[], b: readonly string[]): OrderChange[] {
  const ia = items(a);
  const ib = items(b);
  const inA = new Map(ia.map((x) => [x.key, x]));
  const inB = new Set(ib.map((x) => x.key));
  const kept = lcs(ia.filter((x) => inB.has(x.key)).map((x) => x.key), ib.filter((x) => inA.has(x.key)).map((x) => x.key));
  const changes: OrderChange[] = [];
  // cur: the keys of the order as the edits so far left it
  const cur = ia.map((x) => x.key);
  const names = (): string[] => cur.map((k) => k.slice(0, k.lastIndexOf('#')));

  const removed = ia.filter((x) => !inB.has(x.key));
  // With nothing in common, the last removal becomes a replace, so B's first call has an anchor.
  const replaceLast = kept.size === 0 && removed.length > 0 && ib.length > 0 && ib.every((x) => !inA.has(x.key));
  removed.forEach((x, n) => {
    const at = cur.indexOf(x.key);
    const ref = refAt(names(), at);
    const first = ib[0];
    if (replaceLast && n === removed.length - 1 && first !== undefined) {
      changes.push({ edit: { op: 'replace', call: ref, with: first.name }, a: x.at + 1, b: 1 });
      cur[at] = first.key;
      return;
    }
    changes.push({ edit: { op: 'remove', call: ref }, a: x.at + 1 });
    cur.splice(at, 1);
  });

  ib.forEach((x, j) => {
    if (kept.has(x.key)) return;
    const prev = j > 0 ? ib[j - 1]?.key : undefined;
    const from = cur.indexOf(x.key);
    // already right after the call B has before it (or first): nothing to do
    if (from >= 0 && (prev === undefined ? from === 0 : cur[from - 1] === prev)) return;
    const call = from >= 0 ? refAt(names(), from) : undefined;
    if (from >= 0) cur.splice(from, 1);
    // a setup_arch is never empty (the schema wants one call), so there is always an anchor
    const anchor = refAt(names(), prev === undefined ? 0 : cur.indexOf(prev));
    const where = prev === undefined ? 'before' : 'after';
    cur.splice(prev === undefined ? 0 : cur.indexOf(prev) + 1, 0, x.key);
    const origin = inA.get(x.key);
    changes.push(call !== undefined && origin !== undefined
      ? { edit: { op: 'move', call, where, anchor }, a: origin.at + 1, b: j + 1 }
      : { edit: { op: 'insert', call: x.name, where, anchor }, b: j + 1 });
  });
  return changes;
}

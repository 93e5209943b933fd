/**
 * The order diff, the one algorithm `diff`, `bisect` and the findings diff
 * share: an alignment of setup_arch A with B and a minimal edit script that
 * turns A into B, in the vocabulary of order-edit.ts (so `bisect`, `patch:`
 * and fix hints can replay it).
 *
 * Alignment: a longest common subsequence of the two name lists stays put
 * (calls matched by name, so a repeated call matches whichever occurrence
 * keeps the most calls in place); of the calls left over, a name in both is
 * the same call moved (the k-th leftover vmi_init of A with the k-th of B);
 * the rest are removed (A) or inserted (B). That is the fewest edits a
 * script of moves, inserts and removes can have:
 *   moves + removes + inserts = |A| + |B| − common − LCS,
 * with common the size of the multiset intersection of the two orders (a
 * call not in the LCS has to be moved, a call only on one side removed or
 * inserted). Calls swapped in place (as many removed as inserted between
 * the same two calls that stay put; setup_memory → find_low_pfn_range) are
 * written as `replace`, each counted as a remove and an insert in that
 * bound.
 *
 * applyEditsToNames(a, diffOrder(a, b).map((c) => c.edit)) equals b.
 */
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { refAt, type OrderEdit } from '../scenario/order-edit.js';

/** One edit with the step numbers (1-based) it concerns on each side. */
export interface OrderChange {
  readonly edit: OrderEdit;
  /** the call's step number in A (moved, removed, replaced) */
  readonly a?: number | undefined;
  /** its step number in B (moved, inserted, replacing) */
  readonly b?: number | undefined;
}

/** How each call of A relates to B (positions are 0-based). */
export interface Alignment {
  /** per position of A: its position in B (kept or moved), or -1 (removed or replaced) */
  readonly aToB: readonly number[];
  /** per position of B: its position in A (kept or moved), or -1 (inserted or replacing) */
  readonly bToA: readonly number[];
  /** per position of A: whether it is in the common subsequence that stays put */
  readonly kept: readonly boolean[];
  /** [A position, B position] of each call of A replaced by a call of B at the same place */
  readonly replaced: readonly (readonly [number, number])[];
}

/**
 * Cells of the table the common-subsequence search of the middle of two
 * orders may fill (2 bytes each): two whole orders of max-calls calls, so
 * that every pair of orders a scenario can hold gets the shortest script
 * (8 MiB, about 30 ms). At 4,000,000 (two 2,000-call middles) two
 * 2,048-call orders fell back to matching by name, a script twice the
 * shortest (helper-185 6). A real order has about 60 calls, and two versions
 * of one differ in a short middle after the common prefix and suffix are
 * taken off; two 10,000-call files (the max-calls of then) that share
 * neither took 535 MB and 13 s before (review 12, 4.1).
 */
export const MAX_LCS_CELLS = (DEFAULT_LIMITS.maxCalls + 1) ** 2;

/**
 * Index pairs of a common subsequence of two name lists: the common prefix
 * (and, when the rest is too large for the table, the common suffix), and
 * between them a longest common subsequence (O(n·m) over the middle). A
 * middle larger than MAX_LCS_CELLS gets no pairs: its calls are
 * then matched by name and occurrence as moves (alignOrders), an edit script
 * that is right but not the shortest.
 */
function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) ids.set(s, (n = ids.size));
    return n;
  };
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  // the common suffix is taken off only when the table would be too large with it: the search from the
  // front may pair a suffix call with an earlier one of the same name (as many pairs, another script),
  // and orders of a real size keep the script they always had
  let tail = 0;
  if ((a.length - head + 1) * (b.length - head + 1) > MAX_LCS_CELLS) {
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  const x = a.slice(head, a.length - tail).map(id);
  const y = b.slice(head, b.length - tail).map(id);
  const cols = y.length + 1;
  if ((x.length + 1) * cols <= MAX_LCS_CELLS) {
    // a length is at most max-calls (2,048): two bytes a cell
    const len = new Uint16Array((x.length + 1) * cols);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        len[i * cols + j] = x[i] === y[j] ? (len[(i + 1) * cols + j + 1] ?? 0) + 1 : Math.max(len[(i + 1) * cols + j] ?? 0, len[i * cols + j + 1] ?? 0);
      }
    }
    for (let i = 0, j = 0; i < x.length && j < y.length;) {
      if (x[i] === y[j] && len[i * cols + j] === (len[(i + 1) * cols + j + 1] ?? 0) + 1) {
        pairs.push([head + i, head + j]);
        i++;
        j++;
      } else if ((len[(i + 1) * cols + j] ?? 0) >= (len[i * cols + j + 1] ?? 0)) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/**
 * Aligns two orders: the common subsequence that stays put, the calls moved,
 * and the calls removed, inserted or replaced.
 * @param a the call names of setup_arch A, in order
 * @param b the call names of setup_arch B, in order
 */
export function alignOrders(a: readonly string[], b: readonly string[]): Alignment {
  const aToB = a.map(() => -1);
  const bToA = b.map(() => -1);
  const kept = a.map(() => false);
  const pairs = lcsPairs(a, b);
  for (const [i, j] of pairs) {
    aToB[i] = j;
    bToA[j] = i;
    kept[i] = true;
  }
  // leftovers with the same name are the same call, moved: the k-th of A with the k-th of B
  const leftA = new Map<string, number[]>();
  a.forEach((name, i) => {
    if (aToB[i] !== -1) return;
    const list = leftA.get(name);
    if (list === undefined) leftA.set(name, [i]);
    else list.push(i);
  });
  const taken = new Map<string, number>();
  b.forEach((name, j) => {
    if (bToA[j] !== -1) return;
    const k = taken.get(name) ?? 0;
    const i = leftA.get(name)?.[k];
    if (i === undefined) return;
    taken.set(name, k + 1);
    aToB[i] = j;
    bToA[j] = i;
  });
  // calls swapped in place: where the calls removed and the calls inserted between the same two
  // kept calls are equally many, the k-th removed is replaced by the k-th inserted (one edit each);
  // an uneven gap (two calls removed, five inserted) is no swap and stays removes and inserts
  // the gap of a call: the index of the first pair after it (-1 past the last), as findIndex gave it
  const gapsOf = (length: number, side: 0 | 1): Int32Array => {
    const gaps = new Int32Array(length).fill(-1);
    let p = 0;
    for (let i = 0; i < length; i++) {
      while (p < pairs.length && (pairs[p] as [number, number])[side] <= i) p++;
      if (p < pairs.length) gaps[i] = p;
    }
    return gaps;
  };
  const gapA = gapsOf(a.length, 0);
  const gapB = gapsOf(b.length, 1);
  const group = (into: Map<number, number[]>, gap: number, i: number): void => {
    const list = into.get(gap);
    if (list === undefined) into.set(gap, [i]);
    else list.push(i);
  };
  const removed = new Map<number, number[]>();
  a.forEach((_, i) => { if (aToB[i] === -1) group(removed, gapA[i] ?? -1, i); });
  const inserted = new Map<number, number[]>();
  b.forEach((_, j) => { if (bToA[j] === -1) group(inserted, gapB[j] ?? -1, j); });
  const replaced: [number, number][] = [];
  for (const [gap, is] of removed) {
    const js = inserted.get(gap) ?? [];
    if (js.length === is.length) is.forEach((i, k) => replaced.push([i, js[k] ?? -1]));
  }
  // every call of A removed: one of them is replaced, so that B's first call has an anchor
  const firstIn = bToA.findIndex((x) => x === -1);
  if (replaced.length === 0 && a.length > 0 && aToB.every((x) => x === -1) && firstIn === 0) replaced.push([a.length - 1, 0]);
  replaced.sort((x, y) => x[0] - y[0]);
  return { aToB, bToA, kept, replaced };
}

/**
 * @param a the call names of setup_arch A, in order
 * @param b the call names of setup_arch B, in order
 * @returns the edits in the order they apply: replaces and removals (A's
 *   order), then moves and insertions in B's order, each anchored to the
 *   call B has just before it (or before B's first call)
 */
export function diffOrder(a: readonly string[], b: readonly string[], alignment = alignOrders(a, b)): OrderChange[] {
  const { aToB, bToA, kept, replaced } = alignment;
  const replaceOf = new Map(replaced.map(([i, j]) => [i, j]));
  const replacing = new Set(replaced.map(([, j]) => j));
  // cur: the order as the edits so far left it, each item tagged with its B position once it has one
  const cur: { name: string; b: number }[] = a.map((name, i) => ({ name, b: kept[i] === true ? aToB[i] ?? -1 : -1 }));
  const names = (): string[] => cur.map((x) => x.name);
  const changes: OrderChange[] = [];
  // replaces and removals, in A's order (a replaced call's place is B's from now on)
  let at = 0;
  a.forEach((_, i) => {
    const j = replaceOf.get(i);
    if (j !== undefined) {
      const name = b[j] ?? '';
      changes.push({ edit: { op: 'replace', call: refAt(names(), at), with: name }, a: i + 1, b: j + 1 });
      cur[at] = { name, b: j };
    } else if (aToB[i] === -1) {
      changes.push({ edit: { op: 'remove', call: refAt(names(), at) }, a: i + 1 });
      cur.splice(at, 1);
      return;
    }
    at++;
  });
  // the calls of A that move: tagged with their B position, still at their A place
  let k = 0;
  a.forEach((_, i) => {
    if (aToB[i] === -1 && replaceOf.get(i) === undefined) return;
    const item = cur[k++];
    if (item !== undefined && kept[i] !== true && replaceOf.get(i) === undefined) item.b = -2 - (aToB[i] ?? 0);
  });
  // moves and inserts in B's order, each right after the call B has before it
  b.forEach((name, j) => {
    if (replacing.has(j)) return;
    const from = cur.findIndex((x) => x.b === j || x.b === -2 - j);
    if (from >= 0 && cur[from]?.b === j) return; // kept: in place
    const prevAt = j === 0 ? -1 : cur.findIndex((x) => x.b === j - 1);
    // already right after its predecessor (or first): nothing to do
    if (from >= 0 && (j === 0 ? from === 0 : prevAt >= 0 && from === prevAt + 1)) {
      const item = cur[from];
      if (item !== undefined) item.b = j;
      return;
    }
    // both references name calls of the order before the edit (order-edit.ts applyEdits): X#2 is
    // counted with the moving X still in place
    const before = names();
    const call = from >= 0 ? refAt(before, from) : undefined;
    // a setup_arch is never empty (the schema wants one call), so there is always an anchor
    const anchor = refAt(before, j === 0 ? 0 : cur.findIndex((x) => x.b === j - 1));
    if (from >= 0) cur.splice(from, 1);
    const anchorAt = j === 0 ? 0 : cur.findIndex((x) => x.b === j - 1);
    const where = j === 0 ? 'before' : 'after';
    cur.splice(j === 0 ? 0 : anchorAt + 1, 0, { name, b: j });
    const origin = bToA[j] ?? -1;
    changes.push(call !== undefined
      ? { edit: { op: 'move', call, where, anchor }, a: origin + 1, b: j + 1 }
      : { edit: { op: 'insert', call: name, where, anchor }, b: j + 1 });
  });
  return changes;
}

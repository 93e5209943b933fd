/**
 * Interval lists: the page-table model's only data structure. A list is a
 * sorted array of disjoint runs [from, to) over some index space (PMD
 * numbers, virtual page numbers, pfns), each with a value and an optional
 * linear number `at` (the pfn or frame of the run's first index). Gaps carry
 * no value. Lists are never mutated: every update returns a new array, so a
 * snapshot of the model is a shallow copy.
 *
 * Sizes stay small whatever the memory size: a run covers any number of
 * pages with the same value, so a 64 GiB machine has as many runs as 64 MiB.
 */
export interface Run<V> {
  readonly from: number;
  /** exclusive */
  readonly to: number;
  readonly v: V;
  /** linear number of index `from` (index i has at + (i - from)), or null */
  readonly at: number | null;
}

/** A piece of [from, to): a run's part (v defined) or a gap (v undefined). */
export interface Piece<V> {
  readonly from: number;
  readonly to: number;
  readonly v: V | undefined;
  readonly at: number | null;
}

function shift(at: number | null, by: number): number | null {
  return at === null ? null : at + by;
}

/** [from, to) as runs and gaps, in order. */
export function pieces<V>(list: readonly Run<V>[], from: number, to: number): Piece<V>[] {
  const out: Piece<V>[] = [];
  let pos = from;
  for (const r of list) {
    if (r.to <= pos) continue;
    if (r.from >= to) break;
    if (r.from > pos) out.push({ from: pos, to: r.from, v: undefined, at: null });
    const a = Math.max(r.from, pos);
    const b = Math.min(r.to, to);
    out.push({ from: a, to: b, v: r.v, at: shift(r.at, a - r.from) });
    pos = b;
  }
  if (pos < to) out.push({ from: pos, to, v: undefined, at: null });
  return out;
}

/** The run containing index i, if any. */
export function find<V>(list: readonly Run<V>[], i: number): Run<V> | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid];
    if (r === undefined) break;
    if (i < r.from) hi = mid - 1;
    else if (i >= r.to) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** Index of the first run that ends after i (list.length if none). */
function firstEndingAfter<V>(list: readonly Run<V>[], i: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.to ?? Number.POSITIVE_INFINITY) <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Appends r, merged into the last run when the values are equal and `at` continues. */
function mergePush<V>(out: Run<V>[], r: Run<V>, same: (a: V, b: V) => boolean): void {
  if (r.to <= r.from) return;
  const last = out[out.length - 1];
  if (last !== undefined && last.to === r.from && same(last.v, r.v)
    && (last.at === null ? r.at === null : r.at !== null && last.at + (last.to - last.from) === r.at)) {
    out[out.length - 1] = { from: last.from, to: r.to, v: last.v, at: last.at };
  } else out.push(r);
}

/**
 * Replaces [from, to) by the given runs (which must lie inside it, sorted),
 * leaving the rest; adjacent runs with equal values and continuous `at` merge.
 * Only the runs around [from, to) are looked at (binary search); the rest of
 * the list is copied as is.
 * @param same value equality (default ===)
 */
export function replace<V>(list: readonly Run<V>[], from: number, to: number, runs: readonly Run<V>[], same: (a: V, b: V) => boolean = Object.is): Run<V>[] {
  const i = firstEndingAfter(list, from);
  let j = i;
  while (j < list.length && (list[j]?.from ?? Number.POSITIVE_INFINITY) < to) j++;
  if (i === j && runs.length === 0) return list as Run<V>[];
  const out = list.slice(0, i);
  const first = list[i];
  if (first !== undefined && i < j && first.from < from) mergePush(out, { from: first.from, to: from, v: first.v, at: first.at }, same);
  for (const r of runs) mergePush(out, r, same);
  const last = list[j - 1];
  if (last !== undefined && j > i && last.to > to) mergePush(out, { from: to, to: last.to, v: last.v, at: shift(last.at, to - last.from) }, same);
  const next = list[j];
  if (next !== undefined) {
    mergePush(out, next, same);
    for (let k = j + 1; k < list.length; k++) {
      const r = list[k];
      if (r !== undefined) out.push(r);
    }
  }
  return out;
}

/** Sets [from, to) to one value (or clears it when v is undefined). */
export function assign<V>(list: readonly Run<V>[], from: number, to: number, v: V | undefined, at: number | null = null, same?: (a: V, b: V) => boolean): Run<V>[] {
  return replace(list, from, to, v === undefined ? [] : [{ from, to, v, at }], same);
}

/** Applies f to every piece of [from, to) (runs and gaps) and writes the results back. */
export function update<V>(list: readonly Run<V>[], from: number, to: number, f: (p: Piece<V>) => Run<V> | undefined, same?: (a: V, b: V) => boolean): Run<V>[] {
  const runs: Run<V>[] = [];
  for (const p of pieces(list, from, to)) {
    const r = f(p);
    if (r !== undefined) runs.push(r);
  }
  return replace(list, from, to, runs, same);
}

/** The first gap of `count` indices at or after `from` and below `limit`, or null. */
export function firstFit<V>(list: readonly Run<V>[], from: number, limit: number, count: number): number | null {
  let pos = from;
  for (const r of list) {
    if (r.to <= pos) continue;
    if (r.from >= pos + count) break;
    pos = r.to;
  }
  return pos + count <= limit ? pos : null;
}

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

/**
 * Replaces [from, to) by the given runs (which must lie inside it, sorted),
 * leaving the rest; adjacent runs with equal values and continuous `at` merge.
 * @param same value equality (default ===)
 */
export function replace<V>(list: readonly Run<V>[], from: number, to: number, runs: readonly Run<V>[], same: (a: V, b: V) => boolean = Object.is): Run<V>[] {
  const out: Run<V>[] = [];
  const push = (r: Run<V>): void => {
    if (r.to <= r.from) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.to === r.from && same(last.v, r.v)
      && (last.at === null ? r.at === null : r.at !== null && last.at + (last.to - last.from) === r.at)) {
      out[out.length - 1] = { ...last, to: r.to };
    } else out.push(r);
  };
  let placed = false;
  for (const r of list) {
    if (r.to <= from) { push(r); continue; }
    if (r.from >= to) {
      if (!placed) { runs.forEach(push); placed = true; }
      push(r);
      continue;
    }
    if (r.from < from) push({ ...r, to: from });
    if (!placed) { runs.forEach(push); placed = true; }
    if (r.to > to) push({ from: to, to: r.to, v: r.v, at: shift(r.at, to - r.from) });
  }
  if (!placed) runs.forEach(push);
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

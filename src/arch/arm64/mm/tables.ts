/**
 * Translation tables as objects, and their entries as runs.
 *
 * A Table is one table page (512 entries) or a group of `pages` table pages
 * that one walk allocated together for consecutive entries of its parent
 * (the pmd tables behind 64 consecutive 1 GiB entries are one object of 64
 * pages); its entries are indexed 0 … 512 × pages - 1. Each table has a
 * level (0 … 3), an origin (a static table of the image, memblock, the page
 * allocator) and a physical address.
 *
 * Entries are runs: [from, to) of one kind, whose output addresses step by
 * the entry size (2 MiB blocks of the linear map) or all share one value
 * (kasan_zero_pte → kasan_zero_page, every shadow pgd entry → kasan_zero_pud).
 * A table entry points at a table object (and, for a group, at page `oa` of
 * it). Nothing is ever per page, so a 64 GiB machine costs what a 64 MiB
 * one does.
 */
import { entrySize, indexAt, PAGE_SIZE, PTRS_PER_TABLE, type Level } from '../geometry.js';
import { INVALID, type EntryDesc, type EntryKind, type ProtName } from '../prot.js';

export type Origin = 'static' | 'memblock' | 'page allocator';

export interface Run {
  readonly from: number;
  /** exclusive */
  readonly to: number;
  readonly kind: EntryKind;
  /** block/page: output address of entry `from`; table: page of `next` that entry `from` points at */
  readonly oa: number;
  /** table: the table object's id; -1 otherwise */
  readonly next: number;
  /** every entry has the same oa/next (no stepping) */
  readonly uniform: boolean;
  readonly prot: ProtName | null;
}

export interface Table {
  readonly id: number;
  /** the kernel's name: swapper_pg_dir, bm_pmd, kasan_zero_pte, or "pmd (memblock)" */
  readonly name: string;
  readonly level: Level;
  readonly origin: Origin;
  /** physical address of the first page */
  readonly pa: number;
  readonly pages: number;
  /** virtual address entry 0 translates (for a group: needed to index it) */
  readonly vaBase: number;
  /** shared by many parents (kasan_zero_*): indexed by address bits only */
  readonly shared: boolean;
  runs: Run[];
  freed: boolean;
  /**
   * The descriptor of a table entry that points at this table's first page, once one was needed
   * (descOf): every pgd/pud/pmd entry written to point here, and every copy of it (paging_init's
   * memcpy of the pgd, kasan_copy_shadow), then shares one value instead of making its own.
   */
  pointer: EntryDesc | null;
}

export interface TableSet {
  tables: Table[];
}

export function newTable(set: TableSet, t: Omit<Table, 'id' | 'runs' | 'freed' | 'pointer'>): Table {
  const table: Table = {
    id: set.tables.length, name: t.name, level: t.level, origin: t.origin, pa: t.pa, pages: t.pages, vaBase: t.vaBase, shared: t.shared,
    runs: [invalidRun(0, PTRS_PER_TABLE * t.pages)], freed: false, pointer: null,
  };
  set.tables.push(table);
  return table;
}

/**
 * Invalid runs by [from, to), made once each: runs are never changed, and the tables one
 * paging_init() builds have the same empty stretches as the last one's (every pte table of the
 * kernel mapping is empty around the same pages), so two thirds of a long order's runs were
 * copies of a few hundred. Bounded, so that an order of odd writes cannot grow it without end.
 */
const INVALID_RUNS = new Map<number, Run>();
const INVALID_RUNS_MAX = 4096;

/** A run, always built with the same shape (the replay makes many; one hidden class keeps them cheap). */
export function mkRun(from: number, to: number, kind: EntryKind, oa: number, next: number, uniform: boolean, prot: ProtName | null): Run {
  // entry indexes (at most 2^18) kept small integers for V8: see indexAt()
  if (kind !== 'invalid' || oa !== 0 || next !== -1 || !uniform || prot !== null) return { from: from | 0, to: to | 0, kind, oa, next, uniform, prot };
  // entry indexes stay at or below 2^18 (a group is at most 512 pages of 512 entries), so the key is exact
  const key = from * 2 ** 26 + to;
  let r = INVALID_RUNS.get(key);
  if (r === undefined) {
    r = { from: from | 0, to: to | 0, kind, oa, next, uniform, prot };
    if (INVALID_RUNS.size < INVALID_RUNS_MAX) INVALID_RUNS.set(key, r);
  }
  return r;
}

export function invalidRun(from: number, to: number): Run {
  return mkRun(from, to, 'invalid', 0, -1, true, null);
}

export function tableOf(set: TableSet, id: number): Table {
  const t = set.tables[id];
  if (t === undefined) throw new RangeError(`internal: no table ${id}`);
  return t;
}

/** The entry index of `va` in a table. */
export function indexOf(t: Table, va: number): number {
  if (t.pages === 1 || t.shared) return indexAt(t.level, va);
  return Math.floor((va - t.vaBase) / entrySize(t.level));
}

/** The run that holds entry i. */
export function runAt(t: Table, i: number): Run {
  for (const r of t.runs) if (i >= r.from && i < r.to) return r;
  throw new RangeError(`internal: entry ${i} outside ${t.name}`);
}

/** The part [from, to) of a run, with its first output address or table page moved along. */
export function slice(r: Run, from: number, to: number, level: Level): Run {
  if (from === r.from && to === r.to) return r;
  const d = from - r.from;
  const oa = r.uniform ? r.oa : r.kind === 'table' ? r.oa + d : r.kind === 'invalid' ? 0 : r.oa + d * entrySize(level);
  return mkRun(from, to, r.kind, oa, r.next, r.uniform, r.prot);
}

function continues(a: Run, b: Run, level: Level): boolean {
  if (a.kind !== b.kind || a.next !== b.next || a.prot !== b.prot || a.uniform !== b.uniform) return false;
  if (a.kind === 'invalid' || a.uniform) return a.oa === b.oa;
  const n = a.to - a.from;
  return b.oa === (a.kind === 'table' ? a.oa + n : a.oa + n * entrySize(level));
}

/** The index of the first run of `runs` that ends after entry `i` (runs.length when none does). */
export function firstRunAfter(runs: readonly Run[], i: number): number {
  let a = 0;
  while (a < runs.length && (runs[a] as Run).to <= i) a++;
  return a;
}

/**
 * Replaces entries [from, to) with `run` (its from/to are taken from the
 * arguments). The caller reads what was there beforehand (firstRunAfter and
 * the runs themselves: writeEntries turns them into descriptors directly),
 * so nothing is cut out of the old runs only to be read once.
 *
 * The replay calls this for every entry write (a 2,048-call order makes
 * hundreds of thousands of calls), so it makes only the runs that stay and
 * one array of exactly the new length, merged as it is filled: the table
 * keeps that array (22,466 tables for 2,040 paging_init calls), and an
 * array grown by push() would keep room for 17 runs where 3 or 4 are used.
 * Runs themselves are never changed, so clones may share them.
 */
export function replace(t: Table, from: number, to: number, run: Omit<Run, 'from' | 'to'>): void {
  const runs = t.runs;
  const level = t.level;
  const a = firstRunAfter(runs, from);
  let b = a;
  while (b < runs.length && (runs[b] as Run).from < to) b++;
  const first = runs[a];
  const last = runs[b - 1];
  const head = first !== undefined && first.from < from ? slice(first, first.from, from, level) : undefined;
  const tail = last !== undefined && last.to > to ? slice(last, to, last.to, level) : undefined;
  const placed = mkRun(from, to, run.kind, run.oa, run.next, run.uniform, run.prot);
  // the neighbours that may merge: the run before a, head/placed/tail, the run at b (at most 5, merged in place
  // in MID's first n slots; never resized, as setting an array's length is a runtime call)
  const before = a > 0 ? runs[a - 1] : undefined;
  const after = b < runs.length ? runs[b] : undefined;
  const mid = MID;
  let n = 0;
  if (before !== undefined) mid[n++] = before;
  if (head !== undefined) mid[n++] = head;
  mid[n++] = placed;
  if (tail !== undefined) mid[n++] = tail;
  if (after !== undefined) mid[n++] = after;
  let m = 0;
  for (let k = 1; k < n; k++) {
    const x = mid[m] as Run;
    const y = mid[k] as Run;
    if (x.to === y.from && continues(x, y, level)) mid[m] = mkRun(x.from, y.to, x.kind, x.oa, x.next, x.uniform, x.prot);
    else mid[++m] = y;
  }
  const lo = before !== undefined ? a - 1 : a;
  const hi = after !== undefined ? b + 1 : b;
  if (m + 1 === hi - lo) {
    // as many runs as before (a write over one whole run, the common case of a small order): in place, no new array
    for (let k = 0; k <= m; k++) runs[lo + k] = mid[k] as Run;
    return;
  }
  const out = new Array<Run>(lo + m + 1 + runs.length - hi);
  let at = 0;
  for (let k = 0; k < lo; k++) out[at++] = runs[k] as Run;
  for (let k = 0; k <= m; k++) out[at++] = mid[k] as Run;
  for (let k = hi; k < runs.length; k++) out[at++] = runs[k] as Run;
  t.runs = out;
}

/**
 * replace()'s scratch list of the (at most 5) runs around a write: one array for every call instead of one
 * each. Its slots keep the last write's runs until the next overwrites them (runs are immutable and small).
 */
const MID: Run[] = Array.from({ length: 5 }, () => invalidRun(0, 1));

/** The descriptor of a table entry pointing at page `page` of table `next` (Table.pointer for the first page). */
function pointerTo(next: Table, page: number): EntryDesc {
  if (page !== 0) return { kind: 'table', oa: next.pa + page * PAGE_SIZE, prot: null, table: next.name };
  if (next.pointer === null) next.pointer = { kind: 'table', oa: next.pa, prot: null, table: next.name };
  return next.pointer;
}

/**
 * Block and page descriptors by output address, made once each: descriptors are immutable values,
 * and every pte-write event holds one. The tables of one paging_init() map the same physical
 * addresses as the last one's (the kernel image, the linear map), so a 2,048-call order made 63,000
 * descriptors of a few dozen values, which the trace kept to the end. One lookup by output address,
 * then the few descriptors of other kinds or prots at that address. Bounded, as INVALID_RUNS is, so
 * that an order of odd writes cannot grow it without end.
 */
const LEAF_DESCS = new Map<number, EntryDesc | EntryDesc[]>();
const LEAF_DESCS_MAX = 16384;

/** The block or page descriptor {kind, oa, prot} (shared: see LEAF_DESCS). */
export function leafDesc(kind: 'block' | 'page', oa: number, prot: ProtName | null): EntryDesc {
  const at = LEAF_DESCS.get(oa);
  if (at !== undefined) {
    if (!Array.isArray(at)) {
      if (at.kind === kind && at.prot === prot) return at;
    } else {
      for (const d of at) if (d.kind === kind && d.prot === prot) return d;
    }
  }
  const d: EntryDesc = { kind, oa, prot };
  if (at === undefined) {
    if (LEAF_DESCS.size < LEAF_DESCS_MAX) LEAF_DESCS.set(oa, d);
  } else if (!Array.isArray(at)) LEAF_DESCS.set(oa, [at, d]);
  else if (at.length < 8) at.push(d);
  return d;
}

/** The descriptor of the first entry of a run. */
export function descOf(set: TableSet, r: Omit<Run, 'from' | 'to'>): EntryDesc {
  switch (r.kind) {
    case 'invalid':
      return INVALID;
    case 'table':
      return pointerTo(tableOf(set, r.next), r.oa);
    default:
      return leafDesc(r.kind, r.oa, r.prot);
  }
}

/**
 * The descriptor of entry `i` of a run (entry size `size` at the run's level): descOf of the run cut to
 * start at i, without cutting it.
 */
export function descAt(set: TableSet, r: Run, i: number, size: number): EntryDesc {
  const d = i - r.from;
  switch (r.kind) {
    case 'invalid':
      return INVALID;
    case 'table':
      return pointerTo(tableOf(set, r.next), r.uniform ? r.oa : r.oa + d);
    default:
      return leafDesc(r.kind, r.uniform ? r.oa : r.oa + d * size, r.prot);
  }
}

/** The tables reachable from a root (itself included). */
export function reachableFrom(set: TableSet, root: number, into: Set<number>): void {
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || into.has(id)) continue;
    into.add(id);
    for (const r of tableOf(set, id).runs) if (r.kind === 'table') stack.push(r.next);
  }
}

/** What a virtual address translates to through a root: the leaf and its level, or null. */
export interface Translation {
  readonly pa: number;
  readonly level: Level;
  readonly kind: 'block' | 'page';
  readonly prot: ProtName;
  /** start of the leaf entry's range */
  readonly va: number;
}

export function translate(set: TableSet, root: number, va: number): Translation | null {
  let t = tableOf(set, root);
  for (;;) {
    const i = indexOf(t, va);
    if (i < 0 || i >= PTRS_PER_TABLE * t.pages) return null;
    const r = runAt(t, i);
    if (r.kind === 'invalid') return null;
    if (r.kind === 'table') {
      t = tableOf(set, r.next);
      continue;
    }
    const size = entrySize(t.level);
    const entryVa = va - (va % size);
    const oa = r.uniform ? r.oa : r.oa + (i - r.from) * size;
    return { pa: oa + (va - entryVa), level: t.level, kind: r.kind, prot: r.prot ?? 'PAGE_KERNEL', va: entryVa };
  }
}

/** An independent copy (runs are immutable values, so copying the arrays is enough). */
export function cloneTables(set: TableSet): TableSet {
  return {
    tables: set.tables.map((t) => ({
      id: t.id, name: t.name, level: t.level, origin: t.origin, pa: t.pa, pages: t.pages, vaBase: t.vaBase, shared: t.shared,
      runs: t.runs.slice(), freed: t.freed, pointer: t.pointer,
    })),
  };
}

/**
 * The small, exact state of DESIGN §2. Intervals and counters only: a 64 GiB
 * machine costs the same as a 64 MiB one.
 */
import type { Value } from '../effects.js';
import { DEFAULT_FIXADDR_TOP, DEFAULT_VMALLOC_RESERVE } from '../layout.js';
import { VA_TOP } from '../geometry.js';

export interface Interval {
  readonly start: number;
  /** exclusive */
  readonly end: number;
}

export interface ModelState {
  /** __FIXADDR_TOP */
  fixaddrTop: number;
  /** __VMALLOC_RESERVE */
  vmallocReserve: number;
  /** lowest start of any hypervisor hole reserved so far (VA_TOP: none) */
  hypervisorHoleStart: number;
  /** fixmaps_set (2.6.26: fixmaps): real set_fixmap() calls so far */
  fixmapsSet: number;
  /** the PMD early_ioremap_init() hooked bm_pte into, or null */
  bmPtePmd: number | null;
  /** after_paging_init (mm/ioremap.c), set by early_ioremap_reset() */
  afterPagingInit: boolean;
  /** virtual ranges that have fixmap page tables (head_32's and those built since) */
  fixmapTables: Interval[];
  maxPfn: number | null;
  maxLowPfn: number | null;
  /** max_low_pfn_mapped: end of the direct map, 0 until it is built */
  maxLowPfnMapped: number;
  /** from the command line, once parse_early_param ran */
  memLimit: number | null;
  highmemPages: number | null;
  nx: boolean;
  readonly values: Set<Value>;
}

export function initialState(nx: boolean): ModelState {
  return {
    fixaddrTop: DEFAULT_FIXADDR_TOP,
    vmallocReserve: DEFAULT_VMALLOC_RESERVE,
    hypervisorHoleStart: VA_TOP,
    fixmapsSet: 0,
    bmPtePmd: null,
    afterPagingInit: false,
    fixmapTables: [],
    maxPfn: null,
    maxLowPfn: null,
    maxLowPfnMapped: 0,
    memLimit: null,
    highmemPages: null,
    nx,
    values: new Set(),
  };
}

/** An independent copy (for snapshots): the arrays and sets are copied, the intervals are immutable. */
export function cloneState(s: ModelState): ModelState {
  return { ...s, fixmapTables: [...s.fixmapTables], values: new Set(s.values) };
}

/** Field-by-field equality of two model states (the engine's convergence test). */
export function sameModelState(a: ModelState, b: ModelState): boolean {
  if (a.fixaddrTop !== b.fixaddrTop || a.vmallocReserve !== b.vmallocReserve || a.hypervisorHoleStart !== b.hypervisorHoleStart
    || a.fixmapsSet !== b.fixmapsSet || a.bmPtePmd !== b.bmPtePmd || a.afterPagingInit !== b.afterPagingInit
    || a.maxPfn !== b.maxPfn || a.maxLowPfn !== b.maxLowPfn || a.maxLowPfnMapped !== b.maxLowPfnMapped
    || a.memLimit !== b.memLimit || a.highmemPages !== b.highmemPages || a.nx !== b.nx
    || a.fixmapTables.length !== b.fixmapTables.length || a.values.size !== b.values.size) return false;
  for (let i = 0; i < a.fixmapTables.length; i++) {
    const x = a.fixmapTables[i];
    const y = b.fixmapTables[i];
    if (x?.start !== y?.start || x?.end !== y?.end) return false;
  }
  for (const v of a.values) if (!b.values.has(v)) return false;
  return true;
}

export function covers(tables: readonly Interval[], addr: number): boolean {
  for (const t of tables) if (addr >= t.start && addr < t.end) return true;
  return false;
}

/** The state a trace ends with: a plain, read-only copy. */
export interface FinalState {
  readonly fixaddrTop: number;
  readonly vmallocReserve: number;
  readonly hypervisorHoleStart: number;
  readonly fixmapsSet: number;
  readonly maxPfn: number | null;
  readonly maxLowPfn: number | null;
  readonly maxLowPfnMapped: number;
  readonly afterPagingInit: boolean;
  readonly values: readonly Value[];
}

export function freeze(s: ModelState): FinalState {
  return {
    fixaddrTop: s.fixaddrTop,
    vmallocReserve: s.vmallocReserve,
    hypervisorHoleStart: s.hypervisorHoleStart,
    fixmapsSet: s.fixmapsSet,
    maxPfn: s.maxPfn,
    maxLowPfn: s.maxLowPfn,
    maxLowPfnMapped: s.maxLowPfnMapped,
    afterPagingInit: s.afterPagingInit,
    values: [...s.values].sort(),
  };
}

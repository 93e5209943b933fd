/**
 * The riscv model state of one replay: which root satp points at, which
 * pt_ops setup_vm/setup_vm_final use, the mappings of each root as
 * intervals (never per page: a 128 GiB machine costs what a 2 GiB one does),
 * the shared fixmap PTEs with a pending-fence flag each, memblock as the
 * early boot sees it, and where initial_boot_params points.
 */
import type { Perm } from '../profile.js';
import type { SectionName } from '../image.js';
import type { BtmapSlots } from '../../early-ioremap.js';
import type { SlotName } from '../fixmap.js';
import type { Value } from '../effects.js';
import type { Interval } from '../types.js';
import type { StepRef } from '../../../replay/trace.js';
import type { SetupArchExit } from '../../setup-arch-exit.js';

/**
 * Where the model put a memblock allocation. memblock hands out memory top
 * down, each allocation below the ones before it (mm/memblock.c
 * __memblock_find_range_top_down), so a place is exact only while every
 * earlier allocation had a size the model knows.
 */
export interface AllocPlace {
  /** bytes, from the kernel source; null when the model does not know the size (the range is then its last page) */
  readonly size: number | null;
  /** the first earlier allocation of unknown size, when there is one: the range is then an upper bound (the real one is at or below it) */
  readonly below: string | null;
}

/** The page-table roots of early boot (head.S relocate, setup_vm_final). */
export type Root = 'bare' | 'trampoline' | 'early_pg_dir' | 'swapper';
export type PagedRoot = Exclude<Root, 'bare'>;

/** mm/init.c pt_ops: how page-table pages are allocated and reached */
export type PtOps = 'none' | 'early' | 'fixmap' | 'late';

/**
 * What a mapping is: the kernel mapping (KERNEL_LINK_ADDR, 5.13+), the linear
 * map (≤5.12 it also holds the kernel), the DTB window, the fixmap's shared
 * tables, the KASAN early shadow.
 */
export type MappingKind = 'kernel' | 'linear' | 'dtb-window' | 'fixmap' | 'kasan-shadow';

/** A run of leaves with one size and one permission: [start, end) → [pa, pa + end - start). */
export interface Mapping {
  readonly kind: MappingKind;
  readonly start: number;
  readonly end: number;
  readonly pa: number;
  /** bytes; 0 for the fixmap (a table shared by reference, slots set one by one) */
  readonly leaf: number;
  readonly perm: Perm;
}

/** Who uses the addresses under a leaf. */
export type OwnerName = SectionName | 'ram' | 'bpf' | 'padding';

/** What an owner needs of its leaf now: to run, to be written, to stay read-only, or nothing. */
export type Need = 'exec' | 'write' | 'readonly' | 'none';

export interface SlotState {
  readonly pa: number;
  /** set without an sfence.vma since */
  readonly pending: boolean;
  readonly setBy: StepRef;
}

/** initial_boot_params (of_fdt.c): the FDT pointer parse_dtb sets and unflatten re-points. */
export interface FdtPointer {
  /**
   * the VA of the page holding the FDT's first byte; the pointer itself is
   * page + (dtbPa mod PAGE_SIZE) (every mapping keeps the page offset), which
   * near 2^64 no double holds (geometry.ts)
   */
  readonly page: number;
  readonly via: 'dtb_early_va' | 'linear' | 'kernel';
}

/** The mutable model; with where the replay stands against setup_arch()'s return (SetupArchExit: mm_init()'s need). */
export interface ModelState extends SetupArchExit {
  satp: Root;
  ptOps: PtOps;
  readonly roots: Record<PagedRoot, Mapping[]>;
  readonly fixmap: Partial<Record<SlotName, SlotState>>;
  /** early_ioremap's prev_map[]: the slots early_memremap() has handed out and not freed */
  btmap: BtmapSlots;
  /** memblock.memory: empty until parse_dtb reads the /memory nodes */
  memory: Interval[];
  memoryLimited: boolean;
  /** PFN_PHYS(max_low_pfn) as setup_bootmem() set it (physical, exclusive); 0 before (maxLowPa) */
  maxLowPa: number;
  kernelReserved: boolean;
  resizeAllowed: boolean;
  /** memblock.reserved.cnt: machine.reserved_regions at paging_init, then what setup_vm_final()'s reservations make of it */
  reservedRegions: number;
  /** memblock.reserved.max: INIT_MEMBLOCK_REGIONS until memblock_double_array() doubles it */
  reservedMax: number;
  /** the page of dtb_early_va as setup_vm set it (a window, linear or kernel-mapping VA); the byte is dtbPa mod PAGE_SIZE into it */
  dtbEarlyPage: number;
  dtbEarlyVia: FdtPointer['via'];
  fdt: FdtPointer | null;
  /** setup_vm_final has run: swapper is live with the whole linear map */
  linearFinal: boolean;
  initFreed: boolean;
  rodataRo: boolean;
  textRo: boolean;
  /** sections a set_memory_*() has touched (in either alias): W^X is in force for them */
  readonly touched: Set<SectionName>;
  /** sections whose aliases disagree now */
  readonly aliasBad: Set<SectionName>;
  /**
   * memblock allocations the model placed (top down), physical: their union,
   * as disjoint runs sorted by start (allocations that touch are one run;
   * memblockAlloc), each run a value that clones share and nobody changes
   */
  allocs: Interval[];
  /** the first allocation whose size the model does not know: every later place is an upper bound */
  allocUnknown: string | null;
  /** unflatten_device_tree()'s allocation: the struct device_node tree that later readers read */
  deviceTree: { readonly pa: number; readonly end: number; readonly place: AllocPlace } | null;
  /** the next free VA of the BPF JIT region */
  bpfNext: number;
  readonly values: Set<Value>;
}

/** An independent copy (for snapshots): arrays, records and sets are copied; mappings are immutable. */
export function cloneState(s: ModelState): ModelState {
  return {
    ...s,
    roots: { trampoline: [...s.roots.trampoline], early_pg_dir: [...s.roots.early_pg_dir], swapper: [...s.roots.swapper] },
    fixmap: { ...s.fixmap },
    memory: [...s.memory],
    allocs: [...s.allocs],
    touched: new Set(s.touched),
    aliasBad: new Set(s.aliasBad),
    values: new Set(s.values),
  };
}

/** The state a trace ends with: a plain, read-only copy. */
export interface FinalState {
  readonly satp: Root;
  readonly ptOps: PtOps;
  /** swapper's mappings (what the kernel runs on after boot), by address */
  readonly swapper: readonly Mapping[];
  readonly memory: readonly Interval[];
  readonly linearFinal: boolean;
  readonly initFreed: boolean;
  readonly rodataRo: boolean;
  readonly values: readonly Value[];
}

export function freeze(s: ModelState): FinalState {
  return {
    satp: s.satp,
    ptOps: s.ptOps,
    swapper: [...s.roots.swapper].sort((a, b) => a.start - b.start),
    memory: [...s.memory],
    linearFinal: s.linearFinal,
    initFreed: s.initFreed,
    rodataRo: s.rodataRo,
    values: [...s.values].sort(),
  };
}

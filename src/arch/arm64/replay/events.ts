/**
 * The typed event trace of an arm64 replay. Rules read only this (and the
 * final state); they never re-run the model. Addresses are bytes.
 */
import type { NeedEvent, StepRef, ValueSetEvent } from '../../../replay/trace.js';
import type { Level } from '../geometry.js';
import type { SlotName, TableSlot } from '../fixmap.js';
import type { EntryDesc, ProtName } from '../prot.js';

export type { StepRef };

/** How a table page is obtained (arch/arm64/mm/mmu.c, mm/sparse-vmemmap.c, mm/kasan/kasan_init.c). */
export type Allocator =
  /** v4.4 early_alloc(): __va(memblock_alloc()) + memset: needs the page in the linear map */
  | 'early_alloc'
  /** v4.6+ early_pgtable_alloc(): memblock_alloc(), zeroed through FIX_PTE: any RAM will do */
  | 'early_pgtable_alloc'
  /** late_alloc()/late_pgtable_alloc(): __get_free_page(), after mm_init() */
  | 'late_alloc'
  /** vmemmap_alloc_block_zero() / kasan's early_alloc(): memblock_virt_alloc() → __va + memset */
  | 'memblock_virt_alloc'
  /** create_mapping_noalloc(): pgtable_alloc == NULL, BUG_ON(!pgtable_alloc) if a table is needed */
  | 'none';

/** One write of a run of entries of one table (set_pXd, pXd_populate, pXd_clear, memcpy of a pgd). */
export interface PteWriteEvent {
  readonly kind: 'pte-write';
  readonly step: StepRef;
  /** the kernel function doing the write: map_mem, fixup_executable, early_fixmap_init, … */
  readonly via: string;
  readonly table: string;
  readonly tableId: number;
  readonly level: Level;
  /** the entries' virtual range [va, end) */
  readonly va: number;
  readonly end: number;
  readonly entries: number;
  readonly old: EntryDesc;
  readonly new: EntryDesc;
  /** reachable from TTBR0/TTBR1 with the MMU on when written */
  readonly live: boolean;
  /** what the kernel does right after the write */
  readonly then: 'flush_tlb_all' | 'flush_tlb_kernel_range' | null;
  /** the fixmap slot this entry is, for bm_pte pages set by __set_fixmap(); else null */
  readonly slot: SlotName | null;
}

export interface TableAllocEvent {
  readonly kind: 'table-alloc';
  readonly step: StepRef;
  readonly via: string;
  readonly table: string;
  readonly level: Level;
  readonly pages: number;
  /** null when nothing could be allocated (memblock empty, or no allocator at all) */
  readonly pa: number | null;
  readonly allocator: Allocator;
  /** whether the kernel can write the new table the way this allocator does */
  readonly reachable: boolean;
  /** why not, when not */
  readonly why: string;
  /** the memblock limit in force (v4.4 map_mem), null = anywhere */
  readonly limit: number | null;
  /** memblock.memory was empty: no call had added RAM yet (when pa is null: the RAM was there but none of it was free, below the limit) */
  readonly empty: boolean;
}

/**
 * A memblock allocation of data (not a page table: table-alloc says those)
 * that found no free range: the allocator panics, the boot stops in this
 * step (mmu.ts allocData).
 */
export interface AllocFailEvent {
  readonly kind: 'alloc-fail';
  readonly step: StepRef;
  readonly via: string;
  readonly what: string;
  /** bytes asked for */
  readonly size: number;
  /** the kernel function that panics: memblock_alloc() (memblock_alloc_base()), memblock_virt_alloc*(), alloc_bootmem_low() */
  readonly allocator: DataAllocator;
  /** the largest free range memblock had below the limit, bytes; 0 when memblock.memory is empty */
  readonly largestFree: number;
  /** the largest size an allocation at `align` gets from the free ranges, bytes (less than largestFree when that range starts off the alignment) */
  readonly largestFit: number;
  /** the allocation's alignment, bytes */
  readonly align: number;
  /** memblock.memory was empty: no call had added RAM yet */
  readonly empty: boolean;
  /** the upper bound of the search (alloc_bootmem_low: the low 4 GiB), null = anywhere */
  readonly limit: number | null;
}

/** The allocators of data the model replays, by the kernel function whose failure panics. */
export type DataAllocator = 'memblock_alloc' | 'memblock_virt_alloc' | 'alloc_bootmem_low';

export interface TableFreeEvent {
  readonly kind: 'table-free';
  readonly step: StepRef;
  readonly via: string;
  readonly table: string;
  readonly pa: number;
}

export interface TlbiEvent {
  readonly kind: 'tlbi';
  readonly step: StepRef;
  readonly fn: 'flush_tlb_all' | 'local_flush_tlb_all' | 'tlbi vmalle1';
}

/** A TTBR write. `from`/`to` are table names, or "reserved" (empty_zero_page). */
export interface TtbrEvent {
  readonly kind: 'ttbr';
  readonly step: StepRef;
  readonly reg: 0 | 1;
  readonly from: string;
  readonly to: string;
  /** msr (a direct switch), or the kernel helper that did it */
  readonly via: 'msr' | 'cpu_replace_ttbr1' | '__enable_mmu' | 'cpu_set_reserved_ttbr0' | 'cpu_install_idmap';
  /** both tables translate every address the same way (same top-level entries) */
  readonly identical: boolean;
  /** a virtual address both tables map differently, when not identical */
  readonly differsAt: number | null;
  readonly mmu: boolean;
}

export interface MmuEvent {
  readonly kind: 'mmu';
  readonly step: StepRef;
  readonly on: boolean;
}

/** A use of a fixmap slot by a setup_arch() step (set_fixmap, early_ioremap, the FDT window, a FIX_P* walk). */
export interface FixmapUseEvent {
  readonly kind: 'fixmap-use';
  readonly step: StepRef;
  readonly slot: SlotName;
  readonly idx: number;
  readonly va: number;
  readonly via: string;
  readonly what: string;
  /** the slot's entry is reachable (bm_pte, bm_pmd hooked into the live swapper_pg_dir) and, for early_ioremap, slot_virt[] is set */
  readonly ready: boolean;
  readonly why: string;
  /**
   * For the FIX_PTE/PMD/PUD/PGD slots, who maps a table page there: a page-table walk (one table after
   * another), early_pgtable_alloc() (its new page, to memset() it), or a pXd_set_fixmap() that holds one
   * page (paging_init's pgd, a helper step). Absent for the other slots.
   */
  readonly tableUse?: 'walk' | 'early_pgtable_alloc' | 'set_fixmap';
}

/** A FIX_PTE/PMD/PUD/PGD mapping: set (held) or cleared by a step; `busy` when it was already held. */
export interface FixmapSlotEvent {
  readonly kind: 'fixmap-slot';
  readonly step: StepRef;
  readonly slot: TableSlot;
  readonly action: 'set' | 'clear';
  /** the table page mapped (set) or unmapped (clear); null when the model does not track it (a walk's own pages, a clear of a slot nobody held) */
  readonly pa: number | null;
  /** the function holding it: pgd_set_fixmap in paging_init, alloc_init_pmd, early_pgtable_alloc, … */
  readonly holder: string;
  /** the earlier holder that had not cleared it, if any */
  readonly busy: { readonly step: StepRef; readonly holder: string; readonly pa: number; readonly table: string | null } | null;
}

/** A v4.6+ table walk through the fixmap slots (how often each slot was set and cleared). */
export interface FixmapWalkEvent {
  readonly kind: 'fixmap-walk';
  readonly step: StepRef;
  readonly via: string;
  readonly uses: Readonly<Partial<Record<TableSlot, number>>>;
}

/** __va()/__phys_to_virt() of RAM, dereferenced (memset, memcpy, struct pages, unflattened nodes). */
export interface LinearAccessEvent {
  readonly kind: 'linear-access';
  readonly step: StepRef;
  readonly via: string;
  readonly what: string;
  readonly pa: number;
  /** __phys_to_virt(pa) as the kernel computes it, with the memstart_addr in force (the v4.6+ initial -1 included): 64 bits (mmu.ts linearVaExact) */
  readonly va: bigint;
  /** memstart_addr has been set (v4.6+: by arm64_memblock_init) */
  readonly memstartSet: boolean;
  /** the live TTBR1 tables translate va to pa */
  readonly mapped: boolean;
}

/** A block split into a next-level table because a mapping covers only part of it or needs pages. */
export interface LeafSplitEvent {
  readonly kind: 'leaf-split';
  readonly step: StepRef;
  readonly via: string;
  readonly table: string;
  readonly level: Level;
  /** the block's range */
  readonly va: number;
  readonly end: number;
  readonly oldProt: ProtName | null;
  readonly newProt: ProtName;
  /** the part the new mapping covers */
  readonly mapVa: number;
  readonly mapEnd: number;
  readonly live: boolean;
}

/** A translation made live while the TLB may still hold a different one for the same address. */
export interface TlbConflictEvent {
  readonly kind: 'tlb-conflict';
  readonly step: StepRef;
  readonly via: string;
  readonly level: Level;
  readonly va: number;
  readonly end: number;
  readonly stale: EntryDesc;
  readonly staleLevel: Level;
  readonly now: EntryDesc;
  readonly reasons: readonly string[];
  /** the step whose translation may still be cached */
  readonly since: StepRef;
}

export interface KaslrEvent {
  readonly kind: 'kaslr';
  readonly step: StepRef;
  /** /chosen/kaslr-seed, a u64 in hex (text: trace events stay JSON data) */
  readonly seed: string;
  /** the offset kaslr_early_init() returns (0: KASLR not engaged) */
  readonly offset: number;
  readonly reason: string;
}

export interface MemstartEvent {
  readonly kind: 'memstart';
  readonly step: StepRef;
  readonly memstart: number;
}

/**
 * arm64_memblock_init()'s dma_contiguous_reserve(arm64_dma_phys_limit): the default CMA area
 * cma_declare_contiguous() takes from memblock, or why it took none (the boot goes on without one).
 */
export interface CmaEvent {
  readonly kind: 'cma';
  readonly step: StepRef;
  /** what sized it: `cma=…` as written, or CONFIG_CMA_SIZE_MBYTES=N */
  readonly source: string;
  /** bytes, rounded up to the CMA alignment */
  readonly size: number;
  /** physical base, or null when the reservation failed */
  readonly base: number | null;
  /** the kernel's error and why, when it failed (pr_err "Failed to reserve N MiB") */
  readonly error: string | null;
  /** what goes wrong later with an area it did reserve (a fixed one outside RAM) */
  readonly later?: string;
}

/**
 * early_memremap() took an early_ioremap slot (map), or early_memunmap() freed it (unmap): which of the 7
 * FIX_BTMAP slots (mm/early_ioremap.c: the first free one), its first page's fixmap index and VA, and what it maps.
 */
export interface EarlyIoremapEvent {
  readonly kind: 'early-ioremap';
  readonly step: StepRef;
  readonly action: 'map' | 'unmap';
  /** 0 … 6; null when all 7 were held (the kernel WARNs and returns NULL) */
  readonly slot: number | null;
  /** FIX_BTMAP_BEGIN - 64 * slot */
  readonly idx: number;
  readonly va: number;
  readonly pa: number;
  readonly what: string;
  readonly prot: ProtName | null;
  /** map: the slot stays held after the step's call returns from early_memremap (until an early_memunmap) */
  readonly held: boolean;
}

/** memblock.memory set (reserve_regions() on a UEFI boot): the RAM ranges, physical [start, end). */
export interface MemblockEvent {
  readonly kind: 'memblock';
  readonly step: StepRef;
  readonly what: string;
  readonly ranges: readonly { readonly start: number; readonly end: number }[];
}

/** Something the model did or skipped that a reader of the trace should know. */
export interface NoteEvent {
  readonly kind: 'note';
  readonly step: StepRef;
  readonly text: string;
}

export type Arm64Event =
  | PteWriteEvent
  | TableAllocEvent
  | AllocFailEvent
  | TableFreeEvent
  | TlbiEvent
  | TtbrEvent
  | MmuEvent
  | FixmapUseEvent
  | FixmapSlotEvent
  | FixmapWalkEvent
  | LinearAccessEvent
  | LeafSplitEvent
  | TlbConflictEvent
  | KaslrEvent
  | MemstartEvent
  | CmaEvent
  | EarlyIoremapEvent
  | MemblockEvent
  | NoteEvent
  | NeedEvent
  | ValueSetEvent;

export type EventOf<K extends Arm64Event['kind']> = Extract<Arm64Event, { kind: K }>;

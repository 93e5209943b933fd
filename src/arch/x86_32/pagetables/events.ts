/**
 * Trace events of the page-table model. Rules read these and the final
 * state (model.ts); `pt-step` only narrates the replay for `bootreplay trace`.
 */
import type { StepRef } from '../../../replay/trace.js';
import type { PagetableInitPolicy } from './policy.js';

/** Where a PTE page came from. */
export type TableOrigin =
  /** head_32.S's boot PTE pages after _end */
  | 'pg0'
  /** head_32.S's static fixmap PTE page in .bss */
  | 'swapper_pg_fixmap'
  /** early_ioremap_init()'s static bm_pte in .bss */
  | 'bm_pte'
  /** the Xen domain builder's bootstrap L1s, pt_base … pt_base + nr_pt_frames */
  | 'xen'
  /** xen_map_identity_early()'s static level1_ident_pgt in .bss (2.6.27+) */
  | 'level1_ident_pgt'
  /** init_memory_mapping()'s table space (find_early_table_space, 2.6.27+) */
  | 'alloc_low_page'
  /** alloc_bootmem_low_pages() */
  | 'bootmem'
  /**
   * OpenFirmware's own page table on an OLPC XO-1, whose PDE setup_olpc_ofw_pgd()
   * copies into swapper_pg_dir[OLPC_OFW_PDE_NR] (2.6.36+): not the kernel's, frame unknown
   */
  | 'olpc_ofw';

/** How a set_pte treats an entry that is already present. */
export type WriteMode =
  /** native set_pte, xen_set_pte, proposal 1 */
  | 'overwrite'
  /** proposal 4: leave present entries alone */
  | 'keep-present'
  /** xen_set_pte_init → mask_rw_pte(): if the old PTE is present, RW = old.RW & new.RW; every other bit from the new PTE */
  | 'mask-rw';

/** One thing a page-table function did, as data (pagetables/describe.ts words it for the trace). */
export type PtPart =
  /** head_32: pg0's PTE pages map physical [0, bytes) at PAGE_OFFSET */
  | { readonly k: 'pg0'; readonly frame: number; readonly pages: number; readonly bytes: number; readonly at: number; readonly attrs: number }
  /** a static PTE page hooked into a PMD (swapper_pg_fixmap, bm_pte), and what it replaced */
  | { readonly k: 'hook'; readonly what: string; readonly frame: number; readonly pmd: number; readonly replaced: { readonly what: string; readonly frame: number } | null }
  /** PTE pages that map physical [start, end) (Xen's bootstrap L1s, level1_ident_pgt) */
  | { readonly k: 'map'; readonly what: string; readonly frame: number; readonly pages: number; readonly start: number; readonly end: number; readonly attrs: number; readonly readOnly: boolean }
  /** PTE pages allocated for the PMDs of [start, end) */
  | { readonly k: 'alloc'; readonly origin: TableOrigin; readonly frame: number; readonly pages: number; readonly start: number; readonly end: number; readonly panic: string | null }
  /** PTE pages found present for [start, end) */
  | { readonly k: 'reuse'; readonly origin: TableOrigin | null; readonly frame: number; readonly pages: number; readonly start: number; readonly end: number }
  /** large pages over [start, end), and the PTE pages they replaced */
  | { readonly k: 'large'; readonly start: number; readonly end: number; readonly attrs: number; readonly replaced: { readonly origin: TableOrigin | null; readonly frame: number; readonly pages: number } | null }
  /** 4K entries written over [start, end) */
  | { readonly k: 'ptes'; readonly start: number; readonly end: number; readonly mode: WriteMode }
  /** find_early_table_space() */
  | { readonly k: 'table-space'; readonly frame: number; readonly pages: number; readonly fits: boolean; readonly maxPfnMapped: number }
  /** entries or a PMD cleared */
  | { readonly k: 'cleared'; readonly what: string; readonly start: number; readonly end: number; readonly held: string | null }
  /** page_table_kmap_check(): a kmap PTE page copied into the table space */
  | { readonly k: 'copy'; readonly origin: TableOrigin | null; readonly from: number; readonly to: number }
  /** a range page_table_range_init() walked */
  | { readonly k: 'range'; readonly what: 'fixmap' | 'pkmap'; readonly start: number; readonly end: number }
  | { readonly k: 'note'; readonly text: string };

/** What one step did to the page tables (for the trace). */
export interface PtStepEvent {
  readonly kind: 'pt-step';
  readonly step: StepRef;
  /** the kernel function, e.g. kernel_physical_mapping_init */
  readonly fn: string;
  readonly parts: readonly PtPart[];
}

/**
 * An entry the step would have written but left alone because
 * pagetable_init_policy is no-overwrite (seed 004's proposal 4).
 */
export interface PtKeptEvent {
  readonly kind: 'pt-kept';
  readonly step: StepRef;
  /** pmd: a large page not installed over a present PMD; pte: a 4K entry not rewritten */
  readonly level: 'pmd' | 'pte';
  /** virtual range */
  readonly start: number;
  readonly end: number;
  /** the attributes that stayed (for a pmd: the attributes of the first leaf under the kept table) */
  readonly have: number;
  /** the PTE page that stayed (level pmd), or the one holding the kept entries */
  readonly origin: TableOrigin | null;
  /** the step that wrote what stayed */
  readonly haveBy: StepRef;
  readonly want: number;
  readonly policy: PagetableInitPolicy;
}

/**
 * Under Xen, a step maps a page that is part of a page table with _PAGE_RW
 * (Xen refuses the update: the guest dies).
 */
export interface PtWritablePagetableEvent {
  readonly kind: 'pt-rw-pagetable';
  readonly step: StepRef;
  /** the direct-map addresses written RW */
  readonly start: number;
  readonly end: number;
  /** the page-table frames they map */
  readonly pfn: number;
  readonly pages: number;
  /** what those frames are (swapper_pg_dir, Xen bootstrap tables, …) */
  readonly table: string;
  readonly tableBy: StepRef;
  readonly policy: PagetableInitPolicy;
  /** the step that had switched xen_set_pte_init (the merged policy's mask) off before this write, if any */
  readonly setPteInitOffBy: StepRef | null;
  /** the write went through xen_set_pte_init (mask_rw_pte), which lets _PAGE_RW through where no PTE was present */
  readonly masked: boolean;
  /** the direct map had a present entry for these frames before the write */
  readonly wasPresent: boolean;
}

/** One PTE page under the FIX_KMAP_* slots. */
export interface KmapPage {
  /** virtual base of the PMD */
  readonly pmd: number;
  /** pfn of the PTE page, null when the PMD has no page table */
  readonly frame: number | null;
  readonly origin: TableOrigin | null;
  readonly by: StepRef | null;
}

/**
 * kmap_init(): kmap_pte = the PTE of FIX_KMAP_BEGIN; kmap_atomic() writes
 * kmap_pte - idx for idx up to KM_TYPE_NR * NR_CPUS - 1, which is right only
 * if the PTE pages under the slots are physically consecutive.
 */
export interface PtKmapEvent {
  readonly kind: 'pt-kmap';
  readonly step: StepRef;
  /** fix_to_virt(FIX_KMAP_BEGIN) and fix_to_virt(FIX_KMAP_END) */
  readonly begin: number;
  readonly end: number;
  /** the PTE pages from FIX_KMAP_BEGIN's (highest address) down */
  readonly pages: readonly KmapPage[];
  /** the first page boundary kmap_pte - idx crosses wrongly, or null if the pages are consecutive */
  readonly broken: {
    /** the first idx whose PTE is not where kmap_pte - idx points */
    readonly idx: number;
    /** its slot's address */
    readonly vaddr: number;
    /** the PTE page above the boundary and the one below */
    readonly upper: KmapPage;
    readonly lower: KmapPage;
    /** what kmap_pte - idx hits instead: the page physically below the upper one */
    readonly hits: string;
  } | null;
}

/**
 * A page-table allocator runs dry and the kernel panics:
 * find_early_table_space() finds no room below max_pfn_mapped ("Cannot find
 * space for the kernel page tables"), alloc_low_page() reaches table_top
 * ("alloc_low_page: ran out of memory"), or alloc_bootmem_low_pages() finds no
 * low page ("Out of memory"). The model goes on as if the pages existed.
 */
export interface PtPanicEvent {
  readonly kind: 'pt-panic';
  readonly step: StepRef;
  readonly fn: 'find_early_table_space' | 'alloc_low_page' | 'alloc_bootmem_low_pages';
  /** the kernel's panic() string */
  readonly panic: string;
  /** what the pages were for: the direct map, the fixmap or the pkmap page tables */
  readonly what: 'direct map' | 'fixmap' | 'pkmap';
  /** virtual range of the PMDs that needed PTE pages in this call (null for find_early_table_space) */
  readonly start: number | null;
  readonly end: number | null;
  /** the first PMD whose page could not be had (null for find_early_table_space) */
  readonly firstMissing: number | null;
  /** pages asked for in this call, and how many of them were past the end */
  readonly pages: number;
  readonly missing: number;
  /** alloc_low_page's table space [start, top) in pfns and the pages it reserved; null for bootmem */
  readonly tableSpace: { readonly start: number; readonly top: number; readonly fixmapPages: number } | null;
  /** find_early_table_space: max_pfn_mapped, the limit of the search (pfn) */
  readonly maxPfnMapped: number | null;
}

/** PTEs of a PTE page that was unhooked: the virtual pages [start, end) (bytes) and the step that wrote them (a set_fixmap). */
export interface DroppedPtes {
  readonly start: number;
  readonly end: number;
  readonly by: StepRef;
}

/**
 * A step took a PTE page that held fixmap PTEs out of its PMD without
 * carrying the entries over (arch/x86/mm/ioremap.c at 2.6.28 4a6908a3a05):
 * - early_ioremap_init(): `memset(bm_pte, 0, sizeof(bm_pte));
 *   pmd_populate_kernel(&init_mm, pmd, bm_pte)` (lines 536-538) over
 *   whatever the PMD of FIX_BTMAP_BEGIN held (head_32.S's swapper_pg_fixmap,
 *   bm_pte itself, a page page_table_range_init built);
 * - early_ioremap_clear(): `pmd_clear(pmd)` (lines 559-570), called by
 *   early_ioremap_page_table_range_init() (arch/x86/mm/init_32.c lines
 *   498-511) until a3c6018e565 (2.6.29-rc3); page_table_range_init() then
 *   hooks a fresh, zeroed page (alloc_low_page's memset) and
 *   early_ioremap_reset() re-sets only FIX_BTMAP_BEGIN … FIX_BTMAP_END from bm_pte.
 * Emitted only when the page held PTEs.
 */
export interface PtPtesDroppedEvent {
  readonly kind: 'pt-ptes-dropped';
  readonly step: StepRef;
  readonly fn: 'early_ioremap_init' | 'early_ioremap_clear';
  /** the PMD's base (bytes) */
  readonly pmd: number;
  /** the PTE page that held the entries: its origin, pfn, and the step that hooked it */
  readonly table: { readonly origin: TableOrigin | null; readonly frame: number; readonly by: StepRef };
  /** the PTE page the PMD holds when the step is done (bm_pte, or the one page_table_range_init hooked), or null */
  readonly now: { readonly origin: TableOrigin | null; readonly frame: number } | null;
  /** the entries the page held, in address order */
  readonly ptes: readonly DroppedPtes[];
}

export type PagetableEvent = PtStepEvent | PtKeptEvent | PtWritablePagetableEvent | PtKmapEvent | PtPanicEvent | PtPtesDroppedEvent;

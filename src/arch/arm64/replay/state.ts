/**
 * The model state of one arm64 replay: the translation tables, which of
 * them the TTBRs point at, what the TLB may still hold, the fixmap
 * page-table slots in use, memblock, and the few globals the early code
 * reads (memstart_addr, the KASLR offset, after_paging_init, …).
 * Intervals and runs only.
 */
import type { StepRef } from '../../../replay/trace.js';
import type { BtmapSlots } from '../../early-ioremap.js';
import type { SetupArchExit } from '../../setup-arch-exit.js';
import type { TableSlot } from '../fixmap.js';
import type { Level } from '../geometry.js';
import type { ImageSymbols } from '../layout.js';
import { cloneMemblock, type Memblock } from '../mm/memblock.js';
import { cloneTables, type TableSet } from '../mm/tables.js';
import type { EntryDesc } from '../prot.js';

/** A translation the TLB may still hold although the tables no longer have it. */
export interface Stale {
  readonly level: Level;
  readonly va: number;
  readonly end: number;
  /** the descriptor of the entry at va */
  readonly desc: EntryDesc;
  /** leaf descriptors step their OA by the entry size over [va, end) */
  readonly uniform: boolean;
  readonly since: StepRef;
}

/** A FIX_P* slot held by a caller (pgd_set_fixmap in paging_init, or a user's step). */
export interface SlotHold {
  readonly step: StepRef;
  readonly holder: string;
  readonly pa: number;
  /** the model's name of that table page when it is one of its tables (bm_pmd, pgd (memblock)); null for a fresh helper page */
  readonly table: string | null;
}

/** The mutable model; with where the replay stands against setup_arch()'s return (SetupArchExit: mm_init()'s need). */
export interface ModelState extends SetupArchExit {
  set: TableSet;
  /** table ids by kernel name (swapper_pg_dir, idmap_pg_dir, bm_pud, bm_pmd, bm_pte, tmp_pg_dir, kasan_zero_*) */
  named: Record<string, number>;
  /** table id, or null for the reserved empty_zero_page */
  ttbr0: number | null;
  ttbr1: number | null;
  mmu: boolean;
  /** tables reachable from the TTBRs; null = recompute */
  reach: Set<number> | null;
  stale: Stale[];
  slots: Map<TableSlot, SlotHold>;
  memblock: Memblock;
  /** memstart_addr (PHYS_OFFSET); null while it is -1 (v4.6+, before arm64_memblock_init) */
  memstart: number | null;
  /**
   * arm64_dma_phys_limit, physical bytes (exclusive): max_zone_dma_phys() once arm64_memblock_init() set it
   * (CONFIG_ZONE_DMA is def_bool y at v4.4 and v4.6), 0 before: a zero-initialised global, so
   * alloc_bootmem_low()'s ARCH_LOW_ADDRESS_LIMIT (arm64_dma_phys_limit - 1) is ~0 until then, no limit
   * (A46 arch/arm64/mm/init.c:58,241-244, asm/processor.h:51; A44 init.c:49,181-184)
   */
  dmaPhysLimit: number;
  /**
   * the end of DRAM (physical, exclusive) when high_memory = __va(end - 1) + 1 was set: v4.4 in
   * arm64_memblock_init() (A44 init.c:185), v4.6+ at the end of bootmem_init() (A46 init.c:269); null before
   */
  highMemoryEnd: number | null;
  /**
   * early_cma()'s size_cmdline, base_cmdline and limit_cmdline once parse_early_param() read a `cma=`
   * (drivers/base/dma-contiguous.c:56-75 at v4.6); null while size_cmdline is still -1
   */
  cmaCmdline: { readonly size: bigint; readonly base: bigint; readonly limit: bigint; readonly text: string } | null;
  /** memstart_offset_seed: the KASLR seed's top 16 bits (v4.6+), randomizing the linear region */
  memstartSeed: number;
  kaslrOffset: number;
  image: ImageSymbols;
  /** early_ioremap_setup() has filled slot_virt[] */
  earlyIoremap: boolean;
  /** early_ioremap's prev_map[]: the FIX_BTMAP slots early_memremap() has handed out and not freed */
  btmap: BtmapSlots;
  /** early_ioremap_reset() */
  afterPagingInit: boolean;
  /** paging_init()'s temporary pgd (v4.6+), between early_pgtable_alloc and memblock_free */
  newPgd: number | null;
  /**
   * A table allocation failed in the current step (BUG_ON(!pgtable_alloc), memblock_alloc()'s panic): the kernel
   * stops there, so the model installs no table and writes no entry in this step's walks from then on.
   * The step's other effects and the next steps still run (as x86_32 skips the write after the BUG()
   * of a missing page table and goes on), so further ordering problems are still found, and none is
   * derived from a table the kernel never installs. Reset at each step.
   */
  bug: boolean;
  values: Set<string>;
}

export function cloneState(s: ModelState): ModelState {
  return {
    ...s,
    set: cloneTables(s.set),
    named: { ...s.named },
    reach: null,
    stale: s.stale.slice(),
    slots: new Map(s.slots),
    memblock: cloneMemblock(s.memblock),
    values: new Set(s.values),
  };
}

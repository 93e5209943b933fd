/**
 * The vocabulary the arm64 call catalog is written in: each call is a list
 * of effects, which one interpreter (replay/interpreter.ts) runs over the
 * model. The words are the kernel's own operations (early_fixmap_init,
 * create_mapping over a range, cpu_replace_ttbr1, …), so that a proposal can
 * be written as a different list of the same words.
 */
import type { EfiObject } from '../early-ioremap.js';
import type { TableSlot } from './fixmap.js';
import type { ImageSymbols } from './layout.js';
import type { ProtName } from './prot.js';

/** Values a call can set and later calls need (shown by `trace -a`). */
export type Value =
  | 'fixmap'          // early_fixmap_init: bm_pud/bm_pmd/bm_pte hooked into swapper_pg_dir
  | 'early_ioremap'   // early_ioremap_init: slot_virt[] filled
  | 'fdt'             // setup_machine_fdt: the DTB mapped at FIX_FDT and scanned
  | 'memblock'        // early_init_dt_scan (DT) or efi_init (UEFI): memblock.memory
  | 'memblock_reserved' // arm64_memblock_init: the kernel image, initrd and /reserved-memory in memblock.reserved
  | 'early_params'    // parse_early_param
  | 'memstart_addr'   // v4.4: head.S; v4.6+: arm64_memblock_init
  | 'linear_map'      // paging_init
  | 'device_tree'     // unflatten_device_tree
  | 'after_paging_init' // early_ioremap_reset
  | 'memmap';         // bootmem_init: sparse_init() (the struct pages) and zone_sizes_init() (the zones)

/** Machine facts and config symbols that switch an effect on. */
export type Condition =
  | 'config.kasan'
  | 'config.debug_rodata'
  | 'config.randomize_base'
  | 'machine.efi'
  | 'machine.dt'          // not machine.efi: the RAM comes from the DT's memory nodes
  | 'machine.acpi'
  | 'machine.no_acpi'
  | 'machine.earlycon'
  | 'machine.cma';        // config.dma_cma and a cma= on the command line

export type Symbol = keyof Omit<ImageSymbols, '__idmap_text_start'>;

/** A kernel range by its linker symbols, [from, to). */
export interface SymbolRange {
  readonly from: Symbol;
  readonly to: Symbol;
}

export interface Segment extends SymbolRange {
  readonly prot: ProtName;
}

/** The roots the catalog names: swapper_pg_dir, paging_init's temporary pgd, kasan's tmp_pg_dir. */
export type RootName = 'swapper_pg_dir' | 'new pgd' | 'tmp_pg_dir';

/** One operation of the vocabulary; `when` switches it on for some machines and configs only. */
export type Effect = EffectOp & { readonly when?: Condition };

export type EffectOp =
  /**
   * `whatHappens`: the whole consequence when the value is missing and the boot goes on otherwise (a warning, not
   * an error: a cma= read too late is ignored)
   */
  | { op: 'needs'; value: Value; why: string; whatHappens?: string }
  | { op: 'sets'; value: Value }
  /** arch/arm64/mm/mmu.c early_fixmap_init(): bm_pud → bm_pmd → bm_pte under FIXADDR_START, in the live swapper_pg_dir */
  | { op: 'early_fixmap_init' }
  /** mm/early_ioremap.c early_ioremap_setup(): slot_virt[i] = __fix_to_virt(FIX_BTMAP_BEGIN - 64 i); no table writes */
  | { op: 'early_ioremap_setup' }
  /** __fixmap_remap_fdt(dt_phys, &size, prot): 2 MiB block(s) at FIX_FDT; fixmap_remap_fdt() also memblock_reserve()s the DTB */
  | { op: 'fixmap_remap_fdt'; prot: 'PAGE_KERNEL_RO' | 'PAGE_KERNEL'; reserve: boolean }
  /** early_init_dt_scan(): /chosen (bootargs) and, on a DT boot, the memory nodes into memblock */
  | { op: 'early_init_dt_scan' }
  /** parse_early_param(): earlycon → earlycon_map() → set_fixmap_io(FIX_EARLYCON_MEM_BASE) */
  | { op: 'parse_early_param' }
  /** cpu_set_reserved_ttbr0(); local_flush_tlb_all() (cpu_uninstall_idmap, the end of v4.4 paging_init) */
  | { op: 'ttbr0_reserved' }
  /**
   * early_memremap()/early_memremap_ro() of a firmware table into the first free FIX_BTMAP slot (mm/early_ioremap.c);
   * then: 'unmap' (the default) early_memunmap()s it right away, 'hold' keeps the slot until an early_memunmap
   * effect names the same `what`. object: which EFI object (its address: early-ioremap.ts efiObjectPa); without
   * it, the model's firmware page (the top 2 MiB of the last bank)
   */
  | { op: 'early_memremap'; what: string; prot: ProtName; object?: EfiObject; then?: 'unmap' | 'hold' }
  /** early_memunmap() of what an early_memremap with then: 'hold' mapped: its slot is free again */
  | { op: 'early_memunmap'; what: string }
  /** efi_init() → reserve_regions(): the EFI memory map's RAM into memblock (UEFI boot) */
  | { op: 'efi_memblock' }
  /** arm64_memblock_init(): memblock_reserve(kernel); v4.6+ first sets memstart_addr (and randomizes it with KASLR) */
  | { op: 'arm64_memblock_init'; setsMemstart: boolean }
  /** v4.4 map_mem(): every bank into the live swapper_pg_dir, early_alloc below PHYS_OFFSET + 1 GiB */
  | { op: 'map_mem_live' }
  /** v4.4 fixup_executable(): the unaligned head (_stext) and tail (__init_end) of the kernel_x range as PAGE_KERNEL */
  | { op: 'fixup_executable' }
  /** v4.4 paging_init(): zero_page = early_alloc(PAGE_SIZE) */
  | { op: 'alloc_zero_page' }
  /** bootmem_init() → sparse_init() → vmemmap_populate() over the struct pages of every present section */
  | { op: 'bootmem_init' }
  /** v4.6+ paging_init(): pgd_phys = early_pgtable_alloc(); pgd = pgd_set_fixmap(pgd_phys) */
  | { op: 'new_pgd' }
  /** v4.6+ map_kernel(): each segment by its own __create_pgd_mapping(), then the fixmap pgd entry and kasan_copy_shadow() */
  | { op: 'map_kernel'; segments: readonly Segment[] }
  /** v4.6+ map_mem(pgd): the banks as PAGE_KERNEL, the linear alias of [from, _etext) as PAGE_KERNEL_RO */
  | { op: 'map_mem_new'; roAlias: SymbolRange }
  /** cpu_replace_ttbr1(): through the idmap, TTBR1 → empty_zero_page, TLBI, TTBR1 → the new pgd */
  | { op: 'replace_ttbr1'; to: RootName }
  /** a direct msr ttbr1_el1 (v4.4 kasan_init's local cpu_set_ttbr1()) */
  | { op: 'set_ttbr1'; to: RootName }
  | { op: 'flush_tlb_all' }
  /** memcpy(to, from, PAGE_SIZE): the pgd entries */
  | { op: 'copy_pgd'; from: RootName; to: RootName }
  /** v4.6+ paging_init(): pgd_clear_fixmap(); memblock_free(pgd_phys); memblock_free(swapper_pg_dir + PAGE_SIZE, …) */
  | { op: 'release_new_pgd' }
  /** kasan_init(): clear_pgds() of the shadow in swapper_pg_dir, then the real shadow (v4.4 or v4.6+ recipe) */
  | { op: 'kasan_populate'; recipe: 'v4.4' | 'v4.6' }
  /** v4.6+ kasan_init(): every kasan_zero_pte entry rewritten PAGE_KERNEL_RO */
  | { op: 'kasan_zero_pte_ro' }
  /**
   * memblock_alloc() + __va() + writes: unflattened DT nodes, resources, the initrd copy. `size` and
   * `align` in bytes (align: PAGE_SIZE when absent); `perRegion`: one allocation for each memblock.memory
   * region (for_each_memblock(memory, region)), else one.
   */
  | { op: 'linear_alloc'; what: string; size: number; low: boolean; align?: number; perRegion?: true }
  /** early_ioremap_reset(): after_paging_init = 1 */
  | { op: 'early_ioremap_reset' }
  /** create_mapping_late(__pa(from), from, to - from, prot) on the live swapper_pg_dir */
  | { op: 'create_mapping_late'; range: SymbolRange; prot: ProtName }
  /** v4.6+ fixup_init(): unmap_kernel_range(__init_begin, …): valid → invalid, then flush */
  | { op: 'unmap_kernel_range'; range: SymbolRange }
  /** pXd_set_fixmap(phys) / pXd_clear_fixmap() called on their own */
  | { op: 'table_slot'; slot: TableSlot; action: 'set' | 'clear' }
  /** head.S __create_page_tables: zero idmap_pg_dir and swapper_pg_dir, then 2 MiB RWX blocks for the idmap and the kernel */
  | { op: 'create_page_tables' }
  /** head.S __enable_mmu: TTBR0 = idmap_pg_dir, TTBR1 = swapper_pg_dir, SCTLR_EL1.M = 1 */
  | { op: 'enable_mmu' }
  /** head.S __enable_mmu on the KASLR path: msr sctlr_el1 with M = 0 (the TLB keeps what it holds) */
  | { op: 'mmu_off' }
  /** 4.7.4 head.S (the v4.7 profile; a stable backport, not in v4.7-rc3): "Remove any stale TLB entries" (tlbi vmalle1; dsb nsh) before the MMU goes back on */
  | { op: 'tlbi_vmalle1' }
  /** __mmap_switched/__primary_switched: clear .bss (bm_pud/pmd/pte and kasan_zero_* with it) */
  | { op: 'clear_bss' }
  /** v4.4 __mmap_switched: str_l x24, memstart_addr (PHYS_OFFSET = __pa(_text) - TEXT_OFFSET) */
  | { op: 'memstart_from_head' }
  /** kasan_early_init(): every shadow pgd entry → kasan_zero_pud → pmd → pte → kasan_zero_page */
  | { op: 'kasan_early_init' }
  /** kaslr_early_init(): early_fixmap_init(), the DTB mapped PAGE_KERNEL, the offset from /chosen/kaslr-seed */
  | { op: 'kaslr_early_init' };

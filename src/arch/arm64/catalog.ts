/**
 * The arm64 call catalog: every call as data, in the effect vocabulary of
 * effects.ts, with variants per kernel. Sources (spec §1.2, §2):
 *   v4.4 rivsidn/linux-4.4.155@a1961d75  arch/arm64/kernel/setup.c:303-341, arch/arm64/mm/{mmu,init,kasan_init}.c
 *   v4.6 chenlihao92/archlinux-4.6.5@b9b6ded1  setup.c:304-348, mm/mmu.c:538-569
 *   v4.7 calebwilliamsd/linux-4.7.4-casio@01851de9  setup.c:241-288, mm/mmu.c:538-566
 * The late calls are init/main.c kernel_init(): free_initmem() (→ fixup_init())
 * then mark_rodata_ro().
 */
import { EFI_OBJECT_TEXT } from '../early-ioremap.js';
import type { CallPhase } from '../types.js';
import { KERNEL_INIT_PHASE, SETUP_ARCH_PHASE } from '../phase.js';
import { isCallName, type CallName } from './catalog-names.js';
import type { Effect, Segment } from './effects.js';
import { keyOf, V4_4, V4_6, V4_7, type KernelVersion } from './kernel-version.js';
import { KiB } from './addr.js';

interface Variant {
  readonly sinceKey: number;
  readonly untilKey: number;
  readonly effects: readonly Effect[];
}

export interface CallSpec {
  /** one line, for `bootreplay steps` */
  readonly doc: string;
  /** where the call sits: setup_arch(), kernel_init() after it, or a helper of v4.6+ */
  readonly kind: 'setup_arch' | 'late' | 'helper';
  readonly since?: string;
  readonly until?: string;
  /** why it is missing outside since..until (for the loader's message) */
  readonly absentBecause?: string;
  /** a late call: what it does that setup_arch() cannot survive (phase-order's consequence) */
  readonly lateEffect?: string;
  readonly variants: readonly Variant[];
}

const ALL = { sinceKey: 0, untilKey: Number.POSITIVE_INFINITY };

function always(effects: readonly Effect[]): readonly Variant[] {
  return [{ ...ALL, effects }];
}

/** request_standard_resources() registers one resource per memblock.memory region */
const RESOURCES_NEED_MEMBLOCK: Effect = { op: 'needs', value: 'memblock', why: 'for_each_memblock(memory, region) registers each RAM region' };

function only(key: number, effects: readonly Effect[]): Variant {
  return { sinceKey: key, untilKey: key, effects };
}

function from(key: number, effects: readonly Effect[]): Variant {
  return { sinceKey: key, untilKey: Number.POSITIVE_INFINITY, effects };
}

const NONE = always([]);

/** v4.6 map_kernel(): text from _stext (A46 mmu.c:498-505); v4.7 from _text (map_kernel_segment) */
function kernelSegments(text: '_stext' | '_text'): readonly Segment[] {
  return [
    { from: text, to: '__start_rodata', prot: 'PAGE_KERNEL_EXEC' },
    { from: '__start_rodata', to: '_etext', prot: 'PAGE_KERNEL' },
    { from: '__init_begin', to: '__init_end', prot: 'PAGE_KERNEL_EXEC' },
    { from: '_data', to: '_end', prot: 'PAGE_KERNEL' },
  ];
}

function pagingInitNew(text: '_stext' | '_text', bootmem: boolean): readonly Effect[] {
  return [
    { op: 'needs', value: 'memstart_addr', why: 'map_mem() places the linear map at __phys_to_virt(), which reads memstart_addr' },
    { op: 'needs', value: 'fixmap', why: 'every table is reached through FIX_PGD/PUD/PMD/PTE' },
    { op: 'needs', value: 'memblock_reserved', why: 'its page tables and the zero page come from memblock_alloc() (early_alloc / early_pgtable_alloc), which hands out any page not in memblock.reserved: arm64_memblock_init() has not reserved the kernel image (memblock_reserve(__pa(_text), _end - _text)), the initrd or /reserved-memory yet' },
    { op: 'new_pgd' },
    { op: 'map_kernel', segments: kernelSegments(text) },
    { op: 'map_mem_new', roAlias: { from: text, to: '_etext' } },
    { op: 'replace_ttbr1', to: 'new pgd' },
    { op: 'copy_pgd', from: 'new pgd', to: 'swapper_pg_dir' },
    { op: 'replace_ttbr1', to: 'swapper_pg_dir' },
    { op: 'release_new_pgd' },
    { op: 'sets', value: 'linear_map' },
    ...(bootmem ? [{ op: 'bootmem_init' } as const, { op: 'sets', value: 'memmap' } as const] : []),
  ];
}

// bootmem_init()'s struct pages (memmap) are read first by start_kernel() → mm_init() when setup_arch()
// returns, before any late step: replay/leave-setup-arch.ts (the kernel dies there without them, so the late
// steps' own uses of the page allocator, free_initmem() and create_mapping_late(), never come into it).

/** kasan_init(): v4.4 A44 kasan_init.c:120-165 (msr switches), v4.6+ A46 kasan_init.c:129-208 (cpu_replace_ttbr1) */
function kasanInit(v44: boolean): readonly Effect[] {
  const needs: Effect = { op: 'needs', value: 'linear_map', why: 'the shadow of memory is allocated with memblock and written through __va()' };
  const steps: readonly Effect[] = v44
    ? [
        needs,
        { op: 'copy_pgd', from: 'swapper_pg_dir', to: 'tmp_pg_dir' },
        { op: 'set_ttbr1', to: 'tmp_pg_dir' },
        { op: 'flush_tlb_all' },
        { op: 'kasan_populate', recipe: 'v4.4' },
        { op: 'set_ttbr1', to: 'swapper_pg_dir' },
        { op: 'flush_tlb_all' },
      ]
    : [
        needs,
        { op: 'copy_pgd', from: 'swapper_pg_dir', to: 'tmp_pg_dir' },
        { op: 'replace_ttbr1', to: 'tmp_pg_dir' },
        { op: 'kasan_populate', recipe: 'v4.6' },
        { op: 'kasan_zero_pte_ro' },
        { op: 'replace_ttbr1', to: 'swapper_pg_dir' },
      ];
  return steps.map((e) => ({ ...e, when: 'config.kasan' }));
}

/**
 * Why efi_init() needs setup_machine_fdt() on a UEFI boot: it finds the system table and the memory map only as
 * the /chosen linux,uefi-* properties the stub wrote, through efi_get_fdt_params() → of_scan_flat_dt(), which
 * walks initial_boot_params (NULL until early_init_dt_scan() → early_init_dt_verify() sets it) with no NULL check:
 * fdt_next_node() → fdt_offset_ptr() reads fdt_off_dt_struct(NULL).
 * A44 rivsidn/linux-4.4.155@a1961d75 arch/arm64/kernel/efi.c:202-207, drivers/firmware/efi/efi.c:529,
 * drivers/of/fdt.c:631; A46 chenlihao92/archlinux-4.6.5@b9b6ded1 drivers/firmware/efi/arm-init.c:177-182,
 * efi.c:533, fdt.c:631; A47 calebwilliamsd/linux-4.7.4-casio@01851de9 arm-init.c:218-224, efi.c:526-544,
 * drivers/of/fdt.c:725-734,1185, scripts/dtc/libfdt/fdt.c:77-84,162-173.
 */
/**
 * dma_contiguous_reserve() at the end of arm64_memblock_init() sizes the default CMA area from size_cmdline, which
 * only early_cma(), an early_param, sets (drivers/base/dma-contiguous.c:54-69,107-125 at v4.6; the same at v4.4 and
 * v4.7): a cma= that parse_early_param() reads later is ignored (helper-182, 3).
 */
const CMA_NEEDS_EARLY_PARAMS = {
  op: 'needs', value: 'early_params', when: 'machine.cma',
  why: 'dma_contiguous_reserve() sizes the default CMA area from the command line\'s cma= (early_cma() sets size_cmdline)',
  whatHappens: 'dma_contiguous_reserve() sizes the default CMA area from size_cmdline, which only early_cma() sets: the command line\'s cma= is ignored, CONFIG_CMA_SIZE_MBYTES is reserved instead, and the boot goes on',
} as const;

const EFI_NEEDS_FDT = 'efi_get_fdt_params() scans initial_boot_params for /chosen\'s linux,uefi-* properties (the system table and the memory map the stub put there), and initial_boot_params is NULL until setup_machine_fdt()\'s early_init_dt_scan(): of_scan_flat_dt() reads the FDT header at address 0, a NULL dereference before any console; even without the fault, no EFI memory map means no RAM in memblock on a UEFI boot';

/**
 * efi_init() on a UEFI boot, in the kernel's order. The memory map is mapped first and held (slot 0) while
 * uefi_init() maps the system table (slot 1, held) and, nested in it, the firmware vendor string and then the
 * config table array, each in slot 2 and unmapped at once; uefi_init() unmaps the system table at its end
 * (out:); reserve_regions() walks the memory map; efi_init() unmaps it last. Slots: mm/early_ioremap.c takes the
 * first free one (early-ioremap.ts).
 * v4.4: arch/arm64/kernel/efi.c:82-141 (uefi_init), :163-200 (reserve_regions), :202-233 (efi_init: the map at
 * :215, uefi_init at :228, reserve_regions at :231, early_memunmap(memmap.map) at :232), early_memremap()
 * (rivsidn/linux-4.4.155@a1961d75). v4.6: drivers/firmware/efi/arm-init.c:56-117, :177-205, early_memremap_ro()
 * (chenlihao92/archlinux-4.6.5@b9b6ded1). v4.7: arm-init.c:88-152, :218-251 (calebwilliamsd/linux-4.7.4-casio@01851de9;
 * efi_memattr_init() between reserve_regions() and the unmap maps the Memory Attributes table only when the
 * firmware has one, drivers/firmware/efi/memattr.c:24-50: not modeled). The error paths (a bad signature
 * skips the vendor string and tables; uefi_init() failing returns with the memory map still mapped) are not modeled.
 */
function efiInit(prot: 'PAGE_KERNEL' | 'PAGE_KERNEL_RO', fn: string): Effect[] {
  const m = 'machine.efi' as const;
  return [
    { op: 'needs', value: 'fdt', why: EFI_NEEDS_FDT, when: m },
    { op: 'needs', value: 'early_ioremap', why: `${fn} maps through the FIX_BTMAP slots early_ioremap_init() set up`, when: m },
    { op: 'early_memremap', what: EFI_OBJECT_TEXT.memmap, object: 'memmap', prot, then: 'hold', when: m },
    { op: 'early_memremap', what: EFI_OBJECT_TEXT.systab, object: 'systab', prot, then: 'hold', when: m },
    { op: 'early_memremap', what: EFI_OBJECT_TEXT.fw_vendor, object: 'fw_vendor', prot, when: m },
    { op: 'early_memremap', what: EFI_OBJECT_TEXT.config_tables, object: 'config_tables', prot, when: m },
    { op: 'early_memunmap', what: EFI_OBJECT_TEXT.systab, when: m },
    { op: 'efi_memblock', when: m },
    { op: 'sets', value: 'memblock', when: m },
    { op: 'early_memunmap', what: EFI_OBJECT_TEXT.memmap, when: m },
  ];
}

function helper(slot: 'FIX_PGD' | 'FIX_PUD' | 'FIX_PMD' | 'FIX_PTE', action: 'set' | 'clear'): CallSpec {
  const macro = `${slot.slice(4).toLowerCase()}_${action}_fixmap`;
  return {
    doc: action === 'set'
      ? `${macro}(phys): maps a page-table page at ${slot} and keeps it mapped (a helper of v4.6+, for orders that add code using it; not a setup_arch call). phys is a memblock page as early_pgtable_alloc() gets it; before memblock has RAM, the static ${slot === 'FIX_PGD' ? 'swapper_pg_dir' : `bm_${slot.slice(4).toLowerCase()}`}`
      : `${macro}(): clears ${slot} and flushes its TLB entry`,
    kind: 'helper',
    since: 'v4.6',
    absentBecause: 'the FIX_PTE/PMD/PUD/PGD slots arrived in v4.6 ("arm64: mm: use fixmap when creating page tables")',
    variants: always([{ op: 'table_slot', slot, action }]),
  };
}

export const CATALOG: Readonly<Record<CallName, CallSpec>> = {
  early_fixmap_init: {
    doc: 'hooks the static bm_pud/bm_pmd/bm_pte under FIXADDR_START into the live swapper_pg_dir (invalid → table)',
    kind: 'setup_arch',
    variants: always([{ op: 'early_fixmap_init' }, { op: 'sets', value: 'fixmap' }]),
  },
  early_ioremap_init: {
    doc: 'early_ioremap_setup(): slot_virt[] of the 7 FIX_BTMAP slots; no table writes',
    kind: 'setup_arch',
    variants: always([{ op: 'early_ioremap_setup' }, { op: 'sets', value: 'early_ioremap' }]),
  },
  setup_machine_fdt: {
    doc: 'fixmap_remap_fdt(): the DTB as 2 MiB PAGE_KERNEL_RO block(s) at FIX_FDT in bm_pmd (v4.6+: through FIX_PUD/FIX_PMD), memblock_reserve; early_init_dt_scan(): bootargs and, on a DT boot, the RAM into memblock',
    kind: 'setup_arch',
    variants: always([
      { op: 'fixmap_remap_fdt', prot: 'PAGE_KERNEL_RO', reserve: true },
      { op: 'early_init_dt_scan' },
      { op: 'sets', value: 'fdt' },
      { op: 'sets', value: 'memblock', when: 'machine.dt' },
    ]),
  },
  parse_early_param: {
    doc: 'earlycon[=…] (or console=<earlycon driver>,…): the first early console maps its UART with set_fixmap_io(FIX_EARLYCON_MEM_BASE) (never cleared)',
    kind: 'setup_arch',
    variants: always([
      { op: 'needs', value: 'fdt', why: 'boot_command_line comes from /chosen/bootargs, which early_init_dt_scan() copies' },
      { op: 'parse_early_param' },
      { op: 'sets', value: 'early_params' },
    ]),
  },
  local_async_enable: { doc: 'none (unmasks SError)', kind: 'setup_arch', variants: NONE },
  cpu_uninstall_idmap: {
    doc: 'TTBR0: idmap_pg_dir → reserved (empty_zero_page), local_flush_tlb_all() (v4.6+)',
    kind: 'setup_arch',
    since: 'v4.6',
    absentBecause: 'v4.4 switches TTBR0 to the reserved page at the end of paging_init(); "arm64: unify idmap removal" (9e8e865bbe29) moved it into setup_arch in v4.6',
    variants: always([{ op: 'ttbr0_reserved' }]),
  },
  efi_init: {
    doc: 'UEFI boot (machine.efi): early_memremap (v4.6+: _ro) of the memory map (slot 0, held), then uefi_init(): the system table (slot 1, held), the vendor string and the config table array (slot 2 each, unmapped), the system table unmapped; reserve_regions() puts the RAM into memblock; the memory map unmapped',
    kind: 'setup_arch',
    variants: [
      only(V4_4, efiInit('PAGE_KERNEL', 'early_memremap()')),
      from(V4_6, efiInit('PAGE_KERNEL_RO', 'early_memremap_ro()')),
    ],
  },
  arm64_memblock_init: {
    doc: 'reserves the kernel image; v4.6+ first sets memstart_addr (-1 until now) = round_down(start of DRAM, 1 GiB), lowered by KASLR\'s linear-region randomization',
    kind: 'setup_arch',
    variants: [
      only(V4_4, [
        { op: 'needs', value: 'memblock', why: 'it trims and reserves in memblock.memory' },
        CMA_NEEDS_EARLY_PARAMS,
        { op: 'arm64_memblock_init', setsMemstart: false },
        { op: 'sets', value: 'memblock_reserved' },
      ]),
      from(V4_6, [
        { op: 'needs', value: 'memblock', why: 'memstart_addr = round_down(memblock_start_of_DRAM(), ARM64_MEMSTART_ALIGN)' },
        CMA_NEEDS_EARLY_PARAMS,
        { op: 'arm64_memblock_init', setsMemstart: true },
        { op: 'sets', value: 'memstart_addr' },
        { op: 'sets', value: 'memblock_reserved' },
      ]),
    ],
  },
  acpi_boot_table_init: {
    doc: 'ACPI boot (machine.acpi): the RSDP/XSDT/FADT through early_memremap (__acpi_map_table), unmapped again',
    kind: 'setup_arch',
    variants: always([
      { op: 'needs', value: 'early_ioremap', why: '__acpi_map_table() is early_memremap()', when: 'machine.acpi' },
      { op: 'early_memremap', what: 'ACPI tables', prot: 'PAGE_KERNEL', when: 'machine.acpi' },
    ]),
  },
  paging_init: {
    doc: 'v4.4: map_mem() and fixup_executable() on the live swapper_pg_dir, bootmem_init(), TTBR0 → reserved; v4.6+: a new pgd via FIX_PGD, map_kernel() segments and map_mem() into it, cpu_replace_ttbr1() there and back to swapper_pg_dir (v4.6: then bootmem_init())',
    kind: 'setup_arch',
    variants: [
      only(V4_4, [
        { op: 'needs', value: 'memblock', why: 'map_mem() maps every memblock region' },
        { op: 'needs', value: 'memblock_reserved', why: 'its page tables and the zero page come from memblock_alloc() (early_alloc / early_pgtable_alloc), which hands out any page not in memblock.reserved: arm64_memblock_init() has not reserved the kernel image (memblock_reserve(__pa(_text), _end - _text)), the initrd or /reserved-memory yet' },
        { op: 'map_mem_live' },
        { op: 'fixup_executable', when: 'config.debug_rodata' },
        { op: 'sets', value: 'linear_map' },
        { op: 'alloc_zero_page' },
        { op: 'bootmem_init' },
        { op: 'sets', value: 'memmap' },
        { op: 'ttbr0_reserved' },
      ]),
      only(V4_6, pagingInitNew('_stext', true)),
      from(V4_7, pagingInitNew('_text', false)),
    ],
  },
  relocate_initrd: {
    doc: 'moves an initrd that mem= cut out of RAM into the linear map (the model has no mem=: nothing to move)',
    kind: 'setup_arch',
    until: 'v4.6',
    absentBecause: 'v4.7 dropped relocate_initrd(); arm64_memblock_init() adds the initrd region back instead',
    variants: NONE,
  },
  unflatten_device_tree: {
    doc: 'DT boot: builds the device tree in memblock memory written through __va() (early_init_dt_alloc_memory_arch); skipped with machine.acpi',
    kind: 'setup_arch',
    variants: always([
      { op: 'needs', value: 'fdt', why: 'it unflattens the blob at FIX_FDT', when: 'machine.no_acpi' },
      { op: 'linear_alloc', what: 'unflattened device tree', size: 64 * KiB, low: false, when: 'machine.no_acpi' },
      { op: 'sets', value: 'device_tree', when: 'machine.no_acpi' },
    ]),
  },
  bootmem_init: {
    doc: 'sparse_init() → vmemmap_populate(): memblock tables and 2 MiB PROT_SECT_NORMAL blocks for the struct pages, on the live swapper_pg_dir, all through __va() (v4.7; v4.4/v4.6 paging_init calls it)',
    kind: 'setup_arch',
    since: 'v4.7',
    absentBecause: 'in v4.4 and v4.6 paging_init() calls bootmem_init() itself; v4.7 moved the call into setup_arch',
    variants: always([
      { op: 'needs', value: 'linear_map', why: 'vmemmap_populate() allocates with memblock and writes through __va()' },
      { op: 'bootmem_init' },
      { op: 'sets', value: 'memmap' },
    ]),
  },
  kasan_init: {
    doc: 'CONFIG_KASAN: tmp_pg_dir (a pgd copy of swapper_pg_dir) in TTBR1 while the shadow is rebuilt, then back; v4.4 switches with msr ttbr1_el1, v4.6+ with cpu_replace_ttbr1()',
    kind: 'setup_arch',
    variants: [only(V4_4, kasanInit(true)), from(V4_6, kasanInit(false))],
  },
  request_standard_resources: {
    doc: 'one struct resource per memblock region from alloc_bootmem_low(), written through __va()',
    kind: 'setup_arch',
    // res = alloc_bootmem_low(sizeof(*res)) for_each_memblock(memory, region) (arch/arm64/kernel/setup.c:208-209 at
    // v4.4.155, :209-210 at v4.6); alloc_bootmem_low(x) = __alloc_bootmem_low(x, SMP_CACHE_BYTES, 0) (include/linux/bootmem.h:141-142),
    // SMP_CACHE_BYTES = L1_CACHE_BYTES = 1 << 7 (arch/arm64/include/asm/cache.h:21-22); struct resource is seven
    // 8-byte fields at v4.4 and eight from v4.6, which adds `desc` (include/linux/ioport.h:18-26)
    variants: [
      // with no region yet the loop allocates nothing and /proc/iomem has no System RAM: the order is still wrong
      only(V4_4, [RESOURCES_NEED_MEMBLOCK, { op: 'linear_alloc', what: 'struct resource (alloc_bootmem_low)', size: 56, align: 128, low: true, perRegion: true }]),
      from(V4_6, [RESOURCES_NEED_MEMBLOCK, { op: 'linear_alloc', what: 'struct resource (alloc_bootmem_low)', size: 64, align: 128, low: true, perRegion: true }]),
    ],
  },
  early_ioremap_reset: {
    doc: 'after_paging_init = 1 (early_ioremap uses __late_set_fixmap; on arm64 the same __set_fixmap)',
    kind: 'setup_arch',
    variants: always([{ op: 'early_ioremap_reset' }, { op: 'sets', value: 'after_paging_init' }]),
  },
  psci_dt_init: {
    doc: 'DT boot: reads the psci node of the unflattened tree (skipped with machine.acpi)',
    kind: 'setup_arch',
    variants: always([{ op: 'needs', value: 'device_tree', why: 'of_find_matching_node() walks the unflattened tree', when: 'machine.no_acpi' }]),
  },
  psci_acpi_init: { doc: 'ACPI boot: PSCI from the FADT (none on the model)', kind: 'setup_arch', variants: NONE },
  xen_early_init: { doc: 'none (looks for a Xen node in the flat DT)', kind: 'setup_arch', variants: NONE },
  cpu_read_bootcpu_ops: { doc: 'none', kind: 'setup_arch', variants: NONE },
  smp_init_cpus: {
    doc: 'DT boot: the cpu nodes of the unflattened tree',
    kind: 'setup_arch',
    variants: always([{ op: 'needs', value: 'device_tree', why: 'of_find_node_by_type(NULL, "cpu") walks the unflattened tree', when: 'machine.no_acpi' }]),
  },
  smp_build_mpidr_hash: { doc: 'none', kind: 'setup_arch', variants: NONE },
  fixup_init: {
    doc: 'kernel_init → free_initmem → fixup_init(): v4.4 create_mapping_late(__init_begin … __init_end, PAGE_KERNEL) on the live tables; v4.6+ unmap_kernel_range() (written after the setup_arch calls)',
    kind: 'late',
    lateEffect: 'free_initmem() (init/main.c kernel_init(), after async_synchronize_full()) hands the __init sections to the page allocator, and fixup_init() makes them non-executable (v4.4) or unmaps them (v4.6+): setup_arch() and the rest of start_kernel() are __init code and fault or run freed memory',
    variants: [
      only(V4_4, [{ op: 'create_mapping_late', range: { from: '__init_begin', to: '__init_end' }, prot: 'PAGE_KERNEL' }]),
      from(V4_6, [{ op: 'unmap_kernel_range', range: { from: '__init_begin', to: '__init_end' } }]),
    ],
  },
  mark_rodata_ro: {
    doc: 'kernel_init, after fixup_init; CONFIG_DEBUG_RODATA: v4.4 _stext … _etext PAGE_KERNEL_ROX; v4.6 _stext (v4.7 _text) … __start_rodata ROX and … _etext RO (written after the setup_arch calls)',
    kind: 'late',
    lateEffect: 'mark_rodata_ro() remaps the kernel text with create_mapping_late(), whose tables come from late_alloc() (__get_free_page()): the page allocator exists only after mm_init(), which start_kernel() calls after setup_arch() (init/main.c)',
    variants: [
      only(V4_4, [{ op: 'create_mapping_late', range: { from: '_stext', to: '_etext' }, prot: 'PAGE_KERNEL_ROX', when: 'config.debug_rodata' }]),
      only(V4_6, [
        { op: 'create_mapping_late', range: { from: '_stext', to: '__start_rodata' }, prot: 'PAGE_KERNEL_ROX', when: 'config.debug_rodata' },
        { op: 'create_mapping_late', range: { from: '__start_rodata', to: '_etext' }, prot: 'PAGE_KERNEL_RO', when: 'config.debug_rodata' },
      ]),
      from(V4_7, [
        { op: 'create_mapping_late', range: { from: '_text', to: '__start_rodata' }, prot: 'PAGE_KERNEL_ROX', when: 'config.debug_rodata' },
        { op: 'create_mapping_late', range: { from: '__start_rodata', to: '_etext' }, prot: 'PAGE_KERNEL_RO', when: 'config.debug_rodata' },
      ]),
    ],
  },
  pgd_set_fixmap: helper('FIX_PGD', 'set'),
  pgd_clear_fixmap: helper('FIX_PGD', 'clear'),
  pud_set_fixmap: helper('FIX_PUD', 'set'),
  pud_clear_fixmap: helper('FIX_PUD', 'clear'),
  pmd_set_fixmap: helper('FIX_PMD', 'set'),
  pmd_clear_fixmap: helper('FIX_PMD', 'clear'),
  pte_set_fixmap: helper('FIX_PTE', 'set'),
  pte_clear_fixmap: helper('FIX_PTE', 'clear'),
};

function range(spec: CallSpec): { sinceKey: number; untilKey: number } {
  return {
    sinceKey: spec.since === undefined ? 0 : keyOf(spec.since),
    untilKey: spec.until === undefined ? Number.POSITIVE_INFINITY : keyOf(spec.until),
  };
}

/**
 * The phase of a call (init/main.c at v4.4/v4.6/v4.7: start_kernel() calls
 * setup_arch() (A44:530), then mm_init() (A44:561); kernel_init() calls
 * free_initmem() and mark_rodata_ro()/mark_readonly() (A44:941-942,
 * A46/A47:939-940)). Calls the scenario defines and the fixmap helpers run in
 * setup_arch().
 */
export function callPhase(call: string): CallPhase {
  const spec = isCallName(call) ? CATALOG[call] : undefined;
  if (spec?.kind !== 'late') return SETUP_ARCH_PHASE;
  return { rank: 1, name: KERNEL_INIT_PHASE, effect: spec.lateEffect ?? '' };
}

/**
 * Whether the kernel makes the call more than once: setup_arch() calls each
 * of its functions once (arch/arm64/kernel/setup.c, v4.4 … v4.7), but the
 * fixmap helpers (pXd_set_fixmap/pXd_clear_fixmap, asm/pgtable.h v4.6+) run
 * for every table a walk reaches, so an order that uses one twice (a
 * set/clear pair before paging_init and another after it) is no merge error.
 */
export function repeatsCall(call: string): boolean {
  return isCallName(call) && CATALOG[call].kind === 'helper';
}

/** Whether this kernel has the call; the reason when not. */
export function availability(call: CallName, kernel: KernelVersion): { ok: true } | { ok: false; reason: string } {
  const spec = CATALOG[call];
  const r = range(spec);
  if (kernel.key >= r.sinceKey && kernel.key <= r.untilKey) return { ok: true };
  // the bounds in the user's spelling of the version ("4.7 (only up to 4.6)", "v4.7 (only up to v4.6)")
  const spell = (bound: string): string => (kernel.text.startsWith('v') ? bound : bound.replace(/^v/, ''));
  const span = spec.since !== undefined ? `from ${spell(spec.since)} on` : `up to ${spell(spec.until ?? '?')}`;
  const what = spec.kind === 'helper' ? 'a fixmap helper' : spec.kind === 'late' ? 'a late boot step' : 'a setup_arch() call';
  return { ok: false, reason: `${call} is not ${what} in ${kernel.text} (only ${span}): ${spec.absentBecause ?? ''}`.replace(/: $/, '') };
}

/** The effects of a call under a kernel (the first matching variant). */
export function effectsOf(call: CallName, kernel: KernelVersion): readonly Effect[] {
  for (const v of CATALOG[call].variants) {
    if (kernel.key >= v.sinceKey && kernel.key <= v.untilKey) return v.effects;
  }
  return [];
}


/**
 * The riscv step catalog: every call as data, in the effect vocabulary of
 * effects.ts, with the kernels that have it. Sources (notes/riscv-spec.md §2):
 * arch/riscv/kernel/setup.c setup_arch() (R510:67-110, R512:237-282,
 * R514:263-298), arch/riscv/mm/init.c (setup_bootmem, paging_init,
 * misc_mem_init, protect_kernel_text_data, mark_rodata_ro), setup.c
 * free_initmem (R512:305-314, R514:321-329), net/bpf_jit_core.c.
 */
import { EFI_OBJECT_TEXT } from '../early-ioremap.js';
import type { CallPhase } from '../types.js';
import { KERNEL_INIT_PHASE, SETUP_ARCH_PHASE } from '../phase.js';
import { isCallName, type CallName } from './catalog-names.js';
import type { Effect, Value } from './effects.js';
import {
  BOOTMEM_IN_PAGING_INIT, FINAL_PERMISSIONS, INITIAL_INIT_MM, PROTECT_IN_SETUP_ARCH,
  RESOURCES_IN_SETUP_ARCH, SWIOTLB_IN_MEM_INIT, has, type Change,
} from './history.js';
import { releasesWhere, type KernelVersion } from './kernel-version.js';
import type { Profile } from './profile.js';
import { cachedFor } from '../../memo.js';

export interface CallSpec {
  /** one line, for `bootreplay steps` */
  readonly doc: string;
  /** the first modeled kernel with the call, as a history change */
  readonly since?: Change;
  /** the change that removed it from setup_arch() */
  readonly until?: Change;
  /** why it is missing outside since..until */
  readonly absentBecause?: string;
  /** the effects under a kernel's profile */
  readonly effects: (p: Profile) => readonly Effect[];
  /** a step after setup_arch(): its phase and what it does that the earlier phase cannot survive (phase-order) */
  readonly late?: Omit<CallPhase, 'name'> & { readonly name?: string };
}

const none = (): readonly Effect[] => [];

const needsFdt = (why: string): Effect => ({ op: 'needs', value: 'fdt', why });
const needsDeviceTree: Effect = { op: 'needs', value: 'device_tree', why: 'it reads the unflattened device tree (of_find_node_by_path, for_each_of_cpu_node)' };

/**
 * Why setup_bootmem() comes after efi_init() on a UEFI boot (setup_arch() calls them in that order: R510
 * kernel/setup.c:81-82, R512 :251-252, R514 :274-275 with setup_bootmem() inside paging_init()): efi_init() →
 * reserve_regions() throws away the ranges parse_dtb added from the DT's /memory nodes (memblock_remove(0,
 * PHYS_ADDR_MAX)) and adds the RAM of the EFI memory map instead, marking what is not usable nomap
 * (ejga2001/linux-5.10.7@3791f9c55148 drivers/firmware/efi/efi-init.c:165-207,237; the same at 5.12 and 5.14:179).
 * setup_bootmem() reads memblock.memory: the kernel's bank (for_each_mem_range), memblock_enforce_memory_limit(),
 * max_pfn/max_low_pfn (5.14: phys_ram_base/phys_ram_end) from memblock_end_of_DRAM() (R510 mm/init.c:155-198,
 * R514 :172-191). Note the stub does not delete the DT's /memory nodes at these versions (libstub/fdt.c
 * update_fdt() only drops the reserve map): the kernel ignores them by that memblock_remove().
 */
const SETUP_BOOTMEM_NEEDS_EFI_MEMORY = 'on a UEFI boot memblock.memory is the EFI memory map, which efi_init()\'s reserve_regions() puts there after discarding the DT\'s /memory ranges (memblock_remove(0, PHYS_ADDR_MAX)); before it setup_bootmem() trims (memblock_enforce_memory_limit()) and sizes max_pfn/max_low_pfn (5.14: phys_ram_end) from ranges that efi_init() then replaces: the trim is undone, and max_pfn/max_low_pfn follow the DT\'s RAM, not the firmware\'s; so do the linear map (with no nomap regions) and the memmap when paging_init (sparse_init) runs before efi_init too';

/** setup_bootmem() (mm/init.c; R510:154-199, R512:108-149, R514:161-225) */
const SETUP_BOOTMEM: readonly Effect[] = [
  needsFdt('memblock.memory comes from the DTB\'s /memory nodes, which parse_dtb adds'),
  { op: 'needs', value: 'efi_memory', why: SETUP_BOOTMEM_NEEDS_EFI_MEMORY, when: 'machine.efi' },
  { op: 'enforce_memory_limit' },
  { op: 'reserve_kernel' },
  { op: 'read_dtb_early_va', what: 'memblock_reserve(dtb_early_pa, fdt_totalsize(dtb_early_va)): the FDT header', when: 'config.no_builtin_dtb' },
  { op: 'read_fdt', what: 'early_init_fdt_scan_reserved_mem(): /reserved-memory' },
  { op: 'allow_resize' },
  { op: 'sets', value: 'memblock' },
];

/** paging_init() → setup_vm_final() */
const SETUP_VM_FINAL: readonly Effect[] = [
  { op: 'needs', value: 'memblock', why: 'setup_vm_final allocates page tables with memblock_phys_alloc(); until setup_bootmem reserves the kernel and the DTB they may be handed out' },
  { op: 'setup_vm_final' },
  { op: 'sets', value: 'linear_map' },
];

/**
 * swiotlb_init(): io_tlb_nslabs = ALIGN(IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT,
 * IO_TLB_SEGSIZE) = 32768 slabs of 2 KiB, memblock_alloc_low(PAGE_ALIGN(64 MiB),
 * PAGE_SIZE) (R512 kernel/dma/swiotlb.c:283-295, include/linux/swiotlb.h:25-35;
 * R510 kernel/dma/swiotlb.c:156,248-260). Its three bookkeeping arrays
 * (memblock_alloc, R512 swiotlb.c:243-258) are not modeled.
 */
const IO_TLB_DEFAULT_SIZE = 64 * 2 ** 20;
/** memblock_alloc_low()'s max_addr: riscv has no ARCH_LOW_ADDRESS_LIMIT, so include/linux/memblock.h's 0xffffffffUL (R512 :379-381) */
const ARCH_LOW_ADDRESS_LIMIT = 0xffffffff;

/**
 * swiotlb_init() when memblock_alloc_low() finds no room for the buffer (a machine with little RAM below 4 GiB):
 * it does not fail, it warns and sets no_iotlb_memory (R510 kernel/dma/swiotlb.c:260-270, R512 :295-305), and the
 * first DMA that needs bouncing panics in swiotlb_tbl_map_single() (R510 :462-463, R512 :615-616).
 */
const SWIOTLB_NO_BUFFER = 'swiotlb_init() prints "Cannot allocate buffer", sets no_iotlb_memory and goes on without a bounce buffer; the first DMA that needs bouncing panics ("Can not allocate SWIOTLB buffer earlier and can\'t now provide you with the DMA bounce buffer")';

/**
 * Why efi_init() needs parse_dtb on a UEFI boot: the stub hands the system table and the memory map over only as
 * /chosen's linux,uefi-* properties, and efi_get_fdt_params() looks them up in initial_boot_params
 * (drivers/firmware/efi/efi-init.c efi_init() → fdtparams.c efi_get_fdt_params(): const void *fdt =
 * initial_boot_params; fdt_path_offset(fdt, "/chosen")), which early_init_dt_scan() in parse_dtb sets. Before it
 * the pointer is NULL, and libfdt checks no NULL: fdt_ro_probe_() reads fdt_totalsize(NULL)
 * (ejga2001/linux-5.10.7@3791f9c55148 fdtparams.c:82-105, efi-init.c:209-217, scripts/dtc/libfdt/fdt.c:18-20;
 * zhangyinjun/linux-5.12.9@38c16b0cce67 and Kingdo777/linux-5.14.2-faascale-host@56e6f69d075f fdtparams.c:84,105).
 * The model reports it on a UEFI machine only: whether a kernel without UEFI has CONFIG_EFI (and so the same
 * dereference) is not modeled.
 */
const EFI_NEEDS_FDT = 'efi_get_fdt_params() looks up /chosen\'s linux,uefi-* properties (the system table and the memory map the stub put there) in initial_boot_params, which is NULL until parse_dtb\'s early_init_dt_scan(): libfdt reads the FDT header at address 0 (fdt_ro_probe_()), a NULL dereference before any console; even without the fault, no EFI memory map means no memory on a UEFI boot';

/**
 * efi_init() (drivers/firmware/efi/efi-init.c, the same code in 5.10.7, 5.12.9 and 5.14.2; lines of
 * ejga2001/linux-5.10.7@d71d8a76): efi_memmap_init_early() early_memremap()s the memory map (:219 →
 * drivers/firmware/efi/memmap.c:118) into slot 0 without reading it; uefi_init() (:87-129) maps the system table
 * (:94, slot 1) and reads its header (:104), efi_systab_report_header() maps the firmware vendor string
 * (drivers/firmware/efi/efi.c:682-691,709-715: early_memremap_ro unless IA64) and the config table array follows
 * (:114-125), each in slot 2 and unmapped at once; the system table is unmapped at :127; reserve_regions()
 * (:237) walks the memory map. efi_memmap_unmap() at :248 is #ifdef CONFIG_ARM: on riscv the memory map stays
 * mapped after setup_arch() returns, until riscv_enable_runtime_services(), an early_initcall, calls
 * efi_memmap_unmap() (drivers/firmware/efi/riscv-runtime.c:66-75,131; zhangyinjun/linux-5.12.9@38c16b0c and
 * Kingdo777/linux-5.14.2-faascale-host@21101b62 the same, :75 and :131). Not modeled: efi_esrt_init() and
 * efi_mokvar_table_init() (:238-239) map their tables only when the firmware has them; the error paths.
 */
const EFI_MEMMAP_RELEASE = 'riscv_enable_runtime_services() (early_initcall) → efi_memmap_unmap()';
const EFI_INIT: readonly Effect[] = [
  { op: 'needs', value: 'fdt', why: EFI_NEEDS_FDT, when: 'machine.efi' },
  { op: 'read_fdt', what: 'efi_get_fdt_params(): the UEFI properties of /chosen' },
  { op: 'needs', value: 'early_ioremap', why: 'early_memremap() uses the slot addresses early_ioremap_setup() computes', when: 'machine.efi' },
  { op: 'early_memremap', what: EFI_OBJECT_TEXT.memmap, object: 'memmap', then: 'hold', releasedAfterSetupArch: EFI_MEMMAP_RELEASE, when: 'machine.efi' },
  { op: 'early_memremap', what: EFI_OBJECT_TEXT.systab, object: 'systab', then: 'read-hold', when: 'machine.efi' },
  { op: 'early_memremap', what: EFI_OBJECT_TEXT.fw_vendor, object: 'fw_vendor', when: 'machine.efi' },
  { op: 'early_memremap', what: EFI_OBJECT_TEXT.config_tables, object: 'config_tables', when: 'machine.efi' },
  { op: 'early_memunmap', what: EFI_OBJECT_TEXT.systab, when: 'machine.efi' },
  { op: 'read_early_memremap', what: EFI_OBJECT_TEXT.memmap, by: 'reserve_regions() (for_each_efi_memory_desc)', when: 'machine.efi' },
  // reserve_regions(): memblock.memory becomes the EFI memory map (SETUP_BOOTMEM_NEEDS_EFI_MEMORY)
  { op: 'efi_memblock', when: 'machine.efi' },
  { op: 'sets', value: 'efi_memory', when: 'machine.efi' },
];

/**
 * Why swiotlb_init() needs parse_dtb's /memory banks: with memblock.memory empty memblock_alloc_low() returns
 * NULL, and swiotlb_init() does not fail but prints "Cannot allocate buffer" and sets no_iotlb_memory; the first
 * DMA that needs bouncing then panics in swiotlb_tbl_map_single() (ejga2001/linux-5.10.7@3791f9c55148
 * kernel/dma/swiotlb.c:259-270,462-463; zhangyinjun/linux-5.12.9@38c16b0cce67 swiotlb.c:295-305,615-616). The model
 * places nothing then, so no access shows it: the need does.
 */
const SWIOTLB_NEEDS_MEMORY = 'swiotlb_init() gets NULL from memblock_alloc_low() while memblock.memory is empty, prints "Cannot allocate buffer" and sets no_iotlb_memory: the boot goes on without a bounce buffer, and the first DMA that needs one panics ("Can not allocate SWIOTLB buffer earlier and can\'t now provide you with the DMA bounce buffer")';

function pagingInit(p: Profile): readonly Effect[] {
  if (p.bootmemInPagingInit) return [...SETUP_BOOTMEM, ...SETUP_VM_FINAL];
  if (p.pagingInitHasResources) {
    // 5.10: setup_vm_final(); sparse_init(); setup_zero_page(); zone_sizes_init(); resource_init();
    return [
      ...SETUP_VM_FINAL,
      { op: 'memblock_alloc', what: 'sparse_init(): mem_section and the memmap' },
      { op: 'sets', value: 'memmap' },
      { op: 'memblock_alloc', what: 'resource_init(): a struct resource per memory region' },
    ];
  }
  return SETUP_VM_FINAL;
}

function unflatten(): readonly Effect[] {
  return [
    { op: 'verify_dtb_linear', when: 'config.no_builtin_dtb' },
    { op: 'read_fdt', what: 'unflatten_device_tree() (or, with BUILTIN_DTB, unflatten_and_copy_device_tree()): every node' },
    { op: 'memblock_alloc', what: 'unflatten_device_tree(): the struct device_node tree', holds: 'device_tree' },
    { op: 'sets', value: 'device_tree' },
  ];
}

function protectKernelTextData(p: Profile): readonly Effect[] {
  if (!p.protectInSetupArch) return [];
  const linearAlias: readonly Effect[] = p.linearAliasProtect ? protectLinearAlias() : [];
  // R512 mm/init.c:559-575: the last range ends at max_low = __va(PFN_PHYS(max_low_pfn)); 5.13-rc5 ends it at
  // kernel_virt_addr + load_sz on 64-bit (8a4102a0cf07). In 5.13-rc1 … rc4 max_low is a linear-map address below
  // the kernel mapping's _data, and the call fails (mechanisms.ts setMemory).
  const dataEnd = p.dataNxEnd;
  return [
    { op: 'set_memory', fn: 'ro', alias: 'kernel', from: '_start', to: '__init_text_begin' },
    { op: 'set_memory', fn: 'ro', alias: 'kernel', from: '__init_text_begin', to: '__init_data_begin' },
    { op: 'set_memory', fn: 'nx', alias: 'kernel', from: '__init_data_begin', to: '__start_rodata' },
    { op: 'set_memory', fn: 'nx', alias: 'kernel', from: '__start_rodata', to: '_data' },
    { op: 'set_memory', fn: 'nx', alias: 'kernel', from: '_data', to: dataEnd },
    ...linearAlias,
    { op: 'phase', what: 'text-ro' },
  ];
}

/**
 * protect_kernel_linear_mapping_text_rodata() (5.13 mm/init.c, spec §6.3 [M]). setup_arch() calls it in the
 * same block as protect_kernel_text_data() ("riscv: Consistify protect_kernel_linear_mapping_text_rodata() use",
 * 8d91b0973358: if (STRICT_KERNEL_RWX) { protect_kernel_text_data(); protect_kernel_linear_mapping_text_rodata(); }),
 * so the model makes them one step.
 */
function protectLinearAlias(): readonly Effect[] {
  return [
    { op: 'set_memory', fn: 'ro', alias: 'linear', from: '_start', to: '__init_text_begin' },
    { op: 'set_memory', fn: 'nx', alias: 'linear', from: '_start', to: '__init_text_begin' },
    { op: 'set_memory', fn: 'ro', alias: 'linear', from: '__start_rodata', to: '_data' },
    { op: 'set_memory', fn: 'nx', alias: 'linear', from: '__start_rodata', to: '_data' },
  ];
}

function freeInitmem(p: Profile): readonly Effect[] {
  const freed: Effect = { op: 'phase', what: 'init-freed' };
  switch (p.freeInitmem) {
    case 'generic': return [freed];
    case 'rw_nx': return [{ op: 'set_memory', fn: 'rw_nx', alias: 'kernel', from: '__init_begin', to: '__init_end', when: 'config.strict_kernel_rwx' }, freed];
    case 'rw-linear-alias': return [{ op: 'set_memory', fn: 'rw', alias: 'linear', from: '__init_begin', to: '__init_end', when: 'config.strict_kernel_rwx' }, freed];
  }
}

function markRodataRo(p: Profile): readonly Effect[] {
  const when = 'config.strict_kernel_rwx';
  // the phase marker, then debug_checkwx(), the last statement of every version's mark_rodata_ro()
  const done: Effect = { op: 'phase', what: 'rodata-ro', when };
  const checkWx: Effect = { op: 'check_wx', when };
  switch (p.markRodataRo) {
    case '5.10':
      // R510 mm/init.c:620-636
      return [
        { op: 'set_memory', fn: 'ro', alias: 'kernel', from: '_stext', to: '_etext', when },
        { op: 'phase', what: 'text-ro', when },
        { op: 'set_memory', fn: 'ro', alias: 'kernel', from: '__start_rodata', to: '_data', when },
        { op: 'set_memory', fn: 'nx', alias: 'kernel', from: '__start_rodata', to: '_data', when },
        { op: 'set_memory', fn: 'nx', alias: 'kernel', from: '_data', to: 'max_low', when },
        done,
        checkWx,
      ];
    case 'rodata':
      return [{ op: 'set_memory', fn: 'ro', alias: 'kernel', from: '__start_rodata', to: '_data', when }, done, checkWx];
    case 'rodata-both-aliases':
      // R514 mm/init.c:480-488
      return [
        { op: 'set_memory', fn: 'ro', alias: 'kernel', from: '__start_rodata', to: '_data', when },
        { op: 'set_memory', fn: 'ro', alias: 'linear', from: '__start_rodata', to: '_data', when },
        done,
        checkWx,
      ];
  }
}

/**
 * What kasan_init() does with no memory registered. It builds the shadow of memblock.memory's ranges
 * (for_each_mem_range: R510 kasan_init.c:95, R512 :211, R514 :192), so with none it builds none, and its last loop
 * makes kasan_early_shadow_pte read-only (R510 :105-109, R512 :221-225, R514 :206-210): the whole shadow of memory is
 * that one read-only page, and the first shadow store (kasan_poison() as mem_init() → memblock_free_all() frees
 * pages) faults. From 5.13 (2bfc6cd81bd1; Profile.kasanKernelMappingShadow) it also populates the shadow of the
 * modules and the kernel mapping (R514 :203-204), whose tables come from memblock_alloc() (:81): NULL, then a NULL
 * dereference in kasan_init() itself.
 */
function kasanNeedsMemory(p: Profile): string {
  return p.kasanKernelMappingShadow
    ? 'kasan_init() populates the shadow of the modules and the kernel mapping with tables from memblock_alloc(), which returns NULL while memblock.memory is empty: a NULL dereference in kasan_init()'
    : 'kasan_init() builds the shadow of memblock.memory\'s ranges only, so with none registered the whole shadow of memory is the read-only kasan_early_shadow_page, and the first shadow store (kasan_poison() in mem_init()) faults';
}

export const CATALOG: Readonly<Record<CallName, CallSpec>> = {
  parse_dtb: {
    doc: 'early_init_dt_scan(dtb_early_va): reads the DTB through the early window, initial_boot_params = dtb_early_va, memblock_add() of /memory',
    effects: () => [{ op: 'scan_dtb' }, { op: 'sets', value: 'fdt' }],
  },
  setup_initial_init_mm: {
    doc: 'init_mm code/data/brk from _stext, _etext, _edata, _end (no effect on the model)',
    since: INITIAL_INIT_MM,
    absentBecause: 'up to 5.13 setup_arch() assigns init_mm.start_code … directly',
    effects: none,
  },
  early_ioremap_setup: {
    doc: 'early_ioremap slot addresses (FIX_BTMAP_BEGIN …); the fixmap page tables exist since setup_vm',
    effects: () => [{ op: 'sets', value: 'early_ioremap' }],
  },
  jump_label_init: { doc: 'none in the model', effects: none },
  parse_early_param: { doc: 'early parameters from the /chosen bootargs (no effect on the model: it has no command line)', effects: none },
  efi_init: {
    doc: 'UEFI: the FDT\'s /chosen UEFI properties through initial_boot_params; if machine.efi, early_memremap() of the memory map (slot 0, held past setup_arch() until riscv_enable_runtime_services()), then uefi_init(): the system table (slot 1), the vendor string and the config table array (slot 2 each, unmapped), the system table unmapped; reserve_regions() reads the memory map and rebuilds memblock.memory from it',
    effects: () => EFI_INIT,
  },
  setup_bootmem: {
    doc: 'memblock: memory limit, kernel and DTB (fdt_totalsize(dtb_early_va)) reserved, /reserved-memory, memblock_allow_resize()',
    until: BOOTMEM_IN_PAGING_INIT,
    absentBecause: 'in 5.14 setup_bootmem() is static and paging_init() calls it before setup_vm_final() (f842f5ff6aaf)',
    effects: () => SETUP_BOOTMEM,
  },
  paging_init: {
    doc: 'setup_vm_final(): swapper_pg_dir with the whole linear map (5.14: and the kernel mapping), built through FIX_PMD/FIX_PTE, then satp = swapper; 5.14: setup_bootmem() first; 5.10: also sparse_init and resource_init',
    effects: pagingInit,
  },
  init_resources: {
    doc: 'memblock_alloc() of the resource array, written through the linear map',
    since: RESOURCES_IN_SETUP_ARCH,
    absentBecause: 'in 5.10 paging_init() calls resource_init() itself',
    // R512 kernel/setup.c:152-154, R514 :158-160: mem_res = memblock_alloc(...); if (!mem_res) panic("%s: Failed to allocate %zu bytes\n")
    effects: () => [
      { op: 'needs', value: 'fdt', why: 'init_resources() allocates mem_res[] with memblock_alloc() and panics ("Failed to allocate") when it gets NULL, as it does while memblock.memory is empty' },
      { op: 'memblock_alloc', what: 'init_resources(): mem_res[]' },
    ],
  },
  unflatten_device_tree: {
    doc: 'early_init_dt_verify(__va(dtb_early_pa)) moves initial_boot_params into the linear map, then unflatten_device_tree() (BUILTIN_DTB: unflatten_and_copy_device_tree())',
    effects: unflatten,
  },
  misc_mem_init: {
    doc: 'arch_numa_init, sparse_init (memblock allocations through the linear map), zone_sizes_init',
    since: RESOURCES_IN_SETUP_ARCH,
    absentBecause: 'in 5.10 paging_init() calls sparse_init() and zone_sizes_init() itself',
    // R512 mm/sparse.c:292-297,576-581: sparse_init() → memblocks_present() walks memblock.memory (for_each_mem_pfn_range)
    effects: () => [
      { op: 'needs', value: 'fdt', why: 'sparse_init() builds the memmap of memblock.memory\'s ranges (memblocks_present()) and zone_sizes_init() sizes the zones from them: memory that parse_dtb registers later has no struct pages' },
      { op: 'memblock_alloc', what: 'sparse_init(): mem_section and the memmap' },
      { op: 'sets', value: 'memmap' },
    ],
  },
  sbi_init: { doc: 'none in the model (SBI probing)', effects: none },
  protect_kernel_text_data: {
    doc: 'STRICT_KERNEL_RWX: set_memory_ro text and init.text, set_memory_nx init.data, rodata and data up to max_low (5.13-rc1 … rc4: below _data, so that call fails with -EINVAL); 5.13-rc5+: data up to _end (8a4102a0cf07); 5.13: then protect_kernel_linear_mapping_text_rodata(): ro+nx on the linear alias of text and rodata',
    since: PROTECT_IN_SETUP_ARCH,
    until: FINAL_PERMISSIONS,
    absentBecause: 'setup_arch() protects the kernel from 5.12 (5.10 does it late, in mark_rodata_ro); 5.14 maps it with its final permissions in setup_vm_final (e5c35fa04019)',
    effects: protectKernelTextData,
  },
  swiotlb_init: {
    doc: 'memblock_alloc_low() of the bounce buffer, used through the linear map',
    until: SWIOTLB_IN_MEM_INIT,
    absentBecause: 'in 5.14 mem_init() calls swiotlb_init()',
    effects: () => [
      { op: 'needs', value: 'fdt', why: SWIOTLB_NEEDS_MEMORY },
      { op: 'memblock_alloc', what: 'swiotlb_init(): the bounce buffer', size: IO_TLB_DEFAULT_SIZE, maxAddr: ARCH_LOW_ADDRESS_LIMIT, failed: SWIOTLB_NO_BUFFER },
    ],
  },
  kasan_init: {
    doc: 'KASAN: shadow pages for memblock memory (memblock allocations through the linear map) in swapper, local_flush_tlb_all()',
    effects: (p) => [{ op: 'needs', value: 'fdt', why: kasanNeedsMemory(p), when: 'config.kasan' }, { op: 'kasan_init', when: 'config.kasan' }],
  },
  setup_smp: { doc: 'reads the cpu nodes of the unflattened device tree', effects: () => [needsDeviceTree, { op: 'read_device_tree', what: 'setup_smp(): the cpu nodes' }] },
  riscv_fill_hwcap: { doc: 'reads riscv,isa of the unflattened device tree', effects: () => [needsDeviceTree, { op: 'read_device_tree', what: 'riscv_fill_hwcap(): riscv,isa' }] },
  free_initmem: {
    doc: 'kernel_init(), after setup_arch: STRICT_KERNEL_RWX 5.12/5.13: set_memory_rw_nx on init; 5.14: set_memory_rw on the linear alias of init only; then the init pages go to the page allocator',
    effects: freeInitmem,
    late: { rank: 1, effect: 'free_initmem() hands the __init sections to the page allocator (5.12+: after set_memory_rw_nx()/set_memory_rw() on them): setup_arch() and the rest of start_kernel() are __init code and then run freed, writable memory' },
  },
  mark_rodata_ro: {
    doc: 'kernel_init() → mark_readonly(), STRICT_KERNEL_RWX: 5.10: text ro, rodata ro+nx, data nx; 5.12/5.13: rodata ro; 5.14: rodata ro on both aliases',
    effects: markRodataRo,
    late: { rank: 1, effect: 'mark_rodata_ro() makes .rodata (5.10: and the text) read-only with set_memory_ro(), and .rodata holds the __ro_after_init data (RO_AFTER_INIT_DATA in include/asm-generic/vmlinux.lds.h) that init code still writes: the next such write faults' },
  },
  bpf_jit_compile: {
    doc: 'at run time: a BPF image from bpf_jit_alloc_exec() at the bottom of BPF_JIT_REGION; 5.13+: bpf_jit_binary_lock_ro() = set_memory_ro, then set_memory_x, on it',
    effects: () => [{ op: 'bpf_jit' }],
    late: { rank: 2, name: 'run time (after boot)', effect: 'a BPF program is JIT-compiled only once user space runs: bpf_jit_alloc_exec() needs vmalloc and the module area, which setup_arch() and kernel_init() are still setting up' },
  },
};

/**
 * The phase of a step (init/main.c: start_kernel() calls setup_arch()
 * (R510:870, R514:937) and mm_init() (R510:904, R514:972); kernel_init()
 * calls free_initmem() and mark_readonly() (R510:1420-1421, R514:1496-1497);
 * a BPF JIT compile happens once user space loads a program). Calls a
 * scenario defines run in setup_arch().
 */
export function callPhase(call: string): CallPhase {
  const late = isCallName(call) ? CATALOG[call].late : undefined;
  if (late === undefined) return SETUP_ARCH_PHASE;
  return { rank: late.rank, name: late.name ?? KERNEL_INIT_PHASE, effect: late.effect };
}

/**
 * Whether the kernel makes the call more than once: arch/riscv/kernel/setup.c
 * (5.10 … 5.14) calls each of its functions once, and so does kernel_init(),
 * but a BPF JIT compile runs once per program user space loads
 * (bpf_int_jit_compile() → bpf_jit_binary_alloc() → bpf_jit_alloc_exec(),
 * arch/riscv/net/bpf_jit_core.c:169-175 at R514, bpf_jit_comp64.c:1152-1158 at
 * R512): a second bpf_jit_compile is a second program, not a merge error.
 */
export function repeatsCall(call: string): boolean {
  return call === 'bpf_jit_compile';
}

/** Whether this kernel's setup_arch() (or kernel_init) has the call; the reason when not. */
export function availability(call: CallName, kernel: KernelVersion): { ok: true } | { ok: false; reason: string } {
  const spec = CATALOG[call];
  const afterSince = spec.since === undefined || has(kernel, spec.since);
  const beforeUntil = spec.until === undefined || !has(kernel, spec.until);
  if (afterSince && beforeUntil) return { ok: true };
  const has_ = (k: KernelVersion): boolean => (spec.since === undefined || has(k, spec.since)) && (spec.until === undefined || !has(k, spec.until));
  return { ok: false, reason: `${call} is not a riscv setup_arch() call in ${kernel.text} (only in ${releasesWhere(has_).join(', ')}): ${spec.absentBecause ?? ''}`.replace(/: $/, '') };
}

/** Effects per profile, built on first use (profiles are few: one per kernel and STRICT_KERNEL_RWX). */
const built = new WeakMap<Profile, Map<CallName, readonly Effect[]>>();

/** The effects of a call under a kernel's profile. */
export function effectsOf(call: CallName, profile: Profile): readonly Effect[] {
  return cachedFor(built, profile, call, () => CATALOG[call].effects(profile));
}

/** Values a step sets, for `steps`' "needs" text. */
export function valuesNeeded(effects: readonly Effect[]): Value[] {
  const own = new Set<Value>();
  const out: Value[] = [];
  for (const e of effects) {
    if (e.op === 'sets') own.add(e.value);
    if (e.op === 'needs' && !own.has(e.value) && !out.includes(e.value)) out.push(e.value);
  }
  return out;
}

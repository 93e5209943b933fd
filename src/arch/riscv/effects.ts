/**
 * The small vocabulary the riscv call catalog is written in. Each step is a
 * list of effects (chosen per kernel and config by catalog.ts); one
 * interpreter (replay/interpreter.ts) runs them over the model.
 */
import type { EfiObject } from '../early-ioremap.js';
import type { SymbolName } from './image.js';

/** Values a call sets and later calls need (the generic need/value-set events). */
export type Value =
  | 'fdt'            // parse_dtb: initial_boot_params, the /memory banks in memblock, /chosen
  | 'early_ioremap'  // early_ioremap_setup: the FIX_BTMAP slot addresses
  | 'memblock'       // setup_bootmem: the kernel and the DTB reserved, memblock_allow_resize()
  | 'linear_map'     // setup_vm_final (in paging_init): swapper with the whole linear map
  | 'device_tree'    // unflatten_device_tree: the DT as struct device_node
  | 'memmap'         // sparse_init + zone_sizes_init (misc_mem_init; 5.10: paging_init): the struct pages and zones mm_init() frees into
  | 'efi_memory';    // efi_init on a UEFI boot: memblock.memory rebuilt from the EFI memory map (reserve_regions())

/**
 * Why a memblock allocation needs parse_dtb's /memory banks: memblock_alloc() returns NULL (memblock_phys_alloc()
 * 0) while memblock.memory is empty (memblock_alloc_try_nid: "NULL on failure", zhangyinjun/linux-5.12.9@38c16b0cc:
 * mm/memblock.c:1552-1555), and the caller writes through what it got. The model places nothing then, so no
 * access shows it: the need does.
 */
export const MEMBLOCK_ALLOC_NEEDS_MEMORY = 'memblock_alloc() finds no memory until parse_dtb registers the DTB\'s /memory banks, returns NULL, and the call writes through it';

/** Config knobs and machine facts that switch an effect on. */
export type Condition = 'config.kasan' | 'config.builtin_dtb' | 'config.no_builtin_dtb' | 'config.strict_kernel_rwx' | 'machine.efi';

/** A kernel address the permission code computes: a linker symbol, or the linear-map end. */
export type Sym = SymbolName | 'max_low';

export type PermFn = 'ro' | 'rw' | 'nx' | 'x' | 'rw_nx';

export type Effect =
  | { op: 'needs'; value: Value; why: string; when?: Condition }
  | { op: 'sets'; value: Value; when?: Condition }
  /** early_init_dt_scan(dtb_early_va): reads the FDT, points initial_boot_params at it, memblock_add()s /memory */
  | { op: 'scan_dtb' }
  /** a read of the FDT through initial_boot_params (efi_get_fdt_params, early_init_fdt_scan_reserved_mem, …) */
  | { op: 'read_fdt'; what: string; when?: Condition }
  /** fdt_totalsize(dtb_early_va) for memblock_reserve(dtb_early_pa, …) (setup_bootmem without BUILTIN_DTB) */
  | { op: 'read_dtb_early_va'; what: string; when?: Condition }
  /** memblock_enforce_memory_limit(-PAGE_OFFSET) (≤5.13) or (memory_limit) (5.14) */
  | { op: 'enforce_memory_limit' }
  /** memblock_reserve(_start, _end - _start) */
  | { op: 'reserve_kernel' }
  | { op: 'allow_resize' }
  /** mm/init.c setup_vm_final(): pt_ops fixmap, swapper built off-line, satp switch, pt_ops late */
  | { op: 'setup_vm_final' }
  /**
   * a memblock allocation used through __va() (memblock_alloc* returns a
   * linear-map pointer and memsets it): `size` in bytes when the model knows
   * it from the source (else the trace shows its last page and says the size
   * is not modeled), `maxAddr` the allocator's exclusive limit
   * (memblock_alloc_low: ARCH_LOW_ADDRESS_LIMIT), `holds` what later steps read there
   */
  | { op: 'memblock_alloc'; what: string; when?: Condition; size?: number; maxAddr?: number; holds?: 'device_tree'; failed?: string }
  /** a read of the unflattened device tree (struct device_node in memblock memory, through the linear map): where unflatten_device_tree() put it */
  | { op: 'read_device_tree'; what: string }
  /** early_init_dt_verify(__va(dtb_early_pa)): initial_boot_params moves into the linear map (without BUILTIN_DTB) */
  | { op: 'verify_dtb_linear'; when?: Condition }
  /**
   * early_memremap() of a firmware table into the first free early_ioremap slot (__early_set_fixmap of its first
   * page). then: 'read-unmap' (the default) reads it and early_memunmap()s it; 'read-hold' reads it and keeps the
   * slot; 'hold' keeps it unread (a read_early_memremap reads it later). A held slot is freed by an
   * early_memunmap effect naming the same `what`, or, with releasedAfterSetupArch, before the first step after
   * setup_arch() (the kernel code named there unmaps it). object: which EFI object (early-ioremap.ts efiObjectPa)
   */
  | {
    op: 'early_memremap'; what: string; when?: Condition; object?: EfiObject;
    then?: 'read-unmap' | 'read-hold' | 'hold'; releasedAfterSetupArch?: string;
  }
  /** early_memunmap() of a held early_memremap: clear_fixmap (with local_flush_tlb_page), the slot is free */
  | { op: 'early_memunmap'; what: string; when?: Condition }
  /** a read through a held early_memremap by the kernel function `by` (reserve_regions() walking the EFI memory map) */
  | { op: 'read_early_memremap'; what: string; by: string; when?: Condition }
  /** efi_init() → reserve_regions(): memblock_remove(0, PHYS_ADDR_MAX), then the EFI memory map's RAM into memblock.memory */
  | { op: 'efi_memblock'; when?: Condition }
  /** set_memory_<fn>() over [from, to) of the kernel alias or of its linear alias (lm_alias) */
  | { op: 'set_memory'; fn: PermFn; alias: 'kernel' | 'linear'; from: Sym; to: Sym; when?: Condition }
  /** the owners' needs change: init freed, rodata read-only, text read-only */
  | { op: 'phase'; what: 'init-freed' | 'rodata-ro' | 'text-ro'; when?: Condition }
  /**
   * debug_checkwx() at the end of mark_rodata_ro() (R510 mm/init.c:634, R512 :584, R514 :487): ptdump_check_wx()
   * walks init_mm from KERN_VIRT_START up for leaves both writable and executable (mm/ptdump.c note_prot_wx())
   */
  | { op: 'check_wx'; when?: Condition }
  /** a BPF program JIT-compiled: bpf_jit_alloc_exec() in the BPF region, then (5.13+) bpf_jit_binary_lock_ro() */
  | { op: 'bpf_jit' }
  /** kasan_init(): shadow for memblock memory (memblock allocations through __va), then local_flush_tlb_all() */
  | { op: 'kasan_init'; when?: Condition };

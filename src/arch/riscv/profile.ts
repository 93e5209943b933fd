/**
 * What a kernel version and its config make the boot do, as plain flags the
 * replay reads (each from a history.ts change, so a flag and its commit stay
 * together). Computed once per replay; nothing here is built at import.
 */
import {
  BOOTMEM_IN_PAGING_INIT, BPF_BEFORE_KERNEL, BPF_LOCK_RO, DATA_NX_END_VA, FINAL_PERMISSIONS, GLOBAL_KERNEL_PAGES, INITIAL_INIT_MM,
  KASAN_KERNEL_MAPPING_SHADOW, KASAN_POPULATE_BY_LEVEL, KASAN_SHADOW_OF_VA, KERNEL_MAPPING_MOVED,
  LAST_PAGE_BUG_ON, LINEAR_ALIAS_PROTECT, LINEAR_MEMORY_LIMIT, MAX_LOW_BEFORE_LIMIT, PMD_ONLY_EARLY_MAP, PROTECT_IN_SETUP_ARCH,
  RESOURCES_IN_SETUP_ARCH, SWIOTLB_IN_MEM_INIT, has,
} from './history.js';
import { PAGE_SIZE, PMD_SIZE } from './geometry.js';
import type { KernelVersion } from './kernel-version.js';
import type { Config } from './types.js';

/** Page permissions of a leaf: read, write, execute. */
export interface Perm {
  readonly r: boolean;
  readonly w: boolean;
  readonly x: boolean;
}

/** pgtable-bits: PAGE_KERNEL_EXEC (RWX), PAGE_KERNEL (RW), PAGE_KERNEL_READ_EXEC (RX), PAGE_KERNEL_READ (R) */
export const RWX: Perm = { r: true, w: true, x: true };
export const RW: Perm = { r: true, w: true, x: false };
export const RX: Perm = { r: true, w: false, x: true };
export const RO: Perm = { r: true, w: false, x: false };

export function permText(p: Perm): string {
  return `${p.r ? 'R' : '-'}${p.w ? 'W' : '-'}${p.x ? 'X' : '-'}`;
}

export interface Profile {
  /** 5.13+: the kernel at KERNEL_LINK_ADDR, outside the linear map */
  readonly kernelOutsideLinear: boolean;
  /** 5.10: best_map_size(load_pa, 128M) and BUG_ON(load_sz > 128M); 5.12+: PMD_SIZE, the early_pmd's 1 GiB */
  readonly early128M: boolean;
  /** 5.14: BUG_ON(virt_addr + size > ADDRESS_SPACE_END - SZ_4K) */
  readonly lastPageBugOn: boolean;
  /** where BPF_JIT_REGION is */
  readonly bpf: 'below-page-offset' | 'after-kernel' | 'before-kernel';
  /** bpf_jit_binary_lock_ro(): set_memory_ro on each JIT image */
  readonly bpfLockRo: boolean;
  /** 5.14: paging_init() = setup_bootmem(); setup_vm_final() */
  readonly bootmemInPagingInit: boolean;
  /** 5.10: paging_init() also does sparse_init, setup_zero_page, zone_sizes_init, resource_init */
  readonly pagingInitHasResources: boolean;
  /** 5.12/5.13 with STRICT_KERNEL_RWX: protect_kernel_text_data() in setup_arch */
  readonly protectInSetupArch: boolean;
  /**
   * where protect_kernel_text_data()'s last set_memory_nx() (from _data) ends: __va(PFN_PHYS(max_low_pfn))
   * (5.12 … 5.13-rc4; below _data from 5.13-rc1, so the call fails), or the kernel mapping's _end (5.13-rc5+, 8a4102a0cf07)
   */
  readonly dataNxEnd: 'max_low' | '_end';
  /** 5.13 with STRICT_KERNEL_RWX: protect_kernel_linear_mapping_text_rodata() in setup_arch */
  readonly linearAliasProtect: boolean;
  /** 5.14 with STRICT_KERNEL_RWX: setup_vm_final maps with pgprot_from_va() */
  readonly finalPermissions: boolean;
  /** 5.14: memory_limit = -PAGE_OFFSET - SZ_4G, clipped in setup_vm_final */
  readonly linearMemoryLimit: boolean;
  /** 5.12+: max_low_pfn from the end of DRAM before memblock_enforce_memory_limit() (MAX_LOW_BEFORE_LIMIT) */
  readonly maxLowBeforeLimit: boolean;
  /** 5.10–5.13: swiotlb_init() in setup_arch */
  readonly swiotlbInSetupArch: boolean;
  /** 5.14: setup_initial_init_mm() */
  readonly initialInitMm: boolean;
  /** vmlinux.lds.S image layout: 5.10's (init first) or 5.12's (text first) */
  readonly imageScheme: '5.10' | '5.12';
  /** SECTION_ALIGN: 2 MiB (5.10: every MMU kernel; 5.12+: STRICT_KERNEL_RWX), else the model's page granularity */
  readonly sectionAlign: number;
  /** how the kernel's linear map is protected when setup_vm_final builds it */
  readonly linearProt: 'exec' | 'kernel' | 'from-va';
  /** how the kernel mapping (5.13+) is protected when setup_vm_final builds it */
  readonly kernelProt: 'exec' | 'from-va';
  /** free_initmem(): nothing arch-specific (5.10), set_memory_rw_nx on the init sections (5.12/5.13), set_memory_rw on their linear alias (5.14) */
  readonly freeInitmem: 'generic' | 'rw_nx' | 'rw-linear-alias';
  /** mark_rodata_ro(): 5.10's text/rodata/data, rodata only, or rodata on both aliases (5.14) */
  readonly markRodataRo: '5.10' | 'rodata' | 'rodata-both-aliases';
  /** with CONFIG_BUILTIN_DTB: dtb_early_va = __va(dtb_pa) (5.12) or kernel_mapping_pa_to_va (5.13+) */
  readonly builtinDtbVa: 'linear' | 'kernel';
  /** kasan_init(): kasan_mem_to_shadow() of __va(start) (5.11-rc4+, c25a053e1577), or of the physical address itself (5.10) */
  readonly kasanShadowOf: 'va' | 'pa';
  /** kasan_init()'s tables: 5.10's populate() (4 KiB pages from the start of the PGD entry) or kasan_populate_pgd/pmd/pte() */
  readonly kasanPopulate: 'from-pgd-start' | 'by-level';
  /** 5.13+: kasan_init() also populates the shadow of [MODULES_VADDR, BPF_JIT_REGION_END) (rc1 … rc6) or [MODULES_VADDR, MODULES_VADDR + SZ_2G) (rc7+) */
  readonly kasanKernelMappingShadow: boolean;
  /** _PAGE_KERNEL has _PAGE_GLOBAL (5.14, cba43c31f14b): ptdump prints G on kernel leaves */
  readonly kernelGlobal: boolean;
  readonly strict: boolean;
}

/** Profiles built so far: a profile is a pure function of the kernel and STRICT_KERNEL_RWX. */
const profiles = new Map<string, Profile>();

/** The profile of a kernel and config (the same object for the same kernel and STRICT_KERNEL_RWX). */
export function profileOf(kernel: KernelVersion, config: Config): Profile {
  const key = `${kernel.key}|${config.strict_kernel_rwx}`;
  let p = profiles.get(key);
  if (p === undefined) {
    p = buildProfile(kernel, config);
    profiles.set(key, p);
  }
  return p;
}

function buildProfile(kernel: KernelVersion, config: Pick<Config, 'strict_kernel_rwx'>): Profile {
  const moved = has(kernel, KERNEL_MAPPING_MOVED);
  const strict = config.strict_kernel_rwx;
  const final = has(kernel, FINAL_PERMISSIONS);
  const scheme = has(kernel, PMD_ONLY_EARLY_MAP) ? '5.12' : '5.10';
  return {
    kernelOutsideLinear: moved,
    early128M: !has(kernel, PMD_ONLY_EARLY_MAP),
    lastPageBugOn: has(kernel, LAST_PAGE_BUG_ON),
    bpf: !moved ? 'below-page-offset' : has(kernel, BPF_BEFORE_KERNEL) ? 'before-kernel' : 'after-kernel',
    bpfLockRo: has(kernel, BPF_LOCK_RO),
    bootmemInPagingInit: has(kernel, BOOTMEM_IN_PAGING_INIT),
    pagingInitHasResources: !has(kernel, RESOURCES_IN_SETUP_ARCH),
    protectInSetupArch: strict && has(kernel, PROTECT_IN_SETUP_ARCH) && !final,
    dataNxEnd: has(kernel, DATA_NX_END_VA) ? '_end' : 'max_low',
    linearAliasProtect: strict && has(kernel, LINEAR_ALIAS_PROTECT) && !final,
    finalPermissions: strict && final,
    linearMemoryLimit: has(kernel, LINEAR_MEMORY_LIMIT),
    maxLowBeforeLimit: has(kernel, MAX_LOW_BEFORE_LIMIT),
    swiotlbInSetupArch: !has(kernel, SWIOTLB_IN_MEM_INIT),
    initialInitMm: has(kernel, INITIAL_INIT_MM),
    imageScheme: scheme,
    sectionAlign: scheme === '5.10' || strict ? PMD_SIZE : PAGE_SIZE,
    // 5.10/5.12: PAGE_KERNEL_EXEC; 5.13: PAGE_KERNEL on 64-bit; 5.14: pgprot_from_va (PAGE_KERNEL without STRICT)
    linearProt: !moved ? 'exec' : final && strict ? 'from-va' : 'kernel',
    kernelProt: final && strict ? 'from-va' : 'exec',
    freeInitmem: !has(kernel, PROTECT_IN_SETUP_ARCH) ? 'generic' : final ? 'rw-linear-alias' : 'rw_nx',
    markRodataRo: !has(kernel, PROTECT_IN_SETUP_ARCH) ? '5.10' : final ? 'rodata-both-aliases' : 'rodata',
    builtinDtbVa: moved ? 'kernel' : 'linear',
    kasanShadowOf: has(kernel, KASAN_SHADOW_OF_VA) ? 'va' : 'pa',
    kasanPopulate: has(kernel, KASAN_POPULATE_BY_LEVEL) ? 'by-level' : 'from-pgd-start',
    kasanKernelMappingShadow: has(kernel, KASAN_KERNEL_MAPPING_SHADOW),
    kernelGlobal: has(kernel, GLOBAL_KERNEL_PAGES),
    strict,
  };
}

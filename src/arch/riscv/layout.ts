/**
 * The sv39 virtual address layout of riscv64, per version and config
 * (notes/riscv-spec.md §5.1; R510/R512 arch/riscv/include/asm/pgtable.h:24-59,
 * R514 pgtable.h:14-73, page.h:34-36, Kconfig PAGE_OFFSET; modules:
 * R510 kernel/module.c:410-419, R514 kernel/module.c:411-417). Pure formulas
 * over a handful of numbers: exclusive ends everywhere (the kernel's
 * inclusive VMALLOC_END is VMALLOC_END + 1 = PAGE_OFFSET here).
 */
import type { Layout, LayoutValue, Region } from '../../replay/trace.js';
import { alignUp, GiB, MiB, neg, PAGE_SIZE, PGDIR_SIZE, PTRS_PER_PGD, VA_BITS, VA_END } from './geometry.js';
import type { Profile } from './profile.js';
import type { Config, Interval } from './types.js';
import { wrapU64 } from '../../units.js';

/** Kconfig PAGE_OFFSET: 0xffffffe000000000 if MAXPHYSMEM_128GB, 0xffffffff80000000 if MAXPHYSMEM_2GB */
export const PAGE_OFFSET_128GB = 0xffffffe000000000;
export const PAGE_OFFSET_2GB = 0xffffffff80000000;
/** mm/init.c DTB_EARLY_BASE_VA = PGDIR_SIZE: a user-half address, pgd index 1 */
export const DTB_EARLY_BASE_VA = PGDIR_SIZE;
/** two consecutive 2 MiB PMD leaves */
export const DTB_WINDOW_SIZE = 4 * MiB;
/** pgtable.h BPF_JIT_REGION_SIZE */
export const BPF_JIT_REGION_SIZE = 128 * MiB;
/** pgtable.h PCI_IO_SIZE */
export const PCI_IO_SIZE = 16 * MiB;
/** VMEMMAP_SHIFT = VA_BITS - PAGE_SHIFT - 1 + STRUCT_PAGE_MAX_SHIFT (6: sizeof(struct page) = 64) */
export const VMEMMAP_SIZE = 2 ** (VA_BITS - 12 - 1 + 6);
/** 5.14 pgtable.h KERNEL_LINK_ADDR = ADDRESS_SPACE_END - SZ_2G + 1 */
export const KERNEL_LINK_ADDR = VA_END - 2 * GiB;
/** KERN_VIRT_START = -(1 << VA_BITS) + TASK_SIZE, TASK_SIZE = PGDIR_SIZE * PTRS_PER_PGD / 2 */
export const KERN_VIRT_START = VA_END - 2 ** VA_BITS + (PGDIR_SIZE * PTRS_PER_PGD) / 2;

/**
 * Whether a linear-map range [start, end) lies outside the kernel's half of
 * the address space: __va(pa) = pa + va_pa_offset is unsigned long
 * arithmetic, so RAM more than -PAGE_OFFSET above the load address wraps past
 * 2^64 (≤5.12 limit only the total size, memblock_enforce_memory_limit(
 * -PAGE_OFFSET), not the span: R512 mm/init.c:117, 516-528), and RAM far
 * below it falls under KERN_VIRT_START. An end past 2^64 is a range that
 * wraps part way.
 */
export function outsideKernelHalf(r: { readonly start: number; readonly end: number }): boolean {
  return r.start < KERN_VIRT_START || r.end > 2 ** 64;
}

/**
 * A linear-map range cut where it leaves the kernel's half (outsideKernelHalf):
 * the part in it, and the part outside (a range that wraps part way continues
 * from VA 0). Exact for page-aligned values (a double holds multiples of 2^12
 * up to 2^65).
 */
export function splitAtWrap<T extends { readonly start: number; readonly end: number; readonly pa: number }>(m: T): { readonly inside?: T; readonly outside?: T } {
  if (!outsideKernelHalf(m)) return { inside: m };
  if (m.start < KERN_VIRT_START) return { outside: m };
  const cut = 2 ** 64 - m.start;
  return { inside: { ...m, end: 2 ** 64 }, outside: { ...m, start: 0, end: m.end - 2 ** 64, pa: m.pa + cut } };
}

/** The region name of linear-map ranges outside the kernel's half (outsideKernelHalf). */
export const WRAPPED_LINEAR = 'linear map outside the kernel half';
/** asm/kasan.h: KASAN_SHADOW_START = KERN_VIRT_START, size 1 << (38 - 3) = 32 GiB */
export const KASAN_SHADOW_SIZE = 2 ** (VA_BITS - 1 - 3);
/** mm/init.c: the early_pmd covers one PGD entry: the early kernel mapping must fit in 1 GiB */
export const EARLY_PMD_SPAN = PGDIR_SIZE;
/** 5.10 mm/init.c MAX_EARLY_MAPPING_SIZE */
export const MAX_EARLY_MAPPING_SIZE = 128 * MiB;
/** "The last 4K bytes of the addressable memory can not be mapped because of IS_ERR_VALUE macro" */
export const LAST_PAGE = VA_END - PAGE_SIZE;
/** The RISC-V s32 PC-relative reach of a module or a JIT image (kernel/module.c apply_r_riscv_*: "can not be addressed by the 32-bit offset from PC") */
export const PCREL_REACH = 2 * GiB;

/** The constants of one kernel build: no machine state, no replay. */
export interface VaLayout {
  readonly PAGE_OFFSET: number;
  /** -PAGE_OFFSET */
  readonly KERN_VIRT_SIZE: number;
  readonly VMALLOC_START: number;
  /** VMALLOC_END + 1 */
  readonly vmallocEnd: number;
  readonly VMEMMAP_START: number;
  readonly PCI_IO_START: number;
  readonly PCI_IO_END: number;
  readonly FIXADDR_TOP: number;
  readonly FIXADDR_START: number;
  readonly KASAN_SHADOW_START: number;
  readonly KASAN_SHADOW_END: number;
  /** 5.13+: KERNEL_LINK_ADDR; null while the kernel lives in the linear map */
  readonly KERNEL_LINK_ADDR: number | null;
  /** the VA of _start: PAGE_OFFSET (≤5.12) or KERNEL_LINK_ADDR */
  readonly kernelVirt: number;
  /** PFN_ALIGN(_end) as a VA */
  readonly kernelEnd: number;
  /** where module_alloc() allocates */
  readonly modules: Interval;
  /** BPF_JIT_REGION_START … END */
  readonly bpf: Interval;
  /** the most memory the linear map takes: memblock_enforce_memory_limit(-PAGE_OFFSET) (≤5.13) or memory_limit (5.14) */
  readonly memoryLimit: number;
  /** 5.14: setup_vm_final clips each range to __pa(PAGE_OFFSET) + memory_limit, modulo 2^64 */
  readonly clipsToMemoryLimit: boolean;
}

export function pageOffsetOf(config: Config): number {
  return config.maxphysmem === '2GB' ? PAGE_OFFSET_2GB : PAGE_OFFSET_128GB;
}

/**
 * @param imageSize _end - _start in bytes
 */
export function vaLayout(profile: Profile, config: Config, imageSize: number): VaLayout {
  const PAGE_OFFSET = pageOffsetOf(config);
  const KERN_VIRT_SIZE = neg(PAGE_OFFSET);
  const VMALLOC_START = PAGE_OFFSET - KERN_VIRT_SIZE / 2;
  const VMEMMAP_START = VMALLOC_START - VMEMMAP_SIZE;
  const PCI_IO_END = VMEMMAP_START;
  const PCI_IO_START = PCI_IO_END - PCI_IO_SIZE;
  const FIXADDR_TOP = PCI_IO_START;
  const kernelVirt = profile.kernelOutsideLinear ? KERNEL_LINK_ADDR : PAGE_OFFSET;
  const kernelEnd = kernelVirt + alignUp(imageSize, PAGE_SIZE);
  let modules: Interval;
  let bpf: Interval;
  if (!profile.kernelOutsideLinear) {
    // VMALLOC_MODULE_START = max(PFN_ALIGN(&_end - SZ_2G), VMALLOC_START); BPF in the top 128 MiB of vmalloc
    modules = { start: Math.max(kernelEnd - 2 * GiB, VMALLOC_START), end: PAGE_OFFSET };
    bpf = { start: PAGE_OFFSET - BPF_JIT_REGION_SIZE, end: PAGE_OFFSET };
  } else {
    // "Modules always live before the kernel": [PFN_ALIGN(_end) - 2G, PFN_ALIGN(_start))
    modules = { start: kernelEnd - 2 * GiB, end: kernelVirt };
    bpf = profile.bpf === 'after-kernel'
      ? { start: kernelEnd, end: kernelEnd + BPF_JIT_REGION_SIZE }
      : { start: modules.end - BPF_JIT_REGION_SIZE, end: modules.end };
  }
  // 5.14: memory_limit = -PAGE_OFFSET - SZ_4G in a phys_addr_t (R514 mm/init.c:140), which wraps when
  // -PAGE_OFFSET < 4 GiB (MAXPHYSMEM_2GB) to 2^64 - 2 GiB: memblock_enforce_memory_limit() then limits
  // nothing, and setup_vm_final()'s __pa(PAGE_OFFSET) + memory_limit wraps again, below RAM (setup-vm-final.ts).
  const memoryLimit = profile.linearMemoryLimit
    ? (KERN_VIRT_SIZE >= 4 * GiB ? KERN_VIRT_SIZE - 4 * GiB : VA_END - (4 * GiB - KERN_VIRT_SIZE))
    : KERN_VIRT_SIZE;
  return {
    PAGE_OFFSET, KERN_VIRT_SIZE, VMALLOC_START, vmallocEnd: PAGE_OFFSET, VMEMMAP_START, PCI_IO_START, PCI_IO_END,
    FIXADDR_TOP, FIXADDR_START: FIXADDR_TOP - 2 * MiB,
    KASAN_SHADOW_START: KERN_VIRT_START, KASAN_SHADOW_END: KERN_VIRT_START + KASAN_SHADOW_SIZE,
    KERNEL_LINK_ADDR: profile.kernelOutsideLinear ? KERNEL_LINK_ADDR : null,
    kernelVirt, kernelEnd, modules, bpf, memoryLimit, clipsToMemoryLimit: profile.linearMemoryLimit,
  };
}

/**
 * Where 5.14's setup_vm_final() ends each memory range: __pa(PAGE_OFFSET) + memory_limit in a phys_addr_t (R514
 * mm/init.c:741-742), bytes, modulo 2^64; Infinity where no version clips (≤5.13). __pa(PAGE_OFFSET) is the load
 * address. With MAXPHYSMEM_2GB the sum wraps to load_pa - 2 GiB, below all of RAM (linearLimitWraps).
 */
export function linearClip(va: VaLayout, loadPa: number): number {
  return va.clipsToMemoryLimit ? wrapU64(loadPa + va.memoryLimit) : Infinity;
}

/** Whether linearClip() wrapped below the load address, so that setup_vm_final() maps no RAM in the linear map at all. */
export function linearLimitWraps(va: VaLayout, loadPa: number): boolean {
  return linearClip(va, loadPa) <= loadPa;
}

/** A region of the final layout and, when it lies inside another by design (modules in vmalloc up to 5.12), that one. */
export interface RiscvRegion extends Region {
  readonly within?: string;
}

/** The final address space: the generic view (values, regions) plus the riscv regions with their nesting. */
export interface RiscvLayout extends Layout {
  readonly regions: readonly RiscvRegion[];
  readonly va: VaLayout;
  readonly leaves: LeafSummary;
}

/** The leaf-size and hugepage summary of the final linear map (the seed's question). */
export interface LeafSummary {
  /** 2 MiB leaves of the linear map */
  readonly pmdLeaves: number;
  /** 4 KiB leaves of the linear map */
  readonly pteLeaves: number;
  /** 2 MiB leaves of the kernel mapping (5.13+; ≤5.12 the kernel is in the linear map) */
  readonly kernelLeaves: number;
  /** 1 GiB-aligned spans the linear map covers completely */
  readonly gibSpans: number;
  /** of those, spans whose PA is 1 GiB-aligned too and whose leaves all have one permission: gigapage material */
  readonly gibUniform: number;
  /** of those, spans whose leaves carry different permissions (the kernel's sections or their alias) */
  readonly gibMixed: number;
}

/** The generic values of the final layout, in a fixed order (diffs and reports read them). */
export function layoutValues(va: VaLayout, linearEnd: number, linearBytes: number, leaves: LeafSummary): LayoutValue[] {
  return [
    { name: 'PAGE_OFFSET', value: va.PAGE_OFFSET, unit: 'address' },
    { name: 'KERNEL_LINK_ADDR', value: va.KERNEL_LINK_ADDR, unit: 'address' },
    { name: 'kernel _start', value: va.kernelVirt, unit: 'address' },
    { name: 'kernel _end', value: va.kernelEnd, unit: 'address' },
    { name: 'FIXADDR_START', value: va.FIXADDR_START, unit: 'address' },
    { name: 'FIXADDR_TOP', value: va.FIXADDR_TOP, unit: 'address' },
    { name: 'PCI_IO_START', value: va.PCI_IO_START, unit: 'address' },
    { name: 'VMEMMAP_START', value: va.VMEMMAP_START, unit: 'address' },
    { name: 'VMALLOC_START', value: va.VMALLOC_START, unit: 'address' },
    { name: 'MODULES start', value: va.modules.start, unit: 'address' },
    { name: 'MODULES end', value: va.modules.end, unit: 'address' },
    { name: 'BPF_JIT_REGION_START', value: va.bpf.start, unit: 'address' },
    { name: 'BPF_JIT_REGION end', value: va.bpf.end, unit: 'address' },
    { name: 'linear map end', value: linearEnd, unit: 'address' },
    { name: 'linear map size', value: linearBytes, unit: 'bytes' },
    { name: 'linear 2M leaves', value: leaves.pmdLeaves, unit: 'count' },
    { name: 'linear 4K leaves', value: leaves.pteLeaves, unit: 'count' },
    { name: 'kernel mapping 2M leaves', value: leaves.kernelLeaves, unit: 'count' },
    { name: 'linear 1G spans', value: leaves.gibSpans, unit: 'count' },
    { name: 'linear 1G spans with one permission', value: leaves.gibUniform, unit: 'count' },
    { name: 'linear 1G spans split by permissions', value: leaves.gibMixed, unit: 'count' },
  ];
}

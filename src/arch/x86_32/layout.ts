/**
 * Layout formulas of the x86_32 kernel virtual address space
 * (include/asm-x86/page_32.h, pgtable_32.h, highmem.h; arch/x86/mm/pgtable_32.c).
 * Pure functions over a handful of numbers: nothing here is per page.
 */
import type { FixmapEnum } from './fixmap.js';
import { fixToVirt } from './fixmap.js';
import { MiB, PAGE_SHIFT, PAGE_SIZE, VA_TOP, pmdBase, type Geometry } from './geometry.js';
import type { LayoutValue } from '../../replay/trace.js';
import { has, RESERVE_TOP_NO_DOUBLE_ACCOUNTING, VMALLOC_SIZE_FIX } from './history.js';
import type { KernelVersion } from './kernel-version.js';

/** arch/x86/mm/pgtable_32.c: __VMALLOC_RESERVE = 128 << 20 */
export const DEFAULT_VMALLOC_RESERVE = 128 * MiB;
/** include/asm-x86/pgtable_32.h: VMALLOC_OFFSET, the gap after high_memory */
export const VMALLOC_OFFSET = 8 * MiB;
/** __FIXADDR_TOP without any reservation: 0xfffff000 */
export const DEFAULT_FIXADDR_TOP = VA_TOP - PAGE_SIZE;
/** arch/x86/kernel/vmi_32.c: vmi_rom->virtual_top on the hosts the seed thread discusses (64 MiB hole) */
export const DEFAULT_VMI_VIRTUAL_TOP = 0xfc000000;
/** include/asm-x86/xen/hypervisor.h (PAE): HYPERVISOR_VIRT_START */
export const DEFAULT_XEN_VIRT_START = 0xf5800000;

/** reserve_top_address(-vmi_rom->virtual_top) */
export function vmiReserve(virtualTop: number): number {
  return VA_TOP - virtualTop;
}

/**
 * arch/x86/xen/enlighten.c xen_reserve_top(): -HYPERVISOR_VIRT_START + 2 * PAGE_SIZE,
 * or -HYPERVISOR_VIRT_START without the padding (history.ts XEN_RESERVE_NO_PADDING)
 */
export function xenReserve(virtStart: number, padded: boolean): number {
  return VA_TOP - virtStart + (padded ? 2 * PAGE_SIZE : 0);
}

/**
 * Where Xen's own area starts: HYPERVISOR_VIRT_START (or the platform parameters' virt_start that
 * xen_reserve_top() reads instead), not -reserve. Before 2.6.27.8 / 2.6.28-rc1 the reserve is two pages
 * larger (`reserve_top_address(-top + 2 * PAGE_SIZE)`, arch/x86/xen/enlighten.c:1407-1416 at 2.6.27-rc1
 * caglar10ur/linux-2.6.27.y@6e86841d05; `reserve_top_address(-top)` from 996d332bda, 2.6.27.8, upstream
 * 5dc64a3442b9): those two pages below HYPERVISOR_VIRT_START are padding the kernel keeps "for safety",
 * not Xen's. Xen's area begins with the read-only machine-to-phys table at HYPERVISOR_VIRT_START
 * (include/asm-x86/xen/interface.h:60-66, `machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)`;
 * interface_32.h:35-39, "Virtual addresses beyond this are not modifiable by guest OSes", at 6e86841d05).
 */
export function xenHoleStart(virtStart: number): number {
  return virtStart;
}

/** reserve_top_address(): __FIXADDR_TOP = -reserve - PAGE_SIZE */
export function fixaddrTopFor(reserve: number): number {
  return VA_TOP - reserve - PAGE_SIZE;
}

/**
 * The layout formulas of a kernel version (DESIGN §2): 2.6.26 – 2.6.27.y, or
 * 2.6.28-rc1 on (history.ts VMALLOC_SIZE_FIX, RESERVE_TOP_NO_DOUBLE_ACCOUNTING).
 */
export interface Formulas {
  /**
   * 'reserve' (2.6.26 – 2.6.27.y): MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE,
   * VMALLOC_START = (high_memory + 2*VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1),
   * vmalloc=SIZE sets exactly SIZE;
   * 'vmalloc-end' (2.6.28-rc1 on): MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE,
   * VMALLOC_START = high_memory + VMALLOC_OFFSET, vmalloc=SIZE sets SIZE + VMALLOC_OFFSET.
   */
  readonly maxmem: 'reserve' | 'vmalloc-end';
  /** reserve_top_address() adds the reserve to __VMALLOC_RESERVE (until 2.6.31-rc6) */
  readonly reserveGrowsVmalloc: boolean;
}

/** The layout formulas of a kernel version (history.ts VMALLOC_SIZE_FIX, RESERVE_TOP_NO_DOUBLE_ACCOUNTING). */
export function formulasFor(kernel: KernelVersion): Formulas {
  return {
    maxmem: has(kernel, VMALLOC_SIZE_FIX) ? 'vmalloc-end' : 'reserve',
    reserveGrowsVmalloc: !has(kernel, RESERVE_TOP_NO_DOUBLE_ACCOUNTING),
  };
}

/** What MAXMEM depends on at a given moment of the boot. */
export interface MaxmemInputs {
  readonly formulas: Formulas;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  readonly pageOffset: number;
  readonly highmem: boolean;
  readonly fixaddrTop: number;
  readonly vmallocReserve: number;
}

/**
 * MAXMEM in bytes, with the formula of the kernel version, in the kernel's
 * unsigned long: a reserve larger than the space above PAGE_OFFSET leaves
 * for it does not give 0 but wraps around to nearly 4 GiB, so that
 * find_low_pfn_range() (max_low_pfn = max_pfn unless max_pfn > MAXMEM_PFN)
 * makes all of RAM lowmem, over the vmalloc area and the fixmap.
 * include/asm-x86/page_32.h:93 of 2.6.27 (caglar10ur/linux-2.6.27.y@3fa8749e584b):
 * `#define MAXMEM (-__PAGE_OFFSET - __VMALLOC_RESERVE)`, both unsigned;
 * arch/x86/include/asm/pgtable_32_types.h:53 of 2.6.32.9
 * (dandel/linux-2.6.32.y@f472f49700ab): `(VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE)`.
 */
export function maxmem(inp: MaxmemInputs): number {
  const top = inp.formulas.maxmem === 'reserve' ? VA_TOP : vmallocEnd(inp.geometry, inp.fixmap, inp.highmem, inp.fixaddrTop);
  return unsigned32(top - inp.pageOffset - inp.vmallocReserve);
}

/** A value of C's 32-bit unsigned long: the integer modulo 2^32. */
function unsigned32(value: number): number {
  return ((value % VA_TOP) + VA_TOP) % VA_TOP;
}

/** MAXMEM_PFN = MAXMEM >> PAGE_SHIFT */
export function maxmemPfn(inp: MaxmemInputs): number {
  return Math.floor(maxmem(inp) / PAGE_SIZE);
}

/** __VMALLOC_RESERVE after vmalloc=SIZE (parse_vmalloc() in arch/x86/mm/pgtable_32.c) */
export function vmallocParamReserve(formulas: Formulas, size: number): number {
  return formulas.maxmem === 'reserve' ? size : size + VMALLOC_OFFSET;
}

/** VMALLOC_START for a high_memory (include/asm-x86/pgtable_32.h) */
export function vmallocStart(formulas: Formulas, highMemory: number): number {
  return formulas.maxmem === 'reserve'
    ? Math.floor((highMemory + 2 * VMALLOC_OFFSET - 1) / VMALLOC_OFFSET) * VMALLOC_OFFSET
    : highMemory + VMALLOC_OFFSET;
}

/** VMALLOC_END: below PKMAP_BASE with highmem, else below FIXADDR_START, with a 2-page guard */
export function vmallocEnd(geometry: Geometry, fixmap: FixmapEnum, highmem: boolean, fixaddrTop: number): number {
  return highmem
    ? pkmapBase(geometry, fixmap, fixaddrTop) - 2 * PAGE_SIZE
    : fixaddrTop - (fixmap.endOfPermanent << PAGE_SHIFT) - 2 * PAGE_SIZE;
}

export interface LayoutInputs {
  readonly formulas: Formulas;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  readonly pageOffset: number;
  readonly highmem: boolean;
  readonly fixaddrTop: number;
  readonly maxLowPfn: number;
  /** lowest start of every hole a hypervisor or firmware lives in, or VA_TOP when none (ModelState) */
  readonly hypervisorHoleStart: number;
  /** who lives in the hole that starts there (ModelState): names its region */
  readonly hypervisorHoleOwner: HoleOwner;
  /** -reserve of the last reservetop=, or VA_TOP when none or superseded (ModelState) */
  readonly reservetopHoleStart: number;
}

/**
 * Who lives in the lowest hole at the top: a hypervisor (VMI, Xen, a define:d reserve_top_address() call) or
 * OLPC's OpenFirmware (olpc_ofw_detect(), arch/x86/kernel/olpc_ofw.c from fd699c76552, 2.6.36-rc1), which is
 * firmware on bare metal, not a hypervisor. It names the hole's region.
 */
export type HoleOwner = 'hypervisor' | 'firmware';

/**
 * `reserved`: what reservetop= keeps free below the hole of a hypervisor or firmware (or below 4 GiB), nobody's;
 * `hypervisor` / `firmware`: that hole (HoleOwner)
 */
export type RegionName = 'lowmem' | 'vmalloc' | 'pkmap' | 'fixmap' | 'reserved' | HoleOwner;

export interface Region {
  readonly name: RegionName;
  readonly start: number;
  /** exclusive */
  readonly end: number;
}

export interface Layout {
  /** PAGE_SIZE (4 KiB with and without PAE) */
  readonly pageSize: number;
  /** the generic view (src/replay/trace.ts): the named values below, in this order */
  readonly values: readonly LayoutValue[];
  readonly FIXADDR_TOP: number;
  readonly FIXADDR_START: number;
  readonly FIXADDR_BOOT_START: number;
  readonly PKMAP_BASE: number | null;
  readonly VMALLOC_START: number;
  readonly VMALLOC_END: number;
  readonly high_memory: number;
  readonly max_low_pfn: number;
  /** from the top down in the kernel's own order: lowmem first */
  readonly regions: readonly Region[];
}

/** highmem.h: PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK */
export function pkmapBase(geometry: Geometry, fixmap: FixmapEnum, fixaddrTop: number): number {
  return pmdBase(geometry, fixaddrTop - fixmap.endOfFixed * PAGE_SIZE - PAGE_SIZE * (geometry.lastPkmap + 1));
}

export function computeLayout(inp: LayoutInputs): Layout {
  const { geometry, fixmap, fixaddrTop } = inp;
  const FIXADDR_START = fixaddrTop - (fixmap.endOfPermanent << PAGE_SHIFT);
  const FIXADDR_BOOT_START = fixaddrTop - fixmap.endOfFixed * PAGE_SIZE;
  const PKMAP_BASE = inp.highmem ? pkmapBase(geometry, fixmap, fixaddrTop) : null;
  const VMALLOC_END = vmallocEnd(geometry, fixmap, inp.highmem, fixaddrTop);
  const high_memory = inp.pageOffset + inp.maxLowPfn * PAGE_SIZE;
  const VMALLOC_START = vmallocStart(inp.formulas, high_memory);
  const regions: Region[] = [
    { name: 'lowmem', start: inp.pageOffset, end: high_memory },
    { name: 'vmalloc', start: VMALLOC_START, end: VMALLOC_END },
  ];
  if (PKMAP_BASE !== null) regions.push({ name: 'pkmap', start: PKMAP_BASE, end: PKMAP_BASE + geometry.lastPkmap * PAGE_SIZE });
  // fix_to_virt(0) = FIXADDR_TOP is the last page of the fixmap
  regions.push({ name: 'fixmap', start: FIXADDR_BOOT_START, end: fixToVirt(fixaddrTop, 0) + PAGE_SIZE });
  if (inp.reservetopHoleStart < inp.hypervisorHoleStart) regions.push({ name: 'reserved', start: inp.reservetopHoleStart, end: inp.hypervisorHoleStart });
  if (inp.hypervisorHoleStart < VA_TOP) regions.push({ name: inp.hypervisorHoleOwner, start: inp.hypervisorHoleStart, end: VA_TOP });
  const values: LayoutValue[] = [
    { name: 'FIXADDR_TOP', value: fixaddrTop, unit: 'address' },
    { name: 'FIXADDR_START', value: FIXADDR_START, unit: 'address' },
    { name: 'FIXADDR_BOOT_START', value: FIXADDR_BOOT_START, unit: 'address' },
    { name: 'PKMAP_BASE', value: PKMAP_BASE, unit: 'address' },
    { name: 'VMALLOC_START', value: VMALLOC_START, unit: 'address' },
    { name: 'VMALLOC_END', value: VMALLOC_END, unit: 'address' },
    { name: 'high_memory', value: high_memory, unit: 'address' },
    { name: 'max_low_pfn', value: inp.maxLowPfn, unit: 'pages' },
  ];
  return {
    pageSize: PAGE_SIZE, values, FIXADDR_TOP: fixaddrTop, FIXADDR_START, FIXADDR_BOOT_START, PKMAP_BASE,
    VMALLOC_START, VMALLOC_END, high_memory, max_low_pfn: inp.maxLowPfn, regions,
  };
}

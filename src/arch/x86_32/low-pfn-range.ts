/**
 * max_low_pfn and max_pfn from the RAM, MAXMEM_PFN and highmem= (highmem_pages), as the kernel
 * computes them. The logic is the same at every modeled version; only the function's name and the
 * printk wording changed:
 * - 2.6.26: find_max_low_pfn() (arch/x86/kernel/setup_32.c:342-396 at bce7f793dae);
 * - 2.6.27-rc1 – 2.6.29: find_low_pfn_range() (arch/x86/mm/init_32.c:578-640 at 2.6.27 3fa8749e584,
 *   :681-745 at 2.6.29 8e0ee43bc2c), from 2ec65f8b89e "x86: clean up using max_low_pfn on 32-bit";
 * - 2.6.30-rc1 – 2.6.36: find_low_pfn_range() calls lowmem_pfn_init() when max_pfn <= MAXMEM_PFN,
 *   else highmem_pfn_init() (init_32.c:622-705 at 2.6.31 74fca6a4286, :604-705 at 2.6.36
 *   f6f94e2ab1b), from 4769843bc26 "x86, 32-bit: clean up find_low_pfn_range()".
 */
import { FIND_LOW_PFN_RANGE, LOW_PFN_INIT_SPLIT, has } from './history.js';
import type { KernelVersion } from './kernel-version.js';
import { PAGE_SIZE } from './geometry.js';

/** 64*1024*1024/PAGE_SIZE: highmem= may not leave less lowmem than this (pages) */
export const MIN_LOWMEM_PAGES = (64 * 2 ** 20) / PAGE_SIZE;

/** pages_to_mb(): pages >> (20 - PAGE_SHIFT) */
function mb(pages: number): number {
  return Math.floor((pages * PAGE_SIZE) / 2 ** 20);
}

export interface LowPfnInputs {
  /** max_pfn before the call (pages) */
  readonly maxPfn: number;
  /** MAXMEM_PFN with the __VMALLOC_RESERVE and FIXADDR_TOP in force (pages) */
  readonly maxmemPfn: number;
  /** highmem_pages (pages), null for the -1 of "no highmem= parsed" */
  readonly highmemPages: number | null;
  /** CONFIG_HIGHMEM */
  readonly highmem: boolean;
  /** MAX_NONPAE_PFN (1 << 20, include/asm-x86/setup.h:26 at bce7f793da) without PAE, null with it (CONFIG_HIGHMEM64G) */
  readonly maxNonPaePfn: number | null;
}

/** MAX_NONPAE_PFN: 4 GiB in pages (include/asm-x86/setup.h:26 at caglar10ur/linux-2.6.27.y@bce7f793da) */
export const MAX_NONPAE_PFN = 2 ** 20;

/** What the kernel did with a parsed highmem= (highmem_pages >= 0). */
export interface HighmemParamOutcome {
  /** highmem_pages as parsed (pages) */
  readonly pages: number;
  readonly applied: boolean;
  /** the kernel's printk when it ignores the value, or what the value did */
  readonly note: string;
}

export interface LowPfnRange {
  /** max_pfn after the call: highmem= and !CONFIG_HIGHMEM can lower it (pages) */
  readonly maxPfn: number;
  readonly maxLowPfn: number;
  /** null when no highmem= was parsed before the call */
  readonly highmemParam: HighmemParamOutcome | null;
  /**
   * CONFIG_HIGHMEM4G with max_pfn above MAX_NONPAE_PFN: the max_pfn the call cut to MAX_NONPAE_PFN ("Warning only 4GB
   * will be used"). Only 2.6.26 gets here: e820_end_of_ram_pfn() already stops at MAX_ARCH_PFN from 2.6.27-rc1
   */
  readonly nonPaeCut?: { readonly maxPfn: number; readonly note: string };
}

/** Which function decides, for the messages. */
function fnName(kernel: KernelVersion, lowmemFits: boolean): string {
  if (has(kernel, LOW_PFN_INIT_SPLIT)) return lowmemFits ? 'lowmem_pfn_init()' : 'highmem_pfn_init()';
  return has(kernel, FIND_LOW_PFN_RANGE) ? 'find_low_pfn_range()' : 'find_max_low_pfn()';
}

/**
 * The kernel's two branches. RAM above MAXMEM_PFN: max_low_pfn = MAXMEM_PFN, and highmem= only trims
 * max_pfn (to MAXMEM_PFN + highmem_pages), or is ignored when it asks for more highmem than there is;
 * without CONFIG_HIGHMEM max_pfn then becomes MAXMEM_PFN. RAM that fits: max_low_pfn = max_pfn -
 * highmem_pages, unless highmem_pages >= max_pfn or less than 64 MiB of lowmem would be left (then it
 * is ignored), and never without CONFIG_HIGHMEM. With CONFIG_HIGHMEM4G (no PAE) max_pfn above
 * MAX_NONPAE_PFN is cut to it ("Warning only 4GB will be used": setup_32.c:367-373 at bce7f793da,
 * init_32.c:609-615 at 3fa8749e584b).
 */
export function findLowPfnRange(kernel: KernelVersion, inp: LowPfnInputs): LowPfnRange {
  const { maxmemPfn: limit, highmem } = inp;
  let maxPfn = inp.maxPfn;
  const given = inp.highmemPages;
  const fits = maxPfn <= limit;
  const fn = fnName(kernel, fits);
  if (!fits) {
    const hp = given ?? maxPfn - limit;
    if (hp + limit < maxPfn) maxPfn = limit + hp;
    let outcome: HighmemParamOutcome | null = null;
    if (given !== null && hp + limit > maxPfn) {
      outcome = { pages: given, applied: false, note: `only ${mb(maxPfn - limit)}MB highmem pages available, ignoring highmem size of ${mb(given)}MB (${fn})` };
    } else if (given !== null) {
      outcome = highmem
        ? { pages: given, applied: true, note: `max_pfn ${maxPfn} = MAXMEM_PFN ${limit} + ${given} highmem pages (${fn})` }
        : { pages: given, applied: false, note: `no CONFIG_HIGHMEM: max_pfn is MAXMEM_PFN ${limit} whatever highmem= asks (${fn})` };
    }
    if (!highmem) maxPfn = limit; // "Warning only %ldMB will be used."
    else if (inp.maxNonPaePfn !== null && maxPfn > inp.maxNonPaePfn) {
      const note = `max_pfn ${maxPfn} cut to MAX_NONPAE_PFN ${inp.maxNonPaePfn}: "Warning only 4GB will be used" (${fn})`;
      return { maxPfn: inp.maxNonPaePfn, maxLowPfn: limit, highmemParam: outcome, nonPaeCut: { maxPfn, note } };
    }
    return { maxPfn, maxLowPfn: limit, highmemParam: outcome };
  }
  if (given === null || given === 0) return { maxPfn, maxLowPfn: maxPfn, highmemParam: given === null ? null : { pages: 0, applied: true, note: `highmem=0: no highmem (${fn})` } };
  if (!highmem) return { maxPfn, maxLowPfn: maxPfn, highmemParam: { pages: given, applied: false, note: `ignoring highmem size on non-highmem kernel! (${fn})` } };
  if (given >= maxPfn) {
    return { maxPfn, maxLowPfn: maxPfn, highmemParam: { pages: given, applied: false, note: `highmem size (${mb(given)}MB) is bigger than pages available (${mb(maxPfn)}MB), ignored (${fn})` } };
  }
  if (maxPfn - given < MIN_LOWMEM_PAGES) {
    return { maxPfn, maxLowPfn: maxPfn, highmemParam: { pages: given, applied: false, note: `highmem size (${mb(given)}MB) results in <64MB lowmem, ignoring it (${fn})` } };
  }
  return { maxPfn, maxLowPfn: maxPfn - given, highmemParam: { pages: given, applied: true, note: `max_low_pfn ${maxPfn} - ${given} highmem pages (${fn})` } };
}

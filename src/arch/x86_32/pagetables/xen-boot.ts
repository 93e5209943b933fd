/**
 * The page tables a 32-bit PAE Xen pv guest finds at xen_start_kernel(): the
 * domain builder's bootstrap region (include/xen/interface/xen.h, the
 * start_info layout comment: "a. relocated kernel image b. initial ram disk
 * c. list of allocated page frames [mfn_list] d. start_info_t structure
 * e. bootstrap page tables f. bootstrap stack … The only exception is the
 * bootstrap page table, which is mapped read-only. 9. There is guaranteed to
 * be at least 512kB padding after the final bootstrap element. … [the region]
 * starts and ends on 4 MiB boundaries").
 *
 * Defaults (overridable with machine.xen_pt_base / machine.xen_nr_pt_frames,
 * the start_info fields): no initrd; mfn_list holds one 32-bit entry per page
 * of machine.memory; the page tables are one L3, one L2 (the kernel's PGD
 * slot) and as many L1s as the region needs, in that order (assumed); the
 * region ends at the next 4 MiB boundary after page tables, one stack page
 * and 512 KiB of padding.
 */
import { MiB, PAGE_SIZE } from '../geometry.js';
import { pfnUp } from './image.js';

export interface XenBoot {
  /** pfn of pt_base (start_info.pt_base is its virtual address) */
  readonly ptBase: number;
  readonly nrPtFrames: number;
  /** pfn of mfn_list (the e820 reservation xen_memory_setup() adds runs from here to pt_base) */
  readonly mfnList: number;
  /** L1 pages: frames ptBase + 2 … , one per 2 MiB from physical 0 */
  readonly l1Pages: number;
  /** bytes from physical 0 that the L1s map */
  readonly mapped: number;
}

const PAD = 512 * 1024;
const REGION_ALIGN = 4 * MiB;
const PMD_SIZE_PAE = 2 * MiB;

/**
 * @param imageEndPfn PFN_UP(pa(_end))
 * @param memoryPages start_info.nr_pages
 * @param ptBase pfn of a given pt_base, or null for the default
 * @param nrPtFrames a given nr_pt_frames, or null for the default
 */
export function xenBoot(imageEndPfn: number, memoryPages: number, ptBase: number | null, nrPtFrames: number | null): XenBoot {
  const mfnList = imageEndPfn;
  const base = ptBase ?? mfnList + pfnUp(memoryPages * 4) + 1;
  let nr = nrPtFrames ?? 3;
  if (nrPtFrames === null) {
    // the number of L1s depends on where the region ends, which depends on the number of frames
    for (;;) {
      const end = (base + nr + 1) * PAGE_SIZE + PAD;
      const want = 2 + Math.ceil(Math.ceil(end / REGION_ALIGN) * REGION_ALIGN / PMD_SIZE_PAE);
      if (want === nr) break;
      nr = want;
    }
  }
  const l1Pages = Math.max(0, nr - 2);
  return { ptBase: base, nrPtFrames: nr, mfnList, l1Pages, mapped: l1Pages * PMD_SIZE_PAE };
}

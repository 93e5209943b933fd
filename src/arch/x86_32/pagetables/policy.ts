/**
 * config.pagetable_init_policy: how pagetable_init (2.6.27+: init_memory_mapping)
 * treats entries that already exist when it builds the direct map. The values
 * are the proposals of seed 004 (Jeremy Fitzhardinge and Eric Biederman,
 * linux-kernel, 2007) and what was merged.
 */
export const PAGETABLE_INIT_POLICIES = [
  /** what was merged (9a4029fd "xen: ignore RW mapping of RO pages in pagetable_init"): writes are
   * unconditional; Xen's init-time set_pte keeps _PAGE_RW off where the existing PTE is present and read-only */
  'xen-mask-rw',
  /** proposal 1: write the entries unconditionally (no Xen special case) */
  'unconditional',
  /** proposal 4: if given a template page table, never overwrite an existing mapping */
  'no-overwrite',
  /** proposal 2: a paravirt callback asked for each page's permissions */
  'permission-callback',
  /** proposal 3: a general query for pages that need special mappings */
  'special-page-query',
] as const;

export type PagetableInitPolicy = (typeof PAGETABLE_INIT_POLICIES)[number];

/** The policies a replay can run (2 and 3 are rejected by the loader, see checks). */
export type ReplayablePolicy = Extract<PagetableInitPolicy, 'xen-mask-rw' | 'unconditional' | 'no-overwrite'>;

/**
 * Why proposals 2 and 3 cannot be replayed: seed 004, "Perhaps 2 and 3 could
 * be implemented by stashing some state in the page structure, but that's no
 * use for pagetable_init, because page structures don't exist at that point",
 * and "I don't know of an efficient way to identify whether a particular pfn
 * is part of a pagetable or not".
 */
export const UNREPLAYABLE_REASON = 'it needs to know, for each page, whether it is part of a page table, and that knowledge would live in struct page, which does not exist yet when pagetable_init (2.6.27+: init_memory_mapping) runs (seed 004)';

export function isReplayable(p: PagetableInitPolicy): p is ReplayablePolicy {
  return p === 'xen-mask-rw' || p === 'unconditional' || p === 'no-overwrite';
}

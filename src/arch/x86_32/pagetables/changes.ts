/**
 * Kernel history of the x86_32 page tables (history.ts's Change records):
 * every fact the page-table model selects per kernel, with the mainline
 * release candidate that first has it. The first rc was found with
 * `git merge-base --is-ancestor COMMIT RELEASE` on the dandel/linux-2.6.32.y
 * mirror (mainline to 2.6.32), against the "Linux 2.6.x[-rcN]" commits.
 */
import type { Change } from '../history.js';

/**
 * 2.6.27-rc1: the 32-bit direct map moved out of paging_init() into
 * init_memory_mapping(), with its page tables taken from a table space that
 * find_early_table_space() reserves below max_pfn_mapped (alloc_low_page())
 * instead of bootmem (arch/x86/mm/init_32.c).
 */
export const INIT_MEMORY_MAPPING_32: Change = {
  mainline: '2.6.27-rc1', commit: '4e29684c40f', subject: 'x86: introduce init_memory_mapping for 32bit #1',
};

/**
 * 2.6.27-rc1: init_memory_mapping() maps the first 2/4 MiB and any unaligned
 * head or tail with 4K pages. In 2.6.26 the same rule in
 * kernel_physical_mapping_init() tests `pgd_idx == 0 && pmd_idx == 0`, which
 * never holds (pgd_idx starts at pgd_index(PAGE_OFFSET)), so with PSE every
 * direct-map PMD is a large page there, the first one included.
 */
export const FIRST_PMD_4K: Change = {
  mainline: '2.6.27-rc1', commit: 'a04ad82d0bf', subject: 'x86: fix init_memory_mapping over boundary, v4',
};

/**
 * 2.6.27-rc1: xen_set_pte_init is the initial set_pte of xen_mmu_ops, active
 * from xen_start_kernel() until xen_post_allocator_init(); before, it was
 * switched on in xen_pagetable_setup_start() and off in
 * xen_pagetable_setup_done() (arch/x86/xen/enlighten.c).
 */
export const XEN_SET_PTE_FROM_OUTSET: Change = {
  mainline: '2.6.27-rc1', commit: '851fa3c4e7b', subject: 'xen: define set_pte from the outset',
};

/**
 * 2.6.27-rc1: 32-bit Xen builds its kernel page tables in
 * xen_start_kernel() → xen_setup_kernel_pagetable(): Xen's kernel PMD is
 * copied into the bss page level2_kernel_pgt and xen_map_identity_early()
 * maps up to 8 MiB more from the 4 bss pages of level1_ident_pgt. 2.6.26
 * copies the PMD into a bootmem page in xen_pagetable_setup_start().
 */
export const XEN32_INITIAL_MAPPINGS: Change = {
  mainline: '2.6.27-rc1', commit: '39dbc5bd345', subject: 'xen32: create initial mappings like 64-bit',
};

/**
 * 2.6.28-rc1: head_32.S writes PTE_IDENT_ATTR (0x003, present + RW) instead
 * of PTE_ATTR (0x007, which has _PAGE_USER) into pg0.
 */
export const PTE_IDENT_ATTR: Change = {
  mainline: '2.6.28-rc1', commit: 'b2bc2731466', subject: 'x86, cpa: rename PTE attribute macros for kernel direct mapping in early boot',
};

/**
 * 2.6.28-rc4: FIX_KMAP_BEGIN/END and kmap_init() no longer depend on
 * CONFIG_HIGHMEM (arch/x86/include/asm/fixmap_32.h, arch/x86/mm/init_32.c).
 */
export const KMAP_WITHOUT_HIGHMEM: Change = {
  mainline: '2.6.28-rc4', commit: 'fd940934352', subject: 'x86: add iomap_atomic*()/iounmap_atomic() on 32-bit using fixmaps',
};

/**
 * 2.6.29-rc3: page_table_range_init() passes every fixmap PTE page through
 * page_table_kmap_check(), which copies a FIX_KMAP PTE page that did not come
 * from alloc_low_page() into one that did, so the kmap PTE pages are
 * physically consecutive; early_ioremap_clear() is gone and the fixmap's
 * table space is PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t)).
 * Not backported to 2.6.27.y (2.6.27.57 still calls early_ioremap_clear).
 */
export const KMAP_PTES_CONTIGUOUS: Change = {
  mainline: '2.6.29-rc3', commit: 'a3c6018e565', subject: 'x86: fix assumed to be contiguous leaf page tables for kmap_atomic region (take 2)',
};

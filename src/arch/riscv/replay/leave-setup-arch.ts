/**
 * What start_kernel() reads when setup_arch() returns, before any late step:
 * mm_init() → mem_init() → memblock_free_all() → free_low_memory_core_early()
 * → __free_pages_memory() → memblock_free_pages(pfn_to_page(pfn)) →
 * __free_pages_core(), which writes every free page's struct page
 * (__ClearPageReserved, set_page_count) in the vmemmap that sparse_init()
 * maps, into the zones that zone_sizes_init() → free_area_init() sets up.
 * riscv selects SPARSEMEM (SPARSEMEM_VMEMMAP_ENABLE on 64BIT), and only
 * misc_mem_init() calls sparse_init() and zone_sizes_init() from 5.12 (5.10:
 * paging_init()): without it that write goes to an unmapped vmemmap
 * address, in mm_init(), before kernel_init() runs.
 * Sources: Kingdo777/linux-5.14.2-faascale-host@56e6f69d075f init/main.c:942,983
 * (setup_arch, then mm_init), :819-831; arch/riscv/mm/init.c:113-128 (mem_init),
 * :66-76 (zone_sizes_init), :889-900 (misc_mem_init), kernel/setup.c:284;
 * mm/memblock.c:1982-1996; mm/page_alloc.c:1669-1683,1750-1756; arch/riscv/Kconfig:163-170.
 * zhangyinjun/linux-5.12.9@38c16b0cce67 arch/riscv/mm/init.c:594-598, kernel/setup.c:263;
 * ejga2001/linux-5.10.7@3791f9c55148 arch/riscv/mm/init.c:664-669 (paging_init), kernel/setup.c:83.
 */
import type { ExitReader } from '../../setup-arch-exit.js';

/** start_kernel()'s mm_init(): it needs the struct pages and zones (the value `memmap`). */
export const MM_INIT: ExitReader = {
  value: 'memmap',
  why: 'mem_init() → memblock_free_all() → __free_pages_core() writes the struct page of every free page (__ClearPageReserved, set_page_count), in the vmemmap that sparse_init() in misc_mem_init() maps (5.10: in paging_init()), and zone_sizes_init() has set up no zone: without it, a store to an unmapped vmemmap address (an unhandled kernel page fault) in mm_init(), before kernel_init()',
  reader: 'start_kernel() → mm_init()',
};

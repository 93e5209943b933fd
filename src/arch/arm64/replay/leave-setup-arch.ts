/**
 * What start_kernel() reads when setup_arch() returns, before any late step:
 * mm_init() → mem_init() → free_all_bootmem() → free_low_memory_core_early()
 * runs reserve_bootmem_region() over every reserved memblock region, which
 * does SetPageReserved() on each valid pfn's struct page (pfn_valid() is
 * memblock_is_map_memory() on arm64), in the vmemmap that sparse_init() in
 * bootmem_init() maps. Without bootmem_init() (v4.7; paging_init() on v4.4
 * and v4.6) that is a write to an unmapped vmemmap address, in mem_init(),
 * before kernel_init() and its free_initmem() ever run.
 * Sources: calebwilliamsd/linux-4.7.4-casio@01851de9: init/main.c:505,537
 * (setup_arch, then mm_init), :464-471; arch/arm64/mm/init.c:404-414
 * (mem_init), :306-325 (bootmem_init); mm/nobootmem.c:128-135;
 * mm/page_alloc.c:1210-1227 (reserve_bootmem_region). bootmem_init() is
 * the only arm64 caller of sparse_init() (A44 rivsidn/linux-4.4.155@a1961d75
 * mm/init.c:192-208 from paging_init, mmu.c:455; A46
 * chenlihao92/archlinux-4.6.5@b9b6ded1 init.c:251-267 from paging_init,
 * mmu.c:568; A47 init.c:306-325 from setup_arch, kernel/setup.c:271).
 */
import type { ExitReader } from '../../setup-arch-exit.js';

/** start_kernel()'s mm_init(): it needs the struct pages and zones (the value `memmap`). */
export const MM_INIT: ExitReader = {
  value: 'memmap',
  why: 'mem_init() → free_all_bootmem() → reserve_bootmem_region() does SetPageReserved() on the struct page of every reserved pfn (the kernel image, the DTB, the page tables), in the vmemmap that sparse_init() in bootmem_init() maps: without it, a write to an unmapped vmemmap address ("Unable to handle kernel paging request") in mm_init(), before kernel_init()',
  reader: 'start_kernel() → mm_init()',
};

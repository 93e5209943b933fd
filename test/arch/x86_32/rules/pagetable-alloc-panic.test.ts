/**
 * find_early_table_space() (2.6.27/2.6.28 arch/x86/mm/init_32.c) reserves the
 * direct map's page tables plus a hard-coded "PAGE_SIZE * 2" for the fixmap;
 * alloc_low_page() panics with "alloc_low_page: ran out of memory" at
 * table_top. a3c6018e565d (2.6.29-rc3): "replace the hard coded calculation of
 * the initial table space needed for the fixmap area with a proper one,
 * allowing kernels configured for large CPU counts to actually boot."
 *
 * 2.6.28 PAE, 4 GiB, PSE: lowmem ends at the unaligned 0x377fe000 (MAXMEM
 * shrinks as the fixmap grows), so the table space is 1 PUD + 1 PMD + 2 PTE
 * pages + 2 = 6 pages, pfn 0x7-0xc; the direct map's 4K tail takes pfn 0x7 and
 * the fixmap has 5 left. Its PTE pages: one per PMD from
 * fix_to_virt(__end_of_fixed_addresses - 1) up to head_32's swapper_pg_fixmap
 * PMD (0xffe00000), 5 for 190 CPUs and 6 for 200 (the PMDs 0xff200000 …
 * 0xffc00000): the sixth, for PMD 0xffc00000, is past table_top.
 */
import { pagetableAllocPanic } from '../../../../src/arch/x86_32/rules/pagetable-alloc-panic.js';
import { ORDER_2_6_27, ORDER_2_6_28 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const big = (n: number) => ({ pae: true, memory: '4GiB', config: { nr_cpus: n } });

ruleTester(pagetableAllocPanic, {
  valid: [
    { name: '2.6.28 PAE, default NR_CPUS 8: the fixmap fits head_32\'s page and the 2 spare pages', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, memory: '4GiB' } },
    { name: '2.6.28 PAE, 35 CPUs: kmap-pte-noncontiguous, but the table space suffices', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...big(35) } },
    { name: '2.6.28 PAE, 190 CPUs: 5 fixmap PTE pages, exactly what is left', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...big(190) } },
  ],
  invalid: [
    {
      name: '2.6.28 PAE, 200 CPUs: the sixth fixmap PTE page is past table_top',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...big(200) },
      findings: [{
        step: 'init_memory_mapping',
        message: /^init_memory_mapping \(step \d+\): alloc_low_page runs past table_top building the fixmap page tables: 6 pages needed for PMDs 0xff200000-0xffe00000, 1 more than the table space pfn 0x7-0xc \(6 pages, 2 of them for the fixmap\) has left; the PTE page of PMD 0xffc00000 is the first that does not fit: panic\("alloc_low_page: ran out of memory"\)$/,
        fix: /no order of setup_arch fixes it: .*a3c6018e565d/,
      }],
    },
    {
      name: '2.6.27 PAE, 200 CPUs: the same hard-coded two pages',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...big(200) },
      findings: [{ step: 'init_memory_mapping', message: /alloc_low_page runs past table_top building the fixmap page tables/ }],
    },
  ],
});

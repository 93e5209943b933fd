/**
 * a3c6018e565d (2.6.29-rc3): with many CPUs FIX_KMAP_* run past head_32's
 * static fixmap PTE page into one page_table_range_init allocates far below
 * it, and kmap_atomic's kmap_pte - idx writes the wrong PTE. Thresholds are
 * pinned in test/arch/x86_32/model/kmap.test.ts.
 */
import { kmapPteNoncontiguous } from '../../../../src/arch/x86_32/rules/kmap-pte-noncontiguous.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const cpus = (n: number, extra: Record<string, unknown> = {}) => ({ config: { nr_cpus: n, ...extra } });

ruleTester(kmapPteNoncontiguous, {
  valid: [
    { name: '2.6.28 PAE, default NR_CPUS 8: every kmap slot in the top PTE page', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true } },
    { name: '2.6.28 PAE, 34 CPUs: FIX_KMAP_END 510 is the last slot of the top page', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, ...cpus(34) } },
    { name: '2.6.28 non-PAE, 73 CPUs', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...cpus(73) } },
    { name: '2.6.28 PAE with DEBUG_HIGHMEM, 16 CPUs', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, ...cpus(16, { debug_highmem: true }) } },
    { name: '2.6.28 Xen PAE, 64 CPUs: no swapper_pg_fixmap, the fixmap PTE pages are allocated in order', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'xen', pae: true, ...cpus(64) } },
    { name: '2.6.28 VMI PAE, 64 CPUs: the relocated fixmap leaves swapper_pg_fixmap behind', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', pae: true, ...cpus(64) } },
  ],
  invalid: [
    {
      name: '2.6.28 PAE, 35 CPUs: FIX_KMAP_END 523 is in the next PMD, whose PTE page comes from alloc_low_page at pfn 0x8',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, ...cpus(35) },
      findings: [{
        step: 'paging_init', related: ['head_32', 'init_memory_mapping'], slot: 'FIX_KMAP_BEGIN',
        message: /span PTE pages swapper_pg_fixmap pfn 0x5a8 \(PMD 0xffe00000\) and alloc_low_page pfn 0x8 \(PMD 0xffc00000\), which are not physically consecutive: kmap_pte - 443 \(CPU 34, KM_SKB_SUNRPC_DATA\) misses the PTE of 0xffdff000 and hits swapper_pg_pmd/,
        fix: /config.nr_cpus ≤ 34/,
      }],
    },
    {
      name: '2.6.28 PAE with DEBUG_HIGHMEM (KM_TYPE_NR 27), 17 CPUs',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, ...cpus(17, { debug_highmem: true }) },
      findings: [{ step: 'paging_init', message: /kmap_pte - 443 \(CPU 16, KM_BIO_SRC_IRQ\)/, fix: /config.nr_cpus ≤ 16/ }],
    },
    {
      name: '2.6.28 non-PAE, 74 CPUs: below swapper_pg_fixmap lies swapper_pg_dir',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...cpus(74) },
      findings: [{ step: 'paging_init', message: /kmap_pte - 955 \(CPU 73, KM_BIO_DST_IRQ\) .*hits swapper_pg_dir/ }],
    },
    {
      name: '2.6.27 PAE, 64 CPUs (not fixed in 2.6.27.y)',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, ...cpus(64) },
      findings: [{ step: 'paging_init' }],
    },
    {
      name: '2.6.26 PAE, 35 CPUs: the lower page comes from bootmem',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, pae: true, ...cpus(35) },
      findings: [{ step: 'paging_init', related: ['head_32', 'paging_init'], message: /and bootmem pfn 0x3 \(PMD 0xffc00000\)/ }],
    },
  ],
});

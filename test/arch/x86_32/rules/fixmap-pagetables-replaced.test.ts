/**
 * fixmap-pagetables-replaced: early_ioremap_init() (arch/x86/mm/ioremap.c,
 * v2.6.27 3fa8749e58 lines 453-462) hooks a cleared bm_pte into the PMD of
 * FIX_BTMAP_BEGIN whatever that PMD holds. Where setup_arch() calls it, that is
 * head_32.S's swapper_pg_fixmap; after the fixmap page tables are built
 * (init_memory_mapping from 2.6.27, paging_init in 2.6.26) it is the real PTE
 * page, and the mappings in it (set_fixmap slots, kmap_pte from kmap_init) are lost.
 */
import { fixmapPagetablesReplaced } from '../../../../src/arch/x86_32/rules/fixmap-pagetables-replaced.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28, insertAfter, moveAfter, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(fixmapPagetablesReplaced, {
  valid: [
    { name: '2.6.27 as released: early_ioremap_init replaces only swapper_pg_fixmap', scenario: { kernel: '2.6.27', order: ORDER_2_6_27 } },
    { name: '2.6.26 as released', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' } },
    { name: '2.6.28 on VMI as released (vmi_init first)', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' } },
    { name: 'Xen PAE as released', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true } },
    {
      name: 'moved between init_memory_mapping and paging_init: nothing is mapped yet, and kmap_init then finds bm_pte',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'init_memory_mapping') },
    },
    { name: 'a second early_ioremap_init before the page tables exist', scenario: { kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'early_ioremap_init', 'vmi_init'), hypervisor: 'vmi' } },
    { name: '2.6.34: parse_reservetop() re-runs early_ioremap_init (e67a807f3d9) before any page table', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=16M' } },
  ],
  invalid: [
    {
      name: '2.6.27: after paging_init, kmap_pte points into the replaced page',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'paging_init') },
      findings: [{
        step: 'early_ioremap_init', severity: 'error', related: ['init_memory_mapping'], slot: 'FIX_BTMAP_BEGIN',
        message: /hooks an empty bm_pte into the PMD at 0xffc00000, replacing the fixmap PTE page init_memory_mapping \(step \d+\) built \(alloc_low_page pfn 0x[0-9a-f]+\): kmap_pte \(FIX_KMAP_BEGIN 0xfff[0-9a-f]+\) loses its mapping/,
        fix: /early_ioremap_init has to run before init_memory_mapping \(step \d+\) builds the fixmap page tables/,
      }],
    },
    {
      name: '2.6.27: after init_apic_mappings, FIX_APIC_BASE is lost too, and the call that mapped it is named',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'init_apic_mappings') },
      findings: [{ step: 'early_ioremap_init', severity: 'error', related: ['init_memory_mapping', 'acpi_boot_init', 'init_apic_mappings'], message: /FIX_IO_APIC_BASE_0 0xffffa000 \(acpi_boot_init \(step \d+\)\), FIX_APIC_BASE 0xffffb000 \(init_apic_mappings \(step \d+\)\)/ }],
    },
    {
      name: '2.6.26: paging_init builds the fixmap page tables (bootmem PTE page)',
      scenario: { kernel: '2.6.26', order: moveAfter(ORDER_2_6_26, 'early_ioremap_init', 'paging_init') },
      findings: [{ step: 'early_ioremap_init', severity: 'error', related: ['paging_init'], message: /replacing the fixmap PTE page paging_init \(step \d+\) built \(bootmem pfn/ }],
    },
    {
      name: 'VMI: the relocated fixmap PMD is the one replaced',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'paging_init'), hypervisor: 'vmi' },
      findings: [
        { step: 'early_ioremap_init', severity: 'error', related: ['init_memory_mapping'], message: /PMD at 0xfbc00000/ },
      ],
    },
  ],
});

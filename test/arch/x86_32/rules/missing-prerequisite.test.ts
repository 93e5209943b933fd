import { missingPrerequisite } from '../../../../src/arch/x86_32/rules/missing-prerequisite.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter, moveBefore } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const RC3_FIX = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'early_ioremap_init');

ruleTester(missingPrerequisite, {
  valid: [
    { name: '2.6.26 as shipped', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' } },
    { name: '2.6.27 as shipped, with mem= and vmi= options', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', cmdline: 'mem=256M vmi=disable_pse' } },
    { name: '2.6.28: vmi_activate after parse_early_param sees vmi=', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'vmi=disable_pge' } },
    { name: 'rc3 order on bare metal: vmi_init finds no ROM and needs nothing', scenario: { kernel: '2.6.27-rc3', order: RC3_FIX } },
    { name: 'non-PAE: head_32 maps the PMD under FIX_OHCI1394_BASE, so early OHCI before init_memory_mapping works', scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'init_ohci1394_dma_on_all_controllers', 'init_memory_mapping'), machine: { ohci1394_dma_early: true } } },
  ],
  invalid: [
    {
      name: 'the rc3 fix runs vmi_init before parse_early_param: harmless without vmi=',
      scenario: { kernel: '2.6.27-rc3', order: RC3_FIX, hypervisor: 'vmi' },
      findings: [{ step: 'vmi_init', severity: 'warning', related: ['parse_early_param'], message: /needs the early parameters, but parse_early_param \(step 10\) only comes later \(harmless here: machine.cmdline has no vmi=\)/ }],
    },
    {
      name: '… and an error when vmi= is given',
      scenario: { kernel: '2.6.27-rc3', order: RC3_FIX, hypervisor: 'vmi', cmdline: 'vmi=disable_pse' },
      findings: [{ step: 'vmi_init', severity: 'error', message: /machine.cmdline has vmi=disable_pse/, fix: /vmi_init has to run after parse_early_param \(step 10\), which sets the early parameters/ }],
    },
    {
      name: 'before rc3, vmi_init needs max_low_pfn',
      scenario: { kernel: '2.6.27-rc2', order: moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'parse_early_param'), hypervisor: 'vmi' },
      findings: [{ step: 'vmi_init', related: ['find_low_pfn_range'], message: /needs max_low_pfn/ }],
    },
    {
      name: 'init_memory_mapping before find_low_pfn_range',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'find_low_pfn_range', 'init_memory_mapping') },
      findings: [{ step: 'init_memory_mapping', related: ['find_low_pfn_range'], message: /needs max_low_pfn, but find_low_pfn_range \(step 19\) only comes later/ }],
    },
    {
      name: 'find_low_pfn_range before max_pfn is known',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'find_low_pfn_range', 'e820_end_of_ram_pfn') },
      findings: [{ step: 'find_low_pfn_range', related: ['e820_end_of_ram_pfn'] }],
    },
    {
      name: 'e820_end_of_ram_pfn before parse_early_param: mem= is ignored',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'e820_end_of_ram_pfn'), cmdline: 'mem=256M' },
      findings: [{ step: 'e820_end_of_ram_pfn', severity: 'error', message: /mem=256M/ }],
    },
    {
      name: '2.6.27 paging_init before init_memory_mapping',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'paging_init', 'init_memory_mapping') },
      findings: [{ step: 'paging_init', message: /needs the direct map, but init_memory_mapping/ }],
    },
    {
      name: '2.6.28: vmi_activate before vmi_init and before parse_early_param',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'vmi_activate', 'vmi_init'), hypervisor: 'vmi' },
      findings: [{ step: 'vmi_activate', severity: 'error', message: /the VMI ROM/ }, { step: 'vmi_activate', severity: 'warning' }],
    },
    {
      name: 'early_ioremap before early_ioremap_init',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'dmi_scan_machine', 'early_ioremap_init') },
      findings: [{ step: 'dmi_scan_machine', related: ['early_ioremap_init'], message: /before early_ioremap_init has hooked bm_pte/ }],
    },
    {
      name: 'PAE: FIX_OHCI1394_BASE lies below the one PMD head_32 maps, so set_fixmap BUGs',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'init_ohci1394_dma_on_all_controllers', 'init_memory_mapping'), pae: true, machine: { ohci1394_dma_early: true } },
      findings: [{ step: 'init_ohci1394_dma_on_all_controllers', slot: 'FIX_OHCI1394_BASE', related: ['init_memory_mapping'], message: /sets FIX_OHCI1394_BASE at 0xffdfa000 before any page table covers it/ }],
    },
    {
      name: 'an initrd, but reserve_initrd before max_low_pfn',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'find_low_pfn_range'), machine: { initrd: 'lowmem' } },
      findings: [{ step: 'reserve_initrd', severity: 'error' }],
    },
    {
      name: '… only a warning without an initrd',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'find_low_pfn_range') },
      findings: [{ step: 'reserve_initrd', severity: 'warning', message: /harmless here: machine.initrd is none/ }],
    },
  ],
});

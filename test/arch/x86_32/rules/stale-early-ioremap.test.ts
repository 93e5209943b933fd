import { staleEarlyIoremap } from '../../../../src/arch/x86_32/rules/stale-early-ioremap.js';
import { ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

/** 2.6.27.4: a stable backport moved dmi_scan_machine early, between vmi_init and init_memory_mapping. */
const ORDER_2_6_27_4 = moveAfter(ORDER_2_6_27, 'dmi_scan_machine', 'efi_init');

ruleTester(staleEarlyIoremap, {
  valid: [
    { name: '2.6.27 on VMI: nothing early_ioremaps between vmi_init and init_memory_mapping', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi' } },
    { name: '2.6.27.4 order on bare metal: bm_pte never goes stale', scenario: { kernel: '2.6.27.4', order: ORDER_2_6_27_4, machine: { efi: true, setup_data: true } } },
    { name: '2.6.28 on VMI: vmi_init relocates before early_ioremap_init, so DMI, EFI and setup_data are fine', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', machine: { efi: true, setup_data: true } } },
    { name: '2.6.27-rc1 on VMI: DMI runs after early_ioremap_reset (another rule reports it)', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'reservetop=1M keeps FIX_BTMAP_BEGIN in the same PMD', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=1M', machine: { efi: true } } },
  ],
  invalid: [
    {
      name: 'the 2.6.27.4 VMI regression: dmi_scan_machine moved before init_memory_mapping',
      scenario: { kernel: '2.6.27.4', order: ORDER_2_6_27_4, hypervisor: 'vmi' },
      findings: [{
        step: 'dmi_scan_machine', related: ['early_ioremap_init', 'vmi_init'], slot: 'FIX_BTMAP_BEGIN',
        message: /0xfbe00000 \(PMD 0xfbc00000\), but bm_pte is still hooked into the PMD at 0xffc00000/,
        fix: /the relocation \(vmi_init \(step 10\)\) has to come before early_ioremap_init \(step 4\), or dmi_scan_machine after init_memory_mapping/,
      }],
    },
    {
      name: '2.6.27 on VMI with setup_data and EFI: the early_ioremaps after vmi_init',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', machine: { efi: true, setup_data: true } },
      findings: [{ step: 'reserve_early_setup_data' }, { step: 'efi_init' }],
    },
    {
      name: 'reservetop=16M moves the boot-time slots out of the PMD bm_pte is in',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M', machine: { efi: true } },
      findings: [{ step: 'efi_init', related: ['early_ioremap_init', 'parse_early_param'], fix: /reservetop= in parse_early_param \(step 9\)\) has to come before early_ioremap_init \(step 4\), or efi_init after init_memory_mapping/ }],
    },
    {
      name: 'PAE: a 64 MiB VMI hole moves bm_pte out of its 2 MiB PMD too',
      scenario: { kernel: '2.6.27.4', order: ORDER_2_6_27_4, hypervisor: 'vmi', pae: true, memory: '4GiB' },
      findings: [{ step: 'dmi_scan_machine', message: /at 0xfbe00000 \(PMD 0xfbe00000\), but bm_pte is still hooked into the PMD at 0xffe00000/ }],
    },
  ],
});

import { staleEarlyIoremap } from '../../../../src/arch/x86_32/rules/stale-early-ioremap.js';
import { ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, insertAfter, moveAfter, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(staleEarlyIoremap, {
  valid: [
    { name: '2.6.27 on VMI: nothing early_ioremaps between vmi_init and init_memory_mapping', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi' } },
    { name: '2.6.27.6 order on bare metal: bm_pte never goes stale', scenario: { kernel: '2.6.27.6', order: releaseOrder('2.6.27.6'), machine: { efi: true, setup_data: true } } },
    { name: '2.6.27.10 on VMI: vmi_init relocates before early_ioremap_init (feb3741448)', scenario: { kernel: '2.6.27.10', order: releaseOrder('2.6.27.10'), hypervisor: 'vmi', machine: { efi: true, setup_data: true } } },
    { name: '2.6.28 on VMI: vmi_init relocates before early_ioremap_init, so DMI, EFI and setup_data are fine', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', machine: { efi: true, setup_data: true } } },
    { name: '2.6.27-rc1 on VMI: DMI runs after early_ioremap_reset (another rule reports it)', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'reservetop=1M keeps FIX_BTMAP_BEGIN in the same PMD', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=1M', machine: { efi: true } } },
    {
      name: '2.6.29 (before slot_virt[]): with DMI after init_memory_mapping every early_ioremap is a set_fixmap whose pointer is __fix_to_virt() at the new top',
      scenario: { kernel: '2.6.29', order: moveAfter(releaseOrder('2.6.29'), 'dmi_scan_machine', 'init_memory_mapping'), cmdline: 'reservetop=16M' },
    },
    {
      name: '2.6.30 on VMI as released: vmi_init reserves the top before early_ioremap_init caches slot_virt[] (setup.c:689-692)',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), hypervisor: 'vmi', machine: { efi: true, setup_data: true } },
    },
    { name: '2.6.34-rc7: parse_reservetop() re-runs early_ioremap_init (e67a807f3d9)', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de' } },
    {
      name: 'kind 5: a second early_ioremap_init after the relocation re-hooks bm_pte',
      scenario: { kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'early_ioremap_init', 'parse_early_param'), cmdline: 'reservetop=16M', machine: { efi: true } },
    },
  ],
  invalid: [
    {
      name: 'the 2.6.27.6 VMI regression: the early DMI backport (5c371b31be) runs between vmi_init and init_memory_mapping',
      scenario: { kernel: '2.6.27.6', order: releaseOrder('2.6.27.6'), hypervisor: 'vmi' },
      findings: [{
        step: 'dmi_scan_machine', related: ['early_ioremap_init', 'vmi_init'], slot: 'FIX_BTMAP_BEGIN',
        message: /16 pages from 0xfbe00000 \(PMD 0xfbc00000\), but bm_pte is still hooked into the PMD at 0xffc00000/,
        fix: /the relocation \(vmi_init \(step 12\)\) has to come before early_ioremap_init \(step 4\), or dmi_scan_machine after init_memory_mapping/,
      }],
    },
    {
      name: 'the 2.6.28-rc8 VMI crash: upstream moved DMI early (2216d199b14) before the split (ae8d04e2ecb)',
      scenario: { kernel: '2.6.28-rc8', order: releaseOrder('2.6.28-rc1'), hypervisor: 'vmi' },
      findings: [{ step: 'dmi_scan_machine', related: ['early_ioremap_init', 'vmi_init'] }],
    },
    {
      name: '2.6.27 on VMI with setup_data and EFI: the early_ioremaps after vmi_init',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', machine: { efi: true, setup_data: true } },
      findings: [{ step: 'reserve_early_setup_data' }, { step: 'efi_init' }],
    },
    {
      name: 'reservetop=16M moves the boot-time slots out of the PMD bm_pte is in',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M', machine: { efi: true } },
      findings: [{ step: 'efi_init', related: ['early_ioremap_init', 'parse_early_param'], fix: /re-run early_ioremap_init after reservetop=.*has to come before early_ioremap_init \(step 4\), or efi_init after init_memory_mapping/ }],
    },
    {
      name: '2.6.30 slot_virt[] (8827247ffcc): reservetop=0xbadc0de, the pointer is old and the PTE new',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'reservetop=0xbadc0de' },
      findings: [
        // the fix does not offer "dmi_scan_machine after init_memory_mapping": with slot_virt[] that is broken too
        { step: 'dmi_scan_machine', message: /the pointer 0xffe00000 comes from slot_virt\[\].*PTE is written for 0xf4323f22/, fix: /has to come before early_ioremap_init \(step 4\)$/ },
        { step: 'acpi_boot_table_init' }, { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: '2.6.33: still broken until 2.6.34-rc7',
      scenario: { kernel: '2.6.33', order: releaseOrder('2.6.33'), cmdline: 'reservetop=0xbadc0de' },
      findings: [{ step: 'dmi_scan_machine' }, { step: 'acpi_boot_table_init' }, { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' }],
    },
    {
      name: '2.6.30 slot_virt[]: reservetop=16M shifts by whole PMDs, so DMI before the reset works by accident, but after early_ioremap_reset the ACPI tables get the old pointer while set_fixmap writes the new address (ioremap.c:681)',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'reservetop=16M' },
      findings: [
        {
          step: 'acpi_boot_table_init', related: ['early_ioremap_init', 'parse_early_param'],
          message: /the pointer 0xffe00000 comes from slot_virt\[\], cached by early_ioremap_init at FIXADDR_TOP 0xfffff000 \(before reservetop= in parse_early_param \(step 11\)\), but the PTE is written for 0xfee00000 .*\(a set_fixmap\(\): early_ioremap_reset\(\) has run\)/,
          fix: /^re-run early_ioremap_init after reservetop=.*has to come before early_ioremap_init \(step 4\)$/,
        },
        { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: '2.6.30 on VMI with vmi_init moved after early_ioremap_init: a 64 MiB shift, the ACPI tables after the reset read the old slot_virt[] address',
      scenario: { kernel: '2.6.30', order: moveAfter(releaseOrder('2.6.30'), 'vmi_init', 'early_ioremap_init'), hypervisor: 'vmi' },
      findings: [
        { step: 'acpi_boot_table_init', related: ['early_ioremap_init', 'vmi_init'], fix: /^the relocation \(vmi_init \(step 4\)\) has to come before early_ioremap_init \(step 3\)$/ },
        { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: '2.6.34 on VMI with vmi_init moved after early_ioremap_init: the fault goes to head_32.S\'s early_page_fault (no early_trap_init yet)',
      scenario: { kernel: '2.6.34', order: moveAfter(releaseOrder('2.6.34'), 'vmi_init', 'early_ioremap_init'), hypervisor: 'vmi' },
      findings: [
        { step: 'acpi_boot_table_init', consequence: /page-faults under VMware before trap_init\(\): the guest dies with the early fault/ },
        { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: '2.6.35 on VMI with vmi_init moved after early_ioremap_init: early_trap_init (29c843912a0) installed do_page_fault, so the fault is an oops and the idle task panics',
      scenario: { kernel: '2.6.35', order: moveAfter(releaseOrder('2.6.35'), 'vmi_init', 'early_ioremap_init'), hypervisor: 'vmi' },
      findings: [
        {
          step: 'acpi_boot_table_init',
          consequence: /page-faults into do_page_fault\(\), installed by early_trap_init \(step 2\) \(29c843912a0, 2\.6\.35-rc1\): "BUG: unable to handle kernel paging request at 0xffe16000", an Oops, and do_exit\(\) of the idle task panics: "Kernel panic - not syncing: Attempted to kill the idle task!"/,
        },
        { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: '2.6.35 with early_trap_init moved after the faulting call: still head_32.S\'s early handler then',
      scenario: { kernel: '2.6.35', order: moveAfter(moveAfter(releaseOrder('2.6.35'), 'vmi_init', 'early_ioremap_init'), 'early_trap_init', 'mcheck_init'), hypervisor: 'vmi' },
      findings: [
        { step: 'acpi_boot_table_init', consequence: /before trap_init\(\): the guest dies with the early fault/ },
        { step: 'early_acpi_boot_init' }, { step: 'acpi_boot_init' },
      ],
    },
    {
      name: 'PAE: a 64 MiB VMI hole moves bm_pte out of its 2 MiB PMD too',
      scenario: { kernel: '2.6.27.6', order: releaseOrder('2.6.27.6'), hypervisor: 'vmi', pae: true, memory: '4GiB' },
      findings: [{ step: 'dmi_scan_machine', message: /from 0xfbe00000 \(PMD 0xfbe00000\), but bm_pte is still hooked into the PMD at 0xffe00000/ }],
    },
  ],
});

import { earlyIoremapInitBeforeRelocation } from '../../../../src/arch/x86_32/rules/early-ioremap-init-before-relocation.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, insertAfter, moveAfter, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(earlyIoremapInitBeforeRelocation, {
  valid: [
    { name: 'bare metal: nothing relocates', scenario: { kernel: '2.6.27', order: ORDER_2_6_27 } },
    { name: '2.6.28: vmi_init before early_ioremap_init', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' } },
    { name: '2.6.27.10: the split backported (feb3741448)', scenario: { kernel: '2.6.27.10', order: releaseOrder('2.6.27.10'), hypervisor: 'vmi' } },
    { name: 'Xen: the relocation happens before setup_arch', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true } },
    { name: '2.6.27-rc1 on VMI: early_ioremap_reset closes the window before vmi_init', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'reservetop=1M: FIX_BTMAP_BEGIN stays in the same PMD', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=1M' } },
    { name: 'kind 5: 2.6.34-rc7 parse_reservetop() re-runs early_ioremap_init (e67a807f3d9), closing the window', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=16M' } },
    { name: 'kind 5: a second early_ioremap_init after vmi_init re-hooks bm_pte', scenario: { kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'early_ioremap_init', 'vmi_init'), hypervisor: 'vmi' } },
    { name: '2.6.29: a shift within bm_pte\'s PMD, and after early_ioremap_reset the pointer follows the new top', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), cmdline: 'reservetop=1M' } },
    // parse_reservetop() calls reserve_top_address() for each reservetop= (arch/x86/mm/pgtable_32.c at 2.6.27); the
    // second, reserve 0, puts FIXADDR_TOP back where early_ioremap_init hooked bm_pte: one step's relocations are one
    { name: 'reservetop=16M reservetop=0: the step leaves FIXADDR_TOP where it was', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M reservetop=0' } },
  ],
  invalid: [
    {
      name: '2.6.30 slot_virt[]: a shift by whole PMDs keeps bm_pte serving until the reset, but the window does not close there: the ACPI tables after it get the old slot_virt[] pointer',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'reservetop=16M' },
      findings: [{
        step: 'early_ioremap_init', related: ['parse_early_param'],
        message: /every early_ioremap from then on returns a pointer from slot_virt\[\], cached at the old FIXADDR_TOP 0xfffff000, also after the fixmap page tables are built \(before them, bm_pte still serves it: the shift is a multiple of PMD_SIZE\)/,
        consequence: /already hit by acpi_boot_table_init \(step \d+\), early_acpi_boot_init \(step \d+\), acpi_boot_init/,
      }],
    },
    {
      name: '2.6.30 slot_virt[]: a relocation after early_ioremap_reset still leaves slot_virt[] behind',
      scenario: { kernel: '2.6.30', order: moveAfter(releaseOrder('2.6.30'), 'vmi_init', 'init_memory_mapping'), hypervisor: 'vmi' },
      findings: [{ step: 'early_ioremap_init', related: ['vmi_init'] }],
    },
    {
      name: 'the applied rc3 fix still relocates after early_ioremap_init',
      scenario: { kernel: '2.6.27-rc3', order: releaseOrder('2.6.27-rc3'), hypervisor: 'vmi' },
      findings: [{
        step: 'early_ioremap_init', severity: 'warning', related: ['vmi_init'],
        message: /PMD at 0xffc00000, then vmi_init \(step 5\) moves FIX_BTMAP_BEGIN to 0xfbe00000 \(PMD 0xfbc00000\)/,
        fix: /the relocation \(vmi_init \(step 5\)\) has to come before early_ioremap_init \(step 4\) \(2\.6\.28-rc9 and 2\.6\.27\.10 call vmi_init first\)/,
      }],
    },
    { name: '2.6.27 final: vmi_init after parse_early_param (3a6ddd5f184)', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi' }, findings: [{ step: 'early_ioremap_init', severity: 'warning' }] },
    { name: '2.6.26: the window stays open until paging_init', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' }, findings: [{ step: 'early_ioremap_init', severity: 'warning' }] },
    {
      name: 'reservetop=16M parsed after early_ioremap_init (2.6.27: no fixup)',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M' },
      findings: [{ step: 'early_ioremap_init', severity: 'warning', related: ['parse_early_param'], fix: /^re-run early_ioremap_init after reservetop=.*has to come before early_ioremap_init \(step \d+\)$/ }],
    },
    {
      name: 'two reservetop= in one command line: the warning gives where the last one leaves FIX_BTMAP_BEGIN (helper-156)',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M reservetop=32M' },
      findings: [{ step: 'early_ioremap_init', related: ['parse_early_param'], message: /then reservetop= in parse_early_param \(step \d+\) moves FIX_BTMAP_BEGIN to 0xfde00000 \(PMD 0xfdc00000\);/ }],
    },
    { name: '2.6.33: no fixup yet, and reservetop=0xbadc0de is not a PMD multiple', scenario: { kernel: '2.6.33', order: releaseOrder('2.6.33'), cmdline: 'reservetop=0xbadc0de' }, findings: [{ step: 'early_ioremap_init', severity: 'warning' }] },
  ],
});

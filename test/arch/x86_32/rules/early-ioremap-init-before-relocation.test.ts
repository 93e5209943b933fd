import { earlyIoremapInitBeforeRelocation } from '../../../../src/arch/x86_32/rules/early-ioremap-init-before-relocation.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const RC3_FIX = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'early_ioremap_init');

ruleTester(earlyIoremapInitBeforeRelocation, {
  valid: [
    { name: 'bare metal: nothing relocates', scenario: { kernel: '2.6.27', order: ORDER_2_6_27 } },
    { name: '2.6.28: vmi_init before early_ioremap_init', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' } },
    { name: 'Xen: the relocation happens before setup_arch', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true } },
    { name: '2.6.27-rc1 on VMI: early_ioremap_reset closes the window before vmi_init', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'reservetop=1M: FIX_BTMAP_BEGIN stays in the same PMD', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=1M' } },
  ],
  invalid: [
    {
      name: 'the applied rc3 fix still relocates after early_ioremap_init',
      scenario: { kernel: '2.6.27-rc3', order: RC3_FIX, hypervisor: 'vmi' },
      findings: [{
        step: 'early_ioremap_init', severity: 'warning', related: ['vmi_init'],
        message: /PMD at 0xffc00000, then vmi_init \(step 5\) moves FIX_BTMAP_BEGIN to 0xfbe00000 \(PMD 0xfbc00000\)/,
        fix: /the relocation \(vmi_init \(step 5\)\) has to come before early_ioremap_init \(step 4\)/,
      }],
    },
    { name: '2.6.27 final: vmi_init after parse_early_param', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi' }, findings: [{ step: 'early_ioremap_init', severity: 'warning' }] },
    { name: '2.6.26: the window stays open until paging_init', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' }, findings: [{ step: 'early_ioremap_init', severity: 'warning' }] },
    {
      name: 'reservetop=16M parsed after early_ioremap_init',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M' },
      findings: [{ step: 'early_ioremap_init', severity: 'warning', related: ['parse_early_param'] }],
    },
  ],
});

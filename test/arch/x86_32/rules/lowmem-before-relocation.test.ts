import { lowmemBeforeRelocation } from '../../../../src/arch/x86_32/rules/lowmem-before-relocation.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, moveAfter } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(lowmemBeforeRelocation, {
  valid: [
    { name: '2.6.26 on a 512 MiB VMI host: lowmem is all RAM either way', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' } },
    { name: '2.6.27-rc1 on a 512 MiB VMI host', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: '2.6.27 on a 4 GiB VMI host: vmi_init before find_low_pfn_range', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', pae: true, memory: '4GiB' } },
    { name: 'Xen reserves before setup_arch', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB' } },
  ],
  invalid: [
    {
      name: '2.6.26 on a 4 GiB VMI host: setup_memory sizes lowmem before the 64 MiB hole',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi', pae: true, memory: '4GiB' },
      findings: [{
        step: 'setup_memory', severity: 'warning', related: ['vmi_init'],
        message: /max_low_pfn 229376 \(896 MiB lowmem\) with __VMALLOC_RESERVE 128 MiB; vmi_init \(step 14\) then raises it to 192 MiB, for which max_low_pfn would be 212992: the vmalloc area shrinks/,
        fix: /max_low_pfn has to be computed after the relocation \(vmi_init \(step 14\)\)/,
      }],
    },
    {
      name: '2.6.27-rc1 on a 1 GiB VMI host',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', memory: '1GiB' },
      findings: [{ step: 'find_low_pfn_range', severity: 'warning' }],
    },
    {
      name: 'a 256 MiB VMI hole on 2.6.26: the direct map runs into the hypervisor',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi', pae: true, memory: '4GiB', machine: { vmi_virtual_top: '0xf0000000' } },
      findings: [{ step: 'setup_memory', severity: 'error', message: /lowmem ends at 0xf8000000, inside|vmalloc area is empty/ }],
    },
    {
      name: 'reservetop=256M parsed after find_low_pfn_range',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'find_low_pfn_range'), pae: true, memory: '4GiB', cmdline: 'reservetop=256M' },
      findings: [{ step: 'find_low_pfn_range', severity: 'error', related: ['parse_early_param'] }],
    },
  ],
});

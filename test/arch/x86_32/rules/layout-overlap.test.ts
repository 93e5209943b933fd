import { layoutOverlap } from '../../../../src/arch/x86_32/rules/layout-overlap.js';
import { ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, without } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(layoutOverlap, {
  valid: [
    { name: '2.6.27-rc1 on a 512 MiB VMI host', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' } },
    { name: 'Xen PAE, 4 GiB', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB' } },
    { name: 'bare metal, 4 GiB PAE, vmalloc=256M', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '4GiB', cmdline: 'vmalloc=256M' } },
    { name: 'no highmem: no pkmap region', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', pae: true, config: { highmem: false } } },
  ],
  invalid: [
    {
      name: 'vmalloc= on a Xen guest overwrites __VMALLOC_RESERVE (with exactly 64 MiB before 2.6.28) and forgets the Xen hole',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB', cmdline: 'vmalloc=64M' },
      findings: [
        { step: 'find_low_pfn_range', message: /vmalloc is empty/ },
        { step: 'find_low_pfn_range', message: /lowmem 0xc0000000–0xfc000000 overlaps pkmap/ },
        { step: 'find_low_pfn_range', message: /overlaps fixmap/ },
        { step: 'find_low_pfn_range', message: /overlaps hypervisor 0xf57fe000–0x100000000/ },
      ],
    },
    {
      name: 'reservetop= after vmi_init moves the fixmap back into the VMI hole',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=16M' },
      findings: [
        { step: 'parse_early_param', related: ['vmi_init'], message: /vmalloc .* overlaps hypervisor 0xfc000000–0x100000000/ },
        { step: 'parse_early_param', message: /pkmap .* overlaps hypervisor/ },
        { step: 'parse_early_param', message: /fixmap 0xfedf9000–0xff000000 overlaps hypervisor/ },
      ],
    },
    {
      name: 'no call sets max_low_pfn: lowmem is empty',
      scenario: { kernel: '2.6.27', order: without(ORDER_2_6_27, 'find_low_pfn_range') },
      findings: [{ step: 'head_32', message: /lowmem is empty/ }],
    },
  ],
});

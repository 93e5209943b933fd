import { missingPrerequisite } from '../../../../src/arch/arm64/rules/missing-prerequisite.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, withLate } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(missingPrerequisite, {
  valid: [
    { name: 'v4.4 as released', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) } },
    { name: 'v4.6 as released, EFI boot (memblock from efi_init)', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { efi: true } } },
    { name: 'v4.7 as released, VA_BITS=48', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { va_bits: 48 } } },
  ],
  invalid: [
    {
      // rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/init.c:164-190 reserves the image; mm/mmu.c:65-70,453 early_alloc = memblock_alloc
      name: 'v4.4: paging_init before arm64_memblock_init: early_alloc() may hand out the unreserved kernel image',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'paging_init', 'arm64_memblock_init') },
      findings: [{ step: 'paging_init', related: ['arm64_memblock_init'], message: /paging_init needs memblock with the kernel image reserved, but arm64_memblock_init \(step \d+\) only comes later/, fix: /move paging_init \(step \d+\) after arm64_memblock_init/ }],
      fixed: ORDER_V4_4,
    },
    {
      name: 'v4.6: paging_init before arm64_memblock_init: memstart_addr is still -1 and nothing is reserved',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'arm64_memblock_init', 'paging_init') },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /needs memstart_addr/ },
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /needs memblock with the kernel image reserved/ },
      ],
      fixed: ORDER_V4_6,
    },
    {
      name: 'v4.7: psci_dt_init before unflatten_device_tree',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'psci_dt_init', 'unflatten_device_tree') },
      findings: [{ step: 'psci_dt_init', related: ['unflatten_device_tree'], message: /needs the unflattened device tree/ }],
      fixed: ORDER_V4_7,
    },
  ],
});

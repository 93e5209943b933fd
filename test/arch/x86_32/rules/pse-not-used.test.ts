/**
 * Seed 004, proposal 4 ("if we're given a template pagetable, then don't
 * overwrite any existing mapping … it currently prevents non-PAE native booting
 * from properly constructing a PSE mapping for the kernel"). head_32 has built
 * PAE-format tables since 2.6.25 (551889a6e2), so on the modeled kernels PAE
 * loses the large pages of head's extent too; the rows follow the source.
 */
import { pseNotUsed } from '../../../../src/arch/x86_32/rules/pse-not-used.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const keep = { config: { pagetable_init_policy: 'no-overwrite' } };

ruleTester(pseNotUsed, {
  valid: [
    { name: 'merged policy on native non-PAE (2.6.26)', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB' } },
    { name: 'merged policy on native PAE (2.6.27)', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB' } },
    { name: 'proposal 1 on native non-PAE: set_pmd replaces pg0', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', config: { pagetable_init_policy: 'unconditional' } } },
    { name: 'proposal 4 on a CPU without PSE: 4K pages either way', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', ...keep, machine: { cpu: { pse: false } } } },
    { name: 'proposal 4 on a Xen guest: Xen pv never sees PSE', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true, memory: '1GiB', ...keep } },
  ],
  invalid: [
    {
      name: 'proposal 4 on 2.6.26 native non-PAE with PSE: head_32\'s 12 MiB of pg0 stay 4K, the first PMD included (2.6.26 maps it large too)',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', ...keep },
      findings: [{ step: 'paging_init', related: ['head_32'], message: /^0xc0000000-0xc0c00000 \(3 PMDs, 12 MiB\) stays on pg0 4K page tables instead of 4 MiB pages: config.pagetable_init_policy no-overwrite/ }],
    },
    {
      name: 'proposal 4 on 2.6.27 native non-PAE: init_memory_mapping keeps 4K from 4 MiB to head_32\'s end',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '1GiB', ...keep },
      findings: [{ step: 'init_memory_mapping', message: /^0xc0400000-0xc0c00000 \(2 PMDs, 8 MiB\)/ }],
    },
    {
      name: 'proposal 4 on 2.6.26 native PAE (not in the seed: head_32 builds PAE tables since 2.6.25)',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, pae: true, memory: '1GiB', ...keep },
      findings: [{ step: 'paging_init', message: /^0xc0000000-0xc1000000 \(8 PMDs, 16 MiB\) stays on pg0 4K page tables instead of 2 MiB pages/ }],
    },
    {
      name: 'proposal 4 on 2.6.28 native PAE',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, memory: '1GiB', ...keep },
      findings: [{ step: 'init_memory_mapping', message: /^0xc0200000-0xc1000000 \(7 PMDs, 14 MiB\)/ }],
    },
  ],
});

/**
 * head_32.S writes its boot PTEs with PTE_ATTR 0x007 = PRESENT+RW+USER in
 * 2.6.26 and 2.6.27.y (caglar10ur/linux-2.6.27.y@3fa8749e58:
 * arch/x86/kernel/head_32.S:175) and PTE_IDENT_ATTR 0x003 = PRESENT+RW from
 * 2.6.28 (dandel/linux-2.6.32.y@4a6908a3a0: arch/x86/include/asm/pgtable.h:156).
 * Seed 004's proposal 4 (no-overwrite) keeps them; the merged code rewrites
 * them with PAGE_KERNEL[_EXEC].
 */
import { kernelMappingUser } from '../../../../src/arch/x86_32/rules/kernel-mapping-user.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const keep = { config: { pagetable_init_policy: 'no-overwrite' } };

ruleTester(kernelMappingUser, {
  valid: [
    { name: 'merged policy on native non-PAE (2.6.26): head_32\'s entries rewritten', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB' } },
    { name: 'merged policy on native PAE (2.6.27)', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB' } },
    { name: 'proposal 1 on native non-PAE (2.6.26)', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', config: { pagetable_init_policy: 'unconditional' } } },
    { name: 'proposal 4 on 2.6.28 native PAE: head_32 writes PTE_IDENT_ATTR 0x003, no USER', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, pae: true, memory: '1GiB', ...keep } },
    { name: 'proposal 4 on a Xen guest: the domain builder\'s L1_PROT has no USER', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true, memory: '1GiB', ...keep } },
  ],
  invalid: [
    {
      name: 'proposal 4 on 2.6.26 native non-PAE: head_32\'s 12 MiB keep USR RW, the kernel image included',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', ...keep },
      findings: [{
        step: 'paging_init',
        related: ['head_32'],
        message: /^the kernel's direct map is user-accessible: 0xc0000000-0xc0c00000 \(12 MiB, USR RW x, written by head_32 \(before setup_arch\)\) kept by paging_init \(step \d+\) under config.pagetable_init_policy no-overwrite .*; this includes the kernel image \(_text 0xc0100000\)$/,
        fix: /config.pagetable_init_policy: xen-mask-rw/,
      }],
    },
    {
      name: 'proposal 4 on 2.6.27 native PAE: pg0\'s 16 MiB keep USR RW, the first PMD\'s 4K entries included',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', ...keep },
      findings: [{ step: 'init_memory_mapping', message: /user-accessible: 0xc0000000-0xc1000000 \(16 MiB, USR RW x/ }],
    },
  ],
});

/**
 * head_32.S writes its boot PTEs with PTE_ATTR 0x007 = PRESENT+RW+USER in
 * 2.6.26 and 2.6.27.y (caglar10ur/linux-2.6.27.y@3fa8749e58:
 * arch/x86/kernel/head_32.S:175) and PTE_IDENT_ATTR 0x003 = PRESENT+RW from
 * 2.6.28 (dandel/linux-2.6.32.y@4a6908a3a0: arch/x86/include/asm/pgtable.h:156).
 * Seed 004's proposal 4 (no-overwrite) keeps them; the merged code rewrites
 * them with PAGE_KERNEL[_EXEC].
 */
import { kernelMappingUser } from '../../../../src/arch/x86_32/rules/kernel-mapping-user.js';
import { moveBefore, ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28, without } from '../fixtures/orders.js';
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
      // review 11 Rank 4 item 2: the fix search was told "not an ordering problem"; the rule names the call
      // (Finding.setters), 2.6.26's paging_init → pagetable_init → kernel_physical_mapping_init (init_32.c:401 at bce7f793dae)
      name: '2.6.26 native without paging_init: nothing rewrites head_32\'s USR RW entries; the call to insert is named',
      scenario: { kernel: '2.6.26', order: without(ORDER_2_6_26, 'paging_init'), memory: '1GiB' },
      findings: [{
        step: 'head_32',
        message: /^the kernel's direct map is user-accessible: 0xc0000000-0xc0c00000 \(12 MiB, USR RW x, written by head_32 \(before setup_arch\)\); this includes the kernel image/,
        fix: /^call paging_init, which maps the direct map with PAGE_KERNEL\[_EXEC\]/,
      }],
      fixed: ORDER_2_6_26,
    },
    {
      name: '2.6.26 native with paging_init before setup_memory: it maps lowmem up to max_low_pfn 0, head_32\'s entries stay; it is named, so the fix search moves it',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'paging_init', 'setup_memory'), memory: '1GiB' },
      findings: [{ step: 'head_32', related: ['paging_init'], message: /written by head_32 \(before setup_arch\)\); this includes the kernel image/ }],
      fixed: ORDER_2_6_26,
    },
    {
      name: 'proposal 4 on 2.6.27 native PAE: pg0\'s 16 MiB keep USR RW, the first PMD\'s 4K entries included',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', ...keep },
      findings: [{ step: 'init_memory_mapping', message: /user-accessible: 0xc0000000-0xc1000000 \(16 MiB, USR RW x/ }],
    },
  ],
});

/**
 * Seed 004, proposal 1 ("write the pte entries unconditionally … it doesn't
 * work for Xen because it ends up mapping pagetable pages RW") and the merged
 * fix (9a4029fd: xen_set_pte_init keeps _PAGE_RW off over read-only PTEs).
 */
import { xenWritablePagetable } from '../../../../src/arch/x86_32/rules/xen-writable-pagetable.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28, moveBefore } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const xen = { hypervisor: 'xen', pae: true, memory: '1GiB' } as const;
const policy = (p: string) => ({ config: { pagetable_init_policy: p } });

ruleTester(xenWritablePagetable, {
  valid: [
    { name: 'merged policy (the default): 2.6.26 Xen PAE guest', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, ...xen } },
    { name: 'merged policy: 2.6.27 Xen PAE guest (xen_set_pte_init from xen_start_kernel to xen_post_allocator_init)', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...xen } },
    { name: 'merged policy: 2.6.28 Xen PAE guest with 2 GiB', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...xen, memory: '2GiB' } },
    { name: 'proposal 4 (no-overwrite) "works for Xen": read-only entries are never rewritten', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, ...xen, ...policy('no-overwrite') } },
    { name: 'proposal 1 on native non-PAE: nothing to protect', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', ...policy('unconditional') } },
    { name: 'proposal 1 on native PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', ...policy('unconditional') } },
  ],
  invalid: [
    {
      name: 'proposal 1 on a 2.6.26 Xen PAE guest: pagetable_init (paging_init) maps Xen\'s L1s, the kernel PMD copy and swapper_pg_dir RW',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, ...xen, ...policy('unconditional') },
      findings: [{
        step: 'paging_init',
        related: ['paging_init', 'early_ioremap_init', 'xen_start_kernel'],
        message: /paging_init \(step 16\) maps page-table pages read-write under Xen: kernel PMD copy \(pfn 0x2 at 0xc0002000\), swapper_pg_dir .*bm_pte .*Xen bootstrap L1 \(pfn 0x703-0x706 at 0xc0703000\) \(config.pagetable_init_policy is unconditional\)/,
        fix: /config.pagetable_init_policy: xen-mask-rw/,
      }],
    },
    {
      name: 'proposal 1 on a 2.6.27 Xen PAE guest: init_memory_mapping maps level2_kernel_pgt, level1_ident_pgt and Xen\'s L1s RW',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...xen, ...policy('unconditional') },
      findings: [{ step: 'init_memory_mapping', related: ['xen_start_kernel', 'early_ioremap_init'], message: /level2_kernel_pgt .*level1_ident_pgt \(pfn 0x5ac-0x5af/ }],
    },
    {
      name: 'proposal 1 on a 2.6.28 Xen PAE guest',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...xen, ...policy('unconditional') },
      findings: [{ step: 'init_memory_mapping' }],
    },
    {
      name: 'merged policy, but paravirt_post_allocator_init moved before init_memory_mapping: xen_set_pte_init is off when the direct map is built',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'paravirt_post_allocator_init', 'init_memory_mapping'), ...xen },
      findings: [{
        step: 'init_memory_mapping',
        related: ['xen_start_kernel', 'early_ioremap_init', 'paravirt_post_allocator_init'],
        message: /xen_set_pte_init was switched off by paravirt_post_allocator_init \(step 19\)/,
        fix: /move paravirt_post_allocator_init \(step 19\) after init_memory_mapping \(step 20\)/,
      }],
    },
  ],
});

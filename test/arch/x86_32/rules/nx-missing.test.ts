/**
 * Seed 004, Eric Biederman on proposal 4: "we still can wind up not failing to
 * set _PAGE_NX in the appropriate places on 4K pages". The kept entries are
 * head_32's (native) or the domain builder's and xen_map_identity_early's
 * (Xen), none of which has NX; the rows follow the source, so proposal 4 on an
 * NX-capable Xen PAE guest is reported too (the seed's "harmless (from Xen's
 * perspective) updates of the page permissions" it prevents).
 */
import { nxMissing } from '../../../../src/arch/x86_32/rules/nx-missing.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const keep = { pagetable_init_policy: 'no-overwrite' };
const pae = { pae: true, memory: '1GiB' } as const;

ruleTester(nxMissing, {
  valid: [
    { name: 'merged policy on native PAE (2.6.26)', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, ...pae } },
    { name: 'merged policy on native PAE (2.6.28)', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...pae } },
    { name: 'merged policy on a Xen PAE guest: xen_set_pte_init masks only _PAGE_RW, NX comes from PAGE_KERNEL', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', ...pae } },
    { name: 'proposal 1 on native PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...pae, config: { pagetable_init_policy: 'unconditional' } } },
    { name: 'proposal 4 without PAE: no NX bit', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, memory: '1GiB', config: keep } },
    { name: 'proposal 4 on a CPU without NX', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...pae, config: keep, machine: { cpu: { nx: false } } } },
    { name: 'proposal 4 with noexec=off', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, ...pae, config: keep, cmdline: 'noexec=off' } },
  ],
  invalid: [
    {
      name: 'proposal 4 on 2.6.26 native PAE with NX: head_32\'s pg0 entries above __init_end stay executable',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, ...pae, config: keep },
      findings: [{
        step: 'paging_init', related: ['head_32'],
        message: /^direct map 0xc05a8000-0xc1000000 \(10\.34 MiB\) is executable: entries written by head_32 \(before setup_arch\) with USR RW x \(10\.34 MiB\) were kept by paging_init \(step 16\) under config.pagetable_init_policy no-overwrite/,
      }],
    },
    {
      name: 'proposal 4 on 2.6.28 native PAE (head_32 writes 0x003 there)',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, ...pae, config: keep },
      findings: [{ step: 'init_memory_mapping', message: /entries written by head_32 \(before setup_arch\) with RW x \(10\.34 MiB\)/ }],
    },
    {
      name: 'proposal 4 on a 2.6.26 Xen PAE guest with NX: the domain builder\'s entries keep no NX',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', ...pae, config: keep },
      findings: [{ step: 'paging_init', related: ['xen_start_kernel', 'paging_init'], message: /^direct map 0xc05a8000-0xc0800000 \(2\.34 MiB\) is executable/ }],
    },
  ],
});

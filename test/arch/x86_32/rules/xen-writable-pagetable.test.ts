/**
 * Seed 004, proposal 1 ("write the pte entries unconditionally … it doesn't
 * work for Xen because it ends up mapping pagetable pages RW") and the merged
 * fix (9a4029fd: xen_set_pte_init keeps _PAGE_RW off over read-only PTEs).
 */
import { describe, expect, it } from 'vitest';
import type { PtWritablePagetableEvent } from '../../../../src/arch/x86_32/pagetables/events.js';
import { tableSummary, xenWritablePagetable } from '../../../../src/arch/x86_32/rules/xen-writable-pagetable.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_28, moveBefore } from '../fixtures/orders.js';
import { findingsOf, ruleTester } from '../../../rules/rule-tester.js';

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
        message: /paging_init \(step \d+\) maps page-table pages read-write under Xen: kernel PMD copy \(pfn 0x2 at 0xc0002000\), swapper_pg_dir .*bm_pte .*Xen bootstrap L1 \(pfn 0x703-0x706 at 0xc0703000\) \(config.pagetable_init_policy is unconditional\)/,
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
        // five kinds of page-table page, each named (none hidden behind "and N more"): Xen's bootstrap L1s last
        message: /swapper_pg_dir \(pfn 0x4a7 at 0xc04a7000\), bm_pte \(pfn 0x5aa at 0xc05aa000\), level2_kernel_pgt \(pfn 0x5ab at 0xc05ab000\), level1_ident_pgt \(pfn 0x5ac-0x5af at 0xc05ac000\), Xen bootstrap L1 \(pfn 0x703-0x706 at 0xc0703000\) \(xen_set_pte_init was switched off by paravirt_post_allocator_init \(step \d+\)\)$/,
        fix: /move paravirt_post_allocator_init \(step \d+\) after init_memory_mapping \(step \d+\)/,
      }],
    },
  ],
});

describe('the message names every kind of page-table page', () => {
  const step = { index: 5, name: 'init_memory_mapping', pos: { line: 1, col: 1 }, implicit: false };
  const ev = (table: string, pfn: number, pages = 1): PtWritablePagetableEvent => ({
    kind: 'pt-rw-pagetable', step, start: 0xc0000000 + pfn * 4096, end: 0xc0000000 + (pfn + pages) * 4096, pfn, pages,
    table, tableBy: step, policy: 'unconditional', setPteInitOffBy: null, masked: false, wasPresent: true,
  });
  it('up to three ranges of a kind are listed; more are counted, and the other kinds still follow', () => {
    const list = [ev('bootmem PTE page', 0x10), ev('bootmem PTE page', 0x20, 2), ev('bootmem PTE page', 0x30), ev('bootmem PTE page', 0x40, 4), ev('Xen bootstrap L1', 0x703, 4)];
    expect(tableSummary(list)).toBe('bootmem PTE page (8 pages in 4 ranges: pfn 0x10 at 0xc0010000, pfn 0x20-0x21 at 0xc0020000, pfn 0x30 at 0xc0030000, …), Xen bootstrap L1 (pfn 0x703-0x706 at 0xc0703000)');
  });
});

describe('repeated paging_init on a 2.6.26 Xen guest (break-230 F1)', () => {
  it('a finding names the first three steps that made its frames and the last, and counts those between', () => {
    const order = [...ORDER_2_6_26, ...Array<string>(20).fill('paging_init')];
    const found = findingsOf(xenWritablePagetable, { kernel: '2.6.26', order, hypervisor: 'xen', pae: true, config: { pagetable_init_policy: 'unconditional' } });
    const last = found[found.length - 1];
    // the makers in boot order, then the step that switched xen_set_pte_init off (2.6.26: xen_pagetable_setup_done, in each paging_init)
    const makers = (last?.related ?? []).filter((r) => r.role.startsWith('made '));
    expect(makers.map((r) => r.step.index)).toEqual([...makers.map((r) => r.step.index)].sort((a, b) => a - b));
    expect(makers).toHaveLength(4);
    expect(makers[3]?.role).toMatch(/ part of the page tables \(and \d+ steps between did too, not named\)$/);
    expect(makers.slice(0, 3).every((r) => !/not named/.test(r.role))).toBe(true);
  });
});

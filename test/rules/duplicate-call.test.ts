import { arm64 } from '../../src/arch/arm64/plugin.js';
import type { Arm64Trace } from '../../src/arch/arm64/types.js';
import { ORDER_V4_6 } from '../arch/arm64/fixtures/orders.js';
import { x86_32 } from '../../src/arch/x86_32/plugin.js';
import type { Rule } from '../../src/rules/types.js';
import type { X86Trace } from '../../src/arch/x86_32/types.js';
import { ORDER_2_6_27, insertAfter, releaseOrder } from '../arch/x86_32/fixtures/orders.js';
import { ruleTester } from './rule-tester.js';

const duplicateCall = x86_32.rules.find((r) => r.meta.id === 'duplicate-call') as Rule<X86Trace>;

ruleTester(duplicateCall, {
  valid: [
    { name: 'the real 2.6.27 order: insert_resource three times and e820_end_of_ram_pfn twice, as the kernel calls them', scenario: { kernel: '2.6.27', order: ORDER_2_6_27 } },
    { name: '2.6.26: propagate_e820_map twice (after the MTRR trim)', scenario: { kernel: '2.6.26', order: releaseOrder('2.6.26') } },
  ],
  invalid: [
    {
      name: 'kind 9: a second parse_early_param (a merge error; the kernel ignores it: static int done)',
      scenario: { kernel: '2.6.27', memory: '2GiB', cmdline: 'reservetop=24M', order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping', 'paging_init'] },
      findings: [{ step: 'parse_early_param', related: ['parse_early_param'], message: /parse_early_param is called again; step 3 already called it/ }],
    },
    {
      name: 'a second early_ioremap_init is still reported (the replay re-hooks bm_pte, but the kernel never calls it twice)',
      scenario: { kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'early_ioremap_init', 'vmi_init'), hypervisor: 'vmi' },
      findings: [{ step: 'early_ioremap_init', fix: /remove step 13 \(early_ioremap_init\)/ }],
    },
  ],
});

// arm64: setup_arch() calls each function once, but the fixmap helpers run for every table a walk reaches
const duplicateCallArm64 = arm64.rules.find((r) => r.meta.id === 'duplicate-call') as Rule<Arm64Trace>;
/** ORDER_V4_6 with `calls` inserted, in turn, after each anchor */
function withCalls(pairs: readonly (readonly [string, string])[]): string[] {
  const order: string[] = [...ORDER_V4_6];
  for (const [call, after] of pairs) order.splice(order.lastIndexOf(after) + 1, 0, call);
  return order;
}

ruleTester(duplicateCallArm64, {
  valid: [
    { name: 'v4.6 as released', scenario: { arch: 'arm64', kernel: 'v4.6', order: ORDER_V4_6 } },
    {
      // helper-176: a set/clear pair before paging_init and another after it is how the kernel uses them
      name: 'v4.6: two pte_set_fixmap/pte_clear_fixmap pairs, before and after paging_init',
      scenario: { arch: 'arm64', kernel: 'v4.6', order: withCalls([['pte_set_fixmap', 'arm64_memblock_init'], ['pte_clear_fixmap', 'pte_set_fixmap'], ['pte_set_fixmap', 'paging_init'], ['pte_clear_fixmap', 'pte_set_fixmap']]) },
    },
  ],
  invalid: [
    {
      name: 'v4.6: a second setup_machine_fdt (the DTB scanned twice: a merge error)',
      scenario: { arch: 'arm64', kernel: 'v4.6', order: withCalls([['setup_machine_fdt', 'parse_early_param']]) },
      findings: [{ step: 'setup_machine_fdt', related: ['setup_machine_fdt'], message: /^setup_machine_fdt is called again; step \d+ already called it$/ }],
    },
  ],
});

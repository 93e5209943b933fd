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

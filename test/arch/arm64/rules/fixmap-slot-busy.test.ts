import { fixmapSlotBusy } from '../../../../src/arch/arm64/rules/fixmap-slot-busy.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, withLate } from '../fixtures/orders.js';

const A = 'arm64';
/** new early code that maps a table through FIX_PMD right after early_fixmap_init */
const PMD_HELD = moveAfter(ORDER_V4_6, 'pmd_set_fixmap', 'early_fixmap_init');

ruleTester(fixmapSlotBusy, {
  valid: [
    { name: 'v4.6 as released: paging_init holds FIX_PGD, the walkers take FIX_PUD/PMD/PTE one at a time', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6), config: { va_bits: 48, kasan: true } } },
    { name: 'v4.7 as released', scenario: { arch: A, kernel: 'v4.7', order: withLate(ORDER_V4_7) } },
    { name: 'seed 002 replayed on the v4.4 order', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_4), config: { debug_rodata: true, kasan: true } } },
    { name: 'a pmd_set_fixmap/pmd_clear_fixmap pair before setup_machine_fdt', scenario: { arch: A, kernel: 'v4.6', order: moveAfter(PMD_HELD, 'pmd_clear_fixmap', 'pmd_set_fixmap') } },
    { name: 'pud_set_fixmap at VA_BITS=39: the pud level is folded, FIX_PUD is never used', scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'pud_set_fixmap', 'early_fixmap_init') } },
  ],
  invalid: [
    {
      name: 'FIX_PMD left mapped: fixmap_remap_fdt\'s walk and paging_init\'s walks set it again',
      scenario: { arch: A, kernel: 'v4.6', order: PMD_HELD },
      findings: [
        {
          step: 'setup_machine_fdt', slot: 'FIX_PMD', related: ['pmd_set_fixmap'], message: /fixmap_remap_fdt sets FIX_PMD while pmd_set_fixmap \(step 2\) still holds it on the table page at 0x[0-9a-f]+ \(bm_pmd\)$/, fix: /pmd_clear_fixmap\(\)/,
          // the walk maps bm_pmd too (helper-176): what breaks is its pmd_clear_fixmap() under the holder
          consequence: /^fixmap_remap_fdt's walk maps each table page it visits at FIX_PMD and ends with pmd_clear_fixmap\(\) .*unless it is the same page, and after it the slot is unmapped, so the holder's next access through it faults/,
        },
        { step: 'paging_init', slot: 'FIX_PMD', message: /map_kernel/ },
        { step: 'paging_init', slot: 'FIX_PMD', message: /map_mem/ },
      ],
    },
    {
      name: 'two pmd_set_fixmap before memblock has RAM: both map the static bm_pmd, and the first clear unmaps it under the other',
      scenario: { arch: A, kernel: 'v4.6', order: [...PMD_HELD.slice(0, 2), 'pmd_set_fixmap', ...PMD_HELD.slice(2)] },
      findings: [
        { step: 'pmd_set_fixmap', slot: 'FIX_PMD', related: ['pmd_set_fixmap'], consequence: /^both map the same table page \(0x[0-9a-f]+\), so no entry lands in the wrong table, but whichever clears FIX_PMD first unmaps it under the other/ },
        { step: 'setup_machine_fdt', slot: 'FIX_PMD' }, { step: 'paging_init', slot: 'FIX_PMD' }, { step: 'paging_init', slot: 'FIX_PMD' },
      ],
    },
    {
      name: 'two pte_set_fixmap after paging_init: each maps a new memblock page, so the first holder now writes into the second\'s',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6.flatMap((c): string[] => (c === 'paging_init' ? [c, 'pte_set_fixmap', 'pte_set_fixmap'] : [c])) },
      findings: [{ step: 'pte_set_fixmap', slot: 'FIX_PTE', related: ['pte_set_fixmap'], consequence: /^__set_fixmap\(\) sets the pte without TLBI \(arch\/arm64\/mm\/mmu.c\): the slot now maps another table page \(0x[0-9a-f]+\) while its holder still writes/,
        // two helpers of the scenario: no walker to keep away from, so no "slot the walker does not use"
        fix: /^clear the slot \(pte_clear_fixmap\(\)\) before pte_set_fixmap \(step \d+\)$/ }],
    },
    {
      name: 'FIX_PGD held when paging_init takes it for its new pgd',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'pgd_set_fixmap', 'paging_init') },
      findings: [{ step: 'paging_init', slot: 'FIX_PGD', related: ['pgd_set_fixmap'], message: /paging_init sets FIX_PGD/ }],
    },
    {
      name: 'FIX_PTE held: early_pgtable_alloc() relies on it being free',
      scenario: { arch: A, kernel: 'v4.6', order: moveBefore(ORDER_V4_6, 'pte_set_fixmap', 'paging_init'), config: { va_bits: 48 } },
      // early_pgtable_alloc() walks nothing: it maps its new page, zeroes it and clears (v4.6 mmu.c:74-96); the hazard
      // is the memset through a stale TLB entry for the held page (helper-177: it was called a walk)
      findings: [{
        step: 'paging_init', slot: 'FIX_PTE', message: /early_pgtable_alloc sets FIX_PTE/,
        consequence: /^early_pgtable_alloc\(\) maps the table page it has just allocated at FIX_PTE, memset\(\)s it to zero and ends with pte_clear_fixmap\(\) .*so the memset may go through a stale TLB entry for the holder's page and zero the table it is building/,
        fix: /, or hold the table through a slot early_pgtable_alloc\(\) does not use \(it takes FIX_PTE\)$/,
      }, { step: 'paging_init', slot: 'FIX_PTE', message: /map_kernel/ }, { step: 'paging_init', slot: 'FIX_PTE', message: /map_mem/ }],
    },
  ],
});

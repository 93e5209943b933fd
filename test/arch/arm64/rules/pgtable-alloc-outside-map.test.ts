import { pgtableAllocOutsideMap } from '../../../../src/arch/arm64/rules/pgtable-alloc-outside-map.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, withLate, without } from '../fixtures/orders.js';

const A = 'arm64';

/**
 * ORDER_V4_6 to paging_init, then define: calls that take every free range of the 2 GiB machine (the largest
 * first, found by bisecting sizes with `run`), then `helper`: a table page after memblock is full.
 */
function memblockFull(helper: string): { order: string[]; define: Record<string, { doc: string; linear_alloc: number | string }> } {
  const sizes: (number | string)[] = ['1869MiB', 117452999, 2809856, 2056192, 983040, 524288];
  const eat = sizes.map((_, i) => `eat${i + 1}`);
  const order = [...ORDER_V4_6.slice(0, ORDER_V4_6.indexOf('paging_init') + 1), ...eat, helper];
  return { order, define: Object.fromEntries(sizes.map((size, i) => [`eat${i + 1}`, { doc: 'takes a free range', linear_alloc: size }])) };
}

ruleTester(pgtableAllocOutsideMap, {
  valid: [
    { name: 'v4.6: the same allocations leave one page when the last is a page smaller: pmd_set_fixmap gets it', scenario: { arch: A, kernel: 'v4.6', ...memblockFull('pmd_set_fixmap'), define: { ...memblockFull('pmd_set_fixmap').define, eat6: { doc: 'one page less', linear_alloc: 524288 - 4096 } } } },
    { name: 'v4.4: RAM at 0x80200000 needs pmd tables for map_mem, allocated below the limit in mapped RAM', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), machine: { phys_offset: '0x80200000', memory: '3GiB' } } },
    { name: 'v4.4 with DEBUG_RODATA: fixup_executable\'s pte tables come after map_mem', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, config: { debug_rodata: true } } },
    { name: 'v4.6: early_pgtable_alloc through FIX_PTE, any RAM', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { memory: '64GiB' } } },
    { name: 'v4.7 UEFI boot as released: efi_init adds the RAM before paging_init', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, machine: { efi: true } } },
    { name: 'v4.7 VA_BITS=48', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { va_bits: 48 } } },
  ],
  invalid: [
    {
      name: 'v4.6: pmd_set_fixmap once the allocations before it took all of memblock: memblock_alloc() panics for the table page; memblock has RAM, so the fix is allocating less, not adding RAM',
      scenario: { arch: A, kernel: 'v4.6', ...memblockFull('pmd_set_fixmap') },
      findings: [{
        step: 'pmd_set_fixmap', related: [], halts: 'here',
        message: /^pmd_set_fixmap needs a new pmd \(L2\) table and early_pgtable_alloc\(\) cannot provide it: memblock has no free page left: the earlier allocations took all of the RAM$/,
        fix: /the allocations before pmd_set_fixmap \(step 17\) take all of the RAM: allocate less before it, or give the machine more memory$/,
      }],
    },
    {
      // review 19a F4: the tables are reachable (early_fixmap_init is step 1); memblock is empty because the call
      // that adds RAM is missing, so the fix names it, as missing-prerequisite does, and the fix search inserts it
      name: 'v4.7 without setup_machine_fdt: early_pgtable_alloc() with no RAM; the fix is the missing call, not early_fixmap_init',
      scenario: { arch: A, kernel: 'v4.7', order: without(ORDER_V4_7, 'setup_machine_fdt') },
      findings: [{ step: 'paging_init', related: [], fix: /^memblock has no RAM before paging_init \(step \d+\): call setup_machine_fdt before it$/, setters: ['setup_machine_fdt'] }],
    },
    {
      // on a UEFI boot the RAM comes from efi_init's reserve_regions() (A47 drivers/firmware/efi/arm-init.c:173-188)
      name: 'v4.7 UEFI boot: paging_init before efi_init finds no RAM, and efi_init is the step to move',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'paging_init', 'efi_init'), machine: { efi: true } },
      findings: [{ step: 'paging_init', related: ['efi_init'], fix: /^move efi_init \(step \d+\) before paging_init/ }],
    },
    {
      name: 'v4.4: setup_machine_fdt before early_fixmap_init: create_mapping() allocates with memblock still empty',
      scenario: { arch: A, kernel: 'v4.4', order: moveAfter(ORDER_V4_4, 'early_fixmap_init', 'setup_machine_fdt') },
      // memblock_alloc_base() panics (rivsidn/linux-4.4.155@a1961d75 mm/memblock.c:1197-1208) before early_alloc()'s BUG_ON(!phys)
      findings: [{
        step: 'setup_machine_fdt', related: ['early_fixmap_init'], message: /fixmap_remap_fdt needs a new pmd \(L2\) table and early_alloc\(\) cannot provide it: memblock has no memory yet/, fix: /move early_fixmap_init/,
        consequence: /^early_alloc\(\)'s memblock_alloc\(\) finds nothing and memblock_alloc_base\(\) panics: "ERROR: Failed to allocate 0x1000 bytes below 0x0\." \(mm\/memblock\.c\), so early_alloc\(\)'s BUG_ON\(!phys\) is never reached/,
      }],
    },
    {
      name: 'v4.6: setup_machine_fdt before early_fixmap_init: create_mapping_noalloc() needs a table',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'early_fixmap_init', 'setup_machine_fdt') },
      findings: [{ step: 'setup_machine_fdt', message: /has no allocator/ }],
    },
    {
      name: 'v4.6 VA_BITS=48: the same, at the pud: alloc_init_pud() BUG()s before it could need a pmd',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'early_fixmap_init', 'setup_machine_fdt'), config: { va_bits: 48 } },
      findings: [{ step: 'setup_machine_fdt', message: /a new pud \(L1\) table and has no allocator: create_mapping_noalloc\(\) has no allocator: BUG_ON\(!pgtable_alloc\)$/ }],
    },
    {
      name: 'v4.6: paging_init before setup_machine_fdt: early_pgtable_alloc() with memblock empty (memblock_alloc() panics: no pgd, so map_kernel/map_mem allocate nothing more)',
      scenario: { arch: A, kernel: 'v4.6', order: moveBefore(ORDER_V4_6, 'paging_init', 'setup_machine_fdt') },
      // memblock_alloc_base() panics (chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:1208-1219) before mmu.c:80's BUG_ON(!phys)
      findings: [{
        step: 'paging_init', related: ['setup_machine_fdt'], message: /paging_init needs a new pgd \(L1\) table and early_pgtable_alloc\(\) cannot provide it: memblock has no memory yet.*memblock_alloc\(\) finds nothing$/,
        consequence: /^early_pgtable_alloc\(\)'s memblock_alloc\(\) finds nothing and memblock_alloc_base\(\) panics: "ERROR: Failed to allocate 0x1000 bytes below 0x0\."/,
      }],
    },
  ],
});

import { memblockAllocPanic } from '../../../../src/arch/arm64/rules/memblock-alloc-panic.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveBefore, withLate } from '../fixtures/orders.js';

const A = 'arm64';

/** ORDER_V4_6 with a defined call `q` inserted after `after` */
function withQ(after: string): string[] {
  const order: string[] = [...ORDER_V4_6];
  order.splice(order.indexOf(after) + 1, 0, 'q');
  return order;
}

/**
 * On the 2 GiB default machine (RAM 0x80000000–0x100000000) the largest free range after paging_init is
 * 0x88010000–0xfce00000 (the 64 KiB FDT at 0x88000000, the 16 MiB CMA area at 0xff000000 and the page tables
 * below it are reserved): 1869 MiB fits, 1870 MiB does not.
 */
const q = (size: string): Record<string, Record<string, unknown>> => ({ q: { doc: 'a driver\'s early buffer', linear_alloc: size } });

/** 64 MiB of RAM at physical 0, the FDT near its top */
const RAM_AT_ZERO = { memory: '64MiB', phys_offset: 0, fdt_phys: 0x3e00000 };
/** without the default CMA area (CONFIG_DMA_CMA=n), whose 16 MiB would take a quarter of it: the sizes below are its free ranges */
const NO_CMA = { dma_cma: false };

/** ORDER_V4_6 with b0, b1 (which take every free range above the kernel) and `probe` after paging_init */
function ramAtZeroOrder(): string[] {
  const order: string[] = [...ORDER_V4_6];
  order.splice(order.indexOf('paging_init') + 1, 0, 'b0', 'b1', 'probe');
  return order;
}

function ramAtZeroDefines(probe: string): Record<string, Record<string, unknown>> {
  const buffer = (size: string): Record<string, unknown> => ({ doc: 'a driver\'s early buffer', linear_alloc: size });
  return { b0: buffer('0x20b2000'), b1: buffer('0x1e6000'), probe: buffer(probe) };
}

ruleTester(memblockAllocPanic, {
  valid: [
    {
      // request_standard_resources(): res = alloc_bootmem_low(sizeof(*res)) once per memblock.memory region
      // (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/kernel/setup.c:209-210): with no region yet it allocates
      // nothing, so nothing panics (missing-prerequisite reports the order); it used to be one 4 KiB allocation (helper-178 F5)
      name: 'v4.7: request_standard_resources before setup_machine_fdt: no region, so no alloc_bootmem_low()',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'request_standard_resources', 'setup_machine_fdt') },
    },
    {
      name: 'v4.6, RAM at physical 0: 508 KiB below the kernel fits, from the second page',
      scenario: { arch: A, kernel: 'v4.6', order: ramAtZeroOrder().slice(0, ramAtZeroOrder().indexOf('probe') + 1), define: ramAtZeroDefines('0x7f000'), machine: RAM_AT_ZERO, config: NO_CMA },
    },
    { name: 'v4.4 as released: the zero page, usemap and resources come after setup_machine_fdt adds the RAM', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) } },
    { name: 'v4.6 as released', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6) } },
    // exactly the largest free range after paging_init (0x74df0000 bytes): placed at its base, no panic
    { name: 'v4.6: a define: linear_alloc of 0x74df0000 bytes after paging_init fits the largest range exactly', scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('0x74df0000') } },
    { name: 'v4.7 UEFI boot as released: efi_init adds the RAM', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, machine: { efi: true } } },
    { name: 'v4.6: a define: linear_alloc of 1869 MiB after paging_init fits the largest free range', scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('1869MiB') } },
    // CONFIG_DMA_CMA=n: arm64_memblock_init() reserves no CMA area, and its 16 MiB are free (helper-178 F1, helper-181 2)
    { name: 'v4.6 without the CMA area (dma_cma: false): 1885 MiB fits', scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('1885MiB'), config: NO_CMA } },
    // memblock_add() joins touching regions (memblock_merge_regions(), v4.6 mm/memblock.c:450-473): the free range
    // crosses 0xc0000000, as on one 2 GiB bank; kept apart the two banks made this a false panic (helper-177)
    {
      name: 'v4.6: two touching 1 GiB banks are one memblock region: 1.25 GiB across their seam fits',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('0x50000000'), machine: { banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0xc0000000, size: '1GiB' }] } },
    },
  ],
  invalid: [
    {
      // memblock_find_in_range_node() starts every search at max(start, PAGE_SIZE) ("avoid allocating the first
      // page", chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:210-211): with RAM at physical 0 and everything above
      // the kernel taken, only [0x1000, 0x80000) is left below it, so 512 KiB panics at `probe` (helper-178 F4: the model
      // placed it at pa 0 and the panic came two steps later)
      name: 'v4.6, RAM at physical 0: the first page is never allocated, so 512 KiB below the kernel does not fit',
      scenario: {
        arch: A, kernel: 'v4.6', order: ramAtZeroOrder(), define: ramAtZeroDefines('0x80000'), machine: RAM_AT_ZERO, config: NO_CMA,
      },
      findings: [{ step: 'probe', halts: 'here', message: /memblock has no free range of 512 KiB \(the largest is 508 KiB\)$/ }],
    },
    {
      // the size fits the machine's RAM (define-check lets it through) but no free range: memblock_alloc() panics;
      // before this rule the replay made up pa 0 and reported linear-map-before-map-mem at __va(0)
      // the fix says what is free at the step, not that no order frees more: before paging_init and sparse_init
      // take the top of RAM, 0x76ff0000 bytes are free (helper-176)
      name: 'v4.6: a define: linear_alloc of 1870 MiB after paging_init: no free range that large there',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('1870MiB') },
      findings: [{
        step: 'q', related: [], halts: 'here',
        message: /^q \(define:\) allocates 1\.83 GiB with memblock_alloc\(\): memblock has no free range of 1\.83 GiB \(the largest is 1\.83 GiB: 0x74df0000 of the 0x74e00000 bytes asked for\)$/,
        consequence: /^memblock_alloc_base\(\) panics: "ERROR: Failed to allocate 0x74e00000 bytes below 0x0\." \(mm\/memblock\.c\)/,
        fix: /memblock's largest free range at q \(step \d+\) is 0x74df0000 bytes, short of 0x74e00000 bytes: allocate less, or give the machine more memory$/,
        otherwise: null,
      }],
    },
    {
      // memblock_alloc() takes the size as passed (no rounding to a page, v4.6 mm/memblock.c): its panic prints it so
      name: 'v4.6: a define: linear_alloc of 0x74df0001 bytes after paging_init: one byte more than the largest range, printed as asked',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('0x74df0001') },
      findings: [{
        step: 'q', related: [], halts: 'here',
        message: /\(the largest is 1\.83 GiB: 0x74df0000 of the 0x74df0001 bytes asked for\)$/,
        consequence: /^memblock_alloc_base\(\) panics: "ERROR: Failed to allocate 0x74df0001 bytes below 0x0\."/,
        fix: /is 0x74df0000 bytes, short of 0x74df0001 bytes: allocate less/,
      }],
    },
    {
      // an odd fdt_size: fixmap_remap_fdt() reserves it exactly (v4.6 mmu.c:806), so the largest range starts at
      // 0x88010001 and holds 0x74deffff bytes; at PAGE_SIZE alignment round_down(end - size) falls below its start
      // (mm/memblock.c:170-171): the range is as large as asked, only 0x74def000 bytes fit (helper-177: "short of" an equal size)
      name: 'v4.6: an odd FDT size: a linear_alloc of exactly the largest range fails on its alignment, and says so',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('paging_init'), define: q('0x74deffff'), machine: { fdt_size: 0x10001 } },
      findings: [{
        step: 'q', related: [], halts: 'here',
        message: /memblock has no free range of 1\.83 GiB at 4 KiB alignment \(the largest free range, 0x74deffff bytes, starts off that alignment; at it no free range holds more than 0x74def000 bytes\)$/,
        fix: /is 0x74deffff bytes, but at 4 KiB alignment no free range holds more than 0x74def000 bytes, short of 0x74deffff bytes: allocate at most 0x74def000 bytes, or give the machine more memory$/,
      }],
    },
    {
      name: 'v4.6: a define: linear_alloc before setup_machine_fdt: memblock has no RAM yet',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('early_fixmap_init'), define: q('4KiB') },
      findings: [{ step: 'q', related: ['setup_machine_fdt'], halts: 'here', message: /memblock has no memory yet for its 4 KiB$/, fix: /^move setup_machine_fdt \(step \d+\) before q/ }],
    },
    {
      // the move the rule names is an order edit, dropped when the search finds it wanting; what the user can do
      // then is said apart (Finding.otherwise): here 1886 MiB fits no range that setup_machine_fdt's RAM leaves free
      name: 'v4.6: a define: linear_alloc of 1886 MiB before setup_machine_fdt: no RAM yet, and too large once there is',
      scenario: { arch: A, kernel: 'v4.6', order: withQ('early_fixmap_init'), define: q('1886MiB') },
      findings: [{
        step: 'q', related: ['setup_machine_fdt'], halts: 'here', message: /memblock has no memory yet for its 1\.84 GiB$/, fix: /^move setup_machine_fdt/,
        otherwise: /^allocate less \(memblock must have a free range of 1\.84 GiB once setup_machine_fdt \(step \d+\) adds RAM\), or give the machine more memory$/,
      }],
    },
    {
      // v4.4 paging_init(): zero_page = early_alloc(PAGE_SIZE) = __va(memblock_alloc()) (rivsidn/linux-4.4.155@a1961d75
      // arch/arm64/mm/mmu.c); with no RAM map_mem() maps nothing and the zero page's memblock_alloc() panics
      name: 'v4.4: paging_init before setup_machine_fdt: the zero page finds no RAM',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'paging_init', 'setup_machine_fdt') },
      findings: [{ step: 'paging_init', related: ['setup_machine_fdt'], message: /allocates the zero page \(early_alloc \+ memset\) \(4 KiB\) with memblock_alloc\(\)/ }],
    },
  ],
});

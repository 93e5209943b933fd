import { describe, expect, it } from 'vitest';
import { sharedLeafPermissions } from '../../../../src/arch/arm64/rules/shared-leaf-permissions.js';
import { findingsOf, ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, withLate } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(sharedLeafPermissions, {
  valid: [
    { name: 'v4.6: map_kernel maps each segment on its own; mark_rodata_ro only changes permissions', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6) } },
    { name: 'v4.7 with DEBUG_ALIGN_RODATA (SEGMENT_ALIGN 2 MiB)', scenario: { arch: A, kernel: 'v4.7', order: withLate(ORDER_V4_7), config: { debug_align_rodata: true } } },
    { name: 'v4.7 without DEBUG_RODATA: nothing changes permissions', scenario: { arch: A, kernel: 'v4.7', order: withLate(ORDER_V4_7), config: { debug_rodata: false } } },
    { name: 'seed 002 replayed on the v4.4 order: segments never share a last-level entry', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_4), config: { debug_rodata: true } } },
    { name: 'v4.4 defconfig up to the end of setup_arch: no permission change yet', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4 } },
  ],
  invalid: [
    {
      name: 'v4.4 DEBUG_RODATA with the late steps: _stext, __init_end (fixup_executable) and __init_begin (fixup_init) sit inside 2 MiB sections',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), config: { debug_rodata: true } },
      findings: [
        { step: 'paging_init', related: ['paging_init'].slice(1), message: /fixup_executable gives 0xffffffc000000000–0xffffffc000081000 PAGE_KERNEL inside the pmd \(L2\) block 0xffffffc000000000–0xffffffc000200000 \(PAGE_KERNEL_EXEC\), which also maps the other side of _text 0xffffffc000080000, _stext 0xffffffc000081000/ },
        // .altinstructions lies between __init_end and _data (A44 vmlinux.lds.S:153-165): never said to be one address
        { step: 'paging_init', message: /other side of __init_end 0xffffffc000c21000, _end 0xffffffc000d4f000:/ },
        { step: 'fixup_init', related: ['paging_init'], message: /_etext = __init_begin 0xffffffc000b51000/, fix: /seed 002/ },
      ],
    },
    {
      name: 'v4.4 DEBUG_ALIGN_RODATA: _stext and _etext are 2 MiB-aligned, __init_end is not',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), config: { debug_rodata: true, debug_align_rodata: true } },
      findings: [{ step: 'paging_init', message: /__init_end/ }],
    },
    {
      name: 'v4.4 defconfig with the late steps: fixup_init splits the sections at __init_begin and __init_end',
      scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) },
      // without DEBUG_RODATA ALIGN_DEBUG_RO is empty: _etext ends .notes unaligned, below __init_begin (A44 vmlinux.lds.S:120-124)
      findings: [{ step: 'fixup_init', message: /other side of __init_begin 0xffffffc000b51000:/ }, { step: 'fixup_init', message: /other side of __init_end 0xffffffc000c21000, _end/ }],
    },
  ],
});

describe('a thousand paging_init (max-calls orders are measured in npm run bench, not here)', () => {
  it('each splits the two sections its own map_mem made, found once each, the same as the first', () => {
    const order = [...ORDER_V4_4, ...Array<string>(1000).fill('paging_init')];
    const found = findingsOf(sharedLeafPermissions, { arch: A, kernel: 'v4.4', order, config: { debug_rodata: true, kasan: true } });
    expect(found).toHaveLength(2 * 1001);
    const first = found.slice(0, 2).map((f) => f.message);
    for (let i = 0; i < found.length; i += 2) {
      expect(found.slice(i, i + 2).map((f) => f.message)).toEqual(first);
      expect(found[i]?.step.index).toBe(found[i + 1]?.step.index);
      expect(found[i]?.related).toEqual([]);
    }
  });
});

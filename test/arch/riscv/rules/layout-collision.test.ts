import { layoutCollision } from '../../../../src/arch/riscv/rules/layout-collision.js';
import { describe, expect, it } from 'vitest';
import { ruleTester } from '../../../rules/rule-tester.js';
import { replayOf } from '../model/helpers.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(layoutCollision, {
  valid: [
    { name: '5.10 as released', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10 } },
    { name: '5.12 as released, KASAN', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { kasan: true } } },
    { name: '5.14 as released, 64 GiB', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory: '64GiB' } } },
    { name: '5.10 MAXPHYSMEM_2GB with medany (allowed in 5.10): the kernel is in the linear map', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: { maxphysmem: '2GB' } } },
    { name: '5.12 medlow (MAXPHYSMEM_2GB)', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { cmodel: 'medlow' } } },
    { name: '5.14 with 130 GiB: memory_limit keeps the linear map below the modules', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory_banks: [{ base: 0x80000000, size: '130GiB' }] } } },
  ],
  invalid: [
    {
      name: '5.14 medlow: MAXPHYSMEM_2GB puts PAGE_OFFSET on KERNEL_LINK_ADDR',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' } },
      findings: [
        { step: 'setup_vm', message: /vmemmap .* overlaps modules/ },
        { step: 'setup_vm', message: /modules .* overlaps vmalloc/ },
        { step: 'setup_vm', message: /vmalloc .* overlaps bpf jit/ },
        { step: 'paging_init', related: ['setup_vm'], message: /linear map 0xffffffff80000000–0xffffffffffe00000 overlaps kernel 0xffffffff80000000–0xffffffff81280000 \(PAGE_OFFSET 0xffffffff80000000 is KERNEL_LINK_ADDR/, fix: /Get rid of MAXPHYSMEM configs/ },
      ],
    },
    {
      name: '5.13 with 130 GiB: no memory_limit yet, the linear map runs into the modules, BPF and the kernel',
      scenario: { ...rv, kernel: '5.13', order: ORDER_5_13, machine: { memory_banks: [{ base: 0x80000000, size: '130GiB' }] } },
      findings: [
        { step: 'paging_init', message: /linear map .* overlaps modules/ },
        { step: 'paging_init', message: /linear map .* overlaps bpf jit/ },
        { step: 'paging_init', message: /linear map .* overlaps kernel/ },
      ],
    },
    {
      name: '5.12: a RAM bank wholly below the load address is mapped below PAGE_OFFSET, on vmalloc and the modules',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory_banks: [{ base: 0x40000000, size: '256MiB' }, { base: 0x80000000, size: '2GiB' }], load_address: 0x80200000, dtb_address: 0xffe00000 } },
      findings: [
        { step: 'paging_init', message: /vmalloc .* overlaps linear map below PAGE_OFFSET/ },
        { step: 'paging_init', message: /modules .* overlaps linear map below PAGE_OFFSET/ },
      ],
    },
    {
      name: 'the DTB inside the kernel image',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { dtb_address: 0x80600000 } },
      findings: [{ step: 'setup_vm', message: /the DTB at 0x80600000 lies inside the kernel image 0x80200000–0x81480000/ }],
    },
  ],
});

// No modeled kernel or config puts modules or BPF out of reach (MODULES_VADDR is PFN_ALIGN(_end) - 2G by
// construction, BPF lies within 128 MiB of the kernel, images stay under 1 GiB), so the ±2 GiB check is
// exercised on a replayed layout whose modules area is moved by hand.
describe('layout-collision: the ±2 GiB PC-relative reach', () => {
  it('reports a modules area whose start is more than 2 GiB from the kernel\'s end', () => {
    const t = replayOf({ kernel: '5.14' });
    const kernel = t.layout.regions.find((r) => r.name === 'kernel');
    if (kernel === undefined) throw new Error('no kernel region');
    const regions = t.layout.regions.map((r) => (r.name === 'modules' ? { ...r, start: kernel.end - 3 * 2 ** 30, end: kernel.end - 3 * 2 ** 30 + 2 ** 30 } : r));
    const found = layoutCollision.check({ ...t, layout: { ...t.layout, regions } });
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^modules 0xfffffffec1280000–0xffffffff01280000 is 0xc0000000 bytes from the far end of the kernel .*more than the ±2 GiB a PC-relative call reaches$/),
    ]);
  });
});

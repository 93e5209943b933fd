import { layoutCollision } from '../../../../src/arch/riscv/rules/layout-collision.js';
import { describe, expect, it } from 'vitest';
import { ruleTester } from '../../../rules/rule-tester.js';
import { replayOf } from '../model/helpers.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

/** 1 GiB at 0x80000000 and 100 GiB from 192 GiB: 101 GiB in all (under -PAGE_OFFSET, 128 GiB), spanning past it (helper-181, 3) */
const FAR_BANKS = [{ base: 0x80000000, size: '1GiB' }, { base: 0x3000000000, size: '100GiB' }];

ruleTester(layoutCollision, {
  valid: [
    { name: '5.10 as released', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10 } },
    { name: '5.12 as released, KASAN', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { kasan: true } } },
    { name: '5.14 as released, 64 GiB', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory: '64GiB' } } },
    { name: '5.10 MAXPHYSMEM_2GB with medany (allowed in 5.10): the kernel is in the linear map', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: { maxphysmem: '2GB' } } },
    { name: '5.12 medlow (MAXPHYSMEM_2GB)', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { cmodel: 'medlow' } } },
    { name: '5.14 with 130 GiB: memory_limit keeps the linear map below the modules', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory_banks: [{ base: 0x80000000, size: '130GiB' }] } } },
    // 5.14's setup_vm_final() clips each range to memory_limit: the far bank is not mapped at all (no wrap)
    { name: '5.14, a bank 190 GiB above the load address: clipped, never mapped', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory_banks: FAR_BANKS } } },
    { name: '5.12, 101 GiB within -PAGE_OFFSET (128 GiB) of the load address: in the kernel half', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory_banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0x400000000, size: '100GiB' }] } } },
  ],
  invalid: [
    {
      // a bank across load_pa + -PAGE_OFFSET: its first 8 GiB less 2 MiB are linear map, the rest wraps to VA 0
      name: '5.12, a bank that crosses load address + 128 GiB: the part past it wraps to VA 0',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory_banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0x1e00000000, size: '16GiB' }] } },
      findings: [{ step: 'paging_init', message: /^RAM 0x2080200000–0x2200000000 is mapped at __va\(pa\) 0x00000000–0x17fe00000, outside the kernel's half/ }],
    },
    {
      // setup_bootmem() limits only the total size (memblock_enforce_memory_limit(-PAGE_OFFSET), R512 mm/init.c:117) and
      // setup_vm_final() maps __va(pa) of every range (:516-528): pa + va_pa_offset wraps past 2^64 into the user half
      name: '5.12, a bank 190 GiB above the load address: __va() wraps past 2^64, outside the kernel half',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory_banks: FAR_BANKS } },
      findings: [{
        step: 'paging_init', related: ['setup_vm'],
        message: /^RAM 0x3000000000–0x4900000000 is mapped at __va\(pa\) 0xf7fe00000–0x287fe00000, outside the kernel's half of the address space \(below KERN_VIRT_START 0xffffffc000000000\): __va\(\) wraps past 2\^64 for RAM more than -PAGE_OFFSET \(0x2000000000 bytes\) above the load address 0x80200000$/,
        fix: /give the machine RAM only below 0x2080200000/,
      }],
    },
    {
      name: '5.14 medlow: MAXPHYSMEM_2GB puts PAGE_OFFSET on KERNEL_LINK_ADDR',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' } },
      findings: [
        { step: 'setup_vm', message: /vmemmap .* overlaps modules/ },
        { step: 'setup_vm', message: /modules .* overlaps vmalloc/ },
        { step: 'setup_vm', message: /vmalloc .* overlaps bpf jit/ },
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

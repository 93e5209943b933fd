/**
 * linear-map-unmapped: a memblock allocation after setup_vm_final() lands in RAM that swapper_pg_dir does not
 * map. 5.14 ends each range at __pa(PAGE_OFFSET) + memory_limit (R514 mm/init.c:140,741-742) while
 * memblock_enforce_memory_limit() limits only the total size (:172, mm/memblock.c __find_max_addr()), so a bank
 * 124 GiB or more above the load address stays in memblock unmapped (break-254 F2); 5.10 and 5.12 map every range
 * (R510 mm/init.c:569-581, R512:516-528).
 */
import { describe, expect, it } from 'vitest';
import { largestMemParam, linearMapUnmapped, memparseText } from '../../../../src/arch/riscv/rules/linear-map-unmapped.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;
const GiB = 2 ** 30;
/** 2 GiB at the load address's bank, 4 GiB at 124 GiB: the second bank's top 2 GiB + 2 MiB lie past the 5.14 clip 0x1f80200000 */
const HIGH_BANK = { memory_banks: [{ base: 0x80000000, size: '2GiB' }, { base: 0x1f00000000, size: '4GiB' }], load_address: 0x80200000, dtb_address: 0x90000000 };
/** the second bank wholly past the clip (and, on ≤5.13, past 2^64 in __va()) */
const FAR_BANK = { memory_banks: [{ base: 0x80000000, size: '2GiB' }, { base: 0x2100000000, size: '4GiB' }], load_address: 0x80200000, dtb_address: 0x90000000 };

ruleTester(linearMapUnmapped, {
  valid: [
    { name: '5.14 as released (KASAN)', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { kasan: true } } },
    { name: '5.12 with a bank 124 GiB above the load address: no clip, setup_vm_final() maps every range', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: HIGH_BANK } },
    { name: '5.10 with the same banks', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: HIGH_BANK } },
    {
      // memblock_enforce_memory_limit(124 GiB) trims the one bank to 0x1f80000000, below the clip 0x1f80200000
      name: '5.14 with 130 GiB in one bank: the total limit trims it below the clip',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory: '130GiB', dtb_address: 0x90000000 } },
    },
    {
      // __va() of the top 2 GiB wraps past 2^64; create_pgd_mapping() indexes swapper with the wrapped address, so
      // it is mapped (in the user half: layout-collision's finding, not a fault here)
      name: '5.13 with 130 GiB: the RAM whose __va() wraps is mapped at the wrapped address',
      scenario: { ...rv, kernel: '5.13', order: ORDER_5_13, machine: { memory: '130GiB', dtb_address: 0x90000000 } },
    },
    { name: '5.14 MAXPHYSMEM_2GB with no RAM mapped at all: linear-map-empty\'s', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' } } },
  ],
  invalid: [
    {
      name: '5.14 with a bank past __pa(PAGE_OFFSET) + memory_limit: unflatten_device_tree()\'s allocation is not mapped (break-254 F2)',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: HIGH_BANK },
      findings: [{
        step: 'unflatten_device_tree', related: ['paging_init'], halts: 'here',
        message: /writes the struct device_node tree at 0xffffffff7fdf9000 = __va\(0x1fffff9000\) under swapper_pg_dir, which maps nothing there: .* = 0x80200000 \+ 124 GiB = 0x1f80200000, but memblock.memory keeps the RAM above it \(0x1f80200000–0x2000000000\)/,
        consequence: /vmalloc_fault\(\).*"Unable to handle kernel paging request at virtual address 0xffffffff7fdf9000"/,
        fix: /^boot with mem=2G: .*below the new end 0x100200000 .*; or give the machine no RAM at or above 0x1f80200000; no order of the calls avoids it/,
        // no order edit: the search replays nothing and the remedy stays
        searched: { fix: /^boot with mem=2G/, replays: 0 },
      }],
    },
    {
      name: '5.14 with a bank wholly past the clip: its __va() (wrapped) has no mapping at all',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: FAR_BANK },
      findings: [{
        step: 'unflatten_device_tree', halts: 'here', message: /at 0x17fdfc000 = __va\(0x21ffffc000\)/,
        consequence: /finds no mm in setup_arch\(\)/, fix: /^boot with mem=2G/,
      }],
    },
    {
      name: '5.14 MAXPHYSMEM_2GB with RAM at 0: only RAM below the wrapped end is mapped; memblock allocates above it',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' }, machine: { memory_banks: [{ base: 0, size: '16MiB' }, { base: 0x80000000, size: '2GiB' }], load_address: 0x80200000, dtb_address: 0xffe00000 } },
      findings: [{ step: 'unflatten_device_tree', message: /wraps to 0x00200000 \(MAXPHYSMEM_2GB\)/, fix: /MAXPHYSMEM_128GB/ }],
    },
    {
      // setup_vm_final() maps an empty memblock; parse_dtb adds the RAM later, and the first allocation lands in it
      name: '5.12 with paging_init before parse_dtb: the RAM joins memblock after setup_vm_final()',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(ORDER_5_12, 'paging_init', 'parse_dtb') },
      findings: [{
        step: 'init_resources', related: ['paging_init', 'parse_dtb'], message: /joined memblock.memory in parse_dtb \(step 2\), after setup_vm_final\(\)/,
        fix: /^move parse_dtb \(step 2\) before paging_init \(step 1\)$/,
      }],
      fixed: ORDER_5_12,
    },
  ],
});

describe('largestMemParam: the largest mem= with which 5.14 maps all the RAM memblock keeps', () => {
  const limit = 124 * GiB;
  it('keeps the load address\'s bank and drops the one past the clip', () => {
    expect(largestMemParam([{ start: 0x80000000, end: 0x100000000 }, { start: 0x1f00000000, end: 0x2000000000 }], 0x80200000, limit)).toBe(2 * GiB);
  });
  it('keeps a later bank while the holes below it (and the RAM below the load address) total at most 2 MiB', () => {
    // 0xc0100000 - 1 GiB = 0x80100000 ≤ 0x80200000: with mem=2047M the kept end 0x100000000 is below load + mem= = 0x100100000
    expect(largestMemParam([{ start: 0x80000000, end: 0xc0000000 }, { start: 0xc0100000, end: 0x100000000 }, { start: 0x1f00000000, end: 0x2000000000 }], 0x80200000, limit)).toBe(2047 * 2 ** 20);
  });
  it('stops at the first bank a larger hole puts past load + mem=', () => {
    expect(largestMemParam([{ start: 0x80000000, end: 0xc0000000 }, { start: 0x100000000, end: 0x140000000 }], 0x80200000, limit)).toBe(GiB);
  });
  it('is at most memory_limit', () => {
    expect(largestMemParam([{ start: 0x80000000, end: 0x80000000 + 200 * GiB }], 0x80200000, limit)).toBe(limit);
  });
  it('prints as memparse() reads it', () => {
    expect(memparseText(2 * GiB)).toBe('2G');
    expect(memparseText(1536 * 2 ** 20)).toBe('1536M');
    expect(memparseText(0xb8a80000)).toBe('3025408K');
  });
});

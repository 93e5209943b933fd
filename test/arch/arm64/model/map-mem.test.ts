import { describe, expect, it } from 'vitest';
import { kernelXRange, mapMemCalls, mapMemblockCalls } from '../../../../src/arch/arm64/mm/map-mem.js';

// v4.4 map_mem()/__map_memblock(): rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/mmu.c:309-399
const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('v4.4 map_mem() calls', () => {
  it('kernel_x is _stext rounded down and __init_end rounded up to 2 MiB', () => {
    expect(kernelXRange(0x80081000, 0x80d4e000)).toEqual({ start: 0x80000000, end: 0x80e00000 });
  });

  it('without DEBUG_RODATA: one PAGE_KERNEL_EXEC call per region', () => {
    expect(mapMemblockCalls(0x80000000, 0x100000000, null)).toEqual([{ start: 0x80000000, end: 0x100000000, prot: 'PAGE_KERNEL_EXEC' }]);
  });

  it('DEBUG_RODATA, kernel_x starting at the region start: two calls (no `start < kernel_x_start` call, mmu.c:326)', () => {
    const calls = mapMemblockCalls(0x80000000, 0x100000000, { start: 0x80000000, end: 0x80e00000 });
    expect(calls.map((c) => [c.start, c.end, c.prot])).toEqual([
      [0x80000000, 0x80e00000, 'PAGE_KERNEL_EXEC'],
      [0x80e00000, 0x100000000, 'PAGE_KERNEL'],
    ]);
  });

  it('DEBUG_RODATA, kernel_x inside the region: three calls', () => {
    expect(mapMemblockCalls(0x80000000, 0x100000000, { start: 0x80200000, end: 0x81000000 })).toHaveLength(3);
  });

  it('DEBUG_RODATA, a region wholly outside kernel_x: one PAGE_KERNEL call', () => {
    expect(mapMemblockCalls(0x100000000, 0x140000000, { start: 0x80000000, end: 0x80e00000 })).toEqual([{ start: 0x100000000, end: 0x140000000, prot: 'PAGE_KERNEL' }]);
  });

  it('the limit: PHYS_OFFSET + 1 GiB, lowered to a first bank that ends below it; the start rounded up to 2 MiB', () => {
    const calls = mapMemCalls([{ start: 0x80100000, end: 0x80000000 + 512 * MiB }, { start: 0x100000000, end: 0x100000000 + GiB }], 0x80000000, null);
    expect(calls).toEqual([
      { start: 0x80200000, end: 0xa0000000, prot: 'PAGE_KERNEL_EXEC', limit: 0xa0000000 },
      { start: 0x100000000, end: 0x140000000, prot: 'PAGE_KERNEL_EXEC', limit: 0xa0000000 },
    ]);
  });
});

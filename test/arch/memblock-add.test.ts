/**
 * memblockAddRanges (src/arch/memblock-add.ts): memblock_add_range() before
 * memblock_allow_resize() (mm/memblock.c at v4.6.5, 5.12.9). memblock.memory
 * holds INIT_MEMBLOCK_REGIONS (128) entries; an add that needs one more is
 * refused whole (-ENOMEM), even next to a region (insert, then merge).
 */
import { describe, expect, it } from 'vitest';
import { INIT_MEMBLOCK_REGIONS, memblockAddRanges } from '../../src/arch/memblock-add.js';

const MiB = 2 ** 20;
/** n separate 2 MiB ranges, 4 MiB apart, from `base` */
function separate(n: number, base = 0x80000000): { start: number; end: number }[] {
  return Array.from({ length: n }, (_, i) => ({ start: base + i * 4 * MiB, end: base + i * 4 * MiB + 2 * MiB }));
}

describe('memblock_add() before memblock_allow_resize(): INIT_MEMBLOCK_REGIONS entries', () => {
  it('128 separate banks fit; the 129th and after are refused, in the order given', () => {
    const banks = separate(200);
    const r = memblockAddRanges([], banks, false);
    expect(INIT_MEMBLOCK_REGIONS).toBe(128);
    expect(r.regions).toHaveLength(128);
    expect(r.taken).toEqual(banks.slice(0, 128));
    expect(r.refused).toEqual(banks.slice(128));
  });

  it('a full array refuses a bank that only touches a region: memblock inserts before it merges', () => {
    const banks = separate(128);
    const last = banks[127] as { start: number; end: number };
    const touching = { start: last.end, end: last.end + MiB };
    const r = memblockAddRanges([], [...banks, touching], false);
    expect(r.refused).toEqual([touching]);
    expect(r.regions).toHaveLength(128);
  });

  it('touching banks merge as they come, so a thousand of them are one region and none is refused', () => {
    const banks = Array.from({ length: 1000 }, (_, i) => ({ start: 0x80000000 + i * 2 * MiB, end: 0x80000000 + (i + 1) * 2 * MiB }));
    const r = memblockAddRanges([], banks, false);
    expect(r.refused).toEqual([]);
    expect(r.regions).toEqual([{ start: 0x80000000, end: 0x80000000 + 2000 * MiB }]);
  });

  it('a bank that lies inside a region needs no entry and is taken on a full array', () => {
    const banks = separate(128);
    const inside = { start: 0x80000000, end: 0x80000000 + MiB };
    expect(memblockAddRanges([], [...banks, inside], false).refused).toEqual([]);
  });

  it('after memblock_allow_resize() the array doubles: nothing is refused', () => {
    const r = memblockAddRanges([], separate(300), true);
    expect(r.refused).toEqual([]);
    expect(r.regions).toHaveLength(300);
  });

  it('the banks may come in any order: the regions are sorted', () => {
    const r = memblockAddRanges([], [{ start: 0x100000000, end: 0x140000000 }, { start: 0x80000000, end: 0xc0000000 }], false);
    expect(r.regions).toEqual([{ start: 0x80000000, end: 0xc0000000 }, { start: 0x100000000, end: 0x140000000 }]);
  });
});

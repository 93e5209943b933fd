/**
 * memblock_alloc() top-down (src/arch/arm64/mm/memblock.ts alloc): the
 * search hints (Memblock.hints, helper-183 1) are a cache only. On random
 * sequences of allocations, reservations and frees over many banks, with
 * limits and alignments, alloc() places exactly what a search from the top
 * of every bank places; and 64-byte allocations at 128-byte alignment (a
 * struct resource per region) stay fast with one reserved fragment each.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../prng.js';
import { addMemory, alloc, cloneMemblock, emptyMemblock, free, reserve, type Memblock } from '../../../../src/arch/arm64/mm/memblock.js';

const MiB = 2 ** 20;

/** alloc() without what earlier searches learnt: every search from the top of every bank. */
function fresh(m: Memblock, size: number, align: number, limit: number | null): number | null {
  m.hints = null;
  return alloc(m, size, align, limit);
}

describe('alloc(): the search hints change no placement', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 3,000 operations over 40 banks place alike with and without hints`, () => {
      const next = prng(seed);
      const hinted = emptyMemblock();
      addMemory(hinted, Array.from({ length: 40 }, (_, i) => ({ base: 0x80000000 + i * 4 * MiB, size: (1 + (i % 3)) * MiB })));
      const plain = cloneMemblock(hinted);
      const live: { start: number; end: number }[] = [];
      for (let op = 0; op < 3000; op++) {
        const r = next();
        if (r < 0.8) {
          const size = [64, 128, 4096, 8192, 65536][Math.floor(next() * 5)] as number;
          const align = [64, 128, 4096][Math.floor(next() * 3)] as number;
          const limit = next() < 0.2 ? 0x80000000 + Math.floor(next() * 160) * MiB : null;
          const a = alloc(hinted, size, align, limit);
          const b = fresh(plain, size, align, limit);
          expect(a, `op ${op}`).toBe(b);
          if (a !== null) live.push({ start: a, end: a + size });
        } else if (r < 0.9 && live.length > 0) {
          const x = live.splice(Math.floor(next() * live.length), 1)[0] as { start: number; end: number };
          free(hinted, x.start, x.end);
          free(plain, x.start, x.end);
        } else {
          const start = 0x80000000 + Math.floor(next() * 160 * 256) * 4096;
          reserve(hinted, start, start + 4096);
          reserve(plain, start, start + 4096);
        }
        if (op % 100 === 99) expect(hinted.reserved).toEqual(plain.reserved);
      }
    });
  }

  it('128 banks of 2 MiB: 20,000 struct resources (64 bytes at 128-byte alignment) are placed top-down, each 128 bytes below the last', () => {
    const m = emptyMemblock();
    addMemory(m, Array.from({ length: 128 }, (_, i) => ({ base: 0x80000000 + i * 4 * MiB, size: 2 * MiB })));
    const top = 0x80000000 + 127 * 4 * MiB + 2 * MiB;
    const placed: (number | null)[] = [];
    for (let i = 0; i < 20_000; i++) placed.push(alloc(m, 64, 128));
    expect(placed[0]).toBe(top - 128);
    expect(placed[1]).toBe(top - 256);
    // 16,384 fit in the top bank; the next one is at the top of the bank below
    expect(placed[16_384]).toBe(top - 4 * MiB - 128);
    expect(m.reserved.length).toBe(20_000);
  });
});

/**
 * memblockAlloc (src/arch/riscv/replay/mechanisms.ts) places exactly what
 * the scan it replaced placed (every earlier allocation checked per
 * candidate: review 17b, 2.2), on random sequences of allocations over
 * several banks, with limits (max_addr) and sizes that are not whole pages;
 * and a long top-down run stays fast.
 */
import { describe, expect, it } from 'vitest';
import type { ReplayContext } from '../../../../src/arch/riscv/replay/context.js';
import { dtbPages } from '../../../../src/arch/riscv/replay/context.js';
import { highestFreePages, memblockAlloc, takeRange, type Placed } from '../../../../src/arch/riscv/replay/mechanisms.js';
import { initRiscv } from '../../../../src/arch/riscv/replay/replay.js';
import { isRiscvScenario } from '../../../../src/arch/riscv/plugin.js';
import type { ModelState } from '../../../../src/arch/riscv/replay/state.js';
import type { Interval } from '../../../../src/arch/riscv/types.js';
import { alignDown, PAGE_SIZE } from '../../../../src/arch/riscv/geometry.js';
import { load, replayOf } from './helpers.js';
import { prng } from '../../../prng.js';

const MiB = 2 ** 20;

/** The placement as it was before the runs: every earlier allocation scanned for each candidate. */
function reference(ctx: ReplayContext, memory: readonly Interval[], allocs: Interval[], size: number | null, maxAddr: number | null): number | null {
  const need = size ?? PAGE_SIZE;
  const taken: Interval[] = [{ start: ctx.loadPa, end: ctx.loadPa + ctx.image.size }, dtbPages(ctx), ...allocs];
  for (let i = memory.length - 1; i >= 0; i--) {
    const bank = memory[i];
    if (bank === undefined) continue;
    let top = maxAddr === null ? bank.end : Math.min(bank.end, maxAddr);
    for (let guard = 0; guard <= taken.length && top - need >= bank.start; guard++) {
      const pa = alignDown(top - need, PAGE_SIZE);
      const hit = taken.find((t) => pa < t.end && pa + need > t.start);
      if (hit === undefined) {
        allocs.push({ start: pa, end: pa + need });
        return pa;
      }
      top = hit.start;
    }
  }
  return null;
}

/** A replay's state before any step, with memblock holding the scenario's banks (as parse_dtb leaves it). */
function fresh(machine: Readonly<Record<string, unknown>>): { ctx: ReplayContext; s: ModelState } {
  const r = load({ kernel: '5.14', order: ['parse_dtb'], machine });
  if (!r.ok || !isRiscvScenario(r.scenario)) throw new Error(`fixture does not load: ${r.ok ? r.scenario.arch : r.problems.map((p) => p.message).join('; ')}`);
  const { state } = initRiscv(r.scenario, () => undefined);
  state.model.memory = [...r.scenario.machine.banks];
  return { ctx: state.ctx, s: state.model };
}

const MACHINE = {
  memory_banks: [{ base: 0x80000000, size: '40MiB' }, { base: 0x83000000, size: '8MiB' }, { base: 0x84000000, size: '12MiB' }],
  dtb_address: 0x84500000,
};

describe('memblockAlloc', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: 400 allocations place what the scan placed', (seed) => {
    const { ctx, s } = fresh(MACHINE);
    const memory = s.memory;
    const mine: Interval[] = [];
    const rnd = prng(seed);
    for (let i = 0; i < 400; i++) {
      const r = rnd();
      const size = r < 0.2 ? null : r < 0.6 ? PAGE_SIZE * (1 + Math.floor(rnd() * 4)) : r < 0.8 ? 1 + Math.floor(rnd() * 3 * PAGE_SIZE) : Math.floor(rnd() * 2 * MiB) + 1;
      const q = rnd();
      const maxAddr = q < 0.7 ? null : 0x80000000 + Math.floor(rnd() * 80 * MiB);
      const want = reference(ctx, memory, mine, size, maxAddr);
      const got: Placed | null = memblockAlloc(ctx, s, `alloc ${i}`, size, maxAddr);
      expect(got?.pa ?? null, `allocation ${i} (size ${size}, max_addr ${maxAddr})`).toBe(want);
    }
    // the runs are the union of what was placed, sorted and disjoint
    for (let k = 1; k < s.allocs.length; k++) expect((s.allocs[k] as Interval).start).toBeGreaterThan((s.allocs[k - 1] as Interval).end);
  });

  it('2,048 top-down pages are placed in at most two runs (above and below the DTB) in well under a second', () => {
    const { ctx, s } = fresh({ memory: '2GiB' });
    const t0 = performance.now();
    for (let i = 0; i < 2048; i++) expect(memblockAlloc(ctx, s, 'page', PAGE_SIZE, null)).not.toBeNull();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(s.allocs.length).toBeLessThanOrEqual(2);
  });
});

describe('highestFreePages: the run one-page allocations fill next (setup_vm_final\'s page tables, break-254 F3)', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: taking runs places the pages memblockAlloc(PAGE_SIZE) would, one by one', (seed) => {
    const byPage = fresh(MACHINE);
    const byRun = fresh(MACHINE);
    const rnd = prng(seed);
    // obstacles: some allocations of odd sizes, the same in both
    for (let i = 0; i < 12; i++) {
      const size = 1 + Math.floor(rnd() * 3 * MiB);
      expect(memblockAlloc(byPage.ctx, byPage.s, `obstacle ${i}`, size, null)?.pa).toBe(memblockAlloc(byRun.ctx, byRun.s, `obstacle ${i}`, size, null)?.pa);
    }
    for (let round = 0; round < 6; round++) {
      const pages = 1 + Math.floor(rnd() * 700);
      const want: number[] = [];
      for (let i = 0; i < pages; i++) {
        const p = memblockAlloc(byPage.ctx, byPage.s, 'page', PAGE_SIZE, null);
        if (p === null) break;
        want.push(p.pa);
      }
      const got: number[] = [];
      while (got.length < pages) {
        const run = highestFreePages(byRun.ctx, byRun.s);
        if (run === null) break;
        const n = Math.min(pages - got.length, (run.end - run.start) / PAGE_SIZE);
        for (let k = 1; k <= n; k++) got.push(run.end - k * PAGE_SIZE);
        takeRange(byRun.s, run.end - n * PAGE_SIZE, run.end);
      }
      expect(got).toEqual(want);
      // a later allocation of another size lands in the same place either way
      const size = 1 + Math.floor(rnd() * MiB);
      expect(memblockAlloc(byRun.ctx, byRun.s, 'after', size, null)?.pa).toBe(memblockAlloc(byPage.ctx, byPage.s, 'after', size, null)?.pa);
    }
  });
});

describe('more than INIT_MEMBLOCK_REGIONS banks: parse_dtb\'s memblock_add() refuses the rest before setup_bootmem() (helper-180 F5)', () => {
  const hexOf = (n: number): string => `0x${n.toString(16)}`;
  // 1 GiB, then 199 separate 2 MiB banks 4 MiB apart: 200 regions for 128 entries
  const banks = [{ base: '0x80000000', size: '1GiB' }, ...Array.from({ length: 199 }, (_, i) => ({ base: hexOf(0xc0400000 + i * 0x400000), size: '2MiB' }))];
  const added = (t: ReturnType<typeof replayOf>): { what: string; n: number }[] => t.events.flatMap((e) => (e.kind === 'memblock' && e.what.startsWith('memblock_add()') ? [{ what: e.what, n: e.banks.length }] : []));

  it('5.12: the first 128 banks are RAM; the event says which were refused and why', () => {
    expect(added(replayOf({ kernel: '5.12', machine: { memory_banks: banks } }))).toEqual([{
      what: 'memblock_add() of the /memory nodes; memblock_add() refuses 72 of the 200 banks, from 0xe0000000 on (144 MiB) with -ENOMEM: memblock.memory holds INIT_MEMBLOCK_REGIONS (128) regions until setup_bootmem()\'s memblock_allow_resize(), and early_init_dt_add_memory_arch() ignores the error: the kernel never uses that RAM',
      n: 128,
    }]);
  });

  it('banks listed out of order are added in the DT\'s order: the last-listed are refused (helper-184 1: they were sorted first)', () => {
    const reversed = [...banks].reverse();
    const t = replayOf({ kernel: '5.12', machine: { memory_banks: reversed } });
    const events = added(t);
    expect(events.map((e) => e.n)).toEqual([128]);
    // the first 128 listed are the highest 128 banks: the 1 GiB bank at 0x80000000 and the 71 lowest 2 MiB ones are refused
    expect(events[0]?.what).toMatch(/refuses 72 of the 200 banks, from 0xd1c00000 on/);
    const memory = t.events.filter((e) => e.kind === 'memblock').at(-1);
    expect(memory?.kind === 'memblock' ? memory.banks[0]?.start : undefined).toBe(0xc0400000 + 71 * 0x400000);
  });

  it('128 banks: all of them, nothing said', () => {
    expect(added(replayOf({ kernel: '5.12', machine: { memory_banks: banks.slice(0, 128) } }))).toEqual([{ what: 'memblock_add() of the /memory nodes', n: 128 }]);
  });
});

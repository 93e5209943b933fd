/**
 * The arm64 model on real orders: what head.S builds, what paging_init
 * leaves live per version, KASLR's offset and second pass, the cost
 * independence from RAM size, and clone/determinism for the generic driver.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isExact } from '../../../../src/arch/arm64/addr.js';
import { arm64, replayArm64 } from '../../../../src/arch/arm64/plugin.js';
import type { Arm64Trace } from '../../../../src/arch/arm64/types.js';
import { translate } from '../../../../src/arch/arm64/mm/tables.js';
import { replayWith, stepRef } from '../../../../src/replay/replay.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import type { Scenario } from '../../../../src/scenario/types.js';
import { describeArm64Event } from '../../../../src/arch/arm64/render/trace-text.js';
import { moveAfter, ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, withLate } from '../fixtures/orders.js';

function load(kernel: string, order: readonly string[], config: object = {}, machine: object = {}): Scenario {
  const r = parseScenario(stringify({ arch: 'arm64', kernel, config, machine, setup_arch: [...order] }), 'model.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.scenario;
}

function replay(kernel: string, order: readonly string[], config: object = {}, machine: object = {}): Arm64Trace {
  return replayArm64(load(kernel, order, config, machine));
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function table(t: Arm64Trace, name: string) {
  const found = t.final.tables.find((x) => x.name === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
}

describe('head.S (step 0)', () => {
  it('v4.4: the kernel lives in the linear map, RWX 2 MiB blocks from PAGE_OFFSET to __va(_end) inclusive', () => {
    const t = replay('v4.4', ['early_fixmap_init']);
    const writes = t.events.filter((e) => e.kind === 'pte-write' && e.via === '__create_page_tables' && e.new.kind === 'block');
    expect(writes.map((e) => (e.kind === 'pte-write' ? [e.table, hex(e.va), hex(e.end), hex(e.new.oa), e.new.prot] : []))).toEqual([
      ['idmap_pg_dir+1', '0x80800000', '0x80a00000', '0x80800000', 'SWAPPER_MM_MMUFLAGS'],
      ['swapper_pg_dir+1', '0xffffffc000000000', '0xffffffc000e00000', '0x80000000', 'SWAPPER_MM_MMUFLAGS'],
    ]);
    expect(t.steps.filter((s) => s.implicit).map((s) => s.name)).toEqual(['__create_page_tables', '__enable_mmu', '__mmap_switched']);
  });

  it('v4.6: only the image, at KIMAGE_VADDR; memstart_addr stays -1 until arm64_memblock_init', () => {
    const t = replay('v4.6', ['early_fixmap_init'], { va_bits: 48 });
    const kernel = t.events.find((e) => e.kind === 'pte-write' && e.table === 'swapper_pg_dir+2');
    expect(kernel?.kind === 'pte-write' ? [hex(kernel.va), hex(kernel.end)] : []).toEqual(['0xffff000008000000', '0xffff000008e00000']);
    expect(t.final.memstart).toBeNull();
  });

  it('KASAN: kasan_early_init points every shadow pgd entry at kasan_zero_pud', () => {
    const t = replay('v4.7', ['early_fixmap_init'], { va_bits: 48, kasan: true });
    const w = t.events.find((e) => e.kind === 'pte-write' && e.via === 'kasan_early_init' && e.table === 'swapper_pg_dir');
    expect(w?.kind === 'pte-write' ? [w.entries, hex(w.va), hex(w.end), w.new.table] : []).toEqual([64, '0xffff000000000000', '0xffff200000000000', 'kasan_zero_pud']);
  });
});

describe('KASLR (kaslr_early_init, arch/arm64/kernel/kaslr.c)', () => {
  const kaslr = (seed: string, kernel = 'v4.6', cmdline = '') => replay(kernel, ORDER_V4_6.slice(0, 3), { randomize_base: true }, { kaslr_seed: seed, cmdline });

  it('offset = seed & ((1 << (VA_BITS - 2)) - 1) & ~(2M - 1); the second pass runs', () => {
    const t = kaslr('0x1234567800000');
    expect(t.events.find((e) => e.kind === 'kaslr')).toMatchObject({ offset: 0x567800000 });
    expect(t.final.kaslrOffset).toBe(0x567800000);
    expect(t.steps.filter((s) => s.implicit).map((s) => s.name)).toEqual([
      '__create_page_tables', '__enable_mmu', '__mmap_switched', 'kaslr_early_init', '__enable_mmu', '__mmap_switched',
    ]);
    expect(hex(t.final.image._text)).toBe('0xffffff856f880000');
  });

  it('the seed is a full u64 (get_kaslr_seed returns u64): written in YAML or as text, the offset comes from its low bits exactly', () => {
    // kaslr.c v4.6 (chenlihao92/archlinux-4.6.5@b9b6ded13942:arch/arm64/kernel/kaslr.c:80,125,128): offset = seed & mask; memstart_offset_seed = seed >> 48
    const yaml = (seed: string) => {
      const r = parseScenario(`arch: arm64\nkernel: v4.6\nconfig: {randomize_base: true}\nmachine: {kaslr_seed: ${seed}}\nsetup_arch: [early_fixmap_init]\n`, 'seed.yaml');
      if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
      return replayArm64(r.scenario);
    };
    for (const t of [yaml('0xfedcba9876543210'), yaml('18364758544493064720'), kaslr('0xfedcba9876543210')]) {
      const e = t.events.find((x) => x.kind === 'kaslr');
      expect(e?.kind === 'kaslr' ? e.seed : null).toBe('0xfedcba9876543210');
      // VA_BITS 39: mask = (1 << 37) - 1 & ~(2M - 1) → 0x1876400000
      expect(e?.kind === 'kaslr' ? hex(e.offset) : null).toBe('0x1876400000');
    }
    const bad = parseScenario('arch: arm64\nkernel: v4.6\nmachine: {kaslr_seed: 0x10000000000000000}\nsetup_arch: [early_fixmap_init]\n', 'seed.yaml');
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual([expect.stringMatching(/machine\.kaslr_seed.*not an unsigned 64-bit integer/)]);
  });

  it('an image that would straddle a 1 GiB boundary moves up by its size', () => {
    // KIMAGE_VADDR + 0x37e00000 puts _text at 1 GiB - 0x180000 below a boundary and _end above it
    const t = kaslr(hex(0x37e00000));
    const e = t.events.find((x) => x.kind === 'kaslr');
    expect(e?.kind === 'kaslr' ? e.offset : 0).toBeGreaterThan(0x37e00000);
    const { _text, _end } = t.final.image;
    expect(Math.floor(_text / 2 ** 30)).toBe(Math.floor(_end / 2 ** 30));
  });

  it('a seed with image offset 0 but top bits set leaves the image in place and still randomizes the linear region (kaslr.c:128, v4.6)', () => {
    const t = kaslr('0xfedc000000000000');
    const e = t.events.find((x) => x.kind === 'kaslr');
    expect(e?.kind === 'kaslr' ? [e.offset, e.reason] : null).toEqual([0, 'the seed gives image offset 0, the kernel stays put; bits 48-63 (memstart_offset_seed 0xfedc) still randomize the linear region']);
    expect(t.final.kaslrOffset).toBe(0);
  });

  it('no seed, or nokaslr: one pass, kaslr_early_init\'s early_fixmap_init stays', () => {
    for (const t of [kaslr('0'), kaslr('0x1234567800000', 'v4.6', 'nokaslr')]) {
      expect(t.final.kaslrOffset).toBe(0);
      expect(t.steps.filter((s) => s.name === '__enable_mmu')).toHaveLength(1);
    }
  });

  it('v4.7 invalidates the TLB before the MMU goes back on, v4.6 does not', () => {
    const fns = (k: string) => replay(k, ['early_fixmap_init'], { randomize_base: true }, { kaslr_seed: '0x1234567800000' }).events.filter((e) => e.kind === 'tlbi' && e.step.implicit);
    expect(fns('v4.6')).toHaveLength(0);
    expect(fns('v4.7').map((e) => (e.kind === 'tlbi' ? e.fn : ''))).toEqual(['tlbi vmalle1']);
  });
});

describe('paging_init per version', () => {
  it('v4.4: TTBR1 stays swapper_pg_dir, the linear map is live, TTBR0 ends reserved', () => {
    const t = replay('v4.4', ORDER_V4_4);
    expect([t.final.ttbr0, t.final.ttbr1]).toEqual(['reserved', 'swapper_pg_dir']);
    expect(t.events.some((e) => e.kind === 'ttbr' && e.reg === 1 && e.step.name === 'paging_init')).toBe(false);
  });

  it('v4.6: two cpu_replace_ttbr1() switches, the temporary pgd and head.S\'s pud/pmd pages freed', () => {
    const t = replay('v4.6', ORDER_V4_6, { va_bits: 48 });
    const switches = t.events.filter((e) => e.kind === 'ttbr' && e.reg === 1 && e.step.name === 'paging_init');
    expect(switches.map((e) => (e.kind === 'ttbr' ? `${e.from}→${e.to} ${e.via}` : ''))).toEqual([
      'swapper_pg_dir→pgd (memblock) cpu_replace_ttbr1', 'pgd (memblock)→swapper_pg_dir cpu_replace_ttbr1',
    ]);
    expect(table(t, 'pgd (memblock)').freed).toBe(true);
    expect(table(t, 'swapper_pg_dir+1').freed).toBe(true);
    expect(table(t, 'swapper_pg_dir+2').freed).toBe(true);
    // bm_* stay shared with the new tables, and live
    expect(table(t, 'bm_pte').live).toBe(true);
    // the only live writes of paging_init are the FIX_* slots and bootmem_init's vmemmap, which only creates entries
    const live = t.events.filter((e) => e.kind === 'pte-write' && e.step.name === 'paging_init' && e.live && e.table !== 'bm_pte');
    expect(live.length).toBeGreaterThan(0);
    for (const e of live) expect(e.kind === 'pte-write' ? [e.via, e.old.kind] : []).toEqual(['bootmem_init', 'invalid']);
  });

  it('after paging_init the linear map translates __va(pa) to pa; the RO alias of the text is read-only', () => {
    const s = load('v4.7', ORDER_V4_7);
    const t = replayArm64(s);
    const root = t.final.tables.findIndex((x) => x.name === 'swapper_pg_dir');
    const set = { tables: t.final.tables.map((x, id) => ({ ...x, id, runs: [...x.runs], pointer: null })) };
    const va = t.va.PAGE_OFFSET + 0x40001000;
    expect(translate(set, root, va)?.pa).toBe(0x80000000 + 0x40001000);
    const alias = t.va.PAGE_OFFSET + (0x80000000 + 0x200000 - 0x80000000);
    expect(translate(set, root, alias)?.prot).toBe('PAGE_KERNEL_RO');
  });
});

describe('cost does not depend on RAM size (runs, never pages)', () => {
  it.each([['v4.4', ORDER_V4_4], ['v4.6', ORDER_V4_6], ['v4.7', ORDER_V4_7]] as const)('%s: 64 GiB vs 64 MiB', (kernel, order) => {
    const small = replay(kernel, withLate(order), { kasan: true, va_bits: 48 }, { memory: '64MiB' });
    const big = replay(kernel, withLate(order), { kasan: true, va_bits: 48 }, { memory: '64GiB' });
    const runs = (t: Arm64Trace) => t.final.tables.reduce((n, x) => n + x.runs.length, 0);
    expect(Math.abs(big.events.length - small.events.length)).toBeLessThanOrEqual(12);
    expect(Math.abs(big.final.tables.length - small.final.tables.length)).toBeLessThanOrEqual(4);
    expect(runs(big)).toBeLessThan(300);
  });
});

describe('the generic driver\'s contract', () => {
  it('clone() is an independent copy: replaying a step on the clone leaves the original alone', () => {
    const s = load('v4.6', ORDER_V4_6);
    const { state } = arm64.init(s as Parameters<typeof arm64.init>[0], () => undefined);
    const copy = arm64.clone(state);
    for (let i = 0; i < s.steps.length; i++) arm64.apply(copy, stepRef(s, i), () => undefined);
    expect(state.model.ttbr0).not.toBe(copy.model.ttbr0);
    expect(state.model.set.tables.length).toBeLessThan(copy.model.set.tables.length);
    expect(state.model.memstart).toBeNull();
  });

  it('is deterministic and every address it records is exact', () => {
    const s = load('v4.6', withLate(ORDER_V4_6), { kasan: true, randomize_base: true, va_bits: 48 }, { kaslr_seed: '0x5f3a1c9d2e7b4' });
    const a = replayWith(arm64, s as Parameters<typeof arm64.init>[0]);
    const b = replayWith(arm64, s as Parameters<typeof arm64.init>[0]);
    // a linear-access event's va is a 64-bit bigint (mm.ts linearVaExact)
    const text = (events: unknown): string => JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    expect(text(a.events)).toBe(text(b.events));
    for (const e of a.events) if (e.kind === 'pte-write') expect(isExact(e.va) && isExact(e.end) && isExact(e.new.oa)).toBe(true);
  });
});

describe('a table allocation that fails stops the boot: nothing is installed', () => {
  it('v4.6 setup_machine_fdt before early_fixmap_init: BUG_ON(!pgtable_alloc) in alloc_init_pmd, so no pmd is written into swapper_pg_dir and early_fixmap_init replaces an invalid entry (review 9)', () => {
    const t = replay('v4.6', moveAfter(ORDER_V4_6, 'early_fixmap_init', 'setup_machine_fdt'));
    const alloc = t.events.find((e) => e.kind === 'table-alloc' && e.via === 'fixmap_remap_fdt');
    expect(alloc?.kind === 'table-alloc' && alloc.pa).toBeNull();
    if (alloc === undefined) throw new Error('no table-alloc');
    expect(describeArm64Event(alloc)).toBe('fixmap_remap_fdt: needs a new pmd table and gets none — create_mapping_noalloc() has no allocator: BUG_ON(!pgtable_alloc): the boot stops here (the model installs nothing and goes on)');
    // chenlihao92/archlinux-4.6.5@b9b6ded1:arch/arm64/mm/mmu.c:189-193: BUG_ON before pgtable_alloc() and pmd_set_fixmap()
    expect(t.events.filter((e) => (e.kind === 'pte-write' || e.kind === 'fixmap-walk') && e.via === 'fixmap_remap_fdt')).toEqual([]);
    const hook = t.events.find((e) => e.kind === 'pte-write' && e.via === 'early_fixmap_init' && e.table === 'swapper_pg_dir');
    expect(hook?.kind === 'pte-write' && hook.old.kind).toBe('invalid');
  });

  it('v4.6 paging_init before setup_machine_fdt: early_pgtable_alloc()\'s memblock_alloc() panics for the pgd; map_kernel has no pgd to map into', () => {
    const t = replay('v4.6', ['paging_init', ...ORDER_V4_6.filter((c) => c !== 'paging_init')]);
    const allocs = t.events.filter((e) => e.kind === 'table-alloc' && e.step.name === 'paging_init');
    expect(allocs.map((e) => e.kind === 'table-alloc' && e.pa)).toEqual([null]);
    expect(t.events.some((e) => e.kind === 'note' && e.text === 'map_kernel: no pgd from paging_init to map into')).toBe(true);
  });
});

describe('pXd_set_fixmap(phys) as a step: which table page the slot maps', () => {
  const slotSets = (t: Arm64Trace) => t.events.filter((e) => e.kind === 'fixmap-slot' && e.action === 'set' && e.holder === 'pmd_set_fixmap');

  it('before memblock has RAM: the static bm_pmd, as fixmap_remap_fdt\'s walk maps it (pmd_set_fixmap_offset(), chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/mmu.c:207); no made-up pa 0', () => {
    const t = replay('v4.6', moveAfter(ORDER_V4_6, 'pmd_set_fixmap', 'early_fixmap_init'));
    const bmPmd = table(t, 'bm_pmd').pa;
    expect(slotSets(t).map((e) => e.kind === 'fixmap-slot' && e.pa)).toEqual([bmPmd]);
    expect(t.events.some((e) => e.kind === 'note' && e.text === `pmd_set_fixmap: memblock has no RAM yet, so the table page is the image's static bm_pmd (${hex(bmPmd)}), as fixmap_remap_fdt's walk maps it`)).toBe(true);
    // the walks that find the slot held do not say which page they would map: no "→ 0x00000000"
    const busy = t.events.filter((e) => e.kind === 'fixmap-slot' && e.busy !== null);
    expect(busy.length).toBeGreaterThan(0);
    for (const e of busy) expect(describeArm64Event(e)).not.toMatch(/→/);
  });

  it('once memblock has RAM: a fresh page from memblock_alloc() as early_pgtable_alloc() gets it (mmu.c:74-80), inside the machine\'s RAM', () => {
    const t = replay('v4.6', moveAfter(ORDER_V4_6, 'pmd_set_fixmap', 'arm64_memblock_init'));
    const [set] = slotSets(t);
    const pa = set?.kind === 'fixmap-slot' ? set.pa : null;
    expect(pa).not.toBeNull();
    expect(pa).toBeGreaterThanOrEqual(0x80000000);
    expect(pa).toBeLessThan(0x80000000 + 2 ** 31);
    expect(pa).not.toBe(table(t, 'bm_pmd').pa);
    expect(t.events.some((e) => e.kind === 'note' && e.text.includes('static bm_pmd'))).toBe(false);
  });

  it('at VA_BITS=48 FIX_PGD before memblock has RAM maps swapper_pg_dir', () => {
    const t = replay('v4.6', moveAfter(ORDER_V4_6, 'pgd_set_fixmap', 'early_fixmap_init'), { va_bits: 48 });
    const set = t.events.find((e) => e.kind === 'fixmap-slot' && e.holder === 'pgd_set_fixmap');
    expect(set?.kind === 'fixmap-slot' && set.pa).toBe(table(t, 'swapper_pg_dir').pa);
  });
});

describe('alloc_bootmem_low(): below ARCH_LOW_ADDRESS_LIMIT = arm64_dma_phys_limit - 1', () => {
  // 0x80000000+1 GiB and 0xc0000000+512 MiB touch (one memblock region), 0x100000000+1 GiB is the second
  const BANKS = { banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0xc0000000, size: '512MiB' }, { base: 0x100000000, size: '1GiB' }] };
  const resources = (t: Arm64Trace): string[] => t.events.flatMap((e) => (e.kind === 'linear-access' && e.step.name === 'request_standard_resources' ? [hex(e.pa)] : []));

  it('after arm64_memblock_init: max_zone_dma_phys(), the 4 GiB window DRAM starts in, so struct resource lands below 4 GiB', () => {
    // one 64-byte struct resource per region at 128-byte alignment, top-down below 0xffffffff (A46 init.c:83-87,241-242),
    // under the 16 MiB CMA area dma_contiguous_reserve() took at the top of that window, 0xdf000000–0xe0000000
    expect(resources(replay('v4.6', ORDER_V4_6, {}, BANKS))).toEqual(['0xdeffff80', '0xdeffff00']);
  });

  it('before it: arm64_dma_phys_limit is still 0, the limit ~0, so memblock takes the top of RAM (helper-180, 3: was below 4 GiB)', () => {
    // arm64_dma_phys_limit is a zero-initialised global (A46 arch/arm64/mm/init.c:58), ARCH_LOW_ADDRESS_LIMIT
    // (arm64_dma_phys_limit - 1) is ~0 (asm/processor.h:51)
    const order = moveAfter(ORDER_V4_6, 'request_standard_resources', 'setup_machine_fdt');
    expect(resources(replay('v4.6', order, {}, BANKS))).toEqual(['0x13fffff80', '0x13fffff00']);
    expect(resources(replay('v4.4', moveAfter(ORDER_V4_4, 'request_standard_resources', 'setup_machine_fdt'), {}, BANKS))).toEqual(['0x13fffff80', '0x13fffff00']);
  });
});

describe('the default CMA area: arm64_memblock_init()\'s dma_contiguous_reserve(arm64_dma_phys_limit)', () => {
  const cma = (t: Arm64Trace): string[] => t.events.flatMap((e) => (e.kind === 'cma' ? [describeArm64Event(e)] : []));
  const ORDER = withLate(ORDER_V4_6);

  it('defconfig (CONFIG_DMA_CMA=y, CMA_SIZE_MBYTES=16): 16 MiB, 4 MiB-aligned, at the top of the DMA window, below everything paging_init allocates', () => {
    const t = replay('v4.6', ORDER);
    expect(cma(t)).toEqual(['dma_contiguous_reserve(): CONFIG_CMA_SIZE_MBYTES=16: the CMA area 0xff000000–0x100000000 (16 MiB) reserved in memblock']);
    expect(hex(table(t, 'pmd (memblock)').pa)).toBe('0xfeffe000');
    // v4.4 and v4.7 alike (the same dma_contiguous_reserve() and cma_declare_contiguous())
    expect(cma(replay('v4.4', withLate(ORDER_V4_4)))).toEqual(cma(t));
    expect(cma(replay('v4.7', ORDER_V4_7))).toEqual(cma(t));
  });

  it('below the DMA limit: with 8 GiB from 0x80000000, the top of the first 4 GiB window, not of RAM', () => {
    expect(cma(replay('v4.6', ORDER, {}, { memory: '8GiB' }))).toEqual(['dma_contiguous_reserve(): CONFIG_CMA_SIZE_MBYTES=16: the CMA area 0xff000000–0x100000000 (16 MiB) reserved in memblock']);
    // RAM from 4 GiB: max_zone_dma_phys() is the end of the window DRAM starts in, 0x200000000
    expect(cma(replay('v4.6', ORDER, {}, { phys_offset: '0x100000000', memory: '8GiB' }))).toEqual(['dma_contiguous_reserve(): CONFIG_CMA_SIZE_MBYTES=16: the CMA area 0x1ff000000–0x200000000 (16 MiB) reserved in memblock']);
  });

  it('CONFIG_DMA_CMA=n or CMA_SIZE_MBYTES=0: no area, and the tables are at the top of RAM', () => {
    for (const config of [{ dma_cma: false }, { cma_size_mbytes: 0 }]) {
      const t = replay('v4.6', ORDER, config);
      expect(cma(t)).toEqual([]);
      expect(hex(table(t, 'pmd (memblock)').pa)).toBe('0xffffe000');
    }
  });

  it('cma= on the command line wins over the config: a size rounded up to 4 MiB; SIZE@BASE-LIMIT places it below LIMIT; SIZE@BASE is fixed', () => {
    const at = (cmdline: string, config: object = {}): string[] => cma(replay('v4.6', ORDER, config, { cmdline }));
    expect(at('cma=10M')).toEqual(['dma_contiguous_reserve(): cma=10M: the CMA area 0xff400000–0x100000000 (12 MiB) reserved in memblock']);
    expect(at('cma=64M', { cma_size_mbytes: 0 })).toEqual(['dma_contiguous_reserve(): cma=64M: the CMA area 0xfc000000–0x100000000 (64 MiB) reserved in memblock']);
    expect(at('cma=0')).toEqual([]);
    expect(at('cma=32M@0x90000000-0xc0000000')).toEqual(['dma_contiguous_reserve(): cma=32M@0x90000000-0xc0000000: the CMA area 0xbe000000–0xc0000000 (32 MiB) reserved in memblock']);
    expect(at('cma=32M@0x90000000')).toEqual(['dma_contiguous_reserve(): cma=32M@0x90000000: the CMA area 0x90000000–0x92000000 (32 MiB) reserved in memblock']);
    // memblock_reserve() takes a fixed area outside RAM too; activating it later is what breaks (helper-182, 4)
    expect(at('cma=16M@0x10000000')).toEqual([
      'dma_contiguous_reserve(): cma=16M@0x10000000: the CMA area 0x10000000–0x11000000 (16 MiB) reserved in memblock — outside memblock.memory: cma_activate_area() later hits WARN_ON_ONCE(!pfn_valid(pfn)) and reads page_zone() of pages that do not exist (mm/cma.c:109-120)',
    ]);
    // the last cma= sets the size; the base and limit of an earlier one with @ stay (early_cma())
    expect(at('cma=32M@0x90000000-0xc0000000 cma=8M')).toEqual(['dma_contiguous_reserve(): cma=8M: the CMA area 0xbf800000–0xc0000000 (8 MiB) reserved in memblock']);
  });

  it('a reservation that fails does not stop the boot: "Failed to reserve N MiB", no area', () => {
    // fixed over the kernel image, which arm64_memblock_init() reserved just before: -EBUSY
    expect(cma(replay('v4.6', ORDER, {}, { cmdline: 'cma=4M@0x80000000' }))).toEqual([
      'dma_contiguous_reserve(): cma=4M@0x80000000: "Failed to reserve 4 MiB" (-EBUSY: 0x80000000–0x80400000 is already memblock_reserve()d): no default CMA area',
    ]);
    // more than the DMA window holds: -ENOMEM
    const big = cma(replay('v4.6', ORDER, {}, { cmdline: 'cma=3G' }));
    expect(big).toEqual(['dma_contiguous_reserve(): cma=3G: "Failed to reserve 3072 MiB" (-ENOMEM: no free 4 MiB-aligned range of 0xc0000000 bytes in 0x0–0x100000000): no default CMA area']);
  });

  it('cma= is read by parse_early_param(): after arm64_memblock_init it comes too late, and the config\'s size is used', () => {
    const late = moveAfter(ORDER, 'parse_early_param', 'arm64_memblock_init');
    expect(cma(replayArm64(load('v4.6', late, {}, { cmdline: 'cma=64M' })))).toEqual(['dma_contiguous_reserve(): CONFIG_CMA_SIZE_MBYTES=16: the CMA area 0xff000000–0x100000000 (16 MiB) reserved in memblock']);
  });
});

describe('the layout values say where RAM is (helper-181, 4: diff said "layout: same" for 2 GiB vs 34 GiB)', () => {
  it('memblock_start_of_DRAM, memblock_end_of_DRAM and high_memory = __va(end of DRAM), as mem_init() prints the memory line', () => {
    const t = replay('v4.6', ORDER_V4_6, {}, { banks: [{ base: 0x80000000, size: '1GiB' }, { base: 0x100000000, size: '1GiB' }] });
    const value = (name: string): string | null => {
      const found = t.layout.values.find((x) => x.name === name);
      return found === undefined || found.value === null ? null : hex(found.value);
    };
    expect([value('memblock_start_of_DRAM'), value('memblock_end_of_DRAM'), value('high_memory')]).toEqual(['0x80000000', '0x140000000', '0xffffffc0c0000000']);
    const highMemory = (t: Arm64Trace): number | null | undefined => t.layout.values.find((x) => x.name === 'high_memory')?.value;
    // before arm64_memblock_init() PHYS_OFFSET is -1: no high_memory yet
    expect(highMemory(replay('v4.6', ['early_fixmap_init', 'setup_machine_fdt']))).toBeNull();
    // v4.6 sets it at the end of bootmem_init(), which paging_init() calls (A46 init.c:269): without it, NULL (helper-182, 5)
    expect(highMemory(replay('v4.6', ORDER_V4_6.filter((c) => c !== 'paging_init')))).toBeNull();
    // v4.4 sets it in arm64_memblock_init() (A44 init.c:185)
    expect(highMemory(replay('v4.4', ORDER_V4_4.filter((c) => c !== 'paging_init')))).toBe(0xffffffc080000000);
  });
});

describe('more than INIT_MEMBLOCK_REGIONS banks: memblock_add() refuses the rest before arm64_memblock_init() (helper-180 F5)', () => {
  // 1 GiB, then 199 separate 2 MiB banks 4 MiB apart: 200 regions for 128 entries
  const banks = [{ base: '0x80000000', size: '1GiB' }, ...Array.from({ length: 199 }, (_, i) => ({ base: hex(0xc0400000 + i * 0x400000), size: '2MiB' }))];
  const resources = (t: Arm64Trace): number => t.events.filter((e) => e.kind === 'linear-access' && e.step.name === 'request_standard_resources').length;
  const endOfDram = (t: Arm64Trace): string => hex(t.layout.values.find((x) => x.name === 'memblock_end_of_DRAM')?.value ?? 0);
  const refusals = (t: Arm64Trace): string[] => t.events.flatMap((e) => (e.kind === 'note' && e.text.includes('memblock_add() refuses') ? [`${e.step.name}: ${e.text}`] : []));

  it('v4.6: setup_machine_fdt keeps the first 128 banks and says which it dropped; request_standard_resources makes 128 resources', () => {
    const t = replay('v4.6', ORDER_V4_6, {}, { banks });
    expect(refusals(t)).toEqual([
      'setup_machine_fdt: early_init_dt_scan(): memblock_add() refuses 72 of the 200 banks, from 0xe0000000 on (144 MiB) with -ENOMEM: memblock.memory holds INIT_MEMBLOCK_REGIONS (128) regions until memblock_allow_resize() at the end of arm64_memblock_init(), and early_init_dt_add_memory_arch() ignores the error: the kernel never uses that RAM',
    ]);
    expect(resources(t)).toBe(128);
    // the 128th bank is the last RAM memblock knows
    expect(endOfDram(t)).toBe(hex(0xc0400000 + 126 * 0x400000 + 0x200000));
  });

  it('128 banks: none refused, no note, 128 resources', () => {
    const t = replay('v4.6', ORDER_V4_6, {}, { banks: banks.slice(0, 128) });
    expect(refusals(t)).toEqual([]);
    expect(resources(t)).toBe(128);
  });

  it('arm64_memblock_init() before setup_machine_fdt: memblock_allow_resize() has run, and all 200 banks are RAM', () => {
    const order = ['early_fixmap_init', 'arm64_memblock_init', 'setup_machine_fdt'];
    const t = replay('v4.6', order, {}, { banks });
    expect(refusals(t)).toEqual([]);
    expect(endOfDram(t)).toBe(hex(0xc0400000 + 198 * 0x400000 + 0x200000));
  });
});

describe('parse_early_param and boot_command_line (break-290 F6)', () => {
  // boot_command_line is filled only by setup_machine_fdt() → early_init_dt_scan() → early_init_dt_scan_chosen()
  // (drivers/of/fdt.c:1046-1081,1195,1204-1212 and arch/arm64/kernel/setup.c:185,244-246 @01851de9);
  // parse_early_param() returns at once when its static `done` is set (init/main.c:437-443 @01851de9)
  const EARLYCON = { cmdline: 'earlycon=pl011,0x9000000 cma=64M' };
  const earlyconWrites = (t: Arm64Trace) => t.events.filter((e) => e.kind === 'pte-write' && e.step.name === 'parse_early_param').length;

  it('before setup_machine_fdt: an empty command line, no UART mapped, no cma= read', () => {
    const order = ['parse_early_param', ...ORDER_V4_7.filter((c) => c !== 'parse_early_param')];
    const t = replay('v4.7', order, { va_bits: 48 }, EARLYCON);
    expect(earlyconWrites(t)).toBe(0);
    expect(t.events.some((e) => e.kind === 'note' && e.step.name === 'parse_early_param' && /boot_command_line is still empty/.test(e.text))).toBe(true);
  });

  it('after setup_machine_fdt, as released: earlycon= maps its UART', () => {
    expect(earlyconWrites(replay('v4.7', ORDER_V4_7, { va_bits: 48 }, EARLYCON))).toBe(1);
  });

  it('a second call parses nothing: `done` is set', () => {
    const order = [...ORDER_V4_7.slice(0, 3), 'parse_early_param', ...ORDER_V4_7.slice(3)];
    const t = replay('v4.7', order, { va_bits: 48 }, EARLYCON);
    expect(earlyconWrites(t)).toBe(1);
    expect(t.events.some((e) => e.kind === 'note' && e.step.index === 5 && /`done` is already set/.test(e.text))).toBe(true);
  });
});

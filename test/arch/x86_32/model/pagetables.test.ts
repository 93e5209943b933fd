/**
 * The page-table model's numbers, pinned against the kernel source (cited in
 * src/arch/x86_32/pagetables/*.ts): head_32's pg0 extent, the Xen bootstrap
 * region, find_early_table_space, the state each builder leaves, and the
 * interval lists (a 64 GiB machine has as many runs as a 64 MiB one).
 */
import { describe, expect, it } from 'vitest';
import { geometryFor } from '../../../../src/arch/x86_32/geometry.js';
import { headExtent, initMapBeyondEnd } from '../../../../src/arch/x86_32/pagetables/image.js';
import { pmdAt } from '../../../../src/arch/x86_32/pagetables/model.js';
import { _PAGE_NX, _PAGE_RW, _PAGE_USER, _PAGE_GLOBAL } from '../../../../src/arch/x86_32/pagetables/prot.js';
import { assign, find, firstFit, pieces, type Run } from '../../../../src/arch/x86_32/pagetables/runs.js';
import { xenBoot } from '../../../../src/arch/x86_32/pagetables/xen-boot.js';
import { replayX86 } from '../../../../src/arch/x86_32/plugin.js';
import type { X86Trace } from '../../../../src/arch/x86_32/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { ORDER_2_6_26, ORDER_2_6_27 } from '../fixtures/orders.js';

function traceOf(spec: ScenarioSpec): X86Trace {
  const loaded = parseScenario(scenarioYaml(spec), 'pt.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return replayX86(loaded.scenario);
}

function problemsOf(spec: ScenarioSpec): string[] {
  const loaded = parseScenario(scenarioYaml(spec), 'pt.yaml');
  return loaded.ok ? [] : loaded.problems.map((p) => p.message);
}

describe('head_32.S', () => {
  it('INIT_MAP_BEYOND_END: 0x828000 with PAE, 0x424000 without', () => {
    expect(initMapBeyondEnd(geometryFor(true))).toBe(0x828000);
    expect(initMapBeyondEnd(geometryFor(false))).toBe(0x424000);
  });

  it('pg0 at 6 MiB maps 16 MiB (8 PTE pages) with PAE and 12 MiB (3 pages) without', () => {
    expect(headExtent(geometryFor(true), 0x600)).toEqual({ pages: 8, bytes: 16 * 2 ** 20 });
    expect(headExtent(geometryFor(false), 0x600)).toEqual({ pages: 3, bytes: 12 * 2 ** 20 });
  });

  it('2.6.27: pg0 entries are PTE_ATTR 0x007 (with _PAGE_USER) until the direct map replaces them; 2.6.28: 0x003', () => {
    const keep = { config: { pagetable_init_policy: 'no-overwrite' }, memory: '1GiB', pae: true } as const;
    const leaf = (t: X86Trace) => find(t.pagetables.s.leaves, 0xc0800000 / 4096)?.v.attrs ?? 0;
    expect(leaf(traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, ...keep }))).toBe(0x007);
    expect(leaf(traceOf({ kernel: '2.6.28', order: ['early_ioremap_init'], ...keep }))).toBe(0x003);
  });
});

describe('the direct map', () => {
  it('2.6.27 native PAE 1 GiB: table space at pfn 7, 5 pages (1 pud + 1 pmd + 1 pte + 2 fixmap), 2 used by the fixmap', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB' });
    expect(t.pagetables.s.lowPages).toEqual({ start: 7, end: 9, top: 12, fixmap: 2 });
    const { cx, s } = t.pagetables;
    expect(pmdAt(s, 0xc0000000 / cx.geometry.pmdSize)?.v).toMatchObject({ kind: 'table', origin: 'pg0' });
    const big = pmdAt(s, 0xc0600000 / cx.geometry.pmdSize)?.v;
    expect(big?.kind).toBe('large');
    expect((big?.attrs ?? 0) & (_PAGE_NX | _PAGE_GLOBAL | _PAGE_RW)).toBe(_PAGE_NX | _PAGE_GLOBAL | _PAGE_RW);
  });

  it('without PSE the direct map needs one PTE page per PMD past head_32\'s extent', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', machine: { cpu: { pse: false } } });
    // 896 MiB = 448 PMDs; pg0 has 8; 440 from alloc_low_page, plus 2 for the fixmap
    const { s } = t.pagetables;
    expect(s.lowPages !== null ? s.lowPages.end - s.lowPages.start : 0).toBe(442);
  });

  it('mem=nopentium clears PSE as a CPU without it does (parse_memopt: setup_clear_cpu_cap(X86_FEATURE_PSE))', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '1GiB', cmdline: 'mem=nopentium' });
    const { s } = t.pagetables;
    expect(s.lowPages !== null ? s.lowPages.end - s.lowPages.start : 0).toBe(442);
    expect(s.pmds.some((r) => r.v.kind === 'large')).toBe(false);
  });

  it('Xen pv: no PSE, no GLB, and _PAGE_RW off over every page-table frame after the merged policy', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '1GiB' });
    const { cx, s } = t.pagetables;
    expect(s.pmds.every((r) => r.v.kind === 'table')).toBe(true);
    for (const tbl of s.tables) {
      for (const l of pieces(s.leaves, cx.pageOffset / 4096 + tbl.from, cx.pageOffset / 4096 + tbl.to)) {
        expect(l.v === undefined || (l.v.attrs & _PAGE_RW) === 0, `${tbl.v.name} pfn ${tbl.from.toString(16)}`).toBe(true);
        expect((l.v?.attrs ?? 0) & (_PAGE_GLOBAL | _PAGE_USER)).toBe(0);
      }
    }
  });

  it('a 64 GiB PAE machine has as many runs as a 64 MiB one', () => {
    const spec = { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, machine: { acpi_tables: 'low' } } as const;
    const small = traceOf({ ...spec, memory: '64MiB' }).pagetables.s;
    const big = traceOf({ ...spec, memory: '64GiB' }).pagetables.s;
    expect([big.pmds.length, big.leaves.length, big.tables.length]).toEqual([small.pmds.length, small.leaves.length, small.tables.length]);
  });
});

describe('Xen bootstrap region (start_info layout)', () => {
  it('512 MiB after a 6 MiB image: mfn_list 512 KiB, start_info, then pt_base; 1 L3 + 1 L2 + 4 L1s for 8 MiB', () => {
    expect(xenBoot(0x600, 131072, null, null)).toEqual({ ptBase: 0x681, nrPtFrames: 6, mfnList: 0x600, l1Pages: 4, mapped: 8 * 2 ** 20 });
  });

  it('2 GiB: a 2 MiB mfn_list pushes the region to 12 MiB (6 L1s)', () => {
    expect(xenBoot(0x600, 524288, null, null)).toMatchObject({ ptBase: 0x801, nrPtFrames: 8, mapped: 12 * 2 ** 20 });
  });

  it('given start_info values win', () => {
    expect(xenBoot(0x600, 131072, 0x900, 10)).toMatchObject({ ptBase: 0x900, nrPtFrames: 10, l1Pages: 8 });
  });
});

describe('config.pagetable_init_policy', () => {
  it('proposals 2 and 3 are input errors with the seed\'s reason', () => {
    for (const p of ['permission-callback', 'special-page-query']) {
      expect(problemsOf({ kernel: '2.6.26', order: ORDER_2_6_26, config: { pagetable_init_policy: p } })).toEqual([
        expect.stringMatching(new RegExp(`^config.pagetable_init_policy: ${p} cannot be replayed: .*struct page, which does not exist yet .*; replayable: xen-mask-rw, unconditional, no-overwrite$`)),
      ]);
    }
  });

  it('system_map and xen_pt_base must describe an image and a page', () => {
    expect(problemsOf({ kernel: '2.6.26', order: ORDER_2_6_26, config: { system_map: { __init_end: '0xc0100000', _text: '0xc0200000' } } }))
      .toEqual(['config.system_map.__init_end: 0xc0100000 is not above _text 0xc0200000']);
    expect(problemsOf({ kernel: '2.6.26', order: ORDER_2_6_26, machine: { xen_pt_base: '0xc0700800' } }))
      .toEqual(['machine.xen_pt_base: 0xc0700800 is not page-aligned (start_info.pt_base is the virtual address of a page)']);
  });

  // start_info's layout (include/xen/interface/xen.h): image, initrd, mfn_list, start_info, page tables, stack,
  // 512 KiB of padding, the region ending on 4 MiB and mapped by the L1s (nr_pt_frames - 2 with PAE)
  const xen = (machine: Record<string, unknown>) => ({ kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen' as const, pae: true, memory: '1GiB', machine });
  it('xen_pt_base inside the kernel image, mfn_list or start_info is refused with the allowed range', () => {
    // 1 GiB: mfn_list is 256 pages after _end 0xc0600000, start_info one more: the lowest pt_base is 0xc0701000
    expect(problemsOf(xen({ xen_pt_base: '0xc0200000', xen_nr_pt_frames: 6 }))).toEqual([
      expect.stringMatching(/^machine.xen_pt_base: 0xc0200000 overlaps the kernel image \(_end 0xc0600000\), mfn_list \(256 pages for 262144 pages of memory\) or start_info, .*; allowed: 0xc0701000 \(the default\) up to 0x[0-9a-f]{8}$/),
    ]);
  });

  it('a bootstrap region past lowmem or memory is refused', () => {
    expect(problemsOf(xen({ xen_pt_base: '0xff000000' }))).toEqual([
      expect.stringMatching(/^machine.xen_pt_base: the bootstrap region \(pt_base 0xff000000, \d+ page-table frames, a stack page and 512 KiB of padding\) ends at 0x[0-9a-f]+, past lowmem \(896 MiB\); allowed pt_base: 0xc0701000 \(the default\) up to 0x[0-9a-f]{8}$/),
    ]);
    expect(problemsOf({ ...xen({ xen_pt_base: '0xd0000000' }), memory: '128MiB' })).toEqual([
      expect.stringMatching(/past machine.memory \(0x8000000\)/),
    ]);
  });

  it('the highest allowed pt_base replays without a finding; one page more is refused', () => {
    const msg = problemsOf(xen({ xen_pt_base: '0xff000000' }))[0] ?? '';
    const top = /up to (0x[0-9a-f]{8})$/.exec(msg)?.[1] ?? '';
    expect(problemsOf(xen({ xen_pt_base: top }))).toEqual([]);
    expect(problemsOf(xen({ xen_pt_base: `0x${(Number(top) + 4096).toString(16)}` }))).toHaveLength(1);
    const loaded = parseScenario(scenarioYaml(xen({ xen_pt_base: top })), 'top.yaml');
    if (!loaded.ok) throw new Error('does not load');
    expect(replayX86(loaded.scenario).events.filter((e) => e.kind === 'pt-rw-pagetable')).toEqual([]);
  });

  it('nr_pt_frames too small for the L1s to map the page tables themselves is refused', () => {
    expect(problemsOf(xen({ xen_nr_pt_frames: 3 }))).toEqual([
      'machine.xen_nr_pt_frames: 3 frames (L3, L2 and 1 L1 of 2 MiB) do not map the bootstrap region up to its 4 MiB-aligned end past pt_base 0xc0701000: the page tables would not map themselves; allowed: 6 (for this pt_base) or more',
    ]);
  });
});

describe('interval lists', () => {
  const same = (a: string, b: string) => a === b;
  it('assign splits and merges; at stays linear across a split', () => {
    let l: Run<string>[] = assign([], 0, 100, 'a', 1000, same);
    l = assign(l, 10, 20, 'b', null, same);
    expect(l.map((r) => [r.from, r.to, r.v, r.at])).toEqual([[0, 10, 'a', 1000], [10, 20, 'b', null], [20, 100, 'a', 1020]]);
    l = assign(l, 10, 20, 'a', 1010, same);
    expect(l.map((r) => [r.from, r.to, r.v, r.at])).toEqual([[0, 100, 'a', 1000]]);
  });

  it('pieces reports gaps; firstFit finds the first hole big enough', () => {
    const l = assign(assign([], 2, 4, 'x'), 6, 7, 'y');
    expect(pieces(l, 0, 8).map((p) => [p.from, p.to, p.v ?? null])).toEqual([[0, 2, null], [2, 4, 'x'], [4, 6, null], [6, 7, 'y'], [7, 8, null]]);
    expect(firstFit(l, 2, 100, 2)).toBe(4);
    expect(firstFit(l, 2, 100, 3)).toBe(7);
    expect(firstFit(l, 2, 8, 3)).toBeNull();
  });
});

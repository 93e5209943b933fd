/**
 * highmem= as the kernel reads it (low-pfn-range.ts), pinned per modeled version on the real
 * orders: 2.6.26 find_max_low_pfn() (arch/x86/kernel/setup_32.c:342-396 at bce7f793dae), 2.6.27 – 2.6.29
 * find_low_pfn_range() (arch/x86/mm/init_32.c:578-640 at 3fa8749e584), 2.6.30+ lowmem_pfn_init() /
 * highmem_pfn_init() (init_32.c:622-705 at 2.6.31 74fca6a4286, :604-705 at 2.6.36 f6f94e2ab1b).
 * Bare metal, non-PAE: MAXMEM_PFN is 227326 from 2.6.28-rc1 (vmalloc size fix), 229376 before.
 */
import { describe, expect, it } from 'vitest';
import { replayX86 as replay } from '../../../../src/arch/x86_32/plugin.js';
import { describeX86Event as describeEvent } from '../../../../src/arch/x86_32/render/trace-text.js';
import { parseKernelVersion } from '../../../../src/arch/x86_32/kernel-version.js';
import { findLowPfnRange } from '../../../../src/arch/x86_32/low-pfn-range.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml } from '../../../rules/rule-tester.js';
import { releaseOrder } from '../fixtures/orders.js';

function lowOf(kernel: string, memory: string, cmdline: string, config?: Record<string, unknown>) {
  const loaded = parseScenario(scenarioYaml({ kernel, order: releaseOrder(kernel), memory, cmdline, ...(config !== undefined ? { config } : {}) }), 'highmem.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const t = replay(loaded.scenario);
  const e = t.events.find((x) => x.kind === 'max-low-pfn');
  if (e === undefined || e.kind !== 'max-low-pfn') throw new Error('no max-low-pfn event');
  return { maxLowPfn: e.maxLowPfn, maxPfn: e.maxPfn, applied: e.highmemParam?.applied ?? null, note: e.highmemParam?.note ?? null, text: describeEvent(e), layoutLow: t.layout.max_low_pfn };
}

describe('highmem= (highmem_pages) per version', () => {
  const cases: readonly [kernel: string, memory: string, cmdline: string, maxLowPfn: number, maxPfn: number, applied: boolean | null, note: RegExp | null][] = [
    // RAM above MAXMEM_PFN: max_low_pfn = MAXMEM_PFN; highmem= trims max_pfn or is ignored
    ['2.6.31', '2GiB', 'highmem=1800M', 227326, 524288, false, /^only 1160MB highmem pages available, ignoring highmem size of 1800MB \(highmem_pfn_init\(\)\)$/],
    ['2.6.31', '2GiB', 'highmem=512M', 227326, 227326 + 131072, true, /highmem_pfn_init/],
    ['2.6.31', '2GiB', 'highmem=0', 227326, 227326, true, null],
    ['2.6.31', '2GiB', '', 227326, 524288, null, null],
    ['2.6.36', '2GiB', 'highmem=1800M', 227326, 524288, false, /highmem_pfn_init/],
    ['2.6.28', '2GiB', 'highmem=1800M', 227326, 524288, false, /\(find_low_pfn_range\(\)\)$/],
    ['2.6.27', '2GiB', 'highmem=1800M', 229376, 524288, false, /^only 1152MB .*find_low_pfn_range/],
    ['2.6.26', '2GiB', 'highmem=1200M', 229376, 524288, false, /^only 1152MB highmem pages available, ignoring highmem size of 1200MB \(find_max_low_pfn\(\)\)$/],
    ['2.6.26', '2GiB', 'highmem=1000M', 229376, 229376 + 256000, true, /find_max_low_pfn/],
    // RAM that fits: max_low_pfn = max_pfn - highmem_pages unless < 64 MiB lowmem is left or highmem_pages >= max_pfn
    ['2.6.31', '512MiB', 'highmem=480M', 131072, 131072, false, /^highmem size \(480MB\) results in <64MB lowmem, ignoring it \(lowmem_pfn_init\(\)\)$/],
    ['2.6.31', '512MiB', 'highmem=448M', 16384, 131072, true, /lowmem_pfn_init/], // exactly 64 MiB left: `<` does not hold
    ['2.6.31', '512MiB', 'highmem=256M', 65536, 131072, true, null],
    ['2.6.31', '512MiB', 'highmem=512M', 131072, 131072, false, /bigger than pages available/],
    ['2.6.26', '512MiB', 'highmem=480M', 131072, 131072, false, /<64MB lowmem.*find_max_low_pfn/],
    ['2.6.26', '512MiB', 'highmem=256M', 65536, 131072, true, null],
    ['2.6.29', '512MiB', 'highmem=480M', 131072, 131072, false, /find_low_pfn_range/],
  ];
  for (const [kernel, memory, cmdline, maxLowPfn, maxPfn, applied, note] of cases) {
    it(`${kernel}, ${memory}, ${cmdline === '' ? 'no highmem=' : cmdline}: max_low_pfn ${maxLowPfn}, max_pfn ${maxPfn}`, () => {
      const r = lowOf(kernel, memory, cmdline);
      expect({ maxLowPfn: r.maxLowPfn, maxPfn: r.maxPfn, layoutLow: r.layoutLow, applied: r.applied }).toEqual({ maxLowPfn, maxPfn, layoutLow: maxLowPfn, applied });
      if (note !== null) expect(r.note).toMatch(note);
    });
  }

  it('the trace says when highmem= is ignored, and says nothing without it', () => {
    expect(lowOf('2.6.31', '2GiB', 'highmem=1800M').text).toMatch(/^max_low_pfn 227326 \(max_pfn 524288, __VMALLOC_RESERVE 128 MiB\); highmem= ignored: only 1160MB/);
    expect(lowOf('2.6.31', '2GiB', '').text).toBe('max_low_pfn 227326 (max_pfn 524288, __VMALLOC_RESERVE 128 MiB)');
  });

  it('without CONFIG_HIGHMEM: max_pfn = MAXMEM_PFN above it, and highmem= is ignored on RAM that fits', () => {
    // MAXMEM without pkmap (VMALLOC_END below the fixmap): the layout's own value, not highmem='s
    const above = lowOf('2.6.31', '2GiB', 'highmem=512M', { highmem: false });
    expect(above).toMatchObject({ maxPfn: above.maxLowPfn, applied: false, note: /^no CONFIG_HIGHMEM/ });
    expect(above.maxLowPfn).toBe(lowOf('2.6.31', '2GiB', '', { highmem: false }).maxLowPfn);
    expect(lowOf('2.6.31', '512MiB', 'highmem=256M', { highmem: false })).toMatchObject({ maxLowPfn: 131072, maxPfn: 131072, applied: false, note: /^ignoring highmem size on non-highmem kernel!/ });
  });

  it('highmem= before parse_early_param is not parsed yet (highmem_pages -1): nothing to ignore', () => {
    const k = parseKernelVersion('2.6.31');
    if (!k.ok) throw new Error(k.reason);
    expect(findLowPfnRange(k.version, { maxPfn: 524288, maxmemPfn: 227326, highmemPages: null, highmem: true, maxNonPaePfn: 2 ** 20 })).toEqual({ maxPfn: 524288, maxLowPfn: 227326, highmemParam: null });
  });
});

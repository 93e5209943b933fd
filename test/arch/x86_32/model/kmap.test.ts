/**
 * Where FIX_KMAP_* leave head_32's fixmap PTE page (a3c6018e565d): the
 * nr_cpus thresholds per paging mode, pinned, from fixmap.ts's enum (the one
 * source of the slot numbers).
 *
 * Arithmetic, default config (local_apic, io_apic, highmem, FIXADDR_TOP
 * 0xfffff000): FIX_HOLE, FIX_VDSO, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE,
 * FIX_APIC_BASE and 64 IO-APIC slots come first, so FIX_KMAP_BEGIN = 69 and
 * FIX_KMAP_END = 69 + K·N − 1 (K = KM_TYPE_NR: 13, 27 with DEBUG_HIGHMEM).
 * fix_to_virt(i) = 0xfffff000 − 4096·i, so slot i sits in the top PTE page
 * iff i < PTRS_PER_PTE (512 with PAE, 1024 without). The slots stay in one
 * page iff 68 + K·N < PTRS_PER_PTE:
 *   PAE       K=13: 13N ≤ 443 → N ≤ 34, first failing 35 (N=35: END = 523, 0xffdf4000)
 *   PAE       K=27: 27N ≤ 443 → N ≤ 16, first failing 17 (N=17: END = 527)
 *   non-PAE   K=13: 13N ≤ 955 → N ≤ 73, first failing 74 (N=74: END = 1030, 0xffbf9000)
 *   non-PAE   K=27: 27N ≤ 955 → N ≤ 35, first failing 36 (N=36: END = 1040)
 * The same in 2.6.26, 2.6.27 and 2.6.28 (FIX_KMAP_BEGIN is 69 in all three).
 * The fidelity work may add config knobs that move slots before FIX_KMAP_*
 * (FIX_F00F_IDT, FIX_CYCLONE_TIMER, the VISWS slots): they go into fixmap.ts,
 * and these thresholds follow.
 */
import { describe, expect, it } from 'vitest';
import { buildFixmapEnum, fixToVirt } from '../../../../src/arch/x86_32/fixmap.js';
import { DEFAULT_CONFIG } from '../../../../src/arch/x86_32/defaults.js';
import { geometryFor } from '../../../../src/arch/x86_32/geometry.js';
import { maxNrCpusInOnePage } from '../../../../src/arch/x86_32/pagetables/kmap.js';
import { replayX86 } from '../../../../src/arch/x86_32/plugin.js';
import { kmapPteNoncontiguous } from '../../../../src/arch/x86_32/rules/kmap-pte-noncontiguous.js';
import { versionKey } from '../../../../src/arch/x86_32/kernel-version.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml } from '../../../rules/rule-tester.js';
import { ORDER_2_6_28 } from '../fixtures/orders.js';

const TOP = 0xfffff000;
const VERSIONS = [
  { kernel: '2.6.26', acpiPermanent: true, align: 512, kmapAlways: false },
  { kernel: '2.6.27', acpiPermanent: false, align: 256, kmapAlways: false },
  { kernel: '2.6.28', acpiPermanent: false, align: 256, kmapAlways: true },
];

describe('FIX_KMAP_* in one PTE page: the largest nr_cpus (first failing = +1)', () => {
  for (const v of VERSIONS) {
    for (const pae of [true, false]) {
      for (const debug of [false, true]) {
        const want = pae ? (debug ? 16 : 34) : (debug ? 35 : 73);
        it(`${v.kernel} ${pae ? 'PAE' : 'non-PAE'}${debug ? ' DEBUG_HIGHMEM' : ''}: ${want}`, () => {
          const limit = maxNrCpusInOnePage(geometryFor(pae), TOP,
            (n) => buildFixmapEnum({ ...DEFAULT_CONFIG, debug_highmem: debug, nr_cpus: n }, v.acpiPermanent, v.align, v.kmapAlways));
          expect(limit).toBe(want);
        });
      }
    }
  }

  it('the slot numbers behind them', () => {
    const e = buildFixmapEnum({ ...DEFAULT_CONFIG, nr_cpus: 35 }, false, 256);
    expect([e.slots.FIX_KMAP_BEGIN, e.slots.FIX_KMAP_END]).toEqual([69, 523]);
    expect(fixToVirt(TOP, 523)).toBe(0xffdf4000);
    expect(buildFixmapEnum({ ...DEFAULT_CONFIG, nr_cpus: 74 }, false, 256).slots.FIX_KMAP_END).toBe(1030);
  });

  it('2.6.28-rc4 on (fd940934352): FIX_KMAP_* exist without CONFIG_HIGHMEM', () => {
    expect(buildFixmapEnum({ ...DEFAULT_CONFIG, highmem: false }, false, 256).slots.FIX_KMAP_BEGIN).toBeUndefined();
    expect(buildFixmapEnum({ ...DEFAULT_CONFIG, highmem: false }, false, 256, true).slots.FIX_KMAP_BEGIN).toBe(69);
  });
});

describe('2.6.29-rc3 (a3c6018e565d): page_table_kmap_check makes the kmap PTE pages consecutive', () => {
  // 2.6.29 is not a modeled profile yet; a 2.6.28 scenario replayed as 2.6.29-rc3 runs the
  // fixed page_table_range_init (no early_ioremap_clear, page_table_kmap_check)
  const loaded = parseScenario(scenarioYaml({ kernel: '2.6.28', order: ORDER_2_6_28, pae: true, config: { nr_cpus: 35 } }), 'kmap.yaml');
  if (!loaded.ok) throw new Error('fixture does not load');
  const rc3 = { ...loaded.scenario, kernel: { text: '2.6.29-rc3', sublevel: 29, rc: 3, stable: null, key: versionKey(29, 3) } };

  it('2.6.28: the pages under the slots are swapper_pg_fixmap and an alloc_low_page page', () => {
    const kmap = replayX86(loaded.scenario).events.find((e) => e.kind === 'pt-kmap');
    expect(kmap).toMatchObject({ pages: [{ pmd: 0xffe00000, origin: 'swapper_pg_fixmap' }, { pmd: 0xffc00000, origin: 'alloc_low_page' }] });
    expect(kmap?.kind === 'pt-kmap' && kmap.broken?.idx).toBe(443);
  });

  it('2.6.29-rc3: both copied into the table space in order, and the rule is silent', () => {
    const trace = replayX86(rc3);
    const kmap = trace.events.find((e) => e.kind === 'pt-kmap');
    expect(kmap?.kind === 'pt-kmap' ? kmap.broken : 'no event').toBeNull();
    if (kmap?.kind !== 'pt-kmap') return;
    const [upper, lower] = kmap.pages;
    expect(upper?.origin).toBe('alloc_low_page');
    expect(lower?.frame).toBe((upper?.frame ?? 0) - 1);
    expect(kmapPteNoncontiguous.check(trace)).toEqual([]);
  });
});

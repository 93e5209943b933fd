/**
 * How many CPUs fit FIX_KMAP_* into one PTE page: the largest nr_cpus for
 * which fix_to_virt(FIX_KMAP_BEGIN) and fix_to_virt(FIX_KMAP_END) share a PMD,
 * computed with fixmap.ts's enum (the single source of the slot numbers, so a
 * config knob added there moves this too).
 */
import { buildFixmapEnum, fixToVirt } from '../fixmap.js';
import { has } from '../history.js';
import { pmdBase, type Geometry } from '../geometry.js';
import { contextFor } from '../replay/context.js';
import type { X86Trace } from '../types.js';
import { KMAP_WITHOUT_HIGHMEM } from './changes.js';

/** The Kconfig upper bound of NR_CPUS in 2.6.27/2.6.28 ("range 2 512"). */
const NR_CPUS_MAX = 512;

/**
 * @param enumFor the enum fixed_addresses for a given nr_cpus
 * @returns the largest nr_cpus (≥ 1) whose kmap slots fit one PTE page under fixaddrTop, or NR_CPUS_MAX
 */
export function maxNrCpusInOnePage(geometry: Geometry, fixaddrTop: number, enumFor: (nrCpus: number) => ReturnType<typeof buildFixmapEnum>): number {
  for (let n = 1; n <= NR_CPUS_MAX; n++) {
    const f = enumFor(n);
    const b = f.slots.FIX_KMAP_BEGIN;
    const e = f.slots.FIX_KMAP_END;
    if (b === undefined || e === undefined) return NR_CPUS_MAX;
    if (pmdBase(geometry, fixToVirt(fixaddrTop, b)) !== pmdBase(geometry, fixToVirt(fixaddrTop, e))) return n - 1;
  }
  return NR_CPUS_MAX;
}

/** For a replayed scenario: its kernel's enum, its config, its final FIXADDR_TOP. */
export function kmapNrCpusLimit(trace: X86Trace): number {
  const { config, kernel } = trace.scenario;
  const ctx = contextFor(trace.scenario);
  const is2626 = ctx.fixmap.btmapAlign === 512;
  return maxNrCpusInOnePage(trace.geometry, trace.final.fixaddrTop,
    (n) => buildFixmapEnum({ ...config, nr_cpus: n }, is2626, ctx.fixmap.btmapAlign, has(kernel, KMAP_WITHOUT_HIGHMEM)));
}

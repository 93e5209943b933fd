/**
 * The final riscv address space as reports see it: the regions of swapper
 * after the replay (with their by-design nesting: modules and BPF inside
 * vmalloc up to 5.12, the kernel inside the linear map up to 5.12, BPF inside
 * the modules area from 5.13-rc7), the generic values, and the leaf summary
 * that answers the seed's hugepage question.
 */
import { GiB, PAGE_SIZE, PGDIR_SIZE, PMD_SIZE } from '../geometry.js';
import { layoutValues, splitAtWrap, WRAPPED_LINEAR, type LeafSummary, type RiscvLayout, type RiscvRegion, type VaLayout } from '../layout.js';
import type { Profile } from '../profile.js';
import { samePerm } from './pagetables.js';
import type { Mapping } from './state.js';

function leafSummary(swapper: readonly Mapping[], va: VaLayout): LeafSummary {
  const linear = swapper.filter((m) => m.kind === 'linear').sort((a, b) => a.start - b.start);
  let pmdLeaves = 0;
  let pteLeaves = 0;
  for (const m of linear) {
    if (m.leaf === PMD_SIZE) pmdLeaves += (m.end - m.start) / PMD_SIZE;
    else pteLeaves += (m.end - m.start) / PAGE_SIZE;
  }
  let kernelLeaves = 0;
  for (const m of swapper) if (m.kind === 'kernel') kernelLeaves += (m.end - m.start) / PMD_SIZE;
  let gibSpans = 0;
  let gibUniform = 0;
  let gibMixed = 0;
  const first = linear[0];
  const last = linear[linear.length - 1];
  if (first !== undefined && last !== undefined) {
    const lo = Math.max(va.PAGE_OFFSET, Math.ceil(first.start / PGDIR_SIZE) * PGDIR_SIZE);
    for (let g = lo; g + PGDIR_SIZE <= last.end; g += PGDIR_SIZE) {
      const parts = linear.filter((m) => m.start < g + PGDIR_SIZE && m.end > g);
      let covered = 0;
      for (const m of parts) covered += Math.min(m.end, g + PGDIR_SIZE) - Math.max(m.start, g);
      if (covered < PGDIR_SIZE) continue;
      gibSpans++;
      const p0 = parts[0];
      if (p0 === undefined) continue;
      const uniform = parts.every((m) => samePerm(m.perm, p0.perm));
      if (!uniform) gibMixed++;
      else if ((p0.pa + (g - p0.start)) % GiB === 0) gibUniform++;
    }
  }
  return { pmdLeaves, pteLeaves, kernelLeaves, gibSpans, gibUniform, gibMixed };
}

/**
 * The runs of linear-map VAs the mappings cover without a gap, in address order (bytes, exclusive ends);
 * mappings touching or overlapping join one run.
 */
export function linearRuns(mappings: readonly { readonly start: number; readonly end: number }[]): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (const m of [...mappings].sort((a, b) => a.start - b.start)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else runs.push({ start: m.start, end: m.end });
  }
  return runs;
}

export interface FinalLayoutInputs {
  readonly va: VaLayout;
  readonly profile: Profile;
  readonly kasan: boolean;
  readonly swapper: readonly Mapping[];
}

export function finalLayout(inp: FinalLayoutInputs): RiscvLayout {
  const { va, profile, swapper } = inp;
  const linear = swapper.filter((m) => m.kind === 'linear');
  const parts = linear.map(splitAtWrap);
  const wrapped = parts.flatMap((p) => (p.outside === undefined ? [] : [p.outside]));
  const kept = parts.flatMap((p) => (p.inside === undefined ? [] : [p.inside]));
  const above = kept.filter((m) => m.start >= va.PAGE_OFFSET);
  const below = kept.filter((m) => m.start < va.PAGE_OFFSET);
  const linearEnd = above.reduce((e, m) => Math.max(e, m.end), va.PAGE_OFFSET);
  const linearBytes = linear.reduce((n, m) => n + (m.end - m.start), 0);
  const regions: RiscvRegion[] = [];
  if (inp.kasan) regions.push({ name: 'kasan shadow', start: va.KASAN_SHADOW_START, end: va.KASAN_SHADOW_END });
  regions.push(
    { name: 'fixmap', start: va.FIXADDR_START, end: va.FIXADDR_TOP },
    { name: 'pci io', start: va.PCI_IO_START, end: va.PCI_IO_END },
    { name: 'vmemmap', start: va.VMEMMAP_START, end: va.VMALLOC_START },
    { name: 'vmalloc', start: va.VMALLOC_START, end: va.vmallocEnd },
  );
  if (profile.kernelOutsideLinear) {
    regions.push({ name: 'modules', start: va.modules.start, end: va.modules.end });
    regions.push(profile.bpf === 'before-kernel'
      ? { name: 'bpf jit', start: va.bpf.start, end: va.bpf.end, within: 'modules' }
      : { name: 'bpf jit', start: va.bpf.start, end: va.bpf.end });
  } else {
    regions.push({ name: 'modules', start: va.modules.start, end: va.modules.end, within: 'vmalloc' });
    regions.push({ name: 'bpf jit', start: va.bpf.start, end: va.bpf.end, within: 'vmalloc' });
  }
  if (below.length > 0) {
    regions.push({ name: 'linear map below PAGE_OFFSET', start: Math.min(...below.map((m) => m.start)), end: Math.max(...below.map((m) => m.end)) });
  }
  // one region per run of consecutive mappings: banks apart in RAM are apart in the linear map, and the VAs
  // between them map nothing (5.14 with a bank past memory_limit's clip: 2046 MiB and 2050 MiB, 120 GiB apart)
  for (const [i, run] of linearRuns(above).entries()) {
    regions.push(i === 0 ? { name: 'linear map', start: va.PAGE_OFFSET, end: run.end } : { name: `linear map (part ${i + 1})`, start: run.start, end: run.end });
  }
  // its own region, never compared for overlaps with the kernel-half ones (layout-collision reports it as such)
  if (wrapped.length > 0) regions.push({ name: WRAPPED_LINEAR, start: Math.min(...wrapped.map((m) => m.start)), end: Math.max(...wrapped.map((m) => m.end)) });
  regions.push(profile.kernelOutsideLinear || above.length === 0
    ? { name: 'kernel', start: va.kernelVirt, end: va.kernelEnd }
    : { name: 'kernel', start: va.kernelVirt, end: va.kernelEnd, within: 'linear map' });
  regions.sort((a, b) => a.start - b.start || b.end - a.end);
  const leaves = leafSummary(swapper, va);
  return { values: layoutValues(va, linearEnd, linearBytes, leaves), regions, va, leaves, pageSize: PAGE_SIZE };
}

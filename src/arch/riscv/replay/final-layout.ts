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
  if (above.length > 0) regions.push({ name: 'linear map', start: va.PAGE_OFFSET, end: linearEnd });
  // its own region, never compared for overlaps with the kernel-half ones (layout-collision reports it as such)
  if (wrapped.length > 0) regions.push({ name: WRAPPED_LINEAR, start: Math.min(...wrapped.map((m) => m.start)), end: Math.max(...wrapped.map((m) => m.end)) });
  regions.push(profile.kernelOutsideLinear || above.length === 0
    ? { name: 'kernel', start: va.kernelVirt, end: va.kernelEnd }
    : { name: 'kernel', start: va.kernelVirt, end: va.kernelEnd, within: 'linear map' });
  regions.sort((a, b) => a.start - b.start || b.end - a.end);
  const leaves = leafSummary(swapper, va);
  return { values: layoutValues(va, linearEnd, linearBytes, leaves), regions, va, leaves, pageSize: PAGE_SIZE };
}

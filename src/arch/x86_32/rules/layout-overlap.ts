/**
 * layout-overlap: in the final layout, two regions of the kernel's virtual
 * address space overlap, or one that must not be empty is.
 */
import type { Region, RegionName } from '../layout.js';
import type { StepRef, TraceEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';

const ID = 'layout-overlap';

type Edge = 'start' | 'end';

/**
 * Which events move an edge of a region: max_low_pfn (and the vmalloc= that
 * sized it) moves lowmem's end and vmalloc's start; every relocation moves
 * everything hung off FIXADDR_TOP (vmalloc's end, pkmap, fixmap, the hole).
 */
function moves(e: TraceEvent, region: RegionName, edge: Edge): boolean {
  const sizedByLowmem = (region === 'lowmem' && edge === 'end') || (region === 'vmalloc' && edge === 'start');
  if (e.kind === 'max-low-pfn' || e.kind === 'vmalloc-reserve-set') return sizedByLowmem;
  return e.kind === 'relocation' && region !== 'lowmem' && !sizedByLowmem;
}

/** The last step that moved the given edges is the culprit; earlier movers are related. */
function blame(trace: Trace, edges: readonly [RegionName, Edge][]): { step: StepRef; related: StepRef[] } {
  const movers: StepRef[] = [];
  const seen = new Set<StepRef>();
  for (const e of trace.events) {
    if ('step' in e && !seen.has(e.step) && edges.some(([r, edge]) => moves(e, r, edge))) {
      seen.add(e.step);
      movers.push(e.step);
    }
  }
  const step = movers[movers.length - 1] ?? trace.steps[0];
  if (step === undefined) throw new Error('internal: a trace always has an implicit step');
  return { step, related: movers.filter((s) => s !== step) };
}

function span(r: Region): string {
  return `${r.name} ${hex(r.start)}–${hex(r.end)}`;
}

/** An empty region, or two overlapping ones, with the region edges whose movers are to blame. */
type Hit =
  | { readonly kind: 'empty'; readonly region: Region; readonly edges: readonly [RegionName, Edge][] }
  | { readonly kind: 'overlap'; readonly a: Region; readonly b: Region; readonly edges: readonly [RegionName, Edge][] };

export const layoutOverlap: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'final regions (lowmem, vmalloc, pkmap, fixmap, hypervisor hole) overlap or are empty',
    explanation: `After the replay the model lays out the kernel's virtual address space the way the headers do
(page_32.h, pgtable_32.h, highmem.h, fixmap_32.h):
  lowmem      PAGE_OFFSET .. high_memory = PAGE_OFFSET + max_low_pfn * PAGE_SIZE
  vmalloc     VMALLOC_START = ALIGN(high_memory + VMALLOC_OFFSET, VMALLOC_OFFSET) .. VMALLOC_END
  pkmap       PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
  fixmap      FIXADDR_BOOT_START .. FIXADDR_TOP + PAGE_SIZE
  hypervisor  the lowest reserved -reserve .. 4 GiB
Any overlap means two users map the same virtual addresses; an empty vmalloc area or lowmem means the
kernel cannot boot. Typical causes: a reserve larger than __VMALLOC_RESERVE leaves room for, vmalloc=
parsed after Xen's reservation (parse_vmalloc assigns __VMALLOC_RESERVE, forgetting the reserve), or a
max_low_pfn computed before a relocation (see lowmem-before-relocation).

Fix: make the reservations fit (smaller vmalloc=, reservetop=, or more address space via VMSPLIT), or
compute max_low_pfn after every relocation.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const { regions } = trace.layout;
    for (const r of regions) {
      if (r.end > r.start || r.name === 'hypervisor') continue;
      hits.push({ kind: 'empty', region: r, edges: [[r.name, 'start'], [r.name, 'end']] });
    }
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i];
        const b = regions[j];
        if (a === undefined || b === undefined || a.end <= a.start || b.end <= b.start) continue;
        // pgtable_32.h: without highmem VMALLOC_END = FIXADDR_START - 2 * PAGE_SIZE,
        // so vmalloc shares addresses with the boot-time slots by design.
        const bootSlotsOnly = a.name === 'vmalloc' && b.name === 'fixmap' && a.end <= trace.layout.FIXADDR_START;
        if (a.start < b.end && b.start < a.end && !bootSlotsOnly) {
          const [low, high] = a.start <= b.start ? [a, b] : [b, a];
          hits.push({ kind: 'overlap', a, b, edges: [[low.name, 'end'], [high.name, 'start']] });
        }
      }
    }
    return hits;
  },
  verdict: (hit, trace) => {
    const { step, related } = blame(trace, hit.edges);
    return { rule: ID, severity: 'error', step, related: related.map((s) => ({ step: s })) };
  },
  format: (hit, trace) => {
    const { step, related } = blame(trace, hit.edges);
    const base = { rule: ID, severity: 'error' as const, step, pos: step.pos, related: related.map((s) => ({ step: s, role: 'also moved these regions' })) };
    if (hit.kind === 'empty') {
      const r = hit.region;
      return {
        ...base,
        message: `${r.name} is empty: ${hex(r.start)}–${hex(r.end)}` + (r.name === 'lowmem' ? ' (no step set max_low_pfn)' : ''),
        addresses: { start: r.start, end: r.end },
        consequence: r.name === 'lowmem' ? 'no direct map: the kernel cannot allocate memory' : 'no vmalloc space: vmalloc() and ioremap() fail',
        fix: r.name === 'lowmem' ? 'call find_low_pfn_range (2.6.26: setup_memory)' : `shrink the reservations or vmalloc=; the last change is ${label(step)}`,
      };
    }
    const { a, b } = hit;
    return {
      ...base,
      message: `${span(a)} overlaps ${span(b)}`,
      addresses: { [`${a.name}_start`]: a.start, [`${a.name}_end`]: a.end, [`${b.name}_start`]: b.start, [`${b.name}_end`]: b.end },
      consequence: `the kernel maps ${a.name} and ${b.name} at the same virtual addresses`,
      fix: `compute max_low_pfn after every relocation and keep the reservations within __VMALLOC_RESERVE; the last change is ${label(step)}`,
    };
  },
});

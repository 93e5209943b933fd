/**
 * lowmem-before-relocation: max_low_pfn was computed with a smaller
 * __VMALLOC_RESERVE than a later relocation left in force, so lowmem is sized
 * for an address space that no longer exists (2.6.26: setup_memory() then
 * vmi_init()).
 */
import { computeLayout, maxmemPfn } from '../layout.js';
import { MAX_NONPAE_PFN, findLowPfnRange } from '../low-pfn-range.js';
import { contextFor, maxmemInputs, type ReplayContext } from '../replay/context.js';
import { PAGE_SIZE } from '../geometry.js';
import type { EventOf, RelocationEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, size, relocationLabel } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'lowmem-before-relocation';

function overlaps(trace: Trace): string | null {
  const { layout } = trace;
  const lowmem = layout.regions.find((r) => r.name === 'lowmem');
  if (lowmem === undefined) return null;
  if (layout.VMALLOC_END <= layout.VMALLOC_START) return `the vmalloc area is empty (VMALLOC_START ${hex(layout.VMALLOC_START)} ≥ VMALLOC_END ${hex(layout.VMALLOC_END)})`;
  for (const r of layout.regions) {
    if (r.name !== 'lowmem' && r.start < lowmem.end && lowmem.start < r.end) return `lowmem ends at ${hex(lowmem.end)}, inside ${r.name} ${hex(r.start)}–${hex(r.end)}`;
  }
  return null;
}

/** The last max_low_pfn computation, the relocations after it, and what max_low_pfn would be now. */
interface Hit {
  readonly m: EventOf<'max-low-pfn'>;
  readonly relocations: readonly RelocationEvent[];
  readonly first: RelocationEvent;
  readonly wouldBe: number;
  /** why it is an error, or null when only the vmalloc area shrank */
  readonly overlap: string | null;
  /** the kernel's shape and layout formulas */
  readonly ctx: ReplayContext;
}

function findingFor(trace: Trace, { m, relocations, first, wouldBe, overlap, ctx }: Hit): Finding {
  const pageOffset = trace.scenario.config.page_offset;
  const intended = computeLayout({
    formulas: ctx.formulas, geometry: trace.geometry, fixmap: trace.fixmap, pageOffset, highmem: trace.scenario.config.highmem,
    fixaddrTop: trace.final.fixaddrTop, maxLowPfn: wouldBe, hypervisorHoleStart: trace.final.hypervisorHoleStart, hypervisorHoleOwner: trace.final.hypervisorHoleOwner, reservetopHoleStart: trace.final.reservetopHoleStart,
  });
  const intendedSize = Math.max(0, intended.VMALLOC_END - intended.VMALLOC_START);
  const vmallocSize = Math.max(0, trace.layout.VMALLOC_END - trace.layout.VMALLOC_START);
  return {
    rule: ID,
    severity: overlap !== null ? 'error' : 'warning',
    step: m.step,
    pos: m.step.pos,
    message: `${m.step.name} sets max_low_pfn ${m.maxLowPfn} (${size(m.maxLowPfn * PAGE_SIZE)} lowmem) with __VMALLOC_RESERVE ${size(m.vmallocReserve)}; ${relocationLabel(first)} then raises it to ${size(trace.final.vmallocReserve)}, for which max_low_pfn would be ${wouldBe}`
      + (overlap !== null ? `: ${overlap}` : `: the vmalloc area shrinks to ${size(vmallocSize)}`),
    related: relocations.map((r) => ({ step: r.step, role: `reserves ${size(r.reserve)} at the top (__VMALLOC_RESERVE ${size(r.vmallocReserveBefore)} → ${size(r.vmallocReserveAfter)})` })),
    addresses: {
      high_memory: trace.layout.high_memory,
      VMALLOC_START: trace.layout.VMALLOC_START,
      VMALLOC_END: trace.layout.VMALLOC_END,
      FIXADDR_TOP: trace.layout.FIXADDR_TOP,
    },
    consequence: overlap !== null
      ? 'the direct map overlaps the kernel\'s fixed mappings or the hypervisor hole: memory corruption or a triple fault once both are used'
      : `vmalloc space is ${size(vmallocSize)} instead of ${size(intendedSize)}: vmalloc() and ioremap() run out sooner`,
    fix: first.step.implicit
      ? `compute max_low_pfn after ${label(first.step)}`
      : `max_low_pfn has to be computed after the relocation (${relocationLabel(first)})`,
  };
}

export const lowmemBeforeRelocation: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    doc: 'max_low_pfn computed before a relocation enlarged __VMALLOC_RESERVE (error on overlap, warning if vmalloc only shrank)',
    explanation: `max_low_pfn = min(max_pfn, MAXMEM_PFN) with MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE
(arch/x86/mm/init_32.c find_low_pfn_range; 2.6.26 setup_memory). reserve_top_address() adds the hypervisor's
reserve to __VMALLOC_RESERVE, but a max_low_pfn computed before it keeps the old, larger lowmem.

When the machine has more RAM than the reduced MAXMEM, the direct map then reaches into the space meant
for vmalloc: the vmalloc area shrinks (warning) or the direct map overlaps the vmalloc area, pkmap, fixmap
or the hypervisor hole (error: the kernel maps RAM over its own fixed mappings or the hypervisor's).

On machines with less RAM than MAXMEM the order does not matter and nothing is reported.

Fix: relocate before max_low_pfn is computed. Before 2.6.27-rc3, vmi_init() itself needed max_low_pfn
(activate_vmi maps lowmem up to it); rc3 made it map MAXMEM_PFN so vmi_init could move early.`,
  },
  detect(trace) {
    // the last max_low_pfn and the relocations after it, from the event index (this runs for every replayed order)
    const ix = eventIndex(trace.events);
    const lows = ix.of('max-low-pfn');
    const m = lows[lows.length - 1];
    if (m === undefined) return [];
    const lastAt = ix.at('max-low-pfn')[lows.length - 1] as number;
    const relocationAt = ix.at('relocation');
    const relocations: RelocationEvent[] = [];
    ix.of('relocation').forEach((r, k) => { if ((relocationAt[k] as number) > lastAt) relocations.push(r); });
    const first = relocations[0];
    if (first === undefined) return [];
    const ctx = contextFor(trace.scenario);
    // the same call with the reserve in force at the end (and the same max_pfn and highmem_pages)
    const wouldBe = findLowPfnRange(trace.scenario.kernel, {
      maxPfn: m.maxPfnBefore, maxmemPfn: maxmemPfn(maxmemInputs(ctx, trace.final.fixaddrTop, trace.final.vmallocReserve)),
      highmemPages: m.highmemPages, highmem: trace.scenario.config.highmem, maxNonPaePfn: ctx.geometry.pae ? null : MAX_NONPAE_PFN,
    }).maxLowPfn;
    if (wouldBe >= m.maxLowPfn) return [];
    return [{ m, relocations, first, wouldBe, overlap: overlaps(trace), ctx }];
  },
  verdict: ({ m, relocations, overlap }) => ({
    rule: ID, severity: overlap !== null ? 'error' : 'warning', step: m.step, related: relocations.map((r) => ({ step: r.step })),
  }),
  format: (hit, trace) => findingFor(trace, hit),
});

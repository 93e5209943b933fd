/**
 * xen-writable-pagetable: under Xen a page that is part of a page table ends
 * up mapped with _PAGE_RW. Xen validates every page-table frame and refuses
 * a writable mapping of one, so the PTE update fails and the guest dies in
 * early boot. Seed 004's proposal 1 (write every entry unconditionally) does
 * this in pagetable_init; the merged fix (9a4029fd) is xen_set_pte_init.
 */
import type { StepRef } from '../replay/events.js';
import type { PtWritablePagetableEvent } from '../pagetables/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label } from './describe.js';
import type { Finding, RelatedStep, Rule } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';

const ID = 'xen-writable-pagetable';

function pfnRange(e: PtWritablePagetableEvent): string {
  const h = (n: number): string => `0x${n.toString(16)}`;
  return e.pages === 1 ? `pfn ${h(e.pfn)}` : `pfn ${h(e.pfn)}-${h(e.pfn + e.pages - 1)}`;
}

/** Ranges listed per kind of page-table page before a kind is summarised as a count */
const RANGES_PER_KIND = 3;

/**
 * Every kind of page-table page the step mapped RW, in the order first met:
 * its ranges (pfn and direct-map address), or, past RANGES_PER_KIND ranges,
 * the page count, the number of ranges and the first ones. No kind is ever
 * left out.
 */
export function tableSummary(list: readonly PtWritablePagetableEvent[]): string {
  const kinds = new Map<string, PtWritablePagetableEvent[]>();
  for (const e of list) {
    const mine = kinds.get(e.table);
    if (mine === undefined) kinds.set(e.table, [e]);
    else mine.push(e);
  }
  return [...kinds].map(([name, es]) => {
    const ranges = es.slice(0, RANGES_PER_KIND).map((e) => `${pfnRange(e)} at ${hex(e.start)}`);
    if (es.length <= RANGES_PER_KIND) return `${name} (${ranges.join(', ')})`;
    const pages = es.reduce((n, e) => n + e.pages, 0);
    return `${name} (${pages} pages in ${es.length} ranges: ${ranges.join(', ')}, …)`;
  }).join(', ');
}

export const xenWritablePagetable: Rule<Trace> = lazyRule<Trace, [StepRef, PtWritablePagetableEvent[]]>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'under Xen, a page-table page ends up mapped read-write (Xen refuses the update; the guest dies at boot)',
    explanation: `A Xen pv guest builds its page tables in memory Xen validates: every frame that is part of a page
table (Xen's bootstrap tables pt_base … pt_base + nr_pt_frames, swapper_pg_dir, level2_kernel_pgt,
level1_ident_pgt, and every PTE page the kernel allocates, which the alloc_pte hook xen_alloc_pte_init makes
read-only) must be mapped read-only everywhere; Xen refuses a writable mapping of one
(include/xen/interface/xen.h, start_info: "the bootstrap page table … is mapped read-only").

pagetable_init (2.6.27+: init_memory_mapping, arch/x86/mm/init_32.c) rewrites the whole direct map with
PAGE_KERNEL, which has _PAGE_RW, so it also maps those frames RW unless something stops it. Seed 004 (Jeremy
Fitzhardinge, 2007): "1 works in general, but it doesn't work for Xen because it ends up mapping pagetable pages
RW." What was merged, 9a4029fd "xen: ignore RW mapping of RO pages in pagetable_init": the init-time set_pte,
xen_set_pte_init → mask_rw_pte (arch/x86/xen/enlighten.c), keeps _PAGE_RW off wherever the existing PTE is
present and read-only. It is the set_pte from xen_start_kernel until xen_post_allocator_init in 2.6.27+
(851fa3c4e7b), and between xen_pagetable_setup_start and _done in 2.6.26.

The finding names the call that wrote the RW entries, the page-table frames and where they came from. It fires
with config.pagetable_init_policy: unconditional, or when an order switches xen_set_pte_init off
(paravirt_post_allocator_init) before the page tables are built.

Fix: keep the merged policy (config.pagetable_init_policy: xen-mask-rw, 9a4029fd "xen: ignore RW mapping of RO pages in pagetable_init"), and keep paravirt_post_allocator_init (which switches xen_set_pte_init off) after the calls that build page tables.`,
  },
  detect(trace) {
    const rw = eventIndex(trace.events).of('pt-rw-pagetable');
    // no map (and its iterator) for the orders without one: most the many-replay engine judges
    if (rw.length === 0) return [];
    const byStep = new Map<StepRef, PtWritablePagetableEvent[]>();
    for (const e of rw) {
      const list = byStep.get(e.step);
      if (list !== undefined) list.push(e);
      else byStep.set(e.step, [e]);
    }
    return [...byStep];
  },
  verdict: ([step, list]) => ({ rule: ID, severity: 'error', step, related: relatedSteps(list).map((s) => ({ step: s })) }),
  format: ([step, list]) => findingFor(step, list),
});

/** Steps that made the frames page tables a finding names; the rest are counted (makersShown). */
const MAKERS_SHOWN = 4;

/**
 * The steps that made the frames page tables, as a finding names them: all of them (in the order of the
 * frames) when they are at most MAKERS_SHOWN, else the first MAKERS_SHOWN - 1 in boot order and the
 * last, with how many between are not named. Every repeated paging_init of a 2.6.26 Xen guest makes a kernel
 * PMD copy, so a later one maps hundreds of earlier ones' frames: naming each made every finding's related
 * steps, and each report's path, grow with the calls (break-230 F1: 490 of them, a SARIF over 512 Mi characters).
 */
function makersShown(list: readonly PtWritablePagetableEvent[]): { shown: StepRef[]; between: number } {
  const all = [...new Set(list.map((e) => e.tableBy))];
  if (all.length <= MAKERS_SHOWN) return { shown: all, between: 0 };
  all.sort((a, b) => a.index - b.index);
  return { shown: [...all.slice(0, MAKERS_SHOWN - 1), all[all.length - 1] as StepRef], between: all.length - MAKERS_SHOWN };
}

/** The steps a finding names besides its culprit, in check()'s order: those that made the frames page tables (makersShown), then the one that switched xen_set_pte_init off. */
function relatedSteps(list: readonly PtWritablePagetableEvent[]): StepRef[] {
  const steps = makersShown(list).shown;
  const off = list[0]?.setPteInitOffBy ?? null;
  if (off !== null) steps.push(off);
  return steps;
}

function findingFor(step: StepRef, list: readonly PtWritablePagetableEvent[]): Finding {
  const first = list[0];
  if (first === undefined) throw new Error(`${ID}: a step without events`);
  const made = new Map<StepRef, string[]>();
  for (const e of list) {
    const names = made.get(e.tableBy) ?? [];
    if (!names.includes(e.table)) names.push(e.table);
    made.set(e.tableBy, names);
  }
  const { shown, between } = makersShown(list);
  const related: RelatedStep[] = shown.map((s, i) => ({
    step: s,
    role: `made ${(made.get(s) ?? []).join(', ')} part of the page tables${between > 0 && i === shown.length - 1 ? ` (and ${between} steps between did too, not named)` : ''}`,
  }));
  const off = first.setPteInitOffBy;
  if (off !== null) related.push({ step: off, role: 'switched set_pte back from xen_set_pte_init' });
  // mask_rw_pte keeps RW off only over a present PTE: frames the direct map did not map yet get RW through it
  const unmapped = first.policy === 'xen-mask-rw' && off === null && list.every((e) => e.masked && !e.wasPresent);
  const why = first.policy !== 'xen-mask-rw'
    ? `config.pagetable_init_policy is ${first.policy}`
    : off !== null ? `xen_set_pte_init was switched off by ${label(off)}`
      : unmapped ? 'xen_set_pte_init was the set_pte, but the direct map had no present entry for these frames, and mask_rw_pte keeps _PAGE_RW off only over a present PTE'
        : 'xen_set_pte_init was not the set_pte';
  return {
    rule: ID,
    severity: 'error',
    step,
    pos: step.pos,
    message: `${label(step)} maps page-table pages read-write under Xen: ${tableSummary(list)} (${why})`,
    related,
    addresses: { vaddr: first.start, pfn: first.pfn },
    consequence: 'Xen refuses a writable mapping of a frame that is part of a page table: the PTE update fails and the guest crashes early in boot, before the console is up',
    fix: first.policy === 'xen-mask-rw' && off !== null
      ? `move ${label(off)} after ${label(step)}: set_pte must stay xen_set_pte_init (mask_rw_pte keeps _PAGE_RW off over read-only PTEs) until the kernel page tables are built`
      : unmapped
        ? 'every page-table frame must already be mapped read-only when the direct map is rewritten: Xen\'s bootstrap L1s map the region up to its 4 MiB-aligned end past the page tables, and xen_alloc_pte_init makes each new PTE page read-only first; check machine.xen_pt_base and machine.xen_nr_pt_frames against start_info'
        : 'let Xen\'s init-time set_pte keep _PAGE_RW off where the existing PTE is read-only (9a4029fd "xen: ignore RW mapping of RO pages in pagetable_init"): config.pagetable_init_policy: xen-mask-rw',
  };
}

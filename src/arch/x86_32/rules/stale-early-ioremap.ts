/**
 * stale-early-ioremap: an early_ioremap() writes bm_pte after a relocation
 * moved FIXADDR_TOP away from where bm_pte was hooked, before
 * early_ioremap_reset(), and a page of the mapping is therefore not served.
 * Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels" (Dec 2008):
 * VMI relocating the fixmap "causing early_ioremap to malfunction if it is
 * initialized before the relocation"; Liang Li, "x86: Fix 'reservetop='
 * functionality" (e67a807f3d9, 2.6.34-rc7): with slot_virt[] (2.6.30-rc1) the
 * pointer is based on the old FIXADDR_TOP and the PTE on the new one.
 */
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, relocationLabel, unservedConsequence } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';
import type { Finding, RelatedStep, Rule } from '../../../rules/types.js';

const ID = 'stale-early-ioremap';
const KINDS = ['relocation', 'early-ioremap-init', 'fixmap-use'] as const;

/** Per trace: the early_ioremap_reset after each event, as a label, from one pass from the end (a scan per finding was quadratic). */
const RESETS = new WeakMap<Trace, string[]>();

function resetStep(trace: Trace, fromEvent: number): string {
  let resets = RESETS.get(trace);
  if (resets === undefined) {
    resets = new Array<string>(trace.events.length);
    let next = 'the step that builds the fixmap page tables (init_memory_mapping; 2.6.26: paging_init)';
    for (let i = trace.events.length - 1; i >= 0; i--) {
      resets[i] = next;
      const e = trace.events[i];
      if (e?.kind === 'early-ioremap-reset') next = label(e.step);
    }
    RESETS.set(trace, resets);
  }
  return resets[fromEvent] ?? '';
}

function describeUse(e: EventOf<'fixmap-use'>): string {
  const u = e.unserved;
  if (u === null) return '';
  const pages = e.pages > 1 ? `${e.pages} pages from ${hex(e.vaddr)}` : hex(e.vaddr);
  const slot = e.btmapSlot !== null ? ` (slot ${e.btmapSlot})` : '';
  if (u.pteVaddr !== u.vaddr) {
    return `${e.step.name} early_ioremaps ${e.what}${slot}: the pointer ${hex(u.vaddr)} comes from slot_virt[], cached by early_ioremap_init at FIXADDR_TOP ${hex(e.bmPteTop ?? 0)}, but the PTE is written for ${hex(u.pteVaddr)} under the new FIXADDR_TOP ${hex(e.fixaddrTop)}`;
  }
  return `${e.step.name} early_ioremaps ${e.what}${slot} at ${pages} (PMD ${hex(u.pmd)}), but bm_pte is still hooked into the PMD at ${hex(e.bmPtePmd ?? 0)}, from FIXADDR_TOP ${hex(e.bmPteTop ?? 0)}`;
}

/** An early_ioremap a page of which bm_pte does not serve, with the relocation before it and the early_ioremap_init that hooked bm_pte. */
interface Hit {
  readonly use: EventOf<'fixmap-use'>;
  /** its index in trace.events (the reset that ends the window comes after it) */
  readonly at: number;
  readonly relocation: RelocationEvent | undefined;
  readonly init: StepRef | undefined;
}

function findingFor(trace: Trace, { use: e, at, relocation: r, init: initStep }: Hit): Finding {
  const u = e.unserved;
  const related: RelatedStep[] = [
    ...(initStep !== undefined ? [{ step: initStep, role: `hooked bm_pte into the PMD at ${hex(e.bmPtePmd ?? 0)}` }] : []),
    ...(r !== undefined ? [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }] : []),
  ];
  const reset = resetStep(trace, at);
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    slot: e.slot,
    message: describeUse(e) + (r !== undefined ? `, before ${relocationLabel(r)}` : ''),
    related,
    addresses: {
      vaddr: u?.vaddr ?? e.vaddr, pmd: u?.pmd ?? e.pmd, pte_vaddr: u?.pteVaddr ?? e.vaddr,
      bm_pte_pmd: e.bmPtePmd ?? 0, old_FIXADDR_TOP: e.bmPteTop ?? 0, FIXADDR_TOP: e.fixaddrTop,
    },
    consequence: unservedConsequence(trace, e),
    // the remedy in words; the verified order change comes from src/compare/fix-hints.ts
    fix: r !== undefined && initStep !== undefined && !r.step.implicit && r.step.index !== initStep.index
      ? `${r.source === 'reservetop' ? 're-run early_ioremap_init after reservetop= (parse_reservetop() does from 2.6.34-rc7, e67a807f3d9: fixup_early_ioremap()), or ' : ''}the relocation (${relocationLabel(r)}) has to come before ${label(initStep)}, or ${e.step.name} after ${reset}`
      : `${e.step.name} has to come after ${reset}`,
  };
}

export const staleEarlyIoremap: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'early_ioremap after a relocation but before early_ioremap_reset, while bm_pte sits where the old FIXADDR_TOP put it',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks the static page table bm_pte into the PMD
that covers fix_to_virt(FIX_BTMAP_BEGIN), computed from FIXADDR_TOP at that moment. Until
early_ioremap_reset() (called when the fixmap page tables are built), every early_ioremap() writes its PTEs
into bm_pte at pte_index(__fix_to_virt(idx)) and the caller reads the returned pointer.

If reserve_top_address() moved FIXADDR_TOP in between (vmi_init, reservetop=), the pages are not served:
  - 2.6.26 – 2.6.29: the pointer is the new address, in a PMD bm_pte is not in; the CPU walks that PMD;
  - 2.6.30-rc1 – 2.6.34-rc6: the pointer comes from slot_virt[], cached at the old top (8827247ffcc), while
    the PTE goes to the new address's index; a shift by a multiple of PMD_SIZE works by accident.
What happens then depends on the machine: on bare metal the PMD is not present and the early page fault
handler prints "BUG: Int 14: CR2 …" and halts; under VMI the guest dies the same way (2.6.27.6 – 2.6.27.9 and
2.6.28-rc1 – rc8, where DMI moved early); if the PMD has a page table the read returns garbage.

Fix: relocate before early_ioremap_init() (2.6.28-rc9 and 2.6.27.10 call vmi_init() first; 2.6.34-rc7's
parse_reservetop() re-runs early_ioremap_init()), or move the early_ioremap() user after the fixmap page
tables are built. One finding per call, for its first page that is not served.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let relocation: RelocationEvent | undefined;
    let init: StepRef | undefined;
    const reported = new Set<number>();
    const events = trace.events;
    // only the kinds it reads (src/replay/event-index.ts): the judgement runs for every replayed order
    for (const at of eventIndex(events).atAny(KINDS)) {
      const e = events[at];
      if (e === undefined) continue;
      if (e.kind === 'relocation') relocation = e;
      if (e.kind === 'early-ioremap-init') init = e.step;
      if (e.kind !== 'fixmap-use' || e.pte !== 'bm_pte' || e.unserved === null || e.bmPteTop === null || e.bmPteTop === e.fixaddrTop) continue;
      // one finding per call, for its first page that is not served
      if (reported.has(e.step.index)) continue;
      reported.add(e.step.index);
      hits.push({ use: e, at, relocation, init });
    }
    return hits;
  },
  verdict: ({ use, relocation, init }) => ({
    rule: ID, severity: 'error', step: use.step,
    related: [...(init !== undefined ? [{ step: init }] : []), ...(relocation !== undefined ? [{ step: relocation.step }] : [])],
  }),
  format: (hit, trace) => findingFor(trace, hit),
});

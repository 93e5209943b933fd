/**
 * stale-early-ioremap: an early_ioremap() after a relocation that
 * early_ioremap_init() did not see, whose mapping is therefore not served:
 * before early_ioremap_reset() it writes bm_pte, hooked where the old
 * FIXADDR_TOP put it; from 2.6.30-rc1 also after the reset, when
 * it returns the slot_virt[] pointer cached at the old top while set_fixmap()
 * writes the PTE at the new one.
 * Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels" (Dec 2008):
 * VMI relocating the fixmap "causing early_ioremap to malfunction if it is
 * initialized before the relocation"; Liang Li, "x86: Fix 'reservetop='
 * functionality" (e67a807f3d9, 2.6.34-rc7): with slot_virt[] (2.6.30-rc1) the
 * pointer is based on the old FIXADDR_TOP and the PTE on the new one.
 */
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { contextFor } from '../replay/context.js';
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

/** The use in words; `before`: the relocation the cached top or bm_pte's PMD dates from. */
function describeUse(e: EventOf<'fixmap-use'>, before: string): string {
  const u = e.unserved;
  if (u === null) return '';
  const pages = e.pages > 1 ? `${e.pages} pages from ${hex(e.vaddr)}` : hex(e.vaddr);
  const slot = e.btmapSlot !== null ? ` (slot ${e.btmapSlot})` : '';
  if (u.pteVaddr !== u.vaddr) {
    const how = e.pte === 'bm_pte' ? '' : ' (a set_fixmap(): early_ioremap_reset() has run)';
    return `${e.step.name} early_ioremaps ${e.what}${slot}: the pointer ${hex(u.vaddr)} comes from slot_virt[], cached by early_ioremap_init at FIXADDR_TOP ${hex(e.bmPteTop ?? 0)}${before}, but the PTE is written for ${hex(u.pteVaddr)} under the new FIXADDR_TOP ${hex(e.fixaddrTop)}${how}`;
  }
  return `${e.step.name} early_ioremaps ${e.what}${slot} at ${pages} (PMD ${hex(u.pmd)}), but bm_pte is still hooked into the PMD at ${hex(e.bmPtePmd ?? 0)}, from FIXADDR_TOP ${hex(e.bmPteTop ?? 0)}${before}`;
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
    ...(initStep !== undefined ? [{ step: initStep, role: u !== null && u.pteVaddr !== u.vaddr ? `cached slot_virt[] at FIXADDR_TOP ${hex(e.bmPteTop ?? 0)}` : `hooked bm_pte into the PMD at ${hex(e.bmPtePmd ?? 0)}` }] : []),
    ...(r !== undefined ? [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }] : []),
  ];
  // before the reset, moving the user after it helps only while the pointer is __fix_to_virt() at the
  // current top (2.6.26 – 2.6.29); with slot_virt[] the reset changes where the PTE goes, not the pointer
  const afterReset = e.pte === 'bm_pte' && !contextFor(trace.scenario).ioremap.slotVirt ? `, or ${e.step.name} after ${resetStep(trace, at)}` : '';
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    slot: e.slot,
    message: describeUse(e, r !== undefined ? ` (before ${relocationLabel(r)})` : ''),
    related,
    addresses: {
      vaddr: u?.vaddr ?? e.vaddr, pmd: u?.pmd ?? e.pmd, pte_vaddr: u?.pteVaddr ?? e.vaddr,
      bm_pte_pmd: e.bmPtePmd ?? 0, old_FIXADDR_TOP: e.bmPteTop ?? 0, FIXADDR_TOP: e.fixaddrTop,
    },
    consequence: unservedConsequence(trace, e),
    // the remedy in words; the verified order change comes from src/compare/fix-hints.ts
    fix: r !== undefined && initStep !== undefined && !r.step.implicit && r.step.index !== initStep.index
      ? `${r.source === 'reservetop' ? 're-run early_ioremap_init after reservetop= (parse_reservetop() does from 2.6.34-rc7, e67a807f3d9: fixup_early_ioremap()), or ' : ''}the relocation (${relocationLabel(r)}) has to come before ${label(initStep)}${afterReset}`
      : afterReset !== '' ? `${e.step.name} has to come after ${resetStep(trace, at)}` : `early_ioremap_init has to run again after the relocation (slot_virt[] is cached there)`,
  };
}

export const staleEarlyIoremap: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'early_ioremap after a relocation early_ioremap_init did not see: before early_ioremap_reset, while bm_pte sits where the old FIXADDR_TOP put it; from 2.6.30-rc1 also after it (slot_virt[])',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks the static page table bm_pte into the PMD
that covers fix_to_virt(FIX_BTMAP_BEGIN), computed from FIXADDR_TOP at that moment. Until
early_ioremap_reset() (called when the fixmap page tables are built), every early_ioremap() writes its PTEs
into bm_pte at pte_index(__fix_to_virt(idx)) and the caller reads the returned pointer.

If reserve_top_address() moved FIXADDR_TOP in between (vmi_init, reservetop=), the pages are not served:
  - 2.6.26 – 2.6.29: the pointer is the new address, in a PMD bm_pte is not in; the CPU walks that PMD;
  - from 2.6.30-rc1 (slot_virt[] stays through 2.6.36, the last modeled version): the pointer comes from
    slot_virt[], cached at the old top (8827247ffcc), while
    the PTE goes to the new address's index; a shift by a multiple of PMD_SIZE works by accident.
    After early_ioremap_reset() it is no better: __early_ioremap() still returns offset + slot_virt[slot]
    while early_set_fixmap() now calls __set_fixmap(), which writes the PTE for __fix_to_virt(idx) at the
    new top in the fixmap page tables; bm_pte, still hooked at the old PMD, has no entry at the pointer
    (dandel/linux-2.6.32.y@07a2039b8eb0, Linux 2.6.30, arch/x86/mm/ioremap.c:546-549, 570-576, 681). So every
    early_ioremap() after the reset (DMI, the ACPI tables) is broken, whatever the shift.
What happens then depends on the machine: on bare metal the PMD is not present and the early page fault
handler prints "BUG: Int 14: CR2 …" and halts (from 2.6.35-rc1, once early_trap_init() has run, 29c843912a0,
do_page_fault() oopses "BUG: unable to handle kernel paging request" and the idle task's do_exit() panics); under VMI the guest dies the same way (2.6.27.6 – 2.6.27.9 and
2.6.28-rc1 – rc8, where DMI moved early); if the PMD has a page table the read returns garbage.

Fix: relocate before early_ioremap_init() (2.6.28-rc9 and 2.6.27.10 call vmi_init() first; 2.6.34-rc7's
parse_reservetop() re-runs early_ioremap_init(), which fixes reservetop= only); in 2.6.26 – 2.6.29 moving the early_ioremap() user after
the fixmap page tables are built also works (not from 2.6.30-rc1: see above). One finding per call, for its
first page that is not served.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let relocation: RelocationEvent | undefined;
    let init: StepRef | undefined;
    // the steps reported, made on the first hit: most orders the many-replay engine judges have none
    let reported: Set<number> | undefined;
    const events = trace.events;
    // only the kinds it reads (src/replay/event-index.ts): the judgement runs for every replayed order
    for (const at of eventIndex(events).atAny(KINDS)) {
      const e = events[at];
      if (e === undefined) continue;
      if (e.kind === 'relocation') relocation = e;
      if (e.kind === 'early-ioremap-init') init = e.step;
      // unserved: before the reset (bm_pte) or, with slot_virt[], after it (replay/early-ioremap.ts)
      if (e.kind !== 'fixmap-use' || e.unserved === null || e.bmPteTop === null || e.bmPteTop === e.fixaddrTop) continue;
      // one finding per call, for its first page that is not served
      if (reported?.has(e.step.index) === true) continue;
      (reported ??= new Set()).add(e.step.index);
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

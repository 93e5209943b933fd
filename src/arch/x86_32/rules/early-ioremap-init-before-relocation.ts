/**
 * early-ioremap-init-before-relocation: bm_pte was hooked in for a FIXADDR_TOP
 * that a relocation then moved so that early mappings are no longer served,
 * and nothing re-hooked it before early_ioremap_reset(). Latent: nothing may
 * use early_ioremap in the window today, but the next patch that does
 * (2.6.27.6's early dmi_scan_machine) breaks VMI.
 */
import { fixToVirt } from '../fixmap.js';
import { pmdBase } from '../geometry.js';
import { contextFor, inputsContextFor } from '../replay/context.js';
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, relocationLabel } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'early-ioremap-init-before-relocation';
const KINDS = ['early-ioremap-init', 'early-ioremap-reset', 'relocation', 'fixmap-use'] as const;

/** An early_ioremap_init, the relocation that left its bm_pte unable to serve, and who used the window. */
interface Hit {
  readonly init: EventOf<'early-ioremap-init'>;
  readonly relocation: RelocationEvent;
  readonly newBegin: number;
  readonly newPmd: number;
  readonly users: StepRef[];
}

/** The remedy in words; the verified order change comes from src/compare/fix-hints.ts. */
function remedy(e: RelocationEvent, init: StepRef): string {
  if (e.step.implicit) return `nothing to move: ${label(e.step)} runs before setup_arch`;
  // the precedent only where it is one: the VMI fix (reservetop= was fixed by re-running early_ioremap_init)
  const precedent = e.source === 'vmi' ? ' (2.6.28-rc9 and 2.6.27.10 call vmi_init first)' : '';
  const move = `the relocation (${relocationLabel(e)}) has to come before ${label(init)}${precedent}`;
  return e.source === 'reservetop'
    ? `re-run early_ioremap_init after reservetop= (what parse_reservetop() does from 2.6.34-rc7, e67a807f3d9: fixup_early_ioremap()), or ${move}`
    : `${move}, or early_ioremap_init has to run again after it`;
}

/** Steps named in a finding's consequence; the rest are counted. */
const USERS_SHOWN = 3;

function findingFor({ init, relocation: e, newBegin, newPmd, users }: Hit, trace: Trace): Finding {
  const slotVirt = contextFor(trace.scenario).ioremap.slotVirt;
  const pmdSize = trace.geometry.pmdSize;
  return {
    rule: ID,
    severity: 'warning',
    step: init.step,
    pos: init.step.pos,
    slot: 'FIX_BTMAP_BEGIN',
    message: `${init.step.name} hooks bm_pte into the PMD at ${hex(init.pmdBegin)}, then ${relocationLabel(e)} moves FIX_BTMAP_BEGIN to ${hex(newBegin)} (PMD ${hex(newPmd)}); ${slotVirt
      ? `every early_ioremap from then on returns a pointer from slot_virt[], cached at the old FIXADDR_TOP ${hex(e.oldTop)}, also after the fixmap page tables are built${(e.oldTop - e.newTop) % pmdSize === 0 ? ' (before them, bm_pte still serves it: the shift is a multiple of PMD_SIZE)' : ''}`
      : 'any early_ioremap until the fixmap page tables are built will be broken'}`,
    related: [{ step: e.step, role: `relocates FIXADDR_TOP ${hex(e.oldTop)} → ${hex(e.newTop)}` }],
    addresses: { bm_pte_pmd: init.pmdBegin, new_FIX_BTMAP_BEGIN: newBegin, new_pmd: newPmd, old_FIXADDR_TOP: e.oldTop, new_FIXADDR_TOP: e.newTop },
    consequence: users.length === 0
      ? 'latent: no early_ioremap uses the window in this order, but one added later writes bm_pte for an address bm_pte does not serve'
      : `already hit by ${users.slice(0, USERS_SHOWN).map(label).join(', ')}${users.length > USERS_SHOWN ? ` and ${users.length - USERS_SHOWN} more` : ''} (see stale-early-ioremap)`,
    fix: remedy(e, init.step),
  };
}

export const earlyIoremapInitBeforeRelocation: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'warning',
    doc: 'early_ioremap_init ran before a relocation that left bm_pte unable to serve early_ioremap, and nothing re-hooked it (latent)',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks bm_pte into the PMD of
fix_to_virt(FIX_BTMAP_BEGIN) at the current FIXADDR_TOP. A later reserve_top_address() (vmi_init,
reservetop=) leaves bm_pte behind: from then until early_ioremap_reset(), early_ioremap() is broken (see
stale-early-ioremap) — in 2.6.26 – 2.6.29 when FIX_BTMAP_BEGIN moved to another PMD, from 2.6.30-rc1
(slot_virt[]) when the shift is not a multiple of PMD_SIZE. From 2.6.30-rc1 (through 2.6.36) the reset does
not end it: __early_ioremap() keeps returning slot_virt[] + offset, cached at the old top, while the PTE
is a set_fixmap() at the new one, so every later early_ioremap() is broken whatever the shift.

This rule reports the window even when nothing uses it yet: it is the trap that 2.6.27.6 fell into when a
stable backport moved dmi_scan_machine() early (Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels").
The fixes: 2.6.28-rc9 / 2.6.27.10 call vmi_init() (the relocation) before early_ioremap_init() and activate
VMI later; 2.6.34-rc7 (e67a807f3d9) makes parse_reservetop() call early_ioremap_init() again, which re-hooks
bm_pte and re-caches slot_virt[] at the new top and closes the window for reservetop= (not for other relocations) — a second early_ioremap_init() after the relocation does the same
in any order.

Also note: until 2.6.29-rc3, early_ioremap_clear() then clears the PMD of the *new* FIX_BTMAP_BEGIN, not the
one bm_pte was hooked into.

It is a warning because nothing breaks until an early_ioremap() runs in the window; when one does,
stale-early-ioremap reports it as an error at that call, and this finding's consequence names it.

Fix: call the relocating function before early_ioremap_init(), as the fix that followed did, so that bm_pte
is hooked into the PMD the relocated FIX_BTMAP_BEGIN lies in; or call early_ioremap_init() again after the
relocation (reservetop=: what 2.6.34-rc7 does); or, in 2.6.26 – 2.6.29 only, keep every early_ioremap() user
after the step that builds the fixmap page tables (init_memory_mapping; 2.6.26: paging_init), which calls
early_ioremap_reset().`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // a window needs a relocation after early_ioremap_init
    const ix = eventIndex(trace.events);
    if (!ix.has('early-ioremap-init') || !ix.has('relocation')) return hits;
    const btmapBegin = trace.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
    // slot_virt[] is the kernel's: no copy of the context for this order's scenario
    const slotVirt = inputsContextFor(trace.scenario).ioremap.slotVirt;
    let hooked: EventOf<'early-ioremap-init'> | null = null;
    let open: Hit | null = null;
    const close = (): void => {
      if (open !== null) hits.push(open);
      open = null;
    };
    const events = trace.events;
    // only the kinds it reads (src/replay/event-index.ts): the judgement runs for every replayed order
    for (const at of ix.atAny(KINDS)) {
      const e = events[at];
      if (e === undefined) continue;
      if (e.kind === 'early-ioremap-init') {
        // a second early_ioremap_init re-hooks bm_pte at the current top: the window closes unused
        if (open !== null && (open as Hit).users.length === 0) open = null;
        else close();
        hooked = e;
      } else if (e.kind === 'early-ioremap-reset') {
        // with slot_virt[] the reset does not end the window: the pointers stay those of the old top
        if (!slotVirt) {
          close();
          hooked = null;
        }
      } else if (e.kind === 'relocation' && hooked !== null && (open === null || (open as Hit).relocation.step === e.step)) {
        const was = open as Hit | null;
        // one step's relocations are one, its last: with `reservetop=16M reservetop=32M` parse_early_param
        // calls reserve_top_address() twice, and no later step sees the FIXADDR_TOP of the first (helper-156:
        // the warning gave the first's FIX_BTMAP_BEGIN while the next findings used the second's)
        const first = was?.relocation;
        const relocation: RelocationEvent = first === undefined ? e
          : { ...e, oldTop: first.oldTop, reserve: first.reserve + e.reserve, vmallocReserveBefore: first.vmallocReserveBefore };
        const newBegin = fixToVirt(relocation.newTop, btmapBegin);
        const newPmd = pmdBase(trace.geometry, newBegin);
        // slot_virt[] (2.6.30-rc1 on): before the reset a shift by a multiple of PMD_SIZE still
        // serves bm_pte's pages, but after it every early_ioremap returns the stale pointer
        const broken = slotVirt ? relocation.newTop !== hooked.fixaddrTop : newPmd !== hooked.pmdBegin;
        open = broken ? { init: hooked, relocation, newBegin, newPmd, users: was?.users ?? [] } : null;
      } else if (e.kind === 'fixmap-use' && open !== null && e.unserved !== null) {
        const w: Hit = open;
        // a step's events are contiguous: comparing with the last user keeps this linear (80,000 uses)
        if (w.users[w.users.length - 1] !== e.step) w.users.push(e.step);
      }
    }
    close();
    return hits;
  },
  verdict: ({ init, relocation }) => ({ rule: ID, severity: 'warning', step: init.step, related: [{ step: relocation.step }] }),
  format: (hit, trace) => findingFor(hit, trace),
});

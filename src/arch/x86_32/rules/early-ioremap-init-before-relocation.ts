/**
 * early-ioremap-init-before-relocation: bm_pte was hooked in for a FIXADDR_TOP
 * that a relocation then moved so that early mappings are no longer served,
 * and nothing re-hooked it before early_ioremap_reset(). Latent: nothing may
 * use early_ioremap in the window today, but the next patch that does
 * (2.6.27.6's early dmi_scan_machine) breaks VMI.
 */
import { fixToVirt } from '../fixmap.js';
import { pmdBase } from '../geometry.js';
import { contextFor } from '../replay/context.js';
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, moveBefore, relocationLabel } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'early-ioremap-init-before-relocation';

interface Window {
  readonly init: EventOf<'early-ioremap-init'>;
  readonly relocation: RelocationEvent;
  readonly newBegin: number;
  readonly newPmd: number;
  readonly users: StepRef[];
}

export const earlyIoremapInitBeforeRelocation: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'warning',
    doc: 'early_ioremap_init ran before a relocation that left bm_pte unable to serve early_ioremap, and nothing re-hooked it (latent)',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks bm_pte into the PMD of
fix_to_virt(FIX_BTMAP_BEGIN) at the current FIXADDR_TOP. A later reserve_top_address() (vmi_init,
reservetop=) leaves bm_pte behind: from then until early_ioremap_reset(), early_ioremap() is broken (see
stale-early-ioremap) — in 2.6.26 – 2.6.29 when FIX_BTMAP_BEGIN moved to another PMD, from 2.6.30-rc1
(slot_virt[]) when the shift is not a multiple of PMD_SIZE.

This rule reports the window even when nothing uses it yet: it is the trap that 2.6.27.6 fell into when a
stable backport moved dmi_scan_machine() early (Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels").
The fixes: 2.6.28-rc9 / 2.6.27.10 call vmi_init() (the relocation) before early_ioremap_init() and activate
VMI later; 2.6.34-rc7 (e67a807f3d9) makes parse_reservetop() call early_ioremap_init() again, which re-hooks
bm_pte at the new top and closes the window — a second early_ioremap_init() after the relocation does the same
in any order.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    const btmapBegin = trace.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
    const slotVirt = contextFor(trace.scenario).ioremap.slotVirt;
    const pmdSize = trace.geometry.pmdSize;
    let hooked: EventOf<'early-ioremap-init'> | null = null;
    let open: Window | null = null;
    const close = (): void => {
      if (open === null) return;
      const w = open;
      open = null;
      const e = w.relocation;
      findings.push({
        rule: ID,
        severity: 'warning',
        step: w.init.step,
        pos: w.init.step.pos,
        slot: 'FIX_BTMAP_BEGIN',
        message: `${w.init.step.name} hooks bm_pte into the PMD at ${hex(w.init.pmdBegin)}, then ${relocationLabel(e)} moves FIX_BTMAP_BEGIN to ${hex(w.newBegin)} (PMD ${hex(w.newPmd)}); any early_ioremap until the fixmap page tables are built will be broken`,
        related: [{ step: e.step, role: `relocates FIXADDR_TOP ${hex(e.oldTop)} → ${hex(e.newTop)}` }],
        addresses: { bm_pte_pmd: w.init.pmdBegin, new_FIX_BTMAP_BEGIN: w.newBegin, new_pmd: w.newPmd, old_FIXADDR_TOP: e.oldTop, new_FIXADDR_TOP: e.newTop },
        consequence: w.users.length === 0
          ? 'latent: no early_ioremap uses the window in this order, but one added later writes bm_pte for an address bm_pte does not serve'
          : `already hit by ${w.users.map(label).join(', ')} (see stale-early-ioremap)`,
        fix: e.step.implicit
          ? `nothing to move: ${label(e.step)} runs before setup_arch`
          : e.source === 'reservetop'
            ? `call early_ioremap_init again after reservetop= (what parse_reservetop() does from 2.6.34-rc7, e67a807f3d9), or ${moveBefore(trace, e.step, w.init.step)}`
            : moveBefore(trace, e.step, w.init.step),
      });
    };
    for (const e of trace.events) {
      if (e.kind === 'early-ioremap-init') {
        // a second early_ioremap_init re-hooks bm_pte at the current top: the window closes unused
        if (open !== null && (open as Window).users.length === 0) open = null;
        else close();
        hooked = e;
      } else if (e.kind === 'early-ioremap-reset') {
        close();
        hooked = null;
      } else if (e.kind === 'relocation' && hooked !== null && open === null) {
        const newBegin = fixToVirt(e.newTop, btmapBegin);
        const newPmd = pmdBase(trace.geometry, newBegin);
        const broken = slotVirt ? (hooked.fixaddrTop - e.newTop) % pmdSize !== 0 : newPmd !== hooked.pmdBegin;
        if (broken) open = { init: hooked, relocation: e, newBegin, newPmd, users: [] };
      } else if (e.kind === 'fixmap-use' && open !== null && e.pte === 'bm_pte' && e.unserved !== null) {
        const w: Window = open;
        if (!w.users.includes(e.step)) w.users.push(e.step);
      }
    }
    close();
    return findings;
  },
};

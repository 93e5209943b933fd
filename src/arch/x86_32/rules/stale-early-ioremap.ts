/**
 * stale-early-ioremap: an early_ioremap() writes bm_pte while bm_pte is
 * hooked into a PMD that no longer maps FIX_BTMAP_* (a relocation moved it).
 * Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels" (Dec 2008):
 * VMI relocating the fixmap "causing early_ioremap to malfunction if it is
 * initialized before the relocation".
 */
import type { RelocationEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, moveBefore, relocationLabel } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'stale-early-ioremap';

/** The early_ioremap_reset after each event, as a label: one pass from the end instead of a scan per finding. */
function resetSteps(trace: Trace): string[] {
  const out = new Array<string>(trace.events.length);
  let next = 'the step that builds the fixmap page tables (init_memory_mapping; 2.6.26: paging_init)';
  for (let i = trace.events.length - 1; i >= 0; i--) {
    out[i] = next;
    const e = trace.events[i];
    if (e?.kind === 'early-ioremap-reset') next = label(e.step);
  }
  return out;
}

export const staleEarlyIoremap: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'early_ioremap after a relocation but before early_ioremap_reset, while bm_pte sits in the old PMD',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks the static page table bm_pte into the PMD
that covers fix_to_virt(FIX_BTMAP_BEGIN), computed from FIXADDR_TOP at that moment. Until
early_ioremap_reset() (called when the fixmap page tables are built), every early_ioremap() writes its PTE
into bm_pte at pte_index(addr) and then touches addr.

If reserve_top_address() moved FIXADDR_TOP in between (vmi_init, reservetop=), FIX_BTMAP_* now lie in a
different PMD: the PTE lands in bm_pte, but the CPU walks the PMD of the new address, which bm_pte is not in.
The caller reads whatever that PMD maps: silent corruption on bare metal; under VMI the hypervisor drops
the updates and the guest crashes (2.6.27.4, where a backport moved dmi_scan_machine() early).

Fix: relocate before early_ioremap_init() (2.6.28 and later call vmi_init() first), or move the
early_ioremap() user after the fixmap page tables are built.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    let lastRelocation: RelocationEvent | undefined;
    let initStep = trace.steps[0];
    let resets: string[] | undefined;
    const resetStep = (at: number): string => (resets ??= resetSteps(trace))[at] ?? '';
    trace.events.forEach((e, at) => {
      if (e.kind === 'relocation') lastRelocation = e;
      if (e.kind === 'early-ioremap-init') initStep = e.step;
      if (e.kind !== 'fixmap-use' || e.pte !== 'bm_pte' || e.bmPtePmd === null || e.bmPtePmd === e.pmd) return;
      const r = lastRelocation;
      const related = [
        ...(initStep !== undefined ? [{ step: initStep, role: `hooked bm_pte into the PMD at ${hex(e.bmPtePmd)}` }] : []),
        ...(r !== undefined ? [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }] : []),
      ];
      const mover = r !== undefined ? relocationLabel(r) : 'a relocation';
      findings.push({
        rule: ID,
        severity: 'error',
        step: e.step,
        pos: e.step.pos,
        slot: e.slot,
        message: `${e.step.name} early_ioremaps ${e.slot} at ${hex(e.vaddr)} (PMD ${hex(e.pmd)}), but bm_pte is still hooked into the PMD at ${hex(e.bmPtePmd)} from before ${mover}`,
        related,
        addresses: { vaddr: e.vaddr, pmd: e.pmd, bm_pte_pmd: e.bmPtePmd, FIXADDR_TOP: e.fixaddrTop },
        consequence: 'the PTE is written into bm_pte, which does not map the new address: the access hits whatever that PMD maps (silent corruption; a crash under VMI)',
        fix: r !== undefined && initStep !== undefined && !r.step.implicit
          ? `${moveBefore(trace, r.step, initStep)}, or move ${e.step.name} after ${resetStep(at)}`
          : `move ${e.step.name} after ${resetStep(at)}`,
      });
    });
    return findings;
  },
};

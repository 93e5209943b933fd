/**
 * stale-early-ioremap: an early_ioremap() writes bm_pte while bm_pte is
 * hooked into a PMD that no longer maps FIX_BTMAP_* (a relocation moved it).
 * Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels" (Dec 2008):
 * VMI relocating the fixmap "causing early_ioremap to malfunction if it is
 * initialized before the relocation".
 */
import type { EventOf, RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, relocationLabel } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'stale-early-ioremap';

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

/** An early_ioremap through a stale bm_pte, with the relocation before it and the early_ioremap_init that hooked bm_pte. */
interface Hit {
  readonly use: EventOf<'fixmap-use'>;
  /** its index in trace.events (the reset that ends the window comes after it) */
  readonly at: number;
  readonly relocation: RelocationEvent | undefined;
  readonly init: StepRef | undefined;
}

function relatedOf({ use, relocation, init }: Hit): { step: StepRef; role: string }[] {
  return [
    ...(init !== undefined ? [{ step: init, role: `hooked bm_pte into the PMD at ${hex(use.bmPtePmd ?? 0)}` }] : []),
    ...(relocation !== undefined ? [{ step: relocation.step, role: `relocates FIXADDR_TOP ${hex(relocation.oldTop)} → ${hex(relocation.newTop)}` }] : []),
  ];
}

function findingFor(trace: Trace, hit: Hit): Finding {
  const { use: e, relocation: r, init } = hit;
  const mover = r !== undefined ? relocationLabel(r) : 'a relocation';
  const reset = resetStep(trace, hit.at);
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    slot: e.slot,
    message: `${e.step.name} early_ioremaps ${e.slot} at ${hex(e.vaddr)} (PMD ${hex(e.pmd)}), but bm_pte is still hooked into the PMD at ${hex(e.bmPtePmd ?? 0)} from before ${mover}`,
    related: relatedOf(hit),
    addresses: { vaddr: e.vaddr, pmd: e.pmd, bm_pte_pmd: e.bmPtePmd ?? 0, FIXADDR_TOP: e.fixaddrTop },
    consequence: 'the PTE is written into bm_pte, which does not map the new address: the access hits whatever that PMD maps (silent corruption; a crash under VMI)',
    fix: r !== undefined && init !== undefined && !r.step.implicit
      ? `the relocation (${relocationLabel(r)}) has to come before ${label(init)}, or ${e.step.name} after ${reset}`
      : `${e.step.name} has to come after ${reset}`,
  };
}

export const staleEarlyIoremap: Rule<Trace> = lazyRule<Trace, Hit>({
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
  detect(trace) {
    const hits: Hit[] = [];
    let relocation: RelocationEvent | undefined;
    let init = trace.steps[0];
    trace.events.forEach((e, at) => {
      if (e.kind === 'relocation') relocation = e;
      if (e.kind === 'early-ioremap-init') init = e.step;
      if (e.kind !== 'fixmap-use' || e.pte !== 'bm_pte' || e.bmPtePmd === null || e.bmPtePmd === e.pmd) return;
      hits.push({ use: e, at, relocation, init });
    });
    return hits;
  },
  verdict: ({ use, relocation, init }) => ({
    rule: ID, severity: 'error', step: use.step,
    related: [...(init !== undefined ? [{ step: init }] : []), ...(relocation !== undefined ? [{ step: relocation.step }] : [])],
  }),
  format: (hit, trace) => findingFor(trace, hit),
});

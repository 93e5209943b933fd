/**
 * early-ioremap-init-before-relocation: bm_pte was hooked in for a FIXADDR_TOP
 * that a relocation then moved to another PMD, before early_ioremap_reset().
 * Latent: nothing may use early_ioremap in the window today, but the next
 * patch that does (2.6.27.4's early dmi_scan_machine) breaks VMI.
 */
import { fixToVirt } from '../fixmap.js';
import { pmdBase } from '../geometry.js';
import type { RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, relocationLabel } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'early-ioremap-init-before-relocation';

/** An early_ioremap_init, the PMD it hooked bm_pte into, and the relocation that moved FIX_BTMAP_* away from it. */
interface Hit {
  readonly init: StepRef;
  readonly pmd: number;
  readonly relocation: RelocationEvent;
  /** its index in trace.events */
  readonly at: number;
  readonly newBegin: number;
  readonly newPmd: number;
}

function findingFor(trace: Trace, { init, pmd, relocation: e, at, newBegin, newPmd }: Hit): Finding {
  const users = staleIndex(trace).after(at);
  return {
    rule: ID,
    severity: 'warning',
    step: init,
    pos: init.pos,
    slot: 'FIX_BTMAP_BEGIN',
    message: `${init.name} hooks bm_pte into the PMD at ${hex(pmd)}, then ${relocationLabel(e)} moves FIX_BTMAP_BEGIN to ${hex(newBegin)} (PMD ${hex(newPmd)}); any early_ioremap until the fixmap page tables are built will be broken`,
    related: [{ step: e.step, role: `relocates FIXADDR_TOP ${hex(e.oldTop)} → ${hex(e.newTop)}` }],
    addresses: { bm_pte_pmd: pmd, new_FIX_BTMAP_BEGIN: newBegin, new_pmd: newPmd, old_FIXADDR_TOP: e.oldTop, new_FIXADDR_TOP: e.newTop },
    consequence: users.count === 0
      ? 'latent: no early_ioremap uses the window in this order, but one added later writes bm_pte for an address bm_pte does not map'
      : `already hit by ${users.first.map(label).join(', ')}${users.count > users.first.length ? ` and ${users.count - users.first.length} more` : ''} (see stale-early-ioremap)`,
    fix: e.step.implicit
      ? `nothing to move: ${label(e.step)} runs before setup_arch`
      : `the relocation (${relocationLabel(e)}) has to come before ${label(init)} (2.6.28 calls vmi_init first), or early_ioremap_init has to run again after it`,
  };
}

export const earlyIoremapInitBeforeRelocation: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    id: ID,
    severity: 'warning',
    doc: 'early_ioremap_init ran before a relocation that moved FIX_BTMAP_* to another PMD (latent)',
    explanation: `early_ioremap_init() (arch/x86/mm/ioremap.c) hooks bm_pte into the PMD of
fix_to_virt(FIX_BTMAP_BEGIN) at the current FIXADDR_TOP. A later reserve_top_address() (vmi_init,
reservetop=) that moves FIX_BTMAP_BEGIN into another PMD leaves bm_pte behind: from then until
early_ioremap_reset(), any early_ioremap() is broken (see stale-early-ioremap).

This rule reports the window even when nothing uses it yet: it is the trap that 2.6.27.4 fell into when a
backport moved dmi_scan_machine() early (Zachary Amsden, "Fix VMI crash on boot in 2.6.27+ kernels"). The fix
that followed calls vmi_init() (the relocation) before early_ioremap_init() and activates VMI later.

Also note: early_ioremap_clear() then clears the PMD of the *new* FIX_BTMAP_BEGIN, not the one bm_pte
was hooked into.

It is a warning because nothing breaks until an early_ioremap() runs in the window; when one does,
stale-early-ioremap reports it as an error at that call, and this finding's consequence names it.

Fix: call the relocating function before early_ioremap_init(), as the fix that followed did, so that bm_pte
is hooked into the PMD the relocated FIX_BTMAP_BEGIN lies in; or keep every early_ioremap() user after the
step that builds the fixmap page tables (init_memory_mapping; 2.6.26: paging_init), which calls
early_ioremap_reset().`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const btmapBegin = trace.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
    let open: { step: StepRef; pmd: number } | null = null;
    trace.events.forEach((e, at) => {
      if (e.kind === 'early-ioremap-init') open = { step: e.step, pmd: e.pmdBegin };
      else if (e.kind === 'early-ioremap-reset') open = null;
      else if (e.kind === 'relocation' && open !== null) {
        const newBegin = fixToVirt(e.newTop, btmapBegin);
        const newPmd = pmdBase(trace.geometry, newBegin);
        if (newPmd === open.pmd) return;
        hits.push({ init: open.step, pmd: open.pmd, relocation: e, at, newBegin, newPmd });
        open = null; // one finding per early_ioremap_init
      }
    });
    return hits;
  },
  verdict: ({ init, relocation }) => ({ rule: ID, severity: 'warning', step: init, related: [{ step: relocation.step }] }),
  format: (hit, trace) => findingFor(trace, hit),
});

/** Steps named in a finding's consequence; the rest are counted. */
const USERS_SHOWN = 3;

interface StaleIndex {
  /** the steps that early_ioremap through a stale bm_pte after event `from`, until the next reset: the first few and how many */
  after(from: number): { first: StepRef[]; count: number };
}

const STALE = new WeakMap<Trace, StaleIndex>();

/**
 * The stale early_ioremap uses of a trace, indexed once: their event
 * positions, the next reset after each event, and a running count of
 * distinct steps. A finding then costs a binary search, not a scan of the
 * rest of the trace (which was quadratic in the number of findings).
 */
function staleIndex(trace: Trace): StaleIndex {
  const known = STALE.get(trace);
  if (known !== undefined) return known;
  const events = trace.events;
  const uses: number[] = [];
  /** distinct steps among uses[0..k] (a step's events are contiguous) */
  const distinct: number[] = [];
  events.forEach((e, i) => {
    if (e.kind !== 'fixmap-use' || e.pte !== 'bm_pte' || e.bmPtePmd === e.pmd) return;
    const prev = uses[uses.length - 1];
    const isNew = prev === undefined || events[prev]?.step !== e.step;
    uses.push(i);
    distinct.push((distinct[distinct.length - 1] ?? 0) + (isNew ? 1 : 0));
  });
  const nextReset = new Array<number>(events.length);
  let reset = events.length;
  for (let i = events.length - 1; i >= 0; i--) {
    nextReset[i] = reset;
    if (events[i]?.kind === 'early-ioremap-reset') reset = i;
  }
  const firstUseAfter = (i: number): number => {
    let lo = 0;
    let hi = uses.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((uses[mid] as number) > i) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const index: StaleIndex = {
    after(from) {
      const end = nextReset[from] ?? events.length;
      const a = firstUseAfter(from);
      const b = firstUseAfter(end - 1);
      if (a >= b) return { first: [], count: 0 };
      const first: StepRef[] = [];
      for (let k = a; k < b && first.length < USERS_SHOWN; k++) {
        const step = events[uses[k] as number]?.step;
        if (step !== undefined && first[first.length - 1] !== step) first.push(step);
      }
      // distinct steps in uses[a..b): a use at `a` always starts a step of its own here
      const count = 1 + (distinct[b - 1] ?? 0) - (distinct[a] ?? 0);
      return { first, count };
    },
  };
  STALE.set(trace, index);
  return index;
}

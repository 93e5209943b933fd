/**
 * btmap-pmd-straddle: FIX_BTMAP_BEGIN and FIX_BTMAP_END fall in different
 * PMDs when early_ioremap_init() runs, so one bm_pte cannot serve all the
 * boot-time slots (arch/x86/mm/ioremap.c: WARN_ON "pmd %p != %p"). The WARN
 * alone is a warning; a mapping whose pages then land in the PMD bm_pte does
 * not serve is the crash, an error at the call that maps it.
 */
import type { EventOf, RelocationEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, relocationLabel, size, unservedConsequence } from './describe.js';
import type { RelatedStep, Rule } from '../../../rules/types.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';

const ID = 'btmap-pmd-straddle';
const KINDS = ['relocation', 'early-ioremap-init', 'fixmap-use'] as const;

function warnText(e: EventOf<'early-ioremap-init'>, r: RelocationEvent | undefined): string {
  return `FIX_BTMAP_BEGIN ${hex(e.btmapBegin)} and FIX_BTMAP_END ${hex(e.btmapEnd)} lie in different PMDs (${hex(e.pmdBegin)} and ${hex(e.pmdEnd)}) under FIXADDR_TOP ${hex(e.fixaddrTop)}`
    + (r !== undefined ? `, set by ${relocationLabel(r)} (reserve ${r.reserve % 1024 === 0 ? size(r.reserve) : `0x${r.reserve.toString(16)}`})` : '');
}

function fix(trace: Trace, r: RelocationEvent | undefined): string {
  const pmd = size(trace.geometry.pmdSize);
  switch (r?.source) {
    // caglar10ur/linux-2.6.27.y@996d332bda:arch/x86/xen/enlighten.c:1410-1416
    case 'xen': return `reserve a multiple of PMD_SIZE (${pmd}): 5dc64a3442b9 (2.6.28-rc1; stable 2.6.27.8, 996d332bda) dropped Xen's 2-page padding for this reason (xen_reserve_top(): reserve_top_address(-top))`;
    case 'reservetop': return `give reservetop= a multiple of PMD_SIZE (${pmd})`;
    default: return `make the reserve a multiple of PMD_SIZE (${pmd}), so that the 256 boot-time slots stay in one page table`;
  }
}

/** An early_ioremap_init() run, with the relocation that set its FIXADDR_TOP. */
interface Init {
  readonly e: EventOf<'early-ioremap-init'>;
  readonly r: RelocationEvent | undefined;
  /** whether a mapping after it reached the PMD bm_pte does not serve */
  crossed: boolean;
}

/** One finding: a mapping whose pages reach the PMD bm_pte does not serve (error), or the WARN alone (warning). */
type Hit = { readonly kind: 'crossed'; readonly e: EventOf<'fixmap-use'>; readonly u: NonNullable<EventOf<'fixmap-use'>['unserved']>; readonly init: Init } | { readonly kind: 'warn'; readonly init: Init };

export const btmapPmdStraddle: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    doc: 'FIX_BTMAP_* in two PMDs when early_ioremap_init runs: the WARN (warning), or a mapping that reaches the PMD bm_pte does not serve (error at that call)',
    explanation: `The 256 boot-time slots FIX_BTMAP_END..FIX_BTMAP_BEGIN must share one page table: early_ioremap_init()
(arch/x86/mm/ioremap.c) hooks the single static bm_pte into the PMD of FIX_BTMAP_BEGIN and WARNs
("pmd %p != %p") when FIX_BTMAP_END is in another PMD; boot goes on. include/asm-x86/fixmap_32.h aligns
FIX_BTMAP_END (to 256 slots from 2.6.27 on, 512 in 2.6.26) so that this holds when FIXADDR_TOP + PAGE_SIZE is
PMD-aligned, as with the default top 0xfffff000.

A reservation that is not a multiple of PMD_SIZE breaks that: Xen's reserve_top_address(-HYPERVISOR_VIRT_START
+ 2 * PAGE_SIZE) up to 2.6.27.7 gives FIXADDR_TOP 0xf57fd000, and reservetop= takes any size. Slot n of
early_ioremap() starts at fix_to_virt(FIX_BTMAP_BEGIN) + n * 256 KiB and runs upwards, so its later pages
can fall in the next PMD: their PTEs are written into bm_pte at the wrapped index (a wrong address in bm_pte's
own PMD) and the caller's access goes through a PMD that bm_pte is not in. That is the crash; it is reported
as an error at the call that maps it (2.6.27.6's early dmi_scan_machine on a Xen PAE guest: the 64 KiB scan
from 0xf55fe000 crosses into PMD 0xf5600000). Without such a mapping the WARN is reported as a warning.

Fix: keep the reserve PMD-aligned (PMD_SIZE is 4 MiB, 2 MiB with PAE; 5dc64a3442b9 did so for Xen), or keep
the boot-time slots in one page table (499a5f1efa0, 2.6.34-rc1, for the default top).`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let lastRelocation: RelocationEvent | undefined;
    let init: Init | undefined;
    const inits: Init[] = [];
    // the steps reported, made on the first hit: most orders the many-replay engine judges have none
    let reported: Set<number> | undefined;
    const ix = eventIndex(trace.events);
    // without early_ioremap_init there is nothing to report; otherwise only the kinds it reads
    if (!ix.has('early-ioremap-init')) return hits;
    for (const at of ix.atAny(KINDS)) {
      const e = trace.events[at];
      if (e === undefined) continue;
      if (e.kind === 'relocation') lastRelocation = e;
      // parse_reservetop() re-runs early_ioremap_init() (fixup_early_ioremap) only after reserve_top_address()
      // returns: with a set_fixmap before it (earlycon= before reservetop=) BUG_ON(fixmaps_set > 0) stops the
      // kernel first (fixmap-before-relocation), and the WARN of the re-run never comes
      if (e.kind === 'early-ioremap-init' && e.via === 'fixup_early_ioremap' && lastRelocation !== undefined && lastRelocation.fixmapsSet > 0 && lastRelocation.step.index === e.step.index) continue;
      if (e.kind === 'early-ioremap-init') {
        init = { e, r: lastRelocation, crossed: false };
        inits.push(init);
      }
      // a page bm_pte does not serve although FIXADDR_TOP is still the one bm_pte was hooked for
      if (e.kind !== 'fixmap-use' || e.pte !== 'bm_pte' || e.unserved === null || e.bmPteTop !== e.fixaddrTop || init === undefined) continue;
      init.crossed = true;
      if (reported?.has(e.step.index) === true) continue;
      (reported ??= new Set()).add(e.step.index);
      hits.push({ kind: 'crossed', e, u: e.unserved, init });
    }
    for (const i of inits) if (i.e.pmdBegin !== i.e.pmdEnd && !i.crossed) hits.push({ kind: 'warn', init: i });
    return hits;
  },
  verdict(hit) {
    const { e, r } = hit.init;
    if (hit.kind === 'crossed') {
      return { rule: ID, severity: 'error', step: hit.e.step, related: r !== undefined ? [{ step: e.step }, { step: r.step }] : [{ step: e.step }] };
    }
    return { rule: ID, severity: 'warning', step: e.step, related: r !== undefined ? [{ step: r.step }] : [] };
  },
  format(hit, trace) {
    const { r } = hit.init;
    if (hit.kind === 'crossed') {
      const { e, u, init } = hit;
      const related: RelatedStep[] = [{ step: init.e.step, role: `hooks bm_pte into PMD ${hex(init.e.pmdBegin)} and WARNs: ${warnText(init.e, init.r)}` }];
      if (init.r !== undefined) related.push({ step: init.r.step, role: `relocates FIXADDR_TOP ${hex(init.r.oldTop)} → ${hex(init.r.newTop)}` });
      return {
        rule: ID,
        severity: 'error',
        step: e.step,
        pos: e.step.pos,
        slot: e.slot,
        message: `${e.step.name} early_ioremaps ${e.what} in slot ${e.btmapSlot ?? 0}: ${e.pages} pages from ${hex(e.vaddr)}; page ${u.page} onwards (${hex(u.vaddr)}) lies in PMD ${hex(u.pmd)}, which bm_pte (hooked into PMD ${hex(e.bmPtePmd ?? 0)}) does not serve`,
        related,
        addresses: { vaddr: e.vaddr, first_unserved: u.vaddr, pmd: u.pmd, bm_pte_pmd: e.bmPtePmd ?? 0, FIXADDR_TOP: e.fixaddrTop },
        consequence: `early_ioremap_init() WARNed, and now ${unservedConsequence(trace, e)}`,
        fix: fix(trace, init.r),
      };
    }
    const { e } = hit.init;
    return {
      rule: ID,
      severity: 'warning',
      step: e.step,
      pos: e.step.pos,
      slot: 'FIX_BTMAP_BEGIN',
      message: warnText(e, r),
      related: r !== undefined ? [{ step: r.step, role: `relocates FIXADDR_TOP ${hex(r.oldTop)} → ${hex(r.newTop)}` }] : [],
      addresses: { FIX_BTMAP_BEGIN: e.btmapBegin, FIX_BTMAP_END: e.btmapEnd, pmd_begin: e.pmdBegin, pmd_end: e.pmdEnd, FIXADDR_TOP: e.fixaddrTop },
      consequence: 'early_ioremap_init() WARNs ("pmd != pmd") and boot goes on; no early_ioremap in this order reaches the PMD of FIX_BTMAP_END, but one that maps more pages, or a higher slot, would be served by no page table',
      fix: fix(trace, r),
    };
  },
});

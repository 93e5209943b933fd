/**
 * ttbr-switch-unsafe: TTBR1 switched between two different tables with a
 * plain `msr ttbr1_el1`, not through cpu_replace_ttbr1().
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { TtbrEvent } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { hex, label } from './describe.js';

const ID = 'ttbr-switch-unsafe';

/** which switch: kasan_init() switches there and back */
function subjectOf(e: TtbrEvent): string {
  return `${e.from} → ${e.to}`;
}

function severityOf(e: TtbrEvent): 'error' | 'warning' {
  return e.identical ? 'warning' : 'error';
}

export const ttbrSwitchUnsafe: Rule<Arm64Trace> = lazyRule<Arm64Trace, TtbrEvent>({
  meta: {
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    doc: 'TTBR1 switched between different tables with msr, not through cpu_replace_ttbr1() (idmap, reserved TTBR1, TLBI)',
    explanation: `Writing TTBR1_EL1 directly while the MMU is on lets the TLB keep translations of the old tables
while the walker fills it from the new ones. Where the two tables translate an address differently
(another output address, a block where there were pages), both can be live at once: a TLB conflict
abort or a wrong access, even if flush_tlb_all() follows, because the kernel keeps running on TTBR1
between the msr and the flush.

cpu_replace_ttbr1() (arch/arm64/include/asm/mmu_context.h, v4.6+) avoids that: it installs the idmap
in TTBR0, branches to idmap_cpu_replace_ttbr1 (arch/arm64/mm/proc.S), which points TTBR1 at the empty
zero page, invalidates the TLB (tlbi vmalle1), then installs the new table, and uninstalls the idmap.

v4.4's kasan_init() (arch/arm64/mm/kasan_init.c) switches to tmp_pg_dir and back with its own
cpu_set_ttbr1(), an msr and an isb. The first switch goes to a pgd copy (identical translations: reported
as a warning); the second returns to swapper_pg_dir after the shadow was rebuilt, with different
translations (an error). v4.6 uses cpu_replace_ttbr1() for both ("arm64: kasan: avoid TLB
conflicts", c1a88e9124a4).

Fix: switch TTBR1 only through cpu_replace_ttbr1() (arch/arm64/include/asm/mmu_context.h), which runs from the idmap with TTBR1 invalid while the tables change, as v4.6's kasan_init and paging_init do.`,
  },
  detect(trace) {
    const hits: TtbrEvent[] = [];
    for (const e of eventIndex(trace.events).of('ttbr')) {
      if (e.reg !== 1 || e.via !== 'msr' || !e.mmu) continue;
      if (e.from === e.to || e.from === 'reserved' || e.to === 'reserved') continue;
      hits.push(e);
    }
    return hits;
  },
  verdict: (e) => ({ rule: ID, severity: severityOf(e), step: e.step, subject: subjectOf(e), related: [] }),
  format: (e) => ({
    rule: ID,
    severity: severityOf(e),
    step: e.step,
    pos: e.step.pos,
    subject: subjectOf(e),
    message: `${label(e.step)} switches TTBR1 from ${e.from} to ${e.to} with msr ttbr1_el1, not cpu_replace_ttbr1(): ${e.identical
      ? `the two tables translate alike here (${e.to} is a copy), so nothing conflicts yet`
      : `the tables translate differently from ${hex(e.differsAt ?? 0)} on`}`,
    related: [],
    addresses: e.differsAt !== null ? { differs_at: e.differsAt } : {},
    consequence: e.identical
      ? 'harmless while the two pgds are identical; the pattern breaks as soon as they are not (the kernel runs on TTBR1 between the msr and the flush_tlb_all() that follows)'
      : 'the TLB keeps entries of the old tables while the walker fills it from the new ones: for the addresses that differ (the KASAN shadow: early zero-page ptes vs. the real 2 MiB blocks) both can hit, a TLB conflict abort or a wrong shadow access',
    fix: 'switch with cpu_replace_ttbr1() (TTBR1 → empty_zero_page, TLBI, TTBR1 → the new table, through the idmap), as v4.6\'s kasan_init() does (c1a88e9124a4 "arm64: kasan: avoid TLB conflicts")',
  }),
});

/**
 * fixmap-slot-busy: a FIX_PTE/PMD/PUD/PGD slot set while another user still
 * holds it.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import { fixToVirt } from '../fixmap.js';
import type { FixmapSlotEvent } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { hex, label } from './describe.js';

const ID = 'fixmap-slot-busy';

/** A set of a slot that is still held, and its holder. */
interface Hit {
  readonly e: FixmapSlotEvent;
  readonly holder: NonNullable<FixmapSlotEvent['busy']>;
}

/**
 * What the kernel does, by who sets the slot (helper-176: one fixed text said "another table page" when both
 * map bm_pmd, and never said the walk's clear). v4.6 arch/arm64/mm/mmu.c: alloc_init_pte/pmd/pud() end with
 * pXd_clear_fixmap() and early_pgtable_alloc() with pte_clear_fixmap() (chenlihao92/archlinux-4.6.5@b9b6ded1,
 * mmu.c:95,144,234,298); __set_fixmap() sets a pte without TLBI, only a clear flushes.
 */
function consequence(e: FixmapSlotEvent, holder: Hit['holder']): string {
  const noTlbi = '__set_fixmap() sets the pte without TLBI (arch/arm64/mm/mmu.c)';
  // not a walk: it maps the one page it just allocated, zeroes it and clears (mmu.c:74-96, "the FIX_PTE slot will be
  // free"); the hazard is the memset through a stale TLB entry, not a walk's writes (helper-177)
  if (e.holder === 'early_pgtable_alloc') {
    return `early_pgtable_alloc() maps the table page it has just allocated at ${e.slot}, memset()s it to zero and ends with pte_clear_fixmap() (arch/arm64/mm/mmu.c:74-96 at v4.6, which assumes "the FIX_PTE slot will be free"): ${noTlbi}, so the memset may go through a stale TLB entry for the holder's page and zero the table it is building; after it the slot is unmapped, so the holder's next access through it faults`;
  }
  // a walk (pa untracked): it repoints the slot at each table page it visits and clears it when done
  if (e.pa === null) {
    return `${e.holder}'s walk maps each table page it visits at ${e.slot} and ends with ${e.slot.slice(4).toLowerCase()}_clear_fixmap() (alloc_init_p*d(), arch/arm64/mm/mmu.c): while it walks, writes through the holder's pointer land in the walk's table page unless it is the same page, and after it the slot is unmapped, so the holder's next access through it faults; ${noTlbi}, so the TLB may also serve the old page`;
  }
  if (e.pa === holder.pa) {
    return `both map the same table page (${hex(e.pa)}), so no entry lands in the wrong table, but whichever clears ${e.slot} first unmaps it under the other: the other's next access through the slot faults`;
  }
  return `${noTlbi}: the slot now maps another table page (${hex(e.pa)}) while its holder still writes through it, so table entries land in the wrong table (silent corruption of the tables being built) or the TLB serves the old page`;
}

export const fixmapSlotBusy: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a FIX_PTE/PMD/PUD/PGD slot is set while a caller still holds it (nested use)',
    explanation: `From v4.6 the kernel builds page tables in memory that has no linear mapping yet, by mapping each
table page through one of four fixmap slots (arch/arm64/include/asm/pgtable.h pXd_set_fixmap(),
pXd_clear_fixmap(); Mark Rutland's proposal in seed 002): paging_init() holds FIX_PGD on its new pgd,
alloc_init_pud() FIX_PUD, alloc_init_pmd() FIX_PMD and alloc_init_pte() FIX_PTE for as long as they
walk a table, and early_pgtable_alloc() zeroes every new table through FIX_PTE: "The FIX_{PGD,PUD,PMD}
slots may be in active use, but the FIX_PTE slot will be free, so we can (ab)use the FIX_PTE slot to
initialise any level of table."

A slot holds one table at a time. __set_fixmap() sets the pte without invalidating the TLB (only a
clear flushes), so setting a slot that is still held repoints a live mapping: the holder goes on
writing through the slot into the wrong table page, or the TLB returns the old one. The rule reports a
set of a slot that a step has not cleared.

Fix: clear a FIX_PTE/PMD/PUD/PGD slot (pte_clear_fixmap() in arch/arm64/include/asm/pgtable.h) before mapping another table through it; nested walks need the next level's slot.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // one finding per step, slot and function: a walk sets its slot once per table it visits
    const seen = new Set<string>();
    for (const e of eventIndex(trace.events).of('fixmap-slot')) {
      if (e.action !== 'set' || e.busy === null) continue;
      const key = `${e.step.index}|${e.step.name}|${e.slot}|${e.holder}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ e, holder: e.busy });
    }
    return hits;
  },
  verdict: ({ e, holder }) => ({ rule: ID, severity: 'error', step: e.step, related: [{ step: holder.step }] }),
  format: ({ e, holder }, trace) => {
    const who = holder.holder === holder.step.name ? label(holder.step) : `${holder.holder} (${label(holder.step)})`;
    return {
      rule: ID,
      severity: 'error',
      step: e.step,
      pos: e.step.pos,
      slot: e.slot,
      message: `${e.holder} sets ${e.slot} while ${who} still holds it on the table page at ${hex(holder.pa)}${holder.table !== null ? ` (${holder.table})` : ''}`,
      related: [{ step: holder.step, role: `set ${e.slot} and has not cleared it` }],
      addresses: { held_pa: holder.pa, ...(e.pa !== null ? { new_pa: e.pa } : {}), slot_va: fixToVirt(trace.va.FIXADDR_TOP, trace.fixmap.slots[e.slot] ?? 0) },
      consequence: consequence(e, holder),
      // the other slot is a remedy against a kernel function that uses this one; two helpers of the scenario just pair up
      fix: `clear the slot (${e.slot.slice(4).toLowerCase()}_clear_fixmap()) before ${label(e.step)}${e.pa === null || e.holder === 'early_pgtable_alloc' ? `, or hold the table through a slot ${e.holder === 'early_pgtable_alloc' ? 'early_pgtable_alloc() does not use (it takes FIX_PTE)' : 'the walker does not use'}` : ''}`,
    };
  },
});

/**
 * kmap-pte-noncontiguous: the FIX_KMAP_* slots span more than one PTE page
 * and those pages are not physically consecutive, so kmap_atomic()'s
 * `kmap_pte - idx` writes the wrong PTE (kernels before 2.6.29-rc3, fixed by
 * a3c6018e565d).
 */
import { has, KMAP_PTES_CONTIGUOUS } from '../history.js';
import { fixmapVersion } from '../replay/context.js';
import { kmapNrCpusLimit } from '../pagetables/kmap.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label } from './describe.js';
import type { EventOf } from '../replay/events.js';
import type { Finding, RelatedStep, Rule, Verdict } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';

const ID = 'kmap-pte-noncontiguous';

/** enum km_type (include/asm-x86/kmap_types.h, 2.6.26 – 2.6.28); with DEBUG_HIGHMEM a fence __KM_FENCE_n precedes each */
const KM_TYPES = ['KM_BOUNCE_READ', 'KM_SKB_SUNRPC_DATA', 'KM_SKB_DATA_SOFTIRQ', 'KM_USER0', 'KM_USER1', 'KM_BIO_SRC_IRQ',
  'KM_BIO_DST_IRQ', 'KM_PTE0', 'KM_PTE1', 'KM_IRQ0', 'KM_IRQ1', 'KM_SOFTIRQ0', 'KM_SOFTIRQ1'] as const;

function kmType(type: number, debug: boolean): string {
  if (!debug) return KM_TYPES[type] ?? `${type}`;
  return type % 2 === 0 ? `__KM_FENCE_${type / 2}` : KM_TYPES[(type - 1) / 2] ?? `${type}`;
}

function pfn(n: number | null): string {
  return n === null ? 'none' : `pfn 0x${n.toString(16)}`;
}

/** The kmap_pte events whose FIX_KMAP_* PTE pages are not consecutive, with what breaks (none on a kernel with a3c6018e565d). */
function brokenKmaps(trace: Trace): { readonly e: EventOf<'pt-kmap'>; readonly b: NonNullable<EventOf<'pt-kmap'>['broken']> }[] {
  if (has(trace.scenario.kernel, KMAP_PTES_CONTIGUOUS)) return [];
  const out: { e: EventOf<'pt-kmap'>; b: NonNullable<EventOf<'pt-kmap'>['broken']> }[] = [];
  for (const e of eventIndex(trace.events).of('pt-kmap')) if (e.broken !== null) out.push({ e, b: e.broken });
  return out;
}

export const kmapPteNoncontiguous: Rule<Trace> = {
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'the FIX_KMAP_* slots span PTE pages that are not physically consecutive, so kmap_atomic writes the wrong PTE (before 2.6.29-rc3)',
    explanation: `kmap_init() (arch/x86/mm/init_32.c) caches kmap_pte, the PTE of FIX_KMAP_BEGIN, and kmap_atomic_prot()
(arch/x86/mm/highmem_32.c) writes kmap_pte - idx for idx = type + KM_TYPE_NR * smp_processor_id(). That is right
only if the PTE pages under all FIX_KMAP_* slots are physically consecutive ("NOTE: The pagetables are allocated
contiguous on the physical space", page_table_range_init).

They are not when the slots run past the top PTE page and that page is head_32.S's static swapper_pg_fixmap
(in .bss) while the next one comes from alloc_low_page (2.6.27, 2.6.28) or bootmem (2.6.26), far below. That
happens once KM_TYPE_NR * NR_CPUS reaches past the top page: from NR_CPUS 35 with PAE (17 with DEBUG_HIGHMEM),
74 without (36), for the default enum fixed_addresses. kmap_pte - idx then points below swapper_pg_fixmap into
the last page of swapper_pg_pmd (swapper_pg_dir without PAE): the BUG_ON(!pte_none(*(kmap_pte-idx))) in
kmap_atomic_prot fires on the fixmap's own PMD entry, or kernel PMDs are overwritten.

a3c6018e565d "x86: fix assumed to be contiguous leaf page tables for kmap_atomic region (take 2)" (Jan Beulich,
2.6.29-rc3; not in 2.6.27.y): "This has caused weird boot failures in kmap_atomic much later in the boot process
(initial userspace faults) on a 32-bit PAE system with a larger number of CPUs". page_table_kmap_check() copies
such a page into the table space. Xen and VMI guests are not affected: all their fixmap PTE pages are allocated
in order.

Fix: use a kernel with a3c6018e565d (2.6.29-rc3 or later), or keep NR_CPUS (and DEBUG_HIGHMEM) low enough that the FIX_KMAP_* slots fit head_32's fixmap PTE page; the finding gives the threshold.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    const { config } = trace.scenario;
    for (const { e, b: broken } of brokenKmaps(trace)) {
      // KM_TYPE_NR of this kernel (13 before 2.6.31-rc1); DEBUG_HIGHMEM puts a fence before each type.
      // Only for a broken kmap_pte: the many-replay engine judges thousands of orders that have none.
      const types = fixmapVersion(trace.scenario).kmTypes;
      const km = config.debug_highmem ? 2 * types + 1 : types;
      const b = broken;
      const related: RelatedStep[] = [];
      if (b.upper.by !== null) related.push({ step: b.upper.by, role: `put ${b.upper.origin ?? 'the PTE page'} (${pfn(b.upper.frame)}) at PMD ${hex(b.upper.pmd)}` });
      if (b.lower.by !== null) related.push({ step: b.lower.by, role: `put ${b.lower.origin ?? 'the PTE page'} (${pfn(b.lower.frame)}) at PMD ${hex(b.lower.pmd)}` });
      const limit = kmapNrCpusLimit(trace);
      findings.push({
        rule: ID,
        severity: 'error',
        step: e.step,
        pos: e.step.pos,
        slot: 'FIX_KMAP_BEGIN',
        message: `FIX_KMAP_* (${config.nr_cpus} CPUs × KM_TYPE_NR ${km}) span PTE pages ${b.upper.origin ?? '?'} ${pfn(b.upper.frame)} (PMD ${hex(b.upper.pmd)}) and ${b.lower.origin ?? '?'} ${pfn(b.lower.frame)} (PMD ${hex(b.lower.pmd)}), which are not physically consecutive: kmap_pte - ${b.idx} (CPU ${Math.floor(b.idx / km)}, ${kmType(b.idx % km, config.debug_highmem)}) misses the PTE of ${hex(b.vaddr)} and hits ${b.hits}`,
        related,
        addresses: { FIX_KMAP_BEGIN: e.begin, FIX_KMAP_END: e.end, first_bad_slot: b.vaddr, upper_pmd: b.upper.pmd, lower_pmd: b.lower.pmd },
        consequence: `kmap_atomic() on CPU ${Math.floor(b.idx / km)} and up writes its PTE into the wrong page: BUG_ON(!pte_none(*(kmap_pte-idx))) in kmap_atomic_prot, or corrupted kernel page tables ("weird boot failures in kmap_atomic much later in the boot process (initial userspace faults)", a3c6018e565d)`,
        fix: `${label(e.step)} on 2.6.29-rc3 or later (a3c6018e565d: page_table_kmap_check copies the kmap PTE page into the table space), or keep FIX_KMAP_* inside one PTE page: config.nr_cpus ≤ ${limit}${config.debug_highmem ? ' (or without DEBUG_HIGHMEM)' : ''}`,
      });
    }
    return findings;
  },
  verdict(trace) {
    // check()'s findings without the words: the steps that placed the two PTE pages, as check() relates them
    return brokenKmaps(trace).map(({ e, b }): Verdict => ({
      rule: ID,
      severity: 'error',
      step: e.step,
      related: [b.upper.by, b.lower.by].filter((by): by is NonNullable<typeof by> => by !== null).map((step) => ({ step })),
    }));
  },
};

/**
 * pagetable-alloc-panic: an allocator of page-table pages runs dry while the
 * kernel page tables are built, and the kernel panics before the console is
 * up: find_early_table_space() finds no room, alloc_low_page() passes
 * table_top (2.6.27/2.6.28: the fixmap's share is a hard-coded 2 pages, too
 * few for large NR_CPUS; a3c6018e565d sized it in 2.6.29-rc3), or
 * alloc_bootmem_low_pages() finds no low page.
 */
import type { PtPanicEvent } from '../pagetables/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label } from './describe.js';
import type { Finding, Rule, Verdict } from '../../../rules/types.js';
import { eventIndex } from '../../../replay/event-index.js';

const ID = 'pagetable-alloc-panic';

function pfn(n: number): string {
  return `0x${n.toString(16)}`;
}

function pages(n: number): string {
  return `${n} page${n === 1 ? '' : 's'}`;
}

function what(e: PtPanicEvent): string {
  if (e.fn === 'find_early_table_space') {
    return `find_early_table_space finds no ${pages(e.pages)} of free RAM below max_pfn_mapped ${pfn(e.maxPfnMapped ?? 0)} for the direct map's page tables`;
  }
  const range = e.start !== null && e.end !== null ? ` for PMDs ${hex(e.start)}-${hex(e.end)}` : '';
  const first = e.firstMissing !== null ? `; the PTE page of PMD ${hex(e.firstMissing)} is the first that does not fit` : '';
  if (e.fn === 'alloc_low_page' && e.tableSpace !== null) {
    const t = e.tableSpace;
    return `alloc_low_page runs past table_top building the ${e.what} page tables: ${pages(e.pages)} needed${range}, ${e.missing} more than the table space pfn ${pfn(t.start)}-${pfn(t.top - 1)} (${pages(t.top - t.start)}, ${t.fixmapPages} of them for the fixmap) has left${first}`;
  }
  return `alloc_bootmem_low_pages finds no low page for the ${e.what} page tables: ${pages(e.pages)} needed${range}, ${e.missing} missing${first}`;
}

function fix(e: PtPanicEvent, trace: Trace): string {
  const none = 'no order of setup_arch fixes it';
  if (e.fn === 'alloc_low_page' && e.what === 'fixmap' && e.tableSpace !== null) {
    return `${none}: find_early_table_space sizes the table space from lowmem and adds a hard-coded PAGE_SIZE * 2 for the fixmap, and this fixmap (FIX_KMAP_* is KM_TYPE_NR × NR_CPUS slots, NR_CPUS ${trace.scenario.config.nr_cpus}) needs ${e.missing} more PTE page${e.missing === 1 ? '' : 's'}; use a kernel with a3c6018e565d (2.6.29-rc3: PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t)) for the fixmap), or lower config.nr_cpus until the fixmap's PTE pages fit`;
  }
  if (e.fn === 'find_early_table_space') return `${none}: the boot page tables map too little free RAM (max_pfn_mapped ${pfn(e.maxPfnMapped ?? 0)}); give the machine free RAM below it, or use PSE (fewer PTE pages)`;
  return `${none} that keeps the page tables built: there is not enough low memory for them (machine.memory, mem=, or fewer PTE pages with PSE)`;
}

export const pagetableAllocPanic: Rule<Trace> = {
  meta: {
    // verdicts from events and the final state only: reused for orders that move only calls without effects (src/compare/engine.ts)
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'an allocator of page-table pages runs dry while the kernel page tables are built: the kernel panics',
    explanation: `The kernel page tables take their PTE and PMD pages from early allocators that panic when they run dry
(arch/x86/mm/init_32.c):
- 2.6.27/2.6.28 init_memory_mapping(): find_early_table_space() reserves room below max_pfn_mapped for the direct
  map's page tables plus "PAGE_SIZE * 2" for the fixmap, and panics with "Cannot find space for the kernel page
  tables" if there is none; alloc_low_page() hands those pages out (pfn = table_end++) and panics with
  "alloc_low_page: ran out of memory" once pfn reaches table_top.
- alloc_bootmem_low_pages() (2.6.26, and the pkmap page from 2.6.27) panics with "Out of memory" (mm/bootmem.c).

The hard-coded two fixmap pages are too few once the fixmap spans more PMDs than head_32's fixmap PTE page plus
two: FIX_KMAP_* is KM_TYPE_NR × NR_CPUS slots (13 × 200 = 2600 slots for 200 CPUs, 6 PAE PMDs). a3c6018e565d (Jan
Beulich, 2.6.29-rc3) replaced them with PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t)): "Finally, also
replace the hard coded calculation of the initial table space needed for the fixmap area with a proper one,
allowing kernels configured for large CPU counts to actually boot."

The finding names the step, the PMDs that needed pages, the table space and the first PMD left without a page.
The model goes on as if the pages existed, so later findings on the same replay describe a kernel that has
already panicked.

Fix: no order of the setup_arch calls changes the size of the table space; use a kernel with a3c6018e565d, or a
smaller config.nr_cpus.`,
  },
  check(trace) {
    const findings: Finding[] = [];
    for (const e of eventIndex(trace.events).of('pt-panic')) {
      const addresses: Record<string, number> = {};
      if (e.start !== null && e.end !== null) Object.assign(addresses, { start: e.start, end: e.end });
      if (e.firstMissing !== null) addresses['first_missing_pmd'] = e.firstMissing;
      if (e.tableSpace !== null) Object.assign(addresses, { table_start: e.tableSpace.start, table_top: e.tableSpace.top });
      findings.push({
        rule: ID,
        severity: 'error',
        step: e.step,
        pos: e.step.pos,
        message: `${label(e.step)}: ${what(e)}: panic("${e.panic}")`,
        related: [],
        addresses,
        consequence: `the kernel panics with "${e.panic}" in ${e.fn}() before the console is up`,
        fix: fix(e, trace),
      });
    }
    return findings;
  },
  verdict(trace) {
    // check()'s findings without the words: one error per panic, at its step
    return eventIndex(trace.events).of('pt-panic').map((e): Verdict => ({ rule: ID, severity: 'error', step: e.step, related: [] }));
  },
};

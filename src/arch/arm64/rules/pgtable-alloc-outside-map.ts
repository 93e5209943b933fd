/**
 * pgtable-alloc-outside-map: a page-table page the walker needs but cannot
 * get or cannot write: v4.4's early_alloc() outside the mapped RAM or with
 * memblock empty, create_mapping_noalloc() (v4.6+) needing a table at all,
 * early_pgtable_alloc() with memblock empty.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { StepRef, TableAllocEvent } from '../replay/events.js';
import { MEMBLOCK_ALLOC_PANIC } from '../mm/memblock.js';
import type { Arm64Trace } from '../types.js';
import { hex, label, levelText, stepNamed } from './describe.js';
import { settersOf } from '../setters.js';

const ID = 'pgtable-alloc-outside-map';

function consequence(e: TableAllocEvent): string {
  switch (e.allocator) {
    case 'none':
      return 'alloc_init_pud/pmd/pte() hit BUG_ON(!pgtable_alloc): create_mapping_noalloc() "can only be used to modify existing table entries" (arch/arm64/mm/mmu.c, v4.6+)';
    case 'early_alloc':
      return e.pa === null
        ? `early_alloc()'s memblock_alloc() finds nothing and ${MEMBLOCK_ALLOC_PANIC}, so early_alloc()'s BUG_ON(!phys) is never reached (arch/arm64/mm/mmu.c, v4.4)`
        : 'early_alloc() memsets the new table through __va(), which the live tables do not map: the memset faults (arch/arm64/mm/mmu.c, v4.4; map_mem() limits memblock to PHYS_OFFSET + 1 GiB for this reason)';
    default:
      return `${e.allocator}()'s memblock_alloc() finds nothing and ${MEMBLOCK_ALLOC_PANIC}, so ${e.allocator}()'s BUG_ON(!phys) is never reached (arch/arm64/mm/mmu.c)`;
  }
}

/**
 * The first failed allocation of a step and cause, how many tables of that
 * step and cause failed, and the later step that would have made it work
 * (early_fixmap_init for a walk before the fixmap, the call that adds RAM to
 * memblock for an empty memblock), if any; for an empty memblock, the calls
 * that add RAM on this machine (setup_machine_fdt on a DT boot, efi_init on a
 * UEFI one: settersOf('memblock')), which the fix names when the order has
 * none of them.
 */
interface Hit {
  readonly e: TableAllocEvent;
  readonly n: number;
  readonly beforeFixmap: boolean;
  readonly laterOk: StepRef | undefined;
  readonly memory: readonly string[];
}

/** memblock_alloc() found no RAM: a memblock allocator (not create_mapping_noalloc()'s missing one) got nothing */
function noMemory(e: TableAllocEvent): boolean {
  return e.pa === null && e.allocator !== 'none';
}

/**
 * No page at all (pa null) stops the boot: BUG_ON(!pgtable_alloc) in create_mapping_noalloc()'s walk
 * (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/mmu.c:127,191,258), or memblock_alloc()'s panic
 * when memblock has no page for early_pgtable_alloc()/early_alloc() (memblock.ts MEMBLOCK_ALLOC_PANIC)
 */
function halts(e: TableAllocEvent): { halts?: true } {
  return e.pa === null ? { halts: true } : {};
}

export const pgtableAllocOutsideMap: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a page-table allocation the version cannot make or reach (v4.4 early_alloc outside mapped RAM; create_mapping_noalloc needing a table)',
    explanation: `How a kernel gets and zeroes a new table page decides when it may build tables:

  v4.4   early_alloc() = __va(memblock_alloc()) + memset: the page must already be in the linear map, so
         map_mem() limits memblock to PHYS_OFFSET + SWAPPER_INIT_MAP_SIZE (1 GiB, head.S's mapping) while
         it runs ("create_mapping requires puds, pmds and ptes to be allocated from memory addressable
         from the initial direct kernel mapping"); with memblock empty memblock_alloc() panics
         ("ERROR: Failed to allocate 0x1000 bytes below 0x0.", mm/memblock.c memblock_alloc_base()).
  v4.6+  early_pgtable_alloc() = memblock_alloc() zeroed through FIX_PTE, so any RAM will do ("so
         unmapped memory may be used for tables", Mark Rutland's FIX_{PGD,PUD,PMD,PTE}, seed 002); but
         create_mapping_noalloc() (the FDT window, setup_machine_fdt) has no allocator at all and must
         find every table in place: BUG_ON(!pgtable_alloc).

Allocations through memblock_virt_alloc() (vmemmap, KASAN shadow) are __va() writes and are checked by
linear-map-before-map-mem.

Fix: allocate page tables from memory the version can reach (v4.4: below the map_mem limit in arch/arm64/mm/mmu.c early_alloc()), or use the v4.6 FIX_PTE/PMD/PUD/PGD slots (pte_set_fixmap() in arch/arm64/include/asm/pgtable.h) so any memory will do; give create_mapping_noalloc() tables that already exist.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // one finding per step and cause (a walk that cannot allocate fails at every level below)
    const bad = eventIndex(trace.events).of('table-alloc').filter((e) => !e.reachable && e.allocator !== 'memblock_virt_alloc');
    if (bad.length === 0) return hits;
    const counted = new Map<string, number>();
    const keyOf = (e: TableAllocEvent): string => `${e.step.index}|${e.step.name}|${e.allocator}|${e.why}`;
    for (const e of bad) counted.set(keyOf(e), (counted.get(keyOf(e)) ?? 0) + 1);
    const fixmapInit = stepNamed(trace, 'early_fixmap_init');
    // what adds RAM on this machine: early_init_dt_scan() in setup_machine_fdt on a DT boot, reserve_regions() in
    // efi_init under UEFI (catalog.ts; the first of them in the order)
    const memory: readonly string[] = settersOf('memblock', trace.scenario);
    const adder = trace.steps.find((st) => memory.includes(st.name));
    for (const e of bad) {
      const n = counted.get(keyOf(e)) ?? 0;
      if (n === 0) continue;
      counted.set(keyOf(e), 0);
      const beforeFixmap = e.via === 'fixmap_remap_fdt' || e.via === 'kaslr_early_init';
      const later = beforeFixmap ? fixmapInit : noMemory(e) ? adder : undefined;
      hits.push({ e, n, beforeFixmap, laterOk: later !== undefined && later.index > e.step.index ? later : undefined, memory: noMemory(e) && adder === undefined ? memory : [] });
    }
    return hits;
  },
  verdict: ({ e, laterOk }) => ({ rule: ID, severity: 'error', step: e.step, related: laterOk !== undefined ? [{ step: laterOk }] : [], ...halts(e) }),
  format: ({ e, n, beforeFixmap, laterOk, memory }, trace) => ({
    rule: ID,
    severity: 'error',
    ...halts(e),
    step: e.step,
    pos: e.step.pos,
    message: `${e.via} needs a new ${levelText(trace, e.level)} table${e.pages > 1 ? ` (×${e.pages})` : ''} and ${e.allocator === 'none' ? 'has no allocator' : `${e.allocator}() cannot provide it`}: ${e.why}${n > 1 ? ` (and ${n - 1} more table${n > 2 ? 's' : ''} in this step)` : ''}`,
    related: laterOk !== undefined ? [{ step: laterOk, role: beforeFixmap ? 'puts the static tables in place' : `adds RAM to memblock (${laterOk.name === 'efi_init' ? 'reserve_regions()' : 'early_init_dt_scan()'})` }] : [],
    addresses: { ...(e.pa !== null ? { pa: e.pa } : {}), ...(e.limit !== null ? { limit: e.limit } : {}) },
    consequence: consequence(e),
    fix: laterOk !== undefined
      ? `move ${label(laterOk)} before ${label(e.step)}`
      : e.allocator === 'early_alloc' && e.pa !== null
        ? `allocate below the mapped RAM (memblock_set_current_limit(${hex(e.limit ?? 0)})), or build the tables through the fixmap as v4.6 does`
        : memory.length > 0
          // the walk is fine; memblock has no RAM because the call that adds it is missing (as missing-prerequisite says)
          ? `memblock has no RAM before ${label(e.step)}: call ${memory.join(' or ')} before it`
          : noMemory(e) && e.empty
            ? `memblock has no RAM before ${label(e.step)}: add it first`
            : noMemory(e)
              ? `the allocations before ${label(e.step)} take all of the RAM${e.limit !== null ? ` below ${hex(e.limit)}` : ''}: allocate less before it, or give the machine more memory`
              : `make sure the tables exist before ${label(e.step)}: call early_fixmap_init() first`,
    ...(memory.length > 0 ? { setters: memory } : {}),
  }),
});

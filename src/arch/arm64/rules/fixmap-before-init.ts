/**
 * fixmap-before-init: a fixmap slot, early_ioremap or the FDT window used
 * before early_fixmap_init() (or early_ioremap_init()) made it usable.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { FixmapUseEvent, StepRef } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { hex, isV44, label, stepOrder } from './describe.js';

const ID = 'fixmap-before-init';

function consequence(trace: Arm64Trace, e: FixmapUseEvent): string {
  const v44 = isV44(trace);
  if (e.ready === false && e.why.startsWith('slot_virt')) {
    return 'early_memremap() maps the pages at FIX_BTMAP_BEGIN but returns slot_virt[slot] + offset with slot_virt[] still 0 (mm/early_ioremap.c): the caller dereferences an address near 0 ("Unable to handle kernel NULL pointer dereference")';
  }
  if (e.slot === 'FIX_FDT') {
    return v44
      ? 'fixmap_remap_fdt() → create_mapping() finds no bm_pud/bm_pmd under FIXADDR_START and allocates tables with early_alloc(), whose memblock_alloc() panics ("ERROR: Failed to allocate 0x1000 bytes below 0x0.", mm/memblock.c): memblock has no memory before the DTB is scanned (arch/arm64/mm/mmu.c)'
      : 'fixmap_remap_fdt() → create_mapping_noalloc() finds no table under the fixmap and hits BUG_ON(!pgtable_alloc) (arch/arm64/mm/mmu.c alloc_init_pud/pmd)';
  }
  const unreached = 'the pte lands in bm_pte, which the live tables do not reach';
  if (e.tableUse === 'early_pgtable_alloc') {
    return `early_pgtable_alloc() maps the table page it has just allocated at ${e.slot} and memset()s it to zero (arch/arm64/mm/mmu.c:74-96 at v4.6): ${unreached}, so the memset faults (Unable to handle kernel paging request)`;
  }
  if (e.tableUse === 'set_fixmap') {
    return `${e.slot.slice(4).toLowerCase()}_set_fixmap() maps the table page at ${e.slot} (set_fixmap_offset(), arch/arm64/include/asm/pgtable.h at v4.6): ${unreached}, so the first access through the slot faults (Unable to handle kernel paging request)`;
  }
  if (e.tableUse === 'walk') {
    return `the page-table walk maps each table it visits through this slot: ${unreached}, so the access to the slot faults (Unable to handle kernel paging request)`;
  }
  return v44
    ? '__set_fixmap() → fixmap_pte() → fixmap_pmd() BUG()s on the missing pmd (arch/arm64/mm/mmu.c, v4.4)'
    : '__set_fixmap() writes &bm_pte[idx] (v4.6+: no checks), but bm_pte is not hooked into swapper_pg_dir: the access to the slot faults (Unable to handle kernel paging request)';
}

/** A use of a slot before its init, and the step that inits it later, if any. */
interface Hit {
  readonly e: FixmapUseEvent;
  /** early_memremap() needs early_ioremap_init()'s slot_virt[], not only the tables */
  readonly needsIoremap: boolean;
  readonly later: StepRef | undefined;
}

export const fixmapBeforeInit: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a fixmap slot, early_ioremap or the FDT window used before early_fixmap_init (or early_ioremap_init)',
    explanation: `The fixmap's page tables are static: early_fixmap_init() (arch/arm64/mm/mmu.c) hooks bm_pud (4 levels),
bm_pmd and bm_pte into swapper_pg_dir under FIXADDR_START. Until then no fixmap address is mapped:
set_fixmap_io() for earlycon, early_memremap() for EFI and ACPI tables, the FDT window that
setup_machine_fdt() maps at FIX_FDT (2 MiB blocks in bm_pmd), and, from v4.6, the FIX_PTE/PMD/PUD/PGD
slots through which paging_init() reaches every table it builds.

early_memremap() also needs early_ioremap_init(), which fills slot_virt[].

KASLR (v4.6+): kaslr_early_init() calls early_fixmap_init() before start_kernel, but when it moves the
kernel, head.S rebuilds swapper_pg_dir and clears .bss (bm_* with it), so setup_arch() must call
early_fixmap_init() again before the first use.

Fix: move the user after early_fixmap_init() (arch/arm64/mm/mmu.c), which setup_arch() calls first; for early_ioremap users, after early_ioremap_init() too.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    // one finding per step and slot: a walk uses its slots for every table it visits
    const seen = new Set<string>();
    const sets = eventIndex(trace.events).of('value-set');
    let order: ReadonlyMap<StepRef, number> | undefined;
    for (const e of eventIndex(trace.events).of('fixmap-use')) {
      if (e.ready) continue;
      const key = `${e.step.index}|${e.step.name}|${e.slot}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const needsIoremap = e.why.startsWith('slot_virt');
      order ??= stepOrder(trace);
      const at = order.get(e.step) ?? 0;
      const positions = order;
      const later = sets.find((x) => (positions.get(x.step) ?? 0) > at && x.value === (needsIoremap ? 'early_ioremap' : 'fixmap'))?.step;
      hits.push({ e, needsIoremap, later });
    }
    return hits;
  },
  verdict: ({ e, later }) => ({ rule: ID, severity: 'error', step: e.step, related: later !== undefined ? [{ step: later }] : [] }),
  format: ({ e, needsIoremap, later }, trace) => {
    const cure = needsIoremap ? 'early_ioremap_init' : 'early_fixmap_init';
    return {
      rule: ID,
      severity: 'error',
      step: e.step,
      pos: e.step.pos,
      slot: e.slot,
      message: `${e.via} uses ${e.slot} at ${hex(e.va)} (${e.what}) before ${cure}(): ${e.why}`,
      related: later !== undefined ? [{ step: later, role: needsIoremap ? 'fills slot_virt[] (early_ioremap_setup)' : 'hooks bm_pud/bm_pmd/bm_pte into swapper_pg_dir' }] : [],
      addresses: { va: e.va, FIXADDR_TOP: trace.va.FIXADDR_TOP },
      consequence: consequence(trace, e),
      fix: later !== undefined
        ? `move ${label(later)} before ${label(e.step)}`
        : `call ${cure}() before ${label(e.step)}${trace.scenario.config.randomize_base && !needsIoremap ? ' (with KASLR engaged, again in setup_arch: the second pass cleared bm_*)' : ''}`,
    };
  },
});

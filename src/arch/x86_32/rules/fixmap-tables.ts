/**
 * What the fixmap rules share about the fixmap's PTE pages: which pages a
 * page_table_range_init() walked (built or found), and which bm_pte hooks
 * replace such a page. fixmap-pagetables-replaced reports those hooks at
 * early_ioremap_init(); fixmap-pte-lost reports every other loss of a fixmap
 * PTE at the call that mapped it, so one loss is reported once.
 */
import type { StepRef } from '../../../replay/trace.js';
import type { PtPart } from '../pagetables/events.js';

/** PTE pages page_table_range_init() walked for the fixmap or the pkmap area, by pfn: the step that allocated or found each. */
export function builtFrames(parts: readonly PtPart[], step: StepRef, into: Map<number, StepRef>): void {
  if (!parts.some((p) => p.k === 'range')) return;
  for (const p of parts) {
    if (p.k === 'alloc' || p.k === 'reuse') for (let f = p.frame; f < p.frame + p.pages; f++) into.set(f, step);
    else if (p.k === 'copy') into.set(p.to, step);
  }
}

/**
 * Whether early_ioremap_init()'s hook of bm_pte over a page (origin, pfn)
 * replaces a fixmap PTE page page_table_range_init() built: head_32.S's
 * swapper_pg_fixmap, even when page_table_range_init() found it present, is
 * the page setup_arch() means early_ioremap_init() to replace, and is not one.
 */
export function replacesBuiltTable(replaced: { readonly what: string; readonly frame: number } | null, built: ReadonlyMap<number, StepRef>): StepRef | undefined {
  if (replaced === null || replaced.what === 'swapper_pg_fixmap') return undefined;
  return built.get(replaced.frame);
}

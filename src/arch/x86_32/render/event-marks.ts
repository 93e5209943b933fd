/**
 * What the HTML report marks on an x86_32 address-space map: each fixmap
 * slot a step mapped (early_ioremap, set_fixmap, kmap_init's PTE lookup) at
 * the address it had then, and the PMD early_ioremap_init() hooked bm_pte into.
 */
import type { EventMark } from '../../types.js';
import type { TraceEvent } from '../replay/events.js';

export function x86EventMarks(e: TraceEvent): readonly EventMark[] {
  switch (e.kind) {
    case 'fixmap-use': return [{ label: e.slot, address: e.vaddr }];
    case 'early-ioremap-init': return [{ label: 'bm_pte PMD', address: e.pmdBegin }];
    default: return [];
  }
}

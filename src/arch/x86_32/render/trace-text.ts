/**
 * `bootreplay trace` for x86_32: one line per model event, so a finding can
 * be followed back to the steps that set up the bad state.
 */
import type { TraceEvent } from '../replay/events.js';
import { hex, mib } from '../../../units.js';
import { describePagetableEvent } from '../pagetables/describe.js';

export function describeX86Event(e: TraceEvent): string {
  switch (e.kind) {
    case 'relocation':
      return `reserve_top_address(${mib(e.reserve)}) by ${e.source}: FIXADDR_TOP ${hex(e.oldTop)} → ${hex(e.newTop)}, __VMALLOC_RESERVE ${mib(e.vmallocReserveBefore)} → ${mib(e.vmallocReserveAfter)}, fixmaps_set ${e.fixmapsSet}${e.fixmapsSet > 0 ? ' (BUG_ON)' : ''}`;
    case 'fixmap-use':
      return `${e.via} ${e.slot} (idx ${e.idx}) at ${hex(e.vaddr)} via ${e.pte === 'bm_pte' ? `bm_pte (in PMD ${e.bmPtePmd === null ? 'none' : hex(e.bmPtePmd)}, address in PMD ${hex(e.pmd)})` : `page tables${e.covered ? '' : ' (none cover it)'}`}${e.counted ? ', counted' : ''}: ${e.what}`;
    case 'early-ioremap-init':
      return `bm_pte → PMD ${hex(e.pmdBegin)} (FIX_BTMAP_BEGIN ${hex(e.btmapBegin)}, FIX_BTMAP_END ${hex(e.btmapEnd)}${e.pmdBegin !== e.pmdEnd ? ` in PMD ${hex(e.pmdEnd)}` : ''})`;
    case 'fixmap-pagetables':
      return `${e.boot ? 'boot ' : ''}fixmap page tables ${hex(e.start)}–${hex(e.end)} under FIXADDR_TOP ${hex(e.fixaddrTop)}`;
    case 'pkmap-pagetables':
      return `pkmap page tables ${hex(e.start)}–${hex(e.end)}`;
    case 'early-ioremap-reset':
      return `early_ioremap_reset: early_ioremap is set_fixmap from now on (cleared PMD ${hex(e.clearedPmd)})`;
    case 'value-set':
    case 'need':
      return ''; // shared events: src/report/trace-text.ts describes them
    case 'max-pfn':
      return `max_pfn ${e.maxPfn}`;
    case 'max-low-pfn':
      return `max_low_pfn ${e.maxLowPfn} (max_pfn ${e.maxPfn}, __VMALLOC_RESERVE ${mib(e.vmallocReserve)})`;
    case 'direct-map':
      return `direct map ${hex(e.start)}–${hex(e.end)}`;
    case 'acpi-map':
      return `${e.what} at phys ${hex(e.phys)}: ${e.via === 'direct' ? 'direct map' : 'fixmap'} (limit ${hex(e.limit)})`;
    case 'vmi-lowmem-map':
      return `VMI lowmem mapping: ${e.pages} pages (${e.upTo})`;
    case 'vmalloc-reserve-set':
      return `vmalloc=: __VMALLOC_RESERVE ${mib(e.before)} → ${mib(e.after)}`;
    case 'pt-step':
    case 'pt-kept':
    case 'pt-rw-pagetable':
    case 'pt-kmap':
      return describePagetableEvent(e);
  }
}

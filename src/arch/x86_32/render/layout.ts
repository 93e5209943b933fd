/**
 * The final x86_32 address space as reports show it: the `layout` object of
 * the JSON report (DESIGN §6) and the ptdump-style map of `run --layout`,
 * top-down like the kernel's own boot banner.
 */
import { hex, size as exact } from '../../../units.js';
import type { X86Trace } from '../types.js';
import { eventIndex } from '../../../replay/event-index.js';

function relocations(trace: X86Trace): { step: string; index: number; from: number; to: number }[] {
  // from the trace's event index (the rules built it already), not a scan of every event: a long order has 60,000
  return eventIndex(trace.events).of('relocation').map((e) => ({ step: e.step.name, index: e.step.index, from: e.oldTop, to: e.newTop }));
}

/** A region's size: 'empty' when it has no bytes, and says so when its end lies below its start (VMALLOC_END < VMALLOC_START). */
function size(bytes: number): string {
  return bytes < 0 ? 'empty (end below start)' : bytes === 0 ? 'empty' : exact(bytes);
}

export function layoutJson(trace: X86Trace): unknown {
  const l = trace.layout;
  return {
    FIXADDR_TOP: hex(l.FIXADDR_TOP),
    FIXADDR_START: hex(l.FIXADDR_START),
    FIXADDR_BOOT_START: hex(l.FIXADDR_BOOT_START),
    PKMAP_BASE: l.PKMAP_BASE === null ? null : hex(l.PKMAP_BASE),
    VMALLOC_START: hex(l.VMALLOC_START),
    VMALLOC_END: hex(l.VMALLOC_END),
    high_memory: hex(l.high_memory),
    max_low_pfn: l.max_low_pfn,
    __VMALLOC_RESERVE: hex(trace.final.vmallocReserve),
    relocations: relocations(trace).map((x) => ({ step: x.step, index: x.index, from: hex(x.from), to: hex(x.to) })),
    regions: l.regions.map((g) => ({ name: g.name, start: hex(g.start), end: hex(g.end) })),
  };
}

/** @param when the moment the state is taken when it is not after boot (ArchPlugin.layoutText) */
export function layoutText(trace: X86Trace, when?: string): { head: string; rows: readonly string[] } {
  const l = trace.layout;
  // a step that relocates more than once (reservetop= given twice in one parse_early_param) is named once
  const movers = [...new Set(relocations(trace).map((x) => (x.index === 0 ? x.step : `${x.step} (step ${x.index})`)))];
  const head = `${trace.scenario.file}: layout${when !== undefined ? ` ${when}` : ''}: FIXADDR_TOP ${hex(l.FIXADDR_TOP)}, max_low_pfn ${l.max_low_pfn}, __VMALLOC_RESERVE ${exact(trace.final.vmallocReserve)}`
    + (movers.length > 0 ? `, relocated by ${movers.join(', ')}` : '');
  const rows = [...l.regions].sort((a, b) => b.start - a.start).map((g) =>
    `    ${hex(g.start)}-${hex(g.end)}  ${size(g.end - g.start).padStart(11)}  ${g.name}`);
  return { head, rows };
}

/**
 * Shared phrasing for findings: step labels, addresses and value names. The
 * placement hints ("move vmi_init after find_low_pfn_range") are not written
 * here: they are replayed and verified by src/compare/fix-hints.ts.
 */
import type { Value } from '../effects.js';
import type { RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { keyOf } from '../kernel-version.js';

export { hex, mib } from '../../../units.js';


export function label(step: StepRef): string {
  return step.implicit ? `${step.name} (before setup_arch)` : `${step.name} (step ${step.index})`;
}

/** fixmaps_set was called fixmaps in 2.6.26's pgtable_32.c */
export function fixmapCounter(trace: Trace): string {
  return trace.scenario.kernel.key <= keyOf('2.6.26') ? 'fixmaps' : 'fixmaps_set';
}

export const VALUE_NAMES: Readonly<Record<Value, string>> = {
  e820: 'the e820 map',
  max_pfn: 'max_pfn',
  max_low_pfn: 'max_low_pfn',
  early_params: 'the early parameters',
  direct_map: 'the direct map',
  vmi_rom: 'the VMI ROM',
};

export const VALUE_SETTERS: Readonly<Record<Value, string>> = {
  e820: 'setup_memory_map (2.6.26: memory_setup)',
  max_pfn: 'e820_end_of_ram_pfn (2.6.26: propagate_e820_map)',
  max_low_pfn: 'find_low_pfn_range (2.6.26: setup_memory)',
  early_params: 'parse_early_param',
  direct_map: 'init_memory_mapping (2.6.26: paging_init)',
  vmi_rom: 'vmi_init',
};

export function relocationLabel(r: RelocationEvent): string {
  switch (r.source) {
    case 'vmi': return `${label(r.step)}`;
    case 'xen': return 'xen_reserve_top (before setup_arch)';
    case 'reservetop': return `reservetop= in ${label(r.step)}`;
    case 'reserve_top_address': return `reserve_top_address() in ${label(r.step)}`;
  }
}

/** Per trace, built on first use: the steps that set each value, in order. Rules ask once per finding; a scan each time was quadratic. */
const SETTERS = new WeakMap<Trace, Map<Value, StepRef[]>>();

/** The first step that sets a value (after setup_arch step `after`, when given), if any. O(log n) after one pass over the trace. */
export function setterOf(trace: Trace, value: Value, after = -1): StepRef | undefined {
  let index = SETTERS.get(trace);
  if (index === undefined) {
    index = new Map();
    for (const e of trace.events) {
      if (e.kind !== 'value-set') continue;
      const list = index.get(e.value);
      if (list === undefined) index.set(e.value, [e.step]);
      else if (list[list.length - 1] !== e.step) list.push(e.step);
    }
    SETTERS.set(trace, index);
  }
  const steps = index.get(value) ?? [];
  // steps are in replay order, so their indices ascend: the first one after `after`
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] as StepRef).index > after) hi = mid;
    else lo = mid + 1;
  }
  return steps[lo];
}

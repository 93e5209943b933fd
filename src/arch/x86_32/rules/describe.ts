/**
 * Shared phrasing for findings: step labels, addresses, value names and the
 * placement hints ("move vmi_init before init_memory_mapping (step 19)").
 */
import { effectsOf } from '../catalog.js';
import type { Value } from '../effects.js';
import { holds, contextFor } from '../replay/context.js';
import type { RelocationEvent, StepRef } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { keyOf } from '../kernel-version.js';
import { isCallName } from '../catalog-names.js';

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
/** Per trace and call: hardNeeds, which otherwise rebuilt the replay context (the fixmap enum) for every finding. */
const HARD_NEEDS = new WeakMap<Trace, Map<string, Value[]>>();

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

/** Values a call cannot do without on this machine (relevance "always" and switched on). */
function hardNeeds(trace: Trace, call: string): Value[] {
  let memo = HARD_NEEDS.get(trace);
  if (memo === undefined) {
    memo = new Map();
    HARD_NEEDS.set(trace, memo);
  }
  const known = memo.get(call);
  if (known !== undefined) return known;
  const out: Value[] = [];
  const effects = trace.scenario.defined[call]?.compiled ?? (isCallName(call) ? effectsOf(call, trace.scenario.kernel) : []);
  const ctx = contextFor(trace.scenario);
  for (const e of effects) {
    if (e.op !== 'needs' || e.relevance.kind !== 'always') continue;
    if (e.when !== undefined && !holds(ctx, e.when)) continue;
    out.push(e.value);
  }
  memo.set(call, out);
  return out;
}

/**
 * "move MOVER (step r) before TARGET (step c)", refined by what MOVER needs:
 * after the step that sets it, or, when that step itself comes after TARGET,
 * an explanation of the dependency that has to go first.
 */
export function moveBefore(trace: Trace, mover: StepRef, target: StepRef): string {
  const base = `move ${label(mover)} before ${label(target)}`;
  if (mover.implicit) return base;
  const after: string[] = [];
  for (const value of hardNeeds(trace, mover.name)) {
    const setter = setterOf(trace, value);
    if (setter === undefined) continue;
    if (setter.index >= target.index) {
      const vmiHint = mover.name === 'vmi_init' && value === 'max_low_pfn'
        ? ' (2.6.27-rc3 removed it: activate_vmi() maps MAXMEM_PFN, and vmi_init moved right after early_ioremap_init)'
        : '';
      return `${base}; on ${trace.scenario.kernel.text} ${mover.name} needs ${VALUE_NAMES[value]}, which ${label(setter)} sets, so that dependency has to go first${vmiHint}`;
    }
    after.push(`after ${label(setter)}, which sets ${VALUE_NAMES[value]}`);
  }
  return after.length > 0 ? `${base}, ${after.join(' and ')}` : base;
}

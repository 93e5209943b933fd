/**
 * The boot pipeline: implicit pre-setup_arch steps, then each setup_arch()
 * call in order, over one model state. Pure: scenario in, trace out.
 */
import { effectsOf } from '../arch/x86_32/catalog.js';
import { fixToVirt } from '../arch/x86_32/fixmap.js';
import { pmdBase, VA_TOP } from '../arch/x86_32/geometry.js';
import { computeLayout, DEFAULT_FIXADDR_TOP, xenReserve, type Layout } from '../arch/x86_32/layout.js';
import type { FixmapEnum } from '../arch/x86_32/fixmap.js';
import type { Geometry } from '../arch/x86_32/geometry.js';
import { positionOf, type Scenario } from '../scenario/types.js';
import { contextFor } from './context.js';
import type { StepRef, TraceEvent } from './events.js';
import { applyEffect, relocate } from './interpreter.js';
import { freeze, initialState, type FinalState } from './state.js';

export interface Trace {
  readonly scenario: Scenario;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  /** implicit steps (index 0) first, then setup_arch in order */
  readonly steps: readonly StepRef[];
  readonly events: readonly TraceEvent[];
  readonly final: FinalState;
  readonly layout: Layout;
}

export function replay(scenario: Scenario): Trace {
  const ctx = contextFor(scenario);
  const state = initialState(ctx.geometry.nx);
  const events: TraceEvent[] = [];
  const emit = (e: TraceEvent): void => { events.push(e); };
  const steps: StepRef[] = [];

  if (scenario.machine.hypervisor === 'xen') {
    // Xen pv guests enter at startup_xen (xen-head.S), not head_32's paging
    // setup; xen_start_kernel() → xen_reserve_top() relocates before setup_arch().
    const step: StepRef = { index: 0, name: 'xen_start_kernel', pos: positionOf(scenario, 'machine.hypervisor'), implicit: true };
    steps.push(step);
    relocate(state, step, 'xen', xenReserve(scenario.machine.xen_virt_start), emit);
  } else {
    // head_32.S: swapper_pg_fixmap hooked into the last PMD, under the default FIXADDR_TOP.
    const step: StepRef = { index: 0, name: 'head_32', pos: positionOf(scenario, 'setup_arch'), implicit: true };
    steps.push(step);
    const start = pmdBase(ctx.geometry, fixToVirt(DEFAULT_FIXADDR_TOP, 0));
    state.fixmapTables.push({ start, end: VA_TOP });
    emit({ kind: 'fixmap-pagetables', step, start, end: VA_TOP, fixaddrTop: DEFAULT_FIXADDR_TOP, boot: true });
  }

  for (const s of scenario.steps) {
    const step: StepRef = { index: s.index, name: s.call, pos: s.pos, implicit: false };
    steps.push(step);
    for (const effect of effectsOf(s.call, scenario.kernel)) applyEffect(ctx, state, step, effect, emit);
  }

  const final = freeze(state);
  const layout = computeLayout({
    geometry: ctx.geometry, fixmap: ctx.fixmap, pageOffset: scenario.config.page_offset, highmem: scenario.config.highmem,
    fixaddrTop: final.fixaddrTop, maxLowPfn: final.maxLowPfn ?? 0, hypervisorHoleStart: final.hypervisorHoleStart,
  });
  return { scenario, geometry: ctx.geometry, fixmap: ctx.fixmap, steps, events, final, layout };
}

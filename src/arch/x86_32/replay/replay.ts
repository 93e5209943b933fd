/**
 * The x86_32 side of the boot pipeline (src/replay/replay.ts drives it):
 * the implicit pre-setup_arch steps, one setup_arch() call at a time over the
 * model state, and the trace at the end. Pure: no I/O, no clocks.
 */
import { effectsOf } from '../catalog.js';
import { fixToVirt } from '../fixmap.js';
import { pmdBase, VA_TOP } from '../geometry.js';
import { computeLayout, DEFAULT_FIXADDR_TOP, xenReserve } from '../layout.js';
import type { X86Scenario, X86Trace } from '../types.js';
import type { CallName } from '../catalog-names.js';
import { positionOf } from '../../../scenario/types.js';
import type { Emit } from '../../../replay/trace.js';
import { contextFor, type ReplayContext } from './context.js';
import type { StepRef, TraceEvent } from './events.js';
import { applyEffect, relocate } from './interpreter.js';
import { cloneState, freeze, initialState, type ModelState } from './state.js';

/** One replay in progress: the fixed shape of the kernel and the mutable model. */
export interface X86State {
  readonly ctx: ReplayContext;
  readonly model: ModelState;
}

/**
 * Before setup_arch(): head_32.S's boot fixmap page table on native and VMI,
 * or, for Xen, xen_start_kernel() → xen_reserve_top() (arch/x86/xen/enlighten.c).
 */
export function initX86(scenario: X86Scenario, emit: Emit<TraceEvent>): { state: X86State; implicit: readonly StepRef[] } {
  const ctx = contextFor(scenario);
  const model = initialState(ctx.geometry.nx);
  if (scenario.machine.hypervisor === 'xen') {
    // Xen pv guests enter at startup_xen (xen-head.S), not head_32's paging
    // setup; xen_start_kernel() → xen_reserve_top() relocates before setup_arch().
    const step: StepRef = { index: 0, name: 'xen_start_kernel', pos: positionOf(scenario, 'machine.hypervisor'), implicit: true };
    relocate(ctx, model, step, 'xen', xenReserve(scenario.machine.xen_virt_start, ctx.xenPadding), emit);
    return { state: { ctx, model }, implicit: [step] };
  }
  // head_32.S: swapper_pg_fixmap hooked into the last PMD, under the default FIXADDR_TOP.
  const step: StepRef = { index: 0, name: 'head_32', pos: positionOf(scenario, 'setup_arch'), implicit: true };
  const start = pmdBase(ctx.geometry, fixToVirt(DEFAULT_FIXADDR_TOP, 0));
  model.fixmapTables.push({ start, end: VA_TOP });
  emit({ kind: 'fixmap-pagetables', step, start, end: VA_TOP, fixaddrTop: DEFAULT_FIXADDR_TOP, boot: true });
  return { state: { ctx, model }, implicit: [step] };
}

/** One setup_arch() call: its effects under the scenario's kernel, in order. */
export function applyX86(state: X86State, step: StepRef, emit: Emit<TraceEvent>): void {
  const { ctx, model } = state;
  // the loader only lets catalog names through
  for (const effect of effectsOf(step.name as CallName, ctx.scenario.kernel)) applyEffect(ctx, model, step, effect, emit);
}

export function cloneX86(state: X86State): X86State {
  return { ctx: state.ctx, model: cloneState(state.model) };
}

export function finishX86(scenario: X86Scenario, state: X86State, steps: readonly StepRef[], events: readonly TraceEvent[]): X86Trace {
  const { ctx, model } = state;
  const final = freeze(model);
  const layout = computeLayout({
    formulas: ctx.formulas, geometry: ctx.geometry, fixmap: ctx.fixmap, pageOffset: scenario.config.page_offset, highmem: scenario.config.highmem,
    fixaddrTop: final.fixaddrTop, maxLowPfn: final.maxLowPfn ?? 0, hypervisorHoleStart: final.hypervisorHoleStart,
  });
  return { scenario, geometry: ctx.geometry, fixmap: ctx.fixmap, steps, events, final, layout };
}

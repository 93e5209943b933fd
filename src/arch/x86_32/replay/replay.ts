/**
 * The x86_32 side of the boot pipeline (src/replay/replay.ts drives it):
 * the implicit pre-setup_arch steps, one setup_arch() call at a time over the
 * model state, and the trace at the end. Pure: no I/O, no clocks.
 */
import { fixToVirt } from '../fixmap.js';
import { pmdBase, VA_TOP } from '../geometry.js';
import { computeLayout, DEFAULT_FIXADDR_TOP, xenHoleStart, xenReserve, type Layout } from '../layout.js';
import type { X86Scenario, X86Trace } from '../types.js';
import { positionOf } from '../../../scenario/types.js';
import type { Emit } from '../../../replay/trace.js';
import { contextFor, type ReplayContext } from './context.js';
import type { StepRef, TraceEvent } from './events.js';
import { applyEffect, relocate } from './interpreter.js';
import { callPlan } from './call-effects.js';
import { haltReason } from '../unsupported.js';
import { cloneState, freeze, initialState, sameModelState, type ModelState, type SameStep } from './state.js';
import type { Effect, PagetableEffect } from '../effects.js';
import { applyPagetableEffect, clonePagetables, initPagetables, observeEvent } from '../pagetables/apply.js';
import { ptContextFor } from '../pagetables/context.js';
import { emptyState, samePagetableState, type Pagetables } from '../pagetables/model.js';

/** One replay in progress: the fixed shape of the kernel, the mutable model and its page tables. */
export interface X86State {
  readonly ctx: ReplayContext;
  readonly model: ModelState;
  readonly pt: Pagetables;
}

/** The implicit step of a machine: xen_start_kernel on Xen pv, head_32 on native and VMI (initX86). */
export function implicitStepName(hypervisor: string): string {
  return hypervisor === 'xen' ? 'xen_start_kernel' : 'head_32';
}

/**
 * Before setup_arch(): head_32.S's boot fixmap page table on native and VMI,
 * or, for Xen, xen_start_kernel() → xen_reserve_top() (arch/x86/xen/enlighten.c).
 */
export function initX86(scenario: X86Scenario, emit: Emit<TraceEvent>): { state: X86State; implicit: readonly StepRef[]; halt?: string } {
  const ctx = contextFor(scenario);
  const model = initialState(ctx.geometry.nx);
  const halt = haltReason(scenario);
  if (halt !== undefined) {
    // not a kernel these sources build: nothing to replay (config-unsupported reports why)
    const step: StepRef = { index: 0, name: implicitStepName(scenario.machine.hypervisor), pos: positionOf(scenario, 'setup_arch'), implicit: true };
    // no page tables either: a halted trace is only checked by the rules that report it
    return { state: { ctx, model, pt: { cx: ptContextFor(ctx), s: emptyState() } }, implicit: [step], halt };
  }
  if (scenario.machine.hypervisor === 'xen') {
    // Xen pv guests enter at startup_xen (xen-head.S), not head_32's paging
    // setup; xen_start_kernel() → xen_reserve_top() relocates before setup_arch().
    const step: StepRef = { index: 0, name: 'xen_start_kernel', pos: positionOf(scenario, 'machine.hypervisor'), implicit: true };
    const pt = initPagetables(ctx, step, emit);
    // Xen's hole starts at HYPERVISOR_VIRT_START, above the padding of kernels before 2.6.27.8 (xenHoleStart)
    relocate(ctx, model, step, 'xen', xenReserve(scenario.machine.xen_virt_start, ctx.xenPadding), emit, xenHoleStart(scenario.machine.xen_virt_start));
    return { state: { ctx, model, pt }, implicit: [step] };
  }
  // head_32.S: swapper_pg_fixmap hooked into the last PMD, under the default FIXADDR_TOP.
  const step: StepRef = { index: 0, name: 'head_32', pos: positionOf(scenario, 'setup_arch'), implicit: true };
  const start = pmdBase(ctx.geometry, fixToVirt(DEFAULT_FIXADDR_TOP, 0));
  model.fixmapTables.push({ start, end: VA_TOP });
  emit({ kind: 'fixmap-pagetables', step, start, end: VA_TOP, fixaddrTop: DEFAULT_FIXADDR_TOP, boot: true });
  const pt = initPagetables(ctx, step, emit);
  return { state: { ctx, model, pt }, implicit: [step] };
}

/** One setup_arch() call: its effects under the scenario's kernel, in order. */
export function applyX86(state: X86State, step: StepRef, emit: Emit<TraceEvent>): void {
  const { ctx, model, pt } = state;
  const { effects, pagetable } = callPlan(ctx.scenario, step.name);
  let observed: Emit<TraceEvent> | undefined;
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i] as Effect;
    if (pagetable[i] === true) applyPagetableEffect(ctx, model, pt, step, effect as PagetableEffect, emit);
    // a guard (`if (!vmi_rom) return;`) ends the call: none of its later effects run
    else if (applyEffect(ctx, model, step, effect as Exclude<Effect, PagetableEffect>, (observed ??= observer(state, emit))) === 'returned') return;
  }
}

/** the last observer made (observer()): one replay applies its steps one after the other with one state and emit */
let lastObserver: { readonly state: X86State; readonly emit: Emit<TraceEvent>; readonly observed: Emit<TraceEvent> } | undefined;

/**
 * The emit of the interpreter's effects: the page tables follow the real set_fixmap() calls it reports, and
 * fixup_early_ioremap()'s bm_pte. One per replay, not per step (the many-replay engine applies thousands).
 */
function observer(state: X86State, emit: Emit<TraceEvent>): Emit<TraceEvent> {
  if (lastObserver !== undefined && lastObserver.state === state && lastObserver.emit === emit) return lastObserver.observed;
  const { model, pt } = state;
  const observed = (e: TraceEvent): void => {
    emit(e);
    observeEvent(model, pt, e, emit);
  };
  lastObserver = { state, emit, observed };
  return observed;
}

export function cloneX86(state: X86State): X86State {
  return { ctx: state.ctx, model: cloneState(state.model), pt: clonePagetables(state.pt) };
}

/**
 * Same kernel shape (the context is shared by snapshots), the same model
 * state and the same page tables, the steps the states hold compared by
 * sameStep (ArchPlugin.sameState). Run lists replaced by equal runs compare
 * equal (runs.ts never changes a list in place, so the same array is the
 * same list and costs nothing to compare).
 */
export function sameX86(a: X86State, b: X86State, sameStep: SameStep): boolean {
  if (a.ctx !== b.ctx || a.pt.cx !== b.pt.cx) return false;
  // the page tables first: where a moved order differs most often
  return samePagetableState(a.pt.s, b.pt.s, sameStep) && sameModelState(a.model, b.model, sameStep);
}

export function finishX86(scenario: X86Scenario, state: X86State, steps: readonly StepRef[], events: readonly TraceEvent[]): X86Trace {
  const { ctx, model, pt } = state;
  const final = freeze(model);
  return { scenario, geometry: ctx.geometry, fixmap: ctx.fixmap, steps, events, final, layout: layoutX86(scenario, state), pagetables: { cx: pt.cx, s: { ...pt.s } } };
}

/**
 * The virtual address layout of the state after any step (ArchPlugin.layout), from the model's values alone:
 * the layout timeline of the HTML and SARIF reports asks after every step, and finish() of a copy of the state,
 * its steps and events there made a 2,048-call file cost 130 ms, quadratic in the order's length.
 */
export function layoutX86(scenario: X86Scenario, state: X86State): Layout {
  const { ctx, model } = state;
  return computeLayout({
    formulas: ctx.formulas, geometry: ctx.geometry, fixmap: ctx.fixmap, pageOffset: scenario.config.page_offset, highmem: scenario.config.highmem,
    fixaddrTop: model.fixaddrTop, maxLowPfn: model.maxLowPfn ?? 0, hypervisorHoleStart: model.hypervisorHoleStart, hypervisorHoleOwner: model.hypervisorHoleOwner, reservetopHoleStart: model.reservetopHoleStart,
  });
}

/**
 * The arm64 side of the boot pipeline (src/replay/replay.ts drives it):
 * head.S's steps before setup_arch (step 0, KASLR's second pass included),
 * one call at a time over the model state, and the trace at the end. Pure:
 * no I/O, no clocks.
 */
import type { Emit, Layout, StepRef } from '../../../replay/trace.js';
import { positionOf } from '../../../scenario/types.js';
import { callPhase, effectsOf } from '../catalog.js';
import type { CallName } from '../catalog-names.js';
import { firstPass, secondPass, type HeadStep } from '../head.js';
import { isLive, type Mm } from '../mm/mmu.js';
import type { Arm64Scenario, Arm64Trace } from '../types.js';
import { contextFor, type ReplayContext } from './context.js';
import type { Arm64Event } from './events.js';
import { freeze, genericLayout } from './finish.js';
import { applyEffect } from './interpreter.js';
import { MM_INIT } from './leave-setup-arch.js';
import { afterStep, needAtEnd } from '../../setup-arch-exit.js';
import { cloneState, type ModelState } from './state.js';
import { initialState } from './statics.js';

/** One replay in progress: the fixed shape of the kernel and the mutable model. */
export interface Arm64State {
  readonly ctx: ReplayContext;
  readonly model: ModelState;
}

function runHead(ctx: ReplayContext, model: ModelState, steps: readonly HeadStep[], emit: Emit<Arm64Event>, into: StepRef[]): void {
  for (const h of steps) {
    const pos = ctx.scenario.positions[h.key] !== undefined ? positionOf(ctx.scenario, h.key) : positionOf(ctx.scenario, 'setup_arch');
    const step: StepRef = { index: 0, name: h.name, pos, implicit: true };
    into.push(step);
    const mm: Mm = { ctx, s: model, step, emit };
    model.bug = false;
    for (const e of h.effects) applyEffect(mm, e, h.name);
  }
}

export function initArm64(scenario: Arm64Scenario, emit: Emit<Arm64Event>): { state: Arm64State; implicit: readonly StepRef[] } {
  const ctx = contextFor(scenario);
  const model = initialState(ctx);
  const implicit: StepRef[] = [];
  const { kasan, randomize_base } = scenario.config;
  runHead(ctx, model, firstPass(ctx.kernelKey, kasan, randomize_base), emit, implicit);
  if (model.kaslrOffset !== 0) runHead(ctx, model, secondPass(ctx.kernelKey, kasan), emit, implicit);
  return { state: { ctx, model }, implicit };
}

/** One call: its effects under the scenario's kernel, in order. */
export function applyArm64(state: Arm64State, step: StepRef, emit: Emit<Arm64Event>): void {
  const { ctx, model } = state;
  const mm: Mm = { ctx, s: model, step, emit };
  // the loader only lets catalog names and the scenario's defined calls through
  const effects = ctx.scenario.defined[step.name]?.compiled ?? effectsOf(step.name as CallName, ctx.scenario.kernel);
  // a late step (kernel_init) runs after setup_arch() has returned: it is not where mm_init() goes on from
  const late = callPhase(step.name).rank > 0;
  model.bug = false;
  for (const effect of effects) applyEffect(mm, effect, step.name);
  afterStep(model, step, late);
}

export function cloneArm64(state: Arm64State): Arm64State {
  return { ctx: state.ctx, model: cloneState(state.model) };
}

/** finishArm64's layout alone (ArchPlugin.layout): the state's, without freezing its tables. */
export function layoutArm64(_scenario: Arm64Scenario, state: Arm64State): Layout {
  return genericLayout(state.ctx, state.model);
}

export function finishArm64(scenario: Arm64Scenario, state: Arm64State, steps: readonly StepRef[], events: readonly Arm64Event[]): Arm64Trace {
  const { ctx, model } = state;
  // mm_init() after the last setup_arch() step (pure: the state is a snapshot others replay from)
  const need = needAtEnd(model, MM_INIT);
  return {
    scenario,
    geometry: ctx.geometry,
    fixmap: ctx.fixmap,
    va: ctx.layout,
    steps,
    // concat copies the (110,000-event) array in one block where a spread iterates it
    events: need !== undefined ? events.concat([need]) : events,
    final: freeze(ctx, model, (id) => isLive(model, id)),
    layout: genericLayout(ctx, model),
  };
}

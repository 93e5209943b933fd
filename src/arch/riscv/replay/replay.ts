/**
 * The riscv side of the boot pipeline (src/replay/replay.ts drives it): the
 * implicit pre-start_kernel steps (setup_vm, relocate, kasan_early_init), one
 * step at a time over the model state, and the trace at the end. Pure: no
 * I/O, no clocks.
 */
import { callPhase, effectsOf } from '../catalog.js';
import type { CallName } from '../catalog-names.js';
import type { RiscvScenario, RiscvTrace } from '../types.js';
import { positionOf } from '../../../scenario/types.js';
import type { Emit, Layout } from '../../../replay/trace.js';
import { contextFor, type ReplayContext } from './context.js';
import { kasanEarlyInit, relocate, setupVm } from './boot.js';
import type { RiscvEvent, StepRef } from './events.js';
import { finalLayout } from './final-layout.js';
import { applyEffect } from './interpreter.js';
import { checkAliases, releaseAfterSetupArch } from './mechanisms.js';
import { MM_INIT } from './leave-setup-arch.js';
import { afterStep, needAtEnd } from '../../setup-arch-exit.js';
import { emptyBtmap } from '../../early-ioremap.js';
import { INIT_MEMBLOCK_REGIONS } from '../../memblock-add.js';
import { cloneState, freeze, type ModelState } from './state.js';

/** One replay in progress: the fixed shape of the kernel and the mutable model. */
export interface RiscvState {
  readonly ctx: ReplayContext;
  readonly model: ModelState;
}

function initialState(ctx: ReplayContext): ModelState {
  return {
    satp: 'bare',
    ptOps: 'none',
    roots: { trampoline: [], early_pg_dir: [], swapper: [] },
    fixmap: {},
    btmap: emptyBtmap(),
    memory: [],
    memoryLimited: false,
    maxLowPa: 0,
    kernelReserved: false,
    resizeAllowed: false,
    reservedRegions: ctx.scenario.machine.reserved_regions,
    reservedMax: INIT_MEMBLOCK_REGIONS,
    dtbEarlyPage: 0,
    dtbEarlyVia: 'dtb_early_va',
    fdt: null,
    linearFinal: false,
    initFreed: false,
    rodataRo: false,
    textRo: false,
    touched: new Set(),
    aliasBad: new Set(),
    allocs: [],
    allocUnknown: null,
    deviceTree: null,
    bpfNext: ctx.va.bpf.start,
    values: new Set(),
    lastSetupArchStep: null,
  };
}

/** head.S before start_kernel: setup_vm (MMU off), relocate, and with KASAN kasan_early_init. */
export function initRiscv(scenario: RiscvScenario, emit: Emit<RiscvEvent>): { state: RiscvState; implicit: readonly StepRef[] } {
  const ctx = contextFor(scenario);
  const model = initialState(ctx);
  const pos = positionOf(scenario, 'setup_arch');
  const step = (name: string): StepRef => ({ index: 0, name, pos, implicit: true });
  const implicit = [step('setup_vm'), step('relocate')];
  setupVm(ctx, model, implicit[0] ?? step('setup_vm'), emit);
  relocate(model, implicit[1] ?? step('relocate'), emit);
  if (scenario.config.kasan) {
    const k = step('kasan_early_init');
    implicit.push(k);
    kasanEarlyInit(ctx, model, k, emit);
  }
  return { state: { ctx, model }, implicit };
}

/** One step: its effects under the scenario's kernel and config, then (STRICT_KERNEL_RWX) the alias check if permissions changed. */
export function applyRiscv(state: RiscvState, step: StepRef, emit: Emit<RiscvEvent>): void {
  const { ctx, model } = state;
  let permChanged = false;
  const watch = (e: RiscvEvent): void => {
    if (e.kind === 'perm-change') permChanged = true;
    emit(e);
  };
  // the loader only lets catalog names and the scenario's defined calls through
  const effects = ctx.scenario.defined[step.name]?.compiled ?? effectsOf(step.name as CallName, ctx.profile);
  // a late step runs after setup_arch() has returned: it is not where mm_init() goes on from
  const late = callPhase(step.name).rank > 0;
  // setup_arch() has returned: what the kernel unmaps in between (an early_initcall) goes first
  if (late) releaseAfterSetupArch(ctx, model, step, watch);
  for (const effect of effects) applyEffect(ctx, model, step, effect, watch);
  afterStep(model, step, late);
  // W^X between aliases is a promise of STRICT_KERNEL_RWX only: without it the kernel mapping is PAGE_KERNEL_EXEC
  if (permChanged && ctx.profile.strict) checkAliases(ctx, model, step, emit);
}

export function cloneRiscv(state: RiscvState): RiscvState {
  return { ctx: state.ctx, model: cloneState(state.model) };
}

export function finishRiscv(scenario: RiscvScenario, state: RiscvState, steps: readonly StepRef[], events: readonly RiscvEvent[]): RiscvTrace {
  const { ctx, model } = state;
  const final = freeze(model);
  const layout = finalLayout({ va: ctx.va, profile: ctx.profile, kasan: scenario.config.kasan, swapper: final.swapper });
  // mm_init() after the last setup_arch() step (pure: the state is a snapshot others replay from)
  const need = needAtEnd(model, MM_INIT);
  return { scenario, profile: ctx.profile, image: ctx.image, steps, events: need !== undefined ? [...events, need] : events, final, layout };
}

/** finishRiscv's layout alone (ArchPlugin.layout): swapper's mappings by address, as freeze() sorts them, and nothing else frozen. */
export function layoutRiscv(scenario: RiscvScenario, state: RiscvState): Layout {
  const { ctx, model } = state;
  return finalLayout({ va: ctx.va, profile: ctx.profile, kasan: scenario.config.kasan, swapper: [...model.roots.swapper].sort((a, b) => a.start - b.start) });
}

/**
 * phase-order (every architecture): a step that the kernel runs after
 * setup_arch() returns (kernel_init()'s free_initmem() and mark_rodata_ro(),
 * or a run-time event) written before a call of an earlier phase. Scenarios
 * list the late steps after the setup_arch() calls because they edit the
 * same tables; moving one among the setup_arch() calls describes a kernel
 * that frees or write-protects what setup_arch() still uses.
 */
import type { CallPhase } from '../arch/types.js';
import type { StepRef, Trace } from '../replay/trace.js';
import { lazyRule } from './lazy-rule.js';
import type { Rule } from './types.js';

/** the rule's id (src/compare/constraints.ts folds the edges it alone gives into one note per pair of phases) */
export const PHASE_ORDER_ID = 'phase-order';
const ID = PHASE_ORDER_ID;

/**
 * @param callPhase the architecture's ArchPlugin.callPhase
 */
/** A late step, the last step after it of an earlier phase, and their phases. */
interface Hit {
  readonly step: StepRef;
  readonly blocker: StepRef;
  readonly late: CallPhase;
  readonly earlier: CallPhase;
}

export function phaseOrderRule<T extends Trace>(callPhase: (call: string) => CallPhase): Rule<T> {
  const rule = lazyRule<T, Hit>({
    meta: {
      id: ID,
      severity: 'error',
      doc: 'a step the kernel runs after setup_arch() returns (free_initmem, mark_rodata_ro, run time) placed before a setup_arch() call',
      explanation: `init/main.c runs the boot in phases: start_kernel() calls setup_arch(), then mm_init() brings up the
page allocator, and only kernel_init() (a thread started at the end of start_kernel()) calls
free_initmem() and mark_rodata_ro() (mark_readonly()). Each architecture says which of its steps belong to
which phase (bootreplay steps shows them); a scenario lists setup_arch()'s calls first and the late steps
after them.

A late step written before a setup_arch() call describes a kernel that runs it inside setup_arch(): then
free_initmem() releases (from v4.6 on arm64: unmaps) the __init sections that setup_arch(), itself __init
code, is still running from, and mark_rodata_ro() needs late_alloc() (__get_free_page()) before the page
allocator exists. A run-time step (a BPF JIT compile) before a kernel_init() step is the same mistake one
phase later.

Fix: move the step after the last call of the earlier phase.`,
    },
    detect(trace: T): Hit[] {
      // most orders have no step of a later phase at all: one pass without allocating proves it
      let late = false;
      for (const s of trace.steps) {
        if (!s.implicit && callPhase(s.name).rank > 0) { late = true; break; }
      }
      if (!late) return [];
      const hits: Hit[] = [];
      const steps = trace.steps.filter((s) => !s.implicit);
      const phases = steps.map((s) => callPhase(s.name));
      for (let i = 0; i < steps.length; i++) {
        const late = phases[i] as CallPhase;
        if (late.rank === 0) continue;
        // the last step after it that belongs to an earlier phase
        let j = -1;
        for (let k = steps.length - 1; k > i; k--) {
          if ((phases[k] as CallPhase).rank < late.rank) { j = k; break; }
        }
        if (j < 0) continue;
        hits.push({ step: steps[i] as StepRef, blocker: steps[j] as StepRef, late, earlier: phases[j] as CallPhase });
      }
      return hits;
    },
    verdict: ({ step, blocker }) => ({ rule: ID, severity: 'error', step, related: [{ step: blocker }] }),
    format: ({ step, blocker, late, earlier }) => ({
      rule: ID,
      severity: 'error',
      step,
      pos: step.pos,
      message: `${step.name} runs in ${late.name}, but here (step ${step.index}) it comes before ${earlier.name} call ${blocker.name} (step ${blocker.index})`,
      related: [{ step: blocker, role: `the last ${earlier.name} call, which runs before it in the kernel` }],
      addresses: {},
      consequence: `${late.effect}, while ${earlier.name} still has calls to run`,
      fix: `move ${step.name} (step ${step.index}) after ${blocker.name} (step ${blocker.index})`,
    }),
  });
  return {
    ...rule,
    // every call of one phase (x86_32 models only setup_arch()): no order of them has a late step
    emptyUnderReorderingOf(own: T): boolean {
      return own.steps.every((s) => s.implicit || callPhase(s.name).rank === 0);
    },
  };
}

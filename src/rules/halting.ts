/**
 * Where a finding stops the kernel (Verdict.halts, Verdict.haltBefore), for
 * the views that end a boot there (src/report/halt-point.ts) and the
 * reasoning that prefers findings the kernel reaches (src/compare/constraints.ts).
 */
import type { StepRef } from '../replay/trace.js';
import type { Verdict } from './types.js';

/** The step in which the kernel stops, and whether it stops before that step's effects (Verdict.haltBefore). */
export interface HaltPoint {
  readonly step: StepRef;
  readonly before: boolean;
}

/** Where `v` stops the kernel: in its haltBefore step before its effects, in its haltIn step, else in its culprit step; undefined when it does not halt. */
export function haltPoint(v: Verdict): HaltPoint | undefined {
  if (v.halts !== true) return undefined;
  if (v.haltBefore !== undefined) return { step: v.haltBefore, before: true };
  return { step: v.haltIn ?? v.step, before: false };
}

/**
 * The place of a halt in the boot, comparable with a step index: a step's
 * index (an implicit step, before setup_arch(): 0), half a step less when the
 * kernel stops before that step's effects. A finding at a step whose index
 * is greater is one the kernel never reaches.
 */
export function haltPosition(h: HaltPoint): number {
  return (h.step.implicit ? 0 : h.step.index) - (h.before ? 0.5 : 0);
}

/** The last step whose effects the kernel completes before the halt (0: none of setup_arch()). */
export function lastCompletedStep(h: HaltPoint): number {
  const index = h.step.implicit ? 0 : h.step.index;
  return Math.max(0, h.before ? index - 1 : index);
}

/**
 * The last step index at which findings are ones the kernel reaches, given the finding `v` that halts it:
 * its halt position, but never before `v`'s own step (when the kernel stops in the culprit step before the
 * effects that matter, as reservetop= after earlycon= in one parse_early_param, the step's findings are reached).
 * A finding at a greater step index is one the kernel never reaches.
 */
export function reachedUpTo(v: Verdict, h: HaltPoint): number {
  return Math.max(haltPosition(h), v.step.implicit ? 0 : v.step.index);
}

/**
 * The identity of a finding across variants, edits and runs: rule + culprit
 * call + related calls (with occurrence numbers when a call appears twice),
 * never step numbers or lines, which shift with every edit. `diff`,
 * baselines, `bisect` and SARIF partialFingerprints all match findings by it.
 */
import type { StepRef } from '../replay/trace.js';
import type { CallRef } from '../scenario/order-edit.js';
import type { Verdict } from './types.js';

/**
 * The call each step is, by name and occurrence among the setup_arch() calls
 * (vmi_init#2 is the second vmi_init); an implicit step is its name, once.
 * The occurrences are counted in one pass over the steps, so each lookup is
 * O(1) (a scan per finding made gating 10,000 findings quadratic).
 * @param steps the trace's steps
 * @returns step → { name, occurrence } (1 for an implicit or unknown step)
 */
export function stepCallRefs(steps: readonly StepRef[]): (step: StepRef) => CallRef {
  const occurrence = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const s of steps) {
    if (s.implicit) continue;
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    occurrence.set(s.index, n);
  }
  return (step) => ({ name: step.name, occurrence: step.implicit ? 1 : occurrence.get(step.index) ?? 1 });
}

function callOf(step: StepRef, refOf: (step: StepRef) => CallRef): string {
  if (step.implicit) return `${step.name}@0`;
  const n = refOf(step).occurrence;
  return n === 1 ? step.name : `${step.name}#${n}`;
}

/**
 * @param f a Finding, or its Verdict (the engine's cheap form)
 * @param steps the trace's steps, to number repeated calls (vmi_init#2)
 * @returns e.g. "fixmap-before-relocation|dmi_scan_machine|vmi_init"
 */
export function findingKey(f: Verdict, steps: readonly StepRef[]): string {
  return findingKeys(steps)(f);
}

/**
 * findingKey for many findings of one trace: the occurrence numbers are
 * counted once (the replay engine keys every verdict of every order).
 */
export function findingKeys(steps: readonly StepRef[]): (f: Verdict) => string {
  const refOf = stepCallRefs(steps);
  return (f) => [f.rule, callOf(f.step, refOf), ...f.related.map((r) => callOf(r.step, refOf))].join('|');
}

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
 * The call a step is, by name and occurrence among the setup_arch() calls
 * (vmi_init#2 is the second vmi_init); an implicit step is its name, once.
 * @param steps the trace's steps
 */
export function stepCallRef(step: StepRef, steps: readonly StepRef[]): CallRef {
  if (step.implicit) return { name: step.name, occurrence: 1 };
  let n = 0;
  for (const s of steps) {
    if (s.name === step.name && !s.implicit) n++;
    if (s.index === step.index && !s.implicit) return { name: step.name, occurrence: n };
  }
  return { name: step.name, occurrence: 1 };
}

function callOf(step: StepRef, occurrenceOf: (step: StepRef) => number): string {
  if (step.implicit) return `${step.name}@0`;
  const n = occurrenceOf(step);
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
  const occurrence = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const s of steps) {
    if (s.implicit) continue;
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    occurrence.set(s.index, n);
  }
  const occurrenceOf = (step: StepRef): number => occurrence.get(step.index) ?? 1;
  return (f) => [f.rule, callOf(f.step, occurrenceOf), ...f.related.map((r) => callOf(r.step, occurrenceOf))].join('|');
}

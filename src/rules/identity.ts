/**
 * The identity of a finding across variants, edits and runs: rule + culprit
 * call + related calls (with occurrence numbers when a call appears twice),
 * never step numbers or lines, which shift with every edit. `diff`,
 * baselines, `bisect` and SARIF partialFingerprints all match findings by it.
 */
import type { StepRef } from '../replay/trace.js';
import type { Finding } from './types.js';

function callOf(step: StepRef, occurrenceOf: (step: StepRef) => number): string {
  if (step.implicit) return `${step.name}@0`;
  const n = occurrenceOf(step);
  return n === 1 ? step.name : `${step.name}#${n}`;
}

/**
 * @param steps the trace's steps, to number repeated calls (vmi_init#2)
 * @returns e.g. "fixmap-before-relocation|dmi_scan_machine|vmi_init"
 */
export function findingKey(f: Finding, steps: readonly StepRef[]): string {
  const occurrenceOf = (step: StepRef): number => {
    let n = 0;
    for (const s of steps) {
      if (s.name === step.name && !s.implicit) n++;
      if (s.index === step.index && !s.implicit) return n;
    }
    return 1;
  };
  return [f.rule, callOf(f.step, occurrenceOf), ...f.related.map((r) => callOf(r.step, occurrenceOf))].join('|');
}

/**
 * Shared phrasing for arm64 findings: step labels, level names, the version
 * a trace replays, and where in the order something happens.
 */
import { eventIndex } from '../../../replay/event-index.js';
import type { StepRef } from '../../../replay/trace.js';
import { levelName, type Level } from '../geometry.js';
import { V4_4 } from '../kernel-version.js';
import type { PteWriteEvent } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';

export { hex } from '../../../units.js';

export function label(step: StepRef): string {
  return step.implicit ? `${step.name} (before setup_arch)` : `${step.name} (step ${step.index})`;
}

/** "the pmd (L2)" */
export function levelText(trace: Arm64Trace, level: Level): string {
  return `${levelName(trace.geometry, level)} (L${level})`;
}

export function isV44(trace: Arm64Trace): boolean {
  return trace.scenario.kernel.key === V4_4;
}

/** The first step of the order with this call name, if any. */
export function stepNamed(trace: Arm64Trace, name: string): StepRef | undefined {
  return trace.steps.find((s) => s.name === name);
}

/** The last write before `e` (in trace order) that made an entry of its table over [va, end) what it is now. */
export function lastWriter(trace: Arm64Trace, e: PteWriteEvent): PteWriteEvent | undefined {
  const writes = eventIndex(trace.events).of('pte-write');
  for (let i = writes.indexOf(e) - 1; i >= 0; i--) {
    const w = writes[i];
    if (w === undefined || w.tableId !== e.tableId || w.end <= e.va || w.va >= e.end) continue;
    if (w.new.kind === e.old.kind) return w;
  }
  return undefined;
}

/** Each step's position in the replay (implicit steps first), for "does X come after Y". */
export function stepOrder(trace: Arm64Trace): ReadonlyMap<StepRef, number> {
  return new Map(trace.steps.map((s, i) => [s, i]));
}

/** "move X (step n) after Y (step m)" when Y comes later in the order, else "" */
export function moveAfter(mover: StepRef, anchor: StepRef | undefined): string {
  if (anchor === undefined || mover.implicit) return '';
  return `move ${label(mover)} after ${label(anchor)}`;
}

/**
 * The address space as it changes during a replay: the layout after the
 * implicit boot steps and after every setup_arch() call that moved a region
 * (a relocation, lowmem being sized, …). Generic: the driver snapshots the
 * plug-in's state after each step (ArchPlugin.clone) and asks the plug-in for
 * the layout that state gives (ArchPlugin.finish), so every architecture gets
 * it without a hook of its own. Reports draw these maps and put the steps
 * that moved regions into a finding's path.
 */
import type { ArchPlugin } from '../arch/types.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import type { Scenario } from '../scenario/types.js';
import { limitedEmit } from './event-limit.js';
import { stepRef } from './replay.js';
import type { Layout, Region, StepRef, Trace, TraceEvent } from './trace.js';

export interface LayoutPoint {
  /** the step after which the layout is this; the last implicit step for the first point */
  readonly step: StepRef;
  readonly layout: Layout;
}

function sameRegions(a: readonly Region[], b: readonly Region[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i]?.name && r.start === b[i]?.start && r.end === b[i]?.end);
}

/**
 * Replays `scenario` once more, keeping the layout after each step that
 * changed a region. Layout values that no region shows (a count) do not make
 * a point of their own.
 * @returns at least one point (after the implicit steps); the last point's layout is the trace's final layout
 */
export function layoutTimeline<S extends Scenario, T extends Trace, St, E extends TraceEvent>(plugin: ArchPlugin<S, T, St, E>, scenario: S): LayoutPoint[] {
  return replayWithTimeline(plugin, scenario).timeline;
}

/**
 * replayWith() and layoutTimeline() in one replay: the trace is replayWith's
 * (the same events, steps and final state), the timeline layoutTimeline's.
 * The reports that draw maps and paths need both, and a second replay of
 * every variant was a fifth of the time of `run -f sarif` over a 512-variant
 * matrix (136 of 1,013 ms, profiled at 4ef618c).
 */
export function replayWithTimeline<S extends Scenario, T extends Trace, St, E extends TraceEvent>(plugin: ArchPlugin<S, T, St, E>, scenario: S): { trace: T; timeline: LayoutPoint[] } {
  const events: E[] = [];
  const emit = limitedEmit(scenario, events, DEFAULT_LIMITS.maxEvents);
  const { state, implicit, halt } = plugin.init(scenario, emit);
  const steps: StepRef[] = [...implicit];
  // the plug-in's layout alone when it has it (ArchPlugin.layout): finish() on a clone copies and freezes the
  // whole state after every step, O(steps²) for an order whose state grows with it (review 17b, 2.1)
  const only = plugin.layout;
  const layoutNow = only !== undefined
    ? (): Layout => only.call(plugin, scenario, state)
    : (): Layout => plugin.finish(scenario, plugin.clone(state), [...steps], [...events]).layout;
  const first = implicit[implicit.length - 1] ?? { index: 0, name: 'boot', pos: { line: 1, col: 1 }, implicit: true };
  const points: LayoutPoint[] = [{ step: first, layout: layoutNow() }];
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = stepRef(scenario, i);
    steps.push(step);
    // a halted replay applies none of its steps (replayWith): no step moves a region
    if (halt !== undefined) continue;
    plugin.apply(state, step, emit);
    const layout = layoutNow();
    const last = points[points.length - 1];
    if (last === undefined || !sameRegions(last.layout.regions, layout.regions)) points.push({ step, layout });
  }
  const trace = plugin.finish(scenario, state, steps, events);
  return { trace: halt === undefined ? trace : { ...trace, halted: halt }, timeline: points };
}

/**
 * Which point's layout a step ran under: the layout after step s_k is in
 * force while steps s_k + 1 … s_(k+1) run (s_(k+1) starts under it, then
 * changes it); the implicit steps (index 0) belong to the first point.
 */
export function pointOfStep(points: readonly LayoutPoint[], stepIndex: number): number {
  let k = 0;
  for (let i = 1; i < points.length; i++) if ((points[i]?.step.index ?? Infinity) < stepIndex) k = i;
  return k;
}

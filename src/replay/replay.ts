/**
 * The generic boot pipeline: an architecture's implicit boot steps, then each
 * setup_arch() call in order, over one model state. Pure: scenario in, trace
 * out. The architecture supplies the model (src/arch/types.ts); this driver
 * only orders the steps and collects the events.
 */
import type { ArchPlugin } from '../arch/types.js';
import type { Scenario } from '../scenario/types.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { limitedEmit } from './event-limit.js';
import type { StepRef, Trace, TraceEvent } from './trace.js';

/** The StepRef of a setup_arch() step. */
export function stepRef(scenario: Scenario, i: number): StepRef {
  const s = scenario.steps[i];
  if (s === undefined) throw new RangeError(`step ${i} out of range`);
  return { index: s.index, name: s.call, pos: s.pos, implicit: false };
}

/**
 * Replays a scenario with the plug-in that resolved it.
 *
 * @throws EventLimitError when the replay makes more than `maxEvents` model events (max-events)
 */
export function replayWith<S extends Scenario, T extends Trace, St, E extends TraceEvent>(plugin: ArchPlugin<S, T, St, E>, scenario: S, maxEvents = DEFAULT_LIMITS.maxEvents): T {
  const events: E[] = [];
  const emit = limitedEmit(scenario, events, maxEvents);
  const { state, implicit, halt } = plugin.init(scenario, emit);
  const steps: StepRef[] = [...implicit];
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = stepRef(scenario, i);
    steps.push(step);
    // an unsupported scenario: its steps are listed (for positions) but not replayed
    if (halt === undefined) plugin.apply(state, step, emit);
  }
  const trace = plugin.finish(scenario, state, steps, events);
  return halt === undefined ? trace : { ...trace, halted: halt };
}

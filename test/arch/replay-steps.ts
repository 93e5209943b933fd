/**
 * Building a plug-in's model states by hand for the sameState tests
 * (test/arch/<arch>/model/same-state.test.ts): the state after some calls,
 * over a clone of another, with StepRefs numbered as a reordered order would.
 */
import type { Scenario } from '../../src/scenario/types.js';
import type { Emit, StepRef, TraceEvent } from '../../src/replay/trace.js';

/** The part of an ArchPlugin these helpers drive (init, clone, apply), for state type St and events E (ignored). */
export interface Replays<S, St, E extends TraceEvent> {
  init(scenario: S, emit: Emit<E>): { state: St };
  clone(state: St): St;
  apply(state: St, step: StepRef, emit: Emit<E>): void;
}

const ignore = (): void => undefined;

/**
 * For one scenario: ref(name, index) makes a new StepRef (a new object each
 * time, as a renumbered order's), after(calls, from?, first?) the state after
 * head and the calls (numbered from `first`), over a clone of `from` when given.
 */
export function replaySteps<S extends Scenario, St, E extends TraceEvent>(plugin: Replays<S, St, E>, scenario: S): {
  ref: (name: string, index: number) => StepRef;
  after: (calls: readonly string[], from?: St, first?: number) => St;
} {
  const ref = (name: string, index: number): StepRef => {
    const pos = scenario.steps[0]?.pos;
    if (pos === undefined) throw new Error(`${scenario.file} has no steps`);
    return { index, name, pos, implicit: false };
  };
  const after = (calls: readonly string[], from?: St, first = 1): St => {
    const state = from !== undefined ? plugin.clone(from) : plugin.init(scenario, ignore).state;
    calls.forEach((c, i) => plugin.apply(state, ref(c, first + i), ignore));
    return state;
  };
  return { ref, after };
}

/** sameStep for states of orders in which each call appears once: the same call is the same step. */
export const sameCall = (x: StepRef, y: StepRef): boolean => x.name === y.name && x.implicit === y.implicit;

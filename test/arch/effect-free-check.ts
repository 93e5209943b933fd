/**
 * Checks an ArchPlugin.hasEffect derivation against the replay (for the arm64
 * and riscv effect-free tests): on a shipped scenario, a call without an
 * effect, replayed at every place of the scenario's own order (after the
 * implicit steps and after each step), emits nothing and leaves the model
 * state as it was; a call with an effect emits something or changes the
 * state at one place at least.
 */
import { readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { ArchPlugin } from '../../src/arch/types.js';
import { stepRef } from '../../src/replay/replay.js';
import type { StepRef, Trace, TraceEvent } from '../../src/replay/trace.js';
import { positionOf, type Scenario } from '../../src/scenario/types.js';
import { machinesOf, ROOT } from '../compare/load.js';

/** The shipped scenario files of an architecture, sorted. */
export function shipped(arch: string): string[] {
  return readdirSync(`${ROOT}/scenarios/${arch}`).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${arch}/${f}`);
}

/** What one call does at one place: the events it emits and whether the state changed. */
interface Outcome {
  readonly events: readonly { readonly kind: string }[];
  readonly changed: boolean;
}

/** A call's outcome at every place of the scenario's order (the call as a step after the place). */
function outcomes<S extends Scenario, T extends Trace, St, E extends TraceEvent, D>(plugin: ArchPlugin<S, T, St, E, D>, scenario: S, call: string, same: (a: St, b: St) => boolean): Outcome[] {
  const { state } = plugin.init(scenario, () => undefined);
  const probe: StepRef = { index: scenario.steps.length + 1, name: call, pos: positionOf(scenario, 'setup_arch'), implicit: false };
  const out: Outcome[] = [];
  for (let i = 0; i <= scenario.steps.length; i++) {
    if (i > 0) plugin.apply(state, stepRef(scenario, i - 1), () => undefined);
    const copy = plugin.clone(state);
    const events: E[] = [];
    plugin.apply(copy, probe, (e) => { events.push(e); });
    out.push({ events, changed: !same(state, copy) });
  }
  return out;
}

export interface Verdicts {
  /** calls hasEffect says have none, in catalog order (the scenario's define: calls after) */
  readonly effectFree: readonly string[];
  /** problems found, one line each: empty when the derivation agrees with the replay */
  readonly problems: readonly string[];
}

/**
 * Every call the scenario's kernel has (and its define: calls), checked on
 * each machine of a shipped file.
 * @param owns the plug-in's scenario guard
 * @param normal the state with what a step always rewrites blanked: the setup_arch()
 *   step mm_init() follows (src/arch/setup-arch-exit.ts), and per-step scratch
 */
export async function check<S extends Scenario, T extends Trace, St, E extends TraceEvent, D>(
  plugin: ArchPlugin<S, T, St, E, D>, owns: (s: Scenario) => s is S, file: string, normal: (s: St) => unknown,
): Promise<Verdicts[]> {
  const same = (a: St, b: St): boolean => isDeepStrictEqual(normal(a), normal(b));
  const out: Verdicts[] = [];
  for (const m of await machinesOf(file)) {
    const scenario = m.scenario;
    if (!owns(scenario)) throw new TypeError(`${file}: not an ${plugin.id} scenario`);
    const calls = [...plugin.callNames.filter((c) => plugin.availability(c, scenario.kernel).ok), ...Object.keys(scenario.defined)];
    const effectFree: string[] = [];
    const problems: string[] = [];
    for (const call of calls) {
      const effect = plugin.hasEffect?.(call, scenario) ?? true;
      const seen = outcomes(plugin, scenario, call, same);
      const acts = seen.findIndex((o) => o.events.length > 0 || o.changed);
      if (!effect) {
        effectFree.push(call);
        const o = seen[acts];
        if (o !== undefined) problems.push(`${call}: declared effect-free, but after step ${acts} it ${o.changed ? 'changes the state' : `emits ${o.events.map((e) => e.kind).join(', ')}`}`);
      } else if (acts < 0) problems.push(`${call}: declared with an effect, but nowhere in the order does it change the state or emit an event`);
    }
    out.push({ effectFree, problems });
  }
  return out;
}

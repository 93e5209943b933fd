/**
 * Which setup_arch() calls can change anything on a given scenario: the
 * ArchPlugin.hasEffect hook, for `constraints` (calls without effects are
 * left out of the ordering contract) and `bisect`.
 *
 * A call has an effect when one of its catalog effects is switched on for
 * this machine (its `when` holds) and it is not a prerequisite that cannot
 * matter here: `sets` always counts (a later call may need the value), a
 * `needs` only when its input can change the outcome on this machine (the
 * same relevance that makes a missing one an error rather than a harmless
 * warning). Catalog calls documented as "none" never have an effect; a call
 * of `define:` has the effects it declares.
 */
import { effectsOf } from './catalog.js';
import { isCallName } from './catalog-names.js';
import { contextFor, holds, relevance, type ReplayContext } from './replay/context.js';
import type { X86Scenario } from './types.js';
import { callEffects } from './replay/call-effects.js';

const contexts = new WeakMap<X86Scenario, ReplayContext>();

function contextOf(s: X86Scenario): ReplayContext {
  let ctx = contexts.get(s);
  if (ctx === undefined) {
    ctx = contextFor(s);
    contexts.set(s, ctx);
  }
  return ctx;
}

export function hasEffectX86(call: string, scenario: X86Scenario): boolean {
  // a call the scenario defines (define:) has the effects it declares, like the replay
  const effects = scenario.defined[call]?.compiled ?? (isCallName(call) ? effectsOf(call, scenario.kernel) : undefined);
  if (effects === undefined) return false;
  const ctx = contextOf(scenario);
  return effects.some((e) => {
    if ('when' in e && e.when !== undefined && !holds(ctx, e.when)) return false;
    if (e.op !== 'needs') return true;
    // a machine-specific need (a DMI quirk the model cannot judge) is still a hazard: the call's place matters
    const r = relevance(ctx, e.relevance);
    return r.matters || !r.harmless;
  });
}

/**
 * ArchPlugin.inert: the call's effects on this scenario (callEffects, as
 * applyX86 runs them) are all switched off by a `when` that does not hold.
 * `when` reads only the machine and config (holds()), never the model state,
 * so such a call is a no-op at any place in any order.
 */
export function inertX86(call: string, scenario: X86Scenario): boolean {
  const ctx = contextOf(scenario);
  return callEffects(scenario, call).every((e) => 'when' in e && e.when !== undefined && !holds(ctx, e.when));
}

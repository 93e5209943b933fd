/**
 * Which setup_arch() calls can change anything on a given scenario: the
 * ArchPlugin.hasEffect hook, for `constraints` (calls without effects are
 * left out of the ordering contract) and `bisect`.
 *
 * A call has an effect when one of its catalog effects is switched on for
 * this machine (its `when` holds): `sets` (a later call may need the value),
 * and a `needs` even where its input cannot change the outcome here: run
 * before its input, the call is still reported (a harmless missing-prerequisite
 * warning) and the fix search refuses such an order, so its place is part of
 * the ordering contract (`constraints` draws the latent edge). Catalog calls
 * documented as "none" never have an effect; a call of `define:` has the
 * effects it declares. An early_ioremap() user (EFI, setup_data) counts on a
 * machine where it maps nothing: it still needs bm_pte there (a harmless
 * need). ArchPlugin.inert (below) is the stronger notion the
 * many-replay engine renumbers by; a `needs` without `when` is never inert.
 */
import { effectsOf } from './catalog.js';
import { isCallName } from './catalog-names.js';
import { contextFor, holds, type ReplayContext } from './replay/context.js';
import type { X86Scenario } from './types.js';
import { callEffects } from './replay/call-effects.js';
import { mapsThroughBmPte } from './replay/interpreter.js';
import type { Effect } from './effects.js';

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
  return effects.some((e) => !switchedOff(ctx, e));
}

/**
 * An effect that does nothing on this machine: its `when` does not hold, and
 * it is not an early_ioremap() user, which still reads bm_pte where it maps
 * nothing (interpreter.ts mapsThroughBmPte: the harmless need keeps
 * early_ioremap_init before it).
 */
function switchedOff(ctx: ReplayContext, e: Effect): boolean {
  // off before parse_early_param() and after it (noefi, acpi=off change a condition there): off wherever the call is
  return 'when' in e && e.when !== undefined && !holds(ctx, e.when, false) && !holds(ctx, e.when, true) && !mapsThroughBmPte(ctx, e);
}

/**
 * ArchPlugin.inert: the call's effects on this scenario (callEffects, as
 * applyX86 runs them) are all switched off by a `when` that does not hold.
 * `when` reads only the machine and config (holds()) and whether parse_early_param() has run; off on both
 * sides of it, such a call is a no-op at any place in any order.
 */
export function inertX86(call: string, scenario: X86Scenario): boolean {
  const ctx = contextOf(scenario);
  return callEffects(scenario, call).every((e) => switchedOff(ctx, e));
}

/**
 * The effects a replay applies for one setup_arch() call, looked up once per
 * kernel version and call name: effectsOf() walks the call's variants and
 * asks history.has() of each, which a replay would otherwise repeat for every
 * step of every order (the many-replay engine runs thousands).
 */
import { effectsOf } from '../catalog.js';
import type { CallName } from '../catalog-names.js';
import { isPagetableEffect, type Effect } from '../effects.js';
import type { X86Scenario } from '../types.js';

/** KernelVersion.key → call name → effects; bounded by the modeled versions times the catalog */
const byKernel = new Map<number, Map<string, readonly Effect[]>>();

/**
 * The effects of `name` in this scenario: its `define:` entry when it has
 * one, else the catalog's under scenario.kernel. The loader lets only
 * catalog names and defined calls through.
 */
export function callEffects(scenario: X86Scenario, name: string): readonly Effect[] {
  const defined = scenario.defined[name]?.compiled;
  if (defined !== undefined) return defined;
  let calls = byKernel.get(scenario.kernel.key);
  if (calls === undefined) byKernel.set(scenario.kernel.key, (calls = new Map()));
  let effects = calls.get(name);
  if (effects === undefined) calls.set(name, (effects = effectsOf(name as CallName, scenario.kernel)));
  return effects;
}

/** A call's effects, with whether each is a page-table effect (isPagetableEffect), for the replay of its steps. */
export interface CallPlan {
  readonly effects: readonly Effect[];
  readonly pagetable: readonly boolean[];
}

/** scenario → call name → plan; the last scenario asked for apart (a replay asks for one scenario, step after step) */
const plans = new WeakMap<X86Scenario, Map<string, CallPlan>>();
let lastPlans: { readonly scenario: X86Scenario; readonly byName: Map<string, CallPlan> } | undefined;

/**
 * callEffects() with each effect's kind decided, kept per scenario: a replay
 * applies thousands of steps of one scenario (the many-replay engine), and
 * looking up the call's `define:` entry, its kernel's effects and each
 * effect's op in a set for every step cost more than some of the effects.
 */
export function callPlan(scenario: X86Scenario, name: string): CallPlan {
  if (lastPlans === undefined || lastPlans.scenario !== scenario) {
    let byName = plans.get(scenario);
    if (byName === undefined) plans.set(scenario, (byName = new Map()));
    lastPlans = { scenario, byName };
  }
  let plan = lastPlans.byName.get(name);
  if (plan === undefined) {
    const effects = callEffects(scenario, name);
    plan = { effects, pagetable: effects.map(isPagetableEffect) };
    lastPlans.byName.set(name, plan);
  }
  return plan;
}

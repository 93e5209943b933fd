/**
 * The effects a replay applies for one setup_arch() call, looked up once per
 * kernel version and call name: effectsOf() walks the call's variants and
 * asks history.has() of each, which a replay would otherwise repeat for every
 * step of every order (the many-replay engine runs thousands).
 */
import { effectsOf } from '../catalog.js';
import type { CallName } from '../catalog-names.js';
import type { Effect } from '../effects.js';
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

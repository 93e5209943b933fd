/**
 * How a refusal of `suggest`, `constraints` or `bisect` over the budget (judge.ts
 * checkBudget, checkCommandBudget, KeptFindings) names the machines it was given: without the file, a
 * user who named several files (or a directory's worth) could not tell which
 * order makes so many findings.
 */
import { displayName, oneFileOf, type Scenario } from '../scenario/types.js';

/**
 * "v.yaml[memory=1GiB] (setup_arch at v.yaml:3:1)" for one machine (the
 * place its order is written, in a base when it inherits it), "8 machines of
 * v.yaml" for the variants of one file, "3 machines of 2 files (a.yaml, b.yaml)"
 * else (at most 3 files named, then "…").
 */
export function machinesText(scenarios: readonly Pick<Scenario, 'file' | 'variant' | 'positions'>[]): string {
  const [only] = scenarios;
  if (only !== undefined && scenarios.length === 1) {
    const at = only.positions['setup_arch'];
    return at === undefined ? displayName(only) : `${displayName(only)} (setup_arch at ${at.file ?? only.file}:${at.line}:${at.col})`;
  }
  return `${scenarios.length} machines of ${filesText(scenarios)}`;
}

/** "v.yaml" when every scenario comes from it, else "2 files (a.yaml, b.yaml)" (at most 3 named, then "…"). */
export function filesText(scenarios: readonly Pick<Scenario, 'file'>[]): string {
  const one = oneFileOf(scenarios);
  if (one !== undefined) return one;
  const files = [...new Set(scenarios.map((s) => s.file))];
  return `${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`;
}

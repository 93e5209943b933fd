/**
 * `expect:` and `allow:` entries name a step as findings do: a setup_arch()
 * call (NAME#N for its Nth occurrence) or one of the architecture's implicit
 * boot steps (x86_32: head_32, xen_start_kernel). An entry whose step is in
 * neither can never match and is an input problem, with a did-you-mean.
 * The implicit steps are the plug-in's: its `init` is run once to list them
 * (no rules, no formatting), so this stays architecture-neutral.
 */
import type { ArchPlugin } from '../arch/types.js';
import { callRefText } from './order-edit.js';
import { didYouMean } from './suggest.js';
import type { Expectation, Scenario } from './types.js';
import type { InputProblem } from './problems.js';

export function checkEntries(scenario: Scenario, plugin: ArchPlugin): InputProblem[] {
  const entries: [string, Expectation][] = [
    ...(scenario.expect ?? []).map((e): [string, Expectation] => ['expect', e]),
    ...(scenario.allow ?? []).map((a): [string, Expectation] => ['allow', a]),
  ];
  if (entries.length === 0) return [];
  const implicit = plugin.init(scenario, () => undefined).implicit.map((s) => s.name);
  const counts = new Map<string, number>();
  for (const s of scenario.steps) counts.set(s.call, (counts.get(s.call) ?? 0) + 1);
  const problems: InputProblem[] = [];
  for (const [key, e] of entries) {
    const n = counts.get(e.step.name) ?? 0;
    if (e.step.occurrence <= n || (n === 0 && e.step.occurrence === 1 && implicit.includes(e.step.name))) continue;
    const message = n > 0
      ? `${key}: step ${callRefText(e.step)}: ${e.step.name} occurs ${n === 1 ? 'once' : `${n} times`} in setup_arch`
      : `${key}: step ${e.step.name} is not in setup_arch${implicit.length > 0 ? ` nor an implicit step (${implicit.join(', ')})` : ''}${didYouMean(e.step.name, [...counts.keys(), ...implicit])}`;
    problems.push({ file: scenario.file, line: e.pos.line, col: e.pos.col, message });
  }
  return problems;
}

/**
 * The scenarios a compare command works on: each file, times each variant of
 * the `--set` axes (src/scenario/overrides.ts). Every problem of every file
 * and variant is collected, so the command can report them all and exit 2.
 */
import type { ArchPlugin } from '../arch/types.js';
import { loadScenarioFile } from '../scenario/files.js';
import { parseSets, variantsOf } from '../scenario/overrides.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';

export interface Machine {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

export type Machines = { ok: true; machines: Machine[] } | { ok: false; usage?: string; problems: InputProblem[] };

export async function loadMachines(files: readonly string[], sets: readonly string[]): Promise<Machines> {
  const parsed = parseSets(sets);
  if (!parsed.ok) return { ok: false, usage: parsed.message, problems: [] };
  const variants = variantsOf(parsed.axes);
  const machines: Machine[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    for (const v of variants) {
      const loaded = await loadScenarioFile(file, { overrides: v.overrides, variant: v.name });
      if (loaded.ok) machines.push({ plugin: loaded.plugin, scenario: loaded.scenario });
      else problems.push(...loaded.problems.map((p) => (v.name === undefined ? p : { ...p, message: `with --set ${v.name}: ${p.message}` })));
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, machines };
}

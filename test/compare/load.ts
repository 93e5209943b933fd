/** Loading scenario files for the compare tests (the real loader, paths relative to the project root). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArchPlugin } from '../../src/arch/types.js';
import { loadMachines } from '../../src/cli/machines.js';
import { parseScenario } from '../../src/scenario/loader.js';
import type { Scenario } from '../../src/scenario/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function load(file: string, edit: (text: string) => string = (t) => t): { plugin: ArchPlugin; scenario: Scenario } {
  const loaded = parseScenario(edit(readFileSync(`${ROOT}/${file}`, 'utf8')), file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return { plugin: loaded.plugin, scenario: loaded.scenario };
}

/**
 * The same scenario with its setup_arch steps in another order (renumbered), as the loader would give it;
 * a call the scenario does not name (an inserted one) is a new step at the position of the first.
 */
export function reordered(scenario: Scenario, order: readonly string[]): Scenario {
  const left = [...scenario.steps];
  const first = scenario.steps[0];
  const steps = order.map((call, i) => {
    const at = left.findIndex((s) => s.call === call);
    const [s] = at >= 0 ? left.splice(at, 1) : [];
    if (s === undefined) {
      if (first === undefined) throw new Error(`${scenario.file} has no steps`);
      return { call, note: undefined, index: i + 1, pos: first.pos };
    }
    return { ...s, index: i + 1 };
  });
  return { ...scenario, steps };
}

/** The machines a compare command would get for a file and --set arguments (the real CLI loading, files read from the project root). */
export async function machinesOf(file: string, sets: readonly string[] = []): Promise<{ plugin: ArchPlugin; scenario: Scenario }[]> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const r = await loadMachines([file], sets);
    if (!r.ok) throw new Error(`${file} ${sets.join(' ')}: ${r.usage ?? r.problems.map((p) => p.message).join('; ')}`);
    return r.machines;
  } finally {
    process.chdir(cwd);
  }
}

/** The .yaml files under a directory of the project, all levels, sorted (paths from the project root). */
export function yamlUnder(dir: string): string[] {
  return readdirSync(`${ROOT}/${dir}`, { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return yamlUnder(p);
    return e.name.endsWith('.yaml') ? [p] : [];
  }).sort();
}

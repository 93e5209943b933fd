/**
 * The scenarios a compare command works on: each file's variants (its own
 * `matrix:`, or one), or, with `--set`, the variants of a scenario that
 * extends the file with the overrides and axes (src/scenario/overrides.ts).
 * Every problem of every file and variant is collected, so the command can
 * report them all and exit 2.
 */
import { posix } from 'node:path';
import type { ArchPlugin } from '../arch/types.js';
import { composeScenario, type ComposeResult } from '../scenario/compose/compose.js';
import { fsReader, loadVariantsFile } from '../scenario/files.js';
import { overlayText, overrideName, parseSets } from '../scenario/overrides.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';

export interface Machine {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

export type Machines = { ok: true; machines: Machine[] } | { ok: false; usage?: string; problems: InputProblem[] };

/** The name the --set overlay is composed under: beside the file, so its `extends` is the file's base name. */
const OVERLAY = '(--set)';

export async function loadMachines(files: readonly string[], sets: readonly string[]): Promise<Machines> {
  const parsed = parseSets(sets);
  if (!parsed.ok) return { ok: false, usage: parsed.message, problems: [] };
  const { axes } = parsed;
  const machines: Machine[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    let result: ComposeResult;
    let overlay: string | undefined;
    if (axes.length === 0) result = await loadVariantsFile(file);
    else {
      overlay = posix.join(posix.dirname(file), OVERLAY);
      result = composeScenario(overlayText(posix.basename(file), axes), overlay, fsReader);
    }
    // problems of the overlay are problems of the --set arguments
    const own = (p: InputProblem): InputProblem => (p.file === overlay ? { file: `${file} --set ${sets.join(' --set ')}`, message: p.message } : p);
    if (!result.ok) {
      for (const p of result.problems) problems.push(own(p));
      continue;
    }
    const prefix = overrideName(axes);
    for (const v of result.variants) {
      if (!v.ok) {
        for (const p of v.problems) problems.push(own(p));
        continue;
      }
      const s = v.scenario;
      const variant = [prefix, s.variant].filter((x) => x !== undefined).join(',');
      machines.push({ plugin: result.plugin, scenario: overlay === undefined ? s : { ...s, file, ...(variant !== '' ? { variant } : {}) } });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, machines };
}

/**
 * `bootreplay layout FILE [--ptdump]`: load → replay → the final layout, as
 * the region map or as the architecture's page-table dump.
 */
import { loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export async function layoutCommand(file: string, view: 'map' | 'ptdump'): Promise<number> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    for (const p of sortProblems(loaded.problems)) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  const { plugin, scenario } = loaded;
  const trace = replayWith(plugin, scenario);
  const out = view === 'ptdump' ? plugin.ptdump?.(trace) : plugin.layoutText(trace);
  if (out === undefined) {
    process.stderr.write(`bootreplay: ${plugin.id} does not model page tables; try without --ptdump\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(`${[out.head, ...out.rows].join('\n')}\n`);
  return EXIT_OK;
}

/**
 * `bootreplay layout FILE [--ptdump]`: load → replay → the final layout, as
 * the region map or as the architecture's page-table dump.
 */
import { loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { escapeText } from '../escape.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function layoutCommand(file: string, view: 'map' | 'ptdump'): Promise<number> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    writeErr(sortProblems(loaded.problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  const { plugin, scenario } = loaded;
  const trace = replayWith(plugin, scenario);
  const out = view === 'ptdump' ? plugin.ptdump?.(trace) : plugin.layoutText(trace);
  if (out === undefined) {
    writeErr(`bootreplay: ${plugin.id} does not model page tables; try without --ptdump\n`);
    return EXIT_USAGE;
  }
  // the head names the file (user text)
  writeOut(`${[out.head, ...out.rows].map(escapeText).join('\n')}\n`);
  return EXIT_OK;
}

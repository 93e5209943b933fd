/**
 * `bootreplay trace FILE`: load → replay → the event trace as text.
 */
import { loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { formatTrace } from '../report/trace-text.js';
import { colorLevel, styleFor } from './color.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export async function traceCommand(file: string, all: boolean): Promise<number> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    for (const p of sortProblems(loaded.problems)) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  const style = styleFor(colorLevel(process.env, process.stdout.isTTY === true));
  process.stdout.write(formatTrace(loaded.plugin, replayWith(loaded.plugin, loaded.scenario), style, all));
  return EXIT_OK;
}

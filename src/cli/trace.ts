/**
 * `bootreplay trace FILE`: load → replay → the event trace as text.
 */
import { loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { formatTrace } from '../report/trace-text.js';
import { styleForStdout } from './color.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function traceCommand(file: string, all: boolean): Promise<number> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    writeErr(sortProblems(loaded.problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  writeOut(formatTrace(loaded.plugin, replayWith(loaded.plugin, loaded.scenario), await styleForStdout(process.env), all));
  return EXIT_OK;
}

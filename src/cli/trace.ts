/**
 * `bootreplay trace FILE`: load → replay → the event trace as text. A matrix
 * file traces each variant (`--variant PATTERN` or `file.yaml[key=value]`
 * picks some).
 */
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { formatTrace } from '../report/trace-text.js';
import { styleForStdout } from './color.js';
import { loadArgs } from './load.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function traceCommand(file: string, all: boolean, variant?: string): Promise<number> {
  const loaded = await loadArgs([file], variant);
  if (loaded.problems.length > 0) {
    writeErr(sortProblems(loaded.problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  const style = await styleForStdout(process.env);
  const texts: string[] = [];
  for (const e of loaded.files.flatMap((f) => f.entries)) {
    if (e.ok) texts.push(formatTrace(e.plugin, replayWith(e.plugin, e.scenario), style, all));
  }
  writeOut(texts.join('\n'));
  return EXIT_OK;
}

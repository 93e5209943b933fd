/**
 * `bootreplay trace FILE`: load → replay → the event trace as text. A matrix
 * file traces each variant (`--variant PATTERN` or `file.yaml[key=value]`
 * picks some).
 */
import { formatProblem, sortProblems } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { formatTrace } from '../report/trace-text.js';
import { colorLevel, styleFor } from './color.js';
import { loadArgs } from './load.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export async function traceCommand(file: string, all: boolean, variant?: string): Promise<number> {
  const loaded = await loadArgs([file], variant);
  if (loaded.problems.length > 0) {
    for (const p of sortProblems(loaded.problems)) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  const style = styleFor(colorLevel(process.env, process.stdout.isTTY === true));
  const texts: string[] = [];
  for (const e of loaded.files.flatMap((f) => f.entries)) {
    if (e.ok) texts.push(formatTrace(e.plugin, replayWith(e.plugin, e.scenario), style, all));
  }
  process.stdout.write(texts.join('\n'));
  return EXIT_OK;
}

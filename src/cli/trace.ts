/**
 * `bootreplay trace FILE`: load → replay → the event trace as text. A matrix
 * file traces each variant (`--variant PATTERN` or `file.yaml[key=value]`
 * picks some).
 */
import { replayWith } from '../replay/replay.js';
import { formatTrace } from '../report/trace-text.js';
import { styleForStdout } from './color.js';
import { loadArgs, loadErrorText } from './load.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function traceCommand(file: string, all: boolean, variant?: string): Promise<number> {
  const loaded = await loadArgs([file], variant);
  const errors = loadErrorText(loaded);
  if (errors !== '') {
    writeErr(errors);
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

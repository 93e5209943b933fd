/**
 * `bootreplay trace FILE`: load → replay → the event trace as text. A matrix
 * file traces each variant (`--variant PATTERN` or `file.yaml[key=value]`
 * picks some). A replay that halts before setup_arch() (a configuration no
 * kernel of that version builds) has no step to trace: the command prints
 * the findings that say why and exits 2, as `layout` does; so does a
 * variant whose replay is over max-events (its problem on stderr, the
 * other variants traced).
 */
import { firstHalt } from '../report/halt-point.js';
import { formatTrace } from '../report/trace-text.js';
import { check } from '../rules/index.js';
import { formatProblem } from '../scenario/problems.js';
import { displayName } from '../scenario/types.js';
import { styleForStdout } from './color.js';
import { haltedText } from './halted.js';
import { replayShown } from './replay-shown.js';
import { loadSingleFile } from './single-file.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function traceCommand(file: string, all: boolean, variant?: string): Promise<number> {
  const single = await loadSingleFile(file, variant, 'trace shows one scenario\'s replay (each variant of a matrix file)', true);
  if (single === undefined) return EXIT_USAGE;
  const { loaded } = single;
  const style = await styleForStdout(process.env);
  const texts: string[] = [];
  // the invalid variants' problems are on stderr (loadSingleFile): exit 2 after the valid ones
  let code = single.someInvalid ? EXIT_USAGE : EXIT_OK;
  for (const f of loaded.files) {
    for (const e of f.entries) {
      if (!e.ok) continue;
      // a variant over max-events is refused alone, as one the loader rejects: the others are still traced
      const replayed = replayShown(e.plugin, e.scenario);
      if ('problem' in replayed) {
        writeErr(`${formatProblem(replayed.problem)}\n`);
        code = EXIT_USAGE;
        continue;
      }
      const { trace } = replayed;
      // a replay that halted before setup_arch() ran no step: say why (as `layout` does), not an empty trace
      const halted = haltedText(e.plugin, trace, f.file, displayName(e.scenario), 'trace');
      if (halted !== undefined) {
        writeErr(halted);
        code = EXIT_USAGE;
        continue;
      }
      // where a finding halts the kernel: the trace marks it (the replay goes on past it)
      const halt = firstHalt(check(trace, e.plugin));
      texts.push(formatTrace(e.plugin, trace, style, all, halt !== undefined ? { rule: halt.finding.rule, at: halt.at } : undefined));
    }
  }
  writeOut(texts.join('\n'));
  return code;
}

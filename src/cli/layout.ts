/**
 * `bootreplay layout FILE [--ptdump]`: load → replay → the final layout, as
 * the region map or as the architecture's page-table dump. A matrix file
 * prints each variant (`--variant PATTERN` or `file.yaml[key=value]` picks
 * some). A replay that halts (a configuration no kernel of that version
 * builds) has no layout: the command says why and exits 2, as for other
 * input it cannot show. When a finding halts the kernel in setup_arch()
 * (Verdict.halts), the layout is the state at that step, and its head says so.
 */
import { escapeText } from '../escape.js';
import { layoutHead } from '../report/location.js';
import { haltView } from '../report/halt-point.js';
import { check } from '../rules/index.js';
import { formatProblem } from '../scenario/problems.js';
import { haltedText } from './halted.js';
import { replayShown } from './replay-shown.js';
import { loadSingleFile } from './single-file.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function layoutCommand(file: string, view: 'map' | 'ptdump', variant?: string): Promise<number> {
  const single = await loadSingleFile(file, variant, 'layout prints one scenario\'s layout (each variant of a matrix file)', true);
  if (single === undefined) return EXIT_USAGE;
  const { loaded } = single;
  const texts: string[] = [];
  // the invalid variants' problems are on stderr (loadSingleFile): exit 2 after the valid ones
  let code = single.someInvalid ? EXIT_USAGE : EXIT_OK;
  for (const f of loaded.files) {
    for (const e of f.entries) {
      if (!e.ok) continue;
      const { plugin, scenario } = e;
      const name = scenario.variant !== undefined ? `${f.file}[${scenario.variant}]` : f.file;
      // a variant over max-events is refused alone, as one the loader rejects: the others are still shown
      const replayed = replayShown(plugin, scenario);
      if ('problem' in replayed) {
        writeErr(`${formatProblem(replayed.problem)}\n`);
        code = EXIT_USAGE;
        continue;
      }
      const { trace } = replayed;
      const halted = haltedText(plugin, trace, f.file, name, view);
      if (halted !== undefined) {
        writeErr(halted);
        code = EXIT_USAGE;
        continue;
      }
      // a finding that halts the kernel: the state when it halts, not after boot (halt-point.ts)
      const halt = haltView(plugin, trace, check(trace, plugin));
      const shown = halt?.trace ?? trace;
      const out = view === 'ptdump' ? plugin.ptdump?.(shown, halt?.when) : plugin.layoutText(shown, halt?.when);
      if (out === undefined) {
        writeErr(`bootreplay: ${plugin.id} does not model page tables; try without --ptdump\n`);
        return EXIT_USAGE;
      }
      // a variant's output starts with its name, not only the file's; the head names the file (user text)
      const head = layoutHead(out.head, f.file, name);
      texts.push(`${[head, ...out.rows].map(escapeText).join('\n')}\n`);
    }
  }
  writeOut(texts.join('\n'));
  return code;
}

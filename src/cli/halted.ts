/**
 * What a command that shows a replay's result (`layout`, `trace`) says for a
 * replay that halted before setup_arch() (a configuration no kernel of that
 * version builds, or a finding that halts the kernel there): the findings of the rules that check halted replays, with
 * file:line:col and the fix, then the one sentence of noLayoutText(). Both
 * commands then exit 2, as for other input they cannot show, so neither
 * prints a header or an empty result and exits 0 as if the boot had run.
 */
import type { ArchPlugin } from '../arch/types.js';
import { escapeText, linePath } from '../escape.js';
import { noLayoutReason, type Trace } from '../replay/trace.js';
import { firstHalt, haltView } from '../report/halt-point.js';
import { noLayoutText, type NoLayoutView } from '../report/no-layout.js';
import { check } from '../rules/index.js';

/**
 * The stderr text for a halted replay, or undefined when the replay reached setup_arch().
 *
 * @param file the file as the user named it (a finding in a base file names that file)
 * @param name the file, or file[variant] (user text: escaped here)
 * @param view what the command prints: the region map, the page-table dump, or the event trace
 * @returns lines ending in "\n", each escaped for the terminal
 */
export function haltedText(plugin: ArchPlugin, trace: Trace, file: string, name: string, view: NoLayoutView): string | undefined {
  const unsupported = noLayoutReason(trace);
  // a finding that halts the kernel before setup_arch() leaves no layout either; the trace still shows the replay
  if (unsupported === undefined && view === 'trace') return undefined;
  const all = check(trace, plugin);
  const early = unsupported === undefined ? haltView(plugin, trace, all)?.noLayout : undefined;
  const reason = unsupported ?? early;
  if (reason === undefined) return undefined;
  // the rules that check halted replays (or the halting finding) say where in the file and what to change
  const first = firstHalt(all)?.finding;
  const shown = unsupported !== undefined ? all : first !== undefined ? [first] : [];
  // "in FILE[VARIANT]" as `run` says it, where the line names a base file or the replay is one variant of a matrix:
  // two variants' lines were otherwise the same line (break-280 N2)
  const findings = shown.map((x) => {
    const at = linePath(x.pos.file ?? file);
    const of = at === name ? '' : ` in ${name}`;
    return `${escapeText(`${at}:${x.pos.line}:${x.pos.col}: ${x.severity} ${x.rule}: ${x.message}${of}; fix: ${x.fix}`)}\n`;
  });
  return `${findings.join('')}${escapeText(`bootreplay: ${noLayoutText(name, reason, view)}`)}\n`;
}

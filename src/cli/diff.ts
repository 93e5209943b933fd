/**
 * `bootreplay diff A B`: two scenarios (files, variants `file.yaml[key=value]`,
 * or `REV:path` read through git) replayed and compared. Exit codes like
 * abidiff's: 0 when B has no error finding A lacks, 1 when it has (or what
 * --fail-on asks for), 2 on bad input.
 */
import { diffScenarios, type FailOn, type GatedSide, type Side } from '../compare/diff.js';
import { gateResult } from '../gate/gate.js';
import { totals } from '../gate/types.js';
import { resultOf } from '../report/result.js';
import { noLayoutReason } from '../replay/trace.js';
import { haltView, markAfterHalt } from '../report/halt-point.js';
import { formatDiffJson, formatDiffProblemsJson } from '../report/diff-json.js';
import { formatDiffText } from '../report/diff-text.js';
import { check } from '../rules/index.js';
import type { InputProblem } from '../scenario/problems.js';
import { loadErrorText } from './load.js';
import { escapeText } from '../escape.js';
import { errorMessage } from '../errno.js';
import { PLAIN } from '../report/text.js';
import { styleForStdout } from './color.js';
import { inputIds, OutputError, planOutput, stdoutInputRefusal, writeReport } from './output.js';
import { loadOneScenario } from './one-scenario.js';
import { replayShown } from './replay-shown.js';
import { writeProblemsJson } from './problems-json.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export interface DiffOptions {
  readonly format: 'text' | 'json';
  readonly failOn: FailOn;
  readonly verbose: boolean;
  /** -o: write the report there (atomically, never over a file the diff read) instead of stdout */
  readonly output?: string | undefined;
}

/**
 * One side: a file, a variant of one, or a file at a git revision (one-scenario.ts), replayed and checked.
 * A side whose replay meets max-events is a side that does not load: its problem (replayShown) is reported
 * as the loader's are, with -f json's report (break-232 F3: the error went past the command, which wrote none).
 */
async function loadSide(arg: string, onRead: (name: string) => void): Promise<{ side: Side } | { problems: InputProblem[] }> {
  const r = await loadOneScenario(arg, 'diff', onRead);
  if ('problems' in r) return r;
  const { plugin, scenario } = r.one;
  const replayed = replayShown(plugin, scenario);
  if ('problem' in replayed) return { problems: [replayed.problem] };
  const { trace } = replayed;
  // marked as `run` marks them: a finding after one that halts the kernel is never reached (halt-point.ts)
  const findings = markAfterHalt(check(trace, plugin));
  // the status run would give it: a scenario that lists its known bug under expect: passes
  // only its status and totals are used: no layout rendering
  const { result } = gateResult(resultOf(plugin, trace, findings, undefined, {}), { expect: scenario.expect ?? [], allow: scenario.allow ?? [] }, { noAllow: false });
  const gated: GatedSide = { status: result.status, totals: totals([result]) };
  // a boot that a finding halts is compared as it is at that step, as `layout` shows it
  const halted = noLayoutReason(trace) === undefined ? haltView(plugin, trace, findings) : undefined;
  return { side: { plugin, scenario, trace, findings, gated, halted } };
}

export async function diffCommand(a: string, b: string, options: DiffOptions): Promise<number> {
  // every file read (the sides and the bases they extend): -o may not replace one
  const read: string[] = [];
  const onRead = (name: string): void => { read.push(name); };
  const [sa, sb] = await Promise.all([loadSide(a, onRead), loadSide(b, onRead)]);
  if ('problems' in sa || 'problems' in sb) {
    const problems = [...('problems' in sa ? sa.problems : []), ...('problems' in sb ? sb.problems : [])];
    writeErr(loadErrorText({ problems }));
    // -f json: the report all the same, with nothing compared and the problems, as run writes its report (-o too);
    // text writes nothing, to stdout or -o: the problems are on stderr
    if (options.format === 'json') await writeProblemsJson(problems, formatDiffProblemsJson, read, { file: options.output, example: 'diff.json' });
    return EXIT_USAGE;
  }
  if (sa.side.plugin !== sb.side.plugin) {
    // Different architectures share no call, layout value or rule: an order diff would list every call as removed and added.
    // the arguments are user text (escaped); stderr through writeErr like every other message
    writeErr(`${escapeText(`bootreplay: diff compares two scenarios of one architecture, but ${a} is ${sa.side.plugin.id} and ${b} is ${sb.side.plugin.id}; `
      + 'their calls, layouts and rules have nothing in common. Diff each against a scenario of its own architecture (e.g. another kernel version or machine)')}\n`);
    return EXIT_USAGE;
  }
  const d = diffScenarios(sa.side, sb.side, options.failOn);
  const output = options.output;
  if (output !== undefined) {
    try {
      await writeReport(planOutput(output, inputIds(read)), options.format === 'json' ? formatDiffJson(d) : formatDiffText(d, PLAIN, options.verbose));
    } catch (err) {
      writeErr(`bootreplay: cannot write ${escapeText(output)}: ${escapeText(err instanceof OutputError ? err.message : errorMessage(err))}\n`);
      return EXIT_USAGE;
    }
  } else {
    // `diff a.yaml b.yaml >> a.yaml`: the report would be appended to a scenario it reads
    const refused = stdoutInputRefusal(read, { what: 'report', example: 'diff.txt' });
    if (refused !== undefined) {
      writeErr(refused);
      return EXIT_USAGE;
    }
    const style = await styleForStdout(process.env);
    writeOut(options.format === 'json' ? formatDiffJson(d) : formatDiffText(d, style, options.verbose));
  }
  return d.verdict.fails ? EXIT_FINDINGS : EXIT_OK;
}

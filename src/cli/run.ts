/**
 * `bootreplay run`: load → replay → rules → report. Loaded lazily by main.ts
 * so that --help never pays for zod and yaml.
 */
import { expandInputs, loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { check } from '../rules/index.js';
import { formatJson } from '../report/json.js';
import { resultOf, type ScenarioResult } from '../report/result.js';
import { formatText, PLAIN } from '../report/text.js';
import { escapeText } from '../escape.js';
import { styleForStdout } from './color.js';
import { inputIds, OutputError, planOutput, writeReport, type OutputPlan } from './output.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type RunOptions } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  const { files, problems: inputProblems } = await expandInputs([...paths]);
  // Refuse before any work: a report must never replace one of its inputs.
  let plan: OutputPlan | undefined;
  if (options.output !== undefined) {
    try {
      plan = planOutput(options.output, inputIds(files));
    } catch (err) {
      writeErr(cannotWrite(options.output, err));
      return EXIT_USAGE;
    }
  }
  const problems: InputProblem[] = [...inputProblems];
  const results: ScenarioResult[] = [];
  for (const file of files) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) {
      for (const p of loaded.problems) problems.push(p);
      continue;
    }
    const trace = replayWith(loaded.plugin, loaded.scenario);
    results.push(resultOf(loaded.plugin, trace, check(trace, loaded.plugin)));
  }
  const sorted = sortProblems(problems);
  writeErr(sorted.map((p) => `${formatProblem(p)}\n`).join(''));

  const toFile = options.output !== undefined;
  const text = options.format === 'json'
    ? formatJson(results, sorted)
    : formatText(results, toFile ? PLAIN : await styleForStdout(process.env), options);
  if (plan !== undefined && options.output !== undefined) {
    try {
      writeReport(plan, text);
    } catch (err) {
      writeErr(cannotWrite(options.output, err));
      return EXIT_USAGE;
    }
  } else if (options.format === 'json' || results.length > 0) writeOut(text);

  if (sorted.length > 0) return EXIT_USAGE;
  return results.some((r) => r.status === 'fail') ? EXIT_FINDINGS : EXIT_OK;
}

function cannotWrite(output: string, err: unknown): string {
  return `bootreplay: cannot write ${escapeText(output)}: ${escapeText(err instanceof OutputError ? err.message : String(err))}\n`;
}

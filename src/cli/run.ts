/**
 * `bootreplay run`: load → replay → rules → report. Loaded lazily by main.ts
 * so that --help never pays for zod and yaml.
 */
import { expandInputs, loadScenarioFile } from '../scenario/files.js';
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { replay } from '../replay/replay.js';
import { check } from '../rules/index.js';
import { formatJson } from '../report/json.js';
import { resultOf, type ScenarioResult } from '../report/result.js';
import { formatText } from '../report/text.js';
import { colorLevel, styleFor } from './color.js';
import { errnoCode, errorMessage } from '../errno.js';
import { writeAtomically } from './output.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type RunOptions } from './run-options.js';


export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  const { files, problems: inputProblems } = await expandInputs([...paths]);
  const problems: InputProblem[] = [...inputProblems];
  const results: ScenarioResult[] = [];
  for (const file of files) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) {
      for (const p of loaded.problems) problems.push(p);
      continue;
    }
    const trace = replay(loaded.scenario);
    results.push(resultOf(trace, check(trace)));
  }
  const sorted = sortProblems(problems);
  for (const p of sorted) process.stderr.write(`${formatProblem(p)}\n`);

  const toFile = options.output !== undefined;
  const text = options.format === 'json'
    ? formatJson(results, sorted)
    : formatText(results, styleFor(toFile ? 0 : colorLevel(process.env, process.stdout.isTTY === true)), options);
  if (options.output !== undefined) {
    try {
      await writeAtomically(options.output, text);
    } catch (err) {
      process.stderr.write(`bootreplay: cannot write ${options.output}: ${fsReason(err)}\n`);
      return EXIT_USAGE;
    }
  } else if (options.format === 'json' || results.length > 0) process.stdout.write(text);

  if (sorted.length > 0) return EXIT_USAGE;
  return results.some((r) => r.status === 'fail') ? EXIT_FINDINGS : EXIT_OK;
}

/** A file-system error in words, without the temporary file's name. */
function fsReason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT': return 'no such directory';
    case 'EISDIR': return 'is a directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a parent is not a directory';
    case 'ENOSPC': return 'no space left on device';
    default: return errorMessage(err);
  }
}

/**
 * `bootreplay run`: load → replay → rules → report. Loaded lazily by main.ts
 * so that --help never pays for zod and yaml.
 */
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { replayWith } from '../replay/replay.js';
import { check } from '../rules/index.js';
import { ReplayEngine } from '../compare/engine.js';
import { withVerifiedFixes } from '../compare/fix-hints.js';
import { formatJson } from '../report/json.js';
import { resultOf, type ScenarioResult } from '../report/result.js';
import { formatMatrixTables } from '../report/matrix-table.js';
import { formatText } from '../report/text.js';
import { loadArgs } from './load.js';
import { matrixRows } from './matrix-rows.js';
import { colorLevel, styleFor } from './color.js';
import { errnoCode, errorMessage } from '../errno.js';
import { writeAtomically } from './output.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type RunOptions } from './run-options.js';


export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  const loaded = await loadArgs(paths, options.variant);
  const problems: InputProblem[] = [...loaded.problems];
  const results: ScenarioResult[] = [];
  // fixes are replayed and verified, which costs replays: only when they are printed
  const printed = options.verbose || options.format === 'json';
  for (const entry of loaded.files.flatMap((f) => f.entries)) {
    if (!entry.ok) continue;
    const trace = replayWith(entry.plugin, entry.scenario);
    const findings = check(trace, entry.plugin);
    const fixed = printed && findings.length > 0 ? withVerifiedFixes(new ReplayEngine(entry.plugin, entry.scenario), findings) : findings;
    results.push(resultOf(entry.plugin, trace, fixed));
  }
  const sorted = sortProblems(problems);
  for (const p of sorted) process.stderr.write(`${formatProblem(p)}\n`);

  const toFile = options.output !== undefined;
  const style = styleFor(toFile ? 0 : colorLevel(process.env, process.stdout.isTTY === true));
  const text = options.format === 'json'
    ? formatJson(results, sorted)
    : formatText(results, style, options) + formatMatrixTables(matrixRows(loaded.files, results), style);
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

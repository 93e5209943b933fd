/**
 * `bootreplay bisect GOOD BAD [--finding RULE[:CALL…]]`: the smallest set of
 * edits from GOOD to BAD that makes BAD's finding appear (src/compare/bisect.ts).
 * Each side is named as for `diff` (one-scenario.ts): a file, a variant
 * `file.yaml[key=value,…]`, or `REV:path` read through git.
 */
import { bisect, BisectError, findingSpecProblem, NothingToBisect } from '../compare/bisect.js';
import { BudgetError } from '../compare/judge.js';
import { reasoningErrorText } from './reasoning-error.js';
import { formatBisectJson, formatBisectProblemsJson, formatBisectText, formatNothingToBisectJson } from '../report/bisect.js';
import { loadScenarioData } from '../compare/scenario-data.js';
import type { InputProblem } from '../scenario/problems.js';
import { loadErrorText } from './load.js';
import { styleForStdout } from './color.js';
import { escapeText } from '../escape.js';
import { loadOneScenario } from './one-scenario.js';
import { writeProblemsJson } from './problems-json.js';
import { orderLengthProblems, orderLengthText } from './order-length.js';
import { stdoutInputRefusal } from './output.js';
import { writeErr, writeOut } from './stdio.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export interface BisectOptions {
  readonly finding?: string;
  readonly format: 'text' | 'json';
}

export async function bisectCommand(good: string, bad: string, options: BisectOptions): Promise<number> {
  // a --finding of no form that names a finding is said before the sides are read, as suggest says a --call's
  const form = options.finding === undefined ? undefined : findingSpecProblem(options.finding);
  if (form !== undefined) {
    writeErr(`${escapeText(`bootreplay: ${form}`)}\n`);
    return EXIT_USAGE;
  }
  // every file read (the sides and the bases they extend): stdout may not be one
  const read: string[] = [];
  const onRead = (name: string): void => { read.push(name); };
  const [sg, sb] = await Promise.all([loadOneScenario(good, 'bisect', onRead), loadOneScenario(bad, 'bisect', onRead)]);
  if ('problems' in sg || 'problems' in sb) {
    const problems: InputProblem[] = [...('problems' in sg ? sg.problems : []), ...('problems' in sb ? sb.problems : [])];
    writeErr(loadErrorText({ problems }));
    // -f json: an answer all the same, with no finding and the problems, as run writes its report
    if (options.format === 'json') await writeProblemsJson(problems, (sorted) => formatBisectProblemsJson(good, bad, sorted), read);
    return EXIT_USAGE;
  }
  // `bisect good.yaml bad.yaml >> bad.yaml`: the answer would be appended to a scenario it reads
  const refused = stdoutInputRefusal(read);
  if (refused !== undefined) {
    writeErr(refused);
    return EXIT_USAGE;
  }
  const g = sg.one;
  const b = sb.one;
  const tooLong = orderLengthProblems([g.scenario, b.scenario], 'bisect');
  if (tooLong.length > 0) {
    writeErr(orderLengthText(tooLong));
    if (options.format === 'json') await writeProblemsJson(tooLong, (sorted) => formatBisectProblemsJson(good, bad, sorted), read);
    return EXIT_USAGE;
  }
  if (g.scenario.arch !== b.scenario.arch) {
    writeErr(`${escapeText(`bootreplay: ${good} is ${g.scenario.arch} and ${bad} is ${b.scenario.arch}: bisect compares scenarios of one architecture`)}\n`);
    return EXIT_USAGE;
  }
  let report;
  try {
    report = bisect(g, b, loadScenarioData, options.finding);
  } catch (err) {
    // nothing to bisect is an answer (exit 0, on stdout), not a usage error
    if (err instanceof NothingToBisect) {
      writeOut(options.format === 'json' ? formatNothingToBisectJson(good, bad, err.message) : `${escapeText(`bisect ${good} → ${bad}: ${err.message}`)}\n`);
      return EXIT_OK;
    }
    // a plan over the budget: refused as suggest and constraints refuse it
    if (err instanceof BudgetError) {
      writeErr(reasoningErrorText(err));
      return EXIT_USAGE;
    }
    if (!(err instanceof BisectError)) throw err;
    writeErr(`${escapeText(`bootreplay: ${err.message}`)}\n`);
    return EXIT_USAGE;
  }
  if (options.format === 'json') writeOut(formatBisectJson(good, bad, report));
  else {
    const style = await styleForStdout(process.env);
    writeOut(formatBisectText(good, bad, report, style));
  }
  return EXIT_OK;
}

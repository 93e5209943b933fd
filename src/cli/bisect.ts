/**
 * `bootreplay bisect GOOD BAD [--finding RULE[:CALL…]]`: the smallest set of
 * edits from GOOD to BAD that makes BAD's finding appear (src/compare/bisect.ts).
 */
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { bisect, BisectError, NothingToBisect, type Side } from '../compare/bisect.js';
import { formatBisectJson, formatBisectText } from '../report/bisect.js';
import { loadScenarioFile } from '../scenario/files.js';
import { isRecord } from '../scenario/is-record.js';
import { parseScenario } from '../scenario/loader.js';
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { colorLevel, styleFor } from './color.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export interface BisectOptions {
  readonly finding?: string;
  readonly format: 'text' | 'json';
}

async function side(file: string, problems: InputProblem[]): Promise<Side | undefined> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    problems.push(...loaded.problems);
    return undefined;
  }
  // the loader accepted the file, so it is one YAML mapping
  const data: unknown = parse(await readFile(file, 'utf8'));
  return isRecord(data) ? { data, plugin: loaded.plugin, scenario: loaded.scenario } : undefined;
}

export async function bisectCommand(good: string, bad: string, options: BisectOptions): Promise<number> {
  const problems: InputProblem[] = [];
  const g = await side(good, problems);
  const b = await side(bad, problems);
  if (g === undefined || b === undefined) {
    for (const p of sortProblems(problems)) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT_USAGE;
  }
  if (g.scenario.arch !== b.scenario.arch) {
    process.stderr.write(`bootreplay: ${good} is ${g.scenario.arch} and ${bad} is ${b.scenario.arch}: bisect compares scenarios of one architecture\n`);
    return EXIT_USAGE;
  }
  const load = (data: Readonly<Record<string, unknown>>, label: string) => {
    const r = parseScenario(stringify(data), label);
    return r.ok ? { plugin: r.plugin, scenario: r.scenario } : null;
  };
  let report;
  try {
    report = bisect(g, b, load, options.finding);
  } catch (err) {
    // nothing to bisect is an answer (exit 0, on stdout), not a usage error
    if (err instanceof NothingToBisect) {
      process.stdout.write(`bisect ${good} → ${bad}: ${err.message}\n`);
      return EXIT_OK;
    }
    if (!(err instanceof BisectError)) throw err;
    process.stderr.write(`bootreplay: ${err.message}\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(options.format === 'json'
    ? formatBisectJson(good, bad, report)
    : formatBisectText(good, bad, report, styleFor(colorLevel(process.env, process.stdout.isTTY === true))));
  return EXIT_OK;
}

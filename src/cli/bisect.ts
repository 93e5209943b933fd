/**
 * `bootreplay bisect GOOD BAD [--finding RULE[:CALL…]]`: the smallest set of
 * edits from GOOD to BAD that makes BAD's finding appear (src/compare/bisect.ts).
 */
import { parse, stringify } from 'yaml';
import { bisect, BisectError, type Side } from '../compare/bisect.js';
import { formatBisectJson, formatBisectText } from '../report/bisect.js';
import { loadScenarioFile, readRegularFile } from '../scenario/files.js';
import { isRecord } from '../scenario/is-record.js';
import { parseScenario } from '../scenario/loader.js';
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { styleForStdout } from './color.js';
import { escapeText } from '../escape.js';
import { PLAIN } from '../report/text.js';
import { writeErr, writeOut, writeReportText } from './stdio.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export interface BisectOptions {
  readonly finding?: string;
  readonly format: 'text' | 'json';
}

async function side(file: string, problems: InputProblem[]): Promise<Side | undefined> {
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    for (const p of loaded.problems) problems.push(p);
    return undefined;
  }
  // the loader accepted the file, so it is one YAML mapping
  const read = readRegularFile(file);
  const data: unknown = read.ok ? parse(read.bytes.toString('utf8')) : undefined;
  return isRecord(data) ? { data, plugin: loaded.plugin, scenario: loaded.scenario } : undefined;
}

export async function bisectCommand(good: string, bad: string, options: BisectOptions): Promise<number> {
  const problems: InputProblem[] = [];
  const g = await side(good, problems);
  const b = await side(bad, problems);
  if (g === undefined || b === undefined) {
    writeErr(sortProblems(problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  if (g.scenario.arch !== b.scenario.arch) {
    writeErr(`${escapeText(`bootreplay: ${good} is ${g.scenario.arch} and ${bad} is ${b.scenario.arch}: bisect compares scenarios of one architecture`)}\n`);
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
    if (!(err instanceof BisectError)) throw err;
    writeErr(`${escapeText(`bootreplay: ${err.message}`)}\n`);
    return EXIT_USAGE;
  }
  if (options.format === 'json') writeOut(formatBisectJson(good, bad, report));
  else {
    const style = await styleForStdout(process.env);
    writeReportText(formatBisectText(good, bad, report, style), style === PLAIN);
  }
  return EXIT_OK;
}

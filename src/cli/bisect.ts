/**
 * `bootreplay bisect GOOD BAD [--finding RULE[:CALL…]]`: the smallest set of
 * edits from GOOD to BAD that makes BAD's finding appear (src/compare/bisect.ts).
 */
import { parse, stringify } from 'yaml';
import { bisect, BisectError, NothingToBisect, type Side } from '../compare/bisect.js';
import { formatBisectJson, formatBisectText } from '../report/bisect.js';
import type { ArchPlugin } from '../arch/types.js';
import type { Scenario } from '../scenario/types.js';
import { readRegularFile } from '../scenario/files.js';
import { loadArgs } from './load.js';
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

/** Keys that shape a composition: a file with one of them is not its own scenario data. */
const COMPOSING = ['extends', 'matrix', 'patch'];

/**
 * The data of a composed scenario (extends, patch, a matrix variant), as a
 * plain file would write it: kernel, arch, every config/machine input as the
 * plug-in writes it (ArchPlugin.inputs), the order, and the file's own define:.
 */
function dataOf(plugin: ArchPlugin, scenario: Scenario, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { arch: scenario.arch, kernel: scenario.kernel.text };
  if (raw['define'] !== undefined) out['define'] = raw['define'];
  for (const { key, value } of plugin.inputs(scenario)) {
    const path = key.split('.');
    let at = out;
    for (const k of path.slice(0, -1)) {
      if (!isRecord(at[k])) at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
    const leaf = path[path.length - 1] ?? key;
    // a structured value (a mapping) is taken as it is; scalars as the plug-in writes them
    const given = (scenario as unknown as Record<string, unknown>)[path[0] ?? ''];
    const structured = path.length === 2 && isRecord(given) && isRecord(given[leaf]) ? given[leaf] : undefined;
    at[leaf] = structured ?? (parse(value) as unknown);
  }
  out['setup_arch'] = scenario.steps.map((st) => (st.note === undefined ? st.call : { call: st.call, note: st.note }));
  return out;
}

/** One side: a file or one variant of it (`file.yaml[key=value,…]`); exactly one scenario. */
async function side(arg: string, problems: InputProblem[]): Promise<Side | undefined> {
  const loaded = await loadArgs([arg]);
  for (const p of loaded.problems) problems.push(p);
  if (loaded.problems.length > 0) return undefined;
  const file = loaded.files[0];
  const entries = file?.entries ?? [];
  const [only, ...more] = entries;
  if (file === undefined || only === undefined || !only.ok || more.length > 0) {
    const names = entries.map((e) => (e.ok ? e.scenario.variant : e.variant));
    problems.push({ file: file?.file ?? arg, message: `${entries.length} variants; bisect compares one scenario with one: name it, e.g. ${file?.file ?? arg}[${names[0] ?? ''}]; variants: ${names.join('; ')}` });
    return undefined;
  }
  const read = readRegularFile(file.file);
  const raw: unknown = read.ok ? parse(read.bytes.toString('utf8')) : undefined;
  if (!isRecord(raw)) return undefined;
  return { data: raw, plugin: only.plugin, scenario: only.scenario };
}

/** Both sides as plain data when one is composed, so that the edit script compares like with like. */
function plain(g: Side, b: Side): [Side, Side] {
  if (!COMPOSING.some((k) => Object.hasOwn(g.data, k) || Object.hasOwn(b.data, k))) return [g, b];
  return [g, b].map((x) => ({ ...x, data: dataOf(x.plugin, x.scenario, x.data) })) as [Side, Side];
}

export async function bisectCommand(good: string, bad: string, options: BisectOptions): Promise<number> {
  const problems: InputProblem[] = [];
  const g0 = await side(good, problems);
  const b0 = await side(bad, problems);
  if (g0 === undefined || b0 === undefined) {
    writeErr(sortProblems(problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  const [g, b] = plain(g0, b0);
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
    // nothing to bisect is an answer (exit 0, on stdout), not a usage error
    if (err instanceof NothingToBisect) {
      process.stdout.write(`bisect ${good} → ${bad}: ${err.message}\n`);
      return EXIT_OK;
    }
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

/**
 * `bootreplay diff A B`: two scenarios (files, variants `file.yaml[key=value]`,
 * or `REV:path` read through git) replayed and compared. Exit codes like
 * abidiff's: 0 when B has no error finding A lacks, 1 when it has (or what
 * --fail-on asks for), 2 on bad input.
 */
import { statSync } from 'node:fs';
import { diffScenarios, type FailOn, type Side } from '../compare/diff.js';
import { replayWith } from '../replay/replay.js';
import { formatDiffJson } from '../report/diff-json.js';
import { formatDiffText } from '../report/diff-text.js';
import { check } from '../rules/index.js';
import { composeLoading, composeScenario, type ComposeResult } from '../scenario/compose/compose.js';
import { splitSelector } from '../scenario/compose/variant-name.js';
import { loadVariantsFile } from '../scenario/files.js';
import { formatProblem, sortProblems, type InputProblem } from '../scenario/problems.js';
import { styleForStdout } from './color.js';
import { pick } from './load.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';

export interface DiffOptions {
  readonly format: 'text' | 'json';
  readonly failOn: FailOn;
  readonly verbose: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A file's scenarios, or those of `REV:path` read through git when no such file exists. */
async function composeSide(path: string): Promise<ComposeResult> {
  if ((await exists(path)) || !/^[^:\s]+:./.test(path)) return loadVariantsFile(path);
  // loaded only for REV:path: child_process costs start-up time
  const { gitReader, splitRevPath } = await import('./git-reader.js');
  const at = splitRevPath(path);
  if (at === null) return loadVariantsFile(path);
  const reader = gitReader(at.rev);
  const read = reader.read(path);
  return read.ok ? composeLoading(() => composeScenario(read.text, path, reader)) : { ok: false, problems: [{ file: path, message: read.reason }] };
}

/** One side: a file, a variant of one, or a file at a git revision; exactly one scenario. */
async function loadSide(arg: string): Promise<{ side: Side } | { problems: InputProblem[] }> {
  let path = arg;
  let selector: string | undefined;
  const split = splitSelector(arg);
  if (split !== null && !(await exists(arg))) ({ file: path, selector } = split);
  const r = await composeSide(path);
  if (!r.ok) return { problems: r.problems };
  const picked = pick(path, r, selector, undefined);
  const entries = picked.file.entries;
  if (picked.problems.length > 0) return { problems: picked.problems };
  const [only, ...more] = entries;
  if (only === undefined || more.length > 0 || !only.ok) {
    const names = entries.map((e) => (e.ok ? e.scenario.variant : e.variant));
    return { problems: [{ file: path, message: `${entries.length} variants${selector !== undefined ? ` match [${selector}]` : ''}; diff compares one scenario with one: name it, e.g. ${path}[${names[0] ?? ''}]; variants: ${names.join('; ')}` }] };
  }
  const trace = replayWith(only.plugin, only.scenario);
  return { side: { plugin: only.plugin, scenario: only.scenario, trace, findings: check(trace, only.plugin) } };
}

export async function diffCommand(a: string, b: string, options: DiffOptions): Promise<number> {
  const [sa, sb] = await Promise.all([loadSide(a), loadSide(b)]);
  if ('problems' in sa || 'problems' in sb) {
    const problems = [...('problems' in sa ? sa.problems : []), ...('problems' in sb ? sb.problems : [])];
    writeErr(sortProblems(problems).map((p) => `${formatProblem(p)}\n`).join(''));
    return EXIT_USAGE;
  }
  if (sa.side.plugin !== sb.side.plugin) {
    // Different architectures share no call, layout value or rule: an order diff would list every call as removed and added.
    process.stderr.write(`bootreplay: diff compares two scenarios of one architecture, but ${a} is ${sa.side.plugin.id} and ${b} is ${sb.side.plugin.id}; `
      + `their calls, layouts and rules have nothing in common. Diff each against a scenario of its own architecture (e.g. another kernel version or machine)\n`);
    return EXIT_USAGE;
  }
  const d = diffScenarios(sa.side, sb.side, options.failOn);
  const style = await styleForStdout(process.env);
  writeOut(options.format === 'json' ? formatDiffJson(d) : formatDiffText(d, style, options.verbose));
  return d.verdict.fails ? EXIT_FINDINGS : EXIT_OK;
}

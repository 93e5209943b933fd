/**
 * `bootreplay suggest FILE… [--call NAME] [--matrix] [--set PATH=V,…]`:
 * legal windows for the calls of each error finding (src/compare/suggest.ts).
 */
import { ReplayEngine } from '../compare/engine.js';
import { UnsupportedError } from '../compare/unsupported.js';
import { answerGroups } from '../compare/answer-groups.js';
import { BudgetError, JudgedWork, KeptFindings, MAX_KEPT_FINDINGS, type PlannedWork } from '../compare/judge.js';
import { filesText } from '../compare/machines-text.js';
import { pairBudget, suggest, SuggestError, suggestMachine, suggestWork, type SuggestMachine, type SuggestReport } from '../compare/suggest.js';
import { formatSuggestJson, formatSuggestProblemsJson, formatSuggestText } from '../report/suggest.js';
import { parseCallRef } from '../scenario/order-edit.js';
import { callTextProblem, type CallContext } from '../scenario/call-text.js';
import { styleForStdout } from './color.js';
import { escapeText } from '../escape.js';
import { writeErr, writeOut } from './stdio.js';
import { fewerMachines, loadMachines } from './machines.js';
import { machinesToReason } from './reasoning-machines.js';
import { reasoningErrorText } from './reasoning-error.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';

export interface SuggestOptions {
  readonly call?: string;
  readonly matrix: boolean;
  readonly set: readonly string[];
  readonly format: 'text' | 'json';
}

/**
 * The did-you-mean for a --call of the wrong form: among the calls of every machine's setup_arch, with #N an
 * occurrence each has (break-242 F2: "setup_machine_fdт" was offered an arm64 call on an x86_32 file, "vmi_іnit#5"
 * a fifth vmi_init where the file has one). The files are read for it alone: when they do not load, or nothing
 * is valid in all of them, none (their problems are said once --call is written right).
 */
async function callContext(files: readonly string[], options: SuggestOptions): Promise<CallContext | undefined> {
  const loaded = await loadMachines(files, options.set, { matrix: options.matrix });
  if (!loaded.ok || loaded.machines.length === 0) return undefined;
  // how often each call occurs in every machine's order: the fewest times, of the calls all of them have
  let common: Map<string, number> | undefined;
  for (const m of loaded.machines) {
    const own = new Map<string, number>();
    for (const step of m.scenario.steps) own.set(step.call, (own.get(step.call) ?? 0) + 1);
    common = common === undefined ? own : new Map([...common].filter(([name]) => own.has(name)).map(([name, n]) => [name, Math.min(n, own.get(name) ?? 0)]));
  }
  const counts = common ?? new Map<string, number>();
  // the order as suggest names it when --call is past its occurrences (compare/suggest.ts)
  return { candidates: [...counts.keys()], occurrences: (name) => counts.get(name) ?? 0, order: `setup_arch of ${filesText(loaded.machines.map((m) => m.scenario))}` };
}

export async function suggestCommand(files: readonly string[], options: SuggestOptions): Promise<number> {
  const call = options.call === undefined ? undefined : parseCallRef(options.call);
  if (call === null) {
    // worded as patch: and expect: word it (call-text.ts; break-251 N9d), with what the files' orders have: a hint also
    // for a written occurrence ("NAME#03" → NAME#3, break-250 N5), or how many there are when it is past them (N9c)
    const text = options.call ?? '';
    writeErr(`${escapeText(`bootreplay: --call ${callTextProblem('ref', text, await callContext(files, options))}`)}\n`);
    return EXIT_USAGE;
  }
  // -f json: invalid inputs give the report too, with their problems (as run's)
  const machines = await machinesToReason(files, options, 'suggest', options.format === 'json' ? formatSuggestProblemsJson : undefined);
  if (machines === undefined) return EXIT_USAGE;
  let reports: SuggestReport[];
  try {
    // one answer per group, its tables sharing one findings budget; planned all together first (answer-groups.ts)
    const groups = options.matrix ? [machines] : machines.map((m) => [m]);
    // the work of every group counts against one limit of trace events (judge.ts JudgedWork: break-206 F6)
    const work = new JudgedWork(`${fewerMachines(options.set)}${call === undefined ? ', or name one call with --call' : ''}`);
    const tables = groups.map((g) => {
      const kept = new KeptFindings(MAX_KEPT_FINDINGS, work);
      return g.map((m) => suggestMachine(new ReplayEngine(m.plugin, m.scenario), kept));
    });
    // the pair searches of all groups share one budget of steps and events, each group a share of what is left
    const pairs = pairBudget(groups.length);
    // each group's planned single moves are set aside until it is answered: the pair search of an earlier group leaves them
    const planned = new Map<readonly SuggestMachine[], number>();
    const plan = (t: readonly SuggestMachine[]): PlannedWork => {
      const w = suggestWork(t, call);
      planned.set(t, w.events);
      work.reserve(w.events);
      return w;
    };
    const answer = (t: readonly SuggestMachine[]): SuggestReport => {
      work.release(planned.get(t) ?? 0);
      return suggest(t, call, pairs);
    };
    reports = answerGroups(tables, plan, answer, (n) => `suggest for ${n} machines of ${filesText(machines.map((m) => m.scenario))}, each answered on its own,`,
      `${fewerMachines(options.set)}${call === undefined ? ', or name one call with --call' : ''}`);
  } catch (err) {
    if (!(err instanceof SuggestError) && !(err instanceof BudgetError) && !(err instanceof UnsupportedError)) throw err;
    writeErr(reasoningErrorText(err));
    return EXIT_USAGE;
  }
  if (options.format === 'json') writeOut(formatSuggestJson(reports));
  else {
    const style = await styleForStdout(process.env);
    writeOut(formatSuggestText(reports, style));
  }
  return EXIT_OK;
}

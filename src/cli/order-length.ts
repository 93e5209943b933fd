/**
 * The orders too long for the commands that replay many orders of each
 * (suggest, constraints, bisect: their work grows with the square of the
 * length, whether they move every call, one call with --call, or replay
 * intermediates), as located input problems: one per file position,
 * at the first call past MAX_ORDER_CALLS, so that with several files the
 * message says which one to shorten (helper-156: "the order has 121 calls"
 * named no file). Checked before any replay: the replay of a 10,000-call
 * order alone takes seconds.
 */
import { MAX_ORDER_CALLS, orderTooLong } from '../compare/judge.js';
import { formatProblem, metLoading, sortProblems, type InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';

/**
 * @param command the command, for the message ("suggest")
 * @returns the problems in reading order, none when every order is short
 *   enough; a matrix's variants with the same order give one problem
 */
export function orderLengthProblems(scenarios: readonly Scenario[], command: string): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const s of scenarios) {
    const long = orderTooLong(s.steps.length);
    const past = s.steps[MAX_ORDER_CALLS];
    if (long === undefined || past === undefined) continue;
    // the call may come from a base (extends:) or a patch: item; the problem names the scenario it makes too long
    const file = past.pos.file ?? s.file;
    const problem = { file, line: past.pos.line, col: past.pos.col, message: `setup_arch: ${long}: too long for ${command}; call ${MAX_ORDER_CALLS + 1} is here: shorten the order` };
    for (const p of metLoading(s.file, [problem])) problems.push(p);
  }
  return sortProblems(problems);
}

/** The problems as the CLI prints them: one `file:line:col: message` line each. */
export function orderLengthText(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${formatProblem(p)}\n`).join('');
}

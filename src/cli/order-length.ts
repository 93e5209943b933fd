/**
 * The orders too long for the commands that replay many orders of each
 * (suggest, constraints, bisect: their work grows with the square of the
 * length, whether they move every call, one call with --call, or replay
 * intermediates), as located input problems: one per file position,
 * at the first call past MAX_ORDER_CALLS, so that with several files the
 * message says which one to shorten (helper-156: "the order has 121 calls"
 * named no file). Checked before any replay: the replay of a 10,000-call
 * order alone takes seconds.
 *
 * It also keeps these commands' replays far below max-events
 * (src/replay/event-limit.ts), so their -f json reports have no max-events
 * path, where `diff`'s has one (replay-shown.ts): the shape whose events
 * grow with the square of the calls (2.6.26 Xen PAE paging_init) makes
 * about 27,000 at twice MAX_ORDER_CALLS calls, the most a bisect
 * intermediate holds (GOOD's calls and BAD's inserts; the test in
 * test/replay/event-limit.test.ts pins it), and the other shapes grow with
 * the calls only, under 200 events a call (107,516 at 2,048 calls of a
 * shipped machine; arm64 paging_init over the 128 RAM regions memblock
 * keeps: 181). Were one met, main.ts would still print its one located
 * line (engine.ts thrownProblem), without the report.
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

/**
 * Loading for `suggest` and `constraints`, with the refusals both make
 * before anything is replayed.
 */
import { loadErrorText } from './load.js';
import { loadMachines, type Machine } from './machines.js';
import { orderLengthProblems, orderLengthText } from './order-length.js';
import { stdoutInputRefusal } from './output.js';
import { writeProblemsJson } from './problems-json.js';
import type { InputProblem } from '../scenario/problems.js';
import { writeErr } from './stdio.js';

/**
 * Loads the machines of `files` (`--set` and `--matrix` as loadMachines
 * takes them) and refuses, on stderr: every input problem or usage error,
 * a stdout that is one of the files read (`suggest in.yaml >> in.yaml`
 * would append the answer to a scenario or a base of it), and any order
 * longer than MAX_ORDER_CALLS (each located, naming `command`).
 * With `problemsJson` (-f json), input problems and orders too long are
 * also written as the command's JSON report of them on stdout
 * (src/cli/problems-json.ts); usage errors are not.
 *
 * @param command "suggest" or "constraints", for the order-length message
 * @param problemsJson the command's empty JSON report with these problems
 * @returns the machines, or undefined after writing why not (the command exits 2)
 */
export async function machinesToReason(
  files: readonly string[], options: { readonly set: readonly string[]; readonly matrix: boolean }, command: string, problemsJson?: (problems: readonly InputProblem[]) => string,
): Promise<Machine[] | undefined> {
  const loaded = await loadMachines(files, options.set, { matrix: options.matrix });
  if (!loaded.ok) {
    writeErr(loadErrorText(loaded));
    if (problemsJson !== undefined && loaded.usage === undefined) await writeProblemsJson(loaded.problems, problemsJson, loaded.read ?? []);
    return undefined;
  }
  const refused = stdoutInputRefusal(loaded.read);
  if (refused !== undefined) {
    writeErr(refused);
    return undefined;
  }
  const tooLong = orderLengthProblems(loaded.machines.map((m) => m.scenario), command);
  if (tooLong.length > 0) {
    writeErr(orderLengthText(tooLong));
    // located in the file like any input problem, so -f json reports it the same way
    if (problemsJson !== undefined) await writeProblemsJson(tooLong, problemsJson, loaded.read);
    return undefined;
  }
  return loaded.machines;
}



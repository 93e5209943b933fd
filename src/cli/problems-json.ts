/**
 * The JSON report of a command whose inputs did not load, for `-f json`:
 * `run` writes its report then, with no result and the input problems in
 * `problems[]`, and exits 2; `diff`, `suggest`, `constraints` and `bisect`
 * write their own format, empty, with the same `problems[]`
 * (src/report/json.ts problemsJson), so that `bootreplay diff a b -f json >
 * diff.json` leaves JSON whatever the inputs. The problems are on stderr as
 * text too (loadErrorText), written before this. A usage error (a bad
 * option, a --set that does not parse, too many machines, a --call or
 * --finding that names nothing in the files) writes no report, as `run`
 * writes none for a --variant that picks nothing (break-192 5: that one too
 * is known only once the files are read).
 */
import { errorMessage } from '../errno.js';
import { escapeText } from '../escape.js';
import { sortProblems, type InputProblem } from '../scenario/problems.js';
import { inputIds, OutputError, planOutput, stdoutInputRefusal, writeReport } from './output.js';
import { writeErr, writeOut } from './stdio.js';

/**
 * Writes `format(problems)`, the problems in the order stderr lists them:
 * to `output` (-o) atomically, never over a file read, as the command's
 * report; else to stdout, unless stdout is one of the files read (`diff
 * a.yaml b.yaml -f json >> a.yaml`), which is refused on stderr as the
 * report would be. The command exits 2 either way.
 *
 * @param read every file the command read, the bases they extend included
 * @param output for a command that has -o: its file (undefined: stdout), and a name for the stdout refusal's "e.g. -o …"
 */
export async function writeProblemsJson(
  problems: readonly InputProblem[], format: (sorted: readonly InputProblem[]) => string, read: readonly string[], output?: { file: string | undefined; example: string },
): Promise<void> {
  const text = format(sortProblems(problems));
  if (output?.file !== undefined) {
    try {
      await writeReport(planOutput(output.file, inputIds(read)), text);
    } catch (err) {
      writeErr(`bootreplay: cannot write ${escapeText(output.file)}: ${escapeText(err instanceof OutputError ? err.message : errorMessage(err))}\n`);
    }
    return;
  }
  const refused = stdoutInputRefusal(read, output === undefined ? undefined : { what: 'report', example: output.example });
  if (refused !== undefined) writeErr(refused);
  else writeOut(text);
}

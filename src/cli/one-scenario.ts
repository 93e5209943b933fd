/**
 * One scenario named by a CLI argument, for the commands that compare one
 * scenario with one (`diff`, `bisect`): a file, one variant of a matrix file
 * (`file.yaml[key=value,…]`), or `REV:path` read through git when no such
 * file exists (src/cli/git-reader.ts). A directory, a whole matrix, or a
 * selector that picks several variants is a problem, never a silent pick.
 */
import type { ArchPlugin } from '../arch/types.js';
import { composeLoading, composeScenario, type ComposeResult } from '../scenario/compose/compose.js';
import { readProblem, type FileReader } from '../scenario/compose/reader.js';
import { listed, splitSelector } from '../scenario/compose/variant-name.js';
import { emptyArgument, loadVariantsFile, namesPath } from '../scenario/files.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';
import { fileProblems, pick } from './load.js';
import { splitRevPath } from './rev-path.js';

/** A file's scenarios, or those of `REV:path` read through git when no such file exists. */
async function composeArg(path: string, onRead?: (name: string) => void): Promise<ComposeResult> {
  const at = namesPath(path) ? null : splitRevPath(path);
  if (at === null) {
    onRead?.(path);
    return loadVariantsFile(path, undefined, onRead);
  }
  // loaded only for REV:path: child_process costs start-up time
  const { gitReader } = await import('./git-reader.js');
  const atRev = gitReader(at.rev);
  // the working copy of each file read at REV (the file and the bases it extends) is told as read too: it is what
  // `-o` would replace (break-275 N6: `diff HEAD~1:x.yaml HEAD:x.yaml -o x.yaml` overwrote the scenario compared)
  const reader: FileReader = {
    ...atRev,
    read: (name) => {
      const p = splitRevPath(name)?.path;
      if (p !== undefined) onRead?.(p);
      return atRev.read(name);
    },
  };
  const read = reader.read(path);
  return read.ok ? composeLoading((resume) => composeScenario(read.text, path, reader, undefined, undefined, resume)) : { ok: false, problems: [readProblem(path, read)] };
}

/** One loaded scenario and the plug-in that resolved it. */
export interface OneScenario {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
}

/**
 * The one scenario `arg` names.
 *
 * @param command the command's name, for the message when `arg` has several variants ("diff compares one scenario with one")
 * @param onRead told the name of every file read from the file system (the argument and the bases it extends), and
 *   for `REV:path`, of the working copy of each file read at REV
 * @returns the scenario, or the problems (unreadable, a directory, invalid, several variants): exit 2
 */
export async function loadOneScenario(arg: string, command: string, onRead?: (name: string) => void): Promise<{ one: OneScenario } | { problems: InputProblem[] }> {
  // as every command that reads files says it (expandInputs), shown as the shell would quote it
  const empty = emptyArgument(arg);
  if (empty !== undefined) return { problems: [empty] };
  let path = arg;
  let selector: string | undefined;
  const split = splitSelector(arg);
  // a file whose name ends in [...] is that file
  if (split !== null && !namesPath(arg)) ({ file: path, selector } = split);
  const r = await composeArg(path, onRead);
  if (!r.ok) return { problems: r.problems };
  const picked = pick(path, r, selector, undefined);
  const entries = picked.file.entries;
  // the picked variants' problems, capped as run caps a file's (fileProblems)
  if (picked.problems.length > 0) return { problems: fileProblems(picked.problems) };
  const [only, ...more] = entries;
  if (only === undefined || more.length > 0 || !only.ok) {
    const names = entries.map((e) => (e.ok ? e.scenario.variant : e.variant) ?? '');
    return { problems: [{ file: path, message: `${entries.length} variants${selector !== undefined ? ` match [${selector}]` : ''}; ${command} compares one scenario with one: name it, e.g. ${path}[${names[0] ?? ''}]; variants: ${listed(names)}` }] };
  }
  return { one: { plugin: only.plugin, scenario: only.scenario } };
}

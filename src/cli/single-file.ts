/**
 * Loading for the commands that show one scenario file (layout, trace,
 * steps --scenario), with the refusals they all make before any replay.
 */
import { directoryRefusal, loadArgs, loadErrorText, type Loaded } from './load.js';
import { stdoutInputRefusal } from './output.js';
import { writeErr } from './stdio.js';

/** A loaded file and whether some of its variants were invalid (their problems are on stderr: the command exits 2). */
export interface SingleFile {
  readonly loaded: Loaded;
  readonly someInvalid: boolean;
}

/**
 * Loads `file` (its variants, or those `variant` picks) and refuses, on
 * stderr, what the command cannot show: a directory, an input problem or
 * --variant usage error, and a stdout that is one of the files read
 * (`trace in.yaml >> in.yaml` would append to the scenario or a base of it).
 * With `eachVariant`, the problems of some variants of a matrix are written
 * and the valid variants still shown, as `run` reports them (helper-185 5:
 * `layout` and `trace` printed nothing for one invalid variant of three).
 *
 * @param does what the command shows, for the directory refusal ("trace shows one scenario's replay")
 * @returns the loaded file, or undefined after writing why not (the command exits 2)
 */
export async function loadSingleFile(file: string, variant: string | undefined, does: string, eachVariant = false): Promise<SingleFile | undefined> {
  const loaded = await loadArgs([file], variant);
  if (loaded.directories.length > 0) {
    writeErr(directoryRefusal(file, does));
    return undefined;
  }
  const refused = stdoutInputRefusal(loaded.paths);
  const errors = loadErrorText(loaded);
  const someValid = loaded.usage === undefined && loaded.files.some((f) => f.entries.some((e) => e.ok));
  if (errors !== '' && !(eachVariant && someValid && refused === undefined)) {
    writeErr(errors);
    return undefined;
  }
  if (refused !== undefined) {
    writeErr(refused);
    return undefined;
  }
  writeErr(errors);
  return { loaded, someInvalid: errors !== '' };
}

/**
 * Loading for the commands that show one scenario file (layout, trace,
 * steps --scenario), with the refusals they all make before any replay.
 */
import { directoryRefusal, loadArgs, loadErrorText, type Loaded } from './load.js';
import { stdoutInputRefusal } from './output.js';
import { writeErr } from './stdio.js';

/**
 * Loads `file` (its variants, or those `variant` picks) and refuses, on
 * stderr, what the command cannot show: a directory, any input problem or
 * --variant usage error, and a stdout that is one of the files read
 * (`trace in.yaml >> in.yaml` would append to the scenario or a base of it).
 *
 * @param does what the command shows, for the directory refusal ("trace shows one scenario's replay")
 * @returns the loaded file, or undefined after writing why not (the command exits 2)
 */
export async function loadSingleFile(file: string, variant: string | undefined, does: string): Promise<Loaded | undefined> {
  const loaded = await loadArgs([file], variant);
  if (loaded.directories.length > 0) {
    writeErr(directoryRefusal(file, does));
    return undefined;
  }
  const errors = loadErrorText(loaded);
  if (errors !== '') {
    writeErr(errors);
    return undefined;
  }
  const refused = stdoutInputRefusal(loaded.paths);
  if (refused !== undefined) {
    writeErr(refused);
    return undefined;
  }
  return loaded;
}

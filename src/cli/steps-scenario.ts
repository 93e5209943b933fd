/**
 * `bootreplay steps --scenario FILE`: the calls that scenario may name: its
 * architecture's catalog for its kernel, then the calls of its define:,
 * marked as the scenario's, with their effects and where they are defined.
 */
import { didYouMeanVersion } from '../scenario/suggest-version.js';
import { loadArgs, loadErrorText } from './load.js';
import { clip, escapeText } from '../escape.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';
import { formatSteps } from './steps.js';

/**
 * @param archText --arch as given: the scenario's `arch:` decides the catalog, so another one is a usage error
 * @returns the exit code (2 when the file does not load or an option contradicts it)
 */
export async function scenarioSteps(file: string, kernelText: string | undefined, archText?: string): Promise<number> {
  const loaded = await loadArgs([file]);
  const first = loaded.files.flatMap((f) => f.entries).find((e) => e.ok);
  if (loaded.problems.length > 0 || first === undefined || !first.ok) {
    writeErr(loadErrorText(loaded));
    return EXIT_USAGE;
  }
  const { plugin, scenario } = first;
  if (archText !== undefined && archText !== plugin.id) {
    writeErr(`${escapeText(`bootreplay: --arch ${clip(archText)}: ${file} has arch: ${plugin.id}, and --scenario lists the catalog of its own arch; leave --arch out`)}\n`);
    return EXIT_USAGE;
  }
  let kernel = scenario.kernel;
  if (kernelText !== undefined) {
    const parsed = plugin.kernels.parse(kernelText);
    if (!parsed.ok) {
      writeErr(`bootreplay: --kernel: ${escapeText(clip(parsed.reason, 200))}${escapeText(didYouMeanVersion(kernelText, plugin.kernels.choices))}; modeled: ${plugin.kernels.modeledText}\n`);
      return EXIT_USAGE;
    }
    kernel = parsed.version;
  }
  const defined = Object.values(scenario.defined).map((d) => {
    const { tags, effects } = plugin.describeDefine(d.compiled);
    const where = `${d.pos.file ?? scenario.file}:${d.pos.line}:${d.pos.col}`;
    // define: names, docs and file names are user text: each escaped where it is put in a line
    // (escaping the finished lines would be too late: a line feed in a doc has already made two)
    return { name: escapeText(d.name), tags, doc: `${escapeText(d.doc)}. ${effects} (define: at ${escapeText(where)})` };
  });
  writeOut(formatSteps(plugin, kernel, defined.length > 0 ? { title: `calls defined by ${escapeText(scenario.file)} (define:)`, rows: defined } : undefined));
  return EXIT_OK;
}

/**
 * `bootreplay steps --scenario FILE`: the calls that scenario may name: its
 * architecture's catalog for its kernel, then the calls of its define:,
 * marked as the scenario's, with their effects and where they are defined.
 * A matrix over `kernel:` or `arch:` has a catalog per kernel: the first
 * variant's is listed, and a note on stderr names the variant to pick for
 * each other one (`FILE[kernel=2.6.36]`), so the calls a later kernel
 * added are not missed unsaid (review 16a, 3.1); stdout stays one catalog.
 */
import { didYouMeanVersion } from '../scenario/suggest-version.js';
import { loadSingleFile } from './single-file.js';
import { clip, escapeText } from '../escape.js';
import type { ArchPlugin } from '../arch/types.js';
import type { Scenario } from '../scenario/types.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';
import { formatSteps } from './steps.js';

/**
 * @param archText --arch as given: the scenario's `arch:` decides the catalog, so another one is a usage error
 * @returns the exit code (2 when the file does not load or an option contradicts it)
 */
export async function scenarioSteps(file: string, kernelText: string | undefined, archText?: string): Promise<number> {
  const single = await loadSingleFile(file, undefined, 'steps --scenario lists the calls one scenario may name');
  if (single === undefined) return EXIT_USAGE;
  const { loaded } = single;
  const entries = loaded.files.flatMap((f) => f.entries).filter((e) => e.ok);
  const first = entries[0];
  // loadSingleFile refused every file that gives no scenario: a file without variants has its one
  if (first === undefined) return EXIT_USAGE;
  const { plugin, scenario } = first;
  if (archText !== undefined && archText !== plugin.id) {
    writeErr(`${escapeText(`bootreplay: --arch ${clip(archText)}: ${file} has arch: ${plugin.id}, and --scenario lists the catalog of its own arch; leave --arch out`)}\n`);
    return EXIT_USAGE;
  }
  let kernel = scenario.kernel;
  if (kernelText !== undefined) {
    const parsed = plugin.kernels.parse(kernelText);
    if (!parsed.ok) {
      writeErr(`bootreplay: --kernel: ${escapeText(clip(parsed.reason, 200))}${escapeText(didYouMeanVersion(kernelText, plugin.kernels.choices, (t) => plugin.kernels.parse(t).ok))}; modeled: ${plugin.kernels.modeledText}\n`);
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
  const note = otherCatalogs(file, entries, kernelText !== undefined);
  if (note !== undefined) writeErr(`${escapeText(note)}\n`);
  writeOut(formatSteps(plugin, kernel, defined.length > 0 ? { title: `calls defined by ${escapeText(scenario.file)} (define:)`, rows: defined } : undefined));
  return EXIT_OK;
}

/** Catalogs named in the note, at most; the rest are counted. */
const NOTE_CATALOGS = 8;

/**
 * The note for a file whose variants replay other catalogs than the first
 * (another architecture, or another kernel unless --kernel sets it): which
 * variant's catalog is listed, and for each other catalog the first variant
 * that has it, as an argument that picks it; undefined when all agree.
 */
function otherCatalogs(file: string, entries: readonly { readonly plugin: ArchPlugin; readonly scenario: Scenario }[], kernelGiven: boolean): string | undefined {
  const catalogOf = (e: { readonly plugin: ArchPlugin; readonly scenario: Scenario }): string => (kernelGiven ? e.plugin.id : `${e.plugin.id} ${e.scenario.kernel.text}`);
  const firstOf = new Map<string, Scenario>();
  for (const e of entries) if (!firstOf.has(catalogOf(e))) firstOf.set(catalogOf(e), e.scenario);
  const [listed, ...others] = [...firstOf.entries()];
  if (listed === undefined || others.length === 0) return undefined;
  const pickText = (s: Scenario): string => `'${file}[${s.variant ?? ''}]'`;
  const shown = others.slice(0, NOTE_CATALOGS).map(([catalog, s]) => `${catalog}: ${pickText(s)}`);
  const more = others.length > NOTE_CATALOGS ? `, and ${others.length - NOTE_CATALOGS} more` : '';
  return `bootreplay: note: the variants of ${file} replay ${firstOf.size} catalogs; these are the calls for ${listed[0]}, of its first variant `
    + `(${listed[1].variant ?? ''}); for another, name a variant of it: ${shown.join(', ')}${more}`;
}

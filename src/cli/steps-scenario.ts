/**
 * `bootreplay steps --scenario FILE`: the calls that scenario may name: its
 * architecture's catalog for its kernel, then the calls of its define:,
 * marked as the scenario's, with their effects and where they are defined.
 */
import { didYouMean } from '../scenario/suggest.js';
import { loadArgs, loadErrorText } from './load.js';
import { clip, escapeText } from '../escape.js';
import { EXIT_OK, EXIT_USAGE } from './run-options.js';
import { writeErr, writeOut } from './stdio.js';
import { formatSteps } from './steps.js';

export async function scenarioSteps(file: string, kernelText: string | undefined): Promise<number> {
  const loaded = await loadArgs([file]);
  const first = loaded.files.flatMap((f) => f.entries).find((e) => e.ok);
  if (loaded.problems.length > 0 || first === undefined || !first.ok) {
    writeErr(loadErrorText(loaded));
    return EXIT_USAGE;
  }
  const { plugin, scenario } = first;
  let kernel = scenario.kernel;
  if (kernelText !== undefined) {
    const parsed = plugin.kernels.parse(kernelText);
    if (!parsed.ok) {
      writeErr(`bootreplay: --kernel: ${escapeText(clip(parsed.reason, 200))}${escapeText(didYouMean(kernelText, plugin.kernels.choices))}; modeled: ${plugin.kernels.modeledText}\n`);
      return EXIT_USAGE;
    }
    kernel = parsed.version;
  }
  const defined = Object.values(scenario.defined).map((d) => {
    const { tags, effects } = plugin.describeDefine(d.compiled);
    const where = `${d.pos.file ?? scenario.file}:${d.pos.line}:${d.pos.col}`;
    return { name: d.name, tags, doc: `${d.doc}. ${effects} (define: at ${where})` };
  });
  // define: names, docs and the file name are user text: each line escaped
  writeOut(escapeOutputLines(formatSteps(plugin, kernel, defined.length > 0 ? { title: `calls defined by ${scenario.file} (define:)`, rows: defined } : undefined)));
  return EXIT_OK;
}

/** Multi-line output whose lines carry user text: each line escaped, the line breaks kept. */
function escapeOutputLines(text: string): string {
  return text.split('\n').map(escapeText).join('\n');
}

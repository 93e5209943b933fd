/**
 * The checks that need the whole scenario, run on each variant's merged
 * data: whether the kernel has each call (ArchPlugin.availability), and the
 * architecture's semantic checks (ArchPlugin.check). Each problem points at
 * the text the value comes from: the step's item or patch line, the key in
 * the base or derived file that set it last, or the matrix value.
 */
import type { ArchPlugin, ProblemSink } from '../../arch/types.js';
import { isRecord } from '../is-record.js';
import { pathText, type Path } from '../path-text.js';
import type { InputProblem } from '../problems.js';
import { sinkFor } from '../semantic-checks.js';
import { placeOf, posOf } from '../yaml-positions.js';
import type { Layer } from './layer.js';
import type { Assignment } from './matrix.js';
import type { ComposedStep } from './steps.js';

export interface MergedInput {
  readonly layers: readonly Layer[];
  /**
   * dotted key path ("kernel", "machine", "machine.cmdline", "config.system_map._end") → the index of the
   * layer that set it last; config/machine merge at any depth (deep-merge.ts), so each leaf has its own
   */
  readonly origin: ReadonlyMap<string, number>;
  /** the merged data as written (not validated) */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly steps: readonly ComposedStep[];
  /** the call names of define: (never checked against the kernel) */
  readonly defined: ReadonlySet<string>;
}

/** Where a variant's own values are written: key path → its assignment, in the matrix's layer. */
export interface VariantSource {
  readonly layer: Layer;
  readonly assigned: ReadonlyMap<string, Assignment>;
}

/**
 * Where the value at `path` is written: inside the matrix value when the
 * path is (or lies under) one of the variant's own keys, else in the layer
 * that set the deepest of its key paths last; undefined when no layer sets
 * any of them.
 *
 * @returns the layer and the path to point at in its document
 */
function sourceOf(input: MergedInput, variant: VariantSource | undefined, path: Path): { layer: Layer; path: Path } | undefined {
  for (let n = path.length; n > 0; n--) {
    const key = pathText(path.slice(0, n));
    const a = variant?.assigned.get(key);
    // the value is the matrix's: a deeper path stays inside the assigned value
    if (a !== undefined && variant !== undefined) return { layer: variant.layer, path: [...a.at, ...path.slice(n)] };
    const i = input.origin.get(key);
    const layer = i === undefined ? undefined : input.layers[i];
    if (layer !== undefined) return { layer, path };
  }
  return undefined;
}

/** Whether some layer (or the variant) writes the key path itself or a key below it, not only a mapping above it. */
function setExactly(input: MergedInput, variant: VariantSource | undefined, path: Path): boolean {
  const key = pathText(path);
  const under = (k: string): boolean => k === key || k.startsWith(`${key}.`) || k.startsWith(`${key}[`);
  if (variant !== undefined && [...variant.assigned.keys()].some(under)) return true;
  for (const k of input.origin.keys()) if (under(k)) return true;
  return false;
}

/**
 * A sink that reports into `problems`, at the place the value of `path`
 * comes from (sourceOf), or in the scenario's own file when no layer sets it.
 */
function sinkOf(input: MergedInput, variant: VariantSource | undefined, problems: InputProblem[]): ProblemSink {
  const leaf = input.layers[input.layers.length - 1];
  return {
    at(path: Path, message: string, offset?: number, causes: readonly Path[] = []): void {
      const from = sourceOf(input, variant, path) ?? (leaf !== undefined ? { layer: leaf, path } : undefined);
      if (from === undefined) return;
      // the causes written elsewhere, once each (a key another file of the chain, or a variant's value, sets)
      const elsewhere = causes.flatMap((c) => {
        const w = setExactly(input, variant, c) ? writtenAt(input, variant, c) : undefined;
        return w === undefined || w.file === from.layer.file ? [] : [`; ${pathText(c)} is set at ${w.file}:${w.line}:${w.col}`];
      });
      sinkFor({ ...from.layer.ctx, problems }, from.layer.doc).at(from.path, `${message}${[...new Set(elsewhere)].join('')}`, offset);
    },
    writtenAt: (path) => writtenAt(input, variant, path),
  };
}

/**
 * Where the variant's value at `path` is written (sourceOf); undefined when
 * no layer sets it.
 *
 * @returns the file (as reports name it) and 1-based line and column
 */
function writtenAt(input: MergedInput, variant: VariantSource | undefined, path: Path): { file: string; line: number; col: number } | undefined {
  const from = sourceOf(input, variant, path);
  return from === undefined ? undefined : { ...posOf(from.layer.ctx, placeOf(from.layer.doc, from.path)), file: from.layer.file };
}

const catalogs = new WeakMap<ArchPlugin, ReadonlySet<string>>();
function catalogOf(plugin: ArchPlugin): ReadonlySet<string> {
  let s = catalogs.get(plugin);
  if (s === undefined) {
    s = new Set(plugin.callNames);
    catalogs.set(plugin, s);
  }
  return s;
}

/**
 * @param raw the variant's merged data (input.raw with the variant's values)
 * @returns the problems of this variant (empty: it can be replayed)
 */
export function checkVariant(plugin: ArchPlugin, input: MergedInput, raw: Readonly<Record<string, unknown>>, variant: VariantSource | undefined): InputProblem[] {
  const problems: InputProblem[] = [];
  // only an absent kernel: is the newest; `kernel: null` is an invalid value (said by the schema), which no call is checked against
  const kernelText = raw['kernel'] === undefined ? plugin.kernels.newest : raw['kernel'];
  const kernel = typeof kernelText === 'string' ? plugin.kernels.parse(kernelText) : undefined;
  if (kernel?.ok === true) {
    const known = catalogOf(plugin);
    const hint = raw['kernel'] === undefined ? `; kernel: is not set, so the newest modeled (${plugin.kernels.newest}) is used` : '';
    // A call of one file can be unknown because of a kernel another file sets (a derived file or a
    // matrix value over an inherited order): the message then says where that kernel is written.
    // (looked up at the first such call only: most variants have none)
    let kernelAt: ReturnType<typeof writtenAt> | null = null;
    const kernelPlace = (): ReturnType<typeof writtenAt> => {
      if (kernelAt === null) kernelAt = raw['kernel'] === undefined ? undefined : writtenAt(input, variant, ['kernel']);
      return kernelAt;
    };
    const leafFile = input.layers[input.layers.length - 1]?.file ?? '';
    // asked once per call name: a long order repeats a few calls thousands of times
    const answers = new Map<string, ReturnType<ArchPlugin['availability']>>();
    input.steps.forEach((step, i) => {
      if (!known.has(step.call) || input.defined.has(step.call)) return;
      let a = answers.get(step.call);
      if (a === undefined) {
        a = plugin.availability(step.call, kernel.version);
        answers.set(step.call, a);
      }
      if (a.ok) return;
      const { at } = step;
      const file = at.file ?? leafFile;
      const k = kernelPlace();
      const from = k !== undefined && k.file !== file ? `; kernel: ${kernel.version.text} is set at ${k.file}:${k.line}:${k.col}` : '';
      problems.push({ file, line: at.line, col: at.col, message: `${pathText(step.path)} (step ${i + 1}): ${a.reason}${hint}${from}` });
    });
  }
  const machine = isRecord(raw['machine']) ? raw['machine'] : {};
  const config = isRecord(raw['config']) ? raw['config'] : {};
  plugin.check({ config, machine, kernel: kernel?.ok === true ? kernel.version : undefined, order: input.steps.map((s) => s.call) }, sinkOf(input, variant, problems));
  return problems;
}

/**
 * Scenario loader: YAML text → validated, defaulted Scenario, or every input
 * problem of the file at once, each with its line:col. Pure (no I/O): the
 * files a scenario `extends` are read through an injected reader
 * (compose/reader.ts); files.ts reads files.
 *
 * Stages: YAML syntax (parsed with a LineCounter, so every node keeps its
 * source range) → document shape (one document, a mapping) → aliases → the
 * bases it extends → zod schema (every issue mapped back to its node) →
 * composing (merge, patch, define, matrix) → semantic checks (call
 * availability per kernel, the architecture's checks) → defaults.
 *
 * yaml-document.ts does syntax, document shape and aliases; zod-issues.ts
 * turns schema issues into messages; compose/ does the rest. All of them
 * report through yaml-positions.ts, which maps paths to nodes to line:col.
 */
import type { ArchPlugin } from '../arch/types.js';
import { composeScenario, type ComposeResult } from './compose/compose.js';
import { NO_READER, type FileReader } from './compose/reader.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import type { InputProblem } from './problems.js';
import type { Scenario } from './types.js';

export type LoadResult = { ok: true; scenario: Scenario; plugin: ArchPlugin } | { ok: false; problems: InputProblem[] };

/** The one scenario of a composition, or its problems (a matrix file holds many: compose it as variants, composeScenario). */
export function single(r: ComposeResult, file: string): LoadResult {
  if (!r.ok) return r;
  const [only, ...more] = r.variants;
  if (only?.ok === true && more.length === 0 && r.matrix === undefined) return { ok: true, scenario: only.scenario, plugin: r.plugin };
  return { ok: false, problems: [{ file, message: `this file has a matrix of ${r.variants.length} variants and this command takes one scenario; name one as ${file}[KEY=VALUE,…]${r.variants[0] !== undefined ? ` (e.g. ${file}[${r.variants[0].ok ? r.variants[0].scenario.variant ?? '' : r.variants[0].variant}])` : ''}; run, trace and layout take the whole matrix (pick with file.yaml[key=value] or --variant)` }] };
}

/**
 * One scenario file's text → its scenario.
 *
 * @param file the name reports use
 * @param reader reads the files `extends` names (default: none can be read)
 * @param limits the resource limits (limits.ts); tests pass smaller ones
 */
export function parseScenario(text: string, file: string, reader: FileReader = NO_READER, limits: Limits = DEFAULT_LIMITS): LoadResult {
  return single(composeScenario(text, file, reader, limits), file);
}

/** One scenario file's text → all its variants (one for a file without matrix:). */
export function parseVariants(text: string, file: string, reader: FileReader = NO_READER, limits: Limits = DEFAULT_LIMITS): ComposeResult {
  return composeScenario(text, file, reader, limits);
}

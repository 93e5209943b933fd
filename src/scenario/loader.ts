/**
 * Scenario loader: YAML text → validated, defaulted Scenario, or every input
 * problem of the file at once, each with its line:col. Pure (no I/O); files.ts
 * reads files.
 *
 * Stages: YAML syntax (parsed with a LineCounter, so every node keeps its
 * source range) → document shape (one document, a mapping) → aliases → zod
 * schema (every issue mapped back to its node) → semantic checks (call
 * availability per kernel, cmdline, impossible sizes) → defaults.
 *
 * This file runs the stages in order; each lives in its own module:
 * yaml-document.ts (syntax, document shape, aliases), zod-issues.ts (schema
 * issues → messages), semantic-checks.ts, resolve.ts (defaults). All of them
 * report through yaml-positions.ts, which maps paths to nodes to line:col.
 */
import { LineCounter } from 'yaml';
import { archById, DEFAULT_ARCH } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import { isRecord } from './is-record.js';
import type { Path } from './path-text.js';
import { sortProblems, type InputProblem } from './problems.js';
import { resolve } from './resolve.js';
import { SHARED_KEYS_SCHEMA, scenarioSchemaFor } from './schema.js';
import { semanticChecks } from './semantic-checks.js';
import type { Scenario } from './types.js';
import { parseSingleDocument, toData } from './yaml-document.js';
import { placeOf, report, type Ctx } from './yaml-positions.js';
import { explainIssue } from './zod-issues.js';

export type LoadResult = { ok: true; scenario: Scenario; plugin: ArchPlugin } | { ok: false; problems: InputProblem[] };

/** The plug-in `arch:` names (the default when it is left out), or undefined when it names none. */
function pluginOf(data: unknown): ArchPlugin | undefined {
  const arch = isRecord(data) ? data['arch'] : undefined;
  if (arch === undefined) return DEFAULT_ARCH;
  return typeof arch === 'string' ? archById(arch) : undefined;
}

export function parseScenario(text: string, file: string): LoadResult {
  const ctx: Ctx = { file, text, lines: new LineCounter(), problems: [] };
  const fail = (): LoadResult => ({ ok: false, problems: sortProblems(ctx.problems) });

  // A NUL never occurs in YAML text; it means an image, an archive, UTF-16…
  if (text.includes('\u0000')) {
    ctx.problems.push({ file, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' });
    return fail();
  }
  const doc = parseSingleDocument(ctx);
  if (doc === undefined) return fail();
  const data = toData(ctx, doc);
  if (data === undefined) return fail();

  const plugin = pluginOf(data);
  const say = (path: Path, message: string, key?: string): void => report(ctx, placeOf(doc, path, key), message);
  if (plugin === undefined) {
    const shared = SHARED_KEYS_SCHEMA.safeParse(data);
    const x = { data, say, schema: SHARED_KEYS_SCHEMA, callNames: [] };
    for (const issue of shared.error?.issues ?? []) explainIssue(x, issue, []);
    return fail();
  }
  const schema = scenarioSchemaFor(plugin);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const stepsCommand = plugin === DEFAULT_ARCH ? 'bootreplay steps' : `bootreplay steps --arch ${plugin.id}`;
    const x = { data, say, schema, callNames: plugin.callNames, stepsCommand };
    for (const issue of parsed.error.issues) explainIssue(x, issue, []);
  }
  semanticChecks(ctx, doc, data, plugin);

  if (!parsed.success || ctx.problems.length > 0) return fail();
  const scenario = resolve(ctx, doc, parsed.data, plugin);
  return scenario === undefined ? fail() : { ok: true, scenario, plugin };
}

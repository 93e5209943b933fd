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
import { DEFAULT_LIMITS, limitMessage, type Limits } from './limits.js';
import type { Path } from './path-text.js';
import { capProblems, sortProblems, type InputProblem } from './problems.js';
import { resolve } from './resolve.js';
import { SHARED_KEYS_SCHEMA, scenarioSchemaFor } from './schema.js';
import { semanticChecks } from './semantic-checks.js';
import type { Scenario } from './types.js';
import { parseSingleDocument, toData } from './yaml-document.js';
import { placeOf, report, type Ctx } from './yaml-positions.js';
import { explainIssue } from './zod-issues.js';

/**
 * zod's English message for an enum lists every allowed value, per issue: 10,000 unknown
 * calls spent a third of their time there. zod-issues.ts writes its own message for those.
 */
const ZOD_PARAMS = { error: (issue: { code: string }): string | undefined => (issue.code === 'invalid_value' ? 'invalid value' : undefined) };

export type LoadResult = { ok: true; scenario: Scenario; plugin: ArchPlugin } | { ok: false; problems: InputProblem[] };

/** The plug-in `arch:` names (the default when it is left out), or undefined when it names none. */
function pluginOf(data: unknown): ArchPlugin | undefined {
  const arch = isRecord(data) ? data['arch'] : undefined;
  if (arch === undefined) return DEFAULT_ARCH;
  return typeof arch === 'string' ? archById(arch) : undefined;
}

/**
 * A lone CR is a line break in YAML 1.2 (and in every editor), but the yaml
 * package reads it as an ordinary character: positions after it would be a
 * line early. Replacing it with LF changes no offset, and inside scalars YAML
 * normalizes line breaks to LF anyway.
 */
function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** A leading byte order mark is not part of the text an editor shows (files.ts's decoder drops it too); columns count from after it. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Loads a scenario from its text. `file` is only used to label problems and
 * as the default name. Problems come sorted by position and capped at
 * limits.maxProblems, the rest counted in a last "… and N more" problem.
 */
export function parseScenario(text: string, file: string, limits: Limits = DEFAULT_LIMITS): LoadResult {
  const ctx: Ctx = { file, text: normalizeLineBreaks(withoutBom(text)), lines: new LineCounter(), problems: [] };
  const fail = (): LoadResult => ({ ok: false, problems: capProblems(sortProblems(ctx.problems), limits.maxProblems) });

  // A NUL never occurs in YAML text; it means an image, an archive, UTF-16…
  if (text.includes('\u0000')) {
    ctx.problems.push({ file, message: 'not a text file (it contains NUL bytes); a scenario is UTF-8 YAML' });
    return fail();
  }
  // files.ts checks the size before reading; this covers text from elsewhere (tests, fuzzing, future stdin)
  if (text.length > limits.maxFileBytes / 3 && Buffer.byteLength(text) > limits.maxFileBytes) {
    ctx.problems.push({ file, message: limitMessage('max-file-bytes', limits.maxFileBytes, 'too large') });
    return fail();
  }
  const doc = parseSingleDocument(ctx, limits);
  if (doc === undefined) return fail();
  const data = toData(ctx, doc, limits);
  if (data === undefined) return fail();

  const plugin = pluginOf(data);
  const say = (path: Path, message: string, key?: string): void => report(ctx, placeOf(doc, path, key), message);
  if (plugin === undefined) {
    const shared = SHARED_KEYS_SCHEMA.safeParse(data, ZOD_PARAMS);
    const x = { data, say, schema: SHARED_KEYS_SCHEMA, callNames: [] };
    for (const issue of shared.error?.issues ?? []) explainIssue(x, issue, []);
    return fail();
  }
  const schema = scenarioSchemaFor(plugin);
  const parsed = schema.safeParse(data, ZOD_PARAMS);
  if (!parsed.success) {
    const x = { data, say, schema, callNames: plugin.callNames };
    for (const issue of parsed.error.issues) explainIssue(x, issue, []);
  }
  semanticChecks(ctx, doc, data, plugin);

  if (!parsed.success || ctx.problems.length > 0) return fail();
  const scenario = resolve(ctx, doc, parsed.data, plugin);
  return scenario === undefined ? fail() : { ok: true, scenario, plugin };
}

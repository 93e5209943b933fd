/**
 * The JSON report, format version 1 (DESIGN §6). Field order is fixed and no
 * timestamps or absolute paths appear, so the same input gives the same bytes.
 * Fields added for the CI gates (all extra fields, which version 1 allows):
 * `arch` and `variant` of a result, `key` (findingKey) and `state` of a
 * finding, `unmet` and `unusedAllows` of a result, their counts in `summary`,
 * `shard` in a sharded run's report (`merge` joins shards back: the run's
 * units and options, with `maxFindings`, each file's `maxFindingsAt` and,
 * with a baseline, `absent` per file, for the files merge refuses at
 * max-findings; `overEvents`, the files the shard refused at max-events with
 * the findings of the variants it checked before; src/gate/types.ts ShardInfo), and
 * `scenario` of an input problem in a base file (the derived file it makes
 * invalid), `more` of the "… and N more problems" entry of max-problems,
 * and `summary.problems`, the number of input problems (that entry counting N).
 */
import { problemCount, type InputProblem } from '../scenario/problems.js';
import type { Allowance, Expectation } from '../scenario/types.js';
import { callRefText, editData } from '../scenario/order-edit.js';
import type { Finding } from '../rules/types.js';
import { hex } from '../units.js';
import { totals, type CheckedFinding, type Countable, type GatedResult, type Report, type Shortfall, type UnusedAllow } from '../gate/types.js';
import { jsonChunks, jsonText, JsonSequence } from './json-text.js';
import type { ChunkedText } from './report-text.js';

export const REPORT_VERSION = 1;

/** A finding as the JSON report writes it (also `diff --format json`). */
export function findingJson(f: Finding): Record<string, unknown> {
  const addresses: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.addresses)) addresses[k] = hex(v);
  return {
    rule: f.rule,
    severity: f.severity,
    step: f.step.name,
    index: f.step.index,
    // only for a finding in another file than the result's (a base of a derived scenario)
    ...(f.pos.file !== undefined ? { file: f.pos.file } : {}),
    line: f.pos.line,
    column: f.pos.col,
    message: f.message,
    related: f.related.map((r) => ({
      step: r.step.name, index: r.step.index, ...(r.step.pos.file !== undefined ? { file: r.step.pos.file } : {}), line: r.step.pos.line, column: r.step.pos.col, role: r.role,
    })),
    ...(f.slot !== undefined ? { slot: f.slot } : {}),
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
    addresses,
    consequence: f.consequence,
    fix: f.fix,
    ...(f.fixEdits !== undefined ? { fixEdits: f.fixEdits.map(editData) } : {}),
    ...(f.harmless === true ? { harmless: true } : {}),
    // the kernel never gets here: an earlier finding halts it (its severity is kept)
    ...(f.afterHalt !== undefined ? { afterHalt: { rule: f.afterHalt.rule, step: f.afterHalt.step.name, index: f.afterHalt.step.index } } : {}),
  };
}

/** A finding of a gated result: the finding, its identity and its state in the gate. */
function checkedFindingJson({ finding, key, state, allowedBy }: CheckedFinding): unknown {
  return { ...findingJson(finding), key, state, ...(allowedBy !== undefined ? { reason: allowedBy.reason } : {}) };
}

/** An expect:/allow: entry as written (count: only when not 1), and for an unmet or unused one how far it fell short. */
function entryJson(e: Expectation | Allowance | Shortfall<Expectation> | UnusedAllow): Record<string, unknown> {
  return {
    rule: e.rule,
    step: callRefText(e.step),
    ...(e.variant !== undefined ? { variant: e.variant } : {}),
    ...(e.count !== 1 ? { count: e.count } : {}),
    ...(e.severity !== undefined ? { severity: e.severity } : {}),
    ...('reason' in e ? { reason: e.reason } : {}),
    line: e.pos.line,
    column: e.pos.col,
    ...('matched' in e ? shortfallJson(e) : {}),
  };
}

/** `matched`, `occurred` (gate-text.ts words them), `otherSeverities` if any, `variants` for a matrix's unused allow. */
function shortfallJson(e: Shortfall<Expectation> | UnusedAllow): Record<string, unknown> {
  return {
    matched: e.matched,
    occurred: e.occurred,
    ...(Object.keys(e.otherSeverities).length > 0 ? { otherSeverities: e.otherSeverities } : {}),
    ...('variants' in e && e.variants !== undefined ? { variants: e.variants } : {}),
  };
}

/**
 * Findings of one result past which jsonChunks writes them one at a time. Why: a result's text is about 3.6 KB a
 * finding (7.4 MB for the 2,048 of fixmap-users); written whole it was one string in V8's large-object space
 * (past about 128 KB), whose fresh pages cost a fault each, and so were the objects of every finding held at once.
 * Below it a result stays one piece (fewer pieces, one JSON.stringify).
 */
const FINDINGS_ONE_BY_ONE = 32;

/** A result's findings as JSON: an array, or past FINDINGS_ONE_BY_ONE a JsonSequence (the same text). */
function findingsJson(checked: readonly CheckedFinding[]): unknown {
  if (checked.length <= FINDINGS_ONE_BY_ONE) return checked.map(checkedFindingJson);
  return new JsonSequence(checked.length, (i) => checkedFindingJson(checked[i] as CheckedFinding));
}

function resultJson(r: GatedResult): unknown {
  return {
    file: r.file,
    ...(r.variant !== undefined ? { variant: r.variant } : {}),
    name: r.name,
    arch: r.arch,
    kernel: r.kernel,
    ...r.fields,
    status: r.status,
    findings: findingsJson(r.checked),
    unmet: r.unmet.map(entryJson),
    unusedAllows: r.unusedAllows.map(entryJson),
    // a matrix variant's allow: entries that took their count here: `merge` tells from them which entries
    // no variant of the run used (src/gate/gate.ts fileUnusedAllows), when the variants were replayed in several shards
    ...(r.variant !== undefined && r.allowsUsed.length > 0 ? { allowsUsed: r.allowsUsed.map((a) => ({ line: a.pos.line, column: a.pos.col })) } : {}),
    // null when the replay halted before setup_arch(), with why (as `layout` and `run --layout` say it)
    layout: r.layoutJson ?? null,
    // a boot that a finding halts: the layout is the state at that step (src/report/halt-point.ts), and this says which
    ...(r.layoutWhen !== undefined ? { layoutWhen: r.layoutWhen } : {}),
    ...(r.noLayout !== undefined ? { noLayout: r.noLayout } : {}),
  };
}

/** The `summary` object; `merge` adds up the shards' summaries field by field. */
export function summaryJson(results: readonly Countable[]): Record<string, number> {
  const t = totals(results);
  return {
    scenarios: t.scenarios, failed: t.failed, passed: t.scenarios - t.failed, errors: t.errors, warnings: t.warnings, infos: t.infos,
    expected: t.expected, suppressed: t.suppressed, baseline: t.baseline, unmet: t.unmet, unusedAllows: t.unusedAllows,
  };
}

/**
 * An input problem; `scenario` only for one in a base that a derived file
 * reached (the file it makes invalid); `more` only on the "… and N more
 * problems" line of max-problems: N, the problems it stands for (counted in
 * `summary.problems`, which is problemCount, not the length of `problems`).
 */
export function problemJson(p: InputProblem): unknown {
  return {
    file: p.file, ...(p.scenario !== undefined ? { scenario: p.scenario } : {}), ...(p.variant !== undefined ? { variant: p.variant } : {}),
    line: p.line ?? null, column: p.col ?? null, message: p.message, ...(p.more !== undefined ? { more: p.more } : {}),
  };
}

/**
 * The `problems` array of a report, each entry as problemJson writes it, in the order given (sorted as the
 * text on stderr lists them): run's report, and the report that diff, suggest, constraints and bisect write
 * with -f json when their inputs did not load (src/cli/problems-json.ts).
 */
export function problemsJson(problems: readonly InputProblem[]): unknown[] {
  return problems.map(problemJson);
}

/** The JSON report (format version REPORT_VERSION) as one string. */
export function formatJson(report: Report): string {
  return jsonText(reportJson(report));
}

/** formatJson's text in pieces, each result made as it is written (jsonChunks): what `run -f json` writes. */
export function formatJsonChunks(report: Report): ChunkedText {
  return { chunks: jsonChunks(reportJson(report)) };
}

function reportJson(report: Report): unknown {
  const { results } = report;
  return {
    version: REPORT_VERSION,
    ...(report.shard !== undefined ? { shard: report.shard } : {}),
    results: new JsonSequence(results.length, (i) => resultJson(results[i] as GatedResult)),
    // inputs that did not load (files, variants the model rejected), and the input problems (`problems`, one
    // entry each, some in no invalid file: a link a directory walk skipped; a "… and N more" entry counts N), as the text summary counts them
    // and, with --baseline, its findings of the replayed scenarios that no longer occur (merge adds up the shards')
    summary: { ...summaryJson(report.results), invalid: report.invalid ?? 0, problems: problemCount(report.problems), ...(report.baseline ? { absent: report.absent.length } : {}) },
    problems: problemsJson(report.problems),
  };
}

/**
 * `bootreplay merge`: the JSON reports of a sharded run (`run --shard i/n
 * --format json`) joined into the report the unsharded run writes, byte for
 * byte: results back in the unsharded order (each shard report lists every
 * scenario's display name in it), summaries added up field by field (each
 * result's status checked against its findings and unmet expectations, as
 * the gate derives it, each finding's state against the options the shard
 * records, and each shard's summary against its own results first: the exit
 * code follows the findings, never a status, state or summary edited to
 * pass), the
 * input problems (which every shard reports alike, having loaded every file)
 * once, and the `shard` header dropped. A file whose variants, counted in
 * the run's order over every shard's results, reach max-findings is refused
 * as the unsharded run refuses it (src/gate/max-findings.ts): its results are
 * dropped and its one problem joins the input problems, at the place each
 * shard records (`shard.maxFindingsAt`), with the limit the shards record.
 * Shards of one run only: same shard
 * count, same scenario list, same input problems and the same options
 * (format, -v, --layout, --no-allow, the baseline's content, --variant,
 * max-findings); a difference is named. Pure: texts in, text or a reason out.
 */
import * as z from 'zod/mini';
import { checkReport, otherVersion, reportIssueText, wholeNumber } from '../gate/baseline.js';
import { mergeUnusedAll, unusedOncePerFile, type UnusedAllowView } from '../gate/gate.js';
import { jsonSyntaxPosition, jsonValuePosition, reportTextProblem, textShape } from '../gate/json-position.js';
import { textPosition } from '../scenario/text-position.js';
import { duplicateKeyProblem } from '../gate/duplicate-key.js';
import { problemJson, summaryJson } from './json.js';
import { findingsLimitReached, tooManyFindings, withRefused, type FindingsBlame } from '../gate/max-findings.js';
import { problemCount, type InputProblem } from '../scenario/problems.js';
import { DEFAULT_LIMITS, isLimitProblem, limitMessage, REPORT_LIMITS } from '../scenario/limits.js';
import { plural } from './plural.js';
import { gatedStatus } from '../gate/gate.js';
import { isShard, MAX_SHARDS, shardOf } from '../gate/shard.js';
import { displayName } from '../scenario/types.js';
import { jsonText } from './json-text.js';
import { archById } from '../arch/index.js';

/**
 * The options `run --shard i/n --format json` records (ShardOptions in
 * src/gate/types.ts), as it can record them: --layout and
 * --update-baseline are usage errors with --format json and --shard, so
 * the layout is false and the baseline null or the digest of the
 * --baseline file. A value run cannot write would make stateMismatch
 * read the options wrongly (break-253 F5: `"baseline": "x"` let a live
 * error relabelled "baseline" merge to exit 0), so it is refused, located.
 */
const RecordedOptions = z.strictObject({
  format: z.literal('json'),
  verbose: z.boolean(),
  layout: z.literal(false),
  allow: z.boolean(),
  baseline: z.nullable(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, { error: 'null (no --baseline) or "sha256:" and the 64 hex digits of the baseline\'s SHA-256' }))),
  variant: z.nullable(z.string({ error: 'null (no --variant) or the --variant pattern, a string' })),
  // absent in reports of bootreplay before merge applied max-findings: refused (maxFindingsOf)
  maxFindings: z.optional(z.number()),
});

/**
 * A shard report as run writes it: strict objects at every level merge
 * reads, so that a key run never writes is refused (located) rather than
 * copied into the merged report or held in memory (break-253 N1, F4);
 * results are checked key by key by strayKey (an architecture adds its own).
 */
const ShardReport = z.strictObject({
  version: z.literal(1),
  shard: z.strictObject({
    index: z.number(), count: z.number(), units: z.array(z.string()),
    // absent in reports of bootreplay before options were recorded: such shards match only each other
    options: z.optional(RecordedOptions),
    // absent in reports of bootreplay before merge applied max-findings: refused (mergeReports)
    maxFindingsAt: z.optional(z.array(z.strictObject({
      file: z.string(), key: z.enum(['matrix', 'setup_arch']),
      at: z.strictObject({ file: z.string(), line: z.number(), column: z.number() }), setupArch: z.optional(z.string()),
    }))),
    // with --baseline: per file with any, its baseline findings no longer found (at least one)
    // our words for a refusal, not zod's ("Too small: expected number to be >=1": break-255 N4)
    // variant: of a gone file's entry (its findings are sharded by file and variant), when the baseline names one
    absent: z.optional(z.array(z.strictObject({ file: z.string(), variant: z.optional(z.string()), count: wholeNumber(1, Number.MAX_SAFE_INTEGER, 'a whole number from 1 (the baseline findings of the file no longer found)') }))),
    // absent when the shard refused no file at max-events, and in reports of bootreplay before it was recorded
    overEvents: z.optional(z.array(z.strictObject({ file: z.string(), found: z.array(z.strictObject({ unit: z.string(), findings: wholeNumber(0, Number.MAX_SAFE_INTEGER, 'a whole number from 0 (findings of the unit)') })) }))),
  }),
  results: z.array(z.looseObject({ file: z.string(), variant: z.optional(z.string()) })),
  summary: z.record(z.string(), z.number()),
  problems: z.array(z.unknown()),
});

type Parsed = z.output<typeof ShardReport>;

/**
 * The keys of a report's summary, in the order run writes them (formatJson
 * in json.ts): the merged summary has these and no other (a key a shard's
 * summary adds is not carried over, review 16a, 4.2); `absent` only with
 * --baseline, `problems` absent in reports of an older bootreplay.
 */
const SUMMARY_KEYS: readonly string[] = [...Object.keys(summaryJson([])), 'invalid', 'problems', 'absent'];

/** Summary counts of what every shard loaded alike (the input side): taken from one shard, not added up. */
const ONCE: ReadonlySet<string> = new Set(['invalid', 'problems']);

/** The keys findingJson and checkedFindingJson (json.ts) write besides the ones merge reads itself. */
const FINDING_KEYS = [
  'step', 'index', 'file', 'column', 'message', 'related', 'slot', 'subject', 'addresses', 'consequence', 'fix', 'fixEdits', 'harmless', 'afterHalt', 'key',
] as const;

/** What the summary counts of each result (summaryJson in json.ts), read after checkReport has read the findings as a baseline does. */
const CountedResults = z.array(z.looseObject({
  file: z.string(),
  variant: z.optional(z.string()),
  status: z.enum(['pass', 'fail']),
  // every key findingJson and checkedFindingJson (json.ts) write, and no other (break-253 N1)
  findings: z.array(z.strictObject({
    rule: z.string(), severity: z.enum(['error', 'warning', 'info']), line: z.number(), state: z.enum(['live', 'expected', 'suppressed', 'baseline']),
    // the rest as checkReport reads them (or not at all): here only that a finding has no other key
    reason: z.optional(z.unknown()),
    ...Object.fromEntries(FINDING_KEYS.map((k) => [k, z.optional(z.unknown())])),
  })),
  unmet: z.array(z.unknown()),
  unusedAllows: z.array(z.unknown()),
}));

/** The keys resultJson (json.ts) writes in every result, besides its architecture's (ArchPlugin.resultFields). */
const RESULT_KEYS: ReadonlySet<string> = new Set([
  'file', 'variant', 'name', 'arch', 'kernel', 'status', 'findings', 'unmet', 'unusedAllows', 'allowsUsed', 'layout', 'layoutWhen', 'noLayout',
]);

/**
 * The first key of a result that run never writes (resultJson in json.ts:
 * RESULT_KEYS and the result's architecture's fields), as its path: refused
 * rather than dropped, since a report run wrote has none, so one that has
 * is not what the shard's run reported (break-253 N1: `"zz": "forged"` was
 * copied into the merged report).
 */
function strayKey(results: readonly Readonly<Record<string, unknown>>[]): PropertyKey[] | undefined {
  for (const [i, r] of results.entries()) {
    const arch = r['arch'];
    const fields = typeof arch === 'string' ? archById(arch)?.resultFields ?? [] : [];
    const key = Object.keys(r).find((k) => !RESULT_KEYS.has(k) && !fields.includes(k));
    if (key !== undefined) return ['results', i, key];
  }
  return undefined;
}

/**
 * The summary counts of a report's results, made by summaryJson (json.ts) as
 * run makes them: merge adds up these, never what a shard's own `summary`
 * says, so an edited summary cannot change the merged verdict.
 */
function countsOf(results: z.output<typeof CountedResults>): Record<string, number> {
  return summaryJson(results.map((r) => ({ ...r, checked: r.findings.map((f) => ({ state: f.state, finding: { severity: f.severity } })) })));
}

/**
 * The first result whose `status` is not the one its findings' states and
 * severities and its unmet expectations give (gatedStatus, as `run` gates),
 * with what is wrong: a result edited to pass over live errors (the summary
 * edited to match), or written by a bootreplay that gates otherwise.
 */
function statusMismatch(results: z.output<typeof CountedResults>): { index: number; message: string } | null {
  for (const [index, r] of results.entries()) {
    const status = gatedStatus({ ...r, checked: r.findings.map((f) => ({ state: f.state, finding: { severity: f.severity } })) });
    if (status === r.status) continue;
    const live = r.findings.filter((f) => f.state === 'live' && f.severity === 'error').length;
    const why = status === 'fail'
      ? [...(live > 0 ? [plural(live, 'live error')] : []), ...(r.unmet.length > 0 ? [plural(r.unmet.length, 'unmet expectation')] : [])].join(' and ')
      : 'no live error and no unmet expectation';
    const name = displayName({ file: r.file, variant: r.variant });
    return { index, message: `result ${name} says "${r.status}", but it has ${why}: its status is "${status}"` };
  }
  return null;
}

/**
 * The first finding whose `state` the shard's recorded options cannot give
 * (gateResult in src/gate/gate.ts), with why: "baseline" in a shard run
 * without --baseline (its header records no baseline digest), "suppressed"
 * in one run with --no-allow (no allow: entry is honoured) or without the
 * `reason` that the allow: entry suppressing a finding always gives. A live
 * error relabelled so, the status and summary edited to match, merged to
 * exit 0 (review 14, 4.4). "live" and "expected" (expect: is honoured under
 * every option) are always possible. A shard without recorded options (an
 * older bootreplay) is refused later (maxFindingsOf).
 */
function stateMismatch(options: Readonly<Record<string, unknown>> | undefined, results: z.output<typeof CountedResults>): { path: PropertyKey[]; message: string } | null {
  if (options === undefined) return null;
  const baseline = own(options, 'baseline');
  const allow = own(options, 'allow');
  for (const [i, r] of results.entries()) {
    for (const [j, f] of r.findings.entries()) {
      let why: string | undefined;
      if (f.state === 'baseline' && typeof baseline !== 'string') {
        why = `the shard was run without --baseline (its header records "baseline": ${JSON.stringify(baseline ?? null)}), so no finding of it is in a baseline`;
      } else if (f.state === 'suppressed' && allow === false) {
        why = 'the shard was run with --no-allow (its header records "allow": false), under which no allow: entry suppresses a finding';
      } else if (f.state === 'suppressed' && f.reason === undefined) {
        why = 'it has no "reason", which the allow: entry that suppresses a finding always gives';
      }
      if (why === undefined) continue;
      const name = displayName({ file: r.file, variant: r.variant });
      return { path: ['results', i, 'findings', j, 'state'], message: `result ${name}: its finding ${f.rule} at line ${f.line} is "${f.state}", but ${why}` };
    }
  }
  return null;
}

/** Where a shard's own summary and its results disagree ("failed 0, its results 1"), or null. */
function summaryMismatch(report: Parsed, results: z.output<typeof CountedResults>): string | null {
  const counts = countsOf(results);
  const wrong = Object.entries(counts).filter(([k, n]) => report.summary[k] !== n).map(([k, n]) => `${k} ${String(report.summary[k] ?? 'missing')}, its results ${n}`);
  const invalid = report.summary['invalid'];
  if (invalid !== undefined && !(Number.isInteger(invalid) && invalid >= 0)) wrong.push(`invalid ${invalid}, not a count`);
  // absent in reports of bootreplay before it was counted
  // a "… and N more" entry counts N (problemCount); problems that are not what run writes are refused after this (problemsOf)
  const problems = report.summary['problems'];
  const written = problemsOf(report.problems);
  const count = written === undefined ? undefined : problemCount(written);
  if (problems !== undefined && count !== undefined && problems !== count) wrong.push(`problems ${problems}, its problems ${count}`);
  // every input that did not load has an input problem (break-253 F2: invalid 3 with no problem merged to exit 0)
  if (invalid !== undefined && count !== undefined && Number.isInteger(invalid) && invalid > count) wrong.push(`invalid ${invalid}, but ${plural(count, 'input problem')} (each input that did not load has one)`);
  const absent = absentMismatch(report);
  if (absent !== null) wrong.push(absent);
  return wrong.length === 0 ? null : wrong.join('; ');
}

/**
 * Where a shard's summary `absent` is not what its header's per-file counts add up to (break-253 F3: 5, -1 and 0.5
 * were summed into the merged report), or null. Run writes both with --baseline (`absent: []` and 0 when nothing
 * is gone) and neither without; the findings themselves are not in the report, so the header is what the count is
 * checked against. A file of the run's own is listed only by the shard that holds its results.
 */
function absentMismatch(report: Parsed): string | null {
  const summed = own(report.summary, 'absent');
  const listed = report.shard.absent;
  if (summed === undefined) return listed === undefined ? null : 'absent missing, its header counts absent findings (shard.absent)';
  if (!(Number.isInteger(summed) && summed >= 0)) return `absent ${summed}, not a count`;
  if (listed === undefined) return `absent ${summed}, but its header counts none (no shard.absent)`;
  const total = listed.reduce((n, a) => n + a.count, 0);
  if (total !== summed) return `absent ${summed}, its header's shard.absent ${total}`;
  const names = new Set<string>();
  const held = new Set(report.results.map((r) => r.file));
  const runFiles = new Set((report.shard.maxFindingsAt ?? []).map((f) => f.file));
  const { index, count } = report.shard;
  for (const entry of listed) {
    const name = displayName(entry);
    if (names.has(name)) return `shard.absent counts ${name} twice`;
    names.add(name);
    if (runFiles.has(entry.file)) {
      if (!held.has(entry.file)) return `shard.absent counts ${entry.file}, a file of the run this shard holds no result of`;
      continue;
    }
    // a file the run did not find: each shard counts the findings whose scenario name hashes to it (break-255 N2)
    const owner = shardOf(name, count);
    if (owner !== index) return `shard.absent counts ${name}, a file the run did not find whose name hashes to shard ${owner}/${count}, not this one`;
  }
  return null;
}

/** One recorded option as the command line spells it (ShardOptions in src/gate/types.ts). */
function optionText(key: string, v: unknown): string {
  switch (key) {
    case 'format': return `--format ${String(v)}`;
    case 'verbose': return v === true ? '-v' : 'no -v';
    case 'layout': return v === false ? 'no --layout' : `--layout=${String(v)}`;
    case 'allow': return v === false ? '--no-allow' : 'allow: entries honoured (no --no-allow)';
    case 'baseline': return v === null ? 'no --baseline' : v === 'updated' ? '--update-baseline' : `--baseline with other content (${String(v).slice(0, 19)}…)`;
    case 'variant': return v === null ? 'no --variant' : `--variant ${String(v)}`;
    case 'maxFindings': return v === undefined ? 'no recorded max-findings (an older bootreplay)' : `max-findings ${String(v)}`;
    default: return v === undefined ? `no ${key}` : `${key} ${JSON.stringify(v)}`;
  }
}

/** The options in which two shards differ, as "FILE_A has X, FILE_B has Y" parts; [] when they agree. */
function optionDiffs(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): [string, string][] {
  if (a === undefined || b === undefined) return a === b ? [] : [[a === undefined ? 'no recorded options (an older bootreplay)' : 'recorded options', b === undefined ? 'no recorded options (an older bootreplay)' : 'recorded options']];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(own(a, k)) !== JSON.stringify(own(b, k))).map((k) => [optionText(k, own(a, k)), optionText(k, own(b, k))]);
}

/**
 * A report's own value at a key another report (or the same one) named:
 * keys of a shard's options and summary are the file's text, and
 * `constructor` or `toString` must not find Object.prototype's functions.
 */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export type MergeResult =
  /** `problems`: the merged report's input problems (run writes them on stderr, and so does merge) */
  | { ok: true; text: string; failed: number; problems: readonly InputProblem[] }
  /** one message per unusable shard report ("FILE: what is wrong"), or one for shards that do not fit together */
  | { ok: false; messages: readonly string[] };

/** "FILE:line:col: " for a problem at the value at `path` of a shard report's text (json-position.ts). */
function at(file: string, text: string, path: readonly PropertyKey[]): string {
  const pos = jsonValuePosition(text, path);
  return `${file}:${pos.line}:${pos.col}: `;
}

/** What a shard report that run did not write as it is says after what is wrong. */
const EDITED = 'was the report edited? merge reads reports as run --shard i/n --format json writes them';

/** "FILE:line:col: results.3.zz: a key run never writes here; …" for a key no run writes, at its value. */
function strayKeyText(file: string, text: string, path: readonly PropertyKey[]): string {
  return `${at(file, text, path)}${path.map(String).join('.')}: a key run never writes here; ${EDITED}`;
}


/**
 * Why one shard report cannot be merged ("FILE:line:col: what is wrong"), or its parsed content.
 * @param limit max-merge-values
 * @param left the JSON values the shards before it left of it: counted in the pass
 *   that checks the nesting, before JSON.parse builds them, so that the value trees merge holds
 *   at once are bounded over all shards together, not one by one (break-253 F4)
 */
function readShard(file: string, text: string, left: number, limit: number): { ok: true; report: Parsed; values: number } | { ok: false; message: string; values: number } {
  // before JSON.parse: nothing that recurses (zod, JSON.stringify of the merged report) meets such a text
  const shape = textShape(text, Math.min(REPORT_LIMITS.maxReportValues, left));
  if (shape.deepAt < 0 && shape.manyAt >= 0 && left < REPORT_LIMITS.maxReportValues) {
    const pos = textPosition(text, shape.manyAt);
    const found = 'the shard reports up to this one hold more JSON values';
    return { ok: false, values: shape.values, message: `${file}:${pos.line}:${pos.col}: ${limitMessage('max-merge-values', limit, found)}` };
  }
  const deep = shape.deepAt >= 0 || shape.manyAt >= 0 ? reportTextProblem(text) : undefined;
  if (deep !== undefined) return { ok: false, values: shape.values, message: `${file}:${deep.pos.line}:${deep.pos.col}: ${deep.message}; ${EDITED}` };
  const read = parseShard(file, text);
  return { ...read, values: shape.values };
}

/** readShard past the text's shape: the report JSON.parse reads, checked. */
function parseShard(file: string, text: string): { ok: true; report: Parsed } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const pos = jsonSyntaxPosition(text, err);
    return { ok: false, message: `${file}:${pos.line}:${pos.col}: not JSON; merge reads the reports of run --shard i/n --format json` };
  }
  const twice = duplicateKeyProblem(text);
  if (twice !== undefined) return { ok: false, message: `${file}:${twice.line}:${twice.col}: ${twice.message}; ${EDITED}` };
  const version = otherVersion(data);
  if (version !== undefined) return { ok: false, message: `${at(file, text, ['version'])}${version}; run every shard with this bootreplay` };
  const parsed = ShardReport.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const hasShard = typeof data === 'object' && data !== null && 'shard' in data;
    if (!hasShard) return { ok: false, message: `${at(file, text, [])}not a shard report (no "shard" header): write it with run --shard i/n --format json` };
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') return { ok: false, message: strayKeyText(file, text, [...issue.path, issue.keys[0] ?? '']) };
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    return { ok: false, message: `${at(file, text, issue?.path ?? [])}not a bootreplay JSON shard report of format version 1${where === '' || issue === undefined ? '' : ` (at ${where}: ${reportIssueText(issue, text)})`}` };
  }
  const stray = strayKey((data as { results: Readonly<Record<string, unknown>>[] }).results);
  if (stray !== undefined) return { ok: false, message: strayKeyText(file, text, stray) };
  // the header sizes what merge builds (a list of every shard): checked before it is trusted
  const { index, count } = parsed.data.shard;
  if (!isShard(index, count)) {
    return { ok: false, message: `${at(file, text, ['shard'])}shard header ${JSON.stringify(index)}/${JSON.stringify(count)} is no shard of a run: run --shard i/n writes integers 1 ≤ i ≤ n ≤ ${MAX_SHARDS}` };
  }
  // the results as a baseline reads them: a merged report must be one that run --baseline takes
  const checked = checkReport(data, text);
  if (!checked.ok) return { ok: false, message: `${at(file, text, checked.path)}${checked.message}` };
  const counted = CountedResults.safeParse(parsed.data.results, { reportInput: true });
  if (!counted.success) {
    const issue = counted.error.issues[0];
    if (issue?.code === 'unrecognized_keys') return { ok: false, message: strayKeyText(file, text, ['results', ...issue.path, issue.keys[0] ?? '']) };
    const path = ['results', ...(issue?.path ?? [])];
    return { ok: false, message: `${at(file, text, path)}not a bootreplay JSON shard report of format version 1 (at ${path.map(String).join('.')}: ${issue === undefined ? '' : reportIssueText(issue, text, ['results'])})` };
  }
  const wrongState = stateMismatch(parsed.data.shard.options, counted.data);
  if (wrongState !== null) return { ok: false, message: `${at(file, text, wrongState.path)}${wrongState.message}; ${EDITED}` };
  const wrongStatus = statusMismatch(counted.data);
  if (wrongStatus !== null) {
    return { ok: false, message: `${at(file, text, ['results', wrongStatus.index, 'status'])}${wrongStatus.message}; ${EDITED}` };
  }
  const mismatch = summaryMismatch(parsed.data, counted.data);
  if (mismatch !== null) return { ok: false, message: `${at(file, text, ['summary'])}its summary does not count its results (${mismatch}); ${EDITED}` };
  // the results as read, not zod's copies: those list the schema's keys first, and the merged
  // report must be the unsharded one byte for byte
  return { ok: true, report: { ...parsed.data, results: (data as { results: Parsed['results'] }).results } };
}

/**
 * Why shards listing other scenarios (`units`) than the first are refused.
 * The same scenarios in another order (`run $(ls tree/*.yaml | sort -r)`
 * on one runner) would each still be replayed once: a shard picks by the
 * hash of a name, not its position. But the merged report is the report of
 * one run, its results in the order that run read its files, and these
 * shards were not one run: what to do is said, with the first place they
 * differ.
 */
function unitsDiffer(file: string, mine: readonly string[], firstFile: string, first: readonly string[]): string {
  const sorted = (u: readonly string[]): string => JSON.stringify([...u].sort());
  if (mine.length !== first.length || sorted(mine) !== sorted(first)) return `${file}: not from the same run as ${firstFile} (they list different scenarios)`;
  const at = mine.findIndex((u, i) => u !== first[i]);
  return `${file}: lists the same ${first.length} scenarios as ${firstFile} in a different order (number ${at + 1} is ${mine[at] ?? ''} here, ${first[at] ?? ''} there); `
    + 'the merged report is the report of one run, in the order it read its files, so every shard must be given the files in the same order: '
    + "name a directory (bootreplay reads a directory's files in byte order of their paths, on every machine) or a sorted list, "
    + "not a shell glob (sorted by the runner's locale) or a list that differs between runners";
}

/**
 * @param reports each shard report's file name (for messages) and text
 * @param maxFindings the max-findings limit `run` counts (DEFAULT_LIMITS; run has no option for it):
 *   a shard recording another was edited or written by another bootreplay and is refused
 * @param maxValues max-merge-values (tests pass smaller ones)
 */
export function mergeReports(reports: readonly { file: string; text: string }[], maxFindings = DEFAULT_LIMITS.maxFindings, maxValues: number = REPORT_LIMITS.maxMergeValues): MergeResult {
  const shards: { file: string; text: string; report: Parsed }[] = [];
  const unusable: string[] = [];
  let left = maxValues;
  for (const { file, text } of reports) {
    const read = readShard(file, text, left, maxValues);
    left -= read.values;
    if (read.ok) shards.push({ file, text, report: read.report });
    else unusable.push(read.message);
    // past the budget every later shard would be refused alike: one line says it
    if (left < 0) break;
  }
  if (unusable.length > 0) return { ok: false, messages: unusable };
  const fail = (message: string): MergeResult => ({ ok: false, messages: [message] });
  const first = shards[0];
  if (first === undefined) return fail('no reports to merge');
  const { count, units } = first.report.shard;
  const seen = new Map<number, string>();
  for (const { file, report } of shards) {
    if (report.shard.count !== count) return fail(`${file}: shard ${report.shard.index}/${report.shard.count} is from a run with ${report.shard.count} shard${report.shard.count === 1 ? '' : 's'}, ${first.file} from one with ${count}`);
    const diffs = optionDiffs(first.report.shard.options, report.shard.options);
    if (diffs.length > 0) {
      return fail(`${file}: run with other options than ${first.file}: ${diffs.map(([x, y]) => `${y} here, ${x} there`).join('; ')}; merge joins the shards of one run`);
    }
    if (JSON.stringify(report.shard.units) !== JSON.stringify(units)) return fail(unitsDiffer(file, report.shard.units, first.file, units));
    if (JSON.stringify(report.shard.maxFindingsAt) !== JSON.stringify(first.report.shard.maxFindingsAt)) {
      return fail(`${file}: records other places for max-findings problems than ${first.file} (shard.maxFindingsAt); the shards did not read the same files`);
    }
    const twin = seen.get(report.shard.index);
    if (twin !== undefined) return fail(`${file}: shard ${report.shard.index}/${count} again (also ${twin})`);
    seen.set(report.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) return fail(`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs the report of every shard`);
  const input = inputProblems(shards);
  if (!input.ok) return fail(input.message);

  const limit = maxFindingsOf(first, maxFindings);
  if (typeof limit === 'string') return fail(limit);

  const rank = new Map(units.map((u, i) => [u, i]));
  const results = shards.flatMap((s) => s.report.results);
  for (const s of shards) {
    const stray = unlisted(s, units, rank);
    if (stray !== undefined) return fail(stray);
  }
  // each unit's shard, hashed once: a shard holds the results of its own units only
  const owner = new Map(units.map((u) => [u, shardOf(u, count)]));
  for (const s of shards) {
    const foreign = foreignResult(s, count, owner);
    if (foreign !== undefined) return fail(foreign);
  }
  // a file a shard refused at max-events has no results of that shard's variants (the shard dropped the file)
  // (each such file's units found around the variant named in its problem, and hashed to their shard once)
  const unreplayed = new Set<string>();
  // the findings of the variants a shard checked before it refused their file at max-events (its results of it are gone)
  const recorded = new Map<string, number>();
  const byIndex = new Map(shards.map((s) => [s.report.shard.index, { file: s.file, records: new Map((s.report.shard.overEvents ?? []).map((r) => [r.file, r])) }]));
  for (const o of input.overEvents) {
    const name = displayName({ file: o.file, variant: o.problem.variant });
    const at = rank.get(name);
    if (at === undefined) return fail(`${o.file}: a shard refuses ${name} at max-events, which the run did not list (the shard header's "units"); ${EDITED}`);
    // a shard refuses only a variant it replays, and records only its own variants of the file before it: what
    // another shard reports is that shard's (break-238 F2: a forged record or refusal changed the merged report
    // with the order of the arguments)
    const from = byIndex.get(o.shard)?.file ?? '';
    if (shardOf(name, count) !== o.shard) return fail(`${from}: refuses ${name} at max-events, a variant of another shard (its name hashes to shard ${shardOf(name, count)}/${count}); ${EDITED}`);
    const span = fileSpan(units, at, o.file);
    for (let i = span.start; i < span.end; i++) if (owner.get(units[i] ?? '') === o.shard) unreplayed.add(units[i] ?? '');
    const record = byIndex.get(o.shard)?.records.get(o.file);
    for (const f of record?.found ?? []) {
      const i = rank.get(f.unit);
      if (i === undefined || i < span.start || i >= at + 1 || shardOf(f.unit, count) !== o.shard || recorded.has(f.unit)) {
        return fail(`${from}: records the findings of ${f.unit} for ${o.file} (shard.overEvents), which is not a variant of the file it checked before ${name}; ${EDITED}`);
      }
      recorded.set(f.unit, f.findings);
    }
  }
  const unheld = missingResult(shards, units, unreplayed, owner);
  if (unheld !== undefined) return fail(unheld);
  results.sort((a, b) => (rank.get(displayName(a)) ?? 0) - (rank.get(displayName(b)) ?? 0));
  const checked = refuseOverLimit(results, limit.maxFindings, limit.places, { first: firstOverEvents(input.overEvents, rank), recorded }, units);
  if (!checked.ok) return fail(checked.message);
  const { kept, refused } = checked;
  // as the shard wrote them (the bytes of the unsharded run's) unless a file is refused here
  const all = withRefused(input.common, refused.map((r) => r.problem));
  const problems = refused.length === 0 ? first.report.problems : all.map(problemJson);
  // a matrix's unused allow: entries, once per file over every shard's variants (as the unsharded run reports them)
  const joined = unusedOncePerFile(kept, JSON_UNUSED);
  // what a refused file's results counted, taken off the shards' sums (as the unsharded run never counted them)
  const dropped = refused.flatMap((r) => r.results);
  const droppedCounts = dropped.length === 0 ? {} : countsOf(CountedResults.parse(dropped));
  const refusedFiles = new Set(refused.map((r) => r.file));
  const droppedAbsent = shards.reduce((n, s) => n + (s.report.shard.absent ?? []).filter((a) => refusedFiles.has(a.file)).reduce((m, a) => m + a.count, 0), 0);
  const summary: Record<string, number> = {};
  // every shard loads every file and reports the same problems (kept once, below): so the invalid and problems
  // counts too, with the files refused here; the other counts are each shard's, checked against its results
  // (summaryMismatch), less the refused files', but unusedAllows, counted again over the joined results
  for (const key of SUMMARY_KEYS.filter((k) => Object.hasOwn(first.report.summary, k))) {
    summary[key] = ONCE.has(key) ? (first.report.summary[key] ?? 0) : shards.reduce((n, s) => n + (own(s.report.summary, key) ?? 0), 0) - (own(droppedCounts, key) ?? 0);
  }
  // the first shard's count less its own max-events refusals: what every shard counts alike
  if (Object.hasOwn(summary, 'invalid')) summary['invalid'] = (summary['invalid'] ?? 0) - input.overEvents.filter((o) => o.shard === first.report.shard.index).length + refused.length;
  if (Object.hasOwn(summary, 'problems')) summary['problems'] = problemCount(all);
  if (Object.hasOwn(summary, 'absent')) summary['absent'] = (summary['absent'] ?? 0) - droppedAbsent;
  if (Object.hasOwn(summary, 'unusedAllows')) summary['unusedAllows'] = joined.reduce((n, r) => n + unusedOf(r).length, 0);
  const merged = { version: 1, results: joined, summary, problems };
  return { ok: true, text: jsonText(merged), failed: summary['failed'] ?? 0, problems: all };
}

/**
 * Where a shard holds a result of a scenario whose name hashes to another
 * shard, located at its `variant` or `file`: `run --shard i/n` replays only
 * the scenarios whose names hash to i (shardOf), so such a result was moved
 * between reports or written by a bootreplay that hashes otherwise. Checked
 * as a shard's max-events refusals are (break-253 F1: one moved from shard
 * 2 to shard 1, both summaries adjusted, merged to exit 0).
 * @param owner each unit's shard (shardOf), hashed once
 */
function foreignResult(shard: { file: string; text: string; report: Parsed }, count: number, owner: ReadonlyMap<string, number>): string | undefined {
  const { index } = shard.report.shard;
  for (const [i, r] of shard.report.results.entries()) {
    const name = displayName(r);
    const to = owner.get(name);
    if (to === undefined || to === index) continue;
    return `${at(shard.file, shard.text, ['results', i, r.variant !== undefined ? 'variant' : 'file'])}result ${name} is a scenario of another shard `
      + `(its name hashes to shard ${to}/${count}, this is shard ${index}/${count}); ${EDITED}`;
  }
  return undefined;
}

/**
 * The first scenario of the run with no result, or a result held twice, named
 * with the shard that should hold it; undefined when every scenario has one
 * result. Each result is its shard's by then (foreignResult), and every
 * shard lists the same units, so neither is a shard run over other files:
 * a report was edited or cut short (break-253 N3).
 * @param unreplayed the units of files their shard refused at max-events (it drops their results)
 */
function missingResult(
  shards: readonly { file: string; text: string; report: Parsed }[], units: readonly string[], unreplayed: ReadonlySet<string>, owner: ReadonlyMap<string, number>,
): string | undefined {
  const held = new Map<string, number>();
  for (const s of shards) {
    for (const [i, r] of s.report.results.entries()) {
      const name = displayName(r);
      // found only for a refusal: a position is a scan of the shard's text from its start (break-255 F1: made for
      // every result, 512 of them cost a merge 3 s)
      const where = (): string => at(s.file, s.text, ['results', i, r.variant !== undefined ? 'variant' : 'file']);
      const twin = held.get(name);
      if (twin !== undefined) return `${where()}result ${name} again (also results.${twin} of this shard); ${EDITED}`;
      if (unreplayed.has(name)) return `${where()}result ${name}, of a file this shard refused at max-events (its problems), whose results the shard drops; ${EDITED}`;
      held.set(name, i);
    }
  }
  const count = shards[0]?.report.shard.count ?? 1;
  const missing = units.find((u) => !held.has(u) && !unreplayed.has(u));
  if (missing === undefined) return undefined;
  const to = owner.get(missing) ?? 0;
  const file = shards.find((s) => s.report.shard.index === to)?.file ?? '';
  return `${file}: holds no result of ${missing}, which its shard replays (the name hashes to shard ${to}/${count}); ${EDITED}`;
}

/**
 * Where a shard holds a result of no scenario its header lists (`units`), as
 * "FILE:line:col: result NAME is …": at its `variant` when the run listed
 * its file with other variants, else at its `file`; undefined when every
 * result is listed.
 */
function unlisted(shard: { file: string; text: string; report: Parsed }, units: readonly string[], rank: ReadonlyMap<string, number>): string | undefined {
  for (const [i, r] of shard.report.results.entries()) {
    const name = displayName(r);
    if (rank.has(name)) continue;
    const fileListed = rank.has(r.file) || units.some((u) => u.startsWith(`${r.file}[`));
    const key = r.variant !== undefined && fileListed ? 'variant' : 'file';
    const what = key === 'variant' ? `a variant of ${r.file} that the run did not list` : 'a file the run did not list';
    return `${at(shard.file, shard.text, ['results', i, key])}result ${name} is ${what} (the shard header's "units" lists every scenario of the run); ${EDITED}`;
  }
  return undefined;
}

/** The max-findings limit the shards record (they agree: optionDiffs), or why a shard of an older bootreplay cannot be merged. */
function maxFindingsOf(first: { file: string; report: Parsed }, counted: number): { maxFindings: number; places: readonly FindingsBlame[] } | string {
  const limit = own(first.report.shard.options ?? {}, 'maxFindings');
  const places = first.report.shard.maxFindingsAt;
  if (places === undefined || typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
    return `${first.file}: records no max-findings limit and places (written by an older bootreplay): merge applies max-findings to every shard's variants of a file together, `
      + 'as the unsharded run does, and needs them; run every shard with this bootreplay';
  }
  if (limit !== counted) {
    // run has no option for it, so a shard of this bootreplay records exactly what it counts: another
    // value is an edited header or another bootreplay, and would let merge pass a file run refuses (review 15, 2)
    return `${first.file}: records max-findings ${limit}, but run always counts ${counted} (no option changes it): `
      + 'the shard was written by another bootreplay or edited; run every shard with this bootreplay';
  }
  return { maxFindings: limit, places };
}

/** A file refused at max-findings: its results (dropped) and its problem. */
interface Refused {
  readonly file: string;
  readonly results: readonly JsonResult[];
  readonly problem: InputProblem;
}

/**
 * The results of the files whose variants stay under `maxFindings` and that no shard refused at max-events,
 * and the files refused, each with the problem `run` gives it: findings counted per file in the run's order
 * (`results` sorted so; a file's results are consecutive), every finding of a result whatever its state, as
 * `run` counts them before allow:, expect: or a baseline weigh them. A file a shard refused at max-events is
 * refused so, unless the variants up to the one over the limit already reach max-findings: the unsharded
 * run stops there and never meets max-events.
 * @param places where each file's max-findings problem goes (the shards' `maxFindingsAt`)
 * @param overEvents per file, the first variant (its rank in `units`) a shard refused at max-events
 *   (firstOverEvents), and the findings of the variants the refusing shards checked (`shard.overEvents`)
 * @param units every scenario and variant of the run, in order (the shard header's): a file's variants
 */
function refuseOverLimit(
  results: readonly JsonResult[], maxFindings: number, places: readonly FindingsBlame[],
  overEvents: { first: ReadonlyMap<string, { rank: number; problem: InputProblem }>; recorded: ReadonlyMap<string, number> }, units: readonly string[],
): { ok: true; kept: JsonResult[]; refused: Refused[] } | { ok: false; message: string } {
  const kept: JsonResult[] = [];
  const refused: Refused[] = [];
  const rank = new Map(units.map((u, i) => [u, i]));
  const groups: { file: string; group: JsonResult[]; at?: number }[] = [];
  for (let first = 0; first < results.length;) {
    const file = (results[first] as JsonResult).file;
    let end = first;
    while (end < results.length && (results[end] as JsonResult).file === file) end++;
    groups.push({ file, group: results.slice(first, end) });
    first = end;
  }
  // a file every shard of which refused it has no results left: its refusal stands alone, at its place in the run's
  // order, so that the refusals are in the order run makes them (file by file) and sortProblems places them alike
  // (break-238 F1: two files refused came out swapped)
  const withResults = new Set(groups.map((g) => g.file));
  for (const [file, { rank: at }] of overEvents.first) if (!withResults.has(file)) groups.push({ file, group: [], at });
  const start = new Map(groups.map((g) => [g.file, fileSpan(units, g.at ?? rank.get(displayName(g.group[0] ?? { file: g.file })) ?? 0, g.file).start]));
  groups.sort((a, b) => (start.get(a.file) ?? 0) - (start.get(b.file) ?? 0));
  for (const { file, group } of groups) {
    const events = overEvents.first.get(file);
    let counts = group.map((r) => findingsOf(r).length);
    if (events !== undefined) {
      // the file's variants in the run's order up to the one over max-events, each counted from its result or
      // from the record of the shard that refused the file after checking it
      const found = new Map(group.map((r) => [displayName(r), findingsOf(r).length]));
      counts = [];
      for (let i = fileSpan(units, events.rank, file).start; i <= events.rank; i++) {
        const u = units[i] ?? '';
        const n = found.get(u) ?? overEvents.recorded.get(u);
        if (n !== undefined) counts.push(n);
        // only the variant over the limit may be uncounted (its own replay met it)
        else if (i < events.rank) return { ok: false, message: `${file}: no shard reports the findings of ${u}, before the variant a shard refused the file at max-events; a shard was run over other files` };
      }
    }
    const over = findingsLimitReached(counts, maxFindings);
    if (over === undefined) {
      if (events !== undefined) refused.push({ file, results: group, problem: events.problem });
      else for (const r of group) kept.push(r);
      continue;
    }
    const blame = places.find((p) => p.file === file);
    if (blame === undefined) return { ok: false, message: `${file}: the shards record no place for its max-findings problem (shard.maxFindingsAt); a shard was run over other files` };
    const at = events?.rank ?? rank.get(displayName(group[0] ?? { file })) ?? 0;
    const span = fileSpan(units, at, file);
    refused.push({ file, results: group, problem: tooManyFindings(blame, over.found, over.replayed, span.end - span.start, maxFindings) });
  }
  return { ok: true, kept, refused };
}
/** A result's findings (checked a list by readShard). */
function findingsOf(r: JsonResult): readonly unknown[] {
  const list = r['findings'];
  return Array.isArray(list) ? list : [];
}

/** An input problem as problemJson (json.ts) writes it. */
const ProblemJson = z.object({
  file: z.string(), scenario: z.optional(z.string()), variant: z.optional(z.string()),
  line: z.nullable(z.number()), column: z.nullable(z.number()), message: z.string(),
  // the "… and N more problems" entry of max-problems (problemJson): N ≥ 1
  more: z.optional(z.int().check(z.gte(1))),
});

/** A shard report's input problems (sorted as run sorts them), or undefined when one is not what problemJson writes. */
function problemsOf(written: readonly unknown[]): InputProblem[] | undefined {
  const parsed = z.array(ProblemJson).safeParse(written);
  if (!parsed.success) return undefined;
  return parsed.data.map((p): InputProblem => ({
    file: p.file,
    ...(p.scenario !== undefined ? { scenario: p.scenario } : {}),
    ...(p.variant !== undefined ? { variant: p.variant } : {}),
    ...(p.line !== null ? { line: p.line } : {}),
    ...(p.column !== null ? { col: p.column } : {}),
    message: p.message,
    ...(p.more !== undefined ? { more: p.more } : {}),
  }));
}

/** A file one shard refused at max-events: the shard (its index), the file (as run names the scenario) and the problem. */
interface OverEvents {
  readonly shard: number;
  readonly file: string;
  readonly problem: InputProblem;
}

/**
 * The input problems every shard reports alike (the loader's: every shard loads every file), sorted as run
 * sorts them, and the files a shard refused at max-events, or why the shards' problems do not fit one run.
 * max-events is met replaying a variant, so only the shard that replays it meets it (a shard replays the
 * variants whose names hash to it): such a refusal is a max-events problem of a file the shard's header
 * lists under `overEvents`, one per file; every other problem must be every shard's, in the same order,
 * and the counts of what did not load (`invalid`, `problems`) must agree once each shard's refusals are
 * taken off. A problem only some shards report means they did not read the same files.
 */
function inputProblems(shards: readonly { file: string; report: Parsed }[]): { ok: true; common: InputProblem[]; overEvents: OverEvents[] } | { ok: false; message: string } {
  const overEvents: OverEvents[] = [];
  let common: { file: string; keys: string; problems: InputProblem[]; invalid: number; count: number } | undefined;
  for (const s of shards) {
    const problems = problemsOf(s.report.problems);
    if (problems === undefined) return { ok: false, message: `${s.file}: an input problem is not one run --format json writes; merge reads reports as run --shard i/n --format json writes them` };
    const refusedFiles = new Set((s.report.shard.overEvents ?? []).map((o) => o.file));
    const refusal = (p: InputProblem): boolean => p.more === undefined && refusedFiles.has(p.scenario ?? p.file) && isLimitProblem(p.message, 'max-events');
    const own = problems.filter(refusal);
    if (own.length !== refusedFiles.size || new Set(own.map((p) => p.scenario ?? p.file)).size !== own.length) {
      return { ok: false, message: `${s.file}: its header lists ${plural(refusedFiles.size, 'file')} refused at max-events (shard.overEvents), its problems ${own.length}; ${EDITED}` };
    }
    for (const p of own) overEvents.push({ shard: s.report.shard.index, file: p.scenario ?? p.file, problem: p });
    const rest = problems.filter((p) => !refusal(p));
    const unrecorded = rest.find((p) => p.more === undefined && isLimitProblem(p.message, 'max-events') && p.line !== undefined);
    if (unrecorded !== undefined) {
      return { ok: false, message: `${s.file}: refuses ${unrecorded.scenario ?? unrecorded.file} at max-events without recording what merge needs for it (shard.overEvents: the findings of the variants the shard checked before); run every shard with this bootreplay` };
    }
    const mine = { file: s.file, keys: JSON.stringify(rest.map(problemJson)), problems: rest, invalid: (s.report.summary['invalid'] ?? 0) - own.length, count: (s.report.summary['problems'] ?? 0) - own.length };
    if (common === undefined) {
      common = mine;
      continue;
    }
    if (mine.keys !== common.keys || mine.invalid !== common.invalid || mine.count !== common.count) {
      return { ok: false, message: `${s.file}: reports other input problems than ${common.file}; the shards did not read the same files` };
    }
  }
  return { ok: true, common: common?.problems ?? [], overEvents };
}

/**
 * Per file, the max-events refusal the unsharded run meets: it replays a file's variants in the run's order and
 * refuses the file at the first replay over the limit, so of the shards' refusals the one of the variant listed
 * first (`rank`: the run's units in order).
 */
function firstOverEvents(overEvents: readonly OverEvents[], rank: ReadonlyMap<string, number>): Map<string, { rank: number; problem: InputProblem }> {
  const first = new Map<string, { rank: number; problem: InputProblem }>();
  for (const o of overEvents) {
    const at = rank.get(displayName({ file: o.file, variant: o.problem.variant })) ?? Number.POSITIVE_INFINITY;
    const known = first.get(o.file);
    if (known === undefined || at < known.rank) first.set(o.file, { rank: at, problem: o.problem });
  }
  return first;
}

/** The units of `file` around `units[at]`, one of them: [start, end) (a file's units are consecutive, as run lists them). */
function fileSpan(units: readonly string[], at: number, file: string): { start: number; end: number } {
  let start = at;
  while (start > 0 && ofFile(units[start - 1] ?? '', file)) start--;
  let end = at;
  while (end < units.length && ofFile(units[end] ?? '', file)) end++;
  return { start, end };
}

/** Whether unit name `unit` (displayName) is `file` or one of its variants. */
function ofFile(unit: string, file: string): boolean {
  return unit === file || (unit.startsWith(file) && unit[file.length] === '[' && unit.endsWith(']'));
}

/** An unused allow: entry as a JSON report writes it (entryJson in json.ts): what joining needs of it. */
const UnusedJson = z.looseObject({ line: z.number(), column: z.number(), matched: z.number(), occurred: z.number(), variants: z.optional(z.number()) });
type UnusedEntry = z.output<typeof UnusedJson>;
const Positions = z.array(z.looseObject({ line: z.number(), column: z.number() }));

type JsonResult = Parsed['results'][number];

/** A result's unused allow: entries, the objects as read (not zod's copies: their key order is the report's). */
function unusedOf(r: JsonResult): UnusedEntry[] {
  const list = r['unusedAllows'];
  return Array.isArray(list) ? list.filter((u: unknown): u is UnusedEntry => UnusedJson.safeParse(u).success) : [];
}

/** fileUnusedAllows (src/gate/gate.ts) over the results of JSON reports. */
const JSON_UNUSED: UnusedAllowView<JsonResult, UnusedEntry> = {
  file: (r) => r.file,
  variant: (r) => r.variant,
  unused: unusedOf,
  used: (r) => {
    const parsed = Positions.safeParse(r['allowsUsed']);
    return parsed.success ? parsed.data.map((p) => ({ line: p.line, col: p.column })) : [];
  },
  at: (u) => ({ line: u.line, col: u.column }),
  merge: mergeUnusedAll,
  with: (r, unusedAllows) => ({ ...r, unusedAllows }),
};

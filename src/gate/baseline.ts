/**
 * Baselines (ESLint's bulk suppressions): a previous `--format json` report
 * lists the findings a project has accepted for now; `run --baseline FILE`
 * fails only on findings that are not in it. Findings are matched by the
 * result's file and variant and findingKey, never by line, so edits that
 * move steps do not make old findings new. File paths are compared
 * normalised (baselinePath: `/` separators, no `./` or `x/../`), and a
 * baseline written from another working directory still matches: the run's
 * files and the baseline's are paired one to one (pairFiles): the same path,
 * else a path suffix (`x86_32/a.yaml` run from scenarios/ against a baseline
 * of `scenarios/x86_32/a.yaml`, or the other way round) when each is the
 * other's only suffix partner. A baseline entry never gates two files.
 */
import * as z from 'zod/mini';
import { clip } from '../escape.js';
import { displayName } from '../scenario/types.js';
import type { Severity } from '../rules/types.js';
import type { AbsentFinding } from './types.js';
import { REPORT_VERSION } from '../report/json.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { archById, DEFAULT_ARCH } from '../arch/index.js';
import { didYouMean } from '../scenario/suggest.js';
import { jsonScalarSource, jsonSyntaxPosition, jsonValuePosition, reportTextProblem } from './json-position.js';
import { onFirstUse } from '../memo.js';
import { duplicateKeyProblem } from './duplicate-key.js';

/** Severities from the least to the most serious. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** A whole number from `min` to `max` (safe integers), each refusal saying `allowed` (reportIssueText: "got 1e+308; allowed: …"). */
export function wholeNumber(min: number, max: number, allowed: string): z.ZodMiniNumber<number> {
  return z.int({ error: allowed }).check(z.gte(min, { error: allowed }), z.lte(max, { error: allowed }));
}

/**
 * The schemas of a JSON report as a baseline reads it, built on the first use: a run without --baseline
 * (most cold starts) never builds them (about 30 zod objects, 100 KB of allocation at start-up).
 */
const reportSchemas = onFirstUse(() => {
  /** A line or a column of a scenario file, as a finding and each related step carry it. */
  const Place = wholeNumber(1, Number.MAX_SAFE_INTEGER, 'a whole number from 1 (a line or column of a scenario file)');
  /** A step's number in its order: 0 for a step before setup_arch (head.S, setup_vm), then 1 … the order's calls (at most max-calls). */
  const StepIndex = wholeNumber(0, DEFAULT_LIMITS.maxCalls, `a whole number from 0 (a step before setup_arch) to ${DEFAULT_LIMITS.maxCalls} (max-calls: the longest order)`);
  /** A step's call, as a scenario names it (a C identifier). */
  const StepName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'a call name (a C identifier: letters, digits and _)' }));

  /** A finding as the JSON report writes it (findingJson in src/report/json.ts): the fields a baseline and merge read, with their ranges. */
  const FindingSchema = z.looseObject({
    rule: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'a rule id (lower-case words joined by -: bootreplay explain lists them)' })),
    severity: z.enum(['error', 'warning', 'info']),
    // (optional: a baseline written by hand may leave out what its matching does not read; a value given is checked)
    step: z.optional(StepName),
    index: z.optional(StepIndex),
    key: z.optional(z.string()),
    message: z.string(),
    line: Place,
    column: Place,
    related: z.optional(z.array(z.looseObject({ step: StepName, index: StepIndex, line: Place, column: Place }))),
  });

  const ResultSchema = z.looseObject({
    file: z.string(),
    variant: z.optional(z.string()),
    arch: z.optional(z.string()),
    findings: z.array(FindingSchema),
  });

  /** An input problem as the JSON report writes it (problemJson in src/report/json.ts): what a refusal names of it. */
  const ProblemSchema = z.looseObject({
    file: z.string(),
    line: z.nullable(z.number()),
    column: z.nullable(z.number()),
    // the "… and N more problems" entry of max-problems: N problems (src/report/json.ts problemJson)
    more: z.optional(z.number()),
  });

  /** The part of a JSON report (format version 1) a baseline needs. */
  const BaselineSchema = z.looseObject({
    version: z.literal(1),
    results: z.array(ResultSchema),
    // the input problems of the run that wrote it (always written; optional for hand-made baselines)
    problems: z.optional(z.array(z.unknown())),
  });
  return { BaselineSchema, ProblemSchema };
});

/** The input problems a report's `problems` stand for: one each, N for a "… and N more" entry (problemCount). */
function problemsIn(problems: readonly unknown[]): number {
  let n = 0;
  for (const p of problems) {
    const parsed = reportSchemas().ProblemSchema.safeParse(p);
    const more = parsed.success ? parsed.data.more : undefined;
    n += more !== undefined && Number.isSafeInteger(more) && more >= 1 ? more : 1;
  }
  return n;
}

/** A scenario or variant of a report: its file as given on the command line, and its variant name. */
export interface BaselineUnit {
  readonly file: string;
  readonly variant?: string | undefined;
}

export interface BaselineIndex {
  /**
   * whether the baseline has this finding of this scenario or variant at
   * this severity or a higher one: a finding whose severity rose since the
   * baseline (a warning that is now an error) is new
   */
  has(unit: BaselineUnit, key: string, severity: Severity): boolean;
  /** the baseline findings of this scenario or variant whose keys are not among `present` */
  absent(unit: BaselineUnit, present: ReadonlySet<string>): AbsentFinding[];
  /** whether the baseline lists this scenario's file (as has() matches it: paired by pairFiles), with findings or none */
  names(unit: BaselineUnit): boolean;
  /** the files the baseline lists, normalised (baselinePath), in its order, each once */
  readonly files: readonly string[];
  /** the files left unpaired because they match several of the other side by path suffix (pairFiles), for a note */
  readonly clashes: readonly SuffixClash[];
  /** the files the baseline lists that no file of the run is paired with (pairFiles), normalised, in its order */
  readonly unpaired: readonly string[];
  /** the findings the baseline lists for a file (normalised, as `files` names it), of every variant, in its order */
  findingsOfFile(file: string): AbsentFinding[];
}

/**
 * A file that matches several files of the other side by path suffix, so is
 * paired with none of them: a baseline file (written from inside a
 * directory: `rc1.yaml`) that ends several files replayed (`vmi/rc1.yaml`,
 * `new/rc1.yaml`), or a file replayed that ends several baseline files.
 */
export interface SuffixClash {
  /** which side `file` is of */
  readonly side: 'baseline' | 'run';
  /** normalised (baselinePath) */
  readonly file: string;
  /** the other side's files it matches, normalised, in that side's order */
  readonly partners: readonly string[];
}

/**
 * A file path as baselines compare it: `\` read as `/` (a baseline written
 * on Windows), `.` segments and `x/..` pairs dropped, no trailing `/`.
 * "./scenarios\\x86_32/../x86_32/a.yaml" → "scenarios/x86_32/a.yaml". A
 * leading `..` that cannot be dropped stays.
 */
export function baselinePath(file: string): string {
  const absolute = file.startsWith('/') || file.startsWith('\\');
  const out: string[] = [];
  for (const seg of file.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Whether one normalised path ends with the other at a `/` boundary (or they are equal). */
function suffixOf(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.endsWith(`/${short.replace(/^\//, '')}`);
}

/** The last segment of a normalised path: two paths that are suffixes of each other share it. */
function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Pairs the files of a run with the files of a baseline, one to one (both
 * lists normalised by baselinePath, each file once):
 * - a file of both lists (the same path) is paired with itself, and is then
 *   no suffix partner of any other file;
 * - else a run file and a baseline file are paired when one is a path suffix
 *   of the other (either way: the baseline written in a subdirectory of the
 *   run's working directory, or in a directory above it) and each is the
 *   other's only such partner among the files not paired by path;
 * - a file with several suffix partners is paired with none of them (and its
 *   partners, whose only partner it may be, are not paired either): a clash.
 * So a baseline file gates at most one file replayed: `a.yaml` in a
 * baseline does not stand for a new `x86_32/a.yaml` beside `a.yaml`, and a
 * baseline written inside `vmi/` (`rc1.yaml`) does not stand for both
 * `vmi/rc1.yaml` and a copy `new/rc1.yaml`.
 * @returns each paired run file's baseline file, and the clashes (baseline
 *   files first, then run files, each side in its order)
 */
export function pairFiles(run: readonly string[], baseline: readonly string[]): { pairs: Map<string, string>; clashes: SuffixClash[] } {
  const inBaseline = new Set(baseline);
  const pairs = new Map<string, string>();
  for (const f of run) if (inBaseline.has(f)) pairs.set(f, f);
  // the files left to pair by suffix, grouped by last segment (suffix partners share it): no comparison of every pair
  const restRun = run.filter((f) => !pairs.has(f));
  const restBaseline = baseline.filter((f) => !pairs.has(f));
  const runBySegment = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  for (const f of restRun) add(runBySegment, lastSegment(f), f);
  const partnersOf = new Map<string, string[]>();
  const baselinePartners = new Map<string, string[]>();
  for (const b of restBaseline) {
    const partners = (runBySegment.get(lastSegment(b)) ?? []).filter((r) => suffixOf(r, b));
    baselinePartners.set(b, partners);
    for (const r of partners) add(partnersOf, r, b);
  }
  const clashes: SuffixClash[] = [];
  for (const b of restBaseline) {
    const partners = baselinePartners.get(b) ?? [];
    const [r] = partners;
    if (partners.length > 1) clashes.push({ side: 'baseline', file: b, partners });
    else if (r !== undefined && partnersOf.get(r)?.length === 1) pairs.set(r, b);
  }
  for (const r of restRun) {
    const partners = partnersOf.get(r) ?? [];
    if (partners.length > 1) clashes.push({ side: 'run', file: r, partners });
  }
  return { pairs, clashes };
}

/** A baseline's index, or why the text is none, at line:col of the text (the first bad value, or the syntax error). */
export type BaselineParse = { ok: true; index: BaselineIndex } | { ok: false; message: string; line: number; col: number };

type BaselineReport = z.output<ReturnType<typeof reportSchemas>['BaselineSchema']>;

/**
 * Why parsed JSON is a report of another format version than this
 * bootreplay reads (json.ts REPORT_VERSION), said before any schema check
 * (review 16a, 3.2): "written in report format 2; this bootreplay reads
 * format 1". Undefined for format 1, and for a `version` that is no format
 * number at all (`"1"`, 0), which the schema then names.
 */
export function otherVersion(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Object.hasOwn(data, 'version')) return undefined;
  const v: unknown = (data as Record<string, unknown>)['version'];
  if (v === REPORT_VERSION || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return undefined;
  return `written in report format ${v}; this bootreplay reads format ${REPORT_VERSION} (a newer bootreplay wrote it)`;
}

/** A JSON value's kind in words: "a string", "a number", "null", "a list", "an object". */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** zod's expected types in a JSON report's words (a record, such as the shard summary, is an object too). */
const JSON_EXPECTED: Readonly<Record<string, string>> = { array: 'a list', object: 'an object', record: 'an object', int: 'a whole number' };

/**
 * What is wrong with one value of a report, in the words of the loader's messages ("missing", "expected a
 * string, got a number", "got \"fatal\"; allowed: error, warning, info"), not zod's ("Invalid input: expected
 * string, received undefined"); zod's own message for any other issue.
 */
export function reportIssueText(issue: z.core.$ZodIssue, text?: string, at: readonly PropertyKey[] = []): string {
  // a number as the report writes it (1e999, which JSON.parse reads as Infinity and JSON.stringify writes as null)
  const written = (): string => {
    const source = text !== undefined && typeof issue.input === 'number' ? jsonScalarSource(text, [...at, ...issue.path]) : undefined;
    return clip(source ?? JSON.stringify(issue.input) ?? String(issue.input), 80);
  };
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'missing';
    // a number outside what the field takes (Infinity, 1.5 for a whole number): the value and what is allowed
    if (typeof issue.input === 'number') return `got ${written()}; allowed: ${issue.message === 'Invalid input' ? `a finite ${issue.expected === 'int' ? 'whole number' : 'number'}` : issue.message}`;
    return `expected ${JSON_EXPECTED[issue.expected] ?? `a ${issue.expected}`}, got ${jsonKind(issue.input)}`;
  }
  if (issue.code === 'invalid_value') return `got ${written()}; allowed: ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_format') return `got ${written()}; allowed: ${issue.message}`;
  return issue.message;
}

/**
 * Whether parsed JSON is a report a baseline can be read from (format
 * version 1, results with findings of a known severity, a position and a
 * key), checked as parseBaseline checks it: `merge` checks each shard with
 * it, so that it never writes a report `--baseline` refuses for its
 * findings (one with input problems it writes, exit 2, and parseBaseline
 * refuses for them).
 * @returns the report, or what is wrong, located: "not a bootreplay JSON
 *   report of format version 1 (at results.0.findings: …)", or "finding R
 *   of NAME has no \"key\"…"; `hint` says what to do, as parseBaseline
 *   words it for a baseline
 */
export function checkReport(data: unknown, text?: string): { ok: true; report: BaselineReport } | { ok: false; message: string; hint: string; path: readonly PropertyKey[] } {
  const version = otherVersion(data);
  if (version !== undefined) return { ok: false, message: version, hint: 'write the baseline again with this bootreplay (run --update-baseline)', path: ['version'] };
  const parsed = reportSchemas().BaselineSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    return {
      ok: false, message: `not a bootreplay JSON report of format version 1${where === '' || issue === undefined ? '' : ` (at ${where}: ${reportIssueText(issue, text)})`}`,
      hint: 'a baseline is the output of run --format json', path: issue?.path ?? [],
    };
  }
  for (const [i, r] of parsed.data.results.entries()) {
    // a rule its architecture's plug-in knows (checked for the plug-ins loaded: merge loads every one)
    const arch = r.arch ?? DEFAULT_ARCH.id;
    const ids = archById(arch)?.rules.map((x) => x.meta.id);
    const unknown = ids === undefined ? -1 : r.findings.findIndex((x) => !ids.includes(x.rule));
    const odd = r.findings[unknown];
    if (odd !== undefined && ids !== undefined) {
      return {
        ok: false, message: `not a bootreplay JSON report of format version 1 (at results.${i}.findings.${unknown}.rule: got ${clip(JSON.stringify(odd.rule), 80)}, no ${arch} rule${didYouMean(odd.rule, ids)}; allowed: ${ids.join(', ')})`,
        hint: 'a baseline is the output of run --format json', path: ['results', i, 'findings', unknown, 'rule'],
      };
    }
    const j = r.findings.findIndex((x) => x.key === undefined);
    const f = r.findings[j];
    if (f !== undefined) {
      const name = displayName({ file: baselinePath(r.file), variant: r.variant });
      return {
        ok: false, message: `finding ${f.rule} of ${name} has no "key": the report was written by an older bootreplay`,
        hint: 'write a new baseline with --update-baseline', path: ['results', i, 'findings', j],
      };
    }
  }
  return { ok: true, report: parsed.data };
}

/** Why a shard's report is no baseline, and what is (a merged report has no `shard` header: src/report/merge.ts). */
const SHARD_REPORT = 'a shard\'s report (it has a "shard" header): it lists the findings of part of the scenarios only; '
  + 'merge the shards\' JSON reports (bootreplay merge shard-*.json -o baseline.json) or write the baseline from an unsharded run';

/** Whether parsed JSON is an object with a `shard` key, as run --shard i/n --format json writes (src/report/json.ts). */
function isShardReport(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'shard');
}

/**
 * Why a report written with input problems is no baseline (review 14, 3.2),
 * as `run --update-baseline` refuses to write one (src/cli/run.ts): the files
 * those problems concern were not read, so the report holds none of their
 * findings, and once they are repaired their accepted findings would count as
 * new. `merge -o` writes the report of shards whatever its exit code, so this
 * is where such a report is stopped. Names the first problem's place.
 */
function problemsReport(problems: readonly unknown[]): string {
  const first = reportSchemas().ProblemSchema.safeParse(problems[0]);
  const where = first.success ? `${first.data.file}${first.data.line !== null ? `:${first.data.line}${first.data.column !== null ? `:${first.data.column}` : ''}` : ''}` : undefined;
  const n = problemsIn(problems);
  const place = where === undefined ? '' : n === 1 ? ` (at ${where})` : ` (the first at ${where})`;
  const count = n === 1 ? '1 input problem' : `${n} input problems`;
  return `a report written with ${count}${place}: it holds no findings of the files ${n === 1 ? 'it concerns' : 'they concern'}, `
    + 'so as a baseline their accepted findings would count as new; fix the input problems and write the baseline again '
    + '(run --update-baseline, or bootreplay merge -o when merge exits 0 or 1), or keep the previous baseline';
}

/**
 * Reads a baseline from the text of a JSON report, paired with the files of a run (pairFiles).
 * @param defaultArch the architecture of results that do not name one (reports before `arch` was written)
 * @param runFiles every file the run replays (of every shard, so that each shard pairs alike), as given;
 *   a result of another file is in no baseline
 * @param options.updating the run replaces this baseline (`--baseline F --update-baseline F`): a report
 *   with input problems is read still, so that the run that repairs them can write the new one (it gates
 *   against what it writes, and writes nothing while it has problems of its own)
 * @returns the index, or why the text is no usable baseline (one line):
 *   not JSON, a shard's report (`shard` header, located at that key), not a
 *   JSON report of format version 1, a finding without a key, a report with
 *   input problems (at the first)
 */
export function parseBaseline(text: string, defaultArch: string, runFiles: readonly string[], options: { updating?: boolean } = {}): BaselineParse {
  // before JSON.parse: nothing that recurses (zod, jsonc-parser) meets such a text
  const deep = reportTextProblem(text);
  if (deep !== undefined) return { ok: false, message: `${deep.message}; a baseline is the output of run --format json`, line: deep.pos.line, col: deep.pos.col };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const at = jsonSyntaxPosition(text, err);
    return { ok: false, message: `not a JSON report (${err instanceof Error ? err.message : String(err)}); a baseline is the output of run --format json`, line: at.line, col: at.col };
  }
  // a key written twice: JSON.parse kept the last value, which a reviewer of the committed baseline does not read (break-255 N3)
  const twice = duplicateKeyProblem(text);
  if (twice !== undefined) return { ok: false, message: `${twice.message}; a baseline is the output of run --format json`, line: twice.line, col: twice.col };
  if (isShardReport(data)) {
    // a shard's report holds only its part of the scenarios: as a baseline, every other scenario's accepted findings would be new
    const at = jsonValuePosition(text, ['shard']);
    return { ok: false, message: SHARD_REPORT, line: at.line, col: at.col };
  }
  const checked = checkReport(data, text);
  if (!checked.ok) {
    const at = jsonValuePosition(text, checked.path);
    return { ok: false, message: `${checked.message}; ${checked.hint}`, line: at.line, col: at.col };
  }
  const problems = checked.report.problems ?? [];
  if (problems.length > 0 && options.updating !== true) {
    const at = jsonValuePosition(text, ['problems', 0]);
    return { ok: false, message: problemsReport(problems), line: at.line, col: at.col };
  }
  // each index built in one pass over the results, so that a lookup never walks the whole baseline
  // (a baseline is bounded by its size only: review 16a, 2.3)
  const byName = new Map<string, AbsentFinding[]>();
  // per scenario or variant, each key's most serious severity in the baseline (SEVERITY_RANK)
  const rankByName = new Map<string, Map<string, number>>();
  // per file, the findings of all its variants, in the baseline's order
  const byFile = new Map<string, AbsentFinding[]>();
  for (const r of checked.report.results) {
    const file = baselinePath(r.file);
    const name = displayName({ file, variant: r.variant });
    const list = byName.get(name) ?? [];
    const ranks = rankByName.get(name) ?? new Map<string, number>();
    const ofFile = byFile.get(file) ?? [];
    for (const f of r.findings) {
      // checkReport refused a finding without a key
      if (f.key === undefined) continue;
      const finding: AbsentFinding = { file: r.file, variant: r.variant, arch: r.arch ?? defaultArch, rule: f.rule, severity: f.severity, key: f.key, message: f.message, line: f.line, column: f.column };
      list.push(finding);
      ofFile.push(finding);
      ranks.set(f.key, Math.max(ranks.get(f.key) ?? -1, SEVERITY_RANK[f.severity]));
    }
    byName.set(name, list);
    rankByName.set(name, ranks);
    byFile.set(file, ofFile);
  }
  const files = [...byFile.keys()];
  const { pairs, clashes } = pairFiles([...new Set(runFiles.map(baselinePath))], files);
  /** the baseline's findings of a unit: of the baseline file its file is paired with */
  const fileOf = (unit: BaselineUnit): string | undefined => pairs.get(baselinePath(unit.file));
  const nameOf = (unit: BaselineUnit): string | undefined => {
    const file = fileOf(unit);
    return file === undefined ? undefined : displayName({ file, variant: unit.variant });
  };
  const paired = new Set(pairs.values());
  return {
    ok: true,
    index: {
      has: (unit, key, severity) => {
        const name = nameOf(unit);
        return name !== undefined && (rankByName.get(name)?.get(key) ?? -1) >= SEVERITY_RANK[severity];
      },
      absent: (unit, present) => {
        const name = nameOf(unit);
        return name === undefined ? [] : (byName.get(name) ?? []).filter((f) => !present.has(f.key));
      },
      names: (unit) => fileOf(unit) !== undefined,
      files,
      clashes,
      unpaired: files.filter((f) => !paired.has(f)),
      findingsOfFile: (file) => byFile.get(file) ?? [],
    },
  };
}

/** A file the baseline lists under a directory replayed that the run did not find there: deleted or renamed. */
export interface GoneFile {
  /** normalised (baselinePath) */
  readonly file: string;
  readonly findings: readonly AbsentFinding[];
}

/** Whether a normalised path lies under a normalised directory (`` is the working directory: every relative path). */
function under(file: string, dir: string): boolean {
  if (dir === '') return !file.startsWith('/') && file !== '..' && !file.startsWith('../');
  return file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/**
 * The files a baseline lists with findings that lie under a directory the
 * run walked whole and that the walk did not find (review 14, 4.2): deleted
 * or renamed since the baseline was written. Their findings no longer occur,
 * like a replayed file's gone findings, but no replay asks for them, so
 * without this they stayed in the baseline unsaid, for a file added later
 * under that name to inherit. A file counts as found when a file of the walk
 * (replayed or not: one that did not load is not gone) is the same path or a
 * path suffix partner (pairFiles' rule), so a baseline written in another
 * directory names no file gone that the walk found; its files under no
 * walked directory (`run a.yaml` against a whole tree's baseline) are none of
 * the run's business. Decided from the file system as the walk saw it, so
 * every shard of a run (each walks every directory) finds the same files.
 * @param directories the directory arguments, each walked whole, as given
 * @param found every scenario file the walk found (and the bases they read), as given
 * @returns in the baseline's order
 */
export function goneFiles(index: BaselineIndex, directories: readonly string[], found: readonly string[]): GoneFile[] {
  const dirs = directories.map(baselinePath);
  const bySegment = new Map<string, string[]>();
  for (const f of new Set(found.map(baselinePath))) {
    const list = bySegment.get(lastSegment(f));
    if (list === undefined) bySegment.set(lastSegment(f), [f]);
    else list.push(f);
  }
  const wasFound = (file: string): boolean => (bySegment.get(lastSegment(file)) ?? []).some((f) => suffixOf(f, file));
  return index.unpaired
    .filter((file) => dirs.some((d) => under(file, d)) && !wasFound(file))
    .map((file) => ({ file, findings: index.findingsOfFile(file) }))
    .filter((g) => g.findings.length > 0);
}

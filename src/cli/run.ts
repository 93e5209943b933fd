/**
 * `bootreplay run`: load → (shard) → replay → rules → gates → report.
 * Loaded lazily by main.ts so that --help never pays for zod and yaml.
 * The only place of this command with I/O: reading inputs and the baseline,
 * writing the report, the baseline and GitHub's job summary.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_ARCH } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import { formatProblem, problemCount, sortProblems, type InputProblem } from '../scenario/problems.js';
import { displayName, type Scenario } from '../scenario/types.js';
import { EventLimitError } from '../replay/event-limit.js';
import { replayWith } from '../replay/replay.js';
import { replayWithTimeline } from '../replay/timeline.js';
import { markAfterHalt, searchBeforeHalt } from '../report/halt-point.js';
import { check } from '../rules/index.js';
import { ReplayEngine } from '../compare/engine.js';
import { fixBudgetOf, fixSearchSkipped, withVerifiedFixes, type FixBudget } from '../compare/fix-hints.js';
import { goneFiles, parseBaseline, type BaselineIndex, type GoneFile, type SuffixClash } from '../gate/baseline.js';
import { fileUnmet, fileUnusedAllows, gateResult, type FileVariants, type GateOptions } from '../gate/gate.js';
import { parseShard, shardOf } from '../gate/shard.js';
import { findingsBlame, tooManyFindings, withRefused } from '../gate/max-findings.js';
import type { AbsentFinding, GatedResult, OverEventsCounts, Report, ShardInfo, ShardOptions } from '../gate/types.js';
import { evidenceOf } from '../report/evidence.js';
import type { FormatContext } from '../report/format-context.js';
import { formatReport, needsEvidence } from '../report/formats.js';
import { formatJson } from '../report/json.js';
import { resultOf, type LayoutViews } from '../report/result.js';
import { PLAIN } from '../report/text.js';
import { plural } from '../report/plural.js';
import { formatMatrixTables } from '../report/matrix-table.js';
import { appendText } from '../report/report-text.js';
import { loadArgs, loadErrorText } from './load.js';
import { matrixRows } from './matrix-rows.js';
import { sarifRoot, type SarifRoot } from './sarif-root.js';
import { styleForStdout } from './color.js';
import { errnoCode, errorMessage } from '../errno.js';
import { escapeText } from '../escape.js';
import { decodeText, JSON_REPORT, readRegularFile } from '../scenario/files.js';
import { readProblem } from '../scenario/compose/reader.js';
import { DEFAULT_LIMITS } from '../scenario/limits.js';
import { withinReportLimit } from './report-size.js';
import { reason } from './fs-reason.js';
import { checkAppend, inputIds, OutputError, planFileOutput, planOutput, readBack, sameDestination, stdioAt, stdoutInputRefusal, writeReport, type FileId, type OutputPlan } from './output.js';
import { writeCommands, writeErr, writeOut } from './stdio.js';
import { writeFully } from './fd-write.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, REPORT_TEXT, type Format, type RunOptions } from './run-options.js';
import { HOMEPAGE, VERSION } from './version.js';


interface Unit {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
  /** why its fix hints are not searched (fixSearchSkipped), or undefined */
  readonly fixSkipped: string | undefined;
  /** its share of its file's fix search (fixBudgetOf) */
  readonly fixBudget: FixBudget;
}

/**
 * @param runFiles the files the run replays (every shard's), which the baseline's files are paired with
 * @param updating the run writes a new baseline (--update-baseline) and gates against that (parseBaseline)
 */
/** Whether two paths name one file: the same file (device and inode) when both exist, else the same resolved path. */
function sameFileName(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a, { bigint: true });
    const y = statSync(b, { bigint: true });
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

async function readBaseline(file: string, runFiles: readonly string[], updating: boolean): Promise<{ ok: true; index: BaselineIndex; digest: string } | { ok: false; problem: InputProblem }> {
  // a JSON report: bigger than a scenario may be (max-report-bytes), but still read only if it is a regular file
  const read = readRegularFile(file, JSON_REPORT);
  if (!read.ok) {
    const why = read.message === 'no such file or directory' ? 'no such file (write one with --update-baseline)' : read.message;
    return { ok: false, problem: { file, message: `cannot read the baseline: ${why}` } };
  }
  // as strict as a scenario: invalid UTF-8 would become U+FFFD in keys that then match nothing
  const text = decodeText(read.bytes, REPORT_TEXT);
  if (!text.ok) return { ok: false, problem: readProblem(file, { ...text, reason: `cannot read the baseline: ${text.reason}` }) };
  const parsed = parseBaseline(text.text, DEFAULT_ARCH.id, runFiles, { updating });
  if (!parsed.ok) return { ok: false, problem: { file, line: parsed.line, col: parsed.col, message: parsed.message } };
  // node:crypto loads node's stream modules: only a run with a baseline pays for them (cold start)
  const { createHash } = await import('node:crypto');
  return { ...parsed, digest: `sha256:${createHash('sha256').update(read.bytes).digest('hex')}` };
}

/**
 * Replays and gates the units; with a baseline index, findings in it do not count.
 * A file whose variants, checked in order, reach `maxFindings` findings
 * (max-findings) is refused: its remaining variants are not replayed, none of
 * its results is reported, and `refused` holds one problem for it, at the
 * matrix: that multiplied its findings or its setup_arch (src/gate/max-findings.ts),
 * with the number of its variants (the summary counts the file as invalid).
 * runCommand passes Infinity for a shard (merge applies the limit to the shards' results).
 * The units of one file are consecutive (runCommand builds them file by file).
 * `absent` counts per file the baseline's findings that no longer occur (a shard records them).
 */
function replayAll(
  units: readonly Unit[], format: Format, verbose: boolean, options: GateOptions, views: LayoutViews, maxFindings = DEFAULT_LIMITS.maxFindings,
  all: FileVariants = new Map(),
): {
  results: GatedResult[]; absent: AbsentFinding[]; refused: InputProblem[]; refusedFiles: Set<string>; absentByFile: { file: string; count: number }[];
  overEvents: OverEventsCounts[];
} {
  const results: GatedResult[] = [];
  const overEventsCounts: OverEventsCounts[] = [];
  const absent: AbsentFinding[] = [];
  const refused: InputProblem[] = [];
  const refusedFiles = new Set<string>();
  const absentByFile: { file: string; count: number }[] = [];
  // fixes are replayed and verified before they are shown (src/compare/fix-hints.ts), which costs
  // replays: only for the outputs that show them (every format but text without -v)
  const verify = format !== 'text' || verbose;
  const evidence = needsEvidence(format);
  for (const { file, first, end } of fileRuns(units)) {
    const mine: { result: GatedResult; absent: readonly AbsentFinding[] }[] = [];
    let found = 0;
    let replayed = 0;
    // the findings of each variant checked, in order (a variant whose own replay met max-events has none)
    const counted: number[] = [];
    // a replay (of the variant's order, or of an order a fix search tried) past max-events refuses the file
    let overEvents: EventLimitError | undefined;
    for (let i = first; i < end && found < maxFindings && overEvents === undefined; i++, replayed++) {
      try {
        found += replayUnit(units[i] as Unit, mine, maxFindings - found, { verify, evidence, views, options }, counted);
      } catch (err) {
        if (!(err instanceof EventLimitError)) throw err;
        overEvents = err;
      }
    }
    if (overEvents !== undefined) {
      refusedFiles.add(file);
      refused.push(overEvents.problem);
      overEventsCounts.push({ file, found: counted.map((findings, k) => ({ unit: displayName((units[first + k] as Unit).scenario), findings })) });
    } else if (found >= maxFindings) {
      refusedFiles.add(file);
      refused.push(tooManyFindings(findingsBlame((units[first] as Unit).scenario, end - first), found, replayed, end - first, maxFindings));
    } else {
      let count = 0;
      for (const m of mine) {
        results.push(m.result);
        for (const a of m.absent) absent.push(a);
        count += m.absent.length;
      }
      if (count > 0) absentByFile.push({ file, count });
    }
  }
  // a matrix's allow: entry is unused once per file, not once per variant that did not need it; an unmet
  // expect: is told the other variants that meet it; both say what of the file's variants the run did not replay
  return { results: fileUnusedAllows(fileUnmet(results, all), all), absent, refused, refusedFiles, absentByFile, overEvents: overEventsCounts };
}

/**
 * How many of `findings` each scenario (file and variant) has, in the order they first occur: a shard header's
 * `absent` entries for the baseline's files the run did not find (ShardInfo.absent). By variant, as the shards
 * take them (shardOf(displayName)), so that merge can check each entry is the shard's (break-255 N2).
 */
function countsByScenario(findings: readonly AbsentFinding[]): { file: string; variant?: string; count: number }[] {
  const counts = new Map<string, { file: string; variant?: string; count: number }>();
  for (const a of findings) {
    const name = displayName(a);
    const known = counts.get(name);
    if (known !== undefined) known.count++;
    else counts.set(name, { file: a.file, ...(a.variant === undefined ? {} : { variant: a.variant }), count: 1 });
  }
  return [...counts.values()];
}

/**
 * Replays and checks one variant, searches fixes and draws evidence where the format shows them, and
 * gates its result into `mine`: not when its findings reach `left` (max-findings refuses the file then,
 * and nothing more of it is worth its cost).
 * @param counted gets the findings the rules reported, once they are checked (before a fix search, which may
 *   still meet max-events)
 * @returns the findings the rules reported
 * @throws EventLimitError when a replay makes more than max-events
 */
function replayUnit(
  { plugin, scenario, fixSkipped, fixBudget }: Unit, mine: { result: GatedResult; absent: readonly AbsentFinding[] }[], left: number,
  { verify, evidence, views, options }: { verify: boolean; evidence: boolean; views: LayoutViews; options: GateOptions },
  counted: number[],
): number {
  // the formats that draw maps and paths get the layout timeline from the same replay
  const { trace, timeline } = evidence ? replayWithTimeline(plugin, scenario) : { trace: replayWith(plugin, scenario), timeline: undefined };
  // a finding after one that halts the kernel is marked as such, and gets no fix search (halt-point.ts)
  const checked = markAfterHalt(check(trace, plugin));
  counted.push(checked.length);
  if (checked.length >= left) return checked.length;
  const findings = verify && checked.length > 0
    ? searchBeforeHalt(checked, (reached) => withVerifiedFixes(new ReplayEngine(plugin, scenario), reached, { skipped: fixSkipped, budget: fixBudget }))
    : checked;
  const result = resultOf(plugin, trace, findings, timeline !== undefined ? evidenceOf(plugin, trace, findings, timeline) : undefined, views);
  const gated = gateResult(result, { expect: scenario.expect ?? [], allow: scenario.allow ?? [] }, options);
  mine.push({ result: gated.result, absent: gated.absent });
  return checked.length;
}

/** The units of each file: [first, end) of `units`, whose units of one file are consecutive. */
function fileRuns(units: readonly Unit[]): { file: string; first: number; end: number }[] {
  const runs: { file: string; first: number; end: number }[] = [];
  for (let first = 0; first < units.length;) {
    const file = (units[first] as Unit).scenario.file;
    let end = first;
    while (end < units.length && (units[end] as Unit).scenario.file === file) end++;
    runs.push({ file, first, end });
    first = end;
  }
  return runs;
}

export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  let shard: { index: number; count: number } | undefined;
  if (options.shard !== undefined) {
    const parsed = parseShard(options.shard);
    if (!parsed.ok) {
      writeErr(`bootreplay: ${escapeText(parsed.message)}\n`);
      return EXIT_USAGE;
    }
    shard = parsed.shard;
  }
  if (shard !== undefined && options.updateBaseline !== undefined) {
    // the baseline is everything this run found, and a shard finds only its part: said before replaying
    writeErr(`bootreplay: ${SHARD_BASELINE}\n`);
    return EXIT_USAGE;
  }
  if (options.baseline !== undefined && options.updateBaseline !== undefined && !sameFileName(options.baseline, options.updateBaseline)) {
    // the run gates against the baseline it writes, so another --baseline would only be read and then ignored
    // (helper-185 7: its note said every finding counts as new, and the run then reported them as in baseline)
    writeErr(`bootreplay: ${escapeText(`--baseline ${options.baseline} with --update-baseline ${options.updateBaseline}: a run that writes a baseline gates against the baseline it writes, so ${options.baseline} would not be used; give --update-baseline alone, or the same file to both to refresh it`)}\n`);
    return EXIT_USAGE;
  }
  const loaded = await loadArgs(paths, options.variant);
  if (loaded.usage !== undefined) {
    // a --variant that can pick nothing: said before anything is replayed, with no report
    writeErr(loadErrorText(loaded));
    return EXIT_USAGE;
  }
  if (options.sarifRoot !== undefined) {
    // a typo or an unset variable in the root would otherwise read as "the scenario lies outside it",
    // and a file as the root gave every result an empty URI (review 12, 3.1)
    const notRoot = notADirectory(options.sarifRoot);
    if (notRoot !== undefined) {
      writeErr(`bootreplay: --sarif-root ${escapeText(options.sarifRoot)}: ${notRoot}; give the directory SARIF paths are relative to (the repository's top)\n`);
      return EXIT_USAGE;
    }
  }
  const root = sarifRoot(options.sarifRoot ?? '.');
  if (options.format === 'sarif') {
    // a result code scanning would place at no file of the repository (or at another one): said before replaying
    const outside = outsideRoot(root, loaded.paths, loaded.extendedBy, options.sarifRoot);
    if (outside !== undefined) {
      writeErr(loadErrorText(loaded) + outside);
      return EXIT_USAGE;
    }
  }
  // A report, and a baseline it updates, must never replace a scenario it read (same device
  // and inode: links count). Checked before the replay, so a refused output costs nothing.
  const summaryFile = options.format === 'github' ? process.env.GITHUB_STEP_SUMMARY : undefined;
  const appends = summaryFile !== undefined && summaryFile !== '';
  const inputs = options.output !== undefined || options.updateBaseline !== undefined || appends ? inputIds(loaded.paths) : new Map<FileId, string>();
  // the report must not replace the baseline it is gated against either (--update-baseline may: it is meant to)
  const reportInputs = options.output !== undefined && options.baseline !== undefined ? new Map([...inputs, ...inputIds([options.baseline])]) : inputs;
  let plan: OutputPlan | undefined;
  let baselinePlan: OutputPlan | undefined;
  try {
    if (options.output !== undefined) plan = planOutput(options.output, reportInputs);
  } catch (err) {
    writeErr(cannotWrite(options.output ?? '', err));
    return EXIT_USAGE;
  }
  try {
    if (options.updateBaseline !== undefined) baselinePlan = planFileOutput(options.updateBaseline, inputs, "the next run's --baseline");
  } catch (err) {
    writeErr(cannotWrite(options.updateBaseline ?? '', err));
    return EXIT_USAGE;
  }
  if (plan !== undefined && baselinePlan !== undefined && sameDestination(plan, baselinePlan)) {
    // the report would replace the baseline just written (or, on the shell's file, follow it there)
    writeErr(cannotWrite(options.output ?? '', new OutputError("it is the file --update-baseline writes")));
    return EXIT_USAGE;
  }
  if (baselinePlan?.descriptor === 2) {
    // `--update-baseline bl.json 2>> bl.json`: written through stderr, the baseline would be appended to what the
    // file held (the baseline it refreshes: two JSON documents) and followed by this run's messages (helper-186 2)
    writeErr(cannotWrite(options.updateBaseline ?? '', new OutputError('it is stderr (a shell redirect), where messages go too, so the baseline would not be a file of its own; redirect stderr elsewhere')));
    return EXIT_USAGE;
  }
  if (plan === undefined && baselinePlan?.descriptor === 1) {
    // `--update-baseline /dev/stdout > bl.json`: the report, on stdout too, would follow the baseline into
    // the file, which the next run could no longer read
    writeErr(cannotWrite(options.updateBaseline ?? '', new OutputError('it is stdout, where the report goes too; write the report elsewhere with -o')));
    return EXIT_USAGE;
  }
  if (plan === undefined) {
    // `run in.yaml >> in.yaml`: the report on stdout would be appended to the scenario (or the baseline) it reads
    const refused = stdoutInputRefusal(options.baseline !== undefined ? [...loaded.paths, options.baseline] : loaded.paths, { what: 'report', example: 'report.txt' });
    if (refused !== undefined) {
      writeErr(refused);
      return EXIT_USAGE;
    }
  }
  if (appends) {
    // the job summary is appended to, never replaced: still not to a scenario or the baseline this run reads,
    // nor to the report or baseline it writes
    const readByRun = options.baseline !== undefined ? new Map([...inputs, ...inputIds([options.baseline])]) : inputs;
    const written = [
      ...(plan !== undefined ? [{ plan, option: '-o' }] : []),
      ...(baselinePlan !== undefined ? [{ plan: baselinePlan, option: '--update-baseline' }] : []),
    ];
    try {
      checkAppend(summaryFile, readByRun, written);
    } catch (err) {
      writeErr(cannotAppendSummary(summaryFile, err));
      return EXIT_USAGE;
    }
  }
  const problems: InputProblem[] = [...loaded.problems];
  // the files replayed (every shard's, so that each pairs them with the baseline's alike)
  const runFiles = loaded.files.filter((f) => f.entries.some((e) => e.ok)).map((f) => f.file);
  let baseline: BaselineIndex | undefined;
  let baselineDigest: string | null = null;
  if (options.baseline !== undefined) {
    const b = await readBaseline(options.baseline, runFiles, options.updateBaseline !== undefined);
    if (!b.ok) {
      // Without its baseline the gate would fail on what the baseline accepts: no report at all, said before replaying
      writeErr(sortProblems([...problems, b.problem]).map((p) => `${formatProblem(p)}\n`).join(''));
      return EXIT_USAGE;
    }
    ({ index: baseline, digest: baselineDigest } = b);
  }
  const units: Unit[] = [];
  for (const f of loaded.files) {
    // the same in every shard: counted over the variants this run picked of the file, before sharding
    f.entries.forEach((entry, i) => {
      if (entry.ok) {
        units.push({
          plugin: entry.plugin, scenario: entry.scenario,
          fixSkipped: fixSearchSkipped(i, f.entries.length, entry.scenario.variant), fixBudget: fixBudgetOf(f.entries.length),
        });
      }
    });
  }
  // what did not load: whole files, and variants the model rejected (counted in the text summary)
  const invalid = loaded.invalid + loaded.files.flatMap((f) => f.entries).filter((e) => !e.ok).length;
  const names = units.map((u) => displayName(u.scenario));
  const mine = shard === undefined ? units : units.filter((u) => shardOf(displayName(u.scenario), shard.count) === shard.index);
  const gateOptions = { noAllow: options.noAllow === true };
  // the layout renderings this output shows: the JSON report's layout (-f json, and the JSON report that
  // --update-baseline writes whatever the format), or the map or page-table dump of --layout (the map too for
  // ptdump: an architecture without a dump prints its map)
  const views: LayoutViews = {
    json: options.format === 'json' || options.updateBaseline !== undefined, map: options.layout !== false, ptdump: options.layout === 'ptdump',
  };
  // A shard sees only its variants of a file: it counts no limit (shards that refused a file by their own parts
  // would report other input problems than the rest), and merge applies max-findings to the variants of every
  // shard together, as this run would (review 13c, 1.1); a shard's work is bounded by max-replayed-calls and by
  // the shard count
  const maxFindings = shard === undefined ? DEFAULT_LIMITS.maxFindings : Number.POSITIVE_INFINITY;
  // every variant of each file, picked or not: what the gates say of those this run does not replay
  const all: FileVariants = new Map(loaded.files.flatMap((f) => (f.variants !== undefined ? [[f.file, f.variants] as const] : [])));
  const replayed = replayAll(mine, options.format, options.verbose, { ...gateOptions, baseline }, views, maxFindings, all);
  let { results, absent } = replayed;
  const shardOptions: ShardOptions = {
    format: options.format, verbose: options.verbose, layout: options.layout, allow: options.noAllow !== true,
    baseline: options.updateBaseline !== undefined ? 'updated' : baselineDigest, variant: options.variant ?? null,
    maxFindings: DEFAULT_LIMITS.maxFindings,
  };
  let shardInfo: ShardInfo | undefined = shard === undefined ? undefined : {
    ...shard, units: names, options: shardOptions,
    // every file's, from every shard's units: merge needs the place of a file whatever shards replayed it
    maxFindingsAt: fileRuns(units).map((f) => findingsBlame((units[f.first] as Unit).scenario, f.end - f.first)),
    ...(baseline !== undefined ? { absent: replayed.absentByFile } : {}),
    ...(replayed.overEvents.length > 0 ? { overEvents: replayed.overEvents } : {}),
  };
  // a file refused at max-findings is an input problem like the loader's, and its variants count as not loaded;
  // placed among them as merge places it (withRefused)
  const sorted = withRefused(sortProblems(problems), replayed.refused);
  writeErr(sorted.map((p) => `${formatProblem(p)}\n`).join(''));
  const against = baseline;
  if (against !== undefined && options.baseline !== undefined && units.length > 0 && !units.some((u) => against.names(u.scenario))) {
    // every finding is new, which reads like a regression: said once (over the whole run, so every shard says the same)
    writeErr(unnamedBaseline(options.baseline, against.files, new Set(units.map((u) => u.scenario.file)).size));
  }
  if (against !== undefined && options.baseline !== undefined) writeErr(suffixClashes(options.baseline, against.clashes));

  if (options.updateBaseline !== undefined && sorted.length > 0) {
    // exit 2 alone would leave an old baseline in place unnoticed
    writeErr(`bootreplay: baseline not written: ${plural(problemCount(sorted), 'input problem')} (above), and a baseline written without `
      + `the files they concern would drop their accepted findings; ${escapeText(options.updateBaseline)} is not touched\n`);
  }
  if (baselinePlan !== undefined && options.updateBaseline !== undefined && sorted.length === 0) {
    // ESLint's bulk suppressions: everything found now is the baseline; gate against it.
    const text = await withinReportLimit(() => formatJson({ results, problems: sorted, baseline: false, absent: [], shard: shardInfo }), `the baseline ${reportSize(results)}`, SMALLER, writeErr);
    if (text === undefined) return EXIT_USAGE;
    try {
      await writeReport(baselinePlan, text);
    } catch (err) {
      writeErr(cannotWrite(options.updateBaseline, err));
      return EXIT_USAGE;
    }
    // what a later `--baseline` run will read: the file as written, when it is one (a device or a pipe is not read back)
    const written = readBack(baselinePlan, text);
    const b = written === undefined ? undefined : parseBaseline(written, DEFAULT_ARCH.id, runFiles);
    if (b === undefined || !b.ok) {
      writeErr(`bootreplay: baseline ${escapeText(options.updateBaseline)} was written but does not read back as written `
        + `(${b === undefined ? 'the file holds other bytes' : escapeText(b.message)}); do not gate against it\n`);
      return EXIT_USAGE;
    }
    ({ results, absent } = replayAll(mine, options.format, options.verbose, { ...gateOptions, baseline: b.index }, views, maxFindings));
    baseline = b.index;
    const accepted = b.index.files.reduce((n, f) => n + b.index.findingsOfFile(f).length, 0);
    writeErr(`bootreplay: baseline ${escapeText(options.updateBaseline)} written: ${plural(accepted, 'finding')} of ${plural(b.index.files.length, 'file')} accepted\n`);
  }

  const gating = baseline;
  if (gating !== undefined && options.baseline !== undefined && units.some((u) => gating.names(u.scenario))) {
    // the baseline's files under a directory replayed that are gone (review 14, 4.2): their findings no longer
    // occur either. Said in every shard (the walk is the same), and each finding counted in the shard its name
    // hashes to, so that merge adds the shards' counts up to the unsharded run's.
    const gone = goneFiles(gating, loaded.directories, loaded.paths);
    writeErr(goneNote(options.baseline, gone));
    const mineGone = gone.flatMap((g) => g.findings).filter((a) => shard === undefined || shardOf(displayName(a), shard.count) === shard.index);
    if (mineGone.length > 0) absent = [...absent, ...mineGone];
    // the header's per-file counts add up to the summary's absent (merge checks it, break-253 F3)
    if (shardInfo !== undefined && mineGone.length > 0) shardInfo = { ...shardInfo, absent: [...(shardInfo.absent ?? []), ...countsByScenario(mineGone)] };
  }

  const toFile = options.output !== undefined;
  const style = options.format === 'text' && !toFile ? await styleForStdout(process.env) : PLAIN;
  // a file refused at max-findings counts as one that did not load (only an unsharded run refuses one)
  const notLoaded = invalid + replayed.refused.length;
  // in a shard, a file refused replaying (max-events) is not invalid in the other shards
  const refusedInShard = shard === undefined || replayed.refused.length === 0
    ? undefined
    : { files: replayed.refused.length, units: units.filter((u) => replayed.refusedFiles.has(u.scenario.file)).length };
  const report: Report = { results, problems: sorted, baseline: baseline !== undefined, absent, shard: shardInfo, invalid: notLoaded, refusedInShard };
  const ctx: FormatContext = {
    verbose: options.verbose, layout: options.layout, style, version: VERSION, informationUri: HOMEPAGE,
    artifactUri: root.uri,
  };
  const made = await withinReportLimit(async () => {
    const formatted = await formatReport(options.format, report, ctx);
    // a matrix's variants × verdict table closes the text report (like a CI matrix view)
    return { formatted, text: options.format === 'text' ? appendText(formatted.text, formatMatrixTables(matrixRows(loaded.files, results, shard, replayed.refusedFiles), style)) : formatted.text };
  }, `the ${options.format} report ${reportSize(results)}`, SMALLER, writeErr);
  if (made === undefined) return EXIT_USAGE;
  const { text, formatted: { summary } } = made;
  // to stdout, a text report of nothing is left out (the problems on stderr say why), except in a shard:
  // one that holds no scenario says so in its summary line; the other formats are always written
  if (plan !== undefined && options.output !== undefined) {
    try {
      await writeReport(plan, text, options.format === 'github');
    } catch (err) {
      writeErr(cannotWrite(options.output, err));
      return EXIT_USAGE;
    }
  } else if (options.format === 'github') writeCommands(text);
  else if (options.format !== 'text' || results.length > 0 || notLoaded > 0 || shard !== undefined) writeOut(text);
  if (summary !== undefined && appends) {
    try {
      // the shell's stdout or stderr (`GITHUB_STEP_SUMMARY=/dev/stdout … > log`, `| tee`, a terminal): written through
      // that descriptor, as -o writes there, not through a new open file, whose own offset made the script's next
      // output overwrite the summary (review 14, 3.3)
      const descriptor = stdioAt(summaryFile);
      // a FIFO without a reader would block the append forever (GitHub's summary is always a regular file)
      if (descriptor === undefined && isPipeOrSocket(summaryFile)) throw new OutputError('it is a FIFO or socket, not a file: the job summary is appended to a file');
      if (descriptor !== undefined) (descriptor === 1 ? writeOut : writeErr)(summary);
      else await appendSummary(summaryFile, summary, report);
    } catch (err) {
      // the report is written: a summary GitHub cannot show (a directory, a missing directory, no permission)
      // is a warning, and the exit code stays the report's; only the input refusals above are errors
      writeErr(cannotAppendSummary(summaryFile, err, 'warning: '));
    }
  }

  if (sorted.length > 0) return EXIT_USAGE;
  return results.some((r) => r.status === 'fail') ? EXIT_FINDINGS : EXIT_OK;
}

/** Why `path` is not a directory ("no such directory", "not a directory"), or undefined when it is one. */
function notADirectory(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : 'not a directory';
  } catch (err) {
    return errnoCode(err) === 'ENOENT' ? 'no such directory' : reason(err);
  }
}

/**
 * What is wrong when scenario files (or bases they extend) lie outside the
 * SARIF root, or undefined when none does. Code scanning takes an artifact
 * URI as a path in the repository: `../tmp/x.yaml` places the result at no
 * file, or at the wrong one. Names the first file and counts the others.
 * @param option --sarif-root as given (undefined: the working directory)
 */
function outsideRoot(root: SarifRoot, paths: readonly string[], extendedBy: ReadonlyMap<string, string>, option: string | undefined): string | undefined {
  const outside = paths.filter((p) => root.relative(p) === undefined);
  const [firstPath] = outside;
  if (firstPath === undefined) return undefined;
  // a base is read because a scenario extends it: name that scenario, the file the user gave
  const by = extendedBy.get(firstPath);
  const first = by === undefined ? firstPath : `${firstPath} (which ${by} extends)`;
  const more = outside.length > 1 ? ` and ${outside.length - 1} other file${outside.length === 2 ? '' : 's'} lie` : ' lies';
  const where = option === undefined ? 'the working directory, which SARIF paths are relative to' : `--sarif-root ${option}`;
  return `bootreplay: ${escapeText(first)}${more} outside ${escapeText(where)}: SARIF names a file by its path relative to that root, `
    + 'and code scanning would place its results at no file of the repository; give --sarif-root a directory that holds every scenario file (the repository\'s top)\n';
}

/**
 * The note for a baseline that lists none of the files replayed: a baseline
 * written in another directory than a path suffix can bridge, or for other
 * files, or an empty one. Names one file it does list, to compare.
 */
function unnamedBaseline(file: string, listed: readonly string[], replayed: number): string {
  const [first] = listed;
  const names = first === undefined ? 'it lists no file' : `it lists ${plural(listed.length, 'other file')}, such as ${first}`;
  return `bootreplay: note: the baseline ${escapeText(file)} ${replayed === 1 ? 'does not name the file' : `names none of the ${replayed} files`} replayed (${escapeText(names)}), `
    + 'so every finding counts as new; was it written for other files, or from a directory its paths do not match from here?\n';
}

/** At most this many suffix clashes are named one by one; the rest are counted. */
const CLASHES_NAMED = 10;
/** At most this many partners of a clash are named; the rest are counted. */
const PARTNERS_NAMED = 5;

/**
 * A note per file of the run or the baseline that matches several of the
 * other side's by path suffix, so is paired with none (pairFiles in
 * src/gate/baseline.ts): their findings count as new, which reads like a
 * regression. Worded as unnamedBaseline; '' when there is none.
 */
function suffixClashes(file: string, clashes: readonly SuffixClash[]): string {
  const lines = clashes.slice(0, CLASHES_NAMED).map((c) => {
    const shown = c.partners.slice(0, PARTNERS_NAMED).join(', ') + (c.partners.length > PARTNERS_NAMED ? `, and ${c.partners.length - PARTNERS_NAMED} more` : '');
    const text = c.side === 'baseline'
      ? `the baseline ${file} names ${c.file}, which matches ${c.partners.length} files replayed by path suffix (${shown}), so it stands for none of them and their findings count as new`
      : `${c.file} matches ${c.partners.length} files of the baseline ${file} by path suffix (${shown}), so none of them stands for it and its findings count as new`;
    return `bootreplay: note: ${escapeText(text)}; name the files from the directory the baseline was written in, or write it again from here\n`;
  });
  const more = clashes.length - CLASHES_NAMED;
  if (more > 0) lines.push(`bootreplay: note: and ${plural(more, 'other file')} that match${more === 1 ? 'es' : ''} several files by path suffix, likewise\n`);
  return lines.join('');
}

/** At most this many gone files are named one by one; the rest are counted. */
const GONE_NAMED = 10;

/**
 * The note for baseline files under a directory replayed that the run did
 * not find (goneFiles in src/gate/baseline.ts): their findings count as no
 * longer found, and stay in the baseline until it is written again, for a
 * file added under that name to inherit. '' when there is none.
 */
function goneNote(file: string, gone: readonly GoneFile[]): string {
  if (gone.length === 0) return '';
  const named = gone.slice(0, GONE_NAMED).map((g) => `${g.file} (${plural(g.findings.length, 'finding')})`).join(', ')
    + (gone.length > GONE_NAMED ? `, and ${plural(gone.length - GONE_NAMED, 'other file')}` : '');
  const what = gone.length === 1
    ? 'a file under a directory replayed that the run did not find there (deleted or renamed?)'
    : `${gone.length} files under the directories replayed that the run did not find there (deleted or renamed?)`;
  const then = gone.length === 1
    ? 'its findings count as no longer found: prune them with --update-baseline, or a file added under that name inherits them'
    : 'their findings count as no longer found: prune them with --update-baseline, or files added under those names inherit them';
  return `bootreplay: note: the baseline ${escapeText(file)} names ${what}: ${escapeText(named)}; ${then}\n`;
}

/**
 * Why --update-baseline and --shard do not go together, and what does: a
 * merged report has no `shard` header and is the unsharded run's report byte
 * for byte (src/report/merge.ts), so --baseline reads it.
 */
const SHARD_BASELINE = '--update-baseline cannot be used with --shard: a shard replays part of the scenarios, so its baseline would drop the '
  + "others' findings; write the baseline from an unsharded run, or merge the shards' JSON reports "
  + '(run --shard i/n --format json -o shard-i.json, then bootreplay merge shard-*.json -o baseline.json) and use that';

/** What makes a report smaller, for a report over MAX_REPORT_CHARS. */
const SMALLER = 'replay fewer variants (--variant) or files, or split the run (--shard i/n)';

/** "of 28672 results with 172032 findings": what a report too long to hold would have held. */
function reportSize(results: readonly GatedResult[]): string {
  return `of ${results.length} results with ${results.reduce((n, r) => n + r.checked.length, 0)} findings`;
}

/**
 * "bootreplay: cannot append the job summary to $GITHUB_STEP_SUMMARY (FILE): no such directory", worded as cannotWrite;
 * `level` "warning: " when the run goes on (its report and exit code stand).
 */
function cannotAppendSummary(file: string, err: unknown, level = ''): string {
  return `bootreplay: ${level}cannot append the job summary to $GITHUB_STEP_SUMMARY (${escapeText(file)}): ${escapeText(err instanceof OutputError ? err.message : reason(err))}\n`;
}

/**
 * Appends the job summary to $GITHUB_STEP_SUMMARY (a file other than this
 * process's stdout and stderr: those are written as stdout is, the summary
 * whole, as the log they are is no step summary). GitHub rejects a step
 * summary over 1 MiB as a whole, what earlier commands of the step wrote
 * included: so the summary is cut at the room the file has left (its size
 * as the opened file has it), and when not even the note that it was cut
 * fits, nothing is appended and a warning says so (the caller words it).
 * @param summary the summary for an empty file (formatReport's), used as it is when the file is empty
 */
async function appendSummary(file: string, summary: string, report: Report): Promise<void> {
  const fd = openSync(file, 'a');
  try {
    const held = fstatSync(fd).size;
    if (held === 0) {
      writeFully(fd, Buffer.from(summary));
      return;
    }
    // what an earlier command left without a final line break would run into the summary's first line, and its
    // `## ` heading would be no heading (Markdown reads one only at the start of a line): a line break first (break-275 N7)
    const lineBreak = endsInLineBreak(file, held) ? '' : '\n';
    const { githubSummary, STEP_SUMMARY_MAX } = await import('../report/github.js');
    const text = githubSummary(report, held + lineBreak.length);
    if (text === '') throw new OutputError(`it already holds ${held} bytes: no room left under GitHub's limit of 1 MiB (${STEP_SUMMARY_MAX} bytes), over which it rejects the whole step summary`);
    writeFully(fd, Buffer.from(lineBreak + text));
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the file's byte at `size - 1` (its last, at the size the caller read) is a line feed; true too when it
 * cannot be read (a file one may append to but not read: nothing is put before the summary then).
 */
function endsInLineBreak(file: string, size: number): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const one = Buffer.alloc(1);
      return readSync(fd, one, 0, 1, size - 1) !== 1 || one[0] === 0x0a;
    } finally {
      closeSync(fd);
    }
  } catch {
    return true;
  }
}

/** Whether `path` is an existing FIFO or socket (links followed). */
function isPipeOrSocket(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFIFO() || info.isSocket();
  } catch {
    return false;
  }
}

function cannotWrite(output: string, err: unknown): string {
  return `bootreplay: cannot write ${escapeText(output)}: ${escapeText(err instanceof OutputError ? err.message : errorMessage(err))}\n`;
}

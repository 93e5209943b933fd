/**
 * `--format github`: GitHub Actions workflow commands, one annotation per
 * live finding (`::error file=…,line=…,col=…,title=…::message`, escaped as
 * @actions/core does), and a Markdown job summary for $GITHUB_STEP_SUMMARY.
 *
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations of a
 * step and drops the rest silently, so this prints at most that many (info
 * findings are notices, one slot kept for the closing notice) and then a
 * notice saying how many more there were; the summary lists every finding (up
 * to GitHub's 1 MiB summary limit, less what the step summary already holds,
 * with a note when it is cut).
 * Expected, suppressed and baselined findings are not annotated (they do not
 * fail the run); the summary counts and lists them.
 */
import { problemLocation, problemWhose } from '../scenario/problems.js';
import { displayName, type Pos } from '../scenario/types.js';
import { totals, type CheckedFinding, type GatedResult, type Report, type Totals } from '../gate/types.js';
import { escapeText } from '../escape.js';
import { commandData, commandPathProperty, commandProperty, markdownCell } from './escape.js';
import type { FormatContext } from './format-context.js';
import { UNMET_RULE, UNUSED_ALLOW_RULE, stateWord, unmetMessage, unusedAllowMessage } from './gate-text.js';
import { fileOf, inOwnFile, locationText } from './location.js';
import { stepText } from './step-text.js';
import { afterHaltText } from './halt-point.js';
import { reportSummaryInputs, summaryCounts, summaryLine, summaryVerdicts } from './summary-line.js';

/** GitHub's per-step display limit for each of errors, warnings and notices. */
export const ANNOTATION_CAP = 10;
/** GitHub rejects a step summary over 1 MiB, as a whole: what the step wrote before is lost too (anchors.md §14). */
export const STEP_SUMMARY_MAX = 1024 * 1024;
/** Bytes kept free for the note that says the summary was cut (it is about 150). */
const NOTE_ROOM = 4096;

/** info (what the replay could not model) is a ::notice: it never fails the run */
type Level = 'error' | 'warning' | 'notice';

interface Annotation {
  readonly level: Level;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly title: string;
  /** the message's lines, not escaped: user text in them may hold line breaks of its own */
  readonly lines: readonly string[];
}

/**
 * The annotation as one workflow command. Each line of the message is
 * escaped as text output shows it (escapeText: a newline in a call name is
 * `\n`, an ESC `\x1b`) before the lines are joined, so only the report's own
 * line breaks (before `kernel:` and `fix:`) become %0A, which the runner
 * decodes into line breaks of the annotation: a name holding a line break
 * cannot add a forged `kernel:` or `fix:` line under the real message
 * (review 19b, F2).
 */
function command(a: Annotation): string {
  const where = a.line > 0 ? `,line=${a.line},col=${Math.max(1, a.col)}` : '';
  return `::${a.level} file=${commandPathProperty(a.file)}${where},title=${commandProperty(a.title)}::${commandData(a.lines.map(escapeText).join('\n'))}`;
}


/**
 * The annotations of one result. One on a line of a base file (a derived
 * scenario's inherited step or entry) names the scenario it comes from
 * (` in FILE[variant]`): every scenario that extends the base puts its own
 * annotation on that same line, and GitHub shows only the file and line
 * (review 20, F2).
 */
function annotations(r: GatedResult): Annotation[] {
  const prefix = r.variant !== undefined ? `[${r.variant}] ` : '';
  const whose = (pos: Pos): string => (inOwnFile(r, pos) ? '' : ` in ${displayName(r)}`);
  const out: Annotation[] = [];
  for (const { finding: f, state } of r.checked) {
    if (state !== 'live') continue;
    out.push({
      level: f.severity === 'info' ? 'notice' : f.severity, file: fileOf(r, f.pos), line: f.pos.line, col: f.pos.col, title: `bootreplay ${f.rule}`,
      lines: [
        `${prefix}${f.message} (${stepText(f.step.index, f.step.name)})${whose(f.pos)}`,
        // a finding the kernel never reaches says so, as in text, SARIF and HTML
        ...(f.afterHalt !== undefined ? [`note: ${afterHaltText(f.afterHalt)}`] : []),
        `kernel: ${f.consequence}`, `fix: ${f.fix}`,
      ],
    });
  }
  for (const e of r.unmet) out.push({ level: 'error', file: fileOf(r, e.pos), line: e.pos.line, col: e.pos.col, title: `bootreplay ${UNMET_RULE}`, lines: [`${prefix}${unmetMessage(e)}${whose(e.pos)}`] });
  for (const a of r.unusedAllows) out.push({ level: 'warning', file: fileOf(r, a.pos), line: a.pos.line, col: a.pos.col, title: `bootreplay ${UNUSED_ALLOW_RULE}`, lines: [`${prefix}${unusedAllowMessage(a)}${whose(a.pos)}`] });
  return out;
}


function icon(r: GatedResult): string {
  return r.status === 'fail' ? '❌' : '✅';
}

/** " in file.yaml[variant]" when the location does not name the scenario by itself (a base file, a variant). */
function inScenario(r: GatedResult, pos: Pos): string {
  return pos.file !== undefined || r.variant !== undefined ? ` in ${markdownCell(displayName(r))}` : '';
}

function findingLine(r: GatedResult, c: CheckedFinding): string {
  const f = c.finding;
  const state = c.state === 'live' ? f.severity : `${stateWord(c.state)} ${f.severity}`;
  const why = c.allowedBy !== undefined ? ` — allowed: ${markdownCell(c.allowedBy.reason)}` : '';
  return `- **${state}** \`${f.rule}\` at ${markdownCell(locationText(r, f.pos))} (${markdownCell(stepText(f.step.index, f.step.name))})${inScenario(r, f.pos)}: ${markdownCell(f.message)}${why}`;
}

/**
 * The job summary table's count columns: the counts of summaryCounts, in its
 * order (errors and warnings always, as the line always says them).
 */
const COLUMNS: readonly { head: string; count: (t: Totals) => number; always?: true }[] = [
  { head: 'errors', count: (t) => t.errors, always: true },
  { head: 'warnings', count: (t) => t.warnings, always: true },
  { head: 'info', count: (t) => t.infos },
  { head: 'expected', count: (t) => t.expected },
  { head: 'suppressed', count: (t) => t.suppressed },
  { head: 'in baseline', count: (t) => t.baseline },
  { head: 'unmet expectations', count: (t) => t.unmet },
  { head: 'unused allows', count: (t) => t.unusedAllows },
];

/**
 * The Markdown job summary: a table of scenarios, then every finding and gate problem.
 * Cut at whole lines so that the step summary stays under STEP_SUMMARY_MAX
 * with it, then a note says how many lines were left out.
 * @param held bytes the step summary file already holds (an earlier command
 *   of the step, or an earlier bootreplay run): the room is what is left
 * @returns the text to append; only the note when no line fits, '' when not even the note does
 */
export function githubSummary(report: Report, held = 0): string {
  // the text report's summary line, split: verdicts in the heading (invalid files and the shard counted), counts below
  const inputs = reportSummaryInputs(report);
  // a column per count of that line, so that each column adds up to it (unmet expectations and unused allows
  // are not errors and warnings there); the ones the line leaves out as zero are left out here too
  const all = totals(report.results);
  const columns = COLUMNS.filter((c) => c.always === true || c.count(all) > 0);
  const head = [
    `## bootreplay: ${summaryVerdicts(report.results, inputs)}`,
    '',
    summaryCounts(report.results, inputs),
    '',
    `| | scenario | name | kernel | ${columns.map((c) => c.head).join(' | ')} |`,
    `|---|---|---|---|${columns.map(() => '---:|').join('')}`,
  ];
  for (const r of report.results) {
    const rt = totals([r]);
    head.push(`| ${icon(r)} | ${markdownCell(displayName(r))} | ${markdownCell(r.name)} | ${markdownCell([r.kernel, ...r.tags].join(', '))} | ${columns.map((c) => c.count(rt)).join(' | ')} |`);
  }
  const body: string[] = [];
  for (const p of report.problems) body.push(`- **input problem** ${markdownCell(problemLocation(p))}${p.scenario !== undefined ? ` in ${markdownCell(p.scenario)}` : ''}: ${markdownCell(p.message)}`);
  for (const r of report.results) {
    for (const c of r.checked) body.push(findingLine(r, c));
    for (const e of r.unmet) body.push(`- **error** \`${UNMET_RULE}\` at ${markdownCell(locationText(r, e.pos))}${inScenario(r, e.pos)}: ${markdownCell(unmetMessage(e))}`);
    for (const a of r.unusedAllows) body.push(`- **warning** \`${UNUSED_ALLOW_RULE}\` at ${markdownCell(locationText(r, a.pos))}${inScenario(r, a.pos)}: ${markdownCell(unusedAllowMessage(a))}`);
  }
  // everything in order, cut at the limit (a run of thousands of scenarios can outgrow the table alone)
  const lines = [...head, ...(body.length > 0 ? ['', '### Findings', ''] : []), ...body];
  const room = STEP_SUMMARY_MAX - held;
  const whole = `${lines.join('\n')}\n\n`;
  if (Buffer.byteLength(whole) <= room) return whole;
  let text = '';
  // the closing line break counted
  let bytes = 1;
  let shown = 0;
  for (const line of lines) {
    const add = `${line}\n`;
    bytes += Buffer.byteLength(add);
    if (bytes > room - NOTE_ROOM) break;
    text += add;
    shown++;
  }
  const before = held > 0 ? ` (the step summary already held ${held} bytes)` : '';
  const note = `${shown > 0 ? '\n' : ''}… and ${lines.length - shown} more lines, cut to stay under GitHub's 1 MiB step summary limit${before}: see the JSON or SARIF report.\n\n`;
  return Buffer.byteLength(text) + Buffer.byteLength(note) <= room ? text + note : '';
}

/**
 * @returns the workflow commands and a closing summary line for the log, and
 *   the job summary to append to $GITHUB_STEP_SUMMARY
 */
export function formatGithub(report: Report, _ctx: FormatContext): { text: string; summary: string } {
  const all = report.results.flatMap(annotations);
  const lines: string[] = [];
  for (const p of report.problems) {
    // a problem in a base file names the derived file it makes invalid, as the text report does
    lines.push(command({ level: 'error', file: p.file, line: p.line ?? 0, col: p.col ?? 1, title: 'bootreplay input problem', lines: [`${p.message}${problemWhose(p)}`] }));
  }
  const more: string[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const of = all.filter((a) => a.level === level);
    // input problems take error slots; one notice slot stays free for the closing notice
    const taken = level === 'error' ? Math.min(ANNOTATION_CAP, report.problems.length) : level === 'notice' ? 1 : 0;
    const room = Math.max(0, ANNOTATION_CAP - taken);
    for (const a of of.slice(0, room)) lines.push(command(a));
    if (of.length > room) more.push(`${of.length - room} more ${level}${of.length - room === 1 ? '' : 's'}`);
  }
  if (more.length > 0) {
    lines.push(`::notice title=bootreplay::${commandData(`${more.join(' and ')} not annotated: GitHub shows ${ANNOTATION_CAP} errors and ${ANNOTATION_CAP} warnings${more.some((m) => m.includes('notice')) ? ` (and ${ANNOTATION_CAP} notices)` : ''} per step; the job summary lists them all`)}`);
  }
  // the text report's summary line: invalid files, shard and input problems counted alike
  lines.push(`bootreplay: ${summaryLine(report.results, reportSummaryInputs(report))}`);
  return { text: `${lines.join('\n')}\n`, summary: githubSummary(report) };
}

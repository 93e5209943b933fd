/**
 * Human output: one line per finding in the `file:line:col: severity rule: message (step N name)`
 * shape that editors and CI problem matchers parse, then a summary. With
 * verbose, each finding is followed by its related steps, kernel consequence
 * and fix, rustc-style.
 */
import { escapeText, linePath, onlyLineBreaks } from '../escape.js';
import { hex } from '../units.js';
import type { Severity } from '../rules/types.js';
import { totals, type GatedResult, type ShardInfo } from '../gate/types.js';
import { displayName } from '../scenario/types.js';
import { countsText, gateLines, stateWord } from './gate-text.js';
import { layoutHead, locationText, whoseLine } from './location.js';
import { noLayoutText } from './no-layout.js';
import { afterHaltText } from './halt-point.js';
import { stepText } from './step-text.js';
import { summaryLine, type RefusedInShard } from './summary-line.js';

/** The few styles we use; identity functions when colour is off. */
export interface Style {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly pass: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const id = (s: string): string => s;
export const PLAIN: Style = { error: id, warning: id, pass: id, dim: id, bold: id };


/** The architecture's map of the final address space (top-down), or its page-table dump; why there is none when the replay halted. */
function layoutLines(r: GatedResult, style: Style, view: 'map' | 'ptdump', esc: (s: string) => string): string[] {
  const t = view === 'ptdump' && r.ptdumpText !== undefined ? r.ptdumpText : r.layoutText;
  if (r.noLayout !== undefined || t === undefined) return [style.bold(esc(noLayoutText(linePath(displayName(r)), r.noLayout ?? '', view)))];
  // the head names the file (as lines start with it: layoutHead); rows can name steps of a define:
  return [style.bold(esc(layoutHead(t.head, r.file))), ...t.rows.map((row) => style.dim(esc(row)))];
}

/** "error", "warning" or "info", styled. */
export function severityText(severity: Severity, style: Style): string {
  return severity === 'error' ? style.error('error') : severity === 'warning' ? style.warning('warning') : style.dim('info');
}

export interface TextOptions {
  readonly verbose: boolean;
  /** print each scenario's final layout: the region map or the page-table dump */
  readonly layout: false | 'map' | 'ptdump';
  /** inputs that did not load (their problems went to stderr): counted in the summary */
  readonly invalid?: number;
  /**
   * input problems written to stderr (report.problems): counted in the summary, as the GitHub job summary
   * counts them, so that a run that exits 2 for a link its walk skipped never reads as all passed
   */
  readonly problems?: number;
  /** in a sharded run: the shard, and every scenario and variant of the run (`units`), for "1 of 2 scenarios in shard 1/2" */
  readonly shard?: Pick<ShardInfo, 'index' | 'count' | 'units'> | undefined;
  /** baseline findings that no longer occur (report.absent): counted in the summary */
  readonly absent?: number | undefined;
  /** in a shard: the files of `invalid` it refused replaying (SummaryInputs.refusedInShard) */
  readonly refusedInShard?: RefusedInShard | undefined;
}

/**
 * The text report. User text (file, variant and scenario names, notes and
 * reasons, and anything a message quotes) goes through escapeText, so every
 * line printed is one line and shows what the input holds: a newline in
 * `name:` cannot forge a PASS line, an escape sequence cannot reach the
 * terminal. (Each field is escaped, not each line: the style's colours are
 * escape sequences too.)
 *
 * Without colour the report is first written with the fields as they are,
 * and kept when the whole text proves that escaping would change none of
 * them: nothing escapeText escapes but the line breaks between the lines
 * (onlyLineBreaks). Otherwise, or with colour, it is written again with every
 * field escaped. One pass over the finished text instead of a test of every
 * field: a 10,000-call file has 30,000 findings.
 */
export function formatText(results: readonly GatedResult[], style: Style, options: TextOptions): string {
  if (style === PLAIN) {
    const lines = textLines(results, style, options, asIs);
    // the last line's break joined in too: the text is then one flat string, not 6 MB copied again for a '\n'
    lines.push('');
    const text = lines.join('\n');
    if (onlyLineBreaks(text, lines.length - 1)) return text;
  }
  return `${textLines(results, style, options, escapeText).join('\n')}\n`;
}

const asIs = (s: string): string => s;

/** The lines of the report, each user field through `esc` (escapeText, or as it is when the caller checks the whole text). */
function textLines(results: readonly GatedResult[], style: Style, options: TextOptions, esc: (s: string) => string): string[] {
  const { verbose } = options;
  const lines: string[] = [];
  for (const r of results) {
    for (const { finding: f, state, allowedBy } of r.checked) {
      // suppressed and baselined findings are counted in the summary, listed with -v
      if (!verbose && (state === 'suppressed' || state === 'baseline')) continue;
      const sev = state !== 'live' ? style.dim(`${stateWord(state)} ${f.severity}`) : severityText(f.severity, style);
      // a finding of a derived scenario may point into a base file; then, and for a variant, say whose it is
      const owner = whoseLine(r, f.pos);
      const whose = owner === undefined ? '' : ` in ${esc(owner)}`;
      // a finding the kernel never reaches (an earlier one halts it) says so on its own line
      const after = f.afterHalt !== undefined ? style.dim(` [${afterHaltText(f.afterHalt)}]`) : '';
      lines.push(`${esc(locationText(r, f.pos))}: ${sev} ${style.bold(f.rule)}: ${esc(f.message)} (${esc(stepText(f.step.index, f.step.name))})${whose}${after}`);
      if (allowedBy !== undefined) lines.push(style.dim(`    allowed at ${esc(locationText(r, allowedBy.pos))}: ${esc(allowedBy.reason)}`));
      if (!verbose) continue;
      for (const rel of f.related) lines.push(style.dim(`    related: ${esc(stepText(rel.step.index, rel.step.name))} at ${esc(locationText(r, rel.step.pos))}: ${esc(rel.role)}`));
      const addrs = Object.entries(f.addresses).map(([k, v]) => `${k}=${hex(v)}`).join(' ');
      if (addrs !== '') lines.push(style.dim(`    addresses: ${addrs}`));
      lines.push(style.dim(`    kernel: ${esc(f.consequence)}`));
      lines.push(`    fix: ${esc(f.fix)}`);
    }
    for (const line of gateLines(r, style)) lines.push(line);
  }
  if (options.layout !== false) {
    for (const r of results) for (const line of layoutLines(r, style, options.layout, esc)) lines.push(line);
  }
  if (lines.length > 0) lines.push('');
  // each finding counted once: with one result, its totals are the run's
  const all = totals(results);
  for (const r of results) {
    const t = results.length === 1 ? all : totals([r]);
    const counts = countsText(t, t);
    const tag = r.status === 'fail' ? style.error('FAIL') : style.pass('PASS');
    lines.push(`${tag} ${esc(displayName(r))}  ${style.dim(esc(`${r.name} [${[r.kernel, ...r.tags].join(', ')}]`))}${counts !== '' ? `  ${counts}` : ''}`);
  }
  const t = all;
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(results, { invalid: options.invalid ?? 0, problems: options.problems ?? 0, shard: options.shard, absent: options.absent, refusedInShard: options.refusedInShard }, ' on stderr')
    + (!verbose && t.errors + t.warnings + t.expected > 0 ? ' (run with -v for the kernel consequence and a fix)' : ''));
  return lines;
}

/**
 * Human output: one line per finding in the `file:line:col: severity rule: message (step N name)`
 * shape that editors and CI problem matchers parse, then a summary. With
 * verbose, each finding is followed by its related steps, kernel consequence
 * and fix, rustc-style.
 */
import { escapeText } from '../escape.js';
import { hex } from '../units.js';
import { totals, type ScenarioResult } from './result.js';

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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stepText(index: number, name: string): string {
  return index === 0 ? `${name}, before setup_arch` : `step ${index} ${name}`;
}

/** The architecture's map of the final address space (ptdump-style, top-down); the head names the file, so it is escaped. */
function layoutLines(r: ScenarioResult, style: Style): string[] {
  return [style.bold(escapeText(r.layoutText.head)), ...r.layoutText.rows.map((row) => style.dim(escapeText(row)))];
}

export interface TextOptions {
  readonly verbose: boolean;
  /** print each scenario's final layout */
  readonly layout: boolean;
}

/**
 * The text report. User text (file names, scenario names, and anything a
 * message quotes) goes through escapeText, so every line printed is one
 * line and shows what the input holds (a newline in `name:` cannot forge a
 * PASS line, an escape sequence cannot reach the terminal).
 */
export function formatText(results: readonly ScenarioResult[], style: Style, options: TextOptions): string {
  const { verbose } = options;
  const lines: string[] = [];
  for (const r of results) {
    const file = escapeText(r.file);
    for (const f of r.findings) {
      const sev = f.severity === 'error' ? style.error('error') : style.warning('warning');
      lines.push(`${f.pos.line > 0 ? `${file}:${f.pos.line}:${f.pos.col}` : file}: ${sev} ${style.bold(f.rule)}: ${escapeText(f.message)} (${stepText(f.step.index, f.step.name)})`);
      if (!verbose) continue;
      for (const rel of f.related) lines.push(style.dim(`    related: ${stepText(rel.step.index, rel.step.name)} at ${file}:${rel.step.pos.line}:${rel.step.pos.col}: ${escapeText(rel.role)}`));
      const addrs = Object.entries(f.addresses).map(([k, v]) => `${k}=${hex(v)}`).join(' ');
      if (addrs !== '') lines.push(style.dim(`    addresses: ${addrs}`));
      lines.push(style.dim(`    kernel: ${escapeText(f.consequence)}`));
      lines.push(`    fix: ${escapeText(f.fix)}`);
    }
  }
  if (options.layout) {
    for (const r of results) for (const line of layoutLines(r, style)) lines.push(line);
  }
  if (lines.length > 0) lines.push('');
  for (const r of results) {
    const e = r.findings.filter((f) => f.severity === 'error').length;
    const w = r.findings.length - e;
    const counts = [e > 0 ? plural(e, 'error') : '', w > 0 ? plural(w, 'warning') : ''].filter((x) => x !== '').join(', ');
    const tag = r.status === 'fail' ? style.error('FAIL') : style.pass('PASS');
    lines.push(`${tag} ${escapeText(r.file)}  ${style.dim(`${escapeText(r.name)} [${escapeText([r.kernel, ...r.tags].join(', '))}]`)}${counts !== '' ? `  ${counts}` : ''}`);
  }
  const t = totals(results);
  lines.push('');
  lines.push(`${plural(t.scenarios, 'scenario')}: ${t.failed} failed, ${t.scenarios - t.failed} passed; ${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}`
    + (!verbose && t.errors + t.warnings > 0 ? ' (run with -v for the kernel consequence and a fix)' : ''));
  return `${lines.join('\n')}\n`;
}

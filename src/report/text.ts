/**
 * Human output: one line per finding in the `file:line:col: severity rule: message (step N name)`
 * shape that editors and CI problem matchers parse, then a summary. With
 * verbose, each finding is followed by its related steps, kernel consequence
 * and fix, rustc-style.
 */
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

/** The architecture's map of the final address space (ptdump-style, top-down). */
function layoutLines(r: ScenarioResult, style: Style): string[] {
  return [style.bold(r.layoutText.head), ...r.layoutText.rows.map((row) => style.dim(row))];
}

export interface TextOptions {
  readonly verbose: boolean;
  /** print each scenario's final layout */
  readonly layout: boolean;
  /** input files that did not load (their problems went to stderr): counted in the summary */
  readonly invalid?: number;
}

function severityLabel(severity: 'error' | 'warning' | 'info', style: Style): string {
  return severity === 'error' ? style.error('error') : severity === 'warning' ? style.warning('warning') : style.dim('info');
}

export function formatText(results: readonly ScenarioResult[], style: Style, options: TextOptions): string {
  const { verbose } = options;
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const sev = severityLabel(f.severity, style);
      lines.push(`${f.pos.line > 0 ? `${r.file}:${f.pos.line}:${f.pos.col}` : r.file}: ${sev} ${style.bold(f.rule)}: ${f.message} (${stepText(f.step.index, f.step.name)})`);
      if (!verbose) continue;
      for (const rel of f.related) lines.push(style.dim(`    related: ${stepText(rel.step.index, rel.step.name)} at ${r.file}:${rel.step.pos.line}:${rel.step.pos.col}: ${rel.role}`));
      const addrs = Object.entries(f.addresses).map(([k, v]) => `${k}=${hex(v)}`).join(' ');
      if (addrs !== '') lines.push(style.dim(`    addresses: ${addrs}`));
      lines.push(style.dim(`    kernel: ${f.consequence}`));
      lines.push(`    fix: ${f.fix}`);
    }
  }
  if (options.layout) {
    for (const r of results) lines.push(...layoutLines(r, style));
  }
  if (lines.length > 0) lines.push('');
  for (const r of results) {
    const e = r.findings.filter((f) => f.severity === 'error').length;
    const w = r.findings.filter((f) => f.severity === 'warning').length;
    const i = r.findings.length - e - w;
    const counts = [e > 0 ? plural(e, 'error') : '', w > 0 ? plural(w, 'warning') : '', i > 0 ? `${i} info` : ''].filter((x) => x !== '').join(', ');
    const tag = r.status === 'fail' ? style.error('FAIL') : style.pass('PASS');
    lines.push(`${tag} ${r.file}  ${style.dim(`${r.name} [${[r.kernel, ...r.tags].join(', ')}]`)}${counts !== '' ? `  ${counts}` : ''}`);
  }
  const t = totals(results);
  const invalid = options.invalid ?? 0;
  // invalid files are counted, so that a partial run never reads as complete
  const head = invalid > 0
    ? `${plural(t.scenarios + invalid, 'file')}: ${invalid} invalid, ${t.failed} failed, ${t.scenarios - t.failed} passed`
    : `${plural(t.scenarios, 'scenario')}: ${t.failed} failed, ${t.scenarios - t.failed} passed`;
  if (lines.length > 0) lines.push('');
  lines.push(`${head}; ${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}${t.infos > 0 ? `, ${t.infos} info` : ''}`
    + (!verbose && t.errors + t.warnings > 0 ? ' (run with -v for the kernel consequence and a fix)' : ''));
  return `${lines.join('\n')}\n`;
}

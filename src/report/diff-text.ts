/**
 * `bootreplay diff` for people: the two scenarios, then order, inputs,
 * findings and layout, each section saying how much differs, then the
 * verdict. Findings print in the `file:line:col: severity rule: message`
 * shape of `run`, so editors can jump to them.
 */
import type { ScenarioDiff, Side } from '../compare/diff.js';
import type { ValueDelta } from '../compare/layout.js';
import { editText } from '../scenario/order-edit.js';
import { displayName } from '../scenario/types.js';
import type { Finding } from '../rules/types.js';
import { escapeText } from '../escape.js';
import { hex, signedHex } from '../units.js';
import { keyCalls } from '../rules/identity.js';
import { locationText, whoseLine } from './location.js';
import { countsText } from './gate-text.js';
import { severityText, type Style } from './text.js';
import { afterHaltText } from './halt-point.js';
import { plural } from './plural.js';

function counts(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return { errors, warnings, infos: findings.length - errors - warnings };
}

function sideLine(mark: string, side: Side, style: Style): string {
  const s = side.scenario;
  const { errors, warnings, infos } = counts(side.findings);
  const tags = [s.kernel.text, ...side.plugin.summary(s).tags].join(', ');
  // with run's gate: its status and its counts, worded as run's line for the scenario
  const t = side.gated?.totals;
  const fails = side.gated !== undefined ? side.gated.status === 'fail' : errors > 0;
  const verdict = fails ? style.error('FAIL') : style.pass('PASS');
  const live = t ?? { errors, warnings, infos };
  const n = countsText(live, t);
  return style.bold(`${mark} ${escapeText(displayName(s))}  `) + style.dim(escapeText(`${s.name} [${tags}]`)) + `  ${verdict}${n !== '' ? ` ${n}` : ''}`;
}

function findingLine(side: Side, f: Finding, style: Style): string {
  const sev = severityText(f.severity, style);
  const where = escapeText(locationText(side.scenario, f.pos));
  const step = f.step.index === 0 ? `${f.step.name}, before setup_arch` : `step ${f.step.index} ${f.step.name}`;
  // a finding the side's kernel never reaches says so, as run's line does
  const after = f.afterHalt !== undefined ? style.dim(` [${afterHaltText(f.afterHalt)}]`) : '';
  // a finding at a base's line says whose it is, as run's line does: else b's new error reads as a's (break-196 4)
  const owner = whoseLine(side.scenario, f.pos);
  const whose = owner === undefined ? '' : ` in ${escapeText(owner)}`;
  return `${where}: ${sev} ${style.bold(f.rule)}: ${escapeText(f.message)} (${escapeText(step)})${whose}${after}`;
}

/**
 * " [b: after kasan-shadow-fault at step 10 kasan_init halts the kernel]" for a finding both sides have that
 * a side's kernel never reaches (an earlier finding halts it): "unchanged" alone would say b's boot still
 * gets there. Without a side's name when both are marked alike; '' when neither is.
 */
function unchangedAfterHalt(a: Finding, b: Finding): string {
  const x = a.afterHalt !== undefined ? afterHaltText(a.afterHalt) : undefined;
  const y = b.afterHalt !== undefined ? afterHaltText(b.afterHalt) : undefined;
  if (x === undefined && y === undefined) return '';
  if (x === y) return ` [${x ?? ''}]`;
  return ` [${[...(x !== undefined ? [`a: ${x}`] : []), ...(y !== undefined ? [`b: ${y}`] : [])].join('; ')}]`;
}

function signed(n: number, text: string): string {
  return `${n > 0 ? '+' : n < 0 ? '-' : '±'}${text}`;
}

function mibText(bytes: number): string {
  const m = Math.abs(bytes) / 2 ** 20;
  return `${Number.isInteger(m) ? m : m.toFixed(2)} MiB`;
}

function valueText(v: ValueDelta, x: number | null): string {
  if (x === null) return 'none';
  return v.unit === 'address' ? signedHex(x) : String(x);
}

function deltaText(v: ValueDelta): string {
  if (v.deltaCount !== null) return v.deltaCount === 0 ? '' : signed(v.deltaCount, String(Math.abs(v.deltaCount)));
  if (v.deltaBytes === null || v.deltaPages === null) return '';
  const pages = Math.abs(v.deltaPages);
  const p = Number.isInteger(pages) ? String(pages) : pages.toFixed(2);
  return `${signed(v.deltaPages, `${p} pages`)}, ${signed(v.deltaBytes, mibText(v.deltaBytes))}`;
}

function regionText(r: { start: number; end: number } | undefined): string {
  return r === undefined ? '(none)' : `${hex(r.start)}-${hex(r.end)} ${mibText(r.end - r.start).padStart(11)}`;
}

export function formatDiffText(d: ScenarioDiff, style: Style, verbose: boolean): string {
  const out: string[] = [sideLine('---', d.a, style), sideLine('+++', d.b, style), ''];

  out.push(style.bold(`order: ${d.order.length === 0 ? 'same' : plural(d.order.length, 'edit')}`) + style.dim(` (a: ${d.a.scenario.steps.length} steps, b: ${d.b.scenario.steps.length})`));
  const edits = d.order.map((c) => escapeText(editText(c.edit)));
  const width = Math.max(0, ...edits.map((e) => e.length));
  d.order.forEach((c, i) => {
    const sides = `${c.a !== undefined ? `a ${c.a}` : ''}${c.a !== undefined && c.b !== undefined ? ' → ' : ''}${c.b !== undefined ? `b ${c.b}` : ''}`;
    out.push(`  ${(edits[i] ?? '').padEnd(width)}  ${style.dim(`(${escapeText(sides)})`)}`);
  });

  out.push('', style.bold(`inputs: ${d.inputs.length === 0 ? 'same' : `${d.inputs.length} ${d.inputs.length === 1 ? 'differs' : 'differ'}`}`));
  const kw = Math.max(0, ...d.inputs.map((c) => c.key.length));
  for (const c of d.inputs) {
    const none = c.key.startsWith('define.') ? '(not defined)' : '(not set)';
    out.push(`  ${escapeText(c.key).padEnd(kw)}  ${escapeText(c.a ?? none)} → ${escapeText(c.b ?? none)}`);
  }

  const f = d.findings;
  out.push('', style.bold(`findings: ${f.new.length} new, ${f.fixed.length} fixed, ${f.changed.length} changed, ${f.unchanged.length} unchanged`));
  for (const x of f.new) out.push(`  ${style.error('new')}       ${findingLine(d.b, x.finding, style)}`);
  for (const x of f.fixed) out.push(`  ${style.pass('fixed')}     ${findingLine(d.a, x.finding, style)}`);
  for (const c of f.changed) {
    out.push(`  ${style.warning('changed')}   ${findingLine(d.b, c.b, style)}`);
    const what: string[] = [];
    if (c.severity !== undefined) what.push(`severity ${c.severity[0]} → ${c.severity[1]}`);
    if (c.slot !== undefined) what.push(`slot ${c.slot[0] ?? 'none'} → ${c.slot[1] ?? 'none'}`);
    if (c.subject !== undefined) what.push(`moved: ${escapeText(c.subject[0] ?? 'none')} → ${escapeText(c.subject[1] ?? 'none')}`);
    for (const [name, [x, y]] of Object.entries(c.addresses)) what.push(`${name} ${x === null ? 'none' : hex(x)} → ${y === null ? 'none' : hex(y)}`);
    out.push(style.dim(`              ${what.join('; ')}`));
  }
  for (const u of f.unchanged) {
    const calls = keyCalls(u.key).join(', ');
    out.push(style.dim(`  unchanged ${u.b.severity} ${u.b.rule} (${calls})${unchangedAfterHalt(u.a, u.b)}`));
  }

  const layout = d.layout;
  if (layout === null) {
    // a replay that halts has no final layout: say so rather than compare the states before setup_arch()
    const why = (['a', 'b'] as const).flatMap((side) => (d.noLayout[side] === null ? [] : [`${side}: ${d.noLayout[side] ?? ''}`]));
    out.push('', style.bold(`layout: not compared (${why.join('; ')})`));
  } else {
    const changed = layout.values.filter((v) => v.changed);
    out.push('', style.bold(`layout: ${changed.length === 0 ? 'same' : `${changed.length} of ${layout.values.length} values differ`}`));
    // a side whose boot a finding halts is compared as it is at that step (no kernel gets further)
    for (const side of ['a', 'b'] as const) {
      const when = d.layoutWhen[side];
      if (when !== null) out.push(style.dim(`  ${side}: ${escapeText(`the layout ${when}`)}`));
    }
    const shown = verbose ? layout.values : changed;
    const nw = Math.max(0, ...shown.map((v) => v.name.length));
    const aw = Math.max(0, ...shown.map((v) => valueText(v, v.a).length));
    const bw = Math.max(0, ...shown.map((v) => valueText(v, v.b).length));
    for (const v of shown) {
      out.push(`  ${v.name.padEnd(nw)}  ${valueText(v, v.a).padStart(aw)} → ${valueText(v, v.b).padStart(bw)}  ${v.changed ? deltaText(v) : style.dim('same')}`.trimEnd());
    }
    if (changed.length > 0 || verbose || layout.regions.some((r) => r.changed)) {
      const rw = Math.max(6, ...layout.regions.map((r) => r.name.length));
      const cw = Math.max(...layout.regions.map((r) => regionText(r.a).length));
      out.push(style.dim(`  ${' '.repeat(rw + 2)}${'a'.padEnd(cw)}  | b`));
      for (const r of layout.regions) {
        const row = `${r.changed ? '*' : ' '} ${r.name.padEnd(rw)}  ${regionText(r.a).padEnd(cw)}  | ${regionText(r.b)}`;
        out.push(r.changed ? row : style.dim(row));
      }
    }
  }

  // the page tables can differ where every layout value is the same (an attribute, a large page, a PTE page)
  const pt = d.pagetables;
  if (pt !== null) {
    const n = pt.onlyA.length + pt.onlyB.length;
    out.push('', style.bold(`page tables: ${n === 0 ? 'same' : `differ: ${plural(pt.onlyA.length, 'line')} of a's dump (${pt.linesA}) not in b's, ${plural(pt.onlyB.length, 'line')} of b's (${pt.linesB}) not in a's`}`));
    for (const l of pt.onlyA) out.push(`  - ${l}`);
    for (const l of pt.onlyB) out.push(`  + ${l}`);
  }

  const v = d.verdict;
  const gate = v.failOn === 'new-error' ? '' : ` (--fail-on ${v.failOn})`;
  const what = v.failOn === 'any-change'
    // what any-change compares: a renamed or redescribed scenario replays the same
    ? (v.anyChange ? 'b differs from a' : 'no difference in order, inputs, findings, layout or page tables')
    : v.newErrors > 0 ? `regression: ${plural(v.newErrors, 'new error')} in b`
      : v.failOn === 'new-warning' && v.newWarnings > 0 ? `${plural(v.newWarnings, 'new warning')} in b`
        : `no new error in b${v.newWarnings > 0 ? ` (${plural(v.newWarnings, 'new warning')})` : ''}`;
  out.push('', `${v.fails ? style.error(what) : style.pass(what)}${gate}; exit ${v.fails ? 1 : 0}`);
  return `${out.join('\n')}\n`;
}

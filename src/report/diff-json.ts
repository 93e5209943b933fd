/**
 * `bootreplay diff --format json`: the diff for tools, format version 1.
 * Fixed field order, no timestamps, paths as given: the same inputs give the
 * same bytes. Addresses are lowercase hex strings, as in the run report.
 */
import type { ScenarioDiff, Side } from '../compare/diff.js';
import type { Finding } from '../rules/types.js';
import { editData, editText } from '../scenario/order-edit.js';
import { hex, signedHex } from '../units.js';
import type { InputProblem } from '../scenario/problems.js';
import { findingJson, problemsJson } from './json.js';
import { fileOf } from './location.js';
import { jsonText } from './json-text.js';

export const DIFF_VERSION = 1;

function sideJson(side: Side): unknown {
  const s = side.scenario;
  const errors = side.findings.filter((f) => f.severity === 'error').length;
  const t = side.gated?.totals;
  return {
    file: s.file,
    ...(s.variant !== undefined ? { variant: s.variant } : {}),
    name: s.name,
    kernel: s.kernel.text,
    arch: s.arch,
    // the status and counts run gives the scenario (expect:/allow: applied): live findings by severity
    status: side.gated?.status ?? (errors > 0 ? 'fail' : 'pass'),
    errors: t?.errors ?? errors,
    warnings: t?.warnings ?? side.findings.filter((f) => f.severity === 'warning').length,
    infos: t?.infos ?? side.findings.filter((f) => f.severity === 'info').length,
    ...(t !== undefined ? { expected: t.expected, suppressed: t.suppressed, unmet: t.unmet, unused_allows: t.unusedAllows } : {}),
  };
}

/**
 * A finding with its identity and the file it points into (the side's own, unless it comes from a base);
 * then also `scenario`, the side's file, as run's JSON names the derived file of an input problem in a base.
 */
function located(side: Side, f: Finding, key?: string): unknown {
  const json = findingJson(f);
  const file = fileOf(side.scenario, f.pos);
  return { ...(key !== undefined ? { key } : {}), ...(typeof json === 'object' && json !== null ? json : {}), file, ...(file !== side.scenario.file ? { scenario: side.scenario.file } : {}) };
}

/** run's JSON afterHalt of a finding (findingJson), or null when its side's kernel reaches it. */
function haltJson(f: Finding): { rule: string; step: string; index: number } | null {
  return f.afterHalt === undefined ? null : { rule: f.afterHalt.rule, step: f.afterHalt.step.name, index: f.afterHalt.step.index };
}

const addr = (n: number | bigint | null): string | null => (n === null ? null : hex(n));
/** layout values: addresses, and signed variables listed with them (arm64's memstart_addr) */
const signedAddr = (n: number | null): string | null => (n === null ? null : signedHex(n));

export function formatDiffJson(d: ScenarioDiff): string {
  const report = {
    version: DIFF_VERSION,
    a: sideJson(d.a),
    b: sideJson(d.b),
    order: {
      steps: { a: d.a.scenario.steps.length, b: d.b.scenario.steps.length },
      edits: d.order.map((c) => ({ ...editData(c.edit), text: editText(c.edit), a_index: c.a ?? null, b_index: c.b ?? null })),
    },
    inputs: d.inputs.map((c) => ({ key: c.key, a: c.a ?? null, b: c.b ?? null })),
    findings: {
      new: d.findings.new.map((x) => located(d.b, x.finding, x.key)),
      fixed: d.findings.fixed.map((x) => located(d.a, x.finding, x.key)),
      changed: d.findings.changed.map((c) => ({
        key: c.key,
        rule: c.b.rule,
        step: c.b.step.name,
        ...(c.severity !== undefined ? { severity: { a: c.severity[0], b: c.severity[1] } } : {}),
        ...(c.slot !== undefined ? { slot: { a: c.slot[0] ?? null, b: c.slot[1] ?? null } } : {}),
        ...(c.subject !== undefined ? { subject: { a: c.subject[0] ?? null, b: c.subject[1] ?? null } } : {}),
        addresses: Object.fromEntries(Object.entries(c.addresses).map(([k, [x, y]]) => [k, { a: addr(x), b: addr(y) }])),
        a: located(d.a, c.a),
        b: located(d.b, c.b),
      })),
      unchanged: d.findings.unchanged.map((u) => ({
        key: u.key, rule: u.b.rule, severity: u.b.severity, step: u.b.step.name, a_index: u.a.step.index, b_index: u.b.step.index,
        // when a side's kernel never reaches it (an earlier finding halts it): run's afterHalt, per side (null: reached)
        ...(u.a.afterHalt !== undefined || u.b.afterHalt !== undefined ? { afterHalt: { a: haltJson(u.a), b: haltJson(u.b) } } : {}),
      })),
    },
    // null when a side's replay halted before setup_arch(): no_layout says which and why
    layout: d.layout === null ? null : {
      page_size: d.layout.pageSize,
      values: d.layout.values.map((v) => ({
        name: v.name,
        unit: v.unit,
        a: v.unit === 'address' ? signedAddr(v.a) : v.a,
        b: v.unit === 'address' ? signedAddr(v.b) : v.b,
        changed: v.changed,
        delta_bytes: v.deltaBytes,
        delta_pages: v.deltaPages,
        delta_mib: v.deltaBytes === null ? null : Number((v.deltaBytes / 2 ** 20).toFixed(4)),
        ...(v.unit === 'count' ? { delta_count: v.deltaCount } : {}),
      })),
      regions: d.layout.regions.map((r) => ({
        name: r.name,
        a: r.a === undefined ? null : { start: hex(r.a.start), end: hex(r.a.end) },
        b: r.b === undefined ? null : { start: hex(r.b.start), end: hex(r.b.end) },
        changed: r.changed,
      })),
    },
    no_layout: d.noLayout,
    // a side whose boot a finding halts: its layout and page tables are the state at that step, and this says which (else null)
    layout_when: d.layoutWhen,
    // the plug-ins' page-table dumps (lines compared without their "  # " annotations); null: no dump on a side
    pagetables: d.pagetables === null ? null : {
      same: d.pagetables.onlyA.length + d.pagetables.onlyB.length === 0,
      only_a: d.pagetables.onlyA,
      only_b: d.pagetables.onlyB,
    },
    verdict: {
      fail_on: d.verdict.failOn,
      new_errors: d.verdict.newErrors,
      new_warnings: d.verdict.newWarnings,
      any_change: d.verdict.anyChange,
      regression: d.verdict.newErrors > 0,
      exit: d.verdict.fails ? 1 : 0,
    },
  };
  return jsonText(report);
}

/**
 * The diff report when a side did not load (exit 2): the same top-level fields, nothing compared (`a`, `b`,
 * `layout`, `no_layout`, `layout_when`, `pagetables` and `verdict` null, every list empty), and `problems`,
 * the input problems as run's JSON report writes them (problemsJson), in the order stderr lists them.
 */
export function formatDiffProblemsJson(problems: readonly InputProblem[]): string {
  return jsonText({
    version: DIFF_VERSION,
    a: null,
    b: null,
    order: { steps: { a: null, b: null }, edits: [] },
    inputs: [],
    findings: { new: [], fixed: [], changed: [], unchanged: [] },
    layout: null,
    no_layout: null,
    layout_when: null,
    pagetables: null,
    verdict: null,
    problems: problemsJson(problems),
  });
}

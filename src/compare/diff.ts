/**
 * `diff`: two replayed scenarios compared (order, inputs, findings,
 * layout), and the verdict a CI gate reads. Pure; works on any
 * architecture's scenarios, traces and findings.
 */
import type { ArchPlugin, InputValue } from '../arch/types.js';
import type { Totals } from '../gate/types.js';
import { noLayoutReason, type Trace } from '../replay/trace.js';
import type { Finding } from '../rules/types.js';
import type { Scenario } from '../scenario/types.js';
import { diffFindings, severityRose, type FindingsDiff } from './findings.js';
import { diffInputs, type InputChange } from './inputs.js';
import { diffLayout, type LayoutDiff } from './layout.js';
import { diffOrder, type OrderChange } from './order.js';
import { diffPagetables, type PagetablesDiff } from './pagetables.js';

/** One side of a diff: a scenario replayed by its plug-in and checked. */
export interface Side {
  readonly plugin: ArchPlugin;
  readonly scenario: Scenario;
  readonly trace: Trace;
  readonly findings: readonly Finding[];
  /**
   * The side's status as `run` reports it (the scenario's expect: and allow:
   * applied); without it, a side fails iff it has an error finding. The
   * findings sections compare the findings themselves either way.
   */
  readonly gated?: GatedSide | undefined;
  /**
   * When a finding halts the kernel: the side's replay up to that step, whose layout and page tables
   * are compared instead of the whole replay's (a state no kernel reaches), and the words for when it
   * is taken ("when step 10 kasan_init halts the kernel (kasan-shadow-fault), without the 5 steps
   * after it"; src/report/halt-point.ts haltView)
   */
  readonly halted?: { readonly trace: Trace; readonly when: string; readonly noLayout?: string | undefined } | undefined;
}

/** What `run`'s gate says of a side: its status and its counts, as run's summary line gives them. */
export interface GatedSide {
  readonly status: 'pass' | 'fail';
  /** live findings by severity, and the expected, suppressed and unmet ones (gate/types.ts) */
  readonly totals: Totals;
}

/** Which differences make `diff` exit 1 (abidiff-style gates). */
export type FailOn = 'new-error' | 'new-warning' | 'any-change';
export const FAIL_ON: readonly FailOn[] = ['new-error', 'new-warning', 'any-change'];

export interface Verdict {
  readonly failOn: FailOn;
  /** error findings B has and A lacks, including findings that became errors */
  readonly newErrors: number;
  /** warning findings B has and A lacks */
  readonly newWarnings: number;
  readonly anyChange: boolean;
  /** whether the gate fails (exit 1) */
  readonly fails: boolean;
}

export interface ScenarioDiff {
  readonly a: Side;
  readonly b: Side;
  readonly order: readonly OrderChange[];
  readonly inputs: readonly InputChange[];
  readonly findings: FindingsDiff;
  /** the final layouts compared; null when a side's replay halted before setup_arch() (noLayout says which and why) */
  readonly layout: LayoutDiff | null;
  /** noLayoutReason() of each side: a halted replay has no final layout to compare */
  readonly noLayout: { readonly a: string | null; readonly b: string | null };
  /** Side.halted's words for each side whose compared layout is the state at a halt; null: after boot */
  readonly layoutWhen: { readonly a: string | null; readonly b: string | null };
  /** the final page tables (the plug-ins' dumps); null when a side's plug-in has no dump or a replay halted */
  readonly pagetables: PagetablesDiff | null;
  readonly verdict: Verdict;
}

/**
 * A side's inputs: kernel, arch, the plug-in's config and machine keys, then
 * each `define:` call as `define.NAME` with its effects in the
 * architecture's words (describeDefine, as bisect shows a define edit), by
 * name, so that an edit of a definition is a change of the inputs.
 */
function inputsOf(side: Side, kernelText: string = side.scenario.kernel.text): InputValue[] {
  const defined = Object.entries(side.scenario.defined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return [
    { key: 'kernel', value: kernelText },
    { key: 'arch', value: side.scenario.arch },
    ...side.plugin.inputs(side.scenario),
    ...defined.map(([name, d]) => ({ key: `define.${name}`, value: side.plugin.describeDefine(d.compiled).effects })),
  ];
}

export function diffScenarios(a: Side, b: Side, failOn: FailOn = 'new-error'): ScenarioDiff {
  const order = diffOrder(a.scenario.steps.map((s) => s.call), b.scenario.steps.map((s) => s.call));
  // one version written two ways (v4.6 and 4.6) is the same kernel: b's text shown as a's, no change (helper-199 2)
  const sameKernel = a.scenario.arch === b.scenario.arch && a.scenario.kernel.key === b.scenario.kernel.key;
  const inputs = diffInputs(inputsOf(a), inputsOf(b, sameKernel ? a.scenario.kernel.text : undefined));
  const findings = diffFindings(a.findings, a.trace.steps, b.findings, b.trace.steps);
  const noLayout = { a: noLayoutOf(a) ?? null, b: noLayoutOf(b) ?? null };
  const layout = noLayout.a === null && noLayout.b === null ? diffLayout(shownTrace(a).layout, shownTrace(b).layout) : null;
  const layoutWhen = { a: noLayout.a === null ? a.halted?.when ?? null : null, b: noLayout.b === null ? b.halted?.when ?? null : null };
  const pagetables = pagetablesOf(a, b);
  const newErrors = findings.new.filter((x) => x.finding.severity === 'error').length
    + findings.changed.filter((c) => c.b.severity === 'error' && severityRose(c.a.severity, c.b.severity)).length;
  const newWarnings = findings.new.filter((x) => x.finding.severity === 'warning').length;
  const anyChange = order.length > 0 || inputs.length > 0 || findings.new.length + findings.fixed.length + findings.changed.length > 0
    || (layout !== null && (layout.values.some((v) => v.changed) || layout.regions.some((r) => r.changed)))
    || (pagetables !== null && pagetables.onlyA.length + pagetables.onlyB.length > 0);
  const fails = failOn === 'new-error' ? newErrors > 0 : failOn === 'new-warning' ? newErrors + newWarnings > 0 : anyChange;
  return { a, b, order, inputs, findings, layout, noLayout, layoutWhen, pagetables, verdict: { failOn, newErrors, newWarnings, anyChange, fails } };
}

/** Why a side has no layout to compare: its replay halted before setup_arch(), or a finding halts the kernel there. */
function noLayoutOf(side: Side): string | undefined {
  return noLayoutReason(side.trace) ?? side.halted?.noLayout;
}

/** The replay whose state a side's layout and page tables are: up to the halt, or the whole one. */
function shownTrace(side: Side): Trace {
  return side.halted?.trace ?? side.trace;
}

/** Both sides' page-table dumps compared, when both plug-ins dump and both replays ran. */
function pagetablesOf(a: Side, b: Side): PagetablesDiff | null {
  if (noLayoutOf(a) !== undefined || noLayoutOf(b) !== undefined) return null;
  // a halted side's tables as they are at the halt (x86_32: nothing after setup_arch() applied)
  const da = a.plugin.ptdump?.(shownTrace(a), a.halted?.when);
  const db = b.plugin.ptdump?.(shownTrace(b), b.halted?.when);
  return da === undefined || db === undefined ? null : diffPagetables(da.rows, db.rows);
}

/**
 * Where a replay stops being a boot: the first finding that halts the kernel
 * (Verdict.halts: a panic, BUG() or fatal fault the rule knows is reached).
 * The replay itself goes on past it, so its final state is one no kernel
 * reaches; the views of a state (`layout`, `layout --ptdump`, `run --layout`)
 * show the order up to and including the halting step instead, and say so
 * rather than "after boot".
 */
import type { ArchPlugin } from '../arch/types.js';
import { haltPoint, haltPosition, lastCompletedStep, reachedUpTo, type HaltPoint } from '../rules/halting.js';
import type { Finding, HaltRef, Verdict } from '../rules/types.js';
import { stepText } from './step-text.js';
import { replayWith } from '../replay/replay.js';
import type { Trace } from '../replay/trace.js';

/** The finding that halts the kernel first, and where it stops it. */
export interface FirstHalt<V extends Verdict> {
  readonly finding: V;
  readonly at: HaltPoint;
}

/** The finding that halts the kernel at the earliest step (the first in list order at that step), if any. */
export function firstHalt<V extends Verdict>(findings: readonly V[]): FirstHalt<V> | undefined {
  let first: FirstHalt<V> | undefined;
  for (const f of findings) {
    const at = haltPoint(f);
    if (at !== undefined && (first === undefined || haltPosition(at) < haltPosition(first.at))) first = { finding: f, at };
  }
  return first;
}

/** "when step 12 kasan_init halts the kernel (kasan-shadow-fault)": what a view of the state at the halt is of. */
function haltWhen({ finding, at }: FirstHalt<Verdict>): string {
  return `when ${stepText(at.step.index, at.step.name)} halts the kernel (${finding.rule})${at.before ? ': as before that step' : ''}`;
}

/** A trace to show and the words for when its state is taken: null when the kernel gets through the whole order. */
export interface HaltView<T extends Trace> {
  readonly trace: T;
  /** ArchPlugin.layoutText/ptdump's `when`, e.g. "when step 12 kasan_init halts the kernel (kasan-shadow-fault), without the 9 steps after it" */
  readonly when: string;
  /**
   * set when the kernel halts in an implicit step, before setup_arch() (riscv: a setup_vm() BUG_ON with
   * the MMU off): there is no layout to show (the model's state goes on past the halt), and this is why,
   * as noLayoutReason() words it: "the kernel halts before setup_arch(), in setup_vm (setup-vm-constraint)"
   */
  readonly noLayout?: string;
}

const steps = (n: number): string => `${n} step${n === 1 ? '' : 's'}`;

/** ", without the 5 steps after it"; for a halt before the step's effects ", without it and the 18 steps after it" */
function withoutText(dropped: number, before: boolean): string {
  if (dropped === 0) return '';
  if (!before) return `, without the ${steps(dropped)} after it`;
  return dropped === 1 ? ', without it' : `, without it and the ${steps(dropped - 1)} after it`;
}

/**
 * The state as it is when the first halting finding stops the kernel: the
 * order replayed up to and including the halting step (an implicit step:
 * none of setup_arch()), or up to the step before it when the kernel stops
 * before that step's effects (Verdict.haltBefore), on the same machine.
 *
 * @returns undefined when no finding halts the kernel (show the trace as it is)
 */
export function haltView<T extends Trace>(plugin: ArchPlugin, trace: T, findings: readonly Verdict[]): HaltView<T> | undefined {
  const halt = firstHalt(findings);
  if (halt === undefined) return undefined;
  const s = trace.scenario;
  if (halt.at.step.implicit) {
    return { trace, when: haltWhen(halt), noLayout: `the kernel halts before setup_arch(), in ${halt.at.step.name} (${halt.finding.rule})` };
  }
  const upTo = lastCompletedStep(halt.at);
  const later = s.steps.filter((st) => st.index > upTo).length;
  // the plug-in that replayed `trace` replays its scenario: the same types on both sides
  const cut = later === 0 ? trace : (replayWith(plugin, { ...s, steps: s.steps.filter((st) => st.index <= upTo) }) as T);
  return { trace: cut, when: `${haltWhen(halt)}${withoutText(later, halt.at.before)}` };
}

/** "after pgtable-alloc-outside-map at step 3 paging_init halts the kernel": what a later finding is. */
export function afterHaltText(h: HaltRef): string {
  return `after ${h.rule} at ${stepText(h.step.index, h.step.name)} halts the kernel`;
}

/**
 * Marks each finding at a step after the first halting finding's (Finding.afterHalt) and replaces its fix:
 * the kernel never reaches it, so no order change is searched for it. A finding at the halting step itself
 * is not marked (the model does not know which of a step's effects come before the halt), unless the
 * kernel stops before that step's effects (Verdict.haltBefore).
 */
export function markAfterHalt(findings: readonly Finding[]): Finding[] {
  const halt = firstHalt(findings);
  if (halt === undefined) return findings.slice();
  const h: HaltRef = { rule: halt.finding.rule, step: halt.at.step };
  const from = reachedUpTo(halt.finding, halt.at);
  return findings.map((f) => (f.step.index > from
    ? { ...f, afterHalt: h, fix: `no fix was searched: ${h.rule} at ${stepText(h.step.index, h.step.name)} halts the kernel before it gets here; fix that first and replay` }
    : f));
}

/**
 * The fix search (src/compare/fix-hints.ts withVerifiedFixes) over the findings the kernel reaches only:
 * those marked afterHalt keep markAfterHalt's fix and cost no replay.
 *
 * @param search the search over a list of findings, returning them in the same order
 */
export function searchBeforeHalt(findings: readonly Finding[], search: (reached: readonly Finding[]) => Finding[]): Finding[] {
  const reached = findings.filter((f) => f.afterHalt === undefined);
  if (reached.length === findings.length) return search(findings);
  const searched = reached.length > 0 ? search(reached) : [];
  let next = 0;
  return findings.map((f) => (f.afterHalt === undefined ? (searched[next++] ?? f) : f));
}

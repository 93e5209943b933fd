/**
 * What a rule is (ESLint-style: meta + check) and what it reports. The
 * contract is architecture-neutral; each architecture's rules live in
 * src/arch/<name>/rules/ and check that architecture's trace.
 */
import type { StepRef, Trace } from '../replay/trace.js';
import type { OrderEdit } from '../scenario/order-edit.js';
import type { Pos } from '../scenario/types.js';

export type Severity = 'error' | 'warning';

export interface RelatedStep {
  readonly step: StepRef;
  /** how it relates, e.g. "relocates FIXADDR_TOP" */
  readonly role: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** the culprit step */
  readonly step: StepRef;
  /** where to point in the scenario file (the step's position unless a key is more precise) */
  readonly pos: Pos;
  /** one line, self-contained */
  readonly message: string;
  readonly related: readonly RelatedStep[];
  /** the fixmap (or other named) slot involved, e.g. FIX_BTMAP_BEGIN */
  readonly slot?: string;
  /** named addresses involved (FIXADDR_TOP before/after, the slot's address, PMDs, …), in bytes */
  readonly addresses: Readonly<Record<string, number>>;
  /** what the kernel does about it (BUG_ON, WARN, silent corruption) and where */
  readonly consequence: string;
  /** a concrete change that fixes it */
  readonly fix: string;
  /**
   * the fix as edits of the order, when the rule has verified that replaying
   * the edited order clears the finding (SARIF `fixes`, HTML, `patch:`)
   */
  readonly fixEdits?: readonly OrderEdit[];
}

export interface RuleMeta {
  readonly id: string;
  /** the severity it usually reports (some rules lower or raise it per finding) */
  readonly severity: Severity;
  readonly doc: string;
  /** long explanation for `bootreplay explain` */
  readonly explanation: string;
}

/**
 * @typeParam T the trace type the rule reads (an architecture's trace)
 */
export interface Rule<T extends Trace = Trace> {
  readonly meta: RuleMeta;
  // method syntax: a Rule<X86Trace> is held as a Rule<Trace> by the registry
  check(trace: T): Finding[];
}

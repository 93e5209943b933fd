/**
 * What a rule is (ESLint-style: meta + check) and what it reports.
 */
import type { SlotName } from '../arch/x86_32/fixmap.js';
import type { StepRef } from '../replay/events.js';
import type { Trace } from '../replay/replay.js';
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
  readonly slot?: SlotName;
  /** named addresses involved (FIXADDR_TOP before/after, the slot's address, PMDs, …) */
  readonly addresses: Readonly<Record<string, number>>;
  /** what the kernel does about it (BUG_ON, WARN, silent corruption) and where */
  readonly consequence: string;
  /** a concrete change that fixes it */
  readonly fix: string;
}

export interface RuleMeta {
  readonly id: string;
  /** the severity it usually reports (some rules lower or raise it per finding) */
  readonly severity: Severity;
  readonly doc: string;
  /** long explanation for `bootreplay explain` */
  readonly explanation: string;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(trace: Trace): Finding[];
}

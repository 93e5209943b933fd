/**
 * What a rule is (ESLint-style: meta + check) and what it reports. The
 * contract is architecture-neutral; each architecture's rules live in
 * src/arch/<name>/rules/ and check that architecture's trace.
 */
import type { StepRef, Trace } from '../replay/trace.js';
import type { OrderEdit } from '../scenario/order-edit.js';
import type { Pos } from '../scenario/types.js';

/** error: the kernel breaks (exit 1); warning: a hazard or a kernel WARN; info: what the replay could not model, said once */
export type Severity = 'error' | 'warning' | 'info';

export interface RelatedStep {
  readonly step: StepRef;
  /** how it relates, e.g. "relocates FIXADDR_TOP" */
  readonly role: string;
  /** see Verdict.related */
  readonly example?: boolean;
}

/**
 * A finding without its words: what it takes to judge an order (severity)
 * and to match the finding across orders and machines (findingKeys: rule,
 * culprit call, related calls, subject). Every Finding is a Verdict. The replay engine
 * (src/compare/) judges thousands of orders by their verdicts and formats a
 * finding only when it is printed.
 */
export interface Verdict {
  readonly rule: string;
  readonly severity: Severity;
  /** the culprit step */
  readonly step: StepRef;
  /**
   * the other steps the finding is about; `example`: a step that only shows
   * what the finding does (the first fixmap user after a relocation that is
   * itself the finding), left out of its identity (identity.ts baseKey), so
   * that moving that user does not make the finding another one
   */
  readonly related: readonly { readonly step: StepRef; readonly example?: boolean }[];
  /**
   * what tells this finding apart from others of the same rule at the same
   * steps, in a few stable words: the regions that overlap ("lowmem/vmalloc"),
   * the entry that changes ("L2 0xffffffc000a00000"). Part of findingKey, so
   * prefer names, which do not move when the order is edited. An address in
   * it is written in hex (units.ts hex): `diff` and `bisect` pair a finding
   * whose subject differs only in its addresses with the other side's, when
   * that side lacks the exact key (identity.ts movedKey: a layout edit moved
   * the leaf). Optional: most rules find at most one thing per culprit and
   * related steps.
   */
  readonly subject?: string;
  /**
   * true when the rule lowered the finding to a warning because it cannot
   * change the outcome on this machine (a prerequisite whose input this
   * machine does not use, e.g. no vmi= option): a hazard for other machines,
   * not for this one
   */
  readonly harmless?: boolean;
  /**
   * true when the kernel stops at this finding (a BUG()/panic the rule knows
   * is reached, e.g. a page-table allocation that fails): the replay goes on,
   * so findings after it in the same order may be consequences the kernel
   * never reaches (constraints does not take them as an edge's example)
   */
  readonly halts?: boolean;
  /**
   * with `halts`: a later step (a related one) inside which the kernel stops
   * before the step's effects that matter, when the culprit itself runs
   * through; views of the state at the halt show it as before that step.
   * x86_32: a real set_fixmap() before vmi_init() is the culprit, and
   * reserve_top_address() starts with BUG_ON(fixmaps_set > 0), before it
   * moves FIXADDR_TOP (for reservetop=, options parsed before it in the same
   * parse_early_param are left out too). Absent: the kernel stops in the
   * culprit step (src/rules/halting.ts haltPoint)
   */
  readonly haltBefore?: StepRef;
  /**
   * with `halts`: a later step (a related one) inside which the kernel stops after some of its effects,
   * when the culprit itself runs through; views of the state at the halt show it as after that step (the
   * replay leaves the rest of the step undone where it knows: x86_32 ModelState.faultedIn). x86_32:
   * reservetop= leaves FIXADDR_TOP inside a page, and the DMI scan reads past the pages it mapped and
   * page-faults (fixaddr-top-unaligned). Absent, with no haltBefore: the kernel stops in the culprit step
   */
  readonly haltIn?: StepRef;
}

export interface Finding extends Verdict {
  /** where to point in the scenario file (the step's position unless a key is more precise) */
  readonly pos: Pos;
  /** one line, self-contained */
  readonly message: string;
  readonly related: readonly RelatedStep[];
  /** the fixmap (or other named) slot involved, e.g. FIX_BTMAP_BEGIN */
  readonly slot?: string;
  /**
   * named addresses involved (FIXADDR_TOP before/after, the slot's address, PMDs, …), in bytes; a bigint
   * only for a byte address above 2^53 that no double holds (units.ts exactSum: a DTB near 2^64)
   */
  readonly addresses: Readonly<Record<string, number | bigint>>;
  /** what the kernel does about it (BUG_ON, WARN, silent corruption) and where */
  readonly consequence: string;
  /**
   * how to fix it: the rule's remedy in words; in reports, the verified order
   * change when one exists (src/compare/fix-hints.ts)
   */
  readonly fix: string;
  /**
   * the remedy in words when `fix` is an order edit (`move A before B`) and the fix search finds no order
   * change that works: the search drops the edit it found wanting and says why, then this
   * (src/compare/fix-hints.ts withVerifiedFixes). Absent when the rule has nothing to add
   */
  readonly otherwise?: string;
  /**
   * calls of the architecture's catalog for this kernel that would provide
   * what the finding lacks, when no step of the order does (the rule or the
   * plug-in knows them): the fix search tries inserting each one that the
   * order does not name (src/compare/fix-hints.ts). A finding whose cause is
   * a missing call names it here: one that names no call of the order and no
   * setter is said to be "not an ordering problem"
   */
  readonly setters?: readonly string[];
  /**
   * true when the rule has shown that no order of the calls removes the finding: all of its cause is an input of
   * the machine (x86_32: a mem= or memmap= that left lowmem too little RAM), and `fix` says what to change
   * there. The fix search then replays no order for it and leaves `fix` as it is (src/compare/fix-hints.ts
   * withVerifiedFixes): its "no single move … removes it" was work spent on what the rule knew, and stood before
   * the remedy. Unset when any part of the cause is the order (a reserve that also leaves too little room), so
   * that the search still looks for that part's move. Not part of the verdict: it changes no judgement of an order
   */
  readonly noOrderFix?: boolean;
  /**
   * true on an error of a rule whose meta says machineWide when, on this machine, another call of the order can
   * undo its cause after all (x86_32: reservetop= leaves FIXADDR_TOP inside a page, and a VMI host's vmi_init()
   * reserves again, page-aligned, before any fixmap user when it comes early enough): the commands that reason
   * over orders judge the machine (src/compare/unsupported.ts) and the fix search looks for the move
   * (src/compare/fix-hints.ts) as for any order finding. Not part of the verdict (break-280 F1)
   */
  readonly orderMayFix?: boolean;
  /**
   * set when an earlier step has a finding that halts the kernel (Verdict.halts): the kernel never gets
   * here, so this is what the model finds by going on, not an error of its own. The severity stays (a CI
   * gate that fails on errors still fails) and no fix is searched for it: its `fix` says to fix the halting
   * finding first (src/report/halt-point.ts markAfterHalt)
   */
  readonly afterHalt?: HaltRef;
  /**
   * the fix as edits of the order, verified: the edited order was replayed on
   * the same machine and no longer has this finding, and has no new error
   * (src/compare/fix-hints.ts). Absent when no verified order change exists
   * (then `fix` says why). SARIF `fixes`, HTML and `patch:` use it.
   */
  readonly fixEdits?: readonly OrderEdit[];
}

/** The finding that halts the kernel: its rule, and the step in which the kernel stops (haltPoint). */
export interface HaltRef {
  readonly rule: string;
  readonly step: StepRef;
}

export interface RuleMeta {
  readonly id: string;
  /** the severity it usually reports (some rules lower or raise it per finding) */
  readonly severity: Severity;
  /**
   * the other severities some of its findings take (lowmem-before-relocation: a warning when vmalloc only
   * shrank): `explain` shows them beside `severity`, so no one reads a rule that can warn as always an error
   */
  readonly alsoReports?: readonly Severity[];
  readonly doc: string;
  /** long explanation for `bootreplay explain` */
  readonly explanation: string;
  /** whether it checks a replay that stopped before setup_arch() (Trace.halted); the others would report nonsense there */
  readonly checksHalted?: boolean;
  /**
   * its errors are about the machine or configuration, never about the order
   * (a kernel that cannot be built or run): the commands that reason over
   * orders leave a machine with such an error out and say so
   * (src/compare/unsupported.ts), unless the error says the order may fix
   * it on this machine after all (Finding.orderMayFix)
   */
  readonly machineWide?: boolean;
  /**
   * its verdicts depend only on the trace's events and final state, never on
   * the steps list (so not on where calls without events sit): the replay
   * engine then reuses the scenario's own verdicts, with the steps renumbered,
   * for an order that only moves calls that are inert on this machine
   * (ArchPlugin.inert). Leave it unset when in doubt: the rule is then run.
   */
  readonly eventsOnly?: boolean;
  /**
   * when it finds nothing in an order, it finds nothing in any other order of
   * the same calls (it reads which calls an order has, not where they are:
   * duplicate-call): the replay engine does not run it for reorderings of a
   * scenario where it found nothing.
   */
  readonly emptyUnderReordering?: boolean;
}

/**
 * @typeParam T the trace type the rule reads (an architecture's trace)
 */
export interface Rule<T extends Trace = Trace> {
  readonly meta: RuleMeta;
  // method syntax: a Rule<X86Trace> is held as a Rule<Trace> by the registry
  check(trace: T): Finding[];
  /**
   * Optional fast path for the many-replay engine: exactly the verdicts of
   * check(trace) (same findings, same order), without building any text.
   * Rules without it are judged through check().
   */
  verdict?(trace: T): Verdict[];
  /**
   * Optional, for the many-replay engine: given a scenario's own trace, in
   * which the rule found nothing, whether it finds nothing in any other
   * order of the same calls either (RuleMeta.emptyUnderReordering, decided
   * per scenario: phase-order cannot fire when every call is of one phase).
   * The engine then does not run it for reorderings of that scenario.
   */
  emptyUnderReorderingOf?(own: T): boolean;
}

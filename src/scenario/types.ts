/**
 * The validated, defaulted scenario that a replay consumes: the part every
 * architecture shares. `config` and `machine` are the architecture's own
 * shapes (src/arch/<name>/types.ts); generic code never looks inside them.
 */
import type { KernelVersion } from '../arch/types.js';
import type { CallRef } from './order-edit.js';

/** 1-based line and column in the scenario file */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

export interface Step {
  /** a call of the architecture's catalog */
  readonly call: string;
  readonly note: string | undefined;
  /** 1-based position in setup_arch */
  readonly index: number;
  readonly pos: Pos;
  /**
   * the item's whole source lines (1-based, inclusive) and their text with
   * the final newline, when the item has lines of its own (a block list);
   * what a SARIF fix rewrites
   */
  readonly lines?: { readonly first: number; readonly last: number; readonly text: string } | undefined;
}

/**
 * An `expect:` entry (DESIGN §5a): a finding the scenario must produce, the
 * way a regression scenario keeps reproducing its bug. `allow:` entries add a
 * mandatory reason and suppress the finding instead (it stays visible).
 */
export interface Expectation {
  readonly rule: string;
  /** the culprit call: "dmi_scan_machine", "vmi_init#2", or an implicit step's name */
  readonly step: CallRef;
  /** only for this variant of a matrix; undefined: every variant */
  readonly variant?: string | undefined;
  /** where the entry is written */
  readonly pos: Pos;
}

export interface Allowance extends Expectation {
  /** why the finding is acceptable here (shown in every report) */
  readonly reason: string;
}

/**
 * @typeParam C the architecture's defaulted `config:` shape
 * @typeParam M the architecture's defaulted `machine:` shape
 */
export interface Scenario<C = unknown, M = unknown> {
  /** the path as the user gave it (never made absolute: output stays diffable) */
  readonly file: string;
  /**
   * for one variant of a `matrix:`, its stable name: the axis values in axis
   * order, e.g. "hypervisor=xen,memory=4GiB"; undefined for a plain scenario
   */
  readonly variant?: string | undefined;
  readonly name: string;
  readonly description: string;
  /** the architecture plug-in's id (src/arch/index.ts) */
  readonly arch: string;
  readonly kernel: KernelVersion;
  readonly config: C;
  readonly machine: M;
  readonly steps: readonly Step[];
  /** positions of keys by dotted path ("machine.hypervisor", "config.pae"); "" is the document */
  readonly positions: Readonly<Record<string, Pos>>;
  /** `expect:`: findings this scenario must produce (src/gate) */
  readonly expect?: readonly Expectation[] | undefined;
  /** `allow:`: findings suppressed with a reason (src/gate) */
  readonly allow?: readonly Allowance[] | undefined;
}

export function positionOf(scenario: Scenario, path: string): Pos {
  return scenario.positions[path] ?? scenario.positions[''] ?? { line: 1, col: 1 };
}

/** How reports name a scenario: `file.yaml`, or `file.yaml[hypervisor=xen,memory=4GiB]` for a variant. */
export function displayName(s: { readonly file: string; readonly variant?: string | undefined }): string {
  return s.variant === undefined ? s.file : `${s.file}[${s.variant}]`;
}

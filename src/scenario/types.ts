/**
 * The validated, defaulted scenario that a replay consumes: the part every
 * architecture shares. `config` and `machine` are the architecture's own
 * shapes (src/arch/<name>/types.ts); generic code never looks inside them.
 */
import type { KernelVersion } from '../arch/types.js';

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
}

export function positionOf(scenario: Scenario, path: string): Pos {
  return scenario.positions[path] ?? scenario.positions[''] ?? { line: 1, col: 1 };
}

/** How reports name a scenario: `file.yaml`, or `file.yaml[hypervisor=xen,memory=4GiB]` for a variant. */
export function displayName(s: { readonly file: string; readonly variant?: string | undefined }): string {
  return s.variant === undefined ? s.file : `${s.file}[${s.variant}]`;
}

/**
 * The validated, defaulted scenario that the replay consumes. Derived from the
 * zod output types; only the defaults and source positions are added here.
 */
import type { CmdlineParam } from '../arch/x86_32/cmdline.js';
import type { KernelVersion } from '../arch/x86_32/kernel-version.js';
import type { ScenarioParsed, CallName } from './schema.js';

/** 1-based line and column in the scenario file */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

type Defaulted<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export type Config = Defaulted<NonNullable<ScenarioParsed['config']>>;
export type Machine = Defaulted<NonNullable<ScenarioParsed['machine']>> & {
  /** machine.cmdline, parsed */
  readonly params: readonly CmdlineParam[];
};

export interface Step {
  readonly call: CallName;
  readonly note: string | undefined;
  /** 1-based position in setup_arch */
  readonly index: number;
  readonly pos: Pos;
}

export interface Scenario {
  /** the path as the user gave it (never made absolute: output stays diffable) */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly kernel: KernelVersion;
  readonly arch: 'x86_32';
  readonly config: Config;
  readonly machine: Machine;
  readonly steps: readonly Step[];
  /** positions of keys by dotted path ("machine.hypervisor", "config.pae"); "" is the document */
  readonly positions: Readonly<Record<string, Pos>>;
}

export function positionOf(scenario: Scenario, path: string): Pos {
  return scenario.positions[path] ?? scenario.positions[''] ?? { line: 1, col: 1 };
}

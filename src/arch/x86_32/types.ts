/**
 * The x86_32 shapes of a scenario and a trace: the defaulted `config:` and
 * `machine:` (derived from the zod output types in schema.ts), and the trace
 * with the x86 events, paging geometry, fixmap enum and final state.
 */
import type { Scenario } from '../../scenario/types.js';
import type { Trace } from '../../replay/trace.js';
import type { CmdlineParam } from './cmdline.js';
import type { Effect } from './effects.js';
import type { FixmapEnum } from './fixmap.js';
import type { Geometry } from './geometry.js';
import type { KernelVersion } from './kernel-version.js';
import type { Layout as X86Layout } from './layout.js';
import type { TraceEvent as X86Event } from './replay/events.js';
import type { FinalState } from './replay/state.js';
import type { ConfigParsed, MachineParsed } from './schema.js';
import type { SystemMap } from './pagetables/image.js';
import type { Pagetables } from './pagetables/model.js';

type Defaulted<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export type Config = Omit<Defaulted<ConfigParsed>, 'system_map'> & {
  /** System.map addresses, defaulted */
  readonly system_map: SystemMap;
};
export type Machine = Omit<Defaulted<MachineParsed>, 'cpu'> & {
  readonly cpu: Defaulted<NonNullable<MachineParsed['cpu']>>;
  /** machine.cmdline, parsed */
  readonly params: readonly CmdlineParam[];
};

/** A scenario resolved by the x86_32 plug-in; its `define:` calls are compiled to effect lists. */
export interface X86Scenario extends Scenario<Config, Machine, readonly Effect[]> {
  readonly kernel: KernelVersion;
}

/** The trace of an x86_32 replay: the generic trace plus the model's own view. */
export interface X86Trace extends Trace<X86Event> {
  readonly scenario: X86Scenario;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  readonly final: FinalState;
  /** the kernel's own layout values (FIXADDR_TOP, VMALLOC_START, …), which are also the generic view */
  readonly layout: X86Layout;
  /** the page tables setup_arch() left (pagetables/model.ts) */
  readonly pagetables: Pagetables;
}

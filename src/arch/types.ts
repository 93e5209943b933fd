/**
 * The architecture plug-in contract. Everything an architecture knows lives
 * behind it (src/arch/<name>/): its kernel versions, its part of the scenario
 * schema (`config:`, `machine:`, the call names), its semantic checks and
 * defaults, its model (state, effects, the replay of one call), its rules and
 * its renderings. Generic code (scenario loading and composing, the replay
 * driver, the rule registry, compare, reports, the CLI) only talks to this
 * interface, the way the kernel's generic mm code talks to arch/<name>/mm/.
 */
import type * as z from 'zod/mini';
import type { Path } from '../scenario/path-text.js';
import type { Scenario } from '../scenario/types.js';
import type { Emit, StepRef, Trace, TraceEvent } from '../replay/trace.js';
import type { Rule } from '../rules/types.js';

/** A kernel version as a scenario names it. */
export interface KernelVersion {
  /** as written in the scenario, e.g. "2.6.27-rc1", "v4.6" */
  readonly text: string;
  /** a total order over the architecture's modeled versions (larger is newer) */
  readonly key: number;
}

export type KernelParse = { ok: true; version: KernelVersion } | { ok: false; reason: string };

/** The kernel versions an architecture models. */
export interface KernelScheme {
  parse(text: string): KernelParse;
  /** names offered by did-you-mean and `steps --kernel` */
  readonly choices: readonly string[];
  /** human list for messages, e.g. "2.6.26, 2.6.27-rc1 … 2.6.28" */
  readonly modeledText: string;
  /** used when `kernel:` is left out */
  readonly newest: string;
}

/**
 * Where an architecture's semantic checks report: a path into the scenario
 * data (["machine", "cmdline"]) and, for a string value written on one line,
 * an optional character offset inside it (a cmdline parameter).
 */
export interface ProblemSink {
  at(path: Path, message: string, offset?: number): void;
}

/** The raw, schema-shaped (but not yet validated) parts an architecture checks. */
export interface RawArchInput {
  readonly config: Readonly<Record<string, unknown>>;
  readonly machine: Readonly<Record<string, unknown>>;
  /** undefined when `kernel:` is itself invalid */
  readonly kernel: KernelVersion | undefined;
}

/** One row of `bootreplay steps`. */
export interface StepDoc {
  readonly name: string;
  /** short effect tags, e.g. "[E][F]" */
  readonly tags: string;
  readonly doc: string;
}

/** How a result is labelled in reports: `[kernel, ...tags]` and extra JSON fields. */
export interface ScenarioSummary {
  /** e.g. ["vmi", "PAE"] */
  readonly tags: readonly string[];
  /** extra fields of the JSON result, after `kernel` (e.g. { hypervisor: "vmi" }) */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

/**
 * An architecture plug-in.
 *
 * The replay is split into `init`/`apply`/`clone`/`finish` so that the generic
 * driver (src/replay/replay.ts) can snapshot the state after any step and
 * resume from it. Methods use method syntax on purpose: the registry holds
 * plug-ins at their erased type, and every scenario is only ever handed back
 * to the plug-in that resolved it.
 *
 * @typeParam S the architecture's scenario (its config and machine shapes)
 * @typeParam T the architecture's trace (its events and final state)
 * @typeParam St the mutable model state of one replay
 * @typeParam E the architecture's event union
 */
export interface ArchPlugin<S extends Scenario = Scenario, T extends Trace = Trace, St = unknown, E extends TraceEvent = TraceEvent> {
  /** `arch:` value, e.g. "x86_32" */
  readonly id: string;
  /** one line for help and `steps`, e.g. "x86 32-bit, Linux 2.6.26 – 2.6.36" */
  readonly title: string;
  readonly kernels: KernelScheme;
  /** the `config:` mapping (strict: unknown keys are errors) */
  readonly configSchema: z.ZodMiniType;
  /** the `machine:` mapping (strict) */
  readonly machineSchema: z.ZodMiniType;
  /** every call a scenario may name, in catalog order */
  readonly callNames: readonly [string, ...string[]];

  /** Whether this kernel's setup_arch() has the call; the reason when not. */
  availability(call: string, kernel: KernelVersion): { ok: true } | { ok: false; reason: string };
  /** Values the schema accepts but that describe no machine or kernel (ranges, alignments, cmdline). */
  check(input: RawArchInput, sink: ProblemSink): void;
  /** Defaults: the validated `config:`/`machine:` (undefined when left out) → the scenario's shapes. */
  resolve(config: unknown, machine: unknown): { config: S['config']; machine: S['machine'] };

  /** The state before setup_arch(): runs the implicit boot steps (index 0) and returns them. */
  init(scenario: S, emit: Emit<E>): { state: St; implicit: readonly StepRef[] };
  /** Replays one setup_arch() call over the state. */
  apply(state: St, step: StepRef, emit: Emit<E>): void;
  /** An independent copy of the state (for snapshots). */
  clone(state: St): St;
  /** The trace of a finished replay. */
  finish(scenario: S, state: St, steps: readonly StepRef[], events: readonly E[]): T;

  /** The architecture's rules, in report order. */
  readonly rules: readonly Rule<T>[];

  summary(scenario: S): ScenarioSummary;
  /** The `layout` object of the JSON report. */
  layoutJson(trace: T): unknown;
  /** `run --layout`: a heading and one row per region, top-down. */
  layoutText(trace: T): { head: string; rows: readonly string[] };
  /** One line of `bootreplay trace` for an event of this architecture (generic events are described by the caller). */
  describeEvent(event: E): string;
  /** `bootreplay steps`: the catalog, for one kernel or all; and its legend. */
  steps(kernel: KernelVersion | undefined): { header: string; legend: string; rows: readonly StepDoc[] };
}

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
import type { Emit, Layout, StepRef, Trace, TraceEvent } from '../replay/trace.js';
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
  /**
   * @param causes key paths whose values make the problem (the RAM a DTB address must lie in): where one of
   *   them is written in another file than the problem's place, the message says so ("; machine.banks is set at
   *   d.yaml:4:3"), since a derived file's key can make a base's line wrong
   */
  at(path: Path, message: string, offset?: number, causes?: readonly Path[]): void;
  /**
   * Where the value at `path` is written (file as reports name it, 1-based line and column), so a check
   * whose problem another file's key causes can say where that key is; undefined when no file writes it
   * or the sink knows only one file.
   */
  writtenAt?(path: Path): { readonly file: string; readonly line: number; readonly col: number } | undefined;
}

/** The raw, schema-shaped (but not yet validated) parts an architecture checks. */
/** A problem of one `define:` call in one variant (ArchPlugin.checkDefined). */
export interface DefinedProblem {
  /** the defined call's name (its `define.NAME` position is where it is reported) */
  readonly call: string;
  /** the key of the definition the problem is about (`linear_alloc`): reported at its value instead */
  readonly key?: string;
  readonly message: string;
}

export interface RawArchInput {
  readonly config: Readonly<Record<string, unknown>>;
  readonly machine: Readonly<Record<string, unknown>>;
  /** undefined when `kernel:` is itself invalid */
  readonly kernel: KernelVersion | undefined;
  /** the setup_arch() calls in order, as composed (extends, patch), for checks that depend on where a call runs */
  readonly order?: readonly string[];
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

/** One input of a scenario as `diff` compares it: a dotted key and its value as people write it. */
export interface InputValue {
  /** e.g. "machine.memory", "config.pae" */
  readonly key: string;
  /** e.g. "512 MiB", "true", "0xfc000000" */
  readonly value: string;
  /**
   * for an input no scenario key names, derived from the keys that do (riscv's `machine.banks`, from
   * `memory`, `ram_base` or `memory_banks`): the key that writes the same value back (`machine.memory_banks`),
   * and the keys whose presence in a file means the file sets it. bisect's plain scenario data
   * (src/compare/scenario-data.ts) writes it so, and an edit of it is an edit of that key
   */
  readonly writtenAs?: { readonly key: string; readonly from: readonly string[] };
}

/** The `bootreplay steps` row of a call a scenario defines. */
export interface DefineDoc {
  /** effect tags in the catalog's legend, e.g. "[E]" */
  readonly tags: string;
  /** what it does, in the effect vocabulary, e.g. "needs e820; early_ioremap 4 KiB" */
  readonly effects: string;
}

/**
 * Where a call runs in the boot (init/main.c): setup_arch() (rank 0), or a
 * later phase a scenario writes after the setup_arch() calls: kernel_init()
 * after setup_arch() returns (free_initmem(), mark_rodata_ro()), run time.
 * The generic phase-order rule reports a step written before a call of an
 * earlier phase.
 */
export interface CallPhase {
  /** 0: setup_arch() (and `define:` calls); 1: kernel_init(), after setup_arch() returns; 2: run time */
  readonly rank: number;
  /** the phase in words, e.g. "setup_arch()", "kernel_init() after setup_arch() returns" */
  readonly name: string;
  /** for a later phase: what the step does that setup_arch() cannot survive, e.g. "free_initmem() frees the __init sections" */
  readonly effect: string;
}

/** A virtual address an event touched, as the HTML report marks it on the address-space map. */
export interface EventMark {
  /** short, e.g. "FIX_BTMAP_BEGIN" or "bm_pte PMD" */
  readonly label: string;
  /** bytes */
  readonly address: number;
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
 * @typeParam D a compiled `define:` call (what apply() runs for it)
 */
export interface ArchPlugin<S extends Scenario = Scenario, T extends Trace = Trace, St = unknown, E extends TraceEvent = TraceEvent, D = unknown> {
  /** `arch:` value, e.g. "x86_32" */
  readonly id: string;
  /** one line for help and `steps`, e.g. "x86 32-bit, Linux 2.6.26 – 2.6.36" */
  readonly title: string;
  readonly kernels: KernelScheme;
  /** the `config:` mapping (strict: unknown keys are errors) */
  readonly configSchema: z.ZodMiniType;
  /** the `machine:` mapping (strict) */
  readonly machineSchema: z.ZodMiniType;
  /**
   * Keys that say the same thing another way, by key path (`machine.banks` →
   * [`machine.memory`, `machine.phys_offset`]): a layer that writes the key
   * drops what its bases wrote of the others, so a derived file can give
   * RAM as banks over a base that gives memory:. Giving both in one file is
   * still the checks' error.
   */
  readonly supersedes?: Readonly<Record<string, readonly string[]>>;
  /** every call a scenario may name, in catalog order */
  readonly callNames: readonly [string, ...string[]];
  /**
   * One entry of `define:` (a call the catalog lacks): a strict zod object
   * whose keys are the architecture's effect vocabulary, every key optional.
   * The generic schema adds `doc` (required). Effects run in the order the
   * user writes the keys. Values are checked here (unknown slot, value name,
   * sizes out of range), so problems get located errors with did-you-mean.
   */
  readonly defineSchema: z.ZodMiniObject;

  /** Whether this kernel's setup_arch() has the call; the reason when not. */
  availability(call: string, kernel: KernelVersion): { ok: true } | { ok: false; reason: string };
  /** Values the schema accepts but that describe no machine or kernel (ranges, alignments, cmdline). */
  check(input: RawArchInput, sink: ProblemSink): void;
  /**
   * Defaults: the validated `config:`/`machine:` (undefined when left out) → the scenario's shapes.
   * `kernel` is the scenario's kernel: some defaults depend on it, as Kconfig defaults do.
   */
  resolve(config: unknown, machine: unknown, kernel: KernelVersion): { config: S['config']; machine: S['machine'] };
  /**
   * A validated `define:` entry (the output of defineSchema, without `doc`,
   * keys in the order written) → what apply() runs for a step of that name
   * (the loader puts it in Scenario.defined). Never throws on schema-valid input.
   */
  compileDefine(name: string, def: Readonly<Record<string, unknown>>): D;
  /** `steps --scenario`: a defined call's effect tags and a summary of its effects. */
  describeDefine(def: D): DefineDoc;
  /**
   * Problems of the `define:` calls a resolved variant uses that depend on its
   * kernel and config (an x86_32 fixmap slot this kernel does not have), each
   * reported at `define.NAME` for that variant only. Optional: without it every
   * schema-valid definition is usable everywhere.
   */
  checkDefined?(scenario: S): readonly DefinedProblem[];
  /** `diff`'s inputs section: the scenario's config and machine keys, flattened, in schema order, values as people write them. */
  inputs(scenario: S): readonly InputValue[];

  /**
   * The state before setup_arch(): runs the implicit boot steps (index 0) and
   * returns them. `halt` (a reason) when the scenario describes no kernel the
   * architecture can run (a Kconfig combination that does not exist, more RAM
   * than the paging mode addresses): the driver then replays no step, and only
   * the rules that report such scenarios (RuleMeta.checksHalted) run.
   * Also called once when a scenario is loaded, with an `emit` that drops the events, to
   * list the implicit steps that `expect:`/`allow:` entries may name: keep it pure.
   */
  init(scenario: S, emit: Emit<E>): { state: St; implicit: readonly StepRef[]; halt?: string };
  /**
   * Every name init() gives an implicit step on some scenario (x86_32:
   * head_32, xen_start_kernel). A file whose schema problems keep it from
   * becoming a scenario has no init() to ask, and its `expect:`/`allow:` step
   * names are checked against these (a name some machine has is not reported
   * until the file is valid). test/arch/implicit-steps.test.ts keeps it in step with init().
   */
  readonly implicitStepNames: readonly string[];
  /**
   * The names init() gives the implicit steps of a machine, read from its `machine:` mapping as a file writes it
   * (merged, unvalidated, defaults not applied), or from a scenario's; undefined where that does not say (a value
   * that does not read). Without it (or undefined), a file with problems names `implicitStepNames` as every machine's,
   * and a valid file asks init() of each variant. test/arch/implicit-steps.test.ts keeps it in step with init().
   */
  implicitStepsOf?(machine: unknown): readonly string[] | undefined;
  /**
   * The RAM banks a machine lists, read from its `machine:` mapping as a file writes it (merged, a variant's values
   * set, unvalidated; 1 for RAM given as one size, or a list that does not read). Every replay adds each bank to
   * memblock and maps the ones it takes, so max-replayed-calls weighs each bank past the first as a call
   * (src/scenario/compose/replay-weight.ts). Optional: without it a machine weighs nothing beyond its calls.
   */
  ramBanksOf?(machine: unknown): number;
  /** The phase a call of the catalog runs in (a call the scenario defines runs in setup_arch()). */
  callPhase(call: string): CallPhase;
  /**
   * Calls the kernel itself makes more than once in setup_arch() (x86_32:
   * insert_resource() once per kernel resource, e820_end_of_ram_pfn() again
   * after the MTRR trim): the generic duplicate-call rule does not report them.
   */
  repeatsCall(call: string): boolean;
  /** Replays one setup_arch() call over the state: a catalog call, or one of scenario.defined. */
  apply(state: St, step: StepRef, emit: Emit<E>): void;
  /** An independent copy of the state (for snapshots). */
  clone(state: St): St;
  /**
   * Whether two states of the same scenario are the same model state, so that
   * the same remaining steps would emit the same events (optional). The
   * many-replay engine uses it to stop replaying a reordered order once it
   * has rejoined the scenario's own: from there on it reuses the recorded
   * events and final state. Without it every suffix is replayed in full.
   *
   * `a` is the state of a reordered order, `b` a recorded one; their steps
   * are numbered differently (a moved call renumbers the calls it passed),
   * so a StepRef `x` that `a` holds (which step wrote an entry, the step that
   * parsed the early params) and a StepRef `y` in the same place of `b` are
   * the same exactly when sameStep(x, y): compare every StepRef the state
   * holds with it, never by identity or by index. The engine exchanges the
   * StepRefs of the recorded trace itself (src/compare/step-paths.ts). A
   * false answer only costs a longer replay; a wrong true gives a wrong trace
   * (test/compare/engine.test.ts compares every single move with a plain replay).
   *
   * A plug-in with sameState or inert also promises that finish()'s result,
   * outside its scenario, steps and events, depends only on the state, and so
   * do the events finish() appends to the ones it is given (arm64, riscv:
   * mm_init()'s need), their StepRefs up to sameStep: the engine reuses the
   * recorded ones for every order that ends in the recorded state.
   */
  sameState?(a: St, b: St, sameStep: (x: StepRef, y: StepRef) => boolean): boolean;
  /**
   * The trace of a finished replay. Also called on a clone of the state after every step
   * (src/replay/timeline.ts: the layout maps of the HTML report and the layout-changing
   * steps of SARIF code flows), so it must not change the state it is given.
   * The many-replay engine also hands it the recorded final state of a snapshot.
   */
  finish(scenario: S, state: St, steps: readonly StepRef[], events: readonly E[]): T;
  /**
   * finish()'s `layout` alone, for the state after any step (optional): the
   * layout timeline (src/replay/timeline.ts) asks for it after every step,
   * and finish() there freezes the whole state each time (every page table
   * of it), which grows with the order: O(steps²) for 2,048 arm64
   * paging_init calls (review 17b, 2.1). Must equal finish(…).layout and not
   * change the state. Without it the timeline calls finish() on a clone.
   */
  layout?(scenario: S, state: St): Layout;
  /**
   * Whether a call can change the model or the findings on this scenario
   * (false for calls the catalog documents as having no effect, or whose
   * effects are all switched off on this machine). `constraints` leaves such
   * calls out and `bisect` reports them. Optional: without it every call
   * counts as having an effect.
   */
  hasEffect?(call: string, scenario: S): boolean;

  /**
   * Whether replaying the call on this scenario changes nothing and emits
   * nothing, whatever the state before it (it has no effects, or all of them
   * are switched off on this machine: `when` conditions that read only the
   * scenario). Stronger than hasEffect, which may be false for a call that
   * still emits a harmless event. Optional: the many-replay engine renumbers
   * the recorded trace, instead of replaying, for an order whose calls that
   * are not inert are the scenario's in the scenario's order (every move of an
   * inert call, and moves past inert calls only). Without it every reordered
   * order is replayed.
   */
  inert?(call: string, scenario: S): boolean;

  /** The architecture's rules, in report order, then the generic ones built from its hooks (src/rules/generic.ts). */
  readonly rules: readonly Rule<T>[];

  summary(scenario: S): ScenarioSummary;
  /**
   * The keys of summary()'s `fields`, whatever the scenario: `merge` refuses a
   * key of a result that run never writes (break-253 N1), and these are the
   * ones each architecture adds
   */
  readonly resultFields: readonly string[];
  /** The `layout` object of the JSON report. */
  layoutJson(trace: T): unknown;
  /**
   * `layout`, `run --layout`: a heading and one row per region, top-down.
   * @param when set when the trace is not a whole boot: the heading's words for the moment its state is
   *   taken (src/report/halt-point.ts haltView: "when step 12 kasan_init halts the kernel (…), without the 9 steps after it")
   */
  layoutText(trace: T, when?: string): { head: string; rows: readonly string[] };
  /**
   * `layout --ptdump`, `run --layout=ptdump`: the final page tables as the
   * kernel's page-table dump prints them (a heading and its lines), when the
   * architecture models page tables.
   * @param when as for layoutText: the heading says the tables are "as they are <when>", not "after boot"
   */
  ptdump?(trace: T, when?: string): { head: string; rows: readonly string[] };
  /** One line of `bootreplay trace` for an event of this architecture (generic events are described by the caller). */
  describeEvent(event: E): string;
  /**
   * Optional: the addresses an event touched (a fixmap slot mapped, the PMD a
   * page table was hooked into), marked on the HTML report's map in the row of
   * the layout in force when it happened. Without it the maps show only the
   * findings' addresses.
   */
  eventMarks?(event: E): readonly EventMark[];
  /** `bootreplay steps`: the catalog, for one kernel or all; and its legend. */
  steps(kernel: KernelVersion | undefined): { header: string; legend: string; rows: readonly StepDoc[] };
}

/**
 * The validated, defaulted scenario that a replay consumes: the part every
 * architecture shares. `config` and `machine` are the architecture's own
 * shapes (src/arch/<name>/types.ts); generic code never looks inside them.
 */
import type { KernelVersion } from '../arch/types.js';
import type { CallRef } from './order-edit.js';

/**
 * 1-based line and column in a scenario file. `file` is set when the text is
 * in another file than the scenario's own: a base it `extends` (an inherited
 * step or key). Undefined means the scenario's file (Scenario.file).
 */
export interface Pos {
  readonly line: number;
  readonly col: number;
  /** the file as reports name it (a path relative like the scenario's, or REV:path); undefined: the scenario's own */
  readonly file?: string | undefined;
}

export interface Step {
  /** a call of the architecture's catalog */
  readonly call: string;
  readonly note: string | undefined;
  /** 1-based position in setup_arch */
  readonly index: number;
  /** where the call is written: its setup_arch item, or the patch: item that inserted or moved it (possibly in a base file) */
  readonly pos: Pos;
  /**
   * the item's whole source lines (1-based, inclusive) and their text with
   * the final newline, when the item has lines of its own (a block list);
   * what a SARIF fix rewrites
   */
  readonly lines?: { readonly first: number; readonly last: number; readonly text: string } | undefined;
}

/**
 * Where `patch:` items go in a scenario's own file: how a verified fix of an
 * order that comes from an `extends:` base is written (src/report/fix-text.ts).
 */
export interface PatchSite {
  /** 1-based line the items are written before: the line after the last item of the file's `patch:`, or where a new `patch:` key goes (the line count + 1: at the end) */
  readonly line: number;
  /** the indentation of each item's `-` */
  readonly indent: string;
  /** the key line written before the items (`patch:` at the file's key indentation) when the file has no `patch:`; undefined: the items extend its list */
  readonly key: string | undefined;
}

/** A line break as YAML 1.2.2 §5.4 has them. */
export type LineBreak = '\n' | '\r\n' | '\r';

/** The scenario's own file as a verified fix rewrites it (src/report/fix-text.ts); one per file, shared by its variants. */
export interface FixSource {
  /** the file's text as read: without a byte order mark, a lone CR read as LF (layer.ts); lines as Pos counts them */
  readonly text: string;
  /** the file's first line break as written, which the fix's new lines take (a lone CR is LF in `text`) */
  readonly lineBreak: LineBreak;
  /** where patch: items go, when the order is not the file's own list (Step.lines unset); undefined also when its patch: is a flow list */
  readonly patch: PatchSite | undefined;
}

/** The severities an entry may pin (`severity:`), as findings have them. */
export const ENTRY_SEVERITIES = ['error', 'warning', 'info'] as const;
export type EntrySeverity = (typeof ENTRY_SEVERITIES)[number];

/**
 * An `expect:` entry (DESIGN §5a): findings the scenario must produce, the
 * way a regression scenario keeps reproducing its bug. `allow:` entries add a
 * mandatory reason and suppress the findings instead (they stay visible).
 * An entry matches at most `count` findings of its rule and culprit step
 * (and, with `severity`, only findings of that severity); which ones when
 * more share the key is src/gate/gate.ts's `assign`.
 */
export interface Expectation {
  readonly rule: string;
  /** the culprit call: "dmi_scan_machine", "vmi_init#2", or an implicit step's name */
  readonly step: CallRef;
  /** only for this variant of a matrix; undefined: every variant */
  readonly variant?: string | undefined;
  /** how many findings the entry stands for (`count:`, default 1) */
  readonly count: number;
  /** only findings of this severity (`severity:`); undefined: any, least severe first */
  readonly severity?: EntrySeverity | undefined;
  /** where the entry is written */
  readonly pos: Pos;
}

export interface Allowance extends Expectation {
  /** why the finding is acceptable here (shown in every report) */
  readonly reason: string;
}

/**
 * A call the scenario defines (`define:`), in its architecture's effect
 * vocabulary. Generic code only carries it; the architecture compiled it
 * (ArchPlugin.compileDefine) and runs it (ArchPlugin.apply).
 *
 * @typeParam D the architecture's compiled form (x86_32: its effect list)
 */
export interface DefinedCall<D = unknown> {
  readonly name: string;
  /** the one-line doc the definition gives */
  readonly doc: string;
  /** where `define.NAME` is written */
  readonly pos: Pos;
  /** where the value of each of its keys (`linear_alloc`, …) is written */
  readonly keys?: Readonly<Record<string, Pos>>;
  readonly compiled: D;
  /**
   * the entry as written under `define.NAME` (doc and effects, validated),
   * for tools that write the scenario back as a plain file (bisect's
   * intermediates); never read by the replay
   */
  readonly written: Readonly<Record<string, unknown>>;
}

/**
 * @typeParam C the architecture's defaulted `config:` shape
 * @typeParam M the architecture's defaulted `machine:` shape
 * @typeParam D the architecture's compiled `define:` calls
 */
export interface Scenario<C = unknown, M = unknown, D = unknown> {
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
  /** the calls of `define:` (its own and its bases'), by name; empty when none */
  readonly defined: Readonly<Record<string, DefinedCall<D>>>;
  /**
   * positions of keys by dotted path ("machine.hypervisor", "config.pae"); "" is the document.
   * For a derived scenario or a variant: where the value comes from (a base, or the matrix entry).
   */
  readonly positions: Readonly<Record<string, Pos>>;
  /** the file's text and where a fix goes in it, for src/report/fix-text.ts; undefined for a scenario built in code */
  readonly source?: FixSource | undefined;
  /** `expect:`: findings this scenario must produce (src/gate) */
  readonly expect?: readonly Expectation[] | undefined;
  /** `allow:`: findings suppressed with a reason (src/gate) */
  readonly allow?: readonly Allowance[] | undefined;
}

export function positionOf(scenario: Scenario, path: string): Pos {
  return scenario.positions[path] ?? scenario.positions[''] ?? { line: 1, col: 1 };
}

/**
 * The scenario file every one of `scenarios` comes from, or undefined when
 * they come from several (or none): reports that list machines then name
 * each variant by its selector alone (variantLabel).
 */
export function oneFileOf(scenarios: readonly { readonly file: string }[]): string | undefined {
  const first = scenarios[0]?.file;
  return first !== undefined && scenarios.every((s) => s.file === first) ? first : undefined;
}

/**
 * A machine's name as a list of machines of one `file` shows it: the
 * selector of a variant of it ("hypervisor=vmi,pae=true" of
 * "file.yaml[hypervisor=vmi,pae=true]"), else the whole name. By the file's
 * known length: a file name may hold brackets itself (`a[b].yaml`).
 */
export function variantLabel(name: string, file: string | undefined): string {
  return file !== undefined && name.length > file.length + 2 && name.startsWith(`${file}[`) && name.endsWith(']') ? name.slice(file.length + 1, -1) : name;
}

/** How reports name a scenario: `file.yaml`, or `file.yaml[hypervisor=xen,memory=4GiB]` for a variant. */
export function displayName(s: { readonly file: string; readonly variant?: string | undefined }): string {
  return s.variant === undefined ? s.file : `${s.file}[${s.variant}]`;
}

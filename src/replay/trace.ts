/**
 * What a replay produces, for every architecture: the steps in order, a
 * typed event trace, and the final layout. Rules and reports read only this;
 * they never re-run the model. Each architecture extends TraceEvent with its
 * own events (src/arch/<name>/replay/events.ts) and Trace with its own final
 * state.
 */
import type { Pos, Scenario } from '../scenario/types.js';

/** A step of the replay: a setup_arch() call (index ≥ 1) or an implicit boot step (index 0). */
export interface StepRef {
  readonly index: number;
  readonly name: string;
  /** where the step is written (Pos.file: in a base file or patch of a derived scenario) */
  readonly pos: Pos;
  readonly implicit: boolean;
}

/** Every event names its kind and the step that caused it. */
export interface TraceEvent {
  readonly kind: string;
  readonly step: StepRef;
}

export type Emit<E extends TraceEvent = TraceEvent> = (event: E) => void;

/**
 * A named region of the final virtual address space (lowmem, vmalloc,
 * fixmap, …). Addresses are bytes; `end` is exclusive (may be 2^32 or 2^64).
 */
export interface Region {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** A named boundary or count of the final layout (FIXADDR_TOP, max_low_pfn, …), for diffs and pictures. */
export interface LayoutValue {
  readonly name: string;
  /** null when the kernel has no such value in this configuration (PKMAP_BASE without highmem) */
  readonly value: number | null;
  /**
   * how to print it and how to express a delta: an address (hex; a signed
   * kernel variable listed with them, such as arm64's memstart_addr, may be
   * negative and prints as -0x…: signedHex), a pfn or a number of pages
   * (pages), bytes, or a count of things that are not pages (page-table
   * leaves, GiB spans: a delta is a plain difference, no bytes)
   */
  readonly unit: 'address' | 'pages' | 'bytes' | 'count';
}

/** The final address space, architecture-neutral. */
export interface Layout {
  /** bytes per page of the paging mode (PAGE_SIZE): how address deltas and pfn counts convert to pages and bytes */
  readonly pageSize: number;
  readonly values: readonly LayoutValue[];
  /** from the lowest address up */
  readonly regions: readonly Region[];
}

/**
 * @typeParam E the architecture's event union
 */
export interface Trace<E extends TraceEvent = TraceEvent> {
  readonly scenario: Scenario;
  /** implicit steps (index 0) first, then setup_arch in order */
  readonly steps: readonly StepRef[];
  readonly events: readonly E[];
  readonly layout: Layout;
  /** why the replay stopped before setup_arch() (an unsupported configuration), if it did */
  readonly halted?: string;
}

/**
 * Why a trace has no final layout to show, or undefined when it has one. A
 * replay that halted (Trace.halted: a configuration no kernel of the version
 * builds, replayWith() applies none of its steps) leaves `layout` as the
 * plug-in's state before any boot step, a layout no kernel reaches; the
 * `layout` command, `run --layout` and the reports' layout (JSON `layout`,
 * the HTML map) say this instead of printing it.
 *
 * @returns a phrase for messages: "the replay halts before setup_arch() (…)"
 */
export function noLayoutReason(trace: Pick<Trace, 'halted'>): string | undefined {
  return trace.halted === undefined ? undefined : 'the replay halts before setup_arch() (no kernel of this version builds this configuration)';
}

/**
 * The prerequisite vocabulary every architecture shares: a call needs a value
 * (max_low_pfn, the e820 map, the linear map, …) that an earlier call sets.
 */
export interface NeedEvent extends TraceEvent {
  readonly kind: 'need';
  readonly value: string;
  readonly present: boolean;
  /** whether the missing value can change the outcome on this machine */
  readonly matters: boolean;
  readonly why: string;
  readonly relevance: string;
  /**
   * who reads the value when it is not the step itself: code that runs when setup_arch() returns
   * ("start_kernel() → mm_init()"), written after the step the event is attached to (the last
   * setup_arch() call, the one start_kernel() goes on from)
   */
  readonly reader?: string;
  /** `why` is the whole consequence of the missing value (the rule adds nothing about empty state) */
  readonly complete?: boolean;
}

export interface ValueSetEvent extends TraceEvent {
  readonly kind: 'value-set';
  readonly value: string;
}

export function isNeed(e: TraceEvent): e is NeedEvent {
  return e.kind === 'need';
}

export function isValueSet(e: TraceEvent): e is ValueSetEvent {
  return e.kind === 'value-set';
}

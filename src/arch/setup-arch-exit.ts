/**
 * Where a replay stands against setup_arch()'s return, for the plug-ins whose
 * model checks what start_kernel() reads between setup_arch() and kernel_init()
 * (init/main.c: setup_arch(), …, mm_init(), …, rest_init() → kernel_init()).
 * Such a reader runs once, when setup_arch() returns: after its last call,
 * wherever the order writes late steps (callPhase rank > 0; one written
 * among the setup_arch() calls is phase-order's finding, not where
 * setup_arch() returns). Its need event is attached to that last
 * setup_arch() step, as the one start_kernel() goes on from
 * (NeedEvent.reader names the reader), and is added when the replay ends:
 * no late step sets what the reader needs.
 */
import type { NeedEvent, StepRef } from '../replay/trace.js';

/** Kept in the plug-in's model state, so a snapshot (clone) carries it. */
export interface SetupArchExit {
  /** the values set so far (ValueSetEvent) */
  readonly values: ReadonlySet<string>;
  /** the last setup_arch() step applied (null before the first) */
  lastSetupArchStep: StepRef | null;
}

/** Code start_kernel() runs between setup_arch() and kernel_init(), and the value it needs. */
export interface ExitReader {
  /** the value it needs, e.g. 'memmap' */
  readonly value: string;
  /** what it does with the value and what happens without it (NeedEvent.why) */
  readonly why: string;
  /** who, e.g. 'start_kernel() → mm_init()' (NeedEvent.reader) */
  readonly reader: string;
}

function needOf(track: SetupArchExit, reader: ExitReader, after: StepRef): NeedEvent {
  return { kind: 'need', step: after, value: reader.value, present: track.values.has(reader.value), matters: true, why: reader.why, relevance: '', reader: reader.reader };
}

/** After a step's effects (apply()): a setup_arch() step becomes the one the reader follows. */
export function afterStep(track: SetupArchExit, step: StepRef, late: boolean): void {
  if (!late) track.lastSetupArchStep = step;
}

/**
 * The reader's need, for finish(), on the last setup_arch() step; none when
 * the order has no setup_arch() step. Reads the state only: finish() may run on a snapshot.
 */
export function needAtEnd(track: SetupArchExit, reader: ExitReader): NeedEvent | undefined {
  return track.lastSetupArchStep === null ? undefined : needOf(track, reader, track.lastSetupArchStep);
}

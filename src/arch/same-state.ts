/**
 * Building blocks of ArchPlugin.sameState for plug-ins whose model state is a
 * record of fields (arm64, riscv): lists compared in order, sets as sets,
 * StepRefs by the engine's sameStep, and a per-field table of comparisons
 * walked in one loop. Exact and conservative: a false "same" makes the
 * many-replay engine reuse a recorded trace that is not the order's.
 */
import type { StepRef } from '../replay/trace.js';

/** Whether two steps the states hold are the same step of the order (ArchPlugin.sameState). */
export type SameStep = (x: StepRef, y: StepRef) => boolean;

/** Two lists item by item, in order (lookups go through them in order). */
export function sameList<V>(a: readonly V[], b: readonly V[], same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as V, b[i] as V)) return false;
  return true;
}

/** Two sets as sets: the models only ask has(), and finish() sorts what it lists of them. */
export function sameSet<V>(a: ReadonlySet<V>, b: ReadonlySet<V>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/** Two StepRefs that may be null (none yet), by sameStep. */
export function sameNullableStep(x: StepRef | null, y: StepRef | null, sameStep: SameStep): boolean {
  return x === null || y === null ? x === y : sameStep(x, y);
}

/**
 * One comparison per field of a state type S. The mapped type makes a field
 * added to S fail to compile until it has its comparison.
 */
export type FieldComparisons<S> = { readonly [K in keyof S]-?: (a: S[K], b: S[K], sameStep: SameStep) => boolean };

/**
 * Whether two states are the same field by field, with the comparisons of
 * `fields`.
 * @returns a function of (a, b, sameStep): true when every field compares the same
 */
export function sameByFields<S extends object>(fields: FieldComparisons<S>): (a: S, b: S, sameStep: SameStep) => boolean {
  const entries = Object.entries(fields) as [keyof S, (x: unknown, y: unknown, st: SameStep) => boolean][];
  return (a, b, sameStep) => {
    for (const [k, same] of entries) if (!same(a[k], b[k], sameStep)) return false;
    return true;
  };
}

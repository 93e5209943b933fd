import type { StepRef } from '../replay/trace.js';

/**
 * How every report names a step: "step 22 init_memory_mapping", or
 * "head_32, before setup_arch" for an implicit boot step (index 0).
 */
export function stepText(index: number, name: string): string {
  return index === 0 ? `${name}, before setup_arch` : `step ${index} ${name}`;
}

/** A step's identity within one trace (implicit steps share index 0 and differ by name), for maps keyed by step. */
export function stepKey(s: StepRef): string {
  return `${s.implicit ? 'i' : 's'}${s.index}:${s.name}`;
}

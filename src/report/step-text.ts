/**
 * How every report names a step: "step 22 init_memory_mapping", or
 * "head_32, before setup_arch" for an implicit boot step (index 0).
 */
export function stepText(index: number, name: string): string {
  return index === 0 ? `${name}, before setup_arch` : `step ${index} ${name}`;
}

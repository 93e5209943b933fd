/**
 * The architecture registry: the one place that lists the plug-ins (like the
 * kernel's arch/Kconfig). Everything else asks it for the plug-in a scenario
 * names in `arch:`.
 */
import type { ArchPlugin } from './types.js';
import { arm64 } from './arm64/plugin.js';
import { riscv } from './riscv/plugin.js';
import { x86_32 } from './x86_32/plugin.js';

/** Every architecture, in the order help and listings show them. */
export const ARCHES: readonly ArchPlugin[] = [x86_32, arm64, riscv];

/** The architecture of a scenario without `arch:` (DESIGN §5). */
export const DEFAULT_ARCH: ArchPlugin = x86_32;

function ids(): readonly [string, ...string[]] {
  const [first, ...rest] = ARCHES.map((a) => a.id);
  if (first === undefined) throw new Error('internal: no architecture registered');
  return [first, ...rest];
}

/** The values `arch:` accepts. */
export const ARCH_IDS: readonly [string, ...string[]] = ids();

export function archById(id: string): ArchPlugin | undefined {
  return ARCHES.find((a) => a.id === id);
}

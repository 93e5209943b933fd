/**
 * What to say when a call name or kernel version is unknown to a scenario's
 * architecture but another architecture has it (an arm64 call in an x86_32
 * order, a riscv version in a file that left out `arch:`): one wording for
 * the schema's messages (zod-issues.ts) and patch edits (compose/patch.ts).
 * Architecture-neutral: it asks the registry which plug-ins know the name.
 */
import { anArch, archesWithCall, archesWithKernel } from '../arch/index.js';

/** The architectures other than `arch` that have it, as words: "an x86_32 and an arm64"; undefined when none. */
function owners(others: readonly string[]): string | undefined {
  return others.length === 0 ? undefined : others.map(anArch).join(' and ');
}

/**
 * ": it is an arm64 call, and this scenario is x86_32" when another
 * architecture's catalog has `call`, else undefined.
 */
export function otherArchCall(call: string, arch: string): string | undefined {
  const who = owners(archesWithCall(call).filter((id) => id !== arch));
  return who === undefined ? undefined : `: it is ${who} call, and this scenario is ${arch}`;
}

/**
 * ": it is a riscv kernel version, and this scenario is x86_32", and the
 * first such architecture, when another architecture models `version`; else
 * undefined.
 */
export function otherArchKernel(version: string, arch: string): { text: string; arch: string } | undefined {
  const others = archesWithKernel(version).filter((id) => id !== arch);
  const who = owners(others);
  return who === undefined ? undefined : { text: `: it is ${who} kernel version, and this scenario is ${arch}`, arch: others[0] ?? '' };
}

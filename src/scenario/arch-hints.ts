/**
 * What to say when a call name, kernel version or config:/machine: key is
 * unknown to a scenario's architecture but another architecture has it (an
 * arm64 call in an x86_32 order, a riscv version in a file that left out
 * `arch:`, `config.va_bits` on x86_32): one wording for the schema's
 * messages (zod-issues.ts) and patch edits (compose/patch.ts).
 * Architecture-neutral: it asks the registry which plug-ins know the name.
 */
import { anArch, ARCH_IDS, archesWithCall, archesWithKernel, archesWithRule, archSectionSchema } from '../arch/index.js';
import type { Path } from './path-text.js';
import { keysAt } from './schema-at.js';

/** What another architecture has: the words for a message, and the first such architecture (for "add arch: …"). */
export interface OtherArch {
  /** ": it is an arm64 kernel version, and this scenario is x86_32" */
  readonly text: string;
  readonly arch: string;
  /** every other architecture that has it, `arch` first */
  readonly arches: readonly string[];
}

/**
 * The hint when architectures other than `arch` among `having` have the
 * thing (`what`: "call", "kernel version", "key"); undefined when none does.
 */
function otherArch(having: readonly string[], arch: string, what: string): OtherArch | undefined {
  const others = having.filter((id) => id !== arch);
  const first = others[0];
  // "an x86_32 and an arm64"
  return first === undefined ? undefined : { text: `: it is ${others.map(anArch).join(' and ')} ${what}, and this scenario is ${arch}`, arch: first, arches: others };
}

/**
 * ": it is an arm64 call, and this scenario is x86_32" when another
 * architecture's catalog has `call`, else undefined.
 */
export function otherArchCall(call: string, arch: string): string | undefined {
  return otherArch(archesWithCall(call), arch, 'call')?.text;
}

/**
 * ": it is an arm64 rule, and this scenario is x86_32" when another
 * architecture has a rule of id `rule` (an `expect:` or `allow:` entry copied
 * from another architecture's file), else undefined.
 */
export function otherArchRule(rule: string, arch: string): string | undefined {
  return otherArch(archesWithRule(rule), arch, 'rule')?.text;
}

/**
 * ": it is a riscv kernel version, and this scenario is x86_32", and the
 * first such architecture, when another architecture models `version`; else
 * undefined.
 */
export function otherArchKernel(version: string, arch: string): OtherArch | undefined {
  return otherArch(archesWithKernel(version), arch, 'kernel version');
}

/**
 * For the unknown keys of the mapping at `path` of an `arch` scenario: a key
 * that the same mapping of another architecture has (config.va_bits on
 * x86_32: ": it is an arm64 key, and this scenario is x86_32"), else
 * undefined. Only config: and machine: (and the mappings in them) differ by
 * architecture; the other architectures' schemas are read once per mapping,
 * and only here, when a key is unknown (ArchSection).
 */
export function otherArchKeys(path: Path, arch: string): (key: string) => OtherArch | undefined {
  const [section, ...inside] = path;
  if (section !== 'config' && section !== 'machine') return () => undefined;
  const keys = new Map<string, ReadonlySet<string>>();
  for (const id of ARCH_IDS) {
    const schema = id === arch ? undefined : archSectionSchema(id, section);
    if (schema !== undefined) keys.set(id, new Set(keysAt(schema, inside)));
  }
  return (key) => otherArch(ARCH_IDS.filter((id) => keys.get(id)?.has(key) === true), arch, 'key');
}

/**
 * Whether architecture `id`'s config: or machine: mapping has every one of
 * `keys` (the keys a file writes there): "add arch: riscv" is advice only for
 * a file whose every key riscv has (break-215 F7: machine.hypervisor beside
 * riscv keys was refused once arch: riscv was added).
 */
export function archHasKeys(id: string, section: 'config' | 'machine', keys: readonly string[]): boolean {
  const schema = archSectionSchema(id, section);
  if (schema === undefined) return keys.length === 0;
  const known = new Set(keysAt(schema, []));
  return keys.every((k) => known.has(k));
}

/**
 * The architecture registry: the one place that lists the plug-ins (like the
 * kernel's arch/Kconfig). Everything else asks it for the plug-in a scenario
 * names in `arch:`.
 *
 * The default architecture is always there; the others are loaded on first
 * use (loadArches). In the bundle each of them is a file of its own with its
 * own code cache (scripts/bundle.mjs), so an x86_32 run neither reads nor
 * evaluates the arm64 and riscv models: about a tenth of a cold start.
 * Lookups stay synchronous (archById) over the plug-ins loaded so far; the
 * async edges (the CLI's file loading, `steps --arch`, SARIF's rule list)
 * load what they need first, and composeScenario names a known architecture
 * that is not loaded yet (ComposeResult.unloadedArch) instead of guessing.
 */
import type * as z from 'zod/mini';
import type { ArchPlugin } from './types.js';
import { x86_32 } from './x86_32/plugin.js';
import { isCallName as isX86Call } from './x86_32/catalog-names.js';
import { isCallName as isArm64Call } from './arm64/catalog-names.js';
import { isCallName as isRiscvCall } from './riscv/catalog-names.js';
import { RULE_IDS as X86_RULE_IDS } from './x86_32/rule-ids.js';
import { RULE_IDS as ARM64_RULE_IDS } from './arm64/rule-ids.js';
import { RULE_IDS as RISCV_RULE_IDS } from './riscv/rule-ids.js';
import { parseKernelVersion as parseX86Kernel } from './x86_32/kernel-version.js';
import { parseKernelVersion as parseArm64Kernel } from './arm64/kernel-version.js';
import { parseKernelVersion as parseRiscvKernel } from './riscv/kernel-version.js';
import { ConfigSchema as x86Config, MachineSchema as x86Machine } from './x86_32/schema.js';
import { configSchema as arm64Config, machineSchema as arm64Machine } from './arm64/schema.js';
import { configSchema as riscvConfig, machineSchema as riscvMachine } from './riscv/schema.js';

/** The values `arch:` accepts, in the order help and listings show them. */
export const ARCH_IDS: readonly [string, ...string[]] = ['x86_32', 'arm64', 'riscv'];

/**
 * Each architecture's call names, without its model (catalog-names.ts holds
 * only the names): enough to say that a call one architecture lacks is
 * another's, without loading that plug-in.
 */
const CALL_CATALOGS: Readonly<Record<string, (name: string) => boolean>> = { x86_32: isX86Call, arm64: isArm64Call, riscv: isRiscvCall };

/** Each architecture's own rule ids, without its rules (rule-ids.ts), as for CALL_CATALOGS. */
const RULE_ID_LISTS: Readonly<Record<string, readonly string[]>> = { x86_32: X86_RULE_IDS, arm64: ARM64_RULE_IDS, riscv: RISCV_RULE_IDS };

/** Each architecture's kernel versions, without its model (kernel-version.ts), as for CALL_CATALOGS. */
const KERNEL_PARSERS: Readonly<Record<string, (text: string) => { readonly ok: boolean }>> = { x86_32: parseX86Kernel, arm64: parseArm64Kernel, riscv: parseRiscvKernel };

/** The mappings of a scenario whose keys each architecture defines (ArchPlugin.configSchema, .machineSchema). */
export type ArchSection = 'config' | 'machine';

/**
 * Each architecture's `config:` and `machine:` schemas, without its model
 * (schema.ts only; arm64's and riscv's are built on first use): enough to say
 * that a key one architecture lacks is another's, as for CALL_CATALOGS. Only
 * an unknown key asks, so a run without one builds none of them.
 */
const SECTION_SCHEMAS: Readonly<Record<string, Readonly<Record<ArchSection, () => z.ZodMiniType>>>> = {
  x86_32: { config: () => x86Config, machine: () => x86Machine },
  arm64: { config: arm64Config, machine: arm64Machine },
  riscv: { config: riscvConfig, machine: riscvMachine },
};

/** The schema of an architecture's `config:` or `machine:` (the plug-in's own), whether the plug-in is loaded or not; undefined for an unknown id. */
export function archSectionSchema(id: string, section: ArchSection): z.ZodMiniType | undefined {
  return Object.hasOwn(SECTION_SCHEMAS, id) ? SECTION_SCHEMAS[id]?.[section]() : undefined;
}

/** The architectures that model a kernel version written this way, in ARCH_IDS order ("5.12 is a riscv version"). */
export function archesWithKernel(text: string): string[] {
  return ARCH_IDS.filter((id) => KERNEL_PARSERS[id]?.(text).ok === true);
}

/** "an arm64", "a riscv", "an x86_32": an architecture id with the article it takes read aloud, for messages. */
export function anArch(id: string): string {
  return `${/^[aeiox]/.test(id) ? 'an' : 'a'} ${id}`;
}

/** The architectures whose catalog has a call of this name, in ARCH_IDS order (for "an arm64 call" in a message). */
export function archesWithCall(name: string): string[] {
  return ARCH_IDS.filter((id) => CALL_CATALOGS[id]?.(name) === true);
}

/** The architectures that have a rule of this id, in ARCH_IDS order (for "an arm64 rule" in a message), loaded or not. */
export function archesWithRule(id: string): string[] {
  return ARCH_IDS.filter((arch) => RULE_ID_LISTS[arch]?.includes(id) === true);
}

/**
 * What people also call an architecture, for did-you-mean on `arch:` and
 * `--arch` (uname -m and distribution names): each to the id that models it.
 * Not `arm` (32-bit ARM, arch/arm, another architecture no plug-in models)
 * nor `x86_64` (the spelling did-you-mean offers x86_32 for, as a question).
 */
export const ARCH_ALIASES: Readonly<Record<string, string>> = {
  x86: 'x86_32', i386: 'x86_32', i486: 'x86_32', i586: 'x86_32', i686: 'x86_32', ia32: 'x86_32',
  aarch64: 'arm64', armv8: 'arm64',
  riscv64: 'riscv', rv64: 'riscv',
};

/** The architecture id an `arch:` value that is not one probably means (an alias), or undefined. */
export function archAlias(text: string): string | undefined {
  const lower = text.toLowerCase();
  return Object.hasOwn(ARCH_ALIASES, lower) ? ARCH_ALIASES[lower] : undefined;
}

/** The architecture of a scenario without `arch:` (DESIGN §5). */
export const DEFAULT_ARCH: ArchPlugin = x86_32;

/** How each architecture's plug-in is loaded (the import()s are where the bundle splits). */
const LOADERS: Readonly<Record<string, () => Promise<ArchPlugin>>> = {
  x86_32: () => Promise.resolve(x86_32),
  arm64: async () => (await import('./arm64/plugin.js')).arm64,
  riscv: async () => (await import('./riscv/plugin.js')).riscv,
};

const loaded = new Map<string, ArchPlugin>([[x86_32.id, x86_32]]);

/** Whether `arch:` may name this id (loaded or not). */
export function isArchId(id: string): boolean {
  return Object.hasOwn(LOADERS, id);
}

/**
 * Loads the named plug-ins (every architecture without an argument); ids that
 * are not architectures are ignored. Idempotent.
 */
export async function loadArches(ids: readonly string[] = ARCH_IDS): Promise<void> {
  for (const id of ids) {
    const load = isArchId(id) ? LOADERS[id] : undefined;
    if (load === undefined || loaded.has(id)) continue;
    const plugin = await load();
    if (plugin.id !== id) throw new Error(`internal: the ${id} loader gave the ${plugin.id} plug-in`);
    loaded.set(id, plugin);
  }
}

/** The plug-in of an architecture id, when it is loaded (undefined for an unknown id or one not loaded yet: see isArchId). */
export function archById(id: string): ArchPlugin | undefined {
  return loaded.get(id);
}

/**
 * Every architecture's plug-in, in ARCH_IDS order, for what lists them all
 * (`explain`). Throws when some are not loaded: a listing that depended on
 * what ran before would not be deterministic.
 */
export function allArches(): readonly ArchPlugin[] {
  return archesOf(ARCH_IDS);
}

/**
 * The plug-ins of the named architectures, in ARCH_IDS order whatever the
 * order of `ids` (SARIF's rule descriptors list the architectures a report
 * replayed). Ids that are not architectures are ignored; throws when one
 * that is has not been loaded (await loadArches(ids) first).
 */
export function archesOf(ids: Iterable<string>): readonly ArchPlugin[] {
  const wanted = new Set(ids);
  return ARCH_IDS.filter((id) => wanted.has(id)).map((id) => {
    const plugin = loaded.get(id);
    if (plugin === undefined) throw new Error(`internal: the ${id} plug-in is not loaded (await loadArches() first)`);
    return plugin;
  });
}

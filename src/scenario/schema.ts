/**
 * The scenario file format (DESIGN §5): the single source of truth for its
 * shape. The keys every architecture shares are here; `config:`, `machine:`,
 * the call names and the kernel versions come from the architecture plug-in
 * that `arch:` selects, so each architecture gets its own strict schema.
 * Every object is strict (unknown keys are errors); every field is optional
 * here and gets its default after validation (resolve.ts and the plug-in),
 * so the published JSON Schema shows what a user may write.
 */
import * as z from 'zod/mini';
import { ARCH_IDS } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import { described, optional } from './schema-helpers.js';

export { SizeSchema } from './size-schema.js';

function kernelSchema(plugin: ArchPlugin): z.ZodMiniType<string, string> {
  const { kernels } = plugin;
  return described(
    z.string().check(z.superRefine((text, ctx) => {
      const parsed = kernels.parse(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `${parsed.reason}; modeled: ${kernels.modeledText}`, params: { choices: kernels.choices } });
      }
    })),
    `semantics profile: ${kernels.modeledText}`,
  );
}

/** A setup_arch item as parsed: a call name, or {call, note}. */
export type StepParsed = string | { call: string; note?: string | undefined };

function stepSchema(plugin: ArchPlugin): z.ZodMiniType<StepParsed> {
  const name = z.enum(plugin.callNames);
  return z.union([name, z.strictObject({ call: name, note: optional(z.string()) })]);
}

const ArchSchema = described(z.enum(ARCH_IDS), `architecture plug-in: ${ARCH_IDS.join(', ')}`);

function build(plugin: ArchPlugin) {
  return z.strictObject({
    name: optional(z.string()),
    description: optional(z.string()),
    kernel: optional(kernelSchema(plugin)),
    arch: optional(ArchSchema),
    config: optional(plugin.configSchema),
    machine: optional(plugin.machineSchema),
    setup_arch: z.array(stepSchema(plugin)).check(z.minLength(1)),
  });
}

export type ScenarioSchema = ReturnType<typeof build>;
/** The parsed shape, before defaults: what resolve.ts reads. */
export type ScenarioParsed = z.output<ScenarioSchema>;

/**
 * For an `arch:` that names no plug-in, only the shared keys are checked, so
 * a typo in `arch:` is not buried under another architecture's complaints.
 */
export const SHARED_KEYS_SCHEMA = z.strictObject({
  name: optional(z.string()),
  description: optional(z.string()),
  kernel: optional(z.string()),
  arch: optional(ArchSchema),
  config: optional(z.unknown()),
  machine: optional(z.unknown()),
  setup_arch: z.array(z.unknown()).check(z.minLength(1)),
});

const cache = new Map<ArchPlugin, ScenarioSchema>();

/** The whole scenario schema for an architecture (built once per plug-in). */
export function scenarioSchemaFor(plugin: ArchPlugin): ScenarioSchema {
  let s = cache.get(plugin);
  if (s === undefined) {
    s = build(plugin);
    cache.set(plugin, s);
  }
  return s;
}

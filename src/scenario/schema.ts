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
import { defineSchema, ExtendsSchema, matrixSchema, PatchSchema, type Axis } from './compose/schema.js';
import { callTextProblem } from './call-text.js';
import { parseCallRef } from './order-edit.js';
import { quoted } from './quote.js';
import { ENTRY_SEVERITIES } from './types.js';
import { described, optional } from './schema-helpers.js';
import { onFirstUse } from '../memo.js';

export { SizeSchema } from './size-schema.js';

function kernelSchema(plugin: ArchPlugin): z.ZodMiniType<string, string> {
  const { kernels } = plugin;
  return described(
    z.string().check(z.superRefine((text, ctx) => {
      const parsed = kernels.parse(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `${parsed.reason}; modeled: ${kernels.modeledText}`, params: { choices: kernels.choices, versions: true, modeled: (t: string): boolean => kernels.parse(t).ok } });
      }
    })),
    `semantics profile: ${kernels.modeledText}`,
  );
}

/** A setup_arch item as parsed: a call name, or {call, note}. */
export type StepParsed = string | { call: string; note?: string | undefined };

function stepSchema(calls: readonly [string, ...string[]]): z.ZodMiniType<StepParsed> {
  const name = z.enum(calls);
  return z.union([name, z.strictObject({ call: name, note: optional(z.string()) })]);
}

/** `step:` of expect/allow: a call as findings name it, "vmi_init" or "vmi_init#2" for its second occurrence. */
const CallRefSchema = described(
  z.string().check(z.superRefine((text, ctx) => {
    // params.call: zod-issues.ts adds the did-you-mean, from the calls and implicit steps (call-text.ts)
    if (parseCallRef(text) === null) ctx.addIssue({ code: 'custom', message: callTextProblem('step', text), params: { call: 'step' } });
  })),
  'the culprit call, as findings name it: a call name, or NAME#N for its Nth occurrence',
);

function ruleSchema(plugin: ArchPlugin): z.ZodMiniType<string> {
  // the architecture's rules and the generic ones (duplicate-call) that check its traces too
  const [first, ...rest] = plugin.rules.map((r) => r.meta.id);
  return described(first === undefined ? z.never() : z.enum([first, ...rest]), `a rule id of ${plugin.id} (bootreplay explain)`);
}

/**
 * `count:` of an entry: how many findings of its rule and step it stands for.
 * Bounded like the entries × variants a file may have (max-gate-entries):
 * no replay has more findings at one step.
 */
export const MAX_ENTRY_COUNT = 65_536;

function expectSchema(plugin: ArchPlugin) {
  return entrySchema(ruleSchema(plugin));
}

/** An expect: entry whose rule is checked by `rule` (an architecture's ids, or any text when the architecture is unknown). */
function entrySchema(rule: z.ZodMiniType<string>) {
  return z.strictObject({
    rule,
    step: CallRefSchema,
    variant: optional(z.string(), 'only this variant of a matrix, e.g. "hypervisor=xen,memory=4GiB"'),
    count: optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_ENTRY_COUNT)),
      'how many findings of this rule at this step the entry stands for (default 1); fewer is an unmet expectation (an unused allow), more are live'),
    severity: optional(z.enum(ENTRY_SEVERITIES),
      'only findings of this severity; without it the entry takes the least severe findings of its rule and step first'),
  });
}

/** An entry's rule when the architecture is not known yet: text, checked once the chain loads. */
const ANY_RULE = described(z.string(), 'a rule id (bootreplay explain)');

/** A suppression always says why (ESLint's disable directives with a description). */
const ReasonSchema = described(
  z.string().check(z.superRefine((text, ctx) => {
    if (text.trim() === '') ctx.addIssue({ code: 'custom', message: 'empty; a suppression must say why the finding is acceptable here' });
  })),
  'why the finding is acceptable here (shown in every report)',
);

function allowSchema(plugin: ArchPlugin) {
  return z.strictObject({ ...expectSchema(plugin).def.shape, reason: ReasonSchema });
}

const ArchSchema = described(z.enum(ARCH_IDS), `architecture plug-in: ${ARCH_IDS.join(', ')}`);

/** The scalar keys under a mapping schema, as dotted paths with their schemas (nested mappings flattened). */
function scalarPaths(prefix: string, schema: z.core.$ZodType): Axis[] {
  const out: Axis[] = [];
  if (!(schema instanceof z.ZodMiniObject)) return out;
  for (const [key, field] of Object.entries(schema.def.shape)) {
    let inner: z.core.$ZodType = field;
    while (inner instanceof z.ZodMiniOptional) inner = inner.def.innerType;
    if (inner instanceof z.ZodMiniObject) for (const p of scalarPaths(`${prefix}${key}.`, inner)) out.push(p);
    else if (!(inner instanceof z.ZodMiniArray)) out.push({ path: `${prefix}${key}`, schema: inner });
  }
  return out;
}

/**
 * A `name` or `description` value of a matrix (an axis or an include entry):
 * free text kept exactly as written, which also names the variant
 * (file.yaml[name="a "]). White space at either end is refused: "a" and "a "
 * would be two variants whose titles look alike, one of them picked only by a
 * quoted selector. Other string axes (kernel, machine.cmdline) are trimmed by
 * what they mean: there "a " is "a", said as a repeated value.
 */
function exactText(key: string): z.ZodMiniType<string, string> {
  return z.string().check(z.superRefine((text, ctx) => {
    if (text.trim() === text) return;
    const trimmed = text.trim();
    const message = trimmed === ''
      ? `${quoted(text)} is only white space: the ${key} would show nothing; write some text`
      : `${quoted(text)} has white space ${/^\s/.test(text) ? (/\s$/.test(text) ? 'at both ends' : 'at its start') : 'at its end'}: the ${key} would show as ${quoted(trimmed)} while the variant's name and selectors need ${key}=${quoted(text)}; write ${quoted(trimmed)}`;
    ctx.addIssue({ code: 'custom', message, input: text });
  }));
}

/**
 * The scalar keys a `matrix:` axis may vary: name, description, kernel and
 * every scalar of config and machine. Not arch (the axes are the
 * architecture's own keys) and not setup_arch (vary it with extends + patch).
 */
export function matrixAxes(plugin: ArchPlugin, kernel: z.core.$ZodType = kernelSchema(plugin)): readonly Axis[] {
  return [
    { path: 'name', schema: exactText('name') },
    { path: 'description', schema: exactText('description') },
    { path: 'kernel', schema: kernel },
    ...scalarPaths('config.', plugin.configSchema),
    ...scalarPaths('machine.', plugin.machineSchema),
  ];
}

interface BuildOptions {
  /** the call names steps may use: the catalog's, then the scenario's define: names */
  readonly calls: readonly [string, ...string[]];
  /** a file with extends: inherits setup_arch, so it need not list one */
  readonly derived: boolean;
  /** the on-demand keys whose real schemas are built */
  readonly written: WrittenKeys;
}

/**
 * The parts of a plug-in's schema that do not depend on the file, each built once per plug-in on its first
 * use: a file that writes no matrix:, define:, expect: or allow: does not build those (scenarioSchemaFor).
 */
function partsOf(plugin: ArchPlugin) {
  const kernel = onFirstUse(() => kernelSchema(plugin));
  return {
    kernel: onFirstUse(() => optional(kernel())),
    // null: no matrix, not even an inherited one (a derived file that wants one machine of its base's matrix)
    matrix: onFirstUse(() => optional(described(z.nullable(matrixSchema(matrixAxes(plugin, kernel()))), 'variants: every combination of the listed values of scalar key paths (kernel, config.KEY, machine.KEY), named file.yaml[key=value,…]; null drops an inherited matrix'))),
    define: onFirstUse(() => optional(defineSchema(plugin.defineSchema))),
    expect: onFirstUse(() => optional(z.array(expectSchema(plugin)), 'findings this scenario must produce: a regression scenario stays green while it reproduces its bug (not inherited through extends)')),
    allow: onFirstUse(() => optional(z.array(allowSchema(plugin)), 'findings suppressed with a reason; they stay visible in reports (not inherited through extends)')),
  };
}

/**
 * The keys whose schemas are built only for a file that writes them: the matrix axes alone are about 200 zod
 * objects, a third of what a cold run built, for the few files that have a matrix.
 */
export const ON_DEMAND_KEYS = ['matrix', 'define', 'expect', 'allow'] as const;
/** Which of ON_DEMAND_KEYS a file writes. */
export type WrittenKeys = Readonly<Record<(typeof ON_DEMAND_KEYS)[number], boolean>>;
/** Every key written: the published form (the JSON Schema, `bootreplay machines`, structured sets). */
const EVERY_KEY: WrittenKeys = { matrix: true, define: true, expect: true, allow: true };

/** The on-demand keys a file's data writes (its own keys, not its bases'). */
export function writtenKeys(data: Readonly<Record<string, unknown>>): WrittenKeys {
  return { matrix: Object.hasOwn(data, 'matrix'), define: Object.hasOwn(data, 'define'), expect: Object.hasOwn(data, 'expect'), allow: Object.hasOwn(data, 'allow') };
}

/**
 * The field of a key the file does not write. Its schema never runs: an absent key is undefined, which an
 * optional field passes as it is without asking its inner schema. It stands in for the key's real field,
 * typed as that one, so that every form of a plug-in's schema has the one output type.
 */
const NOT_WRITTEN = z.optional(z.never());
function notWritten<F>(): F {
  return NOT_WRITTEN as unknown as F;
}

const parts = new WeakMap<ArchPlugin, ReturnType<typeof partsOf>>();

const stepLists = new Map<string, z.ZodMiniArray<z.ZodMiniType<StepParsed>>>();

/**
 * The `setup_arch:` list schema for a set of call names, shared by the file
 * forms with and without extends: (a diff of a file against a variant builds
 * it once).
 */
function stepsFor(plugin: ArchPlugin, calls: readonly [string, ...string[]]): z.ZodMiniArray<z.ZodMiniType<StepParsed>> {
  const key = `${plugin.id}|${calls.length}|${calls.join(',')}`;
  let steps = stepLists.get(key);
  if (steps === undefined) {
    steps = z.array(stepSchema(calls)).check(z.minLength(1));
    if (stepLists.size < 256) stepLists.set(key, steps);
  }
  return steps;
}

function build(plugin: ArchPlugin, options: BuildOptions) {
  let shared = parts.get(plugin);
  if (shared === undefined) {
    shared = partsOf(plugin);
    parts.set(plugin, shared);
  }
  const steps = stepsFor(plugin, options.calls);
  const { written } = options;
  return z.strictObject({
    name: optional(z.string()),
    description: optional(z.string()),
    kernel: shared.kernel(),
    arch: optional(ArchSchema),
    config: optional(plugin.configSchema),
    machine: optional(plugin.machineSchema),
    setup_arch: options.derived ? optional(steps) : steps,
    extends: optional(ExtendsSchema),
    patch: optional(PatchSchema),
    matrix: written.matrix ? shared.matrix() : notWritten<ReturnType<typeof shared.matrix>>(),
    define: written.define ? shared.define() : notWritten<ReturnType<typeof shared.define>>(),
    expect: written.expect ? shared.expect() : notWritten<ReturnType<typeof shared.expect>>(),
    allow: written.allow ? shared.allow() : notWritten<ReturnType<typeof shared.allow>>(),
  });
}

export type ScenarioSchema = ReturnType<typeof build>;
/** The parsed shape of one file, before defaults and composing: what compose/ reads. */
export type ScenarioParsed = z.output<ScenarioSchema>;

/**
 * For an `arch:` that names no plug-in, only the shared keys are checked, so
 * a typo in `arch:` is not buried under another architecture's complaints.
 * Built on the first call (a file whose arch: is known never needs it).
 */
export const sharedKeysSchema = onFirstUse(() => z.strictObject({
  name: optional(z.string()),
  description: optional(z.string()),
  kernel: optional(z.string()),
  arch: optional(ArchSchema),
  config: optional(z.unknown()),
  machine: optional(z.unknown()),
  setup_arch: optional(z.array(z.unknown()).check(z.minLength(1))),
  extends: optional(z.unknown()),
  patch: optional(z.unknown()),
  matrix: optional(z.unknown()),
  define: optional(z.unknown()),
  expect: optional(z.unknown()),
  allow: optional(z.unknown()),
}));

/**
 * For a chain that stopped at a base that did not load (which may be the file
 * that sets arch:): the keys every architecture shares, and the shape of what
 * does not depend on it (extends:, the edits of patch:, expect:/allow:
 * entries but their rule ids), so those problems are still said in the same pass; config,
 * machine, calls, kernel versions and rule ids wait for the base. Built on the first call.
 */
export const unknownArchSchema = onFirstUse(() => z.strictObject({
  ...sharedKeysSchema().def.shape,
  extends: optional(ExtendsSchema),
  patch: optional(PatchSchema),
  expect: optional(z.array(entrySchema(ANY_RULE))),
  allow: optional(z.array(z.strictObject({ ...entrySchema(ANY_RULE).def.shape, reason: ReasonSchema }))),
}));

const cache = new Map<string, ScenarioSchema>();

/**
 * The schema of one scenario file for an architecture (built once per
 * plug-in, set of defined calls and written keys). Without options: the published form
 * (schema/scenario.schema.json), where setup_arch is optional because a file
 * with extends inherits it (scripts/gen-schema.mjs requires one of the two).
 *
 * @param defined call names the file's define: (and its bases') add
 * @param derived whether the file has extends: (setup_arch optional); default true
 * @param written the on-demand keys the file writes (writtenKeys); default all. The fields of the others
 *   accept only their absence, which is all such a file gives them: their schemas are not built.
 */
export function scenarioSchemaFor(plugin: ArchPlugin, defined: readonly string[] = [], derived = true, written: WrittenKeys = EVERY_KEY): ScenarioSchema {
  const keys = ON_DEMAND_KEYS.filter((k) => written[k]).join('+');
  const key = `${plugin.id}|${derived ? 'derived' : 'root'}|${keys}|${defined.join(',')}`;
  let s = cache.get(key);
  if (s === undefined) {
    const [first, ...rest] = plugin.callNames;
    s = build(plugin, { calls: [first, ...rest, ...defined], derived, written });
    // one entry per distinct define: set and written keys; a long matrix run reuses them
    if (defined.length === 0 || cache.size < 256) cache.set(key, s);
  }
  return s;
}

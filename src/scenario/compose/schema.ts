/**
 * The zod schemas of the composing keys (DESIGN §5a): `extends`, `patch`,
 * `matrix` and `define`. They are part of every architecture's scenario
 * schema (../schema.ts), so the published JSON Schema covers them; the
 * architecture supplies the effect vocabulary of `define:` and the scalar
 * keys that `matrix:` axes may name.
 */
import * as z from 'zod/mini';
import { callTextProblem } from '../call-text.js';
import { described, optional } from '../schema-helpers.js';
import { parseCallRef } from '../order-edit.js';

/** "vmi_init" or "vmi_init#2" (order-edit.ts parseCallRef). */
/** A call name: a C identifier, or a dotted ops-table member as the catalogs name them (x86_init.oem.arch_setup, 2.6.32+). */
export const CALL_NAME_RE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
export const CALL_REF_RE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:#[1-9]\d*)?$/;

const CallRef = described(
  z.string().check(z.superRefine((text, ctx) => {
    // params.call: zod-issues.ts adds the did-you-mean, from the catalog (call-text.ts); digits well formed but past
    // 2^53 (as a number not what was written) are said there too, as an expect: step's are
    if (!CALL_REF_RE.test(text) || parseCallRef(text) === null) {
      ctx.addIssue({ code: 'custom', message: callTextProblem('ref', text), input: text, params: { call: 'ref' } });
    }
  })),
  'a call of the inherited setup_arch: NAME, or NAME#N for its N-th occurrence',
);
const CallName = described(
  z.string().check(z.superRefine((text, ctx) => {
    if (!CALL_NAME_RE.test(text)) ctx.addIssue({ code: 'custom', message: callTextProblem('name', text), input: text, params: { call: 'name' } });
  })),
  'a call of the catalog or of define:',
);
const Note = optional(z.string(), 'a note for the step, as in setup_arch');
/** A removed call has no step to show a note on: the note documents the edit (why the call goes). */
const RemoveNote = optional(z.string(), 'why the call goes; a removed call has no step to show it on, so it documents the edit only');

/** The four edits of `patch:`, one key naming the edit (order-edit.ts). */
export const PATCH_EDITS = {
  move: z.strictObject({ move: CallRef, before: optional(CallRef), after: optional(CallRef), note: Note }),
  insert: z.strictObject({ insert: CallName, before: optional(CallRef), after: optional(CallRef), note: Note }),
  remove: z.strictObject({ remove: CallRef, note: RemoveNote }),
  replace: z.strictObject({ replace: CallRef, with: CallName, note: Note }),
} as const;

export type PatchOp = keyof typeof PATCH_EDITS;
export const PATCH_OPS = Object.keys(PATCH_EDITS) as PatchOp[];

export const PatchSchema = described(
  z.array(z.union([PATCH_EDITS.move, PATCH_EDITS.insert, PATCH_EDITS.remove, PATCH_EDITS.replace])),
  'edits of the inherited setup_arch, applied in order: {move: CALL, before|after: CALL}, {insert: CALL, before|after: CALL}, {remove: CALL}, {replace: CALL, with: CALL}',
);

export const ExtendsSchema = described(
  z.string().check(z.superRefine((text, ctx) => {
    if (text.trim() === '') ctx.addIssue({ code: 'custom', message: 'empty; give the path of the base scenario, relative to this file', input: text });
  })),
  'a scenario this one is based on, relative to this file; its keys are inherited, config/machine merged key by key at any depth',
);

/** A key path `matrix:` axes may name ("machine.memory") and the schema of its value. */
export interface Axis {
  readonly path: string;
  readonly schema: z.core.$ZodType;
}

/** `matrix:`: one optional list per scalar key path, plus exclude/include entries over the same paths. */
export function matrixSchema(axes: readonly Axis[]) {
  const entry = z.strictObject(Object.fromEntries(axes.map((a) => [a.path, optional(a.schema)])));
  const shape: Record<string, z.core.$ZodType> = {};
  for (const a of axes) shape[a.path] = optional(z.array(a.schema).check(z.minLength(1)));
  shape['exclude'] = optional(z.array(entry), 'combinations to leave out: each entry matches every combination with all of its values');
  shape['include'] = optional(z.array(entry), 'values added to the combinations they fit without overwriting an axis value; an entry that fits none is a combination of its own');
  return described(
    z.strictObject(shape),
    'variants: every combination of the listed values of scalar key paths (kernel, config.KEY, machine.KEY), named file.yaml[key=value,…]',
  );
}

/** `define:` entries: `doc` and `none` are shared; the effects are the architecture's (ArchPlugin.defineSchema). */
export function defineSchema(effects: z.ZodMiniObject) {
  const entry = z.strictObject({
    doc: described(z.string().check(z.refine((t) => t.trim() !== '', { message: 'empty: say in one line what the call does (bootreplay steps shows it)' })), 'one line for `bootreplay steps`'),
    none: optional(z.literal(true), 'the call changes nothing the model tracks'),
    ...effects.def.shape,
  });
  return described(z.record(z.string(), entry), 'calls the catalog lacks, with their effects in the catalog\'s vocabulary; effects run in the order written');
}

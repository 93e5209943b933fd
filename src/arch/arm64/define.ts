/**
 * `define:` for arm64: a call the catalog lacks, in the catalog's own effect
 * vocabulary (effects.ts), so that a patch adding an early user of the
 * fixmap or the linear map can be checked before it is merged:
 *
 *   define:
 *     my_soc_quirk:
 *       doc: reads a firmware table, then allocates a buffer
 *       needs: [early_ioremap]
 *       early_memremap: true
 *       linear_alloc: 4KiB
 *
 * The generic loader adds `doc` and `none` and runs the effects in the order
 * the keys are written.
 */
import * as z from 'zod/mini';
import { described, distinctItems, optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';
import { size } from '../../units.js';
import type { DefineDoc } from '../types.js';
import type { Effect, Value } from './effects.js';
import { tags } from './render/steps.js';

/** Every value an arm64 call can set or need (effects.ts Value). */
export const VALUES = [
  'fixmap', 'early_ioremap', 'fdt', 'memblock', 'memblock_reserved', 'early_params', 'memstart_addr', 'linear_map', 'device_tree', 'after_paging_init', 'memmap',
] as const satisfies readonly Value[];

const ValueList = distinctItems(z.array(z.enum(VALUES)).check(z.minLength(1)));

/**
 * A memblock allocation is of at least 1 byte: memblock_alloc(0, align) finds an address but reserves
 * nothing, memblock_reserve() → memblock_add_range() returns 0 on `if (!size)` (chenlihao92/archlinux-4.6.5
 * @b9b6ded1 mm/memblock.c:530, memblock_alloc_range_nid() :1149-1168), so the "buffer" is nobody's.
 * The upper bound is the machine's RAM, which the schema does not know: define-check.ts.
 */
const LinearAllocSize = z.pipe(SizeSchema, z.number().check(z.superRefine((n, ctx) => {
  if (n < 1) ctx.addIssue({ code: 'custom', message: `${size(n)} is out of range; a memblock allocation is of at least 1 byte (memblock_alloc(0) reserves nothing, mm/memblock.c)`, input: n });
})));

/** The effects a defined arm64 call may have (ArchPlugin.defineSchema). */
export const DefineSchema = z.strictObject({
  needs: optional(ValueList, `values the call reads, which an earlier call must have set: ${VALUES.join(', ')}`),
  sets: optional(ValueList, 'values the call sets, for later calls that need them'),
  early_memremap: optional(z.literal(true), 'early_memremap() of a firmware table through the FIX_BTMAP slots (needs early_ioremap_init)'),
  linear_alloc: optional(described(LinearAllocSize, 'a memblock allocation of SIZE (at least 1 byte, at most the machine\'s largest contiguous RAM) used through the linear map (__va), e.g. 4KiB')),
});

type DefineParsed = z.output<typeof DefineSchema>;

function isKey(key: string): key is keyof DefineParsed {
  return Object.hasOwn(DefineSchema.def.shape, key);
}

/** The validated entry (keys in the order written) → the effect list apply() runs. */
export function compileDefine(name: string, def: Readonly<Record<string, unknown>>): readonly Effect[] {
  const parsed = def as DefineParsed; // validated against DefineSchema by the loader
  const what = `${name} (define:)`;
  const out: Effect[] = [];
  for (const key of Object.keys(def)) {
    if (!isKey(key)) continue;
    switch (key) {
      case 'needs':
        for (const value of parsed.needs ?? []) out.push({ op: 'needs', value, why: `the scenario's define: says ${name} reads it` });
        break;
      case 'sets':
        for (const value of parsed.sets ?? []) out.push({ op: 'sets', value });
        break;
      case 'early_memremap': out.push({ op: 'early_memremap', what, prot: 'PAGE_KERNEL' }); break;
      case 'linear_alloc':
        if (parsed.linear_alloc !== undefined) out.push({ op: 'linear_alloc', what, size: parsed.linear_alloc, low: false });
        break;
    }
  }
  return out;
}

/** `steps --scenario`: the effects in the words of `define:`. */
export function describeDefine(effects: readonly Effect[]): DefineDoc {
  // with its size, as x86_32 says `early_ioremap 4 KiB`: diff and bisect compare definitions by these words
  const words = effects.map((e): string => (e.op === 'needs' || e.op === 'sets' ? `${e.op} ${e.value}` : e.op === 'linear_alloc' ? `linear_alloc ${size(e.size)}` : e.op));
  return { tags: tags(effects), effects: words.length > 0 ? words.join('; ') : 'none (changes nothing in the model)' };
}

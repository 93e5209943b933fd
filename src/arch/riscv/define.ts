/**
 * `define:` for riscv: a call the catalog lacks, in the catalog's own effect
 * vocabulary (effects.ts), so that a patch adding an early call to
 * setup_arch() can be checked before it is merged:
 *
 *   define:
 *     my_platform_probe:
 *       doc: reads a firmware table and allocates a buffer
 *       needs: [fdt]
 *       early_memremap: true
 *       memblock_alloc: true
 *
 * The generic loader adds `doc` and `none` and runs the effects in the
 * order the keys are written.
 */
import * as z from 'zod/mini';
import { distinctItems, optional } from '../../scenario/schema-helpers.js';
import type { DefineDoc } from '../types.js';
import { MEMBLOCK_ALLOC_NEEDS_MEMORY, type Effect, type Value } from './effects.js';
import { tags } from './render/steps.js';

/** Every value a riscv call can set or need (effects.ts Value). */
export const VALUES = ['fdt', 'early_ioremap', 'memblock', 'linear_map', 'device_tree', 'memmap'] as const satisfies readonly Value[];

const ValueList = distinctItems(z.array(z.enum(VALUES)).check(z.minLength(1)));

/** The effects a defined riscv call may have (ArchPlugin.defineSchema). */
export const DefineSchema = z.strictObject({
  needs: optional(ValueList, `values the call reads, which an earlier call must have set: ${VALUES.join(', ')}`),
  sets: optional(ValueList, 'values the call sets, for later calls that need them'),
  early_memremap: optional(z.literal(true), 'early_memremap() of a firmware table through FIX_BTMAP_BEGIN (needs early_ioremap_setup)'),
  read_fdt: optional(z.literal(true), 'reads the FDT through initial_boot_params'),
  read_dtb_early_va: optional(z.literal(true), 'reads the DTB through dtb_early_va (valid only before the switch to swapper)'),
  memblock_alloc: optional(z.literal(true), 'a memblock allocation used through __va() (needs the linear map)'),
  read_device_tree: optional(z.literal(true), 'reads the unflattened device tree (struct device_node, through the linear map)'),
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
      case 'early_memremap': out.push({ op: 'early_memremap', what }); break;
      case 'read_fdt': out.push({ op: 'read_fdt', what }); break;
      case 'read_dtb_early_va': out.push({ op: 'read_dtb_early_va', what }); break;
      case 'memblock_alloc':
        // memblock_alloc() returns NULL while memblock.memory is empty, and the call writes through what it got
        // (the catalog's allocating calls say the same: init_resources, misc_mem_init, kasan_init)
        if (!(parsed.needs ?? []).includes('fdt')) out.push({ op: 'needs', value: 'fdt', why: MEMBLOCK_ALLOC_NEEDS_MEMORY });
        out.push({ op: 'memblock_alloc', what });
        break;
      case 'read_device_tree': out.push({ op: 'read_device_tree', what }); break;
    }
  }
  return out;
}

/** `steps --scenario`: the effects in the words of `define:`. */
export function describeDefine(effects: readonly Effect[]): DefineDoc {
  const words = effects.map((e): string => (e.op === 'needs' || e.op === 'sets' ? `${e.op} ${e.value}` : e.op));
  return {
    tags: tags(effects),
    effects: words.length > 0 ? words.join('; ') : 'none (changes nothing in the model)',
  };
}

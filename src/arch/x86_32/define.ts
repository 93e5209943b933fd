/**
 * `define:` for x86_32: a call the catalog lacks, written in the catalog's own
 * effect vocabulary (effects.ts), so that a patch adding an early user of the
 * fixmap can be checked before it is merged. The generic loader adds `doc`
 * and `none`, checks the call's name and runs the effects in the order the
 * user wrote the keys.
 *
 *   define:
 *     bios_quirk_probe:
 *       doc: vendor quirk that peeks at the BIOS data area
 *       needs: [e820]
 *       early_ioremap: 4KiB
 */
import * as z from 'zod/mini';
import { described, distinctItems, optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';
import { parseSize } from '../../scenario/size.js';
import { hex, size } from '../../units.js';
import type { DefineDoc } from '../types.js';
import { DEFINE_VALUES, type Effect } from './effects.js';
import { SLOT_NAMES, TOTAL_FIX_BTMAPS, type SlotName } from './fixmap.js';
import { PAGE_SIZE, VA_TOP } from './geometry.js';
import { MIN_PAGE_OFFSET } from './checks.js';
import { tags } from './render/steps.js';
import { quoted } from '../../scenario/quote.js';
import { onFirstUse } from '../../memo.js';

/**
 * early_ioremap() maps at most NR_FIX_BTMAPS (64) pages at once and refuses
 * a zero size (WARN_ON, returns NULL): caglar10ur/linux-2.6.27.y@6e86841d05f3
 * (v2.6.27-rc1):arch/x86/mm/ioremap.c early_ioremap(), include/asm-x86/fixmap_32.h.
 */
export const NR_FIX_BTMAPS = TOTAL_FIX_BTMAPS / 4;
export const MAX_EARLY_IOREMAP = NR_FIX_BTMAPS * PAGE_SIZE;
/**
 * The largest reserve_top_address() any config takes: with the lowest PAGE_OFFSET (the 1G/3G split) the
 * top -reserve - PAGE_SIZE stays above PAGE_OFFSET up to 4 GiB − PAGE_OFFSET − PAGE_SIZE. The bound of the
 * variant's own config (kernelSpaceProblem, as for reservetop=) is checked per variant (define-check.ts):
 * the schema does not know the config.
 */
export const MAX_RESERVE = VA_TOP - MIN_PAGE_OFFSET - PAGE_SIZE;

/** A size with bounds; `what` names the kernel limit in the message. */
function boundedSize(min: number, max: number, what: string) {
  return z.pipe(SizeSchema, z.number().check(z.superRefine((n, ctx) => {
    if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `${size(n)} is out of range; ${what}`, input: n });
  })));
}

/**
 * The effects a defined x86_32 call may have (ArchPlugin.defineSchema), built on the first call: a
 * scenario without define: (most) never builds it.
 */
export const defineSchema = onFirstUse(() => {
  /**
   * relocate: vmi or xen (the hypervisor's hole, from machine.*), or a size
   * for reserve_top_address(SIZE): whole pages, at most MAX_RESERVE (the variant's config may take less).
   */
  const RELOCATE_SOURCES = ['vmi', 'xen'] as const;
  const toReserve = z.transform((value: number | string, payload): 'vmi' | 'xen' | number => {
    if (value === 'vmi' || value === 'xen') return value;
    const n = typeof value === 'number' ? value : parseSize(value);
    const message = n === null || !Number.isSafeInteger(n)
      ? `${quoted(String(value))} is neither vmi, xen nor a size (reserve_top_address(SIZE), e.g. 16MiB)`
      : n < PAGE_SIZE || n > MAX_RESERVE ? `${size(n)} is out of range; reserve_top_address() takes 4 KiB to ${size(MAX_RESERVE)} (4 GiB − the lowest config.page_offset ${hex(MIN_PAGE_OFFSET)} − PAGE_SIZE), and less with a higher one`
        : n % PAGE_SIZE !== 0 ? `${hex(n)} is not a whole number of pages (4 KiB)` : undefined;
    if (message === undefined && n !== null) return n;
    payload.issues.push({ code: 'custom', message: message ?? '', input: value, inst: toReserve, params: { choices: RELOCATE_SOURCES } });
    return z.NEVER;
  });

  const ValueList = distinctItems(z.array(z.enum(DEFINE_VALUES)).check(z.minLength(1)));
  const Slot = z.enum(SLOT_NAMES);

  return z.strictObject({
    needs: optional(ValueList, `values the call reads, which an earlier call must have set: ${DEFINE_VALUES.join(', ')}`),
    sets: optional(ValueList, 'values the call sets, for later calls that need them'),
    early_ioremap: optional(
      described(boundedSize(1, MAX_EARLY_IOREMAP, `early_ioremap() maps 1 byte to ${NR_FIX_BTMAPS} pages (${size(MAX_EARLY_IOREMAP)}, NR_FIX_BTMAPS) at once`), 'early_ioremap(phys, SIZE): bm_pte before early_ioremap_reset, a real set_fixmap after'),
    ),
    set_fixmap: optional(z.union([Slot, distinctItems(z.array(Slot).check(z.minLength(1)))]), 'set_fixmap(SLOT, phys): a slot of enum fixed_addresses, or a list of them'),
    relocate: optional(
      z.pipe(z.union([z.number(), z.string()]), toReserve),
      "reserve_top_address(): vmi (the VMI ROM's hole, machine.vmi_virtual_top), xen (machine.xen_virt_start), or a size",
    ),
    build_fixmap_pagetables: optional(z.literal(true), 'page tables for the fixmap at the current FIXADDR_TOP, then early_ioremap_reset (what init_memory_mapping does)'),
  });
});

type DefineParsed = z.output<ReturnType<typeof defineSchema>>;

function isKey(key: string): key is keyof DefineParsed {
  return Object.hasOwn(defineSchema().def.shape, key);
}

/** The validated entry (keys in the order written) → the effect list apply() runs. */
export function compileDefine(name: string, def: Readonly<Record<string, unknown>>): readonly Effect[] {
  const parsed = def as DefineParsed; // validated against defineSchema() by the loader
  const why = `the scenario's define: says ${name} reads it`;
  const out: Effect[] = [];
  for (const key of Object.keys(def)) {
    if (!isKey(key)) continue;
    switch (key) {
      case 'needs':
        for (const value of parsed.needs ?? []) out.push({ op: 'needs', value, why, relevance: { kind: 'always' } });
        break;
      case 'sets':
        for (const value of parsed.sets ?? []) out.push({ op: 'sets', value });
        break;
      case 'early_ioremap':
        if (parsed.early_ioremap !== undefined) out.push({ op: 'early_ioremap', program: 'defined', what: `${name} (define:, ${size(parsed.early_ioremap)})`, bytes: parsed.early_ioremap });
        break;
      case 'set_fixmap':
        for (const slot of slots(parsed.set_fixmap)) out.push({ op: 'set_fixmap', slot, what: `${name} (define:)` });
        break;
      case 'relocate': {
        const r = parsed.relocate;
        if (r === 'vmi' || r === 'xen') out.push({ op: 'relocate', source: r, when: r === 'vmi' ? 'hypervisor:vmi' : 'hypervisor:xen' });
        else if (r !== undefined) out.push({ op: 'reserve_top_address', bytes: r });
        break;
      }
      case 'build_fixmap_pagetables':
        out.push({ op: 'build_fixmap_pagetables' });
        break;
    }
  }
  return out;
}

function slots(v: SlotName | readonly SlotName[] | undefined): readonly SlotName[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

/** `steps --scenario`: the tags of the catalog's legend and the effects in the words of `define:`. */
export function describeDefine(effects: readonly Effect[]): DefineDoc {
  const words = effects.map((e): string => {
    switch (e.op) {
      case 'needs': return `needs ${e.value}`;
      case 'sets': return `sets ${e.value}`;
      case 'early_ioremap': return e.bytes === undefined ? 'early_ioremap' : `early_ioremap ${size(e.bytes)}`;
      case 'set_fixmap': return `set_fixmap ${e.slot}`;
      case 'relocate': return `relocate ${e.source} (if machine.hypervisor is ${e.source})`;
      case 'reserve_top_address': return `reserve_top_address(${size(e.bytes)})`;
      case 'build_fixmap_pagetables': return 'builds the fixmap page tables';
      default: return e.op;
    }
  });
  return { tags: tags(effects), effects: words.length > 0 ? words.join('; ') : 'none (changes nothing in the model)' };
}

/**
 * The end of an arm64 replay: the final state as plain data (tables with
 * their runs, TTBRs, slots), and the generic layout (named values and
 * regions) that diffs and pictures use.
 */
import type { Layout, LayoutValue, Region } from '../../../replay/trace.js';
import { fixToVirt } from '../fixmap.js';
import { levelName, PAGE_SIZE, type Geometry, type Level } from '../geometry.js';
import type { ImageSymbols, VaLayout } from '../layout.js';
import type { Origin, Run } from '../mm/tables.js';
import type { ReplayContext } from './context.js';
import type { ModelState } from './state.js';

export interface FinalTable {
  readonly name: string;
  readonly level: Level;
  /** pgd, pud, pmd, pte */
  readonly kind: string;
  readonly origin: Origin;
  readonly pa: number;
  readonly pages: number;
  /** the virtual address entry 0 translates (groups), and whether many entries share the table */
  readonly vaBase: number;
  readonly shared: boolean;
  readonly live: boolean;
  readonly freed: boolean;
  readonly runs: readonly Run[];
}

export interface FinalState {
  readonly ttbr0: string;
  readonly ttbr1: string;
  readonly mmu: boolean;
  readonly memstart: number | null;
  readonly kaslrOffset: number;
  readonly image: ImageSymbols;
  readonly tables: readonly FinalTable[];
  /** FIX_P* slots still held at the end, and by whom */
  readonly heldSlots: readonly { slot: string; holder: string }[];
  readonly values: readonly string[];
  readonly memory: number;
}

export function freeze(ctx: ReplayContext, s: ModelState, live: (id: number) => boolean): FinalState {
  const name = (id: number | null): string => (id === null ? 'reserved' : s.set.tables[id]?.name ?? '?');
  return {
    ttbr0: name(s.ttbr0),
    ttbr1: name(s.ttbr1),
    mmu: s.mmu,
    memstart: s.memstart,
    kaslrOffset: s.kaslrOffset,
    image: s.image,
    tables: s.set.tables.map((t) => ({
      name: t.name, level: t.level, kind: levelName(ctx.geometry, t.level), origin: t.origin, pa: t.pa, pages: t.pages, vaBase: t.vaBase, shared: t.shared,
      live: live(t.id), freed: t.freed, runs: t.runs,
    })),
    heldSlots: [...s.slots.entries()].map(([slot, h]) => ({ slot, holder: h.holder })),
    values: [...s.values].sort(),
    memory: ctx.scenario.machine.banks.reduce((n, b) => n + b.size, 0),
  };
}

function v(name: string, value: number | null, unit: LayoutValue['unit'] = 'address'): LayoutValue {
  return { name, value, unit };
}

/**
 * The last layout made, with everything it was made from: the context (the
 * scenario and its constants, read-only), the image symbols (a read-only
 * value that KASLR's second pass replaces, never changes), kaslr_offset and
 * memstart_addr. The many orders one fix search replays share all of them
 * nearly always, so they share the layout, a read-only value, instead of
 * building 26 values and a dozen regions each.
 */
let last: { readonly ctx: ReplayContext; readonly image: ImageSymbols; readonly kaslrOffset: number; readonly memstart: number | null; readonly highMemoryEnd: number | null; readonly dramStart: number | null; readonly dramEnd: number | null; readonly layout: Layout } | undefined;

/**
 * memblock_start_of_DRAM() and memblock_end_of_DRAM(): the first and last region of memblock.memory, the RAM
 * the kernel knows (not a bank memblock_add() refused, helper-180 F5); null before any RAM is added.
 */
function dramOf(s: ModelState): { dramStart: number | null; dramEnd: number | null } {
  const mem = s.memblock.memory;
  return { dramStart: mem[0]?.start ?? null, dramEnd: mem[mem.length - 1]?.end ?? null };
}

/** The kernel's own layout values and the regions of the final address space (mem_init()'s banner, bottom up). */
export function genericLayout(ctx: ReplayContext, s: ModelState): Layout {
  const { dramStart, dramEnd } = dramOf(s);
  if (last !== undefined && last.ctx === ctx && last.image === s.image && last.kaslrOffset === s.kaslrOffset && last.memstart === s.memstart && last.highMemoryEnd === s.highMemoryEnd && last.dramStart === dramStart && last.dramEnd === dramEnd) return last.layout;
  const layout = makeLayout(ctx, s);
  last = { ctx, image: s.image, kaslrOffset: s.kaslrOffset, memstart: s.memstart, highMemoryEnd: s.highMemoryEnd, dramStart, dramEnd, layout };
  return layout;
}

function makeLayout(ctx: ReplayContext, s: ModelState): Layout {
  const l: VaLayout = ctx.layout;
  const img = s.image;
  const g: Geometry = ctx.geometry;
  const fix = (slot: 'FIX_FDT' | 'FIX_BTMAP_BEGIN' | 'FIX_PGD'): number | null => {
    const idx = ctx.fixmap.slots[slot];
    return idx === undefined ? null : fixToVirt(l.FIXADDR_TOP, idx);
  };
  const { dramStart, dramEnd } = dramOf(s);
  const values: LayoutValue[] = [
    // a number of bits: diff says +9, not a size in pages and MiB (helper-178 F6)
    v('VA_BITS', g.vaBits, 'count'),
    v('VA_START', l.VA_START),
    v('PAGE_OFFSET', l.PAGE_OFFSET),
    v('KASAN_SHADOW_START', l.KASAN_SHADOW_START),
    v('KASAN_SHADOW_END', l.KASAN_SHADOW_END),
    v('MODULES_VADDR', l.MODULES_VADDR),
    v('MODULES_END', l.MODULES_END),
    v('KIMAGE_VADDR', l.KIMAGE_VADDR),
    v('kaslr_offset', s.kaslrOffset, 'bytes'),
    v('_text', img._text),
    v('_etext', img._etext),
    v('__init_begin', img.__init_begin),
    v('__init_end', img.__init_end),
    v('_end', img._end),
    v('VMALLOC_START', l.VMALLOC_START),
    v('VMALLOC_END', l.VMALLOC_END),
    v('VMEMMAP_START', l.VMEMMAP_START),
    v('VMEMMAP_SIZE', l.VMEMMAP_SIZE, 'bytes'),
    v('PCI_IO_START', l.PCI_IO_START),
    v('PCI_IO_END', l.PCI_IO_END),
    v('FIXADDR_START', l.FIXADDR_START),
    v('FIXADDR_TOP', l.FIXADDR_TOP),
    v('FIX_FDT', fix('FIX_FDT')),
    v('FIX_BTMAP_BEGIN', fix('FIX_BTMAP_BEGIN')),
    v('FIX_PGD', fix('FIX_PGD')),
    v('memstart_addr', s.memstart, 'address'),
    // the RAM the linear map holds, so a diff of two machines says how it moved (helper-181, 4): physical, and
    // high_memory = __va(end of DRAM - 1) + 1 as the kernel set it, mem_init()'s "memory" line's end
    v('memblock_start_of_DRAM', dramStart),
    v('memblock_end_of_DRAM', dramEnd),
    // only once the kernel set it (ModelState.highMemoryEnd): a v4.6 order without bootmem_init leaves it NULL (helper-182, 5)
    v('high_memory', s.memstart === null || s.highMemoryEnd === null ? null : l.PAGE_OFFSET + (s.highMemoryEnd - s.memstart)),
  ];
  const regions: Region[] = [];
  if (l.KASAN_SHADOW_START !== null && l.KASAN_SHADOW_END !== null) regions.push({ name: 'kasan', start: l.KASAN_SHADOW_START, end: l.KASAN_SHADOW_END });
  regions.push({ name: 'modules', start: l.MODULES_VADDR, end: l.MODULES_END });
  regions.push({ name: 'vmalloc', start: l.VMALLOC_START, end: l.VMALLOC_END });
  regions.push({ name: '.text', start: img._text, end: img.__start_rodata });
  regions.push({ name: '.rodata', start: img.__start_rodata, end: img._etext });
  regions.push({ name: '.init', start: img.__init_begin, end: img.__init_end });
  regions.push({ name: '.data', start: img._data, end: img._end });
  regions.push({ name: 'vmemmap', start: l.VMEMMAP_START, end: l.VMEMMAP_START + l.VMEMMAP_SIZE });
  regions.push({ name: 'PCI I/O', start: l.PCI_IO_START, end: l.PCI_IO_END });
  regions.push({ name: 'fixed', start: l.FIXADDR_START, end: l.FIXADDR_TOP });
  if (s.memstart !== null && dramStart !== null && dramEnd !== null) {
    // mem_init(): memory = [__va(memblock_start_of_DRAM()), high_memory)
    // one name whatever the size (which the region's range shows), so a diff of two RAM sizes is one row (helper-178 F6)
    regions.push({ name: 'memory', start: l.PAGE_OFFSET + (dramStart - s.memstart), end: l.PAGE_OFFSET + (dramEnd - s.memstart) });
  }
  regions.sort((a, b) => a.start - b.start || b.end - a.end);
  return { values, regions, pageSize: PAGE_SIZE };
}

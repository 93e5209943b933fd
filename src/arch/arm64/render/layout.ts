/**
 * The final arm64 address space as reports show it: the `layout` object of
 * the JSON report and the map of `run --layout` (top-down like the boot
 * banner of mem_init(), then the tables and the live kernel mappings).
 */
import { hex, signedHex } from '../../../units.js';
import { sizeText } from '../addr.js';
import type { Arm64Trace } from '../types.js';
import { V4_6, V4_7 } from '../kernel-version.js';
import { dumpLines, liveMappings, type DumpFormat, type DumpMarker, type Mapping } from './ptdump.js';

function rootIndex(trace: Arm64Trace): number {
  return trace.final.tables.findIndex((t) => t.name === trace.final.ttbr1);
}

function mappings(trace: Arm64Trace): Mapping[] {
  const i = rootIndex(trace);
  return i < 0 ? [] : liveMappings(trace.final, i, trace.va.VA_START);
}

export function layoutJson(trace: Arm64Trace): unknown {
  const f = trace.final;
  return {
    VA_BITS: trace.geometry.vaBits,
    levels: trace.geometry.levels,
    values: Object.fromEntries(trace.layout.values.map((v) => [v.name, v.value === null ? null : v.unit === 'address' ? signedHex(v.value) : v.value])),
    ttbr0: f.ttbr0,
    ttbr1: f.ttbr1,
    regions: trace.layout.regions.map((g) => ({ name: g.name, start: hex(g.start), end: hex(g.end) })),
    tables: f.tables.map((t) => ({
      name: t.name, level: t.level, kind: t.kind, origin: t.origin, pa: hex(t.pa), pages: t.pages,
      state: t.freed ? 'freed' : t.live ? 'live' : 'not live',
    })),
    mappings: mappings(trace).map((m) => ({
      start: hex(m.va), end: hex(m.end), level: m.level, kind: m.kind,
      ...(m.kind === 'shared' ? { table: m.table } : { pa: hex(m.pa), prot: m.prot }),
    })),
    held_slots: f.heldSlots,
  };
}

/** @param when the moment the state is taken when it is not after boot (ArchPlugin.layoutText) */
export function layoutText(trace: Arm64Trace, when?: string): { head: string; rows: readonly string[] } {
  const f = trace.final;
  const s = trace.scenario;
  const head = `${s.file}: layout${when !== undefined ? ` ${when}` : ''}: arm64 ${s.kernel.text}, VA_BITS ${trace.geometry.vaBits} (${trace.geometry.levels} levels), `
    + `${f.kaslrOffset !== 0 ? `KASLR offset ${hex(f.kaslrOffset)}, ` : ''}TTBR1 ${f.ttbr1}, TTBR0 ${f.ttbr0}`;
  const rows: string[] = [];
  for (const g of [...trace.layout.regions].sort((a, b) => b.start - a.start || a.end - b.end)) {
    rows.push(`    ${hex(g.start)}-${hex(g.end)}  ${sizeText(g.end - g.start).padStart(10)}  ${g.name}`);
  }
  rows.push('    tables:');
  for (const t of f.tables) {
    if (t.freed) continue;
    rows.push(`      ${t.name.padEnd(24)} L${t.level} ${t.kind.padEnd(3)} ${t.origin.padEnd(14)} ${hex(t.pa)}  ${t.live ? 'live' : 'not live'}`);
  }
  rows.push(`    TTBR1 mappings (${f.ttbr1}):`);
  for (const m of [...mappings(trace)].reverse()) {
    const what = m.kind === 'shared' ? `→ ${m.table} (shared)` : `${m.kind.padEnd(5)} → ${hex(m.pa)} ${m.prot ?? ''}`;
    rows.push(`      ${hex(m.va)}-${hex(m.end)}  ${sizeText(m.end - m.va).padStart(10)}  L${m.level} ${what}`.trimEnd());
  }
  return { head, rows };
}

/**
 * dump.c's address_markers[], in the array's order (note_page() only looks at
 * the next one):
 *   A44 rivsidn/linux-4.4.155@a1961d75 dump.c:52-66: vmalloc, vmemmap, Fixmap, PCI I/O, Modules, "Kernel Mapping";
 *   A46 chenlihao92/archlinux-4.6.5@b9b6ded1 dump.c:50-64: Modules, vmalloc, vmemmap, Fixmap, PCI I/O, "Linear Mapping";
 *   A47 calebwilliamsd/linux-4.7.4-casio@01851de9 dump.c:36-55: the KASAN shadow (CONFIG_KASAN), Modules,
 *   vmalloc, Fixmap, PCI I/O, vmemmap (VMEMMAP_START … + VMEMMAP_SIZE), "Linear Mapping".
 * A44/A46 ptdump_init() sets the vmemmap markers to virt_to_page(PAGE_OFFSET)
 * and virt_to_page(high_memory) (A44 dump.c:347-352, A46 :350-355), with
 * vmemmap = (struct page *)VMEMMAP_START - SECTION_ALIGN_DOWN(memstart_addr >>
 * PAGE_SHIFT) (A44 pgtable.h:55, A46 :41; 64-byte struct page, 1 GiB
 * sections): the struct pages of the RAM, not the whole area.
 */
function dumpMarkers(trace: Arm64Trace): DumpMarker[] {
  const l = trace.va;
  const key = trace.scenario.kernel.key;
  const m = (va: number, name: string): DumpMarker => ({ va, name });
  const modules = [m(l.MODULES_VADDR, 'Modules start'), m(l.MODULES_END, 'Modules end')];
  const vmalloc = [m(l.VMALLOC_START, 'vmalloc() Area'), m(l.VMALLOC_END, 'vmalloc() End')];
  const fixmap = [m(l.FIXADDR_START, 'Fixmap start'), m(l.FIXADDR_TOP, 'Fixmap end')];
  const pci = [m(l.PCI_IO_START, 'PCI I/O start'), m(l.PCI_IO_END, 'PCI I/O end')];
  if (key >= V4_7) {
    const kasan = l.KASAN_SHADOW_START !== null && l.KASAN_SHADOW_END !== null
      ? [m(l.KASAN_SHADOW_START, 'Kasan shadow start'), m(l.KASAN_SHADOW_END, 'Kasan shadow end')]
      : [];
    const vmemmap = [m(l.VMEMMAP_START, 'vmemmap start'), m(l.VMEMMAP_START + l.VMEMMAP_SIZE, 'vmemmap end')];
    return [...kasan, ...modules, ...vmalloc, ...fixmap, ...pci, ...vmemmap, m(l.PAGE_OFFSET, 'Linear Mapping')];
  }
  const vmemmap = [m(virtToPage(trace, l.PAGE_OFFSET), 'vmemmap start'), m(virtToPage(trace, highMemory(trace)), 'vmemmap end')];
  return key >= V4_6
    ? [...modules, ...vmalloc, ...vmemmap, ...fixmap, ...pci, m(l.PAGE_OFFSET, 'Linear Mapping')]
    : [...vmalloc, ...vmemmap, ...fixmap, ...pci, ...modules, m(l.PAGE_OFFSET, 'Kernel Mapping')];
}

const STRUCT_PAGE = 64;
const PAGES_PER_SECTION = 2 ** (30 - 12);

/** high_memory = __va(memblock_end_of_DRAM() - 1) + 1 (bootmem_init): the end of the layout's memory region; PAGE_OFFSET when there is none */
function highMemory(trace: Arm64Trace): number {
  const memory = trace.layout.regions.find((g) => g.name.startsWith('memory'));
  return memory?.end ?? trace.va.PAGE_OFFSET;
}

/** v4.4/v4.6 virt_to_page() of a linear-map address, as an address in the vmemmap (VMEMMAP_START when memstart_addr is unknown) */
function virtToPage(trace: Arm64Trace, va: number): number {
  const memstart = trace.final.memstart;
  if (memstart === null) return trace.va.VMEMMAP_START;
  const pfn = Math.floor((va - trace.va.PAGE_OFFSET + memstart) / 4096);
  const base = Math.floor(memstart / 4096 / PAGES_PER_SECTION) * PAGES_PER_SECTION;
  return trace.va.VMEMMAP_START + (pfn - base) * STRUCT_PAGE;
}

/** dump.c's line format of this version (ptdump.ts DumpFormat) */
function dumpFormat(trace: Arm64Trace): DumpFormat {
  const key = trace.scenario.kernel.key;
  return {
    validColumn: key >= V4_6,
    levelNames: key >= V4_7 ? ['PGD', trace.geometry.levels > 3 ? 'PUD' : 'PGD', 'PMD', 'PTE'] : null,
  };
}

/**
 * `layout --ptdump`: the final tables as the version's arch/arm64/mm/dump.c
 * prints /sys/kernel/debug/kernel_page_tables (it walks init_mm.pgd, i.e.
 * swapper_pg_dir, from VA_START).
 */
export function ptdumpText(trace: Arm64Trace, when?: string): { head: string; rows: readonly string[] } {
  const s = trace.scenario;
  const root = trace.final.tables.findIndex((t) => t.name === 'swapper_pg_dir');
  const head = `${s.file}: kernel_page_tables ${when !== undefined ? `as they are ${when}` : 'after boot'} (arm64 ${s.kernel.text}, VA_BITS ${trace.geometry.vaBits}, TTBR1 ${trace.final.ttbr1}); as arch/arm64/mm/dump.c prints it`;
  return { head, rows: root < 0 ? [] : dumpLines(trace.final, root, trace.va.VA_START, dumpMarkers(trace), dumpFormat(trace)) };
}

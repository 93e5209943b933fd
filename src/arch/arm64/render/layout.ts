/**
 * The final arm64 address space as reports show it: the `layout` object of
 * the JSON report and the map of `run --layout` (top-down like the boot
 * banner of mem_init(), then the tables and the live kernel mappings).
 */
import { hex, signedHex } from '../../../units.js';
import { sizeText } from '../addr.js';
import type { Arm64Trace } from '../types.js';
import { V4_6, type KernelVersion } from '../kernel-version.js';
import { dumpLines, liveMappings, type DumpMarker, type Mapping } from './ptdump.js';

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

export function layoutText(trace: Arm64Trace): { head: string; rows: readonly string[] } {
  const f = trace.final;
  const s = trace.scenario;
  const head = `${s.file}: layout: arm64 ${s.kernel.text}, VA_BITS ${trace.geometry.vaBits} (${trace.geometry.levels} levels), `
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

/** dump.c address_markers[] names of the layout's regions (start, and end where dump.c has one). */
const MARKERS: Readonly<Record<string, readonly [string, string | null]>> = {
  modules: ['Modules start', 'Modules end'],
  vmalloc: ['vmalloc() Area', 'vmalloc() End'],
  vmemmap: ['vmemmap start', 'vmemmap end'],
  fixed: ['Fixmap start', 'Fixmap end'],
  'PCI I/O': ['PCI I/O start', 'PCI I/O end'],
};

/**
 * dump.c's marker at PAGE_OFFSET: "Kernel Mapping" in v4.4
 * (rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/dump.c:66), "Linear Mapping"
 * in the v4.6 and v4.7 profiles (chenlihao92/archlinux-4.6.5@b9b6ded1:
 * arch/arm64/mm/dump.c:64; calebwilliamsd/linux-4.7.4-casio@01851de9).
 */
function linearMarker(kernel: KernelVersion): string {
  return kernel.key < V4_6 ? 'Kernel Mapping' : 'Linear Mapping';
}

/**
 * `layout --ptdump`: the final TTBR1 tables as arch/arm64/mm/dump.c prints
 * /sys/kernel/debug/kernel_page_tables (markers from the version's layout).
 */
export function ptdumpText(trace: Arm64Trace): { head: string; rows: readonly string[] } {
  const s = trace.scenario;
  const markers: DumpMarker[] = [];
  for (const g of trace.layout.regions) {
    const names = MARKERS[g.name];
    if (names !== undefined) {
      markers.push({ va: g.start, name: names[0] });
      if (names[1] !== null) markers.push({ va: g.end, name: names[1] });
    } else if (g.name.startsWith('memory')) {
      markers.push({ va: g.start, name: linearMarker(s.kernel) });
    }
  }
  const head = `${s.file}: kernel_page_tables after boot (arm64 ${s.kernel.text}, VA_BITS ${trace.geometry.vaBits}, TTBR1 ${trace.final.ttbr1}); as arch/arm64/mm/dump.c prints it`;
  return { head, rows: dumpLines(mappings(trace), markers) };
}

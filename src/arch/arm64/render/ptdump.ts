/**
 * The live kernel mappings at the end of a replay, ptdump-style
 * (arch/arm64/mm/dump.c): the leaves reachable from TTBR1, merged where
 * neighbours continue each other. A table shared by many entries
 * (kasan_zero_pud/pmd/pte) is one line for the whole range it covers.
 */
import { entrySize, type Level } from '../geometry.js';
import { PROTS, type ProtName } from '../prot.js';
import { hexDigits } from '../../../units.js';
import type { FinalState, FinalTable } from '../replay/finish.js';

export interface Mapping {
  readonly va: number;
  readonly end: number;
  readonly level: Level;
  readonly kind: 'block' | 'page' | 'shared';
  /** output address of va (block/page), or the shared table's name */
  readonly pa: number;
  readonly prot: ProtName | null;
  readonly table: string;
}

export function liveMappings(final: FinalState, root: number, rootVa: number): Mapping[] {
  const out: Mapping[] = [];
  const walk = (t: FinalTable, va0: number): void => {
    const size = entrySize(t.level);
    for (const r of t.runs) {
      if (r.kind === 'invalid') continue;
      const va = va0 + r.from * size;
      const end = va0 + r.to * size;
      if (r.kind === 'table') {
        const child = final.tables[r.next];
        if (child === undefined) continue;
        if (r.uniform || child.shared) {
          out.push({ va, end, level: t.level, kind: 'shared', pa: child.pa, prot: null, table: child.name });
          continue;
        }
        walk(child, child.pages > 1 ? child.vaBase : va);
        continue;
      }
      const last = out[out.length - 1];
      const pa = r.oa;
      if (last !== undefined && last.kind === r.kind && last.level === t.level && last.prot === r.prot && last.end === va && !r.uniform && last.pa + (last.end - last.va) === pa) {
        out[out.length - 1] = { ...last, end };
      } else {
        out.push({ va, end, level: t.level, kind: r.kind, pa, prot: r.prot, table: t.name });
      }
    }
  };
  const t = final.tables[root];
  if (t !== undefined) walk(t, rootVa);
  return out;
}

/**
 * A leaf's attributes as arch/arm64/mm/dump.c prints them (pte_bits[], the
 * same in v4.4 … v4.7; chenlihao92/archlinux-4.6.5@b9b6ded13942:arch/arm64/mm/dump.c:77-161):
 * valid " ", USR, ro/RW, NX/"x ", SHD, AF, NG, CON, "   "/BLK (a page has the
 * table bit), UXN, the memory type. Every modeled protection is kernel
 * (no USR), inner shareable and AF (prot.ts).
 */
function dumpBits(prot: ProtName, kind: 'block' | 'page'): string {
  const a = PROTS[prot];
  const bits = [' ', '   ', a.ro ? 'ro' : 'RW', a.pxn ? 'NX' : 'x ', 'SHD', 'AF', a.ng ? 'NG' : '  ', a.cont ? 'CON' : '   ', kind === 'page' ? '   ' : 'BLK', ...(a.uxn ? ['UXN'] : []), a.mt === 'Normal' ? 'MEM/NORMAL' : 'DEVICE/nGnRE'];
  return bits.map((b) => ` ${b}`).join('');
}

/** dump.c note_page(): the size in the largest unit that divides it (K, M, G, T), right-aligned in 9 */
function dumpSize(bytes: number): string {
  const units = 'KMGTPE';
  let delta = bytes / 1024;
  let u = 0;
  while (delta % 1024 === 0 && u < units.length - 1) {
    delta /= 1024;
    u++;
  }
  return `${String(delta).padStart(9)}${units[u] ?? ''}`;
}

/** A dump.c address_markers[] entry: where a named area starts. */
export interface DumpMarker {
  readonly va: number;
  readonly name: string;
}

/**
 * The live TTBR1 mappings as /sys/kernel/debug/kernel_page_tables prints them
 * (dump.c): "---[ marker ]---" where an area starts, then one line per run of
 * equal attributes, "0x%016lx-0x%016lx   %9lu%c <bits>"; a table shared by
 * many entries (kasan_zero_*) is one line naming it. Ranges are split at the
 * markers as note_page() splits them.
 */
export function dumpLines(mappings: readonly Mapping[], markers: readonly DumpMarker[]): string[] {
  const sorted = [...markers].sort((a, b) => a.va - b.va);
  const rows: string[] = [];
  let next = 0;
  const h = (n: number): string => `0x${hexDigits(n).padStart(16, '0')}`;
  const flushMarkers = (upTo: number): void => {
    while (next < sorted.length && (sorted[next]?.va ?? Infinity) <= upTo) rows.push(`---[ ${sorted[next]?.name ?? ''} ]---`), next++;
  };
  for (const m of [...mappings].sort((a, b) => a.va - b.va)) {
    let va = m.va;
    while (va < m.end) {
      flushMarkers(va);
      const cut = Math.min(m.end, sorted[next]?.va ?? Infinity);
      const tail = m.kind === 'shared' ? `  every L${m.level} entry → ${m.table}` : dumpBits(m.prot ?? 'PAGE_KERNEL', m.kind);
      rows.push(`${h(va)}-${h(cut)}   ${dumpSize(cut - va)}${tail}`);
      va = cut;
    }
  }
  flushMarkers(Infinity);
  return rows;
}

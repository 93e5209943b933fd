/**
 * The live kernel mappings at the end of a replay: liveMappings() gives the
 * leaves reachable from TTBR1 for `layout` (merged where output addresses
 * continue; a table shared by many entries, kasan_zero_pud/pmd/pte, is one
 * mapping for the whole range it covers), and dumpLines() prints
 * /sys/kernel/debug/kernel_page_tables as each version's
 * arch/arm64/mm/dump.c walks and prints it.
 */
import { entrySize, PTRS_PER_TABLE, type Level } from '../geometry.js';
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
 * What dump.c's format depends on, per version (A44 rivsidn/linux-4.4.155@a1961d75,
 * A46 chenlihao92/archlinux-4.6.5@b9b6ded1, A47 calebwilliamsd/linux-4.7.4-casio@01851de9,
 * arch/arm64/mm/dump.c each).
 */
export interface DumpFormat {
  /** pte_bits[] starts with {PTE_VALID, " ", "F"} (A46/A47 dump.c:90-95); A44's starts with PTE_USER */
  readonly validColumn: boolean;
  /**
   * note_page() prints `"%9lu%c %s", delta, *unit, pg_level[st->level].name`
   * (A47 dump.c:222-223; A44/A46 print `"%9lu%c"` only): the names by kernel
   * walk level 1 … 4 (pgd, pud, pmd, pte), PUD named PGD when
   * CONFIG_PGTABLE_LEVELS is 3 (A47 dump.c:158-175). null: no level column.
   */
  readonly levelNames: readonly [string, string, string, string] | null;
}

/**
 * A leaf's attributes as dump_prot() prints them: each pte_bits[] entry as
 * " %s" of its set or clear string (valid " ", USR, ro/RW, NX/"x ", SHD, AF,
 * NG, CON, "   "/BLK (a page has the table bit), UXN, the memory type; A46
 * dump.c:77-150). Every modeled protection is kernel (no USR), inner
 * shareable and AF (prot.ts).
 */
function dumpBits(prot: ProtName, kind: 'block' | 'page', f: DumpFormat): string {
  const a = PROTS[prot];
  const bits = [
    ...(f.validColumn ? [' '] : []), '   ', a.ro ? 'ro' : 'RW', a.pxn ? 'NX' : 'x ', 'SHD', 'AF', a.ng ? 'NG' : '  ', a.cont ? 'CON' : '   ',
    kind === 'page' ? '   ' : 'BLK', ...(a.uxn ? ['UXN'] : []), a.mt === 'Normal' ? 'MEM/NORMAL' : 'DEVICE/nGnRE',
  ];
  return bits.map((b) => ` ${b}`).join('');
}

/** note_page(): delta = bytes >> 10, then >> 10 with the next unit while the low 10 bits are 0 (K, M, G, T, P, E), "%9lu%c" */
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
 * A run of table entries the walk visits one after the other, all at one
 * level with one printed attribute string ('' for an invalid entry, whose
 * prot note_page() never prints).
 */
interface Visit {
  readonly va: number;
  readonly end: number;
  /** the entry size (bytes) */
  readonly size: number;
  /** dump.c's walk level: 1 pgd … 4 pte (the model's level + 1) */
  readonly level: number;
  readonly prot: string;
}

function pushVisit(out: Visit[], v: Visit): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.end === v.va && last.level === v.level && last.prot === v.prot && last.size === v.size) {
    out[out.length - 1] = { ...last, end: v.end };
  } else {
    out.push(v);
  }
}

/**
 * The entries walk_pgd/pud/pmd/pte visit in entries [lo, hi) of a table,
 * entry lo at va0: an invalid entry or a leaf is noted at its level, a table
 * entry is walked into, shared tables (kasan_zero_*) included, as dump.c
 * walks them (it does not know they are shared). A uniform run of entries
 * that all point at one table page repeats that page's visits; when these
 * are one run, the repetition is one run too (no per-entry work).
 */
function visits(final: FinalState, t: FinalTable, lo: number, hi: number, va0: number, bits: (prot: ProtName, kind: 'block' | 'page') => string, out: Visit[]): void {
  const size = entrySize(t.level);
  const level = t.level + 1;
  for (const r of t.runs) {
    const from = Math.max(r.from, lo);
    const to = Math.min(r.to, hi);
    if (from >= to) continue;
    const va = va0 + (from - lo) * size;
    const end = va0 + (to - lo) * size;
    if (r.kind === 'invalid') {
      pushVisit(out, { va, end, size, level, prot: '' });
      continue;
    }
    if (r.kind !== 'table') {
      pushVisit(out, { va, end, size, level, prot: bits(r.prot ?? 'PAGE_KERNEL', r.kind) });
      continue;
    }
    const child = final.tables[r.next];
    if (child === undefined) {
      pushVisit(out, { va, end, size, level, prot: '' });
      continue;
    }
    const pageOf = (j: number): number => (r.uniform ? r.oa : r.oa + (j - r.from));
    if (r.uniform) {
      const page = pageOf(from);
      const one: Visit[] = [];
      visits(final, child, page * PTRS_PER_TABLE, (page + 1) * PTRS_PER_TABLE, 0, bits, one);
      const only = one[0];
      if (one.length === 1 && only !== undefined) {
        pushVisit(out, { ...only, va, end });
        continue;
      }
    }
    for (let j = from; j < to; j++) {
      const page = pageOf(j);
      visits(final, child, page * PTRS_PER_TABLE, (page + 1) * PTRS_PER_TABLE, va0 + (j - lo) * size, bits, out);
    }
  }
}

const TOP = 2 ** 64;

/**
 * /sys/kernel/debug/kernel_page_tables as dump.c prints it: ptdump_show()
 * walks every entry of init_mm's pgd from VA_START (A44: LOWEST_ADDR, the
 * same address) and calls note_page() for each invalid entry, block, page
 * and table walked into (shared tables like any other). note_page() prints
 * address_markers[0]'s header at the first entry; a range line when the
 * attributes (prot masked with every pte_bits[] mask; 0 for an invalid
 * entry, whose range is never printed) or the level change, or at the first
 * entry at or past the next marker, whose header follows; and at most two
 * headers per entry, so markers closer than an entry lag to later entries.
 * The last note_page(&st, 0, 0, 0) closes the last range at address 0.
 * Markers are in the kernel's array order (not sorted), as note_page() only
 * looks at marker[1].
 */
export function dumpLines(final: FinalState, root: number, rootVa: number, markers: readonly DumpMarker[], f: DumpFormat): string[] {
  const table = final.tables[root];
  const walked: Visit[] = [];
  if (table !== undefined) visits(final, table, 0, PTRS_PER_TABLE * table.pages, rootVa, (prot, kind) => dumpBits(prot, kind, f), walked);
  const rows: string[] = [];
  const h = (n: number): string => `0x${hexDigits(n >= TOP ? n - TOP : n).padStart(16, '0')}`;
  let marker = 0;
  let cur: { level: number; prot: string; start: number } | null = null;
  const nextMarker = (): number => markers[marker + 1]?.va ?? Infinity;
  const header = (): void => {
    rows.push(`---[ ${markers[marker]?.name ?? ''} ]---`);
  };
  const note = (addr: number, level: number, prot: string): void => {
    if (cur === null) {
      cur = { level, prot, start: addr };
      header();
    } else if (prot !== cur.prot || level !== cur.level || addr >= nextMarker()) {
      if (cur.prot !== '') {
        const name = f.levelNames === null ? '' : ` ${f.levelNames[cur.level - 1] ?? ''}`;
        rows.push(`${h(cur.start)}-${h(addr === 0 ? TOP : addr)}   ${dumpSize((addr === 0 ? TOP : addr) - cur.start)}${name}${cur.prot}`);
      }
      if (addr >= nextMarker()) {
        marker++;
        header();
      }
      cur = { level, prot, start: addr };
    }
    if (addr >= nextMarker()) {
      marker++;
      header();
    }
  };
  for (const v of walked) {
    note(v.va, v.level, v.prot);
    // the later entries of the run change nothing until one reaches the next marker
    let at = v.va;
    for (;;) {
      const m = nextMarker();
      if (m >= v.end) break;
      const next = Math.max(at + v.size, v.va + Math.ceil((m - v.va) / v.size) * v.size);
      if (next >= v.end) break;
      note(next, v.level, v.prot);
      at = next;
    }
  }
  note(0, 0, '');
  return rows;
}

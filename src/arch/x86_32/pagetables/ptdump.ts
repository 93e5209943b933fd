/**
 * /sys/kernel/debug/kernel_page_tables as 2.6.26 – 2.6.28 print it
 * (arch/x86/mm/dump_pagetables.c, CONFIG_X86_PTDUMP), from the model, with
 * which call made each range and which PTE pages back it after each line.
 *
 * The walk (walk_pgd_level) visits every entry from address 0 and note_page()
 * prints a line whenever the attributes (all flag bits: the mask removes only
 * the pfn) or the level change, or the address reaches the next marker; it
 * moves one marker per line. The model hands it runs instead of single
 * entries; inside a run only a marker can end a line, at the first entry at or
 * past it, so the output is the kernel's line for line.
 *
 * Levels: with PAE the pgd entries are walked at the pmd level (pud folded,
 * pud_large() 0), so none and large PMDs print as "pmd" and PTEs as "pte".
 * Without PAE the pmd is folded into the pgd: none and large entries print at
 * level 1, "pgd" (dump_pagetables.c's walk_pmd_level/pud_none/pud_large
 * macros for PTRS_PER_PMD == 1), PTEs as "pte".
 * User space is what zap_low_mappings() (mem_init) leaves: PAE pgd entries
 * pointing at empty_zero_page (present, every PMD none), non-PAE entries
 * cleared; in tables taken where the kernel halts, a note that it is not modeled.
 */
import { hex } from '../../../units.js';
import type { StepRef } from '../../../replay/trace.js';
import { VA_TOP } from '../geometry.js';
import type { Layout } from '../layout.js';
import type { PagetableState, PtContext } from './model.js';
import { pieces } from './runs.js';
import { _PAGE_GLOBAL, _PAGE_NX, _PAGE_PCD, _PAGE_PSE, _PAGE_PWT, _PAGE_RW, _PAGE_USER } from './prot.js';

const LEVEL_NAMES = ['cr3', 'pgd', 'pud', 'pmd', 'pte'] as const;

/** dump_pagetables.c printk_prot(): the attribute columns and the level name. */
export function printkProt(prot: number, level: number): string {
  let s: string;
  if (prot === 0) {
    s = ' '.repeat(26);
  } else {
    s = (prot & _PAGE_USER ? 'USR ' : '    ') + (prot & _PAGE_RW ? 'RW ' : 'ro ') + (prot & _PAGE_PWT ? 'PWT ' : '    ')
      + (prot & _PAGE_PCD ? 'PCD ' : '    ');
    // bit 7 is PSE in a pmd/pgd entry and PAT in a PTE
    s += level <= 3 ? (prot & _PAGE_PSE ? 'PSE ' : '    ') : (prot & _PAGE_PSE ? 'pat ' : '    ');
    s += (prot & _PAGE_GLOBAL ? 'GLB ' : '    ') + (prot & _PAGE_NX ? 'NX ' : 'x  ');
  }
  return `${s}${LEVEL_NAMES[level] ?? '?'}`;
}

/** `0x%p-0x%p   %9lu%c ` with the size in the largest unit that divides it (KMGTPE). */
function rangeText(start: number, end: number): string {
  let delta = Math.floor((end - start) / 1024);
  const units = 'KMGTPE';
  let u = 0;
  while (delta % 1024 === 0 && u < units.length - 1) {
    delta /= 1024;
    u++;
  }
  const p = (a: number): string => (a % VA_TOP).toString(16).padStart(8, '0');
  return `0x${p(start)}-0x${p(end)}   ${String(delta).padStart(9)}${units[u] ?? '?'} `;
}

/** A run of equal entries as the walk meets them. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly prot: number;
  readonly level: number;
  /** size of one entry at this level */
  readonly step: number;
  readonly writer: string | null;
  readonly table: { readonly origin: string; readonly first: number; readonly last: number } | null;
  readonly note: string | null;
}

export interface PtdumpInput {
  readonly cx: PtContext;
  readonly s: PagetableState;
  readonly layout: Layout;
  readonly label: (step: StepRef) => string;
  /**
   * the tables are taken where a finding halts the kernel, inside setup_arch(): mem_init()'s
   * zap_low_mappings() has not run, so the user half still holds head_32.S's identity mapping of
   * low memory, which the model does not keep (the note says so instead of what zap_low_mappings() leaves).
   * caglar10ur/linux-2.6.27.y@3fa8749e584b (v2.6.27) arch/x86/kernel/head_32.S:170-185 (mappings
   * "both at virtual address 0 (identity mapping) and PAGE_OFFSET"), arch/x86/mm/init_32.c:901,987
   * (mem_init() → zap_low_mappings())
   */
  readonly halted?: boolean;
}

/** A hole at the top of the layout (the `reserved`, `hypervisor` and `firmware` regions), from the PMD that holds its start. */
interface Hole {
  readonly pmd: number;
  readonly note: string;
}

/**
 * The holes of the final layout, lowest first: what reservetop= keeps free, and where a hypervisor or
 * firmware lives (without a hypervisor: OLPC's OpenFirmware, or a define:d reserve_top_address()).
 */
function holesOf(inp: PtdumpInput): Hole[] {
  const { cx } = inp;
  return inp.layout.regions.flatMap((r): Hole[] => {
    if (r.name !== 'reserved' && r.name !== 'hypervisor' && r.name !== 'firmware') return [];
    const note = r.name === 'reserved' ? `reserved from ${hex(r.start)} (reservetop=): not the kernel's, not modeled`
      : r.name === 'firmware' ? `OpenFirmware's hole from ${hex(r.start)}: its own entries are not modeled`
      : cx.hypervisor === 'none' ? `reserved from ${hex(r.start)} (reserve_top_address): not the kernel's, not modeled`
        : `${cx.hypervisor === 'xen' ? 'Xen' : 'hypervisor'} hole from ${hex(r.start)}: the hypervisor's own entries are not modeled`;
    return [{ pmd: Math.floor(r.start / cx.geometry.pmdSize) * cx.geometry.pmdSize, note }];
  }).sort((a, b) => a.pmd - b.pmd);
}

/** The note of the highest hole whose first PMD is at or below addr, or null below every hole. */
function holeNoteAt(holes: readonly Hole[], addr: number): string | null {
  let note: string | null = null;
  for (const h of holes) if (h.pmd <= addr) note = h.note;
  return note;
}

function segments(inp: PtdumpInput): Segment[] {
  const { cx, s } = inp;
  const { geometry, pageOffset } = cx;
  const big = geometry.pae ? 3 : 1;
  const holes = holesOf(inp);
  const emptyRun = (start: number, end: number, note: string | null): Segment =>
    ({ start, end, prot: 0, level: big, step: geometry.pmdSize, writer: null, table: null, note });
  const out: Segment[] = [{
    start: 0, end: pageOffset, prot: 0, level: big, step: geometry.pmdSize, writer: null, table: null,
    note: inp.halted === true ? 'not modeled: head_32.S\'s identity mapping of low memory, still there (zap_low_mappings() runs after setup_arch)'
      : geometry.pae ? 'zap_low_mappings: user pgd entries point at empty_zero_page' : 'zap_low_mappings: user pgd entries cleared',
  }];
  const per = geometry.ptrsPerPte;
  for (const p of pieces(s.pmds, pageOffset / geometry.pmdSize, VA_TOP / geometry.pmdSize)) {
    const start = p.from * geometry.pmdSize;
    const end = p.to * geometry.pmdSize;
    if (p.v === undefined) {
      // an empty run that reaches into a hole at the top: each PMD from the one holding a hole's start on gets its note
      let from = start;
      for (const hole of holes) {
        if (hole.pmd <= from || hole.pmd >= end) continue;
        out.push(emptyRun(from, hole.pmd, holeNoteAt(holes, from)));
        from = hole.pmd;
      }
      out.push(emptyRun(from, end, holeNoteAt(holes, from)));
      continue;
    }
    if (p.v.kind === 'large') {
      out.push({ start, end, prot: p.v.attrs, level: big, step: geometry.pmdSize, writer: inp.label(p.v.by), table: null, note: null });
      continue;
    }
    if (p.v.origin === 'olpc_ofw') {
      // setup_olpc_ofw_pgd()'s copy of OpenFirmware's PDE: present, but its PTE page is OFW's
      out.push({ start, end, prot: 0, level: big, step: geometry.pmdSize, writer: inp.label(p.v.by), table: null, note: "OpenFirmware's page table (OLPC_OFW_PDE_NR): its entries are OFW's, not modeled" });
      continue;
    }
    const origin = p.v.origin === 'xen' ? 'Xen bootstrap L1' : p.v.origin ?? 'PTE page';
    const table = p.at === null ? null : { origin, first: p.at, last: p.at + (p.to - p.from) - 1 };
    // each PMD's PTE page separately, so that a line names only the pages under it (rendering
    // only: the dump costs one step per PMD of the kernel half, at most 512 with PAE)
    for (let pmd = p.from; pmd < p.to; pmd++) {
      const t = table === null ? null : { origin: table.origin, first: table.first + (pmd - p.from), last: table.first + (pmd - p.from) };
      for (const l of pieces(s.leaves, pmd * per, (pmd + 1) * per)) {
        out.push({
          start: l.from * 4096, end: l.to * 4096, prot: l.v?.attrs ?? 0, level: 4, step: 4096,
          writer: l.v === undefined ? null : inp.label(l.v.by), table: t, note: null,
        });
      }
    }
  }
  return out;
}

interface Marker {
  readonly start: number;
  readonly name: string;
}

/** address_markers[] of x86_32, filled in as pt_dump_init() does (sic "Persisent"). */
function markers(cx: PtContext, layout: Layout): Marker[] {
  const m: Marker[] = [
    { start: 0, name: 'User Space' },
    { start: cx.pageOffset, name: 'Kernel Mapping' },
    { start: layout.VMALLOC_START, name: 'vmalloc() Area' },
    { start: layout.VMALLOC_END, name: 'vmalloc() End' },
  ];
  if (layout.PKMAP_BASE !== null) m.push({ start: layout.PKMAP_BASE, name: 'Persisent kmap() Area' });
  m.push({ start: layout.FIXADDR_START, name: 'Fixmap Area' }, { start: VA_TOP - 1, name: '' });
  return m;
}

/** One output line: the kernel's text, and what the model knows about it. */
export interface PtdumpLine {
  readonly text: string;
  /** empty for marker lines */
  readonly writers: readonly string[];
  readonly tables: readonly string[];
  readonly notes: readonly string[];
}

/** The dump, line by line (note_page() over the model's runs). */
export function ptdumpLines(inp: PtdumpInput): PtdumpLine[] {
  const ms = markers(inp.cx, inp.layout);
  const out: PtdumpLine[] = [];
  let mi = 0;
  let level = 0;
  let cur = 0;
  let start = 0;
  let acc: Segment[] = [];
  const flush = (addr: number, final: boolean): void => {
    out.push({ text: `${rangeText(start, addr)}${printkProt(cur, level)}`, ...describe(acc) });
    const next = ms[mi + 1];
    if (!final && next !== undefined && addr >= next.start) {
      mi++;
      out.push({ text: `---[ ${ms[mi]?.name ?? ''} ]---`, writers: [], tables: [], notes: [] });
    }
    start = addr;
    acc = [];
  };
  const note = (addr: number, prot: number, lvl: number, seg: Segment): void => {
    if (level === 0) {
      cur = prot;
      level = lvl;
      out.push({ text: `---[ ${ms[0]?.name ?? ''} ]---`, writers: [], tables: [], notes: [] });
    } else if (prot !== cur || lvl !== level || addr >= (ms[mi + 1]?.start ?? VA_TOP)) {
      flush(addr, false);
      cur = prot;
      level = lvl;
    }
    acc.push(seg);
  };
  for (const seg of segments(inp)) {
    let addr = seg.start;
    note(addr, seg.prot, seg.level, seg);
    // a marker inside the run ends the line at the first entry at or past it
    for (;;) {
      const m = ms[mi + 1];
      if (m === undefined || m.start >= seg.end) break;
      let a = seg.start + Math.ceil((m.start - seg.start) / seg.step) * seg.step;
      if (a <= addr) a = addr + seg.step;
      if (a >= seg.end) break;
      note(a, seg.prot, seg.level, seg);
      addr = a;
    }
  }
  // walk_pgd_level's last note_page(…, 0): the address wraps to 0
  flush(VA_TOP, true);
  return out;
}

function pfnRange(first: number, last: number): string {
  const h = (n: number): string => `0x${n.toString(16)}`;
  return first === last ? h(first) : `${h(first)}-${h(last)}`;
}

/** Which steps wrote the entries of a line, which PTE pages hold them, and notes. */
function describe(segs: readonly Segment[]): { writers: string[]; tables: string[]; notes: string[] } {
  const writers: string[] = [];
  const notes: string[] = [];
  const tables = new Map<string, { first: number; last: number }[]>();
  for (const g of segs) {
    if (g.writer !== null && !writers.includes(g.writer)) writers.push(g.writer);
    if (g.note !== null && !notes.includes(g.note)) notes.push(g.note);
    if (g.table !== null) {
      const list = tables.get(g.table.origin) ?? [];
      const last = list[list.length - 1];
      if (last !== undefined && g.table.first <= last.last + 1 && g.table.first >= last.first) last.last = Math.max(last.last, g.table.last);
      else list.push({ first: g.table.first, last: g.table.last });
      tables.set(g.table.origin, list);
    }
  }
  const t: string[] = [];
  for (const [origin, list] of tables) t.push(`${origin} pfn ${list.map((r) => pfnRange(r.first, r.last)).join(',')}`);
  return { writers, tables: t, notes };
}

/** A line with its annotation after the kernel's text (`# by …; PTE pages …`). */
export function annotated(l: PtdumpLine): string {
  const parts: string[] = [];
  if (l.writers.length > 0) parts.push(`by ${l.writers.join(', ')}`);
  if (l.tables.length > 0) parts.push(`PTE pages ${l.tables.join(', ')}`);
  for (const n of l.notes) parts.push(n);
  return parts.length > 0 ? `${l.text}  # ${parts.join('; ')}` : l.text;
}

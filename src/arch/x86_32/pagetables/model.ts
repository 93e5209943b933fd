/**
 * The page-table model (DESIGN §3a): the kernel half of the page tables as
 * interval lists, never one entry per page.
 * - pmds: per PMD (index = vaddr / PMD_SIZE) none (a gap), a large page, or a
 *   PTE page with its origin and physical frame (frames of a run are
 *   consecutive: `at` is the frame of the run's first PMD);
 * - leaves: the present 4K entries under PTE pages, as runs of equal
 *   attributes over virtual page numbers (`at` is the pfn of the first);
 * - tables: the physical frames that are part of the page tables now (pgd,
 *   pmd and PTE pages), which the direct map itself maps RW or RO;
 * - used: physical pages reserved or handed out, for the allocators.
 * All operations here are policy-free primitives; build.ts encodes what the
 * kernel functions do with them.
 */
import type { StepRef } from '../../../replay/trace.js';
import { PAGE_SIZE, type Geometry } from '../geometry.js';
import type { FixmapEnum } from '../fixmap.js';
import type { KernelImage } from './image.js';
import type { TableOrigin, WriteMode } from './events.js';
import type { ReplayablePolicy } from './policy.js';
import { _PAGE_RW, present, type PteMask } from './prot.js';
import { find, pieces, replace, update, type Piece, type Run } from './runs.js';
import type { XenBoot } from './xen-boot.js';

export interface PmdVal {
  readonly kind: 'large' | 'table';
  /** large: the entry's attributes (with _PAGE_PSE); table: 0 */
  readonly attrs: number;
  /** table: where the PTE page came from */
  readonly origin: TableOrigin | null;
  readonly by: StepRef;
}

export interface LeafVal {
  readonly attrs: number;
  readonly by: StepRef;
}

export interface FrameVal {
  /** swapper_pg_dir, "Xen bootstrap L1", the PTE page's origin, … */
  readonly name: string;
  readonly level: 'pgd' | 'pmd' | 'pte';
  readonly by: StepRef;
}

export interface UseVal {
  readonly name: string;
}

/** Where init_memory_mapping's page tables come from (find_early_table_space, 2.6.27+): pfns [start, top), next free = end. */
export interface LowPages {
  readonly start: number;
  readonly end: number;
  readonly top: number;
  /** of which find_early_table_space set aside for the fixmap (2 until 2.6.29-rc3) */
  readonly fixmap: number;
}

/** The mutable part of one replay (every field is an immutable value: a snapshot is a shallow copy). */
export interface PagetableState {
  pmds: readonly Run<PmdVal>[];
  leaves: readonly Run<LeafVal>[];
  tables: readonly Run<FrameVal>[];
  used: readonly Run<UseVal>[];
  lowPages: LowPages | null;
  /** max_pfn_mapped: what the boot tables map (head_32's extent; Xen's region plus level1_ident_pgt) */
  maxPfnMapped: number;
  /** Xen: xen_set_pte_init is the set_pte (masks _PAGE_RW over present read-only PTEs) */
  xenSetPteInit: boolean;
  /** the step that switched xen_set_pte_init off, once it has */
  xenSetPteOffBy: StepRef | null;
  /** nx_enabled as the direct map was built (set_nx()), null before */
  nx: boolean | null;
  /** init_pg_tables_end as a pfn: after pg0 (native) or after Xen's bootstrap tables */
  initPgTablesEnd: number;
}

/** The fixed shape of one replay's page tables. */
export interface PtContext {
  readonly geometry: Geometry;
  readonly pageOffset: number;
  readonly fixmap: FixmapEnum;
  readonly image: KernelImage;
  readonly hypervisor: 'none' | 'vmi' | 'xen';
  readonly xen: XenBoot | null;
  /** cpu_has_pse as the kernel sees it (Xen pv: hidden; vmi=disable_pse, mem=nopentium: cleared) */
  readonly pse: boolean;
  /** cpu_has_pge as the kernel sees it (Xen pv: hidden) */
  readonly pge: boolean;
  /** the CPU has NX (CPUID 0x80000001:EDX bit 20); used only with PAE */
  readonly cpuNx: boolean;
  readonly policy: ReplayablePolicy;
  /** machine.memory in pages (start_info.nr_pages under Xen) */
  readonly memoryPages: number;
  readonly compatVdso: boolean;
  /** kernel history (changes.ts), resolved once */
  readonly has: {
    readonly lowPageTables: boolean;
    readonly firstPmd4k: boolean;
    readonly xenSetPteFromOutset: boolean;
    readonly xen32InitialMappings: boolean;
    readonly pteIdentAttr: boolean;
    readonly kmapContiguous: boolean;
  };
}

export interface Pagetables {
  readonly cx: PtContext;
  readonly s: PagetableState;
}

const samePmd = (a: PmdVal, b: PmdVal): boolean => a.kind === b.kind && a.attrs === b.attrs && a.origin === b.origin && a.by === b.by;
const sameLeaf = (a: LeafVal, b: LeafVal): boolean => a.attrs === b.attrs && a.by === b.by;
const sameFrame = (a: FrameVal, b: FrameVal): boolean => a.name === b.name && a.level === b.level && a.by === b.by;
const sameUse = (a: UseVal, b: UseVal): boolean => a.name === b.name;

/** Whether two steps are the same step of the order (ArchPlugin.sameState). */
type SameStep = (x: StepRef, y: StepRef) => boolean;

function sameRuns<V>(a: readonly Run<V>[], b: readonly Run<V>[], same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Run<V>;
    const y = b[i] as Run<V>;
    if (x === y) continue;
    if (x.from !== y.from || x.to !== y.to || x.at !== y.at || (x.v !== y.v && !same(x.v, y.v))) return false;
  }
  return true;
}

/** Every field of the page-table state, compared (the type makes a new field add its comparison here). */
const SAME_FIELD: { readonly [K in keyof PagetableState]-?: (a: PagetableState[K], b: PagetableState[K], sameStep: SameStep) => boolean } = {
  pmds: (a, b, st) => sameRuns(a, b, (x, y) => x.kind === y.kind && x.attrs === y.attrs && x.origin === y.origin && st(x.by, y.by)),
  leaves: (a, b, st) => sameRuns(a, b, (x, y) => x.attrs === y.attrs && st(x.by, y.by)),
  tables: (a, b, st) => sameRuns(a, b, (x, y) => x.name === y.name && x.level === y.level && st(x.by, y.by)),
  used: (a, b) => sameRuns(a, b, sameUse),
  lowPages: (a, b) => a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end && a.top === b.top && a.fixmap === b.fixmap),
  maxPfnMapped: (a, b) => a === b,
  xenSetPteInit: (a, b) => a === b,
  xenSetPteOffBy: (a, b, st) => a === b || (a !== null && b !== null && st(a, b)),
  nx: (a, b) => a === b,
  initPgTablesEnd: (a, b) => a === b,
};

/**
 * Whether two page-table states are the same tables, the steps that wrote
 * them compared by sameStep (the many-replay engine's convergence test).
 */
export function samePagetableState(a: PagetableState, b: PagetableState, sameStep: SameStep): boolean {
  for (const k of FIELDS) {
    const same = SAME_FIELD[k] as (x: unknown, y: unknown, st: SameStep) => boolean;
    if (!same(a[k], b[k], sameStep)) return false;
  }
  return true;
}

const FIELDS = Object.keys(SAME_FIELD) as (keyof PagetableState)[];

export function emptyState(): PagetableState {
  return { pmds: [], leaves: [], tables: [], used: [], lowPages: null, maxPfnMapped: 0, xenSetPteInit: false, xenSetPteOffBy: null, nx: null, initPgTablesEnd: 0 };
}

export function cloneState(s: PagetableState): PagetableState {
  return { ...s };
}

/** PMD number of a virtual address */
export function pmdOf(cx: PtContext, vaddr: number): number {
  return Math.floor(vaddr / cx.geometry.pmdSize);
}

/** virtual page number of the direct-map address of a pfn */
export function directVpn(cx: PtContext, pfn: number): number {
  return cx.pageOffset / PAGE_SIZE + pfn;
}

/** PTE mask in force: NX with PAE, an NX CPU and NX not disabled (noexec=off); GLB with PGE; PWT/PCD except in a Xen domU. */
export function pteMask(cx: PtContext, nxAllowed: boolean): PteMask {
  return { nx: cx.geometry.pae && cx.cpuNx && nxAllowed, global: cx.pge, cache: cx.hypervisor !== 'xen' };
}

// ---------------------------------------------------------------------------
// physical pages

/** Marks pfns [from, to) reserved or allocated. */
export function reserve(s: PagetableState, from: number, to: number, name: string): void {
  if (to > from) s.used = update(s.used, from, to, (p) => ({ from: p.from, to: p.to, v: p.v ?? { name }, at: null }), sameUse);
}

/** Sets the reservations of a fresh state at once (sorted, overlaps merged): cheaper than one reserve() each. */
export function reserveAll(s: PagetableState, ranges: readonly { readonly from: number; readonly to: number; readonly name: string }[]): void {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: Run<UseVal>[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to) {
      if (r.to > last.to) out[out.length - 1] = { ...last, to: r.to };
    } else out.push({ from: r.from, to: r.to, v: { name: r.name }, at: null });
  }
  s.used = out;
}

/**
 * alloc_low_page() `count` times: pfn = table_end++ within [table_start,
 * table_top); null without a table space. `missing` counts the pages at or
 * past table_top, where the kernel panics ("alloc_low_page: ran out of
 * memory"); the model hands them out anyway and goes on.
 */
export function allocLowPages(s: PagetableState, count: number): { frame: number; missing: number } | null {
  const lp = s.lowPages;
  if (lp === null) return null;
  const frame = lp.end;
  // the pages are reserved once the table space is done (reserve_early "PGTABLE" at the end of init_memory_mapping)
  s.lowPages = { ...lp, end: lp.end + count };
  return { frame, missing: Math.min(count, Math.max(0, lp.end + count - lp.top)) };
}

// ---------------------------------------------------------------------------
// page-table frames

export function addTableFrames(s: PagetableState, from: number, count: number, v: FrameVal): void {
  s.tables = replace(s.tables, from, from + count, [{ from, to: from + count, v, at: null }], sameFrame);
}

export function removeTableFrames(s: PagetableState, from: number, count: number): void {
  s.tables = replace(s.tables, from, from + count, [], sameFrame);
}

// ---------------------------------------------------------------------------
// PMD entries

/** The PMD runs (and gaps) of [fromPmd, toPmd). */
export function pmdPieces(s: PagetableState, fromPmd: number, toPmd: number): Piece<PmdVal>[] {
  return pieces(s.pmds, fromPmd, toPmd);
}

export function pmdAt(s: PagetableState, pmd: number): Run<PmdVal> | undefined {
  return find(s.pmds, pmd);
}

/** Drops PTE pages that stop being referenced from [fromPmd, toPmd) out of the frame registry, and their leaves. */
function unhook(cx: PtContext, s: PagetableState, fromPmd: number, toPmd: number): void {
  for (const p of pieces(s.pmds, fromPmd, toPmd)) {
    if (p.v?.kind === 'table' && p.at !== null) removeTableFrames(s, p.at, p.to - p.from);
  }
  const per = cx.geometry.ptrsPerPte;
  s.leaves = replace(s.leaves, fromPmd * per, toPmd * per, [], sameLeaf);
}

/** How a PTE page's origin reads in findings and traces. */
export const ORIGIN_NAMES: Readonly<Record<TableOrigin, string>> = {
  pg0: 'pg0',
  swapper_pg_fixmap: 'swapper_pg_fixmap',
  bm_pte: 'bm_pte',
  xen: 'Xen bootstrap L1',
  level1_ident_pgt: 'level1_ident_pgt',
  alloc_low_page: 'alloc_low_page PTE page',
  bootmem: 'bootmem PTE page',
  olpc_ofw: "OpenFirmware's page table",
};

/**
 * set_pgd(&swapper_pg_dir[pmd], entry) with an entry the kernel did not build
 * (OpenFirmware's, setup_olpc_ofw_pgd()): the PTE page is not in memory the
 * model knows (`at` null, no frame registered), and whatever the kernel's own
 * table held there is unhooked with its entries. Returns what it replaced.
 */
export function hookForeignTable(cx: PtContext, s: PagetableState, pmd: number, origin: TableOrigin, by: StepRef): { origin: TableOrigin | null; entries: number } | null {
  const old = find(s.pmds, pmd);
  const per = cx.geometry.ptrsPerPte;
  let entries = 0;
  for (const l of pieces(s.leaves, pmd * per, (pmd + 1) * per)) if (l.v !== undefined) entries += l.to - l.from;
  unhook(cx, s, pmd, pmd + 1);
  s.pmds = replace(s.pmds, pmd, pmd + 1, [{ from: pmd, to: pmd + 1, v: { kind: 'table', attrs: 0, origin, by }, at: null }], samePmd);
  return old === undefined ? null : { origin: old.v.origin, entries };
}

/** set_pmd(pmd, __pmd(__pa(pte_page) | _PAGE_TABLE)) for a run of PMDs with consecutive PTE pages frame0, frame0 + 1, …; the pages start empty. */
export function hookTables(cx: PtContext, s: PagetableState, fromPmd: number, toPmd: number, frame0: number, origin: TableOrigin, by: StepRef, fresh = false): void {
  // fresh: the caller knows the PMDs are none (one_page_table_init's case), so nothing to unhook
  if (!fresh) unhook(cx, s, fromPmd, toPmd);
  s.pmds = replace(s.pmds, fromPmd, toPmd, [{ from: fromPmd, to: toPmd, v: { kind: 'table', attrs: 0, origin, by }, at: frame0 }], samePmd);
  addTableFrames(s, frame0, toPmd - fromPmd, { name: ORIGIN_NAMES[origin], level: 'pte', by });
}

/** Points one PMD at another PTE page holding a copy of the same entries (page_table_kmap_check, 2.6.29-rc3+). */
export function rehookTable(s: PagetableState, pmd: number, frame: number, origin: TableOrigin, by: StepRef): void {
  const old = find(s.pmds, pmd);
  if (old?.v.kind === 'table' && old.at !== null) removeTableFrames(s, old.at + (pmd - old.from), 1);
  s.pmds = replace(s.pmds, pmd, pmd + 1, [{ from: pmd, to: pmd + 1, v: { kind: 'table', attrs: 0, origin, by }, at: frame }], samePmd);
  addTableFrames(s, frame, 1, { name: ORIGIN_NAMES[origin], level: 'pte', by });
}

/** set_pmd(pmd, pfn_pmd(pfn, prot)) for a run of large pages; physPmd0 = pfn of the first / PTRS_PER_PTE. */
export function setLarge(cx: PtContext, s: PagetableState, fromPmd: number, toPmd: number, physPmd0: number, attrs: number, by: StepRef): void {
  unhook(cx, s, fromPmd, toPmd);
  s.pmds = replace(s.pmds, fromPmd, toPmd, [{ from: fromPmd, to: toPmd, v: { kind: 'large', attrs, origin: null, by }, at: physPmd0 }], samePmd);
}

/** pmd_clear() */
export function clearPmds(cx: PtContext, s: PagetableState, fromPmd: number, toPmd: number): void {
  unhook(cx, s, fromPmd, toPmd);
  s.pmds = replace(s.pmds, fromPmd, toPmd, [], samePmd);
}

// ---------------------------------------------------------------------------
// leaf entries

export type { WriteMode };

export interface LeafKept {
  readonly from: number;
  readonly to: number;
  readonly have: LeafVal;
  readonly want: number;
}

/** A present RW leaf written over a page-table frame: vpns [from, to) map pfns [pfn, pfn + to - from). */
export interface LeafOverTable {
  readonly from: number;
  readonly to: number;
  readonly pfn: number;
  readonly table: FrameVal;
  /** the direct map had a present entry there before the write (xen_set_pte_init masks RW only over one) */
  readonly wasPresent: boolean;
}

/**
 * set_pte() over the virtual pages [fromVpn, toVpn), mapping pfn0, pfn0 + 1, …
 * with `attrs`. Returns the entries a keep-present write left alone and, for
 * writes that end RW, the page-table frames they map.
 */
export function writeLeaves(s: PagetableState, fromVpn: number, toVpn: number, pfn0: number, attrs: number, mode: WriteMode, by: StepRef, checkTables = true): { kept: readonly LeafKept[]; overTables: readonly LeafOverTable[] } {
  if (toVpn - fromVpn === 1 && find(s.leaves, fromVpn) === undefined) {
    // one new entry (a fixmap slot): nothing to keep or mask
    s.leaves = replace(s.leaves, fromVpn, toVpn, [{ from: fromVpn, to: toVpn, v: { attrs, by }, at: pfn0 }], sameLeaf);
    return { kept: NONE, overTables: checkTables ? tablesUnder(s, fromVpn, toVpn, pfn0, attrs, false) : NONE };
  }
  let kept: LeafKept[] | null = null;
  let overTables: LeafOverTable[] | null = null;
  const runs: Run<LeafVal>[] = [];
  const fresh: LeafVal = { attrs, by };
  for (const p of pieces(s.leaves, fromVpn, toVpn)) {
    const pfn = pfn0 + (p.from - fromVpn);
    let v: LeafVal;
    if (p.v === undefined || mode === 'overwrite') v = fresh;
    else if (mode === 'keep-present') {
      if (p.v.attrs !== attrs) (kept ??= []).push({ from: p.from, to: p.to, have: p.v, want: attrs });
      runs.push({ from: p.from, to: p.to, v: p.v, at: p.at });
      continue;
    } else v = p.v.attrs & _PAGE_RW ? fresh : { attrs: attrs & ~_PAGE_RW, by };
    runs.push({ from: p.from, to: p.to, v, at: pfn });
    if (checkTables && s.tables.length > 0) {
      const over = tablesUnder(s, p.from, p.to, pfn, v.attrs, p.v !== undefined && present(p.v.attrs));
      if (over.length > 0) for (const t of over) (overTables ??= []).push(t);
    }
  }
  s.leaves = replace(s.leaves, fromVpn, toVpn, runs, sameLeaf);
  return { kept: kept ?? NONE, overTables: overTables ?? NONE };
}

const NONE: readonly never[] = [];

/** The page-table frames that present RW entries over vpns [from, to) (mapping at, at + 1, …) map. */
function tablesUnder(s: PagetableState, from: number, to: number, at: number, attrs: number, wasPresent: boolean): LeafOverTable[] {
  if (!present(attrs) || (attrs & _PAGE_RW) === 0) return [];
  const out: LeafOverTable[] = [];
  for (const t of pieces(s.tables, at, at + (to - from))) {
    if (t.v !== undefined) out.push({ from: from + (t.from - at), to: from + (t.to - at), pfn: t.from, table: t.v, wasPresent });
  }
  return out;
}

/** Clears the leaves [fromVpn, toVpn) (pte_clear). */
export function clearLeaves(s: PagetableState, fromVpn: number, toVpn: number): void {
  s.leaves = replace(s.leaves, fromVpn, toVpn, [], sameLeaf);
}

/**
 * make_lowmem_page_readonly() / _readwrite() (Xen) and set_page_prot(): the
 * direct-map PTEs of pfns [from, to) lose or regain _PAGE_RW, where present.
 */
export function protectFrames(cx: PtContext, s: PagetableState, from: number, to: number, rw: boolean, by: StepRef): void {
  const v0 = directVpn(cx, from);
  s.leaves = update(s.leaves, v0, v0 + (to - from), (p) => {
    if (p.v === undefined) return undefined;
    const attrs = rw ? p.v.attrs | _PAGE_RW : p.v.attrs & ~_PAGE_RW;
    return { from: p.from, to: p.to, v: attrs === p.v.attrs ? p.v : { attrs, by }, at: p.at };
  }, sameLeaf);
}

/** The leaf runs (and gaps) of [fromVpn, toVpn). */
export function leafPieces(s: PagetableState, fromVpn: number, toVpn: number): Piece<LeafVal>[] {
  return pieces(s.leaves, fromVpn, toVpn);
}

/** The page-table frames among pfns [from, to). */
export function tablePieces(s: PagetableState, from: number, to: number): Piece<FrameVal>[] {
  return pieces(s.tables, from, to);
}


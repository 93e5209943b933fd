/**
 * The kernel functions that build the x86_32 page tables, over the model of
 * model.ts, per kernel version (changes.ts). Sources (release commits as in
 * /work/notes/x86-pagetables.md: L26 bce7f793da, L27 3fa8749e58, L28
 * 4a6908a3a0 on the dandel/linux-2.6.32.y mirror):
 * - head_32.S default_entry (pg0, swapper_pg_fixmap);
 * - arch/x86/xen/enlighten.c xen_start_kernel, xen_setup_kernel_pagetable,
 *   xen_map_identity_early, xen_pagetable_setup_start/done,
 *   xen_post_allocator_init, xen_alloc_pte_init, xen_set_pte_init;
 * - arch/x86/mm/ioremap.c early_ioremap_init, early_ioremap_clear;
 * - arch/x86/mm/init_32.c kernel_physical_mapping_init, init_memory_mapping,
 *   find_early_table_space, one_page_table_init, page_table_range_init,
 *   permanent_kmaps_init, kmap_init, native_pagetable_setup_start.
 *
 * Order inside a walk: PMDs are visited from low to high addresses, a PTE page
 * is allocated when its PMD is reached, then its entries are written. Pages
 * the allocators hand out lie below max_pfn_mapped (table space, or low
 * bootmem), that is in PMDs the walk has already passed, so allocating a run
 * of PTE pages before writing its entries orders the writes as the kernel does.
 */
import type { StepRef } from '../../../replay/trace.js';
import { fixToVirt, type SlotName } from '../fixmap.js';
import { PAGE_SIZE, VA_TOP } from '../geometry.js';
import { pkmapBase } from '../layout.js';
import { hex } from '../../../units.js';
import type { DroppedPtes, KmapPage, PagetableEvent, PtPanicEvent, PtPart, PtStepEvent, TableOrigin } from './events.js';
import { headExtent, isKernelText } from './image.js';
import {
  addTableFrames, allocLowPages, hookForeignTable, clearLeaves, clearPmds, directVpn, emptyState, hookTables, leafPieces,
  pmdAt, pmdOf, pmdPieces, protectFrames, rehookTable, removeTableFrames, reserve, reserveAll, setLarge, writeLeaves, pteMask,
  ORIGIN_NAMES, type FrameVal, type LeafKept, type LeafOverTable, type PagetableState, type PtContext, type WriteMode,
} from './model.js';
import {
  HEAD_PTE_ATTR, HEAD_PTE_IDENT_ATTR, PAGE_KERNEL, PAGE_KERNEL_EXEC, PAGE_KERNEL_LARGE, PAGE_KERNEL_LARGE_EXEC,
  PAGE_KERNEL_NOCACHE, PAGE_READONLY_EXEC, XEN_L1_PROT, masked,
} from './prot.js';
import { find, firstFit } from './runs.js';

export type PtEmit = (e: PagetableEvent) => void;

/** What a step did, as data: describe.ts words it only when a trace is printed. */
function stepEvent(step: StepRef, fn: string, parts: readonly PtPart[]): PtStepEvent {
  return { kind: 'pt-step', step, fn, parts };
}

/** What the page-table functions read from the rest of the model (replay/state.ts). */
export interface ModelView {
  readonly fixaddrTop: number;
  readonly maxLowPfn: number | null;
  /** NX not disabled by noexec=off (and PAE) */
  readonly nx: boolean;
}

/**
 * Physical pages the early allocators never hand out: arch/x86/kernel/e820.c
 * early_res[] (2.6.27: "BIOS data page", on SMP "EX TRAMPOLINE" at 4K and
 * "TRAMPOLINE" at TRAMPOLINE_BASE 0x6000; 2.6.26: reserve_bootmem(0) and
 * smp_alloc_memory's trampoline page, assumed at pfn 1), reserve_ebda_region()
 * (EBDA assumed at 0x9f000; Xen pv has none) and the ISA hole, head32.c's
 * "TEXT DATA BSS", and the boot page tables and what else the caller adds.
 */
function lowReservations(cx: PtContext): { from: number; to: number; name: string }[] {
  const r = [
    { from: 0, to: 1, name: 'BIOS data page' },
    { from: 1, to: 2, name: 'trampoline' },
    { from: cx.hypervisor === 'xen' ? 0xa0 : 0x9f, to: 0x100, name: 'EBDA / ISA' },
    { from: Math.floor((cx.image.text - cx.pageOffset) / PAGE_SIZE), to: cx.image.pg0, name: 'TEXT DATA BSS' },
  ];
  if (cx.has.lowPageTables) r.push({ from: 6, to: 7, name: 'TRAMPOLINE' });
  return r;
}

function frameRange(first: number, count: number): string {
  return count === 1 ? `pfn ${short(first)}` : `pfn ${short(first)}-${short(first + count - 1)}`;
}

function short(n: number): string {
  return `0x${n.toString(16)}`;
}

/** head_32.S default_entry: pg0 maps [0, X) at PAGE_OFFSET; swapper_pg_fixmap is hooked into the last PMD. */
export function head32(cx: PtContext, step: StepRef, emit: PtEmit): PagetableState {
  const s = emptyState();
  const { geometry, image } = cx;
  const x = headExtent(geometry, image.pg0);
  reserveAll(s, [...lowReservations(cx), { from: image.pg0, to: image.pg0 + x.pages, name: 'INIT_PG_TABLE' }]);
  s.initPgTablesEnd = image.pg0 + x.pages;
  s.maxPfnMapped = x.bytes / PAGE_SIZE;
  const first = pmdOf(cx, cx.pageOffset);
  const top = pmdOf(cx, VA_TOP - 1);
  const attrs = cx.has.pteIdentAttr ? HEAD_PTE_IDENT_ATTR : HEAD_PTE_ATTR;
  // the page tables start empty: the lists are written directly (every replay starts here)
  const frames: { from: number; pages: number; v: FrameVal }[] = [
    { from: image.swapperPgDir, pages: 1, v: { name: 'swapper_pg_dir', level: 'pgd', by: step } },
    { from: image.pg0, pages: x.pages, v: { name: ORIGIN_NAMES.pg0, level: 'pte', by: step } },
    { from: image.swapperPgFixmap, pages: 1, v: { name: ORIGIN_NAMES.swapper_pg_fixmap, level: 'pte', by: step } },
  ];
  if (image.swapperPgPmd !== null) frames.push({ from: image.swapperPgPmd, pages: image.kpmds, v: { name: 'swapper_pg_pmd', level: 'pmd', by: step } });
  for (const f of frames) addTableFrames(s, f.from, f.pages, f.v);
  s.pmds = [
    { from: first, to: first + x.pages, v: { kind: 'table', attrs: 0, origin: 'pg0', by: step }, at: image.pg0 },
    { from: top, to: top + 1, v: { kind: 'table', attrs: 0, origin: 'swapper_pg_fixmap', by: step }, at: image.swapperPgFixmap },
  ];
  s.leaves = [{ from: directVpn(cx, 0), to: directVpn(cx, x.bytes / PAGE_SIZE), v: { attrs, by: step }, at: 0 }];
  emit(stepEvent(step, 'head_32', [
    { k: 'pg0', frame: image.pg0, pages: x.pages, bytes: x.bytes, at: cx.pageOffset, attrs },
    { k: 'hook', what: 'swapper_pg_fixmap', frame: image.swapperPgFixmap, pmd: top * geometry.pmdSize, replaced: null },
  ]));
  return s;
}

/**
 * xen_start_kernel(): the domain builder's bootstrap tables, then (2.6.27+)
 * xen_setup_kernel_pagetable(); xen_set_pte_init is the set_pte from here on
 * in 2.6.27+ (851fa3c4e7b).
 */
export function xenStart(cx: PtContext, step: StepRef, emit: PtEmit): PagetableState {
  const s = emptyState();
  const xb = cx.xen;
  if (xb === null) return s;
  const { image } = cx;
  // xen_memory_setup(): e820-reserved mfn_list … pt_base; head32.c: INIT_PG_TABLE = pt_base … + nr_pt_frames
  reserveAll(s, [...lowReservations(cx),
    { from: xb.mfnList, to: xb.ptBase, name: 'Xen mfn_list, start_info' },
    { from: xb.ptBase, to: xb.ptBase + xb.nrPtFrames, name: 'INIT_PG_TABLE' }]);
  s.initPgTablesEnd = xb.ptBase + xb.nrPtFrames;
  addTableFrames(s, xb.ptBase, 1, { name: 'Xen bootstrap L3 (pt_base)', level: 'pgd', by: step });
  addTableFrames(s, xb.ptBase + 1, 1, { name: 'Xen bootstrap L2', level: 'pmd', by: step });
  const first = pmdOf(cx, cx.pageOffset);
  hookTables(cx, s, first, first + xb.l1Pages, xb.ptBase + 2, 'xen', step);
  writeLeaves(s, directVpn(cx, 0), directVpn(cx, xb.mapped / PAGE_SIZE), 0, XEN_L1_PROT, 'overwrite', step);
  // "The only exception is the bootstrap page table, which is mapped read-only."
  protectFrames(cx, s, xb.ptBase, xb.ptBase + xb.nrPtFrames, false, step);
  const parts: PtPart[] = [
    { k: 'note', text: `bootstrap tables at pt_base ${hex(cx.pageOffset + xb.ptBase * PAGE_SIZE)}, ${xb.nrPtFrames} frames, read-only` },
    { k: 'map', what: 'Xen bootstrap L1s', frame: xb.ptBase + 2, pages: xb.l1Pages, start: 0, end: xb.mapped, attrs: XEN_L1_PROT, readOnly: true },
  ];
  if (cx.has.xen32InitialMappings) {
    // xen_setup_kernel_pagetable(): max_pfn_mapped = PFN_DOWN(init_pg_tables_end + 512K)
    s.maxPfnMapped = xb.ptBase + xb.nrPtFrames + 512 * 1024 / PAGE_SIZE;
    // Xen's kernel PMD copied into level2_kernel_pgt, then xen_map_identity_early() fills
    // PMDs past Xen's from level1_ident_pgt[PTRS_PER_PTE*4] with PAGE_KERNEL_EXEC
    const per = cx.geometry.ptrsPerPte;
    const need = Math.ceil(Math.max(0, cx.memoryPages - xb.mapped / PAGE_SIZE) / per);
    const ident = Math.min(4, need);
    if (ident > 0) {
      hookTables(cx, s, first + xb.l1Pages, first + xb.l1Pages + ident, image.level1IdentPgt, 'level1_ident_pgt', step);
      const from = xb.mapped / PAGE_SIZE;
      const exec = masked(PAGE_KERNEL_EXEC, pteMask(cx, false));
      writeLeaves(s, directVpn(cx, from), directVpn(cx, from + ident * per), from, exec, 'overwrite', step);
      s.maxPfnMapped = Math.max(s.maxPfnMapped, from + ident * per - 1);
      protectFrames(cx, s, image.level1IdentPgt, image.level1IdentPgt + ident, false, step);
      parts.push({ k: 'map', what: 'xen_map_identity_early: level1_ident_pgt', frame: image.level1IdentPgt, pages: ident, start: from * PAGE_SIZE, end: (from + ident * per) * PAGE_SIZE, attrs: exec, readOnly: true });
    }
    // swapper_pg_dir[KERNEL_PGD_BOUNDARY] = level2_kernel_pgt; Xen's pgd unpinned
    removeTableFrames(s, xb.ptBase, 2);
    addTableFrames(s, image.level2KernelPgt, 1, { name: 'level2_kernel_pgt', level: 'pmd', by: step });
    addTableFrames(s, image.swapperPgDir, 1, { name: 'swapper_pg_dir', level: 'pgd', by: step });
    for (const f of [image.level2KernelPgt, image.swapperPgDir, image.emptyZeroPage]) protectFrames(cx, s, f, f + 1, false, step);
    parts.push({ k: 'note', text: 'level2_kernel_pgt, swapper_pg_dir, empty_zero_page read-only' });
    s.xenSetPteInit = cx.has.xenSetPteFromOutset;
    if (s.xenSetPteInit) parts.push({ k: 'note', text: 'set_pte = xen_set_pte_init' });
  }
  emit(stepEvent(step, 'xen_start_kernel', parts));
  return s;
}

/** The write mode of pagetable_init's set_pte under the scenario's policy. */
function directMapMode(cx: PtContext, s: PagetableState): WriteMode {
  switch (cx.policy) {
    case 'no-overwrite': return 'keep-present';
    case 'unconditional': return 'overwrite';
    case 'xen-mask-rw': return cx.hypervisor === 'xen' && s.xenSetPteInit ? 'mask-rw' : 'overwrite';
  }
}

/** set_pte outside pagetable_init (fixmap slots): xen_set_pte_init still masks while it is the set_pte. */
function plainMode(cx: PtContext, s: PagetableState): WriteMode {
  return cx.hypervisor === 'xen' && s.xenSetPteInit && cx.policy === 'xen-mask-rw' ? 'mask-rw' : 'overwrite';
}

type AllocPhase = 'early' | 'bootmem';

interface Chunk {
  readonly frame: number;
  readonly count: number;
  readonly origin: TableOrigin;
  /** the kernel's panic, when the allocator has run dry */
  readonly note: string | null;
  /** pages of the chunk the kernel could not have had (the last ones) */
  readonly missing: number;
}

/** arch/x86/mm/init_32.c alloc_low_page() (2.6.27 :68-80, 2.6.28 :70-82) */
const ALLOC_LOW_PAGE_PANIC = 'alloc_low_page: ran out of memory';
/** mm/bootmem.c __alloc_bootmem() (2.6.28 :584-592), under alloc_bootmem_low_pages() */
const BOOTMEM_PANIC = 'Out of memory';
/** arch/x86/mm/init_32.c find_early_table_space() (2.6.28 :807-810) */
const TABLE_SPACE_PANIC = 'Cannot find space for the kernel page tables';

/**
 * Hands out `count` PTE pages, in order: alloc_low_page() (one run from the
 * table space) before bootmem exists in 2.6.27+, else
 * alloc_bootmem_low_pages() one page at a time, first fit from pfn 0 (so
 * consecutive calls fill the low holes first).
 */
function allocTables(cx: PtContext, s: PagetableState, m: ModelView, count: number, phase: AllocPhase): Chunk[] {
  if (phase === 'early' && cx.has.lowPageTables) {
    const low = allocLowPages(s, count);
    if (low !== null) return [{ frame: low.frame, count, origin: 'alloc_low_page', note: low.missing > 0 ? `past table_top: "${ALLOC_LOW_PAGE_PANIC}" panic` : null, missing: low.missing }];
  }
  const limit = Math.min(cx.memoryPages, m.maxLowPfn ?? cx.memoryPages);
  if (!cx.has.lowPageTables && find(s.used, s.initPgTablesEnd) === undefined) {
    // 2.6.26 setup_bootmem_allocator(): init_bootmem(min_low_pfn = PFN_UP(init_pg_tables_end), max_low_pfn)
    // puts the bitmap (max_low_pfn / 8 bytes) there and reserves it with the kernel
    reserve(s, s.initPgTablesEnd, s.initPgTablesEnd + Math.ceil(limit / 8 / PAGE_SIZE), 'bootmem bitmap');
  }
  const out: Chunk[] = [];
  let left = count;
  while (left > 0) {
    const f = firstFit(s.used, 0, limit, 1);
    if (f === null) {
      out.push({ frame: limit, count: left, origin: 'bootmem', note: `no low memory left: "${BOOTMEM_PANIC}" panic`, missing: left });
      break;
    }
    // the free run starting at f, up to what is still needed
    const next = s.used.find((u) => u.from > f);
    const n = Math.min(left, (next?.from ?? limit) - f);
    reserve(s, f, f + n, 'bootmem page tables');
    out.push({ frame: f, count: n, origin: 'bootmem', note: null, missing: 0 });
    left -= n;
  }
  return out;
}

/**
 * one_page_table_init() over [fromPmd, toPmd): a PTE page for every PMD that
 * has none (_PAGE_PRESENT clear), allocated in address order; under Xen the
 * alloc_pte hook (xen_alloc_pte_init) makes it read-only in the direct map
 * first. Returns what it allocated, for the trace.
 */
function ensureTables(cx: PtContext, s: PagetableState, m: ModelView, fromPmd: number, toPmd: number, phase: AllocPhase, what: PtPanicEvent['what'], step: StepRef, emit: PtEmit, notes: PtPart[]): void {
  for (const p of pmdPieces(s, fromPmd, toPmd)) {
    if (p.v !== undefined) continue;
    let pmd = p.from;
    for (const a of allocTables(cx, s, m, p.to - p.from, phase)) {
      if (cx.hypervisor === 'xen') protectFrames(cx, s, a.frame, a.frame + a.count, false, step);
      hookTables(cx, s, pmd, pmd + a.count, a.frame, a.origin, step, true);
      const { pmdSize } = cx.geometry;
      notes.push({ k: 'alloc', origin: a.origin, frame: a.frame, pages: a.count, start: pmd * pmdSize, end: (pmd + a.count) * pmdSize, panic: a.note });
      if (a.missing > 0) {
        const lp = a.origin === 'alloc_low_page' ? s.lowPages : null;
        emit({
          kind: 'pt-panic', step, fn: a.origin === 'alloc_low_page' ? 'alloc_low_page' : 'alloc_bootmem_low_pages',
          panic: a.origin === 'alloc_low_page' ? ALLOC_LOW_PAGE_PANIC : BOOTMEM_PANIC, what,
          start: p.from * pmdSize, end: p.to * pmdSize, firstMissing: (pmd + a.count - a.missing) * pmdSize,
          pages: p.to - p.from, missing: a.missing,
          tableSpace: lp === null ? null : { start: lp.start, top: lp.top, fixmapPages: lp.fixmap }, maxPfnMapped: null,
        });
      }
      pmd += a.count;
    }
  }
}

function emitLeafResults(cx: PtContext, step: StepRef, emit: PtEmit, kept: readonly LeafKept[], over: readonly LeafOverTable[], s: PagetableState, mode: WriteMode): void {
  for (const k of kept) {
    const pmd = pmdAt(s, Math.floor(k.from / cx.geometry.ptrsPerPte));
    emit({
      kind: 'pt-kept', step, level: 'pte', start: k.from * PAGE_SIZE, end: k.to * PAGE_SIZE, have: k.have.attrs,
      origin: pmd?.v.origin ?? null, haveBy: k.have.by, want: k.want, policy: cx.policy,
    });
  }
  if (cx.hypervisor !== 'xen') return;
  for (const o of over) {
    emit({
      kind: 'pt-rw-pagetable', step, start: o.from * PAGE_SIZE, end: o.to * PAGE_SIZE, pfn: o.pfn, pages: o.to - o.from,
      table: o.table.name, tableBy: o.table.by, policy: cx.policy, setPteInitOffBy: s.xenSetPteOffBy, masked: mode === 'mask-rw', wasPresent: o.wasPresent,
    });
  }
}

/**
 * kernel_physical_mapping_init(pgd, start_pfn, end_pfn, use_pse): large pages
 * where use_pse (set_pmd, unconditional: a present PTE page is dropped), else
 * PTE pages from one_page_table_init() and set_pte for each page; prot is
 * PAGE_KERNEL[_LARGE], or the _EXEC variant where is_kernel_text() (for a
 * large page: its first or last byte).
 */
function mapRange(cx: PtContext, s: PagetableState, m: ModelView, startPfn: number, endPfn: number, usePse: boolean, step: StepRef, emit: PtEmit, notes: PtPart[]): void {
  if (endPfn <= startPfn) return;
  const { geometry, pageOffset, image } = cx;
  const per = geometry.ptrsPerPte;
  const mask = pteMask(cx, m.nx);
  const vaddr = (pfn: number): number => pageOffset + pfn * PAGE_SIZE;
  if (usePse && cx.pse) {
    const from = pmdOf(cx, vaddr(startPfn));
    const to = from + Math.ceil((endPfn - startPfn) / per);
    // first large PMD that is not kernel text: its start is above __init_end
    let split = from;
    while (split < to && isKernelText(image, pageOffset, split * geometry.pmdSize)) split++;
    for (const [a, b, prot] of [[from, split, PAGE_KERNEL_LARGE_EXEC], [split, to, PAGE_KERNEL_LARGE]] as const) {
      if (b <= a) continue;
      const attrs = masked(prot, mask);
      for (const p of pmdPieces(s, a, b)) {
        if (p.v !== undefined && cx.policy === 'no-overwrite') {
          const leaf = find(s.leaves, p.from * per);
          emit({
            kind: 'pt-kept', step, level: 'pmd', start: p.from * geometry.pmdSize, end: p.to * geometry.pmdSize,
            have: p.v.kind === 'large' ? p.v.attrs : leaf?.v.attrs ?? 0, origin: p.v.origin,
            haveBy: p.v.kind === 'large' ? p.v.by : leaf?.v.by ?? p.v.by, want: attrs, policy: cx.policy,
          });
          continue;
        }
        const replaced = p.v?.kind === 'table' ? { origin: p.v.origin, frame: p.at ?? 0, pages: p.to - p.from } : null;
        setLarge(cx, s, p.from, p.to, startPfn / per + (p.from - from), attrs, step);
        notes.push({ k: 'large', start: p.from * geometry.pmdSize, end: p.to * geometry.pmdSize, attrs, replaced });
      }
    }
    return;
  }
  const fromPmd = pmdOf(cx, vaddr(startPfn));
  const toPmd = pmdOf(cx, vaddr(endPfn - 1)) + 1;
  const mode = directMapMode(cx, s);
  const exec = masked(PAGE_KERNEL_EXEC, mask);
  const kernel = masked(PAGE_KERNEL, mask);
  // pages up to and including the one at __init_end are text
  const textEnd = Math.min(endPfn, Math.max(startPfn, Math.floor((image.initEnd - pageOffset) / PAGE_SIZE) + 1));
  for (const p of pmdPieces(s, fromPmd, toPmd)) {
    if (p.v === undefined) ensureTables(cx, s, m, p.from, p.to, 'early', 'direct map', step, emit, notes);
    else if (p.v.kind === 'large') continue; // one_page_table_init() finds it present; not reached by the modeled orders
    else notes.push({ k: 'reuse', origin: p.v.origin, frame: p.at ?? 0, pages: p.to - p.from, start: p.from * geometry.pmdSize, end: p.to * geometry.pmdSize });
    const lo = Math.max(startPfn, (p.from * geometry.pmdSize - pageOffset) / PAGE_SIZE);
    const hi = Math.min(endPfn, (p.to * geometry.pmdSize - pageOffset) / PAGE_SIZE);
    for (const [a, b, attrs] of [[lo, Math.min(hi, textEnd), exec], [Math.max(lo, textEnd), hi, kernel]] as const) {
      if (b <= a) continue;
      const r = writeLeaves(s, directVpn(cx, a), directVpn(cx, b), a, attrs, mode, step);
      emitLeafResults(cx, step, emit, r.kept, r.overTables, s, mode);
    }
  }
  notes.push({ k: 'ptes', start: vaddr(startPfn), end: vaddr(endPfn), mode });
}

/**
 * The direct map up to max_low_pfn: 2.6.27+ init_memory_mapping() (table space
 * from find_early_table_space, the first PMD and unaligned ends on 4K pages);
 * 2.6.26 pagetable_init() → kernel_physical_mapping_init() (every PMD large
 * with PSE, the last one possibly past max_low_pfn).
 */
export function directMap(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef, emit: PtEmit): void {
  const end = m.maxLowPfn ?? 0;
  const { geometry } = cx;
  const per = geometry.ptrsPerPte;
  const notes: PtPart[] = [];
  // set_nx(): paging_init (2.6.26) or init_memory_mapping (2.6.27+), before any mapping
  s.nx = pteMask(cx, m.nx).nx;
  if (cx.has.lowPageTables) {
    const space = findEarlyTableSpace(cx, s, end);
    notes.push(space);
    if (!space.fits) {
      emit({
        kind: 'pt-panic', step, fn: 'find_early_table_space', panic: TABLE_SPACE_PANIC, what: 'direct map', start: null, end: null, firstMissing: null,
        pages: space.pages, missing: space.pages, tableSpace: null, maxPfnMapped: space.maxPfnMapped,
      });
    }
  }
  notes.push({ k: 'note', text: `to max_low_pfn 0x${end.toString(16)}` });
  if (cx.has.firstPmd4k) {
    const big = per; // big_page_start = PMD_SIZE, in pages
    mapRange(cx, s, m, 0, Math.min(big, end), false, step, emit, notes);
    const bigEnd = Math.floor(end / per) * per;
    mapRange(cx, s, m, big, bigEnd, true, step, emit, notes);
    if (bigEnd > big) mapRange(cx, s, m, bigEnd, end, false, step, emit, notes);
  } else if (cx.pse) {
    // 2.6.26: `pfn += PTRS_PER_PTE` is not clipped, so the last large page may map past max_low_pfn
    mapRange(cx, s, m, 0, Math.ceil(end / per) * per, true, step, emit, notes);
  } else {
    mapRange(cx, s, m, 0, end, false, step, emit, notes);
  }
  emit(stepEvent(step, 'kernel_physical_mapping_init', notes));
}

/**
 * find_early_table_space(end) (2.6.27/2.6.28 init_32.c): room for the PUD,
 * PMD and PTE pages of [0, end) plus "PAGE_SIZE * 2 for fixmap" (2.6.29-rc3:
 * PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t))), found by
 * find_e820_area(0x7000, max_pfn_mapped << PAGE_SHIFT, tables, PAGE_SIZE).
 */
function findEarlyTableSpace(cx: PtContext, s: PagetableState, endPfn: number): Extract<PtPart, { k: 'table-space' }> {
  const { geometry } = cx;
  const entry = geometry.pae ? 8 : 4;
  const end = endPfn * PAGE_SIZE;
  const pudSize = geometry.pae ? 2 ** 30 : geometry.pmdSize;
  const pages = (bytes: number): number => Math.ceil(bytes / PAGE_SIZE);
  let tables = pages(Math.ceil(end / pudSize) * entry) + pages(Math.ceil(end / geometry.pmdSize) * entry);
  const ptes = cx.pse ? Math.ceil((end % geometry.pmdSize + geometry.pmdSize) / PAGE_SIZE) : Math.ceil(end / PAGE_SIZE);
  tables += pages(ptes * entry);
  const fixmap = cx.has.kmapContiguous ? pages(cx.fixmap.endOfFixed * entry) : 2;
  tables += fixmap;
  // find_e820_area(0x7000, max_pfn_mapped << PAGE_SHIFT, tables, PAGE_SIZE): first fit among the free pages
  const fit = firstFit(s.used, 7, s.maxPfnMapped, tables);
  const start = fit ?? firstFit(s.used, 7, Number.POSITIVE_INFINITY, tables) ?? 7;
  s.lowPages = { start, end: start, top: start + tables, fixmap };
  return { k: 'table-space', frame: start, pages: tables, fits: fit !== null, maxPfnMapped: s.maxPfnMapped };
}

/**
 * native_pagetable_setup_start(): clears the boot-table PTEs of pfns from
 * max_low_pfn + 1 up, stopping at the first one that is not present.
 */
export function nativePagetableSetupStart(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef, emit: PtEmit): void {
  if (m.maxLowPfn === null) return;
  const from = directVpn(cx, m.maxLowPfn + 1);
  let to = from;
  for (;;) {
    const r = find(s.leaves, to);
    if (r === undefined) break;
    to = r.to;
  }
  if (to > from) {
    clearLeaves(s, from, to);
    emit(stepEvent(step, 'native_pagetable_setup_start', [{ k: 'cleared', what: 'boot PTEs past max_low_pfn', start: from * PAGE_SIZE, end: to * PAGE_SIZE, held: null }]));
  }
}

/** paravirt_pagetable_setup_start/_done and paravirt_post_allocator_init, per hypervisor and version. */
export function pagetableSetupHook(cx: PtContext, s: PagetableState, m: ModelView, hook: 'start' | 'done' | 'post_allocator_init', step: StepRef, emit: PtEmit): void {
  if (cx.hypervisor !== 'xen') {
    if (hook === 'start') nativePagetableSetupStart(cx, s, m, step, emit);
    return;
  }
  const xb = cx.xen;
  if (xb === null) return;
  if (cx.has.xenSetPteFromOutset) {
    // 2.6.27+: xen_pagetable_setup_start is empty; _done maps shared_info (a set_fixmap);
    // xen_post_allocator_init switches set_pte back to xen_set_pte
    if (hook === 'post_allocator_init' && s.xenSetPteInit) {
      s.xenSetPteInit = false;
      s.xenSetPteOffBy = step;
      emit(stepEvent(step, 'xen_post_allocator_init', [{ k: 'note', text: 'set_pte = xen_set_pte' }]));
    }
    return;
  }
  if (hook === 'start') {
    // 2.6.26 xen_pagetable_setup_start(): set_pte = xen_set_pte_init; Xen's pgd copied into
    // swapper_pg_dir, each present PMD copied into a new bootmem page made read-only
    s.xenSetPteInit = true;
    const a = allocTables(cx, s, m, 1, 'bootmem')[0] ?? { frame: 0 };
    protectFrames(cx, s, a.frame, a.frame + 1, false, step);
    removeTableFrames(s, xb.ptBase, 2);
    addTableFrames(s, a.frame, 1, { name: 'kernel PMD copy', level: 'pmd', by: step });
    addTableFrames(s, cx.image.swapperPgDir, 1, { name: 'swapper_pg_dir', level: 'pgd', by: step });
    for (const f of [cx.image.emptyZeroPage, cx.image.swapperPgDir]) protectFrames(cx, s, f, f + 1, false, step);
    emit(stepEvent(step, 'xen_pagetable_setup_start', [
      { k: 'note', text: 'set_pte = xen_set_pte_init' },
      { k: 'note', text: `kernel PMD copied to bootmem pfn 0x${a.frame.toString(16)} (read-only)` },
      { k: 'note', text: 'swapper_pg_dir, empty_zero_page read-only; Xen\'s pgd unpinned' },
    ]));
  } else if (hook === 'done' && s.xenSetPteInit) {
    s.xenSetPteInit = false;
    s.xenSetPteOffBy = step;
    emit(stepEvent(step, 'xen_pagetable_setup_done', [{ k: 'note', text: 'set_pte = xen_set_pte' }]));
  }
}

/** The present entries under the PTE page of PMD `pmd` (an index), with the steps that wrote them. */
function ptesOfPmd(cx: PtContext, s: PagetableState, pmd: number): DroppedPtes[] {
  const per = cx.geometry.ptrsPerPte;
  const out: DroppedPtes[] = [];
  for (const p of leafPieces(s, pmd * per, (pmd + 1) * per)) if (p.v !== undefined) out.push({ start: p.from * PAGE_SIZE, end: p.to * PAGE_SIZE, by: p.v.by });
  return out;
}

/** A PMD's PTE page: its origin, pfn and the step that hooked it. */
interface PmdTable {
  readonly origin: TableOrigin | null;
  readonly frame: number;
  readonly by: StepRef;
}

/** The PTE page of PMD `pmd` (an index), or null when the PMD holds none. */
function tableOfPmd(s: PagetableState, pmd: number): PmdTable | null {
  const r = pmdAt(s, pmd);
  return r?.v.kind === 'table' ? { origin: r.v.origin, frame: (r.at ?? 0) + (pmd - r.from), by: r.v.by } : null;
}

/** early_ioremap_init(): memset(bm_pte, 0); pmd_populate_kernel(pmd of FIX_BTMAP_BEGIN, bm_pte), unconditional. */
export function populateBmPte(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef, emit: PtEmit): void {
  const begin = cx.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
  const pmd = pmdOf(cx, fixToVirt(m.fixaddrTop, begin));
  const old = tableOfPmd(s, pmd);
  // the entries the old page held (bm_pte's own too: the memset clears them) go with it
  const dropped = old === null ? [] : ptesOfPmd(cx, s, pmd);
  const frame = cx.image.bmPte;
  // pmd_populate_kernel → paravirt_alloc_pte (Xen: xen_alloc_pte_init makes bm_pte read-only)
  if (cx.hypervisor === 'xen') protectFrames(cx, s, frame, frame + 1, false, step);
  hookTables(cx, s, pmd, pmd + 1, frame, 'bm_pte', step);
  const replaced = old === null ? null : { what: old.origin ?? 'a PTE page', frame: old.frame };
  const pmdBytes = pmd * cx.geometry.pmdSize;
  emit(stepEvent(step, 'early_ioremap_init', [{ k: 'hook', what: 'bm_pte', frame, pmd: pmdBytes, replaced }]));
  if (old !== null && dropped.length > 0) emit({ kind: 'pt-ptes-dropped', step, fn: 'early_ioremap_init', pmd: pmdBytes, table: old, now: { origin: 'bm_pte', frame }, ptes: dropped });
}

/**
 * page_table_range_init() over the fixmap (with early_ioremap_clear() before it
 * until 2.6.29-rc3) or over the pkmap area (permanent_kmaps_init).
 */
export function pageTableRangeInit(cx: PtContext, s: PagetableState, m: ModelView, range: 'fixmap' | 'pkmap', step: StepRef, emit: PtEmit): void {
  const { geometry, fixmap } = cx;
  const notes: PtPart[] = [];
  let from: number;
  let to: number;
  let cleared: { readonly pmd: number; readonly table: PmdTable; readonly ptes: readonly DroppedPtes[] } | null = null;
  if (range === 'fixmap') {
    if (!cx.has.kmapContiguous) {
      // early_ioremap_clear(): pmd_clear() at the PMD of FIX_BTMAP_BEGIN now, paravirt_release_pte(bm_pte)
      const pmd = pmdOf(cx, fixToVirt(m.fixaddrTop, fixmap.slots.FIX_BTMAP_BEGIN ?? 0));
      const table = tableOfPmd(s, pmd);
      if (table !== null) cleared = { pmd, table, ptes: ptesOfPmd(cx, s, pmd) };
      clearPmds(cx, s, pmd, pmd + 1);
      // (the release does not unhook bm_pte where it was installed, if that PMD was another one)
      if (cx.hypervisor === 'xen') protectFrames(cx, s, cx.image.bmPte, cx.image.bmPte + 1, true, step);
      notes.push({ k: 'cleared', what: 'early_ioremap_clear: PMD', start: pmd * geometry.pmdSize, end: (pmd + 1) * geometry.pmdSize, held: table === null ? null : table.origin ?? 'a PTE page' });
    }
    from = pmdOf(cx, fixToVirt(m.fixaddrTop, fixmap.endOfFixed - 1));
    to = Math.ceil((m.fixaddrTop + 1) / geometry.pmdSize);
  } else {
    const base = pkmapBase(geometry, fixmap, m.fixaddrTop);
    from = pmdOf(cx, base);
    to = pmdOf(cx, base + geometry.lastPkmap * PAGE_SIZE - 1) + 1;
  }
  const kmap = range === 'fixmap' && cx.has.kmapContiguous ? kmapPmds(cx, m) : null;
  const phase: AllocPhase = range === 'fixmap' ? 'early' : 'bootmem';
  for (let pmd = from; pmd < to; ) {
    // PMD by PMD only inside the kmap range (page_table_kmap_check), else a run at a time
    const next = kmap !== null && pmd >= kmap.from && pmd < kmap.to ? pmd + 1 : kmap !== null && pmd < kmap.from ? Math.min(to, kmap.from) : to;
    ensureTables(cx, s, m, pmd, next, phase, range, step, emit, notes);
    if (kmap !== null && pmd >= kmap.from && pmd < kmap.to) kmapCheck(cx, s, m, pmd, step, notes);
    pmd = next;
  }
  // init_memory_mapping: reserve_early(table_start, table_end, "PGTABLE") once the fixmap's tables are in
  const lp = s.lowPages;
  if (range === 'fixmap' && lp !== null && lp.end > lp.start) reserve(s, lp.start, lp.end, 'PGTABLE');
  if (notes.length === 0 || notes[notes.length - 1]?.k === 'cleared') notes.push({ k: 'note', text: 'all present' });
  emit(stepEvent(step, 'page_table_range_init', [{ k: 'range', what: range, start: from * geometry.pmdSize, end: to * geometry.pmdSize }, ...notes]));
  // early_ioremap_reset() re-sets the FIX_BTMAP_* entries from bm_pte, nothing else (ioremap.c lines 572-587 at 2.6.28)
  if (cleared !== null && cleared.ptes.length > 0) {
    const now = tableOfPmd(s, cleared.pmd);
    emit({
      kind: 'pt-ptes-dropped', step, fn: 'early_ioremap_clear', pmd: cleared.pmd * geometry.pmdSize, table: cleared.table,
      now: now === null ? null : { origin: now.origin, frame: now.frame }, ptes: cleared.ptes,
    });
  }
}

/** The PMDs under FIX_KMAP_END … FIX_KMAP_BEGIN when they are more than one, else null. */
function kmapPmds(cx: PtContext, m: ModelView): { from: number; to: number } | null {
  const b = cx.fixmap.slots.FIX_KMAP_BEGIN;
  const e = cx.fixmap.slots.FIX_KMAP_END;
  if (b === undefined || e === undefined) return null;
  const from = pmdOf(cx, fixToVirt(m.fixaddrTop, e));
  const to = pmdOf(cx, fixToVirt(m.fixaddrTop, b)) + 1;
  return to - from > 1 ? { from, to } : null;
}

/** page_table_kmap_check() (2.6.29-rc3+): a kmap PTE page outside the table space is copied into alloc_low_page(). */
function kmapCheck(cx: PtContext, s: PagetableState, m: ModelView, pmd: number, step: StepRef, notes: PtPart[]): void {
  const r = pmdAt(s, pmd);
  const lp = s.lowPages;
  if (r?.v.kind !== 'table' || r.at === null || lp === null) return;
  const frame = r.at + (pmd - r.from);
  if (frame >= lp.start && frame < lp.end) return;
  const a = allocTables(cx, s, m, 1, 'early')[0];
  if (a === undefined) return;
  if (cx.hypervisor === 'xen') protectFrames(cx, s, a.frame, a.frame + 1, false, step);
  rehookTable(s, pmd, a.frame, a.origin, step);
  notes.push({ k: 'copy', origin: r.v.origin, from: frame, to: a.frame });
}

/** The PTE page of one PMD, as kmap_init sees it. */
function kmapPage(cx: PtContext, s: PagetableState, pmd: number): KmapPage {
  const r = pmdAt(s, pmd);
  const table = r?.v.kind === 'table' && r.at !== null;
  return {
    pmd: pmd * cx.geometry.pmdSize,
    frame: table && r.at !== null ? r.at + (pmd - r.from) : null,
    origin: table ? r.v.origin : null,
    by: table ? r.v.by : null,
  };
}

/** What lies in a physical page, in words (the page kmap_pte - idx runs into). */
function physName(cx: PtContext, s: PagetableState, frame: number): string {
  const { image } = cx;
  if (image.swapperPgPmd !== null && frame >= image.swapperPgPmd && frame < image.swapperPgPmd + image.kpmds) {
    return `swapper_pg_pmd (${frameRange(frame, 1)}), the kernel PMD page: its last entries are the fixmap's own PMD entries`;
  }
  if (frame === image.swapperPgDir) return `swapper_pg_dir (${frameRange(frame, 1)}): its last entries are the fixmap's own page-directory entries`;
  const t = find(s.tables, frame);
  if (t !== undefined) return `${t.v.name} (${frameRange(frame, 1)}), a ${t.v.level} page`;
  const u = find(s.used, frame);
  return u !== undefined ? `${u.v.name} (${frameRange(frame, 1)})` : `${frameRange(frame, 1)}`;
}

/** asm/olpc_ofw.h (2.6.36 f6f94e2ab1b): the page-directory entry OpenFirmware maps itself through (0xff800000 - 0xffbfffff) */
const OLPC_OFW_PDE_NR = 1022;

/**
 * setup_olpc_ofw_pgd() (arch/x86/kernel/olpc_ofw.c, 2.6.36 f6f94e2ab1b, :20-40):
 * `set_pgd(&swapper_pg_dir[OLPC_OFW_PDE_NR], *ofw_pde)`, OFW's own PDE, "installed
 * permanently". Non-PAE only (CONFIG_OLPC_OPENFIRMWARE depends on !X86_PAE), so
 * the page-directory entry is one 4 MiB PMD. Whatever kernel table was there
 * is no longer referenced: the trace says so.
 */
export function setupOlpcOfwPgd(cx: PtContext, s: PagetableState, step: StepRef, emit: PtEmit): void {
  if (cx.geometry.pae) return;
  const start = OLPC_OFW_PDE_NR * cx.geometry.pmdSize;
  const replaced = hookForeignTable(cx, s, OLPC_OFW_PDE_NR, 'olpc_ofw', step);
  const was = replaced === null ? 'an empty entry'
    : `${replaced.origin === null ? 'a large page' : ORIGIN_NAMES[replaced.origin]}${replaced.entries > 0 ? ` with ${replaced.entries} present PTE${replaced.entries === 1 ? '' : 's'}, no longer referenced` : ''}`;
  emit(stepEvent(step, 'setup_olpc_ofw_pgd', [{
    k: 'note',
    text: `set_pgd(swapper_pg_dir[${OLPC_OFW_PDE_NR}]): ${hex(start)}-${hex(start + cx.geometry.pmdSize - 1)} goes through OpenFirmware's page table (replacing ${was})`,
  }]));
}

/** kmap_init(): caches kmap_pte and records whether kmap_pte - idx is right for every kmap slot. */
export function kmapGetFixmapPte(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef, emit: PtEmit): void {
  const b = cx.fixmap.slots.FIX_KMAP_BEGIN;
  const e = cx.fixmap.slots.FIX_KMAP_END;
  if (b === undefined || e === undefined) return;
  const begin = fixToVirt(m.fixaddrTop, b);
  const end = fixToVirt(m.fixaddrTop, e);
  const pages: KmapPage[] = [];
  for (let pmd = pmdOf(cx, begin); pmd >= pmdOf(cx, end); pmd--) pages.push(kmapPage(cx, s, pmd));
  let broken = null;
  for (let i = 0; i + 1 < pages.length; i++) {
    const upper = pages[i];
    const lower = pages[i + 1];
    if (upper === undefined || lower === undefined) break;
    // a PMD without a PTE page is another finding (fixmap-before-relocation, missing-prerequisite)
    if (upper.frame === null || lower.frame === null || lower.frame === upper.frame - 1) continue;
    // the first slot below the upper page's PMD: kmap_pte - idx leaves the upper page there
    const idx = (begin - upper.pmd) / PAGE_SIZE + 1;
    broken = { idx, vaddr: begin - idx * PAGE_SIZE, upper, lower, hits: physName(cx, s, upper.frame - 1) };
    break;
  }
  emit({ kind: 'pt-kmap', step, begin, end, pages, broken });
}

/**
 * The slots set with set_fixmap_nocache(): device registers. The early console's UART
 * (drivers/serial/8250_early.c:150-151 early_serial8250_setup(), caglar10ur/linux-2.6.27.y@3fa8749e584b)
 * and the EHCI debug port (early_printk.c early_dbgp_init(), 2.6.28-rc1+; earlyprintk.ts) too (review 19c F10).
 */
const NOCACHE_SLOTS: ReadonlySet<SlotName> = new Set(['FIX_APIC_BASE', 'FIX_IO_APIC_BASE_0', 'FIX_OHCI1394_BASE', 'FIX_EARLYCON_MEM_BASE', 'FIX_DBGP_BASE']);

/**
 * __set_fixmap() → set_pte_vaddr() (2.6.26: set_pte_pfn()): the slot's PTE in whatever PTE page maps
 * it (no page table: the BUG() other rules report). set_fixmap_nocache for
 * the APIC, IO-APIC, OHCI-1394, early console and debug port registers; PAGE_KERNEL otherwise.
 */
export function setFixmapPte(cx: PtContext, s: PagetableState, m: ModelView, slot: SlotName, vaddr: number, step: StepRef): void {
  const pmd = pmdAt(s, pmdOf(cx, vaddr));
  if (pmd?.v.kind !== 'table') return;
  const attrs = masked(NOCACHE_SLOTS.has(slot) ? PAGE_KERNEL_NOCACHE : PAGE_KERNEL, pteMask(cx, m.nx));
  // the PTE of the page that holds vaddr: fix_to_virt() is inside a page when FIXADDR_TOP is (fixaddr-top-unaligned)
  const vpn = Math.floor(vaddr / PAGE_SIZE);
  // the slot maps a device or hypervisor frame the model does not know (pfn 0 stands for it)
  writeLeaves(s, vpn, vpn + 1, 0, attrs, plainMode(cx, s), step, false);
}

/**
 * The page tables as a dump taken after boot would see them, from the state
 * setup_arch() left: map_compat_vdso() puts the vDSO at FIX_VDSO with
 * PAGE_READONLY_EXEC on the first exec (CONFIG_COMPAT_VDSO,
 * arch/x86/vdso/vdso32-setup.c). zap_low_mappings() (mem_init) is the dump's
 * user-space part (ptdump.ts). DEBUG_RODATA's mark_rodata_ro() is not modeled.
 */
export function lateBoot(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef): PagetableState {
  const out = { ...s };
  const idx = cx.fixmap.slots.FIX_VDSO;
  if (!cx.compatVdso || idx === undefined) return out;
  const vaddr = fixToVirt(m.fixaddrTop, idx);
  const pmd = pmdAt(out, pmdOf(cx, vaddr));
  const vpn = Math.floor(vaddr / PAGE_SIZE);
  if (pmd?.v.kind === 'table') writeLeaves(out, vpn, vpn + 1, 0, PAGE_READONLY_EXEC, 'overwrite', step);
  return out;
}

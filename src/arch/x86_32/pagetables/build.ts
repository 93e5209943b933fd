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
import type { KmapPage, PagetableEvent, TableOrigin } from './events.js';
import { headExtent, isKernelText } from './image.js';
import {
  addTableFrames, allocLowPages, clearLeaves, clearPmds, directVpn, emptyState, hookTables,
  pmdAt, pmdOf, pmdPieces, protectFrames, rehookTable, removeTableFrames, reserve, setLarge, writeLeaves, pteMask,
  type LeafKept, type LeafOverTable, type PagetableState, type PtContext, type WriteMode,
} from './model.js';
import {
  HEAD_PTE_ATTR, HEAD_PTE_IDENT_ATTR, PAGE_KERNEL, PAGE_KERNEL_EXEC, PAGE_KERNEL_LARGE, PAGE_KERNEL_LARGE_EXEC,
  PAGE_KERNEL_NOCACHE, PAGE_READONLY_EXEC, XEN_L1_PROT, _PAGE_PRESENT, attrHex, masked,
} from './prot.js';
import { find, firstFit } from './runs.js';

export type PtEmit = (e: PagetableEvent) => void;

/** What the page-table functions read from the rest of the model (replay/state.ts). */
export interface ModelView {
  readonly fixaddrTop: number;
  readonly maxLowPfn: number | null;
  /** NX not disabled by noexec=off (and PAE) */
  readonly nx: boolean;
}

/** Low pages the early allocators never hand out (arch/x86/kernel/e820.c early_res, 2.6.27; setup_32.c, 2.6.26). */
function reserveLow(cx: PtContext, s: PagetableState): void {
  // early_res[]: "BIOS data page" (2.6.26: reserve_bootmem(0, PAGE_SIZE)), and on SMP
  // "EX TRAMPOLINE" at 4K (2.6.26: smp_alloc_memory's trampoline page, assumed at pfn 1)
  reserve(s, 0, 1, 'BIOS data page');
  reserve(s, 1, 2, 'trampoline');
  // 2.6.27+ early_res[]: "TRAMPOLINE" at TRAMPOLINE_BASE 0x6000
  if (cx.has.lowPageTables) reserve(s, 6, 7, 'TRAMPOLINE');
  // reserve_ebda_region() (assumed EBDA at 0x9f000; Xen pv has none) and the ISA hole
  reserve(s, cx.hypervisor === 'xen' ? 0xa0 : 0x9f, 0x100, 'EBDA / ISA');
  // head32.c / setup_32.c: "TEXT DATA BSS"
  reserve(s, Math.floor((cx.image.text - cx.pageOffset) / PAGE_SIZE), cx.image.pg0, 'TEXT DATA BSS');
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
  reserveLow(cx, s);
  const x = headExtent(geometry, image.pg0);
  reserve(s, image.pg0, image.pg0 + x.pages, 'INIT_PG_TABLE');
  s.initPgTablesEnd = image.pg0 + x.pages;
  s.maxPfnMapped = x.bytes / PAGE_SIZE;
  addTableFrames(s, image.swapperPgDir, 1, { name: 'swapper_pg_dir', level: 'pgd', by: step });
  if (image.swapperPgPmd !== null) addTableFrames(s, image.swapperPgPmd, image.kpmds, { name: 'swapper_pg_pmd', level: 'pmd', by: step });
  const first = pmdOf(cx, cx.pageOffset);
  hookTables(cx, s, first, first + x.pages, image.pg0, 'pg0', step);
  const attrs = cx.has.pteIdentAttr ? HEAD_PTE_IDENT_ATTR : HEAD_PTE_ATTR;
  writeLeaves(s, directVpn(cx, 0), directVpn(cx, x.bytes / PAGE_SIZE), 0, attrs, 'overwrite', step);
  const top = pmdOf(cx, VA_TOP - 1);
  hookTables(cx, s, top, top + 1, image.swapperPgFixmap, 'swapper_pg_fixmap', step);
  emit({
    kind: 'pt-step', step,
    text: `pg0 (${frameRange(image.pg0, x.pages)}) maps physical 0-${hex(x.bytes)} at ${hex(cx.pageOffset)} with ${attrHex(attrs)}; swapper_pg_fixmap (${frameRange(image.swapperPgFixmap, 1)}) in PMD ${hex(top * geometry.pmdSize)}`,
  });
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
  reserveLow(cx, s);
  // xen_memory_setup(): e820-reserved mfn_list … pt_base; head32.c: INIT_PG_TABLE = pt_base … + nr_pt_frames
  reserve(s, xb.mfnList, xb.ptBase, 'Xen mfn_list, start_info');
  reserve(s, xb.ptBase, xb.ptBase + xb.nrPtFrames, 'INIT_PG_TABLE');
  s.initPgTablesEnd = xb.ptBase + xb.nrPtFrames;
  addTableFrames(s, xb.ptBase, 1, { name: 'Xen bootstrap L3 (pt_base)', level: 'pgd', by: step });
  addTableFrames(s, xb.ptBase + 1, 1, { name: 'Xen bootstrap L2', level: 'pmd', by: step });
  const first = pmdOf(cx, cx.pageOffset);
  hookTables(cx, s, first, first + xb.l1Pages, xb.ptBase + 2, 'xen', step);
  writeLeaves(s, directVpn(cx, 0), directVpn(cx, xb.mapped / PAGE_SIZE), 0, XEN_L1_PROT, 'overwrite', step);
  // "The only exception is the bootstrap page table, which is mapped read-only."
  protectFrames(cx, s, xb.ptBase, xb.ptBase + xb.nrPtFrames, false, step);
  const parts = [`bootstrap tables pt_base ${hex(cx.pageOffset + xb.ptBase * PAGE_SIZE)} (${frameRange(xb.ptBase, xb.nrPtFrames)}, read-only): L1s map physical 0-${hex(xb.mapped)} with ${attrHex(XEN_L1_PROT)}`];
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
      parts.push(`xen_map_identity_early: level1_ident_pgt (${frameRange(image.level1IdentPgt, ident)}) maps ${hex(from * PAGE_SIZE)}-${hex((from + ident * per) * PAGE_SIZE)} with ${attrHex(exec)}`);
    }
    // swapper_pg_dir[KERNEL_PGD_BOUNDARY] = level2_kernel_pgt; Xen's pgd unpinned
    removeTableFrames(s, xb.ptBase, 2);
    addTableFrames(s, image.level2KernelPgt, 1, { name: 'level2_kernel_pgt', level: 'pmd', by: step });
    addTableFrames(s, image.swapperPgDir, 1, { name: 'swapper_pg_dir', level: 'pgd', by: step });
    for (const f of [image.level2KernelPgt, image.swapperPgDir, image.emptyZeroPage]) protectFrames(cx, s, f, f + 1, false, step);
    parts.push('level2_kernel_pgt, swapper_pg_dir, empty_zero_page read-only');
    s.xenSetPteInit = cx.has.xenSetPteFromOutset;
    if (s.xenSetPteInit) parts.push('set_pte = xen_set_pte_init');
  }
  emit({ kind: 'pt-step', step, text: parts.join('; ') });
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
  readonly note: string;
}

/**
 * Hands out `count` PTE pages, in order: alloc_low_page() (one run from the
 * table space) before bootmem exists in 2.6.27+, else
 * alloc_bootmem_low_pages() one page at a time, first fit from pfn 0 (so
 * consecutive calls fill the low holes first).
 */
function allocTables(cx: PtContext, s: PagetableState, m: ModelView, count: number, phase: AllocPhase): Chunk[] {
  if (phase === 'early' && cx.has.lowPageTables) {
    const low = allocLowPages(s, count);
    if (low !== null) return [{ frame: low.frame, count, origin: 'alloc_low_page', note: low.exhausted ? ' (past table_top: "alloc_low_page: ran out of memory" panic)' : '' }];
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
      out.push({ frame: limit, count: left, origin: 'bootmem', note: ' (no low memory left: bootmem panics)' });
      break;
    }
    // the free run starting at f, up to what is still needed
    const next = s.used.find((u) => u.from > f);
    const n = Math.min(left, (next?.from ?? limit) - f);
    reserve(s, f, f + n, 'bootmem page tables');
    out.push({ frame: f, count: n, origin: 'bootmem', note: '' });
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
function ensureTables(cx: PtContext, s: PagetableState, m: ModelView, fromPmd: number, toPmd: number, phase: AllocPhase, step: StepRef): string[] {
  const notes: string[] = [];
  for (const p of pmdPieces(s, fromPmd, toPmd)) {
    if (p.v !== undefined) continue;
    let pmd = p.from;
    for (const a of allocTables(cx, s, m, p.to - p.from, phase)) {
      if (cx.hypervisor === 'xen') protectFrames(cx, s, a.frame, a.frame + a.count, false, step);
      hookTables(cx, s, pmd, pmd + a.count, a.frame, a.origin, step);
      notes.push(`${a.count} PTE page${a.count === 1 ? '' : 's'} (${a.origin} ${frameRange(a.frame, a.count)}) for ${hex(pmd * cx.geometry.pmdSize)}-${hex((pmd + a.count) * cx.geometry.pmdSize)}${a.note}`);
      pmd += a.count;
    }
  }
  return notes;
}

function emitLeafResults(cx: PtContext, step: StepRef, emit: PtEmit, kept: readonly LeafKept[], over: readonly LeafOverTable[], s: PagetableState): void {
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
      table: o.table.name, tableBy: o.table.by, policy: cx.policy, setPteInitOffBy: s.xenSetPteOffBy,
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
function mapRange(cx: PtContext, s: PagetableState, m: ModelView, startPfn: number, endPfn: number, usePse: boolean, step: StepRef, emit: PtEmit): string[] {
  if (endPfn <= startPfn) return [];
  const { geometry, pageOffset, image } = cx;
  const per = geometry.ptrsPerPte;
  const mask = pteMask(cx, m.nx);
  const notes: string[] = [];
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
        const dropped = p.v?.kind === 'table' ? ` (replaces ${p.v.origin ?? 'a'} PTE page${p.to - p.from === 1 ? '' : 's'} ${frameRange(p.at ?? 0, p.to - p.from)})` : '';
        setLarge(cx, s, p.from, p.to, startPfn / per + (p.from - from), attrs, step);
        notes.push(`large pages ${hex(p.from * geometry.pmdSize)}-${hex(p.to * geometry.pmdSize)} ${attrHex(attrs)}${dropped}`);
      }
    }
    return notes;
  }
  const fromPmd = pmdOf(cx, vaddr(startPfn));
  const toPmd = pmdOf(cx, vaddr(endPfn - 1)) + 1;
  const mode = directMapMode(cx, s);
  const exec = masked(PAGE_KERNEL_EXEC, mask);
  const kernel = masked(PAGE_KERNEL, mask);
  // pages up to and including the one at __init_end are text
  const textEnd = Math.min(endPfn, Math.max(startPfn, Math.floor((image.initEnd - pageOffset) / PAGE_SIZE) + 1));
  for (const p of pmdPieces(s, fromPmd, toPmd)) {
    if (p.v === undefined) notes.push(...ensureTables(cx, s, m, p.from, p.to, 'early', step));
    else if (p.v.kind === 'large') continue; // one_page_table_init() finds it present; not reached by the modeled orders
    else notes.push(`PTE page${p.to - p.from === 1 ? '' : 's'} ${p.v.origin ?? ''} ${frameRange(p.at ?? 0, p.to - p.from)} reused for ${hex(p.from * geometry.pmdSize)}-${hex(p.to * geometry.pmdSize)}`);
    const lo = Math.max(startPfn, (p.from * geometry.pmdSize - pageOffset) / PAGE_SIZE);
    const hi = Math.min(endPfn, (p.to * geometry.pmdSize - pageOffset) / PAGE_SIZE);
    for (const [a, b, attrs] of [[lo, Math.min(hi, textEnd), exec], [Math.max(lo, textEnd), hi, kernel]] as const) {
      if (b <= a) continue;
      const r = writeLeaves(s, directVpn(cx, a), directVpn(cx, b), a, attrs, mode, step);
      emitLeafResults(cx, step, emit, r.kept, r.overTables, s);
    }
  }
  notes.push(`4K entries ${hex(vaddr(startPfn))}-${hex(vaddr(endPfn))} (${mode === 'mask-rw' ? 'xen_set_pte_init: RW only where the old PTE has it' : mode === 'keep-present' ? 'present entries kept' : 'written'})`);
  return notes;
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
  const notes: string[] = [];
  // set_nx(): paging_init (2.6.26) or init_memory_mapping (2.6.27+), before any mapping
  s.nx = pteMask(cx, m.nx).nx;
  if (cx.has.lowPageTables) notes.push(findEarlyTableSpace(cx, s, end));
  if (cx.has.firstPmd4k) {
    const big = per; // big_page_start = PMD_SIZE, in pages
    notes.push(...mapRange(cx, s, m, 0, Math.min(big, end), false, step, emit));
    const bigEnd = Math.floor(end / per) * per;
    notes.push(...mapRange(cx, s, m, big, bigEnd, true, step, emit));
    if (bigEnd > big) notes.push(...mapRange(cx, s, m, bigEnd, end, false, step, emit));
  } else if (cx.pse) {
    // 2.6.26: `pfn += PTRS_PER_PTE` is not clipped, so the last large page may map past max_low_pfn
    notes.push(...mapRange(cx, s, m, 0, Math.ceil(end / per) * per, true, step, emit));
  } else {
    notes.push(...mapRange(cx, s, m, 0, end, false, step, emit));
  }
  emit({ kind: 'pt-step', step, text: `kernel_physical_mapping_init to max_low_pfn ${short(end)}: ${notes.join('; ')}` });
}

/**
 * find_early_table_space(end) (2.6.27/2.6.28 init_32.c): room for the PUD,
 * PMD and PTE pages of [0, end) plus "PAGE_SIZE * 2 for fixmap" (2.6.29-rc3:
 * PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t))), found by
 * find_e820_area(0x7000, max_pfn_mapped << PAGE_SHIFT, tables, PAGE_SIZE).
 */
function findEarlyTableSpace(cx: PtContext, s: PagetableState, endPfn: number): string {
  const { geometry } = cx;
  const entry = geometry.pae ? 8 : 4;
  const end = endPfn * PAGE_SIZE;
  const pudSize = geometry.pae ? 2 ** 30 : geometry.pmdSize;
  const pages = (bytes: number): number => Math.ceil(bytes / PAGE_SIZE);
  let tables = pages(Math.ceil(end / pudSize) * entry) + pages(Math.ceil(end / geometry.pmdSize) * entry);
  const ptes = cx.pse ? Math.ceil((end % geometry.pmdSize + geometry.pmdSize) / PAGE_SIZE) : Math.ceil(end / PAGE_SIZE);
  tables += pages(ptes * entry);
  tables += cx.has.kmapContiguous ? pages(cx.fixmap.endOfFixed * entry) : 2;
  // find_e820_area(0x7000, max_pfn_mapped << PAGE_SHIFT, tables, PAGE_SIZE): first fit among the free pages
  const fit = firstFit(s.used, 7, s.maxPfnMapped, tables);
  const start = fit ?? firstFit(s.used, 7, Number.POSITIVE_INFINITY, tables) ?? 7;
  if (fit === null) {
    s.lowPages = { start, end: start, top: start + tables };
    return `kernel direct mapping tables: no ${tables} free pages below max_pfn_mapped ${short(s.maxPfnMapped)} ("Cannot find space for the kernel page tables" panic); the model continues at pfn ${short(start)}`;
  }
  s.lowPages = { start, end: start, top: start + tables };
  return `table space ${frameRange(start, tables)} (find_early_table_space)`;
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
    emit({ kind: 'pt-step', step, text: `native_pagetable_setup_start: boot PTEs ${hex(from * PAGE_SIZE)}-${hex(to * PAGE_SIZE)} past max_low_pfn cleared` });
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
      emit({ kind: 'pt-step', step, text: 'xen_post_allocator_init: set_pte = xen_set_pte' });
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
    emit({ kind: 'pt-step', step, text: `xen_pagetable_setup_start: set_pte = xen_set_pte_init; kernel PMD copied to bootmem ${frameRange(a.frame, 1)} (read-only); swapper_pg_dir, empty_zero_page read-only; Xen's pgd unpinned` });
  } else if (hook === 'done' && s.xenSetPteInit) {
    s.xenSetPteInit = false;
    s.xenSetPteOffBy = step;
    emit({ kind: 'pt-step', step, text: 'xen_pagetable_setup_done: set_pte = xen_set_pte' });
  }
}

/** early_ioremap_init(): pmd_populate_kernel(pmd of FIX_BTMAP_BEGIN, bm_pte), unconditional. */
export function populateBmPte(cx: PtContext, s: PagetableState, m: ModelView, step: StepRef, emit: PtEmit): void {
  const begin = cx.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
  const pmd = pmdOf(cx, fixToVirt(m.fixaddrTop, begin));
  const old = pmdAt(s, pmd);
  const frame = cx.image.bmPte;
  // pmd_populate_kernel → paravirt_alloc_pte (Xen: xen_alloc_pte_init makes bm_pte read-only)
  if (cx.hypervisor === 'xen') protectFrames(cx, s, frame, frame + 1, false, step);
  hookTables(cx, s, pmd, pmd + 1, frame, 'bm_pte', step);
  const replaced = old?.v.kind === 'table' ? `, replacing ${old.v.origin ?? 'a PTE page'} (${frameRange((old.at ?? 0) + (pmd - old.from), 1)})` : '';
  emit({ kind: 'pt-step', step, text: `bm_pte (${frameRange(frame, 1)}) hooked into PMD ${hex(pmd * cx.geometry.pmdSize)}${replaced}` });
}

/**
 * page_table_range_init() over the fixmap (with early_ioremap_clear() before it
 * until 2.6.29-rc3) or over the pkmap area (permanent_kmaps_init).
 */
export function pageTableRangeInit(cx: PtContext, s: PagetableState, m: ModelView, range: 'fixmap' | 'pkmap', step: StepRef, emit: PtEmit): void {
  const { geometry, fixmap } = cx;
  const notes: string[] = [];
  let from: number;
  let to: number;
  if (range === 'fixmap') {
    if (!cx.has.kmapContiguous) {
      // early_ioremap_clear(): pmd_clear() at the PMD of FIX_BTMAP_BEGIN now, paravirt_release_pte(bm_pte)
      const pmd = pmdOf(cx, fixToVirt(m.fixaddrTop, fixmap.slots.FIX_BTMAP_BEGIN ?? 0));
      const old = pmdAt(s, pmd);
      clearPmds(cx, s, pmd, pmd + 1);
      // (the release does not unhook bm_pte where it was installed, if that PMD was another one)
      if (cx.hypervisor === 'xen') protectFrames(cx, s, cx.image.bmPte, cx.image.bmPte + 1, true, step);
      notes.push(`early_ioremap_clear: PMD ${hex(pmd * geometry.pmdSize)} cleared${old?.v.kind === 'table' ? ` (held ${old.v.origin ?? 'a PTE page'})` : ''}`);
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
    notes.push(...ensureTables(cx, s, m, pmd, next, phase, step));
    if (kmap !== null && pmd >= kmap.from && pmd < kmap.to) notes.push(...kmapCheck(cx, s, m, pmd, step));
    pmd = next;
  }
  const what = range === 'fixmap' ? 'fixmap' : 'pkmap';
  const present = notes.length > 0 ? notes.join('; ') : 'all present';
  emit({ kind: 'pt-step', step, text: `page_table_range_init ${what} ${hex(from * geometry.pmdSize)}-${hex(to * geometry.pmdSize)}: ${present}` });
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
function kmapCheck(cx: PtContext, s: PagetableState, m: ModelView, pmd: number, step: StepRef): string[] {
  const r = pmdAt(s, pmd);
  const lp = s.lowPages;
  if (r?.v.kind !== 'table' || r.at === null || lp === null) return [];
  const frame = r.at + (pmd - r.from);
  if (frame >= lp.start && frame < lp.end) return [];
  const a = allocTables(cx, s, m, 1, 'early')[0];
  if (a === undefined) return [];
  if (cx.hypervisor === 'xen') protectFrames(cx, s, a.frame, a.frame + 1, false, step);
  rehookTable(s, pmd, a.frame, a.origin, step);
  return [`page_table_kmap_check: ${r.v.origin ?? 'PTE page'} ${frameRange(frame, 1)} copied to ${frameRange(a.frame, 1)}`];
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
    if (upper.frame !== null && lower.frame !== null && lower.frame === upper.frame - 1) continue;
    // the first slot below the upper page's PMD: kmap_pte - idx leaves the upper page there
    const idx = (begin - upper.pmd) / PAGE_SIZE + 1;
    broken = { idx, vaddr: begin - idx * PAGE_SIZE, upper, lower, hits: upper.frame === null ? 'nothing: FIX_KMAP_BEGIN has no PTE page' : physName(cx, s, upper.frame - 1) };
    break;
  }
  emit({ kind: 'pt-kmap', step, begin, end, pages, broken });
}

const NOCACHE_SLOTS: ReadonlySet<SlotName> = new Set(['FIX_APIC_BASE', 'FIX_IO_APIC_BASE_0', 'FIX_OHCI1394_BASE']);

/**
 * __set_fixmap() → set_pte_vaddr(): the slot's PTE in whatever PTE page maps
 * it (no page table: the BUG() other rules report). set_fixmap_nocache for
 * the APIC, IO-APIC and OHCI-1394 registers; PAGE_KERNEL otherwise.
 */
export function setFixmapPte(cx: PtContext, s: PagetableState, m: ModelView, slot: SlotName, vaddr: number, step: StepRef, emit: PtEmit): void {
  const pmd = pmdAt(s, pmdOf(cx, vaddr));
  if (pmd?.v.kind !== 'table') return;
  const attrs = masked(NOCACHE_SLOTS.has(slot) ? PAGE_KERNEL_NOCACHE : PAGE_KERNEL, pteMask(cx, m.nx));
  const vpn = vaddr / PAGE_SIZE;
  const r = writeLeaves(s, vpn, vpn + 1, 0, attrs, plainMode(cx, s), step);
  emitLeafResults(cx, step, emit, r.kept, r.overTables, s);
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
  if (pmd?.v.kind === 'table') writeLeaves(out, vaddr / PAGE_SIZE, vaddr / PAGE_SIZE + 1, 0, PAGE_READONLY_EXEC, 'overwrite', step);
  return out;
}

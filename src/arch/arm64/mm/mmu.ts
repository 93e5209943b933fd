/**
 * The model's primitive operations on the translation tables, each of which
 * records what it did as trace events: writing a run of entries (with what
 * the TLB may still hold), allocating a table page the way the kernel does,
 * switching TTBRs and the MMU, and the linear-map questions (__va of a
 * physical address, and whether it is mapped).
 */
import type { Emit, StepRef } from '../../../replay/trace.js';
import type { SlotName } from '../fixmap.js';
import { entrySize, PAGE_SIZE, type Level } from '../geometry.js';
import { bbmReasons, type EntryDesc } from '../prot.js';
import type { ReplayContext } from '../replay/context.js';
import type { Allocator, Arm64Event, DataAllocator } from '../replay/events.js';
import type { ModelState } from '../replay/state.js';
import { alloc, free, largestFree } from './memblock.js';
import { hexDigits, wrapU64 } from '../../../units.js';
import { V4_6 } from '../kernel-version.js';
import {
  descAt, descOf, firstRunAfter, indexOf, leafDesc, newTable, reachableFrom, replace, runAt, tableOf, translate, type Origin, type Run, type Table,
} from './tables.js';

/** One step's handle on the model: context, state, the step and where events go. */
export interface Mm {
  readonly ctx: ReplayContext;
  readonly s: ModelState;
  readonly step: StepRef;
  readonly emit: Emit<Arm64Event>;
}

function reach(s: ModelState): Set<number> {
  if (s.reach === null) {
    const r = new Set<number>();
    if (s.ttbr0 !== null) reachableFrom(s.set, s.ttbr0, r);
    if (s.ttbr1 !== null) reachableFrom(s.set, s.ttbr1, r);
    s.reach = r;
  }
  return s.reach;
}

/** A table is live when the MMU is on and a TTBR reaches it: the walker and the TLB may use its entries. */
export function isLive(s: ModelState, id: number): boolean {
  return s.mmu && reach(s).has(id);
}

export function rootName(s: ModelState, id: number | null): string {
  return id === null ? 'reserved' : tableOf(s.set, id).name;
}

/** The same descriptor with another output address. */
function withOa(d: EntryDesc, oa: number): EntryDesc {
  if (d.table !== undefined) return { kind: d.kind, oa, prot: d.prot, table: d.table };
  return d.kind === 'block' || d.kind === 'page' ? leafDesc(d.kind, oa, d.prot) : { kind: d.kind, oa, prot: d.prot };
}

function leafOffset(d: EntryDesc, va: number): number {
  return d.oa - va;
}

/** Why a translation now made live differs from one the TLB may still hold (none: safe). */
function conflictReasons(staleLevel: Level, stale: EntryDesc, staleVa: number, level: Level, now: EntryDesc, va: number): string[] {
  if (stale.kind !== now.kind || staleLevel !== level) return [`${stale.kind} at level ${staleLevel} → ${now.kind} at level ${level}`];
  if (now.kind === 'table') return stale.oa === now.oa ? [] : ['next-level table'];
  const out = bbmReasons(withOa(stale, 0), withOa(now, 0));
  if (leafOffset(stale, staleVa) !== leafOffset(now, va)) out.unshift('output address');
  return out;
}

/**
 * Writes entries [from, to) of a table (set_pXd / pXd_populate / pXd_clear)
 * and records one pte-write event per run of old entries it replaces.
 *
 * @param va the virtual address entry `from` translates
 * @param then what the kernel does right after (v4.4's walkers flush_tlb_all() after replacing a non-empty entry)
 * @param slot the fixmap slot, when the entry is one (a bm_pte page)
 */
export function writeEntries(mm: Mm, t: Table, from: number, to: number, run: Omit<Run, 'from' | 'to'>, via: string, va: number,
  then: 'flush_tlb_all' | 'flush_tlb_kernel_range' | null = null, slot?: SlotName): void {
  const { s } = mm;
  const live = isLive(s, t.id);
  const size = entrySize(t.level);
  // descOf reads only kind, oa, next and prot: the run as given, without making one
  const newDesc = descOf(s.set, run);
  // the old runs over [from, to), read in place before replace(): each one's first entry in range is entry `of`
  const runs = t.runs;
  let replacesTable = false;
  for (let k = firstRunAfter(runs, from); k < runs.length && (runs[k] as Run).from < to; k++) {
    const o = runs[k] as Run;
    const of = Math.max(o.from, from);
    const ot = Math.min(o.to, to);
    if (o.kind === 'table') replacesTable = true;
    // rewriting empty entries with empty ones (memcpy of a pgd, a .bss clear) changes nothing
    if (o.kind === 'invalid' && run.kind === 'invalid') continue;
    const oldDesc = descAt(s.set, o, of, size);
    const segVa = va + (of - from) * size;
    const segEnd = segVa + (ot - of) * size;
    const nowDesc = run.kind === 'invalid' || run.uniform || of === from ? newDesc : withOa(newDesc, newDesc.oa + (of - from) * (run.kind === 'table' ? PAGE_SIZE : size));
    mm.emit({
      kind: 'pte-write', step: mm.step, via, table: t.name, tableId: t.id, level: t.level, va: segVa, end: segEnd,
      entries: ot - of, old: oldDesc, new: nowDesc, live, then, slot: slot ?? null,
    });
    if (!live) continue;
    if (oldDesc.kind !== 'invalid' && run.kind === 'invalid' && then === null) {
      s.stale.push({ level: t.level, va: segVa, end: segEnd, desc: oldDesc, uniform: o.uniform, since: mm.step });
    }
    // a translation is a leaf: a new table entry only links leaves that the MMU-on check and later writes see
    if (run.kind === 'block' || run.kind === 'page') checkStale(mm, t.level, segVa, segEnd, nowDesc, via);
  }
  replace(t, from, to, run);
  // reachability only changes when a reachable table gains or loses a table entry
  if (s.reach !== null && s.reach.has(t.id)) {
    if (replacesTable) s.reach = null;
    else if (run.kind === 'table') reachableFrom(s.set, run.next, s.reach);
  }
  if (then === 'flush_tlb_all' && live) s.stale = [];
}

/** Reports translations made live over addresses the TLB may still map differently. */
export function checkStale(mm: Mm, level: Level, va: number, end: number, now: EntryDesc, via: string): void {
  for (const st of mm.s.stale) {
    if (st.end <= va || st.va >= end) continue;
    const at = Math.max(va, st.va);
    const staleDesc = st.uniform || st.desc.kind === 'table' || st.desc.kind === 'invalid' ? st.desc : withOa(st.desc, st.desc.oa + (at - st.va));
    const nowAt = now.kind === 'block' || now.kind === 'page' ? withOa(now, now.oa + (at - va)) : now;
    const reasons = conflictReasons(st.level, staleDesc, at, level, nowAt, at);
    if (reasons.length === 0) continue;
    mm.emit({
      kind: 'tlb-conflict', step: mm.step, via, level, va: at, end: Math.min(end, st.end), stale: staleDesc, staleLevel: st.level,
      now: nowAt, reasons, since: st.since,
    });
  }
}

/** flush_tlb_all() and friends: the TLB holds nothing stale any more. */
export function tlbi(mm: Mm, fn: 'flush_tlb_all' | 'local_flush_tlb_all' | 'tlbi vmalle1'): void {
  mm.s.stale = [];
  mm.emit({ kind: 'tlbi', step: mm.step, fn });
}

/** __phys_to_virt(pa) with the memstart_addr in force (the v4.6+ initial -1 read as 0 for the address shown). */
export function linearVa(mm: Mm, pa: number): number {
  // unsigned long arithmetic: a pa below memstart_addr wraps below 2^64 as in the kernel
  return wrapU64(mm.ctx.layout.PAGE_OFFSET + pa - (mm.s.memstart ?? 0));
}

/** The live TTBR1 tables translate __va(pa) to pa. */
export function linearMapped(mm: Mm, pa: number): boolean {
  const { s } = mm;
  if (!s.mmu || s.ttbr1 === null || s.memstart === null) return false;
  // by page: a kernel VA (2^64 - 2^39 and up) is a double with 11 bits below its last exact one, so the offset
  // of a struct resource inside its page (0xffff3f80) is gone in linearVa(); a mapping is per page anyway
  const page = pa - (pa % PAGE_SIZE);
  return translate(s.set, s.ttbr1, linearVa(mm, page))?.pa === page;
}

/**
 * __phys_to_virt(pa) to the bit, as a 64-bit unsigned value: v4.4
 * `(x) - PHYS_OFFSET + PAGE_OFFSET` (rivsidn/linux-4.4.155@a1961d75
 * asm/memory.h:81), v4.6+ `((x) - PHYS_OFFSET) | PAGE_OFFSET`
 * (chenlihao92/archlinux-4.6.5@b9b6ded1 memory.h:94,
 * calebwilliamsd/linux-4.7.4-casio@01851de9 memory.h:114), PHYS_OFFSET being
 * memstart_addr, -1 until arm64_memblock_init() sets it on v4.6+ (A46
 * mm/init.c:57): __va(0xfffff000) is then PAGE_OFFSET | 0xfffff001, which a
 * number cannot hold.
 */
export function linearVaExact(mm: Mm, pa: number): bigint {
  const d = BigInt.asUintN(64, BigInt(pa) - BigInt(mm.s.memstart ?? -1));
  const pageOffset = BigInt(mm.ctx.layout.PAGE_OFFSET);
  return mm.ctx.scenario.kernel.key >= V4_6 ? d | pageOffset : BigInt.asUintN(64, d + pageOffset);
}

/** Records a __va() dereference of RAM (memset, memcpy, a struct page, an unflattened node). */
export function linearAccess(mm: Mm, via: string, what: string, pa: number): boolean {
  const mapped = linearMapped(mm, pa);
  mm.emit({ kind: 'linear-access', step: mm.step, via, what, pa, va: linearVaExact(mm, pa), memstartSet: mm.s.memstart !== null, mapped });
  return mapped;
}

/**
 * Whether the live TTBR1 tables have tables down to `level` for `va`: a
 * fixmap page slot needs bm_pte hooked in (level 3), the FDT window bm_pmd
 * (level 2).
 */
export function pathTo(mm: Mm, va: number, level: Level): boolean {
  const { s } = mm;
  if (!s.mmu || s.ttbr1 === null) return false;
  let t = tableOf(s.set, s.ttbr1);
  while (t.level < level) {
    const r = runAt(t, indexOf(t, va));
    if (r.kind !== 'table') return false;
    t = tableOf(s.set, r.next);
  }
  return true;
}

export interface AllocRequest {
  readonly level: Level;
  readonly pages: number;
  /** VA entry 0 of the new table translates */
  readonly vaBase: number;
  readonly allocator: Allocator;
  readonly via: string;
  readonly name?: string;
}

/** a new table's name says its level in the kernel's words (the pgd level at 4 levels) */
const LEVEL_NAMES = ['pgd', 'pud', 'pmd', 'pte'] as const;

/** the names tables get, made once each: a long order allocates tens of thousands of tables, few names */
const TABLE_NAMES = new Map<number, string>();
const ORIGINS: readonly (Origin | null)[] = [null, 'static', 'memblock', 'page allocator'];

/** "pmd", "pmd ×64", "pmd (memblock)", "pte (page allocator)": a new table's name, by level, pages and origin */
function tableName(level: Level, pages: number, origin: Origin | null): string {
  const key = (pages * 4 + level) * ORIGINS.length + ORIGINS.indexOf(origin);
  let name = TABLE_NAMES.get(key);
  if (name === undefined) {
    const base = `${LEVEL_NAMES[level]}${pages > 1 ? ` ×${pages}` : ''}`;
    name = origin === null ? base : `${base} (${origin})`;
    TABLE_NAMES.set(key, name);
  }
  return name;
}

const ALLOC_WHAT: Readonly<Record<Allocator, string>> = {
  early_alloc: '__va(memblock_alloc())',
  early_pgtable_alloc: 'memblock_alloc() zeroed through FIX_PTE',
  late_alloc: '__get_free_page()',
  memblock_virt_alloc: 'memblock_virt_alloc() (__va + memset)',
  none: 'no allocator',
};

/**
 * A new table page (or group of pages) the way the allocator gets it, with a
 * table-alloc event that says whether the kernel can write it: early_alloc
 * and memblock_virt_alloc memset it through the linear map, so it must be
 * mapped there. Null when there is no page at all: create_mapping_noalloc()
 * has no allocator (alloc_init_pud/pmd/pte()'s BUG_ON(!pgtable_alloc), A46
 * mm/mmu.c:127,191,258: the NULL allocator create_mapping_noalloc() passes)
 * or memblock finds no page (memblock_alloc() panics, memblock.ts
 * MEMBLOCK_ALLOC_PANIC). Either stops the boot: ModelState.bug is set and
 * the caller installs nothing.
 */
export function allocTable(mm: Mm, req: AllocRequest): Table | null {
  const { s } = mm;
  const bytes = req.pages * PAGE_SIZE;
  let pa: number | null = null;
  let reachable = true;
  let why = '';
  const limit = req.allocator === 'early_alloc' ? s.memblock.limit : null;
  if (req.allocator === 'none') {
    reachable = false;
    why = 'create_mapping_noalloc() has no allocator: BUG_ON(!pgtable_alloc)';
  } else {
    pa = alloc(s.memblock, bytes, PAGE_SIZE, limit);
    if (pa === null) {
      reachable = false;
      why = noPageWhy(mm, limit);
    } else if (req.allocator === 'early_alloc' || req.allocator === 'memblock_virt_alloc') {
      const mappedFirst = linearMapped(mm, pa);
      const mappedLast = linearMapped(mm, pa + bytes - PAGE_SIZE);
      if (req.allocator === 'memblock_virt_alloc') linearAccess(mm, req.via, `${req.pages === 1 ? 'a table page' : `${req.pages} table pages`} at level ${req.level}`, pa);
      if (!mappedFirst || !mappedLast) {
        reachable = false;
        why = s.memstart === null
          ? '__va() with memstart_addr still -1 (arm64_memblock_init has not run)'
          : `__va(0x${hexDigits(pa)}) is not mapped by the live tables: memset() faults`;
      }
    }
  }
  const origin: Origin = req.allocator === 'late_alloc' ? 'page allocator' : 'memblock';
  const level = tableName(req.level, req.pages, null);
  const name = pa === null ? level : req.name ?? tableName(req.level, req.pages, origin);
  mm.emit({
    kind: 'table-alloc', step: mm.step, via: req.via, table: name, level: req.level, pages: req.pages, pa, allocator: req.allocator,
    reachable, why: why === '' ? ALLOC_WHAT[req.allocator] : why, limit, empty: s.memblock.memory.length === 0,
  });
  if (pa === null) {
    s.bug = true;
    return null;
  }
  return newTable(s.set, { name, level: req.level, origin, pa, pages: req.pages, vaBase: req.vaBase, shared: false });
}

/** why memblock_alloc() found no page: no RAM added yet, or none free (below `limit`, when there is one) */
function noPageWhy(mm: Mm, limit: number | null): string {
  return mm.s.memblock.memory.length === 0
    ? 'memblock has no memory yet (early_init_dt_scan() adds it in setup_machine_fdt; efi_init() when booted through UEFI): memblock_alloc() finds nothing'
    : limit === null
      ? 'memblock has no free page left: the earlier allocations took all of the RAM'
      : `memblock has no free page below the limit 0x${hexDigits(limit)}`;
}

/**
 * A fresh page-table page for a pXd_set_fixmap(phys) step (`level` 0–3 =
 * pgd…pte), the way early_pgtable_alloc() gets one: memblock_alloc(PAGE_SIZE,
 * PAGE_SIZE) (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/mmu.c:74-80).
 * Its physical address, or null when memblock has no free page:
 * memblock_alloc() panics, so this emits the same unreachable table-alloc
 * event as allocTable()'s failure (pgtable-alloc-outside-map reports it),
 * stops the step (ModelState.bug) and no address is made up. The page is
 * not a Table of the model: no walk reaches it.
 */
export function fixmapTablePage(mm: Mm, level: Level, via: string): number | null {
  const { s } = mm;
  if (s.bug) return null;
  const pa = alloc(s.memblock, PAGE_SIZE, PAGE_SIZE, null);
  if (pa !== null) return pa;
  mm.emit({
    kind: 'table-alloc', step: mm.step, via, table: tableName(level, 1, null), level, pages: 1, pa: null, allocator: 'early_pgtable_alloc',
    reachable: false, why: noPageWhy(mm, null), limit: null, empty: s.memblock.memory.length === 0,
  });
  s.bug = true;
  return null;
}

/**
 * A memblock allocation of data (`size` bytes, aligned to `align`, below
 * `limit`; null = anywhere): its physical address, or null when nothing
 * fits. Then the kernel's allocator panics (memblock.ts dataAllocPanic,
 * with the sources), so an alloc-fail event says what failed, the step
 * stops (ModelState.bug) and the caller touches no memory: no address is
 * made up for an allocation the kernel never returns.
 */
export function allocData(mm: Mm, req: { readonly what: string; readonly size: number; readonly align: number; readonly limit: number | null; readonly allocator: DataAllocator; readonly via: string }): number | null {
  const { memblock } = mm.s;
  // the step already stopped at a failed allocation (a table's or an earlier one): the kernel never gets here
  if (mm.s.bug) return null;
  const pa = alloc(memblock, req.size, req.align, req.limit);
  if (pa !== null) return pa;
  const free = largestFree(memblock, req.limit, req.align);
  mm.emit({
    kind: 'alloc-fail', step: mm.step, via: req.via, what: req.what, size: req.size, allocator: req.allocator,
    largestFree: free.range, largestFit: free.fit, align: req.align, empty: memblock.memory.length === 0, limit: req.limit,
  });
  mm.s.bug = true;
  return null;
}

/** memblock_free() of a table page, or the page allocator's free: the table is gone. */
export function freeTable(mm: Mm, t: Table, via: string): void {
  if (t.freed) return;
  t.freed = true;
  if (t.origin !== 'page allocator') free(mm.s.memblock, t.pa, t.pa + t.pages * PAGE_SIZE);
  mm.emit({ kind: 'table-free', step: mm.step, via, table: t.name, pa: t.pa });
}

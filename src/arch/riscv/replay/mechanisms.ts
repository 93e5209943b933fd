/**
 * The mechanisms the riscv effects and the implicit boot steps share:
 * accesses checked against the live root, fixmap sets/uses/fences,
 * set_memory_*() on whole leaves, memblock's view of memory.
 */
import type { PermFn } from '../effects.js';
import { btmapSlotName, fixToVirt, slotIndex, type SlotName } from '../fixmap.js';
import { efiObjectPa, firstFreeSlot, slotHolding, withSlot, type EfiObject } from '../../early-ioremap.js';
import { alignDown, alignUp, PAGE_SIZE } from '../geometry.js';
import { RW } from '../profile.js';
import type { Interval } from '../types.js';
import { dtbOffset, dtbPages, linearVa, type ReplayContext } from './context.js';
import type { Conflict, KeptSection, RiscvEvent, StepRef, Via } from './events.js';
import { brokenNeed, aliasPerms, needsOf, ownersIn } from './owners.js';
import { changePerm, firstHole, covering, permsOver } from './pagetables.js';
import type { AllocPlace, ModelState } from './state.js';
import { KERN_VIRT_START } from '../layout.js';
import type { SectionName } from '../image.js';

export type Emit = (event: RiscvEvent) => void;

/**
 * PFN_PHYS(max_low_pfn): 0 until setup_bootmem() sets it (a zero-initialised global of mm/memblock.c; R510 mm/init.c:181-183,
 * R512:113-132, R514:188-208), then the end of DRAM as setup_bootmem() read it: 5.12 takes dram_end before
 * memblock_enforce_memory_limit() (MAX_LOW_BEFORE_LIMIT), so with more than -PAGE_OFFSET of RAM __va() of it wraps
 * past 2^64 and protect_kernel_text_data()'s set_memory_nx(_data … max_low) fails (helper-182, 1). Kept as set:
 * efi_init() replacing memblock.memory afterwards does not change it.
 */
export function maxLowPa(s: ModelState): number {
  return s.memoryLimited ? s.maxLowPa : 0;
}

/** A memblock allocation as the model places it: [pa, end) physical, and what is known of it. */
export interface Placed {
  readonly pa: number;
  readonly end: number;
  readonly place: AllocPlace;
}

/**
 * memblock_alloc*() as the model places it: top down (memblock's default),
 * the highest free `align`-aligned range below min(end of memory, maxAddr)
 * that misses the kernel, the DTB and every earlier allocation
 * (mm/memblock.c __memblock_find_range_top_down: cand = round_down(this_end
 * - size, align)). An allocation of unknown size (size null) is placed as its
 * last page, which is exact for its end (SMP_CACHE_BYTES or page alignment
 * below a page-aligned top), but makes every later place an upper bound.
 * Null while memblock knows no memory (or nothing fits).
 *
 * The search: a candidate that overlaps something taken moves below the
 * start of what it overlaps (no free place lies between: every place above
 * that start still overlaps it), so the answer does not depend on which of
 * several it picks. The banks are whole pages (checks.ts checkBanks,
 * limitMemory keeps GiB), so "top - need >= bank.start" holds exactly when
 * the candidate does. Earlier allocations are kept merged into runs sorted by
 * address (s.allocs): the usual top-down packing is one run, a candidate
 * finds what it overlaps by binary search, and an allocation costs
 * O(log runs) instead of a scan of every earlier allocation per candidate
 * (cubic per file: 2,040 riscv paging_init calls took 20 s; review 17b, 2.2).
 *
 * @param size bytes, from the kernel source; null when not modeled
 * @param maxAddr the allocator's max_addr (memblock_alloc_low(): ARCH_LOW_ADDRESS_LIMIT), exclusive; null = no limit
 */
export function memblockAlloc(ctx: ReplayContext, s: ModelState, what: string, size: number | null, maxAddr: number | null): Placed | null {
  const need = size ?? PAGE_SIZE;
  const fit = topDownFit(ctx, s, need, maxAddr);
  if (fit === null) return null;
  const place: AllocPlace = { size, below: s.allocUnknown };
  addRun(s.allocs, fit.pa, fit.pa + need);
  if (size === null) s.allocUnknown ??= what;
  return { pa: fit.pa, end: fit.pa + need, place };
}

/** What memblockAlloc() does not place into: the kernel image and the DTB's pages (physical, bytes). */
function fixedTaken(ctx: ReplayContext): Interval[] {
  return [{ start: ctx.loadPa, end: ctx.loadPa + ctx.image.size }, dtbPages(ctx)];
}

/**
 * memblockAlloc()'s search without the taking: the page-aligned start (pa, bytes) of the highest free range of
 * `need` bytes below min(bank end, maxAddr), and the start of the bank it lies in; null when nothing fits.
 */
function topDownFit(ctx: ReplayContext, s: ModelState, need: number, maxAddr: number | null): { pa: number; bankStart: number } | null {
  const fixed = fixedTaken(ctx);
  for (let i = s.memory.length - 1; i >= 0; i--) {
    const bank = s.memory[i];
    if (bank === undefined) continue;
    let top = maxAddr === null ? bank.end : Math.min(bank.end, maxAddr);
    while (top - need >= bank.start) {
      const pa = alignDown(top - need, PAGE_SIZE);
      const hit = lowestHit(fixed, s.allocs, pa, pa + need);
      if (hit === undefined) return { pa, bankStart: bank.start };
      // strictly lower: hit.start < pa + need <= top
      top = hit;
    }
  }
  return null;
}

/**
 * The highest run of free pages, [start, end) physical (bytes, both page-aligned): `end - PAGE_SIZE` is the
 * page memblockAlloc(PAGE_SIZE) would return next, and one-page allocations repeated take the run's pages from
 * the top down, then go on below it. Null when no page is free. What lies just below the run is the bank's
 * start or something taken (the kernel, the DTB's pages, an earlier allocation, rounded up to a page).
 */
export function highestFreePages(ctx: ReplayContext, s: ModelState): Interval | null {
  const fit = topDownFit(ctx, s, PAGE_SIZE, null);
  if (fit === null) return null;
  // nothing taken overlaps the page at fit.pa, so whatever starts below it also ends at or below it
  let floor = fit.bankStart;
  for (const t of fixedTaken(ctx)) if (t.start < fit.pa && t.end > floor) floor = t.end;
  const below = s.allocs[runsBelow(s.allocs, fit.pa) - 1];
  if (below !== undefined && below.end > floor) floor = below.end;
  return { start: alignUp(floor, PAGE_SIZE), end: fit.pa + PAGE_SIZE };
}

/** Whether the byte at `pa` (physical) lies in an allocation the model placed (s.allocs). */
export function allocated(s: ModelState, pa: number): boolean {
  const run = s.allocs[runsBelow(s.allocs, pa + 1) - 1];
  return run !== undefined && pa < run.end;
}

/**
 * Takes [start, end) (physical, bytes) as memblock allocations of known size that the caller placed clear of
 * everything taken (highestFreePages()), the way memblockAlloc() records its own.
 */
export function takeRange(s: ModelState, start: number, end: number): void {
  addRun(s.allocs, start, end);
}

/**
 * The lowest start of what [lo, hi) overlaps (an interval [a, b) overlaps it
 * when lo < b and hi > a, as memblockAlloc has always tested: an empty
 * interval strictly inside counts), among `fixed` and the sorted disjoint
 * `runs`; undefined when it overlaps nothing.
 */
function lowestHit(fixed: readonly Interval[], runs: readonly Interval[], lo: number, hi: number): number | undefined {
  let best: number | undefined;
  for (const t of fixed) if (lo < t.end && hi > t.start && (best === undefined || t.start < best)) best = t.start;
  // the runs that start below hi, from the last one down, while they still end above lo
  for (let k = runsBelow(runs, hi) - 1; k >= 0; k--) {
    const r = runs[k] as Interval;
    if (r.end <= lo) break;
    if (best === undefined || r.start < best) best = r.start;
  }
  return best;
}

/** How many of the sorted `runs` start below `x` (binary search). */
function runsBelow(runs: readonly Interval[], x: number): number {
  let a = 0;
  let b = runs.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((runs[m] as Interval).start < x) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Adds [start, end) to the runs (sorted by start, disjoint), merged with the
 * runs it touches. It overlaps none (memblockAlloc placed it clear of them).
 * Replaces run objects, never changes one: clones of the state share them.
 */
function addRun(runs: Interval[], start: number, end: number): void {
  let k = runsBelow(runs, start);
  let lo = start;
  let hi = end;
  let from = k;
  const before = runs[k - 1];
  if (before !== undefined && before.end >= start) {
    lo = before.start;
    hi = Math.max(hi, before.end);
    from = k - 1;
  }
  while (k < runs.length && (runs[k] as Interval).start <= end) {
    hi = Math.max(hi, (runs[k] as Interval).end);
    k++;
  }
  runs.splice(from, k - from, { start: lo, end: hi });
}

export interface AccessSpec {
  readonly what: string;
  readonly via: Via;
  readonly dtb: boolean;
  readonly write: boolean;
  /** page-aligned VA range */
  readonly va: number;
  readonly vaEnd: number;
  /** bytes from va to the first byte accessed (the DTB's offset in its page; 0 for page accesses) */
  readonly offset: number;
  readonly pa: number | null;
  /** for a memblock allocation, what the model knows of it */
  readonly alloc?: AllocPlace;
}

/** An access through a virtual address, checked against the root satp points at now. */
export function access(s: ModelState, step: StepRef, a: AccessSpec, emit: Emit): void {
  const root = s.satp;
  if (root === 'bare') {
    emit({ kind: 'access', step, ...a, alloc: a.alloc ?? null, root, mapped: true, hole: null, mapping: null });
    return;
  }
  const mappings = s.roots[root];
  const hole = firstHole(mappings, a.va, a.vaEnd);
  emit({ kind: 'access', step, ...a, alloc: a.alloc ?? null, root, mapped: hole === null, hole, mapping: covering(mappings, a.va)?.kind ?? null });
}

/**
 * A linear-map access to a memblock allocation (memblock_alloc* return
 * __va(pa) and the caller writes it): the whole object when its size is
 * modeled, its last page when not.
 */
export function memblockAccess(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, size: number | null, maxAddr: number | null, emit: Emit): Placed | null {
  const placed = memblockAlloc(ctx, s, what, size, maxAddr);
  if (placed === null) return null; // no memory yet: the need for the FDT says why
  placedAccess(ctx, s, step, what, true, placed, emit);
  return placed;
}

/** An access through the linear map to an object the model placed with memblockAlloc(). */
export function placedAccess(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, write: boolean, placed: Placed, emit: Emit): void {
  const va = linearVa(ctx, placed.pa);
  access(s, step, { what, via: 'linear', dtb: false, write, va, vaEnd: va + (placed.end - placed.pa), offset: 0, pa: placed.pa, alloc: placed.place }, emit);
}

/**
 * The DTB's pages as seen through a VA whose page `page` holds its first
 * byte: [page, page + alignUp(offset + dtb_size, PAGE_SIZE)). The sum stays
 * in whole pages, so it is exact up to 2^64 and a DTB of any size covers at
 * least one page; page + offset itself is never formed (near 2^64 a double
 * steps by 2048: a 1 KiB DTB would add nothing).
 */
function dtbRange(ctx: ReplayContext, page: number): { va: number; vaEnd: number; offset: number } {
  const offset = dtbOffset(ctx);
  return { va: page, vaEnd: page + alignUp(offset + ctx.dtbSize, PAGE_SIZE), offset };
}

/** A read of the FDT through the VA whose page is `page` (dtb_early_va, initial_boot_params or __va(dtb_early_pa)). */
export function fdtAccess(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, page: number, via: Via, emit: Emit): void {
  access(s, step, { what, via, dtb: true, write: false, ...dtbRange(ctx, page), pa: ctx.dtbPa }, emit);
}

// ---------------------------------------------------------------------------
// fixmap

function slotVa(ctx: ReplayContext, slot: SlotName): number {
  return fixToVirt(ctx.va.FIXADDR_TOP, slotIndex(slot));
}

/** __set_fixmap(idx, pa, prot): set_pte, then local_flush_tlb_page(addr) unless the pre-5.9 policy skips it on set. */
export function fixmapSet(ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName, pa: number | null, what: string, count: number, emit: Emit, heldUntil?: string): void {
  const fenced = ctx.scenario.config.set_fixmap_fence === 'set-and-clear';
  s.fixmap[slot] = { pa: pa ?? 0, pending: !fenced, setBy: step };
  emit({ kind: 'fixmap-set', step, slot, idx: slotIndex(slot), vaddr: slotVa(ctx, slot), clear: false, pa, fenced, count, what, ...(heldUntil !== undefined ? { heldUntil } : {}) });
}

/** clear_fixmap(idx): pte_clear, then local_flush_tlb_page(addr) (every policy flushes on clear). */
export function fixmapClear(ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName, what: string, count: number, emit: Emit): void {
  delete s.fixmap[slot];
  emit({ kind: 'fixmap-set', step, slot, idx: slotIndex(slot), vaddr: slotVa(ctx, slot), clear: true, pa: null, fenced: true, count, what });
}

export function fixmapUse(ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName, what: string, emit: Emit): void {
  const st = s.fixmap[slot];
  emit({ kind: 'fixmap-use', step, slot, vaddr: slotVa(ctx, slot), pending: st?.pending ?? false, setBy: st?.setBy ?? step, what });
}

/** The end of the highest RAM bank (0 without RAM). */
function ramEnd(ctx: ReplayContext): number {
  return ctx.scenario.machine.banks.reduce((m, b) => Math.max(m, b.end), 0);
}

/**
 * early_memremap() (mm/early_ioremap.c __early_ioremap()): the first free slot of the 7, its first page set
 * through __early_set_fixmap = __set_fixmap (the model maps one page), the slot held (prev_map[slot]).
 * Returns the slot's name, or null when all 7 are held (WARN_ON, NULL: nothing mapped).
 * early_memremap_ro() is the same here: riscv has no PAGE_KERNEL_RO, so include/linux/pgtable.h makes it
 * PAGE_KERNEL and FIXMAP_PAGE_RO with it (ejga2001/linux-5.10.7@d71d8a76 include/linux/pgtable.h:1397-1398,
 * include/asm-generic/fixmap.h:50-51).
 */
export function earlyMemremap(ctx: ReplayContext, s: ModelState, step: StepRef, req: EarlyMemremap, emit: Emit): SlotName | null {
  const slot = firstFreeSlot(s.btmap);
  if (slot === null) return null;
  const pa = req.object === undefined ? null : efiObjectPa(req.object, ramEnd(ctx));
  const name = btmapSlotName(slot);
  fixmapSet(ctx, s, step, name, pa, `early_memremap(): ${req.what} (early_ioremap slot ${slot}${req.note})`, 1, emit, req.releasedAfterSetupArch);
  const hold = { what: req.what, pa: pa ?? 0, step };
  s.btmap = withSlot(s.btmap, slot, req.releasedAfterSetupArch === undefined ? hold : { ...hold, releasedAfterSetupArch: req.releasedAfterSetupArch });
  return name;
}

/** What an early_memremap maps: the catalog's name for it, which EFI object (else no known address), the trace's note. */
export interface EarlyMemremap {
  readonly what: string;
  readonly object: EfiObject | undefined;
  /** appended to the slot in the trace (", held", …) */
  readonly note: string;
  /** BtmapHold.releasedAfterSetupArch */
  readonly releasedAfterSetupArch: string | undefined;
}

/** early_memunmap() of what a slot holds: clear_fixmap (flushes), the slot free; nothing when no slot holds it. */
export function earlyMemunmap(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, by: string, emit: Emit): void {
  const slot = slotHolding(s.btmap, what);
  if (slot === null) return;
  fixmapClear(ctx, s, step, btmapSlotName(slot), `${by}: ${what} (early_ioremap slot ${slot} free)`, 1, emit);
  s.btmap = withSlot(s.btmap, slot, null);
}

/** A read through the slot holding `what` (nothing when none does). */
export function readEarlyMemremap(ctx: ReplayContext, s: ModelState, step: StepRef, what: string, by: string, emit: Emit): void {
  const slot = slotHolding(s.btmap, what);
  if (slot !== null) fixmapUse(ctx, s, step, btmapSlotName(slot), `${by} reads ${what}`, emit);
}

/**
 * Before the first step after setup_arch(): what the kernel unmaps once setup_arch() has returned (an
 * early_initcall, before kernel_init()'s free_initmem and mark_rodata_ro).
 */
export function releaseAfterSetupArch(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  for (const h of s.btmap) {
    if (h?.releasedAfterSetupArch !== undefined) earlyMemunmap(ctx, s, step, h.what, h.releasedAfterSetupArch, emit);
  }
}

/** A full sfence.vma (local_flush_tlb_all, flush_tlb_all, the satp switches). */
export function fullFence(s: ModelState, step: StepRef, what: string, emit: Emit): void {
  const cleared: SlotName[] = [];
  for (const [slot, st] of Object.entries(s.fixmap) as [SlotName, ModelState['fixmap'][SlotName]][]) {
    if (st?.pending === true) {
      cleared.push(slot);
      s.fixmap[slot] = { ...st, pending: false };
    }
  }
  emit({ kind: 'fence', step, what, cleared });
}

// ---------------------------------------------------------------------------
// permissions

/**
 * set_memory_<fn>(start, end) through init_mm (swapper_pg_dir): whole leaves
 * change; the owners of the leaf parts outside [start, end) whose needs the
 * change breaks are its conflicts. __set_memory ends with
 * flush_tlb_kernel_range() (a full flush on riscv).
 */
export function setMemory(ctx: ReplayContext, s: ModelState, step: StepRef, fn: PermFn, alias: 'kernel' | 'linear', start: number, end: number, what: string, emit: Emit): void {
  if (end <= start) return;
  // init_mm's tables are swapper_pg_dir: before setup_vm_final fills it, the walk finds holes and skips them
  const hole = s.linearFinal ? null : firstHole(s.roots.swapper, start, end);
  if (hole !== null) emit({ kind: 'perm-lost', step, fn: `set_memory_${fn}`, alias, start, end, hole, what, satp: s.satp });
  const { mappings, changes } = changePerm(s.roots.swapper, start, end, fn);
  s.roots.swapper = mappings;
  for (const c of changes) {
    const spill = [...ownersIn(ctx, c.mapping, c.leafStart, c.lo), ...ownersIn(ctx, c.mapping, c.hi, c.leafEnd)];
    const conflicts: Conflict[] = [];
    for (const o of spill) {
      const need = brokenNeed(needsOf(ctx, s, o.name), c.mapping.perm, c.after);
      if (need !== undefined) conflicts.push({ owner: o.name, start: o.start, end: o.end, need });
    }
    for (const o of ownersIn(ctx, c.mapping, c.leafStart, c.leafEnd)) {
      if (o.name !== 'ram' && o.name !== 'bpf' && o.name !== 'padding') s.touched.add(o.name);
    }
    emit({
      kind: 'perm-change', step, fn: `set_memory_${fn}`, alias, start, end, leafStart: c.leafStart, leafEnd: c.leafEnd,
      leaf: c.mapping.leaf, before: c.mapping.perm, after: c.after, what, conflicts,
    });
  }
  if (changes.length > 0 && Object.values(s.fixmap).some((x) => x?.pending === true)) fullFence(s, step, `${what}: flush_tlb_kernel_range()`, emit);
}

/**
 * A set_memory_*() whose end lies below its start: -EINVAL before any walk (events.ts PermFailedEvent), so
 * nothing changes. Records what the image sections from `start` to _end in that alias keep.
 */
export function failedSetMemory(
  ctx: ReplayContext, s: ModelState, step: StepRef, fn: PermFn, alias: 'kernel' | 'linear',
  range: { start: number; end: number; fromSym: string; toSym: string; maxLowPa: number | null }, what: string, emit: Emit,
): void {
  const base = alias === 'kernel' ? ctx.va.kernelVirt : ctx.va.PAGE_OFFSET;
  const kind = alias === 'kernel' && ctx.profile.kernelOutsideLinear ? 'kernel' : 'linear';
  const kept: KeptSection[] = [];
  for (const sec of ctx.image.sections) {
    const start = Math.max(base + sec.start, range.start);
    const end = base + sec.end;
    if (start >= end) continue;
    const perm = permsOver(s.roots.swapper, kind, start, end);
    if (perm !== null) kept.push({ section: sec.name, start, end, perm });
  }
  emit({ kind: 'perm-failed', step, fn: `set_memory_${fn}`, alias, ...range, what, kept });
}

/**
 * After a step that changed permissions: the sections (touched by a
 * set_memory_*) whose aliases now disagree — writable in one and executable
 * in another, or writable although the section is read-only.
 */
export function checkAliases(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  // up to 5.12 the kernel lies in the linear map: one mapping, no second alias to disagree with
  if (!ctx.profile.kernelOutsideLinear) return;
  for (const sec of ctx.image.sections) {
    if (!s.touched.has(sec.name)) continue;
    const needs = needsOf(ctx, s, sec.name);
    const { kernel, linear } = aliasPerms(ctx, s, sec.name);
    const perms = [kernel, linear].filter((p) => p !== null);
    const anyW = perms.some((p) => p.w);
    const anyX = perms.some((p) => p.x);
    // W+X within one alias is no disagreement between them: it is what that alias kept (set-memory-failed reports
    // the failed set_memory_nx that leaves 5.13-rc1 … rc4's .data/.bss so)
    const splitWx = anyW && anyX && !perms.some((p) => p.w && p.x);
    const why = needs.length === 0 ? null : splitWx ? 'w+x' : needs.includes('readonly') && anyW ? 'ro-writable' : null;
    if (why === null) {
      s.aliasBad.delete(sec.name);
      continue;
    }
    if (s.aliasBad.has(sec.name)) continue;
    s.aliasBad.add(sec.name);
    emit({
      kind: 'alias-disagree', step, section: sec.name, pa: ctx.loadPa + sec.start, paEnd: ctx.loadPa + sec.end,
      kernelVa: ctx.va.kernelVirt + sec.start, linearVa: ctx.va.PAGE_OFFSET + sec.start,
      kernelPerm: kernel ?? RW, linearPerm: linear ?? kernel ?? RW, why,
    });
  }
}

/**
 * debug_checkwx() → ptdump_check_wx() (R510 mm/ptdump.c:222-235,297-322; the same walk in R512 and R514): the
 * leaves of swapper from KERN_VIRT_START up whose PTE has both _PAGE_WRITE and _PAGE_EXEC, as one event (an empty
 * list is the kernel's "passed"). Leaves that touch in VA and PA are one range; each names the image sections
 * its physical pages hold (by PA, so either alias of the kernel names them).
 */
export function checkWx(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  const ranges: { start: number; end: number; pa: number; sections: SectionName[] }[] = [];
  const wx = s.roots.swapper.filter((m) => m.leaf > 0 && m.perm.w && m.perm.x && m.start >= KERN_VIRT_START).sort((a, b) => a.start - b.start);
  for (const m of wx) {
    const last = ranges.at(-1);
    if (last !== undefined && last.end === m.start && last.pa + (last.end - last.start) === m.pa) last.end = m.end;
    else ranges.push({ start: m.start, end: m.end, pa: m.pa, sections: [] });
  }
  let pages = 0;
  for (const r of ranges) {
    pages += (r.end - r.start) / PAGE_SIZE;
    const pa = { start: r.pa, end: r.pa + (r.end - r.start) };
    for (const sec of ctx.image.sections) {
      if (ctx.loadPa + sec.start < pa.end && pa.start < ctx.loadPa + sec.end) r.sections.push(sec.name);
    }
  }
  emit({ kind: 'wx-check', step, ranges, pages });
}

// ---------------------------------------------------------------------------
// memblock

/** memblock_enforce_memory_limit(limit): keeps the first `limit` bytes of memory, in address order. */
export function limitMemory(memory: readonly Interval[], limit: number): Interval[] {
  const out: Interval[] = [];
  let left = limit;
  for (const r of memory) {
    if (left <= 0) break;
    const size = Math.min(r.end - r.start, left);
    out.push({ start: r.start, end: r.start + size });
    left -= size;
  }
  return out;
}

// ---------------------------------------------------------------------------


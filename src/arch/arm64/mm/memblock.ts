/**
 * memblock, as far as the early page tables care: the RAM it knows about,
 * what is reserved (the kernel, the DTB, everything allocated), and the
 * current limit. Allocations are top-down, like memblock_alloc() with the
 * default (bottom_up = false) policy: the highest free, aligned range below
 * the limit (mm/memblock.c __memblock_find_range_top_down).
 *
 * Intervals only: the cost does not depend on the amount of RAM.
 */
import { alignDown, alignUp, sizeText } from '../addr.js';
import { PAGE_SIZE } from '../geometry.js';
import type { Bank } from '../types.js';
import type { DataAllocator } from '../replay/events.js';
import { hexDigits } from '../../../units.js';
import { INIT_MEMBLOCK_REGIONS, memblockAddRanges } from '../../memblock-add.js';

/**
 * What memblock_alloc(PAGE_SIZE, PAGE_SIZE) does for a table page when nothing fits, v4.4–v4.7:
 * memblock_alloc() = memblock_alloc_base(size, align, MEMBLOCK_ALLOC_ACCESSIBLE), which panics instead of
 * returning 0 (rivsidn/linux-4.4.155@a1961d75 mm/memblock.c:1197-1213, chenlihao92/archlinux-4.6.5@b9b6ded1
 * :1208-1224, calebwilliamsd/linux-4.7.4-casio@01851de9 :1192-1208; MEMBLOCK_ALLOC_ACCESSIBLE is 0,
 * include/linux/memblock.h:307 (v4.4), :322 (v4.6, v4.7)). So early_alloc()'s and early_pgtable_alloc()'s
 * BUG_ON(!phys) (arch/arm64/mm/mmu.c:71 v4.4, :80 v4.6/v4.7) is never reached.
 */
export const MEMBLOCK_ALLOC_PANIC = `memblock_alloc_base() panics: "ERROR: Failed to allocate 0x${hexDigits(PAGE_SIZE)} bytes below 0x0." (mm/memblock.c)`;

export interface Interval {
  readonly start: number;
  /** exclusive */
  readonly end: number;
}

export interface Memblock {
  /** memblock.memory: empty until early_init_dt_scan() (or, booted through UEFI, efi_init()) adds the banks */
  memory: Interval[];
  /** memblock.reserved, sorted and merged */
  reserved: Interval[];
  /** memblock.current_limit; null = MEMBLOCK_ALLOC_ANYWHERE */
  limit: number | null;
  /** memblock_can_resize: memblock_allow_resize() has run (the end of arm64_memblock_init()), so the arrays grow past INIT_MEMBLOCK_REGIONS */
  resizable: boolean;
  /**
   * Where alloc() may start its next top-down search for the same request (size, align, limit, from): the
   * address it last placed one at. Nothing above it fitted then, and memblock_reserve() only takes space away,
   * so nothing above it fits now either; free() and addMemory() forget them. A cache, not state: the kernel
   * walks the same ranges and places the same address (helper-183 1: 64-byte struct resources at 128-byte
   * alignment leave a reserved fragment each, and every allocation walked all of them).
   */
  hints: AllocHint[] | null;
}

/**
 * One remembered search of alloc(): a request (size, align, limit, from; bytes and physical addresses, limit
 * null = none) and the address it last placed. Immutable, so a clone shares them. Few distinct requests occur
 * in an order (table pages, a few data sizes), so a short list searched by value beats a map keyed by a string
 * of the four numbers, whose formatting was most of an allocation's cost.
 */
interface AllocHint {
  readonly size: number;
  readonly align: number;
  readonly limit: number | null;
  readonly from: number;
  readonly at: number;
}

/** At most this many requests are remembered: an order of odd sizes then searches from the top, as without hints. */
const MAX_HINTS = 16;

/** The index of the request's hint in `hints` (-1: none). */
function hintIndex(hints: readonly AllocHint[], size: number, align: number, limit: number | null, from: number): number {
  for (let i = 0; i < hints.length; i++) {
    const h = hints[i] as AllocHint;
    if (h.size === size && h.align === align && h.limit === limit && h.from === from) return i;
  }
  return -1;
}

export function emptyMemblock(): Memblock {
  return { memory: [], reserved: [], limit: null, resizable: false, hints: null };
}

export function cloneMemblock(m: Memblock): Memblock {
  return { memory: m.memory.slice(), reserved: m.reserved.slice(), limit: m.limit, resizable: m.resizable, hints: m.hints === null ? null : m.hints.slice() };
}

/**
 * memblock_add() of each bank, in the order the firmware lists them, onto an
 * empty memblock.memory: sorted by base, banks that touch joined into one
 * region, as memblock_add_range() leaves them through
 * memblock_merge_regions() (`this->base + this->size == next->base`, same
 * node and flags, which the model's banks always share;
 * chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:450-473, called at :598).
 * Kept apart, two touching 1 GiB banks made an allocation across their seam
 * a false panic (helper-177). Before memblock_allow_resize() the array holds
 * INIT_MEMBLOCK_REGIONS regions and a bank that needs one more is refused
 * (src/arch/memblock-add.ts; helper-180 F5).
 *
 * @param capacity the array's entries before memblock_allow_resize() (Infinity: all the machine's RAM, as checks.ts asks)
 * @returns the banks memblock_add() refused (-ENOMEM, ignored by early_init_dt_add_memory_arch()), in bank order
 */
export function addMemory(m: Memblock, banks: readonly Bank[], capacity: number = INIT_MEMBLOCK_REGIONS): Bank[] {
  const resizable = m.resizable || capacity === Infinity;
  // the same banks give the same regions: a fix search replays the scenario's banks thousands of times (helper-183 1)
  const key = `${resizable}|${capacity}`;
  const known = ADDED.get(banks);
  let added = known?.get(key);
  if (added === undefined) {
    const ranges = banks.map((b) => ({ start: b.base, end: b.base + b.size, bank: b }));
    const r = memblockAddRanges([], ranges, resizable, capacity);
    added = { regions: r.regions.map((x) => ({ start: x.start, end: x.end })), refused: r.refused.map((x) => x.bank) };
    if (known === undefined) ADDED.set(banks, new Map([[key, added]]));
    else known.set(key, added);
  }
  m.memory = added.regions.slice();
  m.hints = null;
  return added.refused.slice();
}

/** addMemory's results by bank list (a scenario's, read-only) and resizability. */
const ADDED = new WeakMap<readonly Bank[], Map<string, { readonly regions: readonly Interval[]; readonly refused: readonly Bank[] }>>();

/** memblock_reserve(base, size): inserted in place, merged with the ranges it touches */
export function reserve(m: Memblock, start: number, end: number): void {
  const r = m.reserved;
  // the first range that ends at or after `start` (sorted and disjoint: their ends ascend too)
  let i = firstEndingFrom(r, start);
  let j = i;
  let s = start;
  let e = end;
  for (; j < r.length; j++) {
    const x = r[j];
    if (x === undefined || x.start > e) break;
    s = Math.min(s, x.start);
    e = Math.max(e, x.end);
  }
  const merged = { start: s, end: e };
  // most reservations extend one range (top-down allocations are adjacent): no splice, no garbage
  if (j - i === 1) r[i] = merged;
  else r.splice(i, j - i, merged);
}

/**
 * The number of leading `ranges` (sorted and disjoint, so their starts and ends both ascend) for which
 * `before` holds: a binary search, `before` being true on a prefix.
 */
function countBefore(ranges: readonly Interval[], before: (r: Interval) => boolean): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(ranges[mid] as Interval)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first range whose end is at or after `at` (ranges.length when none is). */
function firstEndingFrom(ranges: readonly Interval[], at: number): number {
  return countBefore(ranges, (r) => r.end < at);
}

/** The index of the last range that starts below `top` (-1 when none does). */
function lastStartingBelow(ranges: readonly Interval[], top: number): number {
  return countBefore(ranges, (r) => r.start < top) - 1;
}

/** memblock_free(base, size) */
export function free(m: Memblock, start: number, end: number): void {
  const out: Interval[] = [];
  for (const r of m.reserved) {
    if (r.end <= start || r.start >= end) out.push(r);
    else {
      if (r.start < start) out.push({ start: r.start, end: start });
      if (r.end > end) out.push({ start: end, end: r.end });
    }
  }
  m.reserved = out;
  m.hints = null;
}

/**
 * Why a data allocation of `size` bytes found nothing (AllocFailEvent): memblock had no RAM yet, or no
 * free range that large below the limit (the largest one it had), or, when the largest range is large
 * enough but starts off the allocation's alignment, that it holds less at that alignment.
 */
export function noRangeText(f: { readonly size: number; readonly largestFree: number; readonly largestFit: number; readonly align: number; readonly empty: boolean; readonly limit: number | null }): string {
  if (f.empty) return `memblock has no memory yet for its ${sizeText(f.size)}`;
  const below = f.limit === null ? '' : ` below 0x${hexDigits(f.limit)}`;
  // the range is there, only its start is off the alignment: "no free range of N (the largest is N)" contradicted itself (helper-177)
  if (f.largestFree >= f.size) return `memblock has no free range of ${sizeText(f.size)}${below} at ${sizeText(f.align)} alignment (the largest free range, 0x${hexDigits(f.largestFree)} bytes, starts off that alignment; at it no free range holds more than 0x${hexDigits(f.largestFit)} bytes)`;
  const largest = sizeText(f.largestFree);
  // 1886 MiB against 1885 MiB free both read "1.84 GiB": then the exact bytes say why it does not fit
  const exact = largest === sizeText(f.size) ? `: 0x${hexDigits(f.largestFree)} of the 0x${hexDigits(f.size)} bytes asked for` : '';
  return `memblock has no free range of ${sizeText(f.size)}${below} (the largest is ${largest}${exact})`;
}

/**
 * What the allocator of a data allocation (AllocFailEvent) does when nothing fits, v4.4–v4.7:
 * memblock_alloc() = memblock_alloc_base() panics with the size (MEMBLOCK_ALLOC_PANIC);
 * memblock_virt_alloc_try_nid() panics "%s: Failed to allocate %llu bytes align=… nid=… from=… max_addr=…";
 * alloc_bootmem_low() is ___alloc_bootmem(), which panics "Out of memory"
 * (chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:1215,1393, mm/nobootmem.c:284-292;
 * calebwilliamsd/linux-4.7.4-casio@01851de9 mm/memblock.c:1199,1377, mm/nobootmem.c:292; v4.4's
 * memblock_alloc_base() as MEMBLOCK_ALLOC_PANIC cites, its other two not read here).
 */
export function dataAllocPanic(allocator: DataAllocator, size: number): string {
  switch (allocator) {
    case 'memblock_alloc': return `memblock_alloc_base() panics: "ERROR: Failed to allocate 0x${hexDigits(size)} bytes below 0x0." (mm/memblock.c)`;
    case 'memblock_virt_alloc': return `memblock_virt_alloc_try_nid() panics: "memblock_virt_alloc_try_nid: Failed to allocate ${size} bytes …" (mm/memblock.c)`;
    case 'alloc_bootmem_low': return '___alloc_bootmem() panics: "Out of memory" (mm/nobootmem.c)';
  }
}

/**
 * The lowest address memblock hands out: memblock_find_in_range_node()
 * starts every search at max(start, PAGE_SIZE) ("avoid allocating the first
 * page", chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:210-211), so on
 * a machine with RAM at physical 0 the first page is never allocated (0 is
 * also its "failed" return).
 */
const FIRST_ALLOCATABLE = PAGE_SIZE;

/**
 * memblock_alloc(size, align) below `limit` (default: the current limit):
 * the physical address, reserved from now on, or null when nothing fits
 * (the kernel's memblock_alloc() panics then: MEMBLOCK_ALLOC_PANIC). Never
 * below FIRST_ALLOCATABLE, nor below `from` (memblock_alloc_range()'s start).
 */
export function alloc(m: Memblock, size: number, align: number, limit: number | null = m.limit, from = 0): number | null {
  const h = m.hints === null ? -1 : hintIndex(m.hints, size, align, limit, from);
  const hint = h < 0 ? undefined : (m.hints as AllocHint[])[h]?.at;
  const below = hint === undefined ? limit : limit === null ? hint : Math.min(limit, hint);
  for (let b = m.memory.length - 1; b >= 0; b--) {
    const bank = m.memory[b];
    if (bank === undefined) continue;
    let top = below === null ? bank.end : Math.min(bank.end, below);
    // walk down through the reserved ranges that overlap [bank.start, top), from the last one below top (a binary
    // search: with many banks, a scan from the end of memblock.reserved for every bank made each allocation
    // banks × reserved, helper-183 1)
    for (let r = lastStartingBelow(m.reserved, top); r >= -1 && top > bank.start; r--) {
      const res = r >= 0 ? m.reserved[r] : undefined;
      if (res !== undefined && res.start >= top) continue;
      const floor = Math.max(bank.start, res === undefined ? bank.start : res.end, FIRST_ALLOCATABLE, from);
      const start = alignDown(top - size, align);
      if (start >= floor && start + size <= top) {
        reserve(m, start, start + size);
        const placed: AllocHint = { size, align, limit, from, at: start };
        if (h >= 0) (m.hints as AllocHint[])[h] = placed;
        else if (m.hints === null) m.hints = [placed];
        else if (m.hints.length < MAX_HINTS) m.hints.push(placed);
        return start;
      }
      if (res === undefined) break;
      top = Math.min(top, res.start);
    }
  }
  return null;
}

/** memblock_is_region_reserved(base, size): whether [start, end) overlaps memblock.reserved */
export function isReserved(m: Memblock, start: number, end: number): boolean {
  return m.reserved.some((r) => r.start < end && start < r.end);
}

/**
 * The largest free range of memblock.memory below `limit` (null = anywhere),
 * in bytes (`range`: what the message of a failed allocation says was left),
 * and the largest size an allocation aligned to `align` bytes gets from the
 * free ranges (`fit`): __memblock_find_range_top_down() places at
 * round_down(end - size, align), which must not fall below the range's start
 * (chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:170-171), so a range
 * starting off alignment holds less: `end - round_up(start, align)`. A
 * range from physical 0 counts from FIRST_ALLOCATABLE. Linear in banks +
 * reserved ranges (both sorted).
 */
export function largestFree(m: Memblock, limit: number | null, align = 1): { readonly range: number; readonly fit: number } {
  let range = 0;
  let fit = 0;
  const see = (from: number, end: number): void => {
    const start = Math.max(from, FIRST_ALLOCATABLE);
    if (end <= start) return;
    range = Math.max(range, end - start);
    fit = Math.max(fit, end - alignUp(start, align));
  };
  let r = 0;
  for (const bank of m.memory) {
    const top = limit === null ? bank.end : Math.min(bank.end, limit);
    let at = bank.start;
    while (r < m.reserved.length && (m.reserved[r]?.end ?? 0) <= bank.start) r++;
    for (let k = r; k < m.reserved.length && at < top; k++) {
      const res = m.reserved[k];
      if (res === undefined || res.start >= top) break;
      see(at, res.start);
      at = Math.max(at, res.end);
    }
    see(at, top);
  }
  return { range, fit };
}

export function totalMemory(m: Memblock): number {
  return m.memory.reduce((n, r) => n + (r.end - r.start), 0);
}

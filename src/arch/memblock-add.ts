/**
 * memblock_add() of a machine's RAM ranges, one after the other, as
 * mm/memblock.c memblock_add_range() does it, shared by the architectures
 * whose firmware scan adds RAM before memblock may grow its arrays.
 *
 * memblock.memory starts in a static array of INIT_MEMBLOCK_REGIONS entries.
 * memblock_add_range() first counts the new regions a range needs (nr_new:
 * the pieces of it no region covers), and while `type->cnt + nr_new >
 * type->max` calls memblock_double_array(), which returns -1 until
 * memblock_allow_resize() has set memblock_can_resize; the add then fails
 * with -ENOMEM and adds nothing. Only after inserting does it merge regions
 * that touch (memblock_merge_regions()), so a range next to a region still
 * needs a free entry. The first range fills the "empty dummy entry" (cnt = 1,
 * size 0). early_init_dt_add_memory_arch() ignores memblock_add()'s result:
 * a refused bank is RAM the kernel never uses, and nothing is printed.
 *
 * Sources: chenlihao92/archlinux-4.6.5@b9b6ded1 mm/memblock.c:28-37 (the
 * static arrays, cnt = 1), :350-356 (memblock_double_array(): `if
 * (!memblock_can_resize) return -1;`), :520-600 (memblock_add_range()),
 * include/linux/memblock.h:20 (INIT_MEMBLOCK_REGIONS 128), drivers/of/fdt.c:992-1030
 * (memblock_add(base, size) with its result dropped); the same in
 * rivsidn/linux-4.4.155@a1961d75 and calebwilliamsd/linux-4.7.4-casio@01851de9;
 * zhangyinjun/linux-5.12.9 mm/memblock.c:25 (INIT_MEMBLOCK_REGIONS), :409, :640,
 * drivers/of/fdt.c:1109-1148. Architecture-neutral: each architecture says when
 * memblock_allow_resize() runs (arm64: the end of arm64_memblock_init(); riscv:
 * setup_bootmem()).
 */

/** INIT_MEMBLOCK_REGIONS: the entries of memblock.memory (and .reserved) before memblock_allow_resize() */
export const INIT_MEMBLOCK_REGIONS = 128;

/** A physical range, bytes; `end` exclusive. */
export interface PhysRange {
  readonly start: number;
  readonly end: number;
}

/** What memblock_add() of each range left: the regions, and the ranges it took and refused (in the order given). */
export interface MemblockAdded<R extends PhysRange> {
  /** memblock.memory: sorted, touching regions merged */
  readonly regions: readonly PhysRange[];
  readonly taken: readonly R[];
  /** the ranges memblock_add() refused with -ENOMEM: memblock.memory was full and could not grow */
  readonly refused: readonly R[];
}

/**
 * memblock_add() of each range of `ranges`, in order, onto `regions`.
 *
 * @param regions memblock.memory before (sorted, merged)
 * @param resizable memblock_allow_resize() has run: the array grows and no add is refused
 * @param capacity the array's entries (INIT_MEMBLOCK_REGIONS)
 * Linear in the ranges times `capacity` (n log n when resizable).
 */
export function memblockAddRanges<R extends PhysRange>(regions: readonly PhysRange[], ranges: readonly R[], resizable: boolean, capacity: number = INIT_MEMBLOCK_REGIONS): MemblockAdded<R> {
  // the array grows as it must: every range is taken, and one sort gives the same regions
  if (resizable) {
    const taken = ranges.filter((r) => r.end > r.start);
    return { regions: merged([...regions, ...taken].sort((a, b) => a.start - b.start)), taken, refused: [] };
  }
  let out: PhysRange[] = regions.slice();
  const taken: R[] = [];
  const refused: R[] = [];
  for (const r of ranges) {
    if (r.end <= r.start) continue; // `if (!size) return 0;`
    const pieces = uncovered(out, r);
    // the empty array's dummy entry takes the first range without a count
    if (out.length > 0 && out.length + pieces.length > capacity) {
      refused.push(r);
      continue;
    }
    taken.push(r);
    if (pieces.length > 0) out = merged([...out, ...pieces].sort((a, b) => a.start - b.start));
  }
  return { regions: out, taken, refused };
}

/** The pieces of `r` no region covers (memblock_add_range()'s nr_new). */
function uncovered(regions: readonly PhysRange[], r: PhysRange): PhysRange[] {
  const out: PhysRange[] = [];
  let base = r.start;
  for (const x of regions) {
    if (x.start >= r.end) break;
    if (x.end <= base) continue;
    if (x.start > base) out.push({ start: base, end: x.start });
    base = Math.min(x.end, r.end);
  }
  if (base < r.end) out.push({ start: base, end: r.end });
  return out;
}

/** memblock_merge_regions(): regions that touch become one (sorted input, no overlaps). */
function merged(sorted: readonly PhysRange[]): PhysRange[] {
  const out: PhysRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.end >= r.start) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/**
 * The banks a `machine:` mapping as a file writes it lists under `key` (ArchPlugin.ramBanksOf): the list's length,
 * or 1 (RAM given as one size, no mapping, or a value that is no list, which the schema reports).
 */
export function listedBanks(machine: unknown, key: string): number {
  const banks = typeof machine === 'object' && machine !== null && !Array.isArray(machine) ? (machine as Readonly<Record<string, unknown>>)[key] : undefined;
  return Array.isArray(banks) ? Math.max(1, banks.length) : 1;
}

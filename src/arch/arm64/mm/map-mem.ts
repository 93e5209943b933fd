/**
 * v4.4 map_mem() as a plan: the create_mapping() calls it makes for the
 * memblock memory regions, with the memblock limit in force during each.
 * A pure function of the regions and the kernel's physical extent, so the
 * replay (which does the calls) and the findings (which say what
 * CONFIG_DEBUG_RODATA would change on this machine) share one computation.
 *
 * rivsidn/linux-4.4.155@a1961d7580fcf655cc89b723226e159b3aaf88d1:
 * arch/arm64/mm/mmu.c:308-347 (__map_memblock), :350-399 (map_mem).
 */
import { alignDown, alignUp, GiB } from '../addr.js';
import { SECTION_SIZE } from '../geometry.js';
import type { ProtName } from '../prot.js';
import type { Interval } from './memblock.js';

/** One create_mapping(phys, __phys_to_virt(phys), end - start, prot) call; addresses physical, bytes. */
export interface MapMemCall {
  readonly start: number;
  /** exclusive */
  readonly end: number;
  readonly prot: ProtName;
  /** memblock.current_limit while the call allocates its tables (physical, exclusive) */
  readonly limit: number;
}

/**
 * __map_memblock()'s kernel_x range (CONFIG_DEBUG_RODATA, mmu.c:316-317):
 * [round_down(__pa(_stext), SWAPPER_BLOCK_SIZE), round_up(__pa(__init_end), SWAPPER_BLOCK_SIZE)).
 *
 * @param stextPa __pa(_stext), bytes
 * @param initEndPa __pa(__init_end), bytes
 */
export function kernelXRange(stextPa: number, initEndPa: number): Interval {
  return { start: alignDown(stextPa, SECTION_SIZE), end: alignUp(initEndPa, SECTION_SIZE) };
}

/**
 * The calls __map_memblock() makes for one region [start, end): all of it
 * PAGE_KERNEL_EXEC without DEBUG_RODATA (kernelX null); with it, the parts
 * outside kernel_x PAGE_KERNEL and kernel_x PAGE_KERNEL_EXEC, a part only
 * when it is not empty (mmu.c:319-338, :343-347: `start < kernel_x_start`,
 * `kernel_x_end < end`).
 */
export function mapMemblockCalls(start: number, end: number, kernelX: Interval | null): { start: number; end: number; prot: ProtName }[] {
  if (kernelX === null) return [{ start, end, prot: 'PAGE_KERNEL_EXEC' }];
  if (end < kernelX.start || start >= kernelX.end) return [{ start, end, prot: 'PAGE_KERNEL' }];
  const calls: { start: number; end: number; prot: ProtName }[] = [];
  if (start < kernelX.start) calls.push({ start, end: kernelX.start, prot: 'PAGE_KERNEL' });
  calls.push({ start: kernelX.start, end: kernelX.end, prot: 'PAGE_KERNEL_EXEC' });
  if (kernelX.end < end) calls.push({ start: kernelX.end, end, prot: 'PAGE_KERNEL' });
  return calls;
}

/**
 * map_mem() (mmu.c:350-399): the limit starts at PHYS_OFFSET +
 * SWAPPER_INIT_MAP_SIZE (1 GiB); for each region, a start below the limit is
 * rounded up to SWAPPER_BLOCK_SIZE, an end below the limit lowers it to the
 * end rounded down, and an empty region ends the walk.
 *
 * @param regions memblock.memory, ascending
 * @param physOffset PHYS_OFFSET (memstart_addr), bytes
 * @param kernelX kernel_x with DEBUG_RODATA, null without
 */
export function mapMemCalls(regions: readonly Interval[], physOffset: number, kernelX: Interval | null): MapMemCall[] {
  let limit = physOffset + GiB;
  const calls: MapMemCall[] = [];
  for (const region of regions) {
    let start = region.start;
    const end = region.end;
    if (start >= end) break;
    if (start < limit) start = alignUp(start, SECTION_SIZE);
    if (end < limit) limit = alignDown(end, SECTION_SIZE);
    for (const c of mapMemblockCalls(start, end, kernelX)) calls.push({ start: c.start, end: c.end, prot: c.prot, limit });
  }
  return calls;
}

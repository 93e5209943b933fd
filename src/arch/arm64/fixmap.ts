/**
 * arm64 `enum fixed_addresses` with 4K pages (arch/arm64/include/asm/fixmap.h:
 * v4.4 A44:35-69; v4.6 and v4.7 identical, A46:36-80):
 *
 *   FIX_HOLE                        0
 *   FIX_FDT_END                     1
 *   FIX_FDT = FIX_FDT_END + (MAX_FDT_SIZE + SZ_2M) / PAGE_SIZE - 1 = 1024
 *   FIX_EARLYCON_MEM_BASE           1025
 *   FIX_TEXT_POKE0                  1026
 *   __end_of_permanent_fixed_addresses = 1027   (FIXADDR_SIZE = 1027 pages)
 *   FIX_BTMAP_END = 1027 … FIX_BTMAP_BEGIN = 1027 + 7 * 64 - 1 = 1474
 *   FIX_PTE, FIX_PMD, FIX_PUD, FIX_PGD = 1475 … 1478   (v4.6+: "Used for
 *       kernel page table creation, so unmapped memory may be used for tables")
 *   __end_of_fixed_addresses        1475 (v4.4), 1479 (v4.6+)
 *
 * __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT) (include/asm-generic/fixmap.h).
 * The FDT window [TOP - 4M, TOP) is two 2 MiB block entries in bm_pmd; every
 * other slot is a page entry in bm_pte, which covers [TOP - 6M, TOP - 4M).
 */
import { PAGE_SIZE } from './geometry.js';

export const FIX_SLOTS = ['FIX_FDT_END', 'FIX_FDT', 'FIX_EARLYCON_MEM_BASE', 'FIX_TEXT_POKE0', 'FIX_BTMAP_END', 'FIX_BTMAP_BEGIN', 'FIX_PTE', 'FIX_PMD', 'FIX_PUD', 'FIX_PGD'] as const;
export type SlotName = (typeof FIX_SLOTS)[number];

/** The page-table slots of v4.6+, which the table walkers and early_pgtable_alloc() use. */
export const TABLE_SLOTS = ['FIX_PTE', 'FIX_PMD', 'FIX_PUD', 'FIX_PGD'] as const;
export type TableSlot = (typeof TABLE_SLOTS)[number];

export const MAX_FDT_SIZE = 2 * 2 ** 20;
/** NR_FIX_BTMAPS: pages per early_ioremap slot (SZ_256K / PAGE_SIZE) */
export const NR_FIX_BTMAPS = 64;
/** FIX_BTMAPS_SLOTS */
export const FIX_BTMAPS_SLOTS = 7;

export interface FixmapEnum {
  readonly slots: Readonly<Partial<Record<SlotName, number>>>;
  readonly endOfPermanent: number;
  readonly endOfFixed: number;
}

/** The enum of a kernel: the FIX_P* slots exist from v4.6 (arm64 "use fixmap when creating page tables"). */
export function fixmapEnum(hasTableSlots: boolean): FixmapEnum {
  const fdtEnd = 1;
  const fdt = fdtEnd + (MAX_FDT_SIZE + 2 * 2 ** 20) / PAGE_SIZE - 1;
  const endOfPermanent = fdt + 3;
  const btmapEnd = endOfPermanent;
  const btmapBegin = btmapEnd + NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS - 1;
  const slots: Partial<Record<SlotName, number>> = {
    FIX_FDT_END: fdtEnd,
    FIX_FDT: fdt,
    FIX_EARLYCON_MEM_BASE: fdt + 1,
    FIX_TEXT_POKE0: fdt + 2,
    FIX_BTMAP_END: btmapEnd,
    FIX_BTMAP_BEGIN: btmapBegin,
  };
  let end = btmapBegin + 1;
  if (hasTableSlots) {
    for (const s of TABLE_SLOTS) slots[s] = end++;
  }
  return { slots, endOfPermanent, endOfFixed: end };
}

/** __fix_to_virt() */
export function fixToVirt(fixaddrTop: number, idx: number): number {
  return fixaddrTop - idx * PAGE_SIZE;
}

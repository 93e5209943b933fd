/**
 * riscv enum fixed_addresses (arch/riscv/include/asm/fixmap.h), byte-identical
 * in 5.10.7, 5.12.9 and 5.14.2 (R510 fixmap.h:23-44): no FIX_FDT (the DTB
 * has its own early window), no FIX_PUD/FIX_PGD (sv39 only). Indices count up
 * from FIXADDR_TOP downwards: __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT)
 * (include/asm-generic/fixmap.h:21). All 454 slots fit in one PTE table,
 * fixmap_pte, shared by early_pg_dir and swapper_pg_dir through the static
 * fixmap_pmd.
 */
import { PAGE_SHIFT } from './geometry.js';

/** arch/riscv/include/asm/fixmap.h:36-37 (the same in R510, R512 and R514): NR_FIX_BTMAPS (SZ_256K / PAGE_SIZE) = 64, FIX_BTMAPS_SLOTS 7 */
export const NR_FIX_BTMAPS = 64;
export const FIX_BTMAPS_SLOTS = 7;

export const FIX_HOLE = 0;
export const FIX_PTE = 1;
export const FIX_PMD = 2;
export const FIX_TEXT_POKE1 = 3;
export const FIX_TEXT_POKE0 = 4;
export const FIX_EARLYCON_MEM_BASE = 5;
/** __end_of_permanent_fixed_addresses = FIX_BTMAP_END */
export const FIX_BTMAP_END = 6;
export const FIX_BTMAP_BEGIN = FIX_BTMAP_END + NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS - 1;
export const END_OF_FIXED_ADDRESSES = FIX_BTMAP_BEGIN + 1;

/** The enum's names, and the first page of early_ioremap slots 1 … 6: FIX_BTMAP_BEGIN-64 … FIX_BTMAP_BEGIN-384 (slot 0 is FIX_BTMAP_BEGIN). */
export type SlotName = NamedSlot | `FIX_BTMAP_BEGIN-${number}`;
type NamedSlot = 'FIX_PTE' | 'FIX_PMD' | 'FIX_TEXT_POKE1' | 'FIX_TEXT_POKE0' | 'FIX_EARLYCON_MEM_BASE' | 'FIX_BTMAP_END' | 'FIX_BTMAP_BEGIN';

export const SLOTS: Readonly<Record<NamedSlot, number>> = {
  FIX_PTE, FIX_PMD, FIX_TEXT_POKE1, FIX_TEXT_POKE0, FIX_EARLYCON_MEM_BASE, FIX_BTMAP_END, FIX_BTMAP_BEGIN,
};

/** The name of early_ioremap slot i's first page: slot_virt[i] = __fix_to_virt(FIX_BTMAP_BEGIN - NR_FIX_BTMAPS * i). */
export function btmapSlotName(i: number): SlotName {
  return i === 0 ? 'FIX_BTMAP_BEGIN' : `FIX_BTMAP_BEGIN-${NR_FIX_BTMAPS * i}`;
}

/** The fixmap index of a slot name. */
export function slotIndex(slot: SlotName): number {
  const m = /^FIX_BTMAP_BEGIN-(\d+)$/.exec(slot);
  return m !== null ? FIX_BTMAP_BEGIN - Number(m[1]) : SLOTS[slot as NamedSlot];
}

/** __fix_to_virt(idx) */
export function fixToVirt(fixaddrTop: number, idx: number): number {
  return fixaddrTop - idx * 2 ** PAGE_SHIFT;
}

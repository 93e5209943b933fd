/**
 * sv39 paging geometry of riscv64 (arch/riscv/include/asm/pgtable-64.h,
 * page.h; the same in 5.10.7, 5.12.9 and 5.14.2: CONFIG_VA_BITS is 39 for
 * 64BIT in every modeled release). Addresses are JavaScript numbers: every
 * high-half value the model computes is a multiple of 4 KiB, and those are
 * exact in a double (52 significant bits at most), so plain arithmetic on
 * them is exact. The one byte-granular address, the DTB's, is kept as the VA
 * of its page plus its offset in the page (replay/context.ts dtbOffset), and
 * the byte's VA is formed only when printed (units.ts exactSum): near 2^64 a
 * double steps by 2048, so page + 1024 would be page again.
 */

export const KiB = 2 ** 10;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

export const PAGE_SHIFT = 12;
/** bytes */
export const PAGE_SIZE = 2 ** PAGE_SHIFT;
/** pgtable-64.h PMD_SHIFT 21: one PMD leaf maps 2 MiB */
export const PMD_SIZE = 2 * MiB;
/** pgtable-64.h PGDIR_SHIFT 30: one PGD entry spans 1 GiB */
export const PGDIR_SIZE = GiB;
export const PTRS_PER_PGD = 512;
/** Kconfig VA_BITS (39 if 64BIT) */
export const VA_BITS = 39;
/** 2^64: "the end of the address space" as an exclusive bound */
export const VA_END = 2 ** 64;

/** The kernel's `-x` for an unsigned long x (2^64 − x), e.g. -PAGE_OFFSET = KERN_VIRT_SIZE. */
export function neg(x: number): number {
  return VA_END - x;
}

export function alignDown(x: number, a: number): number {
  return x - (x % a);
}

export function alignUp(x: number, a: number): number {
  const r = x % a;
  return r === 0 ? x : x + (a - r);
}

export function isAligned(x: number, a: number): boolean {
  return x % a === 0;
}

/** pgd_index(va): the sv39 PGD slot of a kernel virtual address */
export function pgdIndex(va: number): number {
  return Math.floor(va / PGDIR_SIZE) % PTRS_PER_PGD;
}

/** The leaf sizes the riscv early page-table code can create: best_map_size() offers PMD or PAGE only. */
export type LeafSize = typeof PMD_SIZE | typeof PAGE_SIZE;

/** mm/init.c best_map_size(): PMD_SIZE if base and size are 2 MiB-aligned, else PAGE_SIZE (same in 5.10–5.14). */
export function bestMapSize(base: number, size: number): LeafSize {
  return isAligned(base, PMD_SIZE) && isAligned(size, PMD_SIZE) ? PMD_SIZE : PAGE_SIZE;
}

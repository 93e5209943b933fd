/**
 * Translation geometry for 4K pages (arch/arm64/include/asm/pgtable-hwdef.h,
 * arch/arm64/Kconfig PGTABLE_LEVELS, identical in v4.4 … v4.7):
 *
 *   VA_BITS 39: 3 levels; the pgd is level 1 (PGDIR_SHIFT 30, 1 GiB entries),
 *               the pud is folded into it; pmd level 2 (2 MiB), pte level 3.
 *   VA_BITS 48: 4 levels; pgd level 0 (PGDIR_SHIFT 39, 512 GiB entries),
 *               pud level 1 (1 GiB), pmd level 2, pte level 3.
 *
 * Levels are the architecture's lookup levels (0 … 3); each table has 512
 * entries.
 */
export type Level = 0 | 1 | 2 | 3;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
export const PTRS_PER_TABLE = 512;
/** SECTION_SIZE = PMD_SIZE, SWAPPER_BLOCK_SIZE with 4K pages */
export const SECTION_SIZE = 2 ** 21;
export const PUD_SIZE = 2 ** 30;
/** TEXT_OFFSET: arch/arm64/Makefile, without ARM64_RANDOMIZE_TEXT_OFFSET */
export const TEXT_OFFSET = 0x80000;

export interface Geometry {
  readonly vaBits: 39 | 48;
  /** CONFIG_PGTABLE_LEVELS */
  readonly levels: 3 | 4;
  /** the level of the pgd (swapper_pg_dir, idmap_pg_dir): 1 at 39 bits, 0 at 48 */
  readonly rootLevel: Level;
  /** PGDIR_SIZE: bytes one pgd entry maps */
  readonly pgdirSize: number;
}

export function geometryFor(vaBits: 39 | 48): Geometry {
  return vaBits === 39
    ? { vaBits, levels: 3, rootLevel: 1, pgdirSize: 2 ** 30 }
    : { vaBits, levels: 4, rootLevel: 0, pgdirSize: 2 ** 39 };
}

/** bytes one entry at this level maps: 512 GiB, 1 GiB, 2 MiB, 4 KiB */
const ENTRY_SIZE = [2 ** 39, 2 ** 30, 2 ** 21, 2 ** 12] as const;

export function entrySize(level: Level): number {
  return ENTRY_SIZE[level];
}

/**
 * the entry index of `va` in a table at this level; `| 0` keeps it a small integer (it is below 512)
 * for V8: floor and % of a 64-bit address give a boxed double, and one such index stored in a run
 * makes every run's bounds boxed doubles (three heap numbers per run, slower compares in every walk)
 */
export function indexAt(level: Level, va: number): number {
  return (Math.floor(va / entrySize(level)) % PTRS_PER_TABLE) | 0;
}

/** the kernel's name for a level in a geometry (pgd, pud, pmd, pte) */
export function levelName(g: Geometry, level: Level): string {
  if (level === 3) return 'pte';
  if (level === 2) return 'pmd';
  if (level === 1) return g.rootLevel === 1 ? 'pgd' : 'pud';
  return 'pgd';
}

/** SWAPPER_DIR_SIZE (PGTABLE_LEVELS - 1 pages) and IDMAP_DIR_SIZE (3 pages): arch/arm64/include/asm/kernel-pgtable.h */
export function swapperDirSize(g: Geometry): number {
  return (g.levels - 1) * PAGE_SIZE;
}
export const IDMAP_DIR_SIZE = 3 * PAGE_SIZE;

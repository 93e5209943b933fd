/**
 * Where the kernel image and head_32.S's boot page tables sit in physical
 * memory (arch/x86/kernel/vmlinux_32.lds.S, head_32.S; 2.6.26 – 2.6.29; used for every
 * version: from 2.6.30-rc1 the tables sit in brk below _end, see docs/model-x86_32.md "Known approximations").
 *
 * The three System.map symbols come from the scenario (config.system_map);
 * the rest follows from the linker script:
 * - .bss starts at __init_end (`.bss : { __init_end = .; __bss_start = .;
 *   *(.bss.page_aligned) …`, L27 vmlinux_32.lds.S:190-197) and head_32.o is
 *   linked first (arch/x86/Makefile head-y), so its page-aligned bss objects
 *   come first: swapper_pg_pmd (PAE, KPMDS pages) or swapper_pg_dir
 *   (non-PAE), then swapper_pg_fixmap, then empty_zero_page (head_32.S:616-628);
 * - pg0 follows _end: `_end = . ; . = ALIGN(PAGE_SIZE); pg0 = . ;`.
 *
 * Assumed (System.map decides; the model only needs them in low memory):
 * the page-aligned bss of later objects in link order — bm_pte
 * (arch/x86/mm/ioremap.c), then Xen's level2_kernel_pgt and the 4 pages of
 * level1_ident_pgt (arch/x86/xen/enlighten.c) — right after head_32's; and
 * the PAE swapper_pg_dir (.data.page_aligned) 1 MiB below __init_end.
 */
import { MiB, PAGE_SIZE, VA_TOP, type Geometry } from '../geometry.js';

/** Physical frame numbers (pfn) of the objects the page-table model needs. */
export interface KernelImage {
  /** virtual addresses from System.map */
  readonly text: number;
  readonly initEnd: number;
  readonly end: number;
  /** KPMDS: number of kernel PMD pages, ((-PAGE_OFFSET) >> 30) & 3 (PAE) */
  readonly kpmds: number;
  readonly swapperPgDir: number;
  /** PAE only (null without PAE) */
  readonly swapperPgPmd: number | null;
  readonly swapperPgFixmap: number;
  readonly emptyZeroPage: number;
  readonly bmPte: number;
  readonly level2KernelPgt: number;
  /** first of 4 pages */
  readonly level1IdentPgt: number;
  /** pfn of pg0 = PAGE_ALIGN(pa(_end)) */
  readonly pg0: number;
}

/** System.map values the scenario gives (virtual addresses). */
export interface SystemMap {
  readonly _text: number;
  readonly __init_end: number;
  readonly _end: number;
}

/** CONFIG_PHYSICAL_START default 0x100000 (arch/x86/Kconfig), and an image of about 5 MiB */
export const DEFAULT_TEXT_OFFSET = 0x100000;
/** placeholder __init_end (as in /work/notes/x86-pagetables.md §5.3); System.map gives the real one */
export const DEFAULT_INIT_END_OFFSET = 0x5a7000;
/** placeholder _end, so that pa(pg0) = 6 MiB (the research's worked example) */
export const DEFAULT_END_OFFSET = 0x600000;

/** Number of 4 KiB pages in [0, bytes), rounded up: PFN_UP */
export function pfnUp(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE);
}

export function kernelImage(geometry: Geometry, pageOffset: number, map: SystemMap): KernelImage {
  const kpmds = Math.floor((VA_TOP - pageOffset) / 2 ** 30) & 3;
  const bss = pfnUp(map.__init_end - pageOffset);
  let next = bss;
  const take = (n: number): number => { const f = next; next += n; return f; };
  const swapperPgPmd = geometry.pae ? take(kpmds) : null;
  const swapperPgDirBss = geometry.pae ? null : take(1);
  const swapperPgFixmap = take(1);
  const emptyZeroPage = take(1);
  const bmPte = take(1);
  const level2KernelPgt = take(1);
  const level1IdentPgt = take(4);
  return {
    text: map._text, initEnd: map.__init_end, end: map._end, kpmds,
    swapperPgDir: swapperPgDirBss ?? bss - MiB / PAGE_SIZE,
    swapperPgPmd, swapperPgFixmap, emptyZeroPage, bmPte, level2KernelPgt, level1IdentPgt,
    pg0: pfnUp(map._end - pageOffset),
  };
}

/**
 * head_32.S INIT_MAP_BEYOND_END (bytes): BOOTBITMAP_SIZE + (PAGE_TABLE_SIZE +
 * ALLOCATOR_SLOP) * PAGE_SIZE with LOW_PAGES = 2^20, BOOTBITMAP_SIZE = 2^20/8,
 * ALLOCATOR_SLOP = 4 and PAGE_TABLE_SIZE = 2^20/512 + 4 (PAE) or 2^20/1024
 * (L27 head_32.S:56-75): 0x828000 with PAE, 0x424000 without.
 */
export function initMapBeyondEnd(geometry: Geometry): number {
  const lowPages = 2 ** 20;
  const pageTableSize = geometry.pae ? lowPages / 512 + 4 : lowPages / 1024;
  return lowPages / 8 + (pageTableSize + 4) * PAGE_SIZE;
}

/**
 * How far head_32.S's loop maps (bytes from physical 0, a multiple of PMD_SIZE):
 * it writes one PTE page per PMD from pg0 on and stops once the next physical
 * address is at least the end of the PTE pages written so far plus
 * INIT_MAP_BEYOND_END (head_32.S:215-220 PAE, :248-253 non-PAE), i.e. the
 * smallest X = n * PMD_SIZE with X >= pa(pg0) + n * 4096 + INIT_MAP_BEYOND_END.
 * pa(pg0) = 6 MiB gives 16 MiB (8 pages) with PAE and 12 MiB (3 pages) without.
 */
export function headExtent(geometry: Geometry, pg0: number): { pages: number; bytes: number } {
  const beyond = initMapBeyondEnd(geometry);
  for (let n = 1; ; n++) {
    if (n * geometry.pmdSize >= pg0 * PAGE_SIZE + n * PAGE_SIZE + beyond) return { pages: n, bytes: n * geometry.pmdSize };
  }
}

/** is_kernel_text(addr): PAGE_OFFSET <= addr <= __init_end (init_32.c; everything up to __init_end is executable) */
export function isKernelText(image: KernelImage, pageOffset: number, addr: number): boolean {
  return addr >= pageOffset && addr <= image.initEnd;
}

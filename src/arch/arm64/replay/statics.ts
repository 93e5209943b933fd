/**
 * The static translation tables of the kernel image and the state before
 * head.S runs. idmap_pg_dir and swapper_pg_dir sit after .bss with their
 * lower-level pages (IDMAP_DIR_SIZE, SWAPPER_DIR_SIZE: arch/arm64/kernel/
 * vmlinux.lds.S, include/asm/kernel-pgtable.h); bm_pud/bm_pmd/bm_pte
 * (arch/arm64/mm/mmu.c, __page_aligned_bss) and kasan_zero_* (mm/kasan/
 * kasan_init.c) are in .bss, placed by the model just below idmap_pg_dir
 * (their physical addresses are shown, nothing depends on them).
 */
import { emptyBtmap } from '../../early-ioremap.js';
import { imageSymbols, type ImageSymbols } from '../layout.js';
import { PAGE_SIZE, type Level } from '../geometry.js';
import { emptyMemblock } from '../mm/memblock.js';
import { newTable, type TableSet } from '../mm/tables.js';
import type { ReplayContext } from './context.js';
import type { ModelState } from './state.js';

/** The image's symbols at a KASLR offset. */
export function imageAt(ctx: ReplayContext, kaslrOffset: number): ImageSymbols {
  const { scenario, geometry, kernelKey, layout } = ctx;
  return imageSymbols({
    geometry, kernelKey, layout, sizes: scenario.config.image,
    debugAlignRodata: scenario.config.debug_align_rodata, kaslrOffset,
  });
}

/** __pa_symbol(): the image is contiguous in RAM from _text at ctx.kernelPa. */
export function paSym(ctx: ReplayContext, image: ImageSymbols, va: number): number {
  return ctx.kernelPa + (va - image._text);
}

/** .bss pages the model places below idmap_pg_dir, top down */
const BSS_PAGES = ['bm_pte', 'bm_pmd', 'bm_pud', 'kasan_zero_pte', 'kasan_zero_pmd', 'kasan_zero_pud', 'kasan_zero_page', 'tmp_pg_dir', 'empty_zero_page'] as const;

/** Physical address of a static page of the image. */
export function staticPa(ctx: ReplayContext, image: ImageSymbols, name: (typeof BSS_PAGES)[number]): number {
  return paSym(ctx, image, image.idmap_pg_dir - (BSS_PAGES.indexOf(name) + 1) * PAGE_SIZE);
}

export function initialState(ctx: ReplayContext): ModelState {
  const { geometry, layout, scenario } = ctx;
  const image = imageAt(ctx, 0);
  const set: TableSet = { tables: [] };
  const named: Record<string, number> = {};
  const root = geometry.rootLevel;
  const add = (name: string, level: Level, pa: number, vaBase: number, shared = false): void => {
    named[name] = newTable(set, { name, level, origin: 'static', pa, pages: 1, vaBase, shared }).id;
  };
  const idmap = paSym(ctx, image, image.idmap_pg_dir);
  const swapper = paSym(ctx, image, image.swapper_pg_dir);
  add('idmap_pg_dir', root, idmap, 0);
  add('swapper_pg_dir', root, swapper, layout.VA_START);
  // head.S's create_pgd_entry uses the pages after each pgd for the next levels (down to the pmd)
  for (let i = 1; i <= 2; i++) {
    const level = (root + i) as Level;
    if (level > 2) break;
    add(`idmap_pg_dir+${i}`, level, idmap + i * PAGE_SIZE, 0);
    add(`swapper_pg_dir+${i}`, level, swapper + i * PAGE_SIZE, 0);
  }
  if (geometry.levels === 4) add('bm_pud', 1, staticPa(ctx, image, 'bm_pud'), 0);
  add('bm_pmd', 2, staticPa(ctx, image, 'bm_pmd'), 0);
  add('bm_pte', 3, staticPa(ctx, image, 'bm_pte'), 0);
  if (scenario.config.kasan) {
    if (geometry.levels === 4) add('kasan_zero_pud', 1, staticPa(ctx, image, 'kasan_zero_pud'), 0, true);
    add('kasan_zero_pmd', 2, staticPa(ctx, image, 'kasan_zero_pmd'), 0, true);
    add('kasan_zero_pte', 3, staticPa(ctx, image, 'kasan_zero_pte'), 0, true);
    add('tmp_pg_dir', root, staticPa(ctx, image, 'tmp_pg_dir'), layout.VA_START);
  }
  return {
    set,
    named,
    ttbr0: null,
    ttbr1: null,
    mmu: false,
    reach: null,
    stale: [],
    slots: new Map(),
    memblock: emptyMemblock(),
    memstart: null,
    dmaPhysLimit: 0,
    highMemoryEnd: null,
    cmaCmdline: null,
    memstartSeed: 0,
    kaslrOffset: 0,
    image,
    earlyIoremap: false,
    btmap: emptyBtmap(),
    afterPagingInit: false,
    newPgd: null,
    bug: false,
    values: new Set(),
    lastSetupArchStep: null,
  };
}

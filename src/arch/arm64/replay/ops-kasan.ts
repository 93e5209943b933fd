/**
 * KASAN's page tables: kasan_early_init() in head.S (every shadow pgd entry
 * to the static kasan_zero_pud/pmd/pte and kasan_zero_page), and
 * kasan_init()'s rebuild of the shadow in swapper_pg_dir while TTBR1 holds
 * tmp_pg_dir. arch/arm64/mm/kasan_init.c A44:26-165, A46:26-208;
 * mm/kasan/kasan_init.c A46:30-160.
 *
 * kasan_mem_to_shadow(addr) = (addr >> 3) + KASAN_SHADOW_OFFSET. The model
 * only takes shadows of addresses aligned to 16 MiB (→ 2 MiB of shadow), or
 * computes the 2 MiB-rounded bounds directly, so the results stay exact.
 */
import { alignDown, alignUp, MiB } from '../addr.js';
import { PAGE_SIZE, PTRS_PER_TABLE, SECTION_SIZE } from '../geometry.js';
import { linearVa, writeEntries, type Mm } from '../mm/mmu.js';
import { indexOf, tableOf } from '../mm/tables.js';
import { mapRange } from '../mm/walker.js';
import { staticPa } from './statics.js';

function named(mm: Mm, name: string): number {
  const id = mm.s.named[name];
  if (id === undefined) throw new Error(`internal: no static table ${name}`);
  return id;
}

/** kasan_mem_to_shadow(), rounded down (dir -1) or up (dir 1) to 2 MiB of shadow */
function shadow(mm: Mm, addr: number, dir: -1 | 1): number {
  const offset = mm.ctx.layout.KASAN_SHADOW_OFFSET ?? 0;
  const a = dir < 0 ? alignDown(addr, 16 * MiB) : alignUp(addr, 16 * MiB);
  return offset + a / 8;
}

function zeroPagePa(mm: Mm): number {
  return staticPa(mm.ctx, mm.s.image, 'kasan_zero_page');
}

/**
 * kasan_early_init() → kasan_map_early_shadow(): for each pgd of the shadow,
 * pgd_populate(kasan_zero_pud) when none, and down the levels the static
 * tables point at each other; every kasan_zero_pte entry maps
 * kasan_zero_page PAGE_KERNEL. Only empty entries are written.
 */
export function kasanEarlyInit(mm: Mm): void {
  const { ctx, s } = mm;
  const start = ctx.layout.KASAN_SHADOW_START;
  const end = ctx.layout.KASAN_SHADOW_END;
  if (start === null || end === null) return;
  const fill = (name: string, kind: 'table' | 'page', next: string | null): void => {
    const t = tableOf(s.set, named(mm, name));
    const first = t.runs[0];
    if (t.runs.length === 1 && first !== undefined && first.kind !== 'invalid') return;
    const run = kind === 'page'
      ? { kind, oa: zeroPagePa(mm), next: -1, uniform: true, prot: 'PAGE_KERNEL' as const }
      : { kind, oa: 0, next: named(mm, next ?? ''), uniform: true, prot: null };
    writeEntries(mm, t, 0, PTRS_PER_TABLE, run, 'kasan_early_init', start);
  };
  const swapper = tableOf(s.set, named(mm, 'swapper_pg_dir'));
  const top = ctx.geometry.levels === 4 ? 'kasan_zero_pud' : 'kasan_zero_pmd';
  const i = indexOf(swapper, start);
  const j = indexOf(swapper, end - PAGE_SIZE) + 1;
  writeEntries(mm, swapper, i, j, { kind: 'table', oa: 0, next: named(mm, top), uniform: true, prot: null }, 'kasan_early_init', start);
  if (ctx.geometry.levels === 4) fill('kasan_zero_pud', 'table', 'kasan_zero_pmd');
  fill('kasan_zero_pmd', 'table', 'kasan_zero_pte');
  fill('kasan_zero_pte', 'page', null);
}

function zeroShadow(mm: Mm, start: number, end: number): void {
  mapRange(mm, {
    root: named(mm, 'swapper_pg_dir'), va: start, end, pa: 0, prot: 'KASAN_ZERO_PTE', allocator: 'memblock_virt_alloc',
    via: 'kasan_init', mode: 'zero', fixmapWalk: false, zeroPa: zeroPagePa(mm),
  });
}

function populate(mm: Mm, start: number, end: number): void {
  mapRange(mm, {
    root: named(mm, 'swapper_pg_dir'), va: start, end, pa: 0, prot: 'PROT_SECT_NORMAL', allocator: 'memblock_virt_alloc',
    via: 'kasan_init', mode: 'vmemmap', fixmapWalk: false,
  });
}

/**
 * kasan_init() between the two TTBR1 switches: clear_pgds() of the shadow in
 * swapper_pg_dir, then
 *   v4.4: zero shadow up to the shadow of MODULES_VADDR, the shadow of every
 *         memblock region with vmemmap_populate();
 *   v4.6: the kernel image's shadow (vmemmap_populate), zero shadow below the
 *         modules' shadow and from the image's shadow up to the linear map's,
 *         the shadow of every region.
 */
export function kasanPopulate(mm: Mm, recipe: 'v4.4' | 'v4.6'): void {
  const { ctx, s } = mm;
  const { KASAN_SHADOW_START: ks, KASAN_SHADOW_END: ke, MODULES_VADDR, MODULES_END, PAGE_OFFSET } = ctx.layout;
  if (ks === null || ke === null) return;
  const swapper = tableOf(s.set, named(mm, 'swapper_pg_dir'));
  const i = indexOf(swapper, ks);
  const j = indexOf(swapper, ke - PAGE_SIZE) + 1;
  writeEntries(mm, swapper, i, j, { kind: 'invalid', oa: 0, next: -1, uniform: true, prot: null }, 'kasan_init', ks);
  if (recipe === 'v4.6') {
    const kimgStart = shadow(mm, s.image._text, -1);
    const kimgEnd = shadow(mm, s.image._end, 1);
    populate(mm, kimgStart, kimgEnd);
    const modStart = shadow(mm, MODULES_VADDR, -1);
    const modEnd = shadow(mm, MODULES_END, 1);
    zeroShadow(mm, ks, modStart);
    zeroShadow(mm, kimgEnd, shadow(mm, PAGE_OFFSET, -1));
    if (kimgStart > modEnd) zeroShadow(mm, modEnd, kimgStart);
  } else {
    zeroShadow(mm, ks, shadow(mm, MODULES_VADDR, -1));
  }
  for (const r of s.memblock.memory) {
    const a = shadow(mm, linearVa(mm, r.start), -1);
    const endShadow = shadow(mm, linearVa(mm, r.end), 1);
    // vmemmap_populate(start, end + 1): one more block when the end is block-aligned
    const exact = linearVa(mm, r.end) % (16 * MiB) === 0;
    populate(mm, a, exact ? endShadow + SECTION_SIZE : endShadow);
  }
}

/** v4.6+ kasan_init(): set_pte(&kasan_zero_pte[i], pfn_pte(kasan_zero_page, PAGE_KERNEL_RO)) for all i. */
export function kasanZeroPteRo(mm: Mm): void {
  const t = tableOf(mm.s.set, named(mm, 'kasan_zero_pte'));
  writeEntries(mm, t, 0, PTRS_PER_TABLE, { kind: 'page', oa: zeroPagePa(mm), next: -1, uniform: true, prot: 'PAGE_KERNEL_RO' }, 'kasan_init', mm.ctx.layout.KASAN_SHADOW_START ?? 0);
}

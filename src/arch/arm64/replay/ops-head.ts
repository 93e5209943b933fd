/**
 * head.S before start_kernel (spec §1.1): __create_page_tables,
 * __enable_mmu, the .bss clear of __mmap_switched/__primary_switched, and
 * KASLR's kaslr_early_init() with the re-creation of the tables it triggers.
 * arch/arm64/kernel/head.S A44:210-434, A46:212-503,771-811, A47:211-462,727-824;
 * arch/arm64/kernel/kaslr.c A46:77-175, A47:95-137.
 */
import { alignDown } from '../addr.js';
import { entrySize, PAGE_SIZE, SECTION_SIZE, TEXT_OFFSET } from '../geometry.js';
import { checkStale, rootName, tlbi, writeEntries, type Mm } from '../mm/mmu.js';
import { descOf, indexOf, invalidRun, tableOf } from '../mm/tables.js';
import type { Stale } from './state.js';
import { earlyFixmapInit, fixmapRemapFdt } from './ops-fixmap.js';
import { imageAt, paSym } from './statics.js';
import { hexDigits } from '../../../units.js';

function named(mm: Mm, name: string): number {
  const id = mm.s.named[name];
  if (id === undefined) throw new Error(`internal: no static table ${name}`);
  return id;
}

/** Zeroes static tables (the stp xzr loop, or the .bss clear); they are not live (MMU off, or no longer reachable). */
function zeroTables(mm: Mm, names: readonly string[], via: string): void {
  const { s } = mm;
  const cleared: string[] = [];
  for (const name of names) {
    const id = s.named[name];
    if (id === undefined) continue;
    const t = tableOf(s.set, id);
    if (t.runs.some((r) => r.kind !== 'invalid')) cleared.push(name);
    t.runs = [invalidRun(0, t.pages * 512)];
  }
  s.reach = null;
  if (cleared.length > 0) mm.emit({ kind: 'note', step: mm.step, text: `${via} zeroes ${cleared.join(', ')}` });
}

/** create_pgd_entry + create_block_map: the tables below a pgd down to the pmd, then inclusive 2 MiB blocks [start, end]. */
function blockMap(mm: Mm, root: string, start: number, endInclusive: number, pa: number): void {
  const { s } = mm;
  let t = tableOf(s.set, named(mm, root));
  for (let k = 1; t.level < 2; k++) {
    const i = indexOf(t, start);
    const next = named(mm, `${root}+${k}`);
    writeEntries(mm, t, i, i + 1, { kind: 'table', oa: 0, next, uniform: false, prot: null }, '__create_page_tables', start - (start % entrySize(t.level)));
    t = tableOf(s.set, next);
  }
  const first = alignDown(start, SECTION_SIZE);
  const last = alignDown(endInclusive, SECTION_SIZE);
  const i = indexOf(t, first);
  const j = i + (last - first) / SECTION_SIZE + 1;
  writeEntries(mm, t, i, j, { kind: 'block', oa: alignDown(pa, SECTION_SIZE), next: -1, uniform: false, prot: 'SWAPPER_MM_MMUFLAGS' }, '__create_page_tables', first);
}

/**
 * __create_page_tables: zero [idmap_pg_dir, swapper_pg_dir + SWAPPER_DIR_SIZE),
 * then the idmap of .idmap.text (VA = PA) and the kernel: v4.4 from
 * PAGE_OFFSET (the start of the linear map) to __va(_end), v4.6+ from
 * KIMAGE_VADDR + the KASLR offset to _end, inclusive, as RWX 2 MiB blocks
 * (SWAPPER_MM_MMUFLAGS), PA from __PHYS_OFFSET = __pa(_text) - TEXT_OFFSET.
 */
export function createPageTables(mm: Mm): void {
  const { ctx, s } = mm;
  zeroTables(mm, Object.keys(s.named).filter((n) => n.startsWith('idmap_pg_dir') || n.startsWith('swapper_pg_dir')), '__create_page_tables');
  s.values.delete('fixmap');
  const idmapPa = paSym(ctx, s.image, s.image.__idmap_text_start);
  blockMap(mm, 'idmap_pg_dir', idmapPa, idmapPa + PAGE_SIZE - 1, idmapPa);
  const physOffset = ctx.kernelPa - TEXT_OFFSET;
  const start = s.image._text - TEXT_OFFSET;
  blockMap(mm, 'swapper_pg_dir', start, s.image._end, physOffset);
}

/** __enable_mmu: TTBR0 = idmap_pg_dir, TTBR1 = swapper_pg_dir, MMU on; what the TLB still holds is checked against the new tables. */
export function enableMmu(mm: Mm): void {
  const { s } = mm;
  const idmap = named(mm, 'idmap_pg_dir');
  const swapper = named(mm, 'swapper_pg_dir');
  mm.emit({ kind: 'ttbr', step: mm.step, reg: 0, from: rootName(s, s.ttbr0), to: rootName(s, idmap), via: '__enable_mmu', identical: s.ttbr0 === idmap, differsAt: null, mmu: s.mmu });
  mm.emit({ kind: 'ttbr', step: mm.step, reg: 1, from: rootName(s, s.ttbr1), to: rootName(s, swapper), via: '__enable_mmu', identical: s.ttbr1 === swapper, differsAt: null, mmu: s.mmu });
  s.ttbr0 = idmap;
  s.ttbr1 = swapper;
  s.mmu = true;
  s.reach = null;
  mm.emit({ kind: 'mmu', step: mm.step, on: true });
  if (s.stale.length === 0) return;
  for (const leaf of liveLeaves(mm)) checkStale(mm, leaf.level, leaf.va, leaf.end, leaf.desc, '__enable_mmu');
}

/** The valid leaf runs reachable from the TTBRs, with their virtual ranges (shared tables skipped). */
function liveLeaves(mm: Mm): Stale[] {
  const { s } = mm;
  const out: Stale[] = [];
  const walk = (id: number, va0: number): void => {
    const t = tableOf(s.set, id);
    const size = entrySize(t.level);
    for (const r of t.runs) {
      if (r.kind === 'invalid') continue;
      const va = va0 + r.from * size;
      if (r.kind === 'table') {
        const child = tableOf(s.set, r.next);
        // shared tables (kasan_zero_*) are reached from many entries; their translations do not move
        if (child.shared || r.uniform) continue;
        walk(r.next, child.pages > 1 ? child.vaBase : va);
        continue;
      }
      out.push({ level: t.level, va, end: va + (r.to - r.from) * size, desc: descOf(s.set, r), uniform: r.uniform, since: mm.step });
    }
  };
  if (s.ttbr1 !== null) walk(s.ttbr1, mm.ctx.layout.VA_START);
  if (s.ttbr0 !== null) walk(s.ttbr0, 0);
  return out;
}

/** __enable_mmu on the KASLR path: the MMU goes off; the TLB keeps the translations of pass 1. */
export function mmuOff(mm: Mm): void {
  const { s } = mm;
  s.stale = liveLeaves(mm);
  s.mmu = false;
  s.reach = null;
  mm.emit({ kind: 'mmu', step: mm.step, on: false });
}

export function tlbiVmalle1(mm: Mm): void {
  tlbi(mm, 'tlbi vmalle1');
}

/** The .bss clear: bm_pud/bm_pmd/bm_pte and kasan_zero_* are __page_aligned_bss. */
export function clearBss(mm: Mm, via: string): void {
  zeroTables(mm, ['bm_pud', 'bm_pmd', 'bm_pte', 'kasan_zero_pud', 'kasan_zero_pmd', 'kasan_zero_pte'], via);
  mm.s.values.delete('fixmap');
}

/**
 * kaslr_early_init(dt_phys) (A47 kaslr.c:95-137): early_fixmap_init() and the
 * DTB mapped PAGE_KERNEL (the seed is wiped); 0 without a seed or with
 * nokaslr; else offset = seed & ((1 << (VA_BITS - 2)) - 1) & ~(2M - 1), moved
 * by the image size when _text and _end would straddle a 1 GiB boundary.
 * The seed's top 16 bits randomize the linear region later.
 */
export function kaslrEarlyInit(mm: Mm): void {
  const { ctx, s } = mm;
  earlyFixmapInit(mm);
  fixmapRemapFdt(mm, 'PAGE_KERNEL', false, 'kaslr_early_init');
  const m = ctx.scenario.machine;
  const seed = m.kaslr_seed;
  let offset = 0;
  let reason: string;
  if (seed === 0n) reason = 'no /chosen/kaslr-seed: KASLR not engaged';
  else if (m.params.some((p) => p.name === 'nokaslr')) reason = 'nokaslr on the command line: KASLR not engaged';
  else {
    const span = 2 ** (ctx.geometry.vaBits - 2);
    // the u64 seed's low VA_BITS-2 bits, exactly (below 2^46: a number holds them)
    offset = alignDown(Number(BigInt.asUintN(ctx.geometry.vaBits - 2, seed)), SECTION_SIZE);
    const image0 = imageAt(ctx, 0);
    const gib = 2 ** 30;
    if (Math.floor((image0._text + offset) / gib) !== Math.floor((image0._end + offset) / gib)) {
      offset = alignDown((offset + (image0._end - image0._text)) % span, SECTION_SIZE);
    }
    s.memstartSeed = Number(seed >> 48n);
    // kaslr.c:128 sets memstart_offset_seed = seed >> 48 before any return of 0 (v4.6.5 b9b6ded1): an image offset of 0
    // leaves the kernel in place, but the linear region is still randomized (helper-177: "KASLR not engaged" then)
    const linear = s.memstartSeed > 0 ? `; bits 48-63 (memstart_offset_seed 0x${s.memstartSeed.toString(16)}) still randomize the linear region` : ': KASLR not engaged';
    reason = offset === 0 ? `the seed gives image offset 0, the kernel stays put${linear}` : `seed 0x${seed.toString(16)}: the kernel moves up by 0x${offset.toString(16)}`;
  }
  mm.emit({ kind: 'kaslr', step: mm.step, seed: `0x${hexDigits(seed)}`, offset, reason });
  if (offset !== 0) {
    s.kaslrOffset = offset;
    s.image = imageAt(ctx, offset);
  }
}


/**
 * mm/init.c setup_vm_final() (R510:547-599, R512:494-546, R514:713-773,
 * spec §3): pt_ops = fixmap; swapper gets the static fixmap tables; every
 * memblock range is mapped at __va() (only the range holding the load PA is
 * clipped to start there; 5.14 also clips to memory_limit) with leaves of
 * best_map_size(start, size) chosen once per range; 5.14 then maps the
 * kernel at KERNEL_LINK_ADDR; clear_fixmap(FIX_PTE/FIX_PMD); satp = swapper
 * and local_flush_tlb_all(); pt_ops = late. Page-table pages come from
 * memblock_phys_alloc() and are written through FIX_PMD/FIX_PTE.
 */
import { alignDown, alignUp, bestMapSize, PAGE_SIZE, PGDIR_SIZE, PMD_SIZE } from '../geometry.js';
import { linearClip, linearLimitWraps } from '../layout.js';
import { RO, RW, RWX, RX, type Perm } from '../profile.js';
import { holds, linearVa, type ReplayContext } from './context.js';
import { hex } from '../../../units.js';
import type { StepRef } from './events.js';
import { samePerm } from './pagetables.js';
import { allocated, fixmapClear, highestFreePages, memblockAccess, fixmapSet, fixmapUse, fullFence, takeRange, type Emit } from './mechanisms.js';
import type { Mapping, ModelState } from './state.js';

/**
 * Leaves [start, end) on a grid of `leaf` from `start`, with a permission per
 * leaf decided at the leaf's start VA (pgprot_from_va() is evaluated once per
 * leaf): a permission boundary b takes effect at the first leaf starting at or
 * after b.
 */
function gridMappings(kind: Mapping['kind'], start: number, end: number, pa: number, leaf: number, bounds: readonly number[], permAt: (va: number) => Perm): Mapping[] {
  const cuts = new Set<number>([start, end]);
  for (const b of bounds) {
    if (b <= start || b >= end) continue;
    cuts.add(Math.min(end, start + alignUp(b - start, leaf)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Mapping[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (a === undefined || b === undefined || a >= b) continue;
    const perm = permAt(a);
    const prev = out[out.length - 1];
    if (prev !== undefined && samePerm(prev.perm, perm)) out[out.length - 1] = { ...prev, end: b };
    else out.push({ kind, start: a, end: b, pa: pa + (a - start), leaf, perm });
  }
  return out;
}

/** The linear map setup_vm_final builds from memblock.memory. */
export function linearMappings(ctx: ReplayContext, s: ModelState): Mapping[] {
  const { profile, va, loadPa, image } = ctx;
  const lmText = { start: va.PAGE_OFFSET, end: va.PAGE_OFFSET + image.symbols.__init_data_begin };
  const permAt = (v: number): Perm => {
    switch (profile.linearProt) {
      case 'exec': return RWX;
      case 'kernel': return RW;
      // pgprot_from_va(): the linear alias of [_start, __init_data_begin) is PAGE_KERNEL_READ
      case 'from-va': return v >= lmText.start && v < lmText.end ? RO : RW;
    }
  };
  const out: Mapping[] = [];
  // 5.14: `if (end >= __pa(PAGE_OFFSET) + memory_limit) end = __pa(PAGE_OFFSET) + memory_limit;` in phys_addr_t
  // (R514 mm/init.c:741-742), where __pa(PAGE_OFFSET) is the load address. With MAXPHYSMEM_2GB memory_limit is
  // 2^64 - 2 GiB (layout.ts), so the sum wraps to load_pa - 2 GiB: below every bank, which then maps nothing
  // (`for (pa = start; pa < end; …)`, :745) and the linear map stays empty (riscv audit F1)
  const clip = linearClip(va, loadPa);
  for (const r of s.memory) {
    let start = r.start;
    let end = r.end;
    if (start >= end) break;
    if (start <= loadPa && loadPa < end) start = loadPa;
    if (end >= clip) end = clip;
    if (start >= end) continue;
    const leaf = bestMapSize(start, end - start);
    const v = linearVa(ctx, start);
    for (const m of gridMappings('linear', v, v + (end - start), start, leaf, [lmText.start, lmText.end], permAt)) out.push(m);
  }
  return out;
}

/** create_kernel_page_table(pgdir, PMD_SIZE, early): the image at kernel_virt_addr in 2 MiB leaves. */
export function kernelMappings(ctx: ReplayContext, final: boolean): Mapping[] {
  const { va, image, loadPa, profile } = ctx;
  const start = va.kernelVirt;
  const end = start + alignUp(image.size, PMD_SIZE);
  const text = { start, end: start + image.symbols.__init_data_begin };
  // early: PAGE_KERNEL_EXEC; final: pgprot_from_va() (is_va_kernel_text → PAGE_KERNEL_READ_EXEC, else PAGE_KERNEL)
  const permAt = (v: number): Perm => (!final || profile.kernelProt === 'exec' ? RWX : v >= text.start && v < text.end ? RX : RW);
  return gridMappings('kernel', start, end, loadPa, PMD_SIZE, [text.end], permAt);
}

/** Page-table pages setup_vm_final allocates: a PMD table per new PGD entry, a PTE table per 2 MiB mapped in 4 KiB leaves. */
function tablesFor(mappings: readonly Mapping[]): { pmd: number; pte: number } {
  const pgds = new Set<number>();
  let pte = 0;
  for (const m of mappings) {
    for (let g = alignDown(m.start, PGDIR_SIZE); g < m.end; g += PGDIR_SIZE) pgds.add(g);
    if (m.leaf === PAGE_SIZE) pte += (alignUp(m.end, PMD_SIZE) - alignDown(m.start, PMD_SIZE)) / PMD_SIZE;
  }
  return { pmd: pgds.size, pte };
}

/**
 * How often setup_vm_final() goes through each fixmap slot: every create_pgd_mapping() call below PGDIR_SIZE, one
 * per leaf, reaches its PMD table through get_pgd_next_virt() = get_pmd_virt_fixmap(), new table or not, and every
 * create_pmd_mapping() of a 4 KiB leaf its PTE table through get_pte_virt_fixmap(); each does clear_fixmap(), then
 * set_fixmap_offset() (R510 mm/init.c:238-242, :304-308, :355/:359, :397/:401; R512 :186-190, :246-250, :295/:299,
 * :337/:341; R514 :273-277, :339-343, :388/:392, :430/:434). A 2 MiB leaf returns from create_pmd_mapping() before
 * the PTE level. The mappings are whole leaves on their grid (best_map_size() per range, the kernel in PMD_SIZE
 * steps), so their sizes divide.
 *
 * @returns calls: `pmd` get_pmd_virt_fixmap() calls (leaves), `pte` get_pte_virt_fixmap() calls (4 KiB leaves)
 */
function fixmapCalls(mappings: readonly Mapping[]): { pmd: number; pte: number } {
  let pmd = 0;
  let pte = 0;
  for (const m of mappings) {
    const leaves = (m.end - m.start) / m.leaf;
    pmd += leaves;
    if (m.leaf === PAGE_SIZE) pte += leaves;
  }
  return { pmd, pte };
}

/** sizeof(struct memblock_region): base, size (phys_addr_t), flags (enum) and with NEED_MULTIPLE_NODES nid: 24 bytes either way (R512 include/linux/memblock.h:49-56) */
const MEMBLOCK_REGION_SIZE = 24;

/**
 * Whether the byte at `pa` (physical) is in memblock.reserved as far as the model places reservations: an
 * allocation it placed, or, once setup_bootmem() has reserved them, the kernel image (memblock_reserve(vmlinux_start,
 * vmlinux_end - vmlinux_start)) and, without BUILTIN_DTB, the DTB's fdt_totalsize() bytes (not its pages: R510
 * mm/init.c:180, :194; R512 :120, :144; R514 :185, :221). The other machine.reserved_regions (initrd,
 * /reserved-memory) are only counted: the model never makes them a neighbour.
 */
function reservedByte(ctx: ReplayContext, s: ModelState, pa: number): boolean {
  if (allocated(s, pa)) return true;
  if (!s.kernelReserved) return false;
  if (pa >= ctx.loadPa && pa < ctx.loadPa + ctx.image.size) return true;
  return holds(ctx, 'config.no_builtin_dtb') && pa >= ctx.dtbPa && pa < ctx.dtbPa + ctx.dtbSize;
}

/**
 * memblock.reserved.cnt after memblock_reserve() of [start, end) (physical, bytes; free memory, so one new region:
 * nr_new = 1), as memblock_add_range() changes it (R512 mm/memblock.c:565-649; R510 :602-686 and R514 :567-651 the
 * same): memblock_insert_region() adds the entry, then memblock_merge_regions() (R512 :494-517) folds it into a
 * region ending at `start` and into one beginning at `end`. Every reservation here has flags 0 and the node
 * memblock_reserve() gives all (MAX_NUMNODES), so touching is enough to merge. Call it before the range is taken.
 *
 * @param cnt entries before
 * @returns entries after
 */
function cntAfterReserve(ctx: ReplayContext, s: ModelState, start: number, end: number, cnt: number): number {
  return cnt + 1 - (reservedByte(ctx, s, start - 1) ? 1 : 0) - (reservedByte(ctx, s, end) ? 1 : 0);
}

/**
 * memblock_double_array() (R512 mm/memblock.c:396-488), when memblock_add_range() for the page table at
 * `reservingPa` finds `type->cnt + nr_new > type->max` (:640): this counts before merging, so a table needs a free
 * entry even when it will merge with the one reserved before it. memblock_allow_resize() has run, so the array
 * doubles: PAGE_ALIGN(2 * max * sizeof(struct memblock_region)), searched above the range being reserved, then
 * below it (:434-444, memblock_find_in_range() top down), written through __va(addr) (:445, 462) while
 * early_pg_dir is live, then reserved itself (:480). The page table took the highest free page, so nothing is
 * free above it: the array lands below it.
 *
 * @param reservingPa the page being reserved (new_area_start; new_area_size is PAGE_SIZE), not yet taken
 * @param nth which of setup_vm_final()'s `of` page tables it is (1 for the first)
 */
function doubleReserved(ctx: ReplayContext, s: ModelState, step: StepRef, reservingPa: number, table: { nth: number; of: number }, emit: Emit): void {
  const bytes = alignUp(2 * s.reservedMax * MEMBLOCK_REGION_SIZE, PAGE_SIZE);
  const what = `memblock_double_array(): the doubled memblock.reserved array (${s.reservedRegions} of ${s.reservedMax} entries in use at the memblock_reserve() of setup_vm_final()'s page table ${table.nth} of ${table.of}, pa ${hex(reservingPa)})`;
  const placed = memblockAccess(ctx, s, step, what, bytes, reservingPa, emit);
  if (placed === null) return; // "Failed to double": memblock_reserve() fails (the model goes on as if it had not)
  s.reservedMax *= 2;
  // the array's own memblock_reserve(addr, new_alloc_size), before the table's: memblockAccess() has taken it, and
  // the bytes either side of it are as they were
  s.reservedRegions = cntAfterReserve(ctx, s, placed.pa, placed.end, s.reservedRegions);
}

/**
 * One page table's memblock_reserve() (the page at `pa`, free): memblock_double_array() first when memblock.reserved
 * has no free entry for it and may grow, then the count, then the page taken.
 * @returns whether the array was doubled (it now lies below `pa`, in what was free there)
 */
function reserveTable(ctx: ReplayContext, s: ModelState, step: StepRef, pa: number, table: { nth: number; of: number }, emit: Emit): boolean {
  const full = s.resizeAllowed && s.reservedRegions + 1 > s.reservedMax;
  if (full) doubleReserved(ctx, s, step, pa, table, emit);
  s.reservedRegions = cntAfterReserve(ctx, s, pa, pa + PAGE_SIZE, s.reservedRegions);
  takeRange(s, pa, pa + PAGE_SIZE);
  return full;
}

/**
 * `pages` page tables, each its own memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE) (R510 mm/init.c:260, :326; R512
 * :208, :266; R514 :295, :359): memblock_find_in_range_node() returns the highest free page each time (top down,
 * mm/memblock.c __memblock_find_range_top_down), so the tables fill the highest run of free pages from its top,
 * then the next run below it (above the DTB's reservation first, then below it), never one block that skips a
 * run too small for it. Each is a memblock_reserve() that memblock.reserved must have an entry for
 * (reserveTable()).
 *
 * One step per run used, not per page. In a run the first page is inserted alone (it merges with a reservation
 * right above the run, if any); each later one is inserted below the page before it and merged with it, so the
 * count before it is the count the second page found, and only the last page can merge downwards too. The first
 * two pages of a run are therefore reserved one by one (either may double the array), the rest as one range:
 * one memblock_reserve() of it counts what they count one by one.
 */
function reserveTables(ctx: ReplayContext, s: ModelState, step: StepRef, pages: number, emit: Emit): void {
  let done = 0;
  while (done < pages) {
    const run = highestFreePages(ctx, s);
    if (run === null) return;
    let top = run.end;
    let doubled = false;
    for (let k = 0; k < 2 && done < pages && top > run.start && !doubled; k++) {
      top -= PAGE_SIZE;
      done++;
      doubled = reserveTable(ctx, s, step, top, { nth: done, of: pages }, emit);
    }
    // the doubled array took pages below `top`: what is free there is another run
    if (doubled) continue;
    const n = Math.min(pages - done, (top - run.start) / PAGE_SIZE);
    if (n === 0) continue;
    s.reservedRegions = cntAfterReserve(ctx, s, top - n * PAGE_SIZE, top, s.reservedRegions);
    takeRange(s, top - n * PAGE_SIZE, top);
    done += n;
  }
}

export function setupVmFinal(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  s.ptOps = 'fixmap';
  emit({ kind: 'pt-ops', step, to: 'fixmap' });
  const { va } = ctx;
  const fixmap: Mapping = { kind: 'fixmap', start: va.FIXADDR_START, end: va.FIXADDR_TOP, pa: 0, leaf: 0, perm: RW };
  const swapper = s.roots.swapper.filter((m) => m.kind === 'kasan-shadow');
  swapper.push(fixmap);
  emit({ kind: 'map', step, root: 'swapper', mapping: 'fixmap', start: fixmap.start, end: fixmap.end, pa: 0, leaf: 0, perm: RW, what: 'swapper_pg_dir → the static fixmap_pmd/fixmap_pte (shared with early_pg_dir)' });

  const linear = linearMappings(ctx, s);
  if (linear.length === 0 && s.memory.length > 0 && linearLimitWraps(va, ctx.loadPa)) {
    emit({ kind: 'linear-empty', step, clip: linearClip(va, ctx.loadPa), ranges: s.memory.length });
  }
  for (const m of linear) {
    emit({ kind: 'map', step, root: 'swapper', mapping: 'linear', start: m.start, end: m.end, pa: m.pa, leaf: m.leaf, perm: m.perm, what: m.start < va.PAGE_OFFSET ? 'a memory range below the load address, at __va(pa) < PAGE_OFFSET' : 'linear map' });
  }
  const kernel = ctx.profile.kernelOutsideLinear ? kernelMappings(ctx, true) : [];
  for (const m of kernel) {
    emit({ kind: 'map', step, root: 'swapper', mapping: 'kernel', start: m.start, end: m.end, pa: m.pa, leaf: m.leaf, perm: m.perm, what: 'create_kernel_page_table(swapper_pg_dir, PMD_SIZE)' });
  }
  const tables = tablesFor([...linear, ...kernel]);
  // each table is a memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), written through the fixmap: the model only takes the pages, so later allocations land below them
  reserveTables(ctx, s, step, tables.pmd + tables.pte, emit);
  const calls = fixmapCalls([...linear, ...kernel]);
  if (calls.pmd > 0) {
    const what = `once per create_pgd_mapping() call, i.e. per leaf, new table or not (${tables.pmd} PMD table${tables.pmd === 1 ? '' : 's'} from memblock_phys_alloc())`;
    fixmapClear(ctx, s, step, 'FIX_PMD', 'get_pmd_virt_fixmap(): clear_fixmap(FIX_PMD) before each set_fixmap_offset()', calls.pmd, emit);
    fixmapSet(ctx, s, step, 'FIX_PMD', null, `get_pmd_virt_fixmap(): set_fixmap_offset(FIX_PMD, pa) ${what}`, calls.pmd, emit);
    fixmapUse(ctx, s, step, 'FIX_PMD', 'create_pgd_mapping(): memset(nextp, 0, PAGE_SIZE) of the new PMD table', emit);
  }
  if (calls.pte > 0) {
    const what = `once per create_pmd_mapping() of a 4 KiB leaf, new table or not (${tables.pte} PTE table${tables.pte === 1 ? '' : 's'} from memblock_phys_alloc())`;
    fixmapClear(ctx, s, step, 'FIX_PTE', 'get_pte_virt_fixmap(): clear_fixmap(FIX_PTE) before each set_fixmap_offset()', calls.pte, emit);
    fixmapSet(ctx, s, step, 'FIX_PTE', null, `get_pte_virt_fixmap(): set_fixmap_offset(FIX_PTE, pa) ${what}`, calls.pte, emit);
    fixmapUse(ctx, s, step, 'FIX_PTE', 'create_pmd_mapping(): memset(ptep, 0, PAGE_SIZE) of the new PTE table', emit);
  }
  for (const m of linear) swapper.push(m);
  for (const m of kernel) swapper.push(m);
  s.roots.swapper = swapper;
  fixmapClear(ctx, s, step, 'FIX_PTE', 'clear_fixmap(FIX_PTE)', 1, emit);
  fixmapClear(ctx, s, step, 'FIX_PMD', 'clear_fixmap(FIX_PMD)', 1, emit);
  const from = s.satp;
  s.satp = 'swapper';
  emit({ kind: 'satp', step, from, to: 'swapper', fence: 'after' });
  fullFence(s, step, 'setup_vm_final(): local_flush_tlb_all() after csr_write(CSR_SATP, swapper_pg_dir)', emit);
  s.ptOps = 'late';
  s.linearFinal = true;
  emit({ kind: 'pt-ops', step, to: 'late' });
}

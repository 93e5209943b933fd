/**
 * paging_init() and the calls around it that build or switch the kernel's
 * tables: v4.4's map_mem()/fixup_executable() on the live swapper_pg_dir,
 * v4.6+'s new pgd reached through FIX_PGD and installed with
 * cpu_replace_ttbr1(), bootmem_init()'s vmemmap, the TTBR switches, and the
 * late create_mapping_late()/unmap_kernel_range() of kernel_init().
 * arch/arm64/mm/mmu.c A44:247-469, A46:340-569, A47:340-566;
 * arch/arm64/include/asm/mmu_context.h A46:108-146; arch/arm64/mm/init.c.
 */
import { alignDown, alignUp, GiB } from '../addr.js';
import type { Effect, RootName, Segment, SymbolRange } from '../effects.js';
import { entrySize, PAGE_SIZE, PTRS_PER_TABLE, SECTION_SIZE } from '../geometry.js';
import { V4_4, V4_7 } from '../kernel-version.js';
import { kernelXRange, mapMemCalls } from '../mm/map-mem.js';
import { reserve } from '../mm/memblock.js';
import { allocData, allocTable, freeTable, linearAccess, linearVa, rootName, tlbi, writeEntries, type Mm } from '../mm/mmu.js';
import { indexOf, runAt, tableOf, type Run, type Table } from '../mm/tables.js';
import { endWalks, fixmapSlotsUsed, mapRange, type MapRequest, type SlotUses } from '../mm/walker.js';
import type { ProtName } from '../prot.js';
import { paSym } from './statics.js';
import { tableSlot } from './ops-fixmap.js';
import { dmaContiguousReserve } from './ops-cma.js';

function named(mm: Mm, name: string): number {
  const id = mm.s.named[name];
  if (id === undefined) throw new Error(`internal: no static table ${name}`);
  return id;
}

export function rootId(mm: Mm, root: RootName): number | null {
  if (root === 'new pgd') return mm.s.newPgd;
  return mm.s.named[root] ?? null;
}

function sym(mm: Mm, name: keyof Mm['s']['image']): number {
  return mm.s.image[name];
}

function pa(mm: Mm, va: number): number {
  return paSym(mm.ctx, mm.s.image, va);
}

/** create_mapping() (v4.4): early_alloc, the live swapper_pg_dir. */
function createMapping(mm: Mm, phys: number, virt: number, size: number, prot: ProtName, via: string): void {
  mapRange(mm, { root: named(mm, 'swapper_pg_dir'), va: virt, end: virt + size, pa: phys, prot, allocator: 'early_alloc', via, mode: 'create', fixmapWalk: false });
}

/**
 * v4.4 map_mem() (A44 mmu.c:350-399) on the live swapper_pg_dir: the calls
 * mapMemCalls() plans (memblock limited to PHYS_OFFSET + 1 GiB, lowered to
 * the first bank's end; with DEBUG_RODATA the kernel_x range
 * PAGE_KERNEL_EXEC and the rest PAGE_KERNEL, else all PAGE_KERNEL_EXEC).
 */
export function mapMemLive(mm: Mm): void {
  const { ctx, s } = mm;
  const phys = s.memstart ?? 0;
  s.memblock.limit = phys + GiB;
  const kernelX = ctx.scenario.config.debug_rodata
    ? kernelXRange(pa(mm, sym(mm, '_stext')), pa(mm, sym(mm, '__init_end')))
    : null;
  for (const c of mapMemCalls(s.memblock.memory, phys, kernelX)) {
    s.memblock.limit = c.limit;
    createMapping(mm, c.start, linearVa(mm, c.start), c.end - c.start, c.prot, 'map_mem');
  }
  s.memblock.limit = null;
}

/** v4.4 fixup_executable() (A44 mmu.c:401-422): the unaligned head and tail of kernel_x as PAGE_KERNEL. */
export function fixupExecutable(mm: Mm): void {
  const stext = sym(mm, '_stext');
  if (stext % SECTION_SIZE !== 0) {
    const start = alignDown(pa(mm, stext), SECTION_SIZE);
    createMapping(mm, start, linearVa(mm, start), pa(mm, stext) - start, 'PAGE_KERNEL', 'fixup_executable');
  }
  const initEnd = sym(mm, '__init_end');
  if (initEnd % SECTION_SIZE !== 0) {
    const p = pa(mm, initEnd);
    createMapping(mm, p, initEnd, alignUp(p, SECTION_SIZE) - p, 'PAGE_KERNEL', 'fixup_executable');
  }
}

/** v4.4 paging_init(): zero_page = early_alloc(PAGE_SIZE) (memset through __va). */
export function allocZeroPage(mm: Mm): void {
  const what = 'the zero page (early_alloc + memset)';
  const p = allocData(mm, { what, size: PAGE_SIZE, align: PAGE_SIZE, limit: mm.s.memblock.limit, allocator: 'memblock_alloc', via: 'paging_init' });
  if (p !== null) linearAccess(mm, 'paging_init', what, p);
}

/** memstart_addr as SECTION_ALIGN_DOWN'd pfn for v4.4/v4.6's vmemmap, plain for v4.7 (pgtable.h) */
function vmemmapVa(mm: Mm, phys: number): number {
  const { ctx, s } = mm;
  const memstart = s.memstart ?? 0;
  const base = ctx.kernelKey >= V4_7 ? memstart : alignDown(memstart, GiB);
  return ctx.layout.VMEMMAP_START + ((phys - base) / PAGE_SIZE) * 64;
}

/**
 * bootmem_init() → sparse_init(): the usemap from memblock (__va), then
 * vmemmap_populate() over the struct pages of every present 1 GiB section
 * (SECTION_SIZE_BITS 30), on the live swapper_pg_dir.
 */
export function bootmemInit(mm: Mm): void {
  const { s } = mm;
  const what = 'the section usemap (memblock_virt_alloc)';
  const usemap = allocData(mm, { what, size: PAGE_SIZE, align: PAGE_SIZE, limit: s.memblock.limit, allocator: 'memblock_virt_alloc', via: 'sparse_init' });
  // sparse_init() panicked: no vmemmap is built
  if (usemap === null) return;
  linearAccess(mm, 'sparse_init', what, usemap);
  // zone_sizes_init(), then high_memory = __va((max << PAGE_SHIFT) - 1) + 1 (A46 init.c:269), after sparse_init()
  const last = s.memblock.memory[s.memblock.memory.length - 1];
  s.highMemoryEnd = last?.end ?? 0;
  if (s.memstart === null) {
    mm.emit({ kind: 'note', step: mm.step, text: 'vmemmap not populated: memstart_addr is still -1, so the vmemmap address of every struct page is wrong' });
    return;
  }
  for (const region of s.memblock.memory.slice()) {
    const start = alignDown(region.start, GiB);
    const end = alignUp(region.end, GiB);
    mapRange(mm, {
      root: named(mm, 'swapper_pg_dir'), va: vmemmapVa(mm, start), end: vmemmapVa(mm, end), pa: 0, prot: 'PROT_SECT_NORMAL',
      allocator: 'memblock_virt_alloc', via: 'bootmem_init', mode: 'vmemmap', fixmapWalk: false,
    });
  }
}

/** Whether entries [a, b) of a table already hold what run r has there. */
function sameRunAt(t: Table, r: Run, a: number, b: number): boolean {
  const cur = runAt(t, a);
  if (cur.to < b || cur.kind !== r.kind || cur.next !== r.next || cur.prot !== r.prot || cur.uniform !== r.uniform) return false;
  if (r.kind === 'invalid' || r.uniform) return cur.oa === r.oa;
  return cur.oa - cur.from * (r.kind === 'table' ? 1 : entrySize(t.level)) === r.oa - r.from * (r.kind === 'table' ? 1 : entrySize(t.level));
}

/** v4.6+ paging_init(): pgd_phys = early_pgtable_alloc(); pgd = pgd_set_fixmap(pgd_phys) (FIX_PGD held to the end). */
export function newPgd(mm: Mm): void {
  const { ctx, s } = mm;
  fixmapSlotsUsed(mm, 'early_pgtable_alloc', ['FIX_PTE']);
  const t = allocTable(mm, { level: ctx.geometry.rootLevel, pages: 1, vaBase: ctx.layout.VA_START, allocator: 'early_pgtable_alloc', via: 'paging_init', name: 'pgd (memblock)' });
  if (t === null) return; // memblock_alloc() panicked (MEMBLOCK_ALLOC_PANIC): paging_init stops here
  s.newPgd = t.id;
  tableSlot(mm, 'FIX_PGD', 'set', 'paging_init', t.pa, t.name);
}

function copyEntries(mm: Mm, from: Table, to: Table, i: number, j: number, via: string): void {
  const size = entrySize(to.level);
  const base = mm.ctx.layout.VA_START;
  for (const r of from.runs) {
    const a = Math.max(r.from, i);
    const b = Math.min(r.to, j);
    if (a >= b) continue;
    // entries that already hold the same value are copied over unchanged: nothing to record
    if (sameRunAt(to, r, a, b)) continue;
    const d = a - r.from;
    const oa = r.uniform ? r.oa : r.kind === 'table' ? r.oa + d : r.kind === 'invalid' ? 0 : r.oa + d * size;
    writeEntries(mm, to, a, b, { kind: r.kind, oa, next: r.next, uniform: r.uniform, prot: r.prot }, via, base + a * size);
  }
}

function createPgdMapping(mm: Mm, root: number, virt: number, phys: number, size: number, prot: ProtName, via: string, uses: SlotUses): void {
  const req: MapRequest = { root, va: virt, end: virt + size, pa: phys, prot, allocator: 'early_pgtable_alloc', via, mode: 'create', fixmapWalk: true };
  mapRange(mm, req, uses);
}

/**
 * v4.6+ map_kernel(pgd) (A46 mmu.c:474-532): each segment on its own, then
 * the fixmap's pgd entry copied from swapper_pg_dir ("re-use the existing
 * dir for the fixmap", so bm_* stay shared and live), and
 * kasan_copy_shadow() with KASAN.
 */
export function mapKernel(mm: Mm, segments: readonly Segment[]): void {
  const { ctx, s } = mm;
  if (s.newPgd === null) {
    mm.emit({ kind: 'note', step: mm.step, text: 'map_kernel: no pgd from paging_init to map into' });
    return;
  }
  const pgd = tableOf(s.set, s.newPgd);
  const uses: SlotUses = {};
  for (const seg of segments) {
    const start = sym(mm, seg.from);
    createPgdMapping(mm, pgd.id, start, pa(mm, start), sym(mm, seg.to) - start, seg.prot, 'map_kernel', uses);
  }
  endWalks(mm, 'map_kernel', uses);
  const swapper = tableOf(s.set, named(mm, 'swapper_pg_dir'));
  const fi = indexOf(pgd, ctx.layout.FIXADDR_START);
  if (runAt(pgd, fi).kind === 'invalid') copyEntries(mm, swapper, pgd, fi, fi + 1, 'map_kernel');
  const { KASAN_SHADOW_START: ks, KASAN_SHADOW_END: ke } = ctx.layout;
  if (ctx.scenario.config.kasan && ks !== null && ke !== null) {
    copyEntries(mm, swapper, pgd, indexOf(pgd, ks), indexOf(pgd, ke - PAGE_SIZE) + 1, 'kasan_copy_shadow');
  }
}

/**
 * v4.6+ map_mem(pgd) (A46 mmu.c:386-446): every region as PAGE_KERNEL, except
 * the linear alias of the kernel text [roAlias.from, _etext), which is
 * PAGE_KERNEL_RO ("Take care not to create a writable alias").
 */
export function mapMemNew(mm: Mm, roAlias: SymbolRange): void {
  const { s } = mm;
  if (s.newPgd === null) return;
  if (s.memstart === null) {
    linearAccess(mm, 'map_mem', 'the linear map\'s addresses (__phys_to_virt with memstart_addr = -1)', s.memblock.memory[0]?.start ?? 0);
    return;
  }
  const root = s.newPgd;
  const kStart = pa(mm, sym(mm, roAlias.from));
  const kEnd = pa(mm, sym(mm, roAlias.to));
  const uses: SlotUses = {};
  const map = (a: number, b: number, prot: ProtName): void => createPgdMapping(mm, root, linearVa(mm, a), a, b - a, prot, 'map_mem', uses);
  for (const r of s.memblock.memory) {
    if (r.end < kStart || r.start >= kEnd) {
      map(r.start, r.end, 'PAGE_KERNEL');
      continue;
    }
    if (r.start < kStart) map(r.start, kStart, 'PAGE_KERNEL');
    if (kEnd < r.end) map(kEnd, r.end, 'PAGE_KERNEL');
    map(kStart, kEnd, 'PAGE_KERNEL_RO');
  }
  endWalks(mm, 'map_mem', uses);
}

/** The first virtual address two roots translate differently (null: identical top-level entries). */
function firstDifference(mm: Mm, a: number | null, b: number | null): number | null {
  if (a === b) return null;
  if (a === null || b === null) return mm.ctx.layout.VA_START;
  const ta = tableOf(mm.s.set, a);
  const tb = tableOf(mm.s.set, b);
  const size = entrySize(ta.level);
  for (let i = 0; i < PTRS_PER_TABLE; i++) {
    const ra = runAt(ta, i);
    const rb = runAt(tb, i);
    const sameNext = ra.kind === rb.kind && (ra.kind !== 'table' || (ra.next === rb.next && (ra.uniform ? ra.oa : ra.oa + i - ra.from) === (rb.uniform ? rb.oa : rb.oa + i - rb.from)));
    const sameLeaf = ra.kind === 'invalid' || ra.kind === 'table' || ((ra.uniform ? ra.oa : ra.oa + (i - ra.from) * size) === (rb.uniform ? rb.oa : rb.oa + (i - rb.from) * size) && ra.prot === rb.prot);
    if (!sameNext || !sameLeaf) return mm.ctx.layout.VA_START + i * size;
    // skip to the end of the shorter run
    i = Math.min(ra.to, rb.to) - 1;
  }
  return null;
}

function switchTtbr1(mm: Mm, to: number | null, via: 'msr' | 'cpu_replace_ttbr1'): void {
  const { s } = mm;
  const differsAt = firstDifference(mm, s.ttbr1, to);
  mm.emit({ kind: 'ttbr', step: mm.step, reg: 1, from: rootName(s, s.ttbr1), to: rootName(s, to), via, identical: differsAt === null, differsAt, mmu: s.mmu });
  s.ttbr1 = to;
  s.reach = null;
}

/**
 * cpu_replace_ttbr1(pgd) (A46 mmu_context.h:129-146, proc.S:155-181):
 * cpu_install_idmap(); idmap_cpu_replace_ttbr1: TTBR1 = empty_zero_page,
 * tlbi vmalle1, TTBR1 = pgd; cpu_uninstall_idmap(): TTBR0 = reserved.
 */
export function replaceTtbr1(mm: Mm, root: RootName): void {
  const { s } = mm;
  const to = rootId(mm, root);
  if (to === null) {
    mm.emit({ kind: 'note', step: mm.step, text: `cpu_replace_ttbr1: no ${root} to install` });
    return;
  }
  switchTtbr1(mm, to, 'cpu_replace_ttbr1');
  s.stale = [];
  if (s.ttbr0 !== null) {
    mm.emit({ kind: 'ttbr', step: mm.step, reg: 0, from: rootName(s, s.ttbr0), to: 'reserved', via: 'cpu_replace_ttbr1', identical: false, differsAt: null, mmu: s.mmu });
    s.ttbr0 = null;
    s.reach = null;
  }
}

/** v4.4 kasan_init()'s own cpu_set_ttbr1(): msr ttbr1_el1; isb (A44 kasan_init.c:111-118). */
export function setTtbr1(mm: Mm, root: RootName): void {
  switchTtbr1(mm, rootId(mm, root), 'msr');
}

/** cpu_set_reserved_ttbr0(); local_flush_tlb_all() (cpu_uninstall_idmap; the end of v4.4 paging_init). */
export function ttbr0Reserved(mm: Mm): void {
  const { s } = mm;
  mm.emit({ kind: 'ttbr', step: mm.step, reg: 0, from: rootName(s, s.ttbr0), to: 'reserved', via: 'cpu_set_reserved_ttbr0', identical: s.ttbr0 === null, differsAt: null, mmu: s.mmu });
  s.ttbr0 = null;
  s.reach = null;
  tlbi(mm, 'local_flush_tlb_all');
}

/** memcpy(to, from, PAGE_SIZE) of a pgd. */
export function copyPgd(mm: Mm, from: RootName, to: RootName, via: string): void {
  const a = rootId(mm, from);
  const b = rootId(mm, to);
  if (a === null || b === null) return;
  copyEntries(mm, tableOf(mm.s.set, a), tableOf(mm.s.set, b), 0, PTRS_PER_TABLE, via);
}

/** v4.6+ paging_init() after the switch: pgd_clear_fixmap(); memblock_free() of the temporary pgd and of swapper's head.S pages. */
export function releaseNewPgd(mm: Mm): void {
  const { s } = mm;
  if (s.newPgd === null) return;
  const pgd = tableOf(s.set, s.newPgd);
  tableSlot(mm, 'FIX_PGD', 'clear', 'paging_init', pgd.pa);
  freeTable(mm, pgd, 'paging_init');
  s.newPgd = null;
  for (const name of ['swapper_pg_dir+1', 'swapper_pg_dir+2']) {
    const id = s.named[name];
    if (id !== undefined) freeTable(mm, tableOf(s.set, id), 'paging_init');
  }
}

/**
 * arm64_memblock_init(): v4.6+ memstart_addr = round_down(start of DRAM,
 * ARM64_MEMSTART_ALIGN = 1 GiB), lowered by KASLR's linear randomization
 * (A46 init.c:168-249); memblock_reserve() of the kernel image;
 * arm64_dma_phys_limit = max_zone_dma_phys(): the end of the 4 GiB window
 * the start of DRAM is in, or the end of DRAM below it (A46 init.c:83-87,
 * 241-242; A44 init.c:181-182). With no RAM, memblock's empty region makes
 * both ends 0, and the limit stays 0 (no limit, see ModelState). Then the
 * default CMA area below that limit (dmaContiguousReserve, :245).
 */
export function arm64MemblockInit(mm: Mm, setsMemstart: boolean): void {
  const { ctx, s } = mm;
  const mem = s.memblock.memory;
  if (setsMemstart) {
    const start = mem[0]?.start ?? 0;
    const end = mem[mem.length - 1]?.end ?? 0;
    let memstart = alignDown(start, GiB);
    const linear = 2 ** (ctx.geometry.vaBits - 1);
    if (ctx.scenario.config.randomize_base && s.memstartSeed > 0 && linear - (end - start) >= GiB) {
      const range = Math.floor((linear - (end - start)) / GiB) + 1;
      memstart -= GiB * Math.floor((range * s.memstartSeed) / 2 ** 16);
    }
    s.memstart = memstart;
    mm.emit({ kind: 'memstart', step: mm.step, memstart });
  }
  reserve(s.memblock, pa(mm, sym(mm, '_text')), pa(mm, sym(mm, '_end')));
  // v4.4 sets high_memory here, before dma_contiguous_reserve() (A44 init.c:185); v4.6+ in bootmem_init()
  if (!setsMemstart) s.highMemoryEnd = mem[mem.length - 1]?.end ?? 0;
  s.dmaPhysLimit = Math.min(alignDown(mem[0]?.start ?? 0, 2 ** 32) + 2 ** 32, mem[mem.length - 1]?.end ?? 0);
  dmaContiguousReserve(mm);
  // memblock_allow_resize() (A44 init.c:188, A46 :247, A47 :303): from here memblock_add() can double the arrays
  s.memblock.resizable = true;
}

/**
 * memblock_alloc() + a write through __va(): alloc_bootmem_low() or
 * early_init_dt_alloc_memory_arch(); once, or once per memblock.memory
 * region (`perRegion`), stopping at the first that fails.
 * alloc_bootmem_low() searches below ARCH_LOW_ADDRESS_LIMIT =
 * arm64_dma_phys_limit - 1 (exclusive, as memblock_find_in_range_node()'s
 * end), cut to memblock.current_limit (A46 mm/nobootmem.c
 * __alloc_memory_core_early()); before arm64_memblock_init() that is ~0: no
 * limit but current_limit's.
 */
export function linearAlloc(mm: Mm, effect: Extract<Effect, { op: 'linear_alloc' }>, via: string): void {
  const { s } = mm;
  const { what, size, low } = effect;
  const current = s.memblock.limit;
  const lowLimit = s.dmaPhysLimit === 0 ? current : Math.min(s.dmaPhysLimit - 1, current ?? Infinity);
  // the regions as the loop starts: its own allocations only reserve, they add no region
  const count = effect.perRegion === true ? s.memblock.memory.length : 1;
  for (let k = 0; k < count; k++) {
    // the size as passed: memblock_alloc() reserves exactly it at an `align`-aligned base, and its panic prints it
    // (v4.6 mm/memblock.c memblock_alloc_base(), nobootmem.c __alloc_memory_core_early(): no rounding)
    const p = allocData(mm, { what, size, align: effect.align ?? PAGE_SIZE, limit: low ? lowLimit : current, allocator: low ? 'alloc_bootmem_low' : 'memblock_alloc', via });
    if (p === null) return;
    linearAccess(mm, via, what, p);
  }
}

/** create_mapping_late(__pa(from), from, to - from, prot) on the live swapper_pg_dir (late allocator). */
export function createMappingLate(mm: Mm, range: SymbolRange, prot: ProtName, via: string): void {
  const start = sym(mm, range.from);
  const end = sym(mm, range.to);
  mapRange(mm, {
    root: named(mm, 'swapper_pg_dir'), va: start, end, pa: pa(mm, start), prot, allocator: 'late_alloc', via, mode: 'create',
    fixmapWalk: mm.ctx.kernelKey > V4_4,
  });
}

/** v4.6+ fixup_init(): unmap_kernel_range(__init_begin, __init_end - __init_begin). */
export function unmapKernelRange(mm: Mm, range: SymbolRange, via: string): void {
  const start = sym(mm, range.from);
  mapRange(mm, { root: named(mm, 'swapper_pg_dir'), va: start, end: sym(mm, range.to), pa: 0, prot: 'PAGE_KERNEL', allocator: 'none', via, mode: 'unmap', fixmapWalk: false });
}


/**
 * The kernel's page-table walkers, over table objects and runs.
 *
 * create (v4.4 __create_mapping, v4.6/v4.7 __create_pgd_mapping;
 * arch/arm64/mm/mmu.c A44:95-263, A46:118-299): per level, a whole aligned
 * 1 GiB (use_1G_block) or 2 MiB range becomes a block "over whatever was
 * there" (the old entry is not broken first; flush_tlb_all() after, and an
 * old table is memblock_free()d); anything else descends: an empty entry gets
 * a new table from the allocator, a block is split (split_pud copies the
 * block into 512 pmd blocks, split_pmd into 512 PAGE_KERNEL_EXEC ptes) and
 * the live entry is repointed at the new table (pXd_populate, then
 * flush_tlb_all()). Ptes are set in place. v4.6+ reaches every table
 * through FIX_PUD/FIX_PMD/FIX_PTE and allocates with early_pgtable_alloc.
 *
 * vmemmap (vmemmap_populate, A44 mmu.c:515-548, mm/sparse-vmemmap.c): only
 * fills holes: tables from memblock_virt_alloc, 2 MiB PROT_SECT_NORMAL
 * blocks of fresh memory where the pmd is none.
 *
 * zero (kasan_populate_zero_shadow, mm/kasan/kasan_init.c A46:30-160): whole
 * aligned entries point at the static kasan_zero_pud/pmd/pte, partial ones
 * get a table from memblock_virt_alloc, and ptes map kasan_zero_page
 * read-only.
 */
import { alignDown, MiB } from '../addr.js';
import { fixToVirt, type TableSlot } from '../fixmap.js';
import { entrySize, PTRS_PER_TABLE, SECTION_SIZE, type Level } from '../geometry.js';
import type { ProtName } from '../prot.js';
import type { Allocator } from '../replay/events.js';
import { allocData, allocTable, freeTable, isLive, linearAccess, pathTo, writeEntries, type Mm } from './mmu.js';
import { indexOf, runAt, tableOf, type Run, type Table } from './tables.js';

export interface MapRequest {
  /** the root table (a pgd) */
  readonly root: number;
  readonly va: number;
  /** exclusive */
  readonly end: number;
  /** physical address va maps to (create); ignored by vmemmap and zero */
  readonly pa: number;
  readonly prot: ProtName;
  readonly allocator: Allocator;
  /** the kernel function, for events and findings */
  readonly via: string;
  readonly mode: 'create' | 'vmemmap' | 'zero' | 'unmap';
  /** zero: physical address of kasan_zero_page */
  readonly zeroPa?: number;
  /** v4.6+: tables are reached through FIX_PUD/FIX_PMD/FIX_PTE */
  readonly fixmapWalk: boolean;
}

interface Walk {
  readonly mm: Mm;
  readonly req: MapRequest;
  readonly uses: Partial<Record<TableSlot, number>>;
}

function use(w: Walk, slot: TableSlot): void {
  w.uses[slot] = (w.uses[slot] ?? 0) + 1;
}

/** The static kasan_zero_* table that a whole entry at this level points at. */
function zeroTable(w: Walk, level: Level): number {
  const name = level === 0 ? 'kasan_zero_pud' : level === 1 ? 'kasan_zero_pmd' : 'kasan_zero_pte';
  const id = w.mm.s.named[name];
  if (id === undefined) throw new Error(`internal: ${name} missing`);
  return id;
}

function blockAllowed(t: Table): boolean {
  // use_1G_block() (4K pages) at level 1, sections at level 2; never at level 0
  return t.level === 1 || t.level === 2;
}

/** How often a walk (or several walks of one kernel function) set each FIX_P* slot. */
export type SlotUses = Partial<Record<TableSlot, number>>;

/**
 * Walks [va, end) of the request; returns after every table on the way has
 * been written. With `uses`, the fixmap slots the walk sets are added there
 * and the caller reports them once for all its walks (endWalks); without, they
 * are reported now.
 */
export function mapRange(mm: Mm, req: MapRequest, uses?: SlotUses): void {
  if (req.end <= req.va || mm.s.bug) return;
  const w: Walk = { mm, req, uses: uses ?? {} };
  mapIn(w, tableOf(mm.s.set, req.root), req.va, req.end);
  if (uses === undefined) endWalks(mm, req.via, w.uses);
}

/** Reports the fixmap slots some walks set: one fixmap-walk event, and whether each was free and mapped. */
export function endWalks(mm: Mm, via: string, uses: SlotUses): void {
  const slots = Object.keys(uses) as TableSlot[];
  if (slots.length === 0) return;
  mm.emit({ kind: 'fixmap-walk', step: mm.step, via, uses });
  fixmapSlotsUsed(mm, via, slots);
}

/**
 * A walk (or early_pgtable_alloc) sets and clears these FIX_P* slots: each
 * must be free (no caller still holds it) and its pte reachable (bm_pte
 * hooked into the live swapper_pg_dir).
 */
export function fixmapSlotsUsed(mm: Mm, via: string, slots: readonly TableSlot[]): void {
  const { ctx, s } = mm;
  for (const slot of slots) {
    const hold = s.slots.get(slot);
    if (hold !== undefined) {
      mm.emit({ kind: 'fixmap-slot', step: mm.step, slot, action: 'set', pa: null, holder: via, busy: hold });
    }
  }
  const first = slots[0];
  if (first === undefined) return;
  const idx = ctx.fixmap.slots[first] ?? 0;
  const va = fixToVirt(ctx.layout.FIXADDR_TOP, idx);
  const ready = pathTo(mm, va, 3);
  if (!ready) {
    // early_pgtable_alloc() maps only the page it has just allocated, to zero it (mmu.c:74-96 at v4.6): no walk
    const zeroing = via === 'early_pgtable_alloc';
    mm.emit({
      kind: 'fixmap-use', step: mm.step, slot: first, idx, va, via,
      what: zeroing ? 'the new table page, mapped to memset() it' : `the table walk maps each table through ${slots.join(', ')}`,
      ready, why: 'bm_pte is not hooked into the live swapper_pg_dir', tableUse: zeroing ? 'early_pgtable_alloc' : 'walk',
    });
  }
}

function paOf(w: Walk, va: number): number {
  return w.req.pa + (va - w.req.va);
}

function mapIn(w: Walk, t: Table, va: number, end: number): void {
  const size = entrySize(t.level);
  if (w.req.fixmapWalk) {
    // pud_set_fixmap_offset (48-bit only: folded at 39), pmd_set_fixmap_offset, pte_set_fixmap_offset
    if (t.level === 1 && w.mm.ctx.geometry.rootLevel === 0) use(w, 'FIX_PUD');
    if (t.level === 2) use(w, 'FIX_PMD');
    if (t.level === 3) use(w, 'FIX_PTE');
  }
  let a = va;
  // a failed table allocation (ModelState.bug) ends the walk: the kernel stopped at its BUG_ON
  while (a < end && !w.mm.s.bug) {
    const i = indexOf(t, a);
    const run = runAt(t, i);
    const entryStart = a - (a % size);
    const runEndVa = entryStart + (run.to - i) * size;
    let pieceEnd: number;
    let full: boolean;
    if (a === entryStart && Math.min(end, runEndVa) - a >= size) {
      pieceEnd = Math.min(alignDown(end, size), runEndVa);
      full = true;
    } else {
      pieceEnd = Math.min(end, entryStart + size);
      full = false;
    }
    // a count of entries (at most 512 × pages) kept a small integer for V8: see indexAt()
    const k = full ? ((pieceEnd - a) / size) | 0 : 1;
    piece(w, t, i, i + k, run, a, pieceEnd, full);
    a = pieceEnd;
  }
}

/** One piece of a walk: entries [i, j) of t, inside `run` (which may extend beyond them), for [a, end). */
function piece(w: Walk, t: Table, i: number, j: number, run: Run, a: number, end: number, full: boolean): void {
  const { req } = w;
  const size = entrySize(t.level);
  const entryVa = a - (a % size);
  if (req.mode === 'vmemmap') {
    if (t.level === 2) {
      if (run.kind !== 'invalid') return; // vmemmap_verify()
      const what = `${(j - i) * 2} MiB of ${req.via === 'kasan_init' ? 'shadow' : 'struct pages'} (vmemmap_alloc_block_buf)`;
      // vmemmap_alloc_block() → __earlyonly_bootmem_alloc() → memblock_virt_alloc_try_nid() (mm/sparse-vmemmap.c:39-46, A46)
      const pa = allocData(w.mm, { what, size: (j - i) * SECTION_SIZE, align: SECTION_SIZE, limit: w.mm.s.memblock.limit, allocator: 'memblock_virt_alloc', via: req.via });
      if (pa === null) return; // it panicked: the walk ends (ModelState.bug)
      linearAccess(w.mm, req.via, what, pa);
      writeEntries(w.mm, t, i, j, { kind: 'block', oa: pa, next: -1, uniform: false, prot: 'PROT_SECT_NORMAL' }, req.via, entryVa);
      return;
    }
    descend(w, t, i, j, run, a, end, entryVa);
    return;
  }
  if (req.mode === 'zero') {
    if (t.level === 3) {
      const zero = req.zeroPa ?? 0;
      writeEntries(w.mm, t, i, j, { kind: 'page', oa: zero, next: -1, uniform: true, prot: 'KASAN_ZERO_PTE' }, req.via, entryVa);
      return;
    }
    if (full) {
      const next = zeroTable(w, t.level);
      writeEntries(w.mm, t, i, j, { kind: 'table', oa: 0, next, uniform: true, prot: null }, req.via, entryVa);
      return;
    }
    descend(w, t, i, j, run, a, end, entryVa);
    return;
  }
  if (req.mode === 'unmap') {
    // vunmap_pmd_range()/vunmap_pte_range(): pmd_clear_huge() clears a whole block, ptes one by one; flush_tlb_kernel_range() after
    if (run.kind === 'invalid') return;
    if (run.kind === 'table') {
      mapIn(w, tableOf(w.mm.s.set, run.next), a, end);
      return;
    }
    writeEntries(w.mm, t, i, j, { kind: 'invalid', oa: 0, next: -1, uniform: true, prot: null }, req.via, entryVa, 'flush_tlb_kernel_range');
    return;
  }
  // create
  const pa = paOf(w, a);
  if (t.level === 3) {
    writeEntries(w.mm, t, i, j, { kind: 'page', oa: pa, next: -1, uniform: false, prot: req.prot }, req.via, entryVa);
    return;
  }
  if (full && blockAllowed(t) && pa % size === 0) {
    const then = run.kind !== 'invalid' ? 'flush_tlb_all' : null;
    writeEntries(w.mm, t, i, j, { kind: 'block', oa: pa, next: -1, uniform: false, prot: req.prot }, req.via, entryVa, then);
    if (run.kind === 'table') freeUnder(w, run);
    return;
  }
  descend(w, t, i, j, run, a, end, entryVa);
}

/** The old table(s) a block replaced: memblock_free()d when the slab is not up yet (v4.4/v4.6 alloc_init_pud/pmd). */
function freeUnder(w: Walk, run: Run): void {
  const t = tableOf(w.mm.s.set, run.next);
  if (!run.uniform) freeTable(w.mm, t, w.req.via);
}

/** Entries [i, j) of t, inside `run` (which may extend beyond them), get a table (or have one) for [a, end). */
function descend(w: Walk, t: Table, i: number, j: number, run: Run, a: number, end: number, entryVa: number): void {
  const { mm, req } = w;
  const childLevel = (t.level + 1) as Level;
  const span = (j - i) * entrySize(t.level);
  if (run.kind === 'table') {
    mapIn(w, tableOf(mm.s.set, run.next), a, end);
    return;
  }
  const allocator: Allocator = req.mode === 'create' ? req.allocator : 'memblock_virt_alloc';
  if (req.fixmapWalk && allocator === 'early_pgtable_alloc') use(w, 'FIX_PTE');
  const child = allocTable(mm, { level: childLevel, pages: j - i, vaBase: entryVa, allocator, via: req.via });
  // no page: BUG_ON(!pgtable_alloc) or memblock_alloc()'s panic stopped the kernel before pXd_populate()
  if (child === null) return;
  if (run.kind === 'block') {
    // split_pud(): 512 pmd blocks with the block's attributes; split_pmd(): 512 PAGE_KERNEL_EXEC ptes
    const prot: ProtName = childLevel === 3 ? 'PAGE_KERNEL_EXEC' : run.prot ?? 'PAGE_KERNEL';
    // the output address of entry i (run may start before it)
    const oa = run.uniform ? run.oa : run.oa + (i - run.from) * entrySize(t.level);
    child.runs = [{ from: 0, to: PTRS_PER_TABLE * (j - i), kind: childLevel === 3 ? 'page' : 'block', oa, next: -1, uniform: false, prot }];
    mm.emit({
      kind: 'leaf-split', step: mm.step, via: req.via, table: t.name, level: t.level, va: entryVa, end: entryVa + span,
      oldProt: run.prot, newProt: req.prot, mapVa: a, mapEnd: end, live: isLive(mm.s, t.id),
    });
  }
  // pXd_populate(); alloc_init_pmd/pte flush_tlb_all() after it (alloc_init_pud's pgd_populate does not)
  const then = req.mode === 'create' && t.level >= 1 ? 'flush_tlb_all' : null;
  writeEntries(mm, t, i, j, { kind: 'table', oa: 0, next: child.id, uniform: false, prot: null }, req.via, entryVa, then);
  mapIn(w, child, a, end);
}

/** 2 MiB, for callers that round shadow and vmemmap ranges */
export const SWAPPER_BLOCK_SIZE = 2 * MiB;

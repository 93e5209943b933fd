/**
 * The fixmap operations: early_fixmap_init(), __set_fixmap() users
 * (earlycon, early_memremap), the FDT window, and the FIX_P* slots held by a
 * caller. arch/arm64/mm/mmu.c: A44:590-699, A46:655-808; mm/early_ioremap.c.
 */
import { btmapIdx, efiObjectPa, firstFreeSlot, slotHolding, withSlot, type EfiObject } from '../../early-ioremap.js';
import { MiB } from '../addr.js';
import { fixToVirt, type SlotName, type TableSlot } from '../fixmap.js';
import { indexAt, PAGE_SIZE, SECTION_SIZE, type Level } from '../geometry.js';
import { V4_6 } from '../kernel-version.js';
import { slotVa } from '../layout.js';
import { reserve } from '../mm/memblock.js';
import { fixmapTablePage, pathTo, writeEntries, type Mm } from '../mm/mmu.js';
import { indexOf, tableOf } from '../mm/tables.js';
import { endWalks, mapRange, type SlotUses } from '../mm/walker.js';
import type { ProtName } from '../prot.js';
import type { FixmapUseEvent } from './events.js';

function named(mm: Mm, name: string): number {
  const id = mm.s.named[name];
  if (id === undefined) throw new Error(`internal: no static table ${name}`);
  return id;
}

/**
 * early_fixmap_init() (v4.4 A44 mmu.c:590-625; v4.6/v4.7 A46:678-724):
 * pgd_populate(bm_pud) (4 levels), pud_populate(bm_pmd), pmd_populate_kernel(bm_pte),
 * for FIXADDR_START, in swapper_pg_dir. A second call rewrites the same values.
 */
export function earlyFixmapInit(mm: Mm): void {
  const { ctx, s } = mm;
  const va = ctx.layout.FIXADDR_START;
  const chain: { table: number; next: string }[] = [];
  const swapper = named(mm, 'swapper_pg_dir');
  if (ctx.geometry.levels === 4) {
    chain.push({ table: swapper, next: 'bm_pud' }, { table: named(mm, 'bm_pud'), next: 'bm_pmd' });
  } else {
    chain.push({ table: swapper, next: 'bm_pmd' });
  }
  chain.push({ table: named(mm, 'bm_pmd'), next: 'bm_pte' });
  for (const link of chain) {
    const t = tableOf(s.set, link.table);
    const i = indexOf(t, va);
    const size = 2 ** (12 + 9 * (3 - t.level));
    writeEntries(mm, t, i, i + 1, { kind: 'table', oa: 0, next: named(mm, link.next), uniform: false, prot: null }, 'early_fixmap_init', va - (va % size));
  }
}

/** A use of a fixmap slot (idxOffset pages below it: an early_ioremap slot past the first): is its entry reachable through the live tables (and, for early_ioremap, is slot_virt[] set)? */
export function useSlot(mm: Mm, slot: SlotName, via: string, what: string, leafLevel: Level, needsSlotVirt = false, idxOffset = 0,
  tableUse?: FixmapUseEvent['tableUse']): number {
  const { ctx, s } = mm;
  const idx = (ctx.fixmap.slots[slot] ?? 0) - idxOffset;
  const va = fixToVirt(ctx.layout.FIXADDR_TOP, idx);
  const path = pathTo(mm, va, leafLevel);
  const ready = path && (!needsSlotVirt || s.earlyIoremap);
  let why = '';
  if (!path) why = leafLevel === 3 ? 'bm_pte is not hooked into the live swapper_pg_dir' : 'bm_pmd is not hooked into the live swapper_pg_dir';
  else if (!ready) why = 'slot_virt[] is still 0 (early_ioremap_setup() has not run): early_memremap() returns an address near 0';
  mm.emit({ kind: 'fixmap-use', step: mm.step, slot, idx, va, via, what, ready, why, ...(tableUse !== undefined ? { tableUse } : {}) });
  return va;
}

/**
 * __set_fixmap(idx, phys, prot): set_pte() into bm_pte (no TLBI on set), or
 * pte_clear() + flush_tlb_kernel_range() when clearing (A46 mmu.c:726-742).
 */
export function setFixmapPte(mm: Mm, slot: SlotName, idxOffset: number, pa: number | null, prot: ProtName, via: string): void {
  const { ctx, s } = mm;
  const idx = (ctx.fixmap.slots[slot] ?? 0) - idxOffset;
  const va = fixToVirt(ctx.layout.FIXADDR_TOP, idx);
  const t = tableOf(s.set, named(mm, 'bm_pte'));
  const i = indexAt(3, va);
  if (pa === null) writeEntries(mm, t, i, i + 1, { kind: 'invalid', oa: 0, next: -1, uniform: true, prot: null }, via, va, 'flush_tlb_kernel_range', slot);
  else writeEntries(mm, t, i, i + 1, { kind: 'page', oa: pa - (pa % PAGE_SIZE), next: -1, uniform: false, prot }, via, va, null, slot);
}

/**
 * __fixmap_remap_fdt(dt_phys, &size, prot): one 2 MiB block at FIX_FDT for
 * round_down(dt_phys, 2M), and, when offset + size > 2 MiB, the window again
 * with a second block (the first is rewritten with the same value). v4.4
 * uses create_mapping() (early_alloc); v4.6+ create_mapping_noalloc()
 * through FIX_PUD/FIX_PMD. fixmap_remap_fdt() then memblock_reserve()s it.
 */
export function fixmapRemapFdt(mm: Mm, prot: 'PAGE_KERNEL_RO' | 'PAGE_KERNEL', doReserve: boolean, via: string): void {
  const { ctx, s } = mm;
  const m = ctx.scenario.machine;
  const base = slotVa(ctx.layout, ctx.fixmap, 'FIX_FDT');
  useSlot(mm, 'FIX_FDT', via, `the DTB at 0x${m.fdt_phys.toString(16)} (${prot})`, 2);
  const v46 = ctx.kernelKey >= V4_6;
  const pa = m.fdt_phys - (m.fdt_phys % SECTION_SIZE);
  const req = {
    root: named(mm, 'swapper_pg_dir'), va: base, end: base + SECTION_SIZE, pa, prot,
    allocator: v46 ? 'none' as const : 'early_alloc' as const, via, mode: 'create' as const, fixmapWalk: v46,
  };
  const uses: SlotUses = {};
  mapRange(mm, req, uses);
  // a walk that needed a table hit BUG_ON(!pgtable_alloc) (ModelState.bug): mapRange() maps no second window
  const offset = m.fdt_phys % SECTION_SIZE;
  if (offset + m.fdt_size > SECTION_SIZE) mapRange(mm, { ...req, end: base + 2 * SECTION_SIZE }, uses);
  endWalks(mm, via, uses);
  if (doReserve) reserve(s.memblock, m.fdt_phys, m.fdt_phys + m.fdt_size);
}

/** Where the model puts firmware tables other than efi_init()'s (ACPI, define:): the top 2 MiB of the last bank. */
function firmwarePa(mm: Mm): number {
  return ramEnd(mm) - 2 * MiB;
}

/** The end of the highest bank (0 without RAM). */
function ramEnd(mm: Mm): number {
  const banks = mm.ctx.scenario.machine.banks;
  const last = banks[banks.length - 1];
  return last === undefined ? 0 : last.base + last.size;
}

/**
 * early_memremap()/early_memremap_ro() (mm/early_ioremap.c __early_ioremap()): the first free of the 7
 * FIX_BTMAP slots, its first page set in bm_pte (__early_set_fixmap → __set_fixmap; the model maps one page);
 * early_memunmap() clears it (flush_tlb_kernel_range) and frees the slot. then: 'hold' leaves the slot held
 * until an early_memunmap effect names the same `what`.
 */
export function earlyMemremap(mm: Mm, what: string, prot: ProtName, via: string, object: EfiObject | undefined, then: 'unmap' | 'hold'): void {
  const { s } = mm;
  const pa = object === undefined ? firmwarePa(mm) : efiObjectPa(object, ramEnd(mm));
  const slot = firstFreeSlot(s.btmap);
  const begin = mm.ctx.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
  const idx = btmapIdx(begin, slot ?? 0);
  const va = useSlot(mm, 'FIX_BTMAP_BEGIN', via, what, 3, true, begin - idx);
  mm.emit({ kind: 'early-ioremap', step: mm.step, action: 'map', slot, idx, va, pa, what, prot, held: then === 'hold' });
  // all 7 held: __early_ioremap() WARNs ("could not find slot") and returns NULL: nothing is mapped
  if (slot === null) return;
  setFixmapPte(mm, 'FIX_BTMAP_BEGIN', begin - idx, pa, prot, via);
  s.btmap = withSlot(s.btmap, slot, { what, pa, step: mm.step });
  if (then === 'unmap') earlyMemunmap(mm, what, via);
}

/** early_memunmap(): clear the slot holding `what` (pte_clear + flush_tlb_kernel_range) and free it; nothing if none does. */
export function earlyMemunmap(mm: Mm, what: string, via: string): void {
  const { s } = mm;
  const slot = slotHolding(s.btmap, what);
  if (slot === null) return;
  const begin = mm.ctx.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
  const idx = btmapIdx(begin, slot);
  const hold = s.btmap[slot];
  setFixmapPte(mm, 'FIX_BTMAP_BEGIN', begin - idx, null, 'PAGE_KERNEL', via);
  s.btmap = withSlot(s.btmap, slot, null);
  mm.emit({ kind: 'early-ioremap', step: mm.step, action: 'unmap', slot, idx, va: fixToVirt(mm.ctx.layout.FIXADDR_TOP, idx), pa: hold?.pa ?? 0, what, prot: null, held: false });
}

/** parse_early_param() → earlycon_map(): set_fixmap_io(FIX_EARLYCON_MEM_BASE, paddr & PAGE_MASK), never cleared. */
export function earlycon(mm: Mm, paddr: number, text: string): void {
  useSlot(mm, 'FIX_EARLYCON_MEM_BASE', 'earlycon_map', `UART at 0x${paddr.toString(16)} (${text})`, 3);
  setFixmapPte(mm, 'FIX_EARLYCON_MEM_BASE', 0, paddr, 'PROT_DEVICE_nGnRE', 'earlycon_map');
}

/** the level of the table page a FIX_P* slot maps: FIX_PGD maps the root, whichever level that is */
function slotLevel(mm: Mm, slot: TableSlot): Level {
  switch (slot) {
    case 'FIX_PTE': return 3;
    case 'FIX_PMD': return 2;
    case 'FIX_PUD': return 1;
    case 'FIX_PGD': return mm.ctx.geometry.rootLevel;
  }
}

/**
 * The static table page of a level that code running before memblock has
 * RAM can reach: the fixmap's own bm_pte/bm_pmd/bm_pud, and swapper_pg_dir
 * for FIX_PGD. fixmap_remap_fdt()'s walk maps bm_pud and bm_pmd the same way,
 * through pud_set_fixmap_offset()/pmd_set_fixmap_offset() (A46
 * arch/arm64/mm/mmu.c:207,264); it maps the FDT with a block, so it never
 * reaches a pte table, and it starts from swapper_pg_dir by its kernel address.
 */
function staticTableOf(slot: TableSlot): string {
  switch (slot) {
    case 'FIX_PTE': return 'bm_pte';
    case 'FIX_PMD': return 'bm_pmd';
    case 'FIX_PUD': return 'bm_pud';
    case 'FIX_PGD': return 'swapper_pg_dir';
  }
}

/**
 * pXd_set_fixmap(phys) / pXd_clear_fixmap() as a step of its own (the
 * catalog's helpers). phys is the caller's table page: a fresh one from
 * early_pgtable_alloc() once memblock has RAM (mmu.ts fixmapTablePage;
 * nothing is set when memblock has no free page, the kernel panics first);
 * before that, the only tables early code can reach are the image's static
 * ones (staticTableOf), and a note says which one the model maps.
 */
export function tableSlotStep(mm: Mm, slot: TableSlot, action: 'set' | 'clear', holder: string): void {
  if (action === 'clear' || folded(mm, slot)) {
    tableSlot(mm, slot, action, holder, 0);
    return;
  }
  if (mm.s.memblock.memory.length === 0) {
    const name = staticTableOf(slot);
    const t = tableOf(mm.s.set, named(mm, name));
    const same = slot === 'FIX_PUD' || slot === 'FIX_PMD' ? ', as fixmap_remap_fdt\'s walk maps it' : '';
    mm.emit({ kind: 'note', step: mm.step, text: `${holder}: memblock has no RAM yet, so the table page is the image's static ${name} (0x${t.pa.toString(16)})${same}` });
    tableSlot(mm, slot, 'set', holder, t.pa, name);
    return;
  }
  const pa = fixmapTablePage(mm, slotLevel(mm, slot), holder);
  if (pa !== null) tableSlot(mm, slot, 'set', holder, pa);
}

/** FIX_PUD at 3 levels: the pud level is folded into the pgd */
function folded(mm: Mm, slot: TableSlot): boolean {
  return slot === 'FIX_PUD' && mm.ctx.geometry.levels === 3;
}

/**
 * pXd_set_fixmap(phys) / pXd_clear_fixmap() of table page `pa` (the
 * model's `table`, when it is one of its tables): the slot
 * is held from set to clear. A set over a held slot is reported, and is a
 * live valid → valid change of its bm_pte entry (no TLBI on set).
 */
export function tableSlot(mm: Mm, slot: TableSlot, action: 'set' | 'clear', holder: string, pa: number, table: string | null = null): void {
  const { s } = mm;
  if (folded(mm, slot)) {
    mm.emit({ kind: 'note', step: mm.step, text: `${holder}: the pud level is folded at VA_BITS=39 (pud_set_fixmap_offset() is the pgd pointer); FIX_PUD is never used` });
    return;
  }
  if (action === 'set') {
    useSlot(mm, slot, holder, `a table page at 0x${pa.toString(16)}`, 3, false, 0, 'set_fixmap');
    const busy = s.slots.get(slot) ?? null;
    mm.emit({ kind: 'fixmap-slot', step: mm.step, slot, action, pa, holder, busy });
    s.slots.set(slot, { step: mm.step, holder, pa, table });
    setFixmapPte(mm, slot, 0, pa, 'PAGE_KERNEL', holder);
  } else {
    mm.emit({ kind: 'fixmap-slot', step: mm.step, slot, action, pa: s.slots.get(slot)?.pa ?? null, holder, busy: null });
    s.slots.delete(slot);
    setFixmapPte(mm, slot, 0, null, 'PAGE_KERNEL', holder);
  }
}


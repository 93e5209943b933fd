/**
 * early_ioremap() / early_iounmap() and the boot-time slots (arch/x86/mm/ioremap.c,
 * 2.6.26 – 2.6.36), page by page:
 * - a mapping takes the first free of FIX_BTMAPS_SLOTS slots (2.6.26 – 2.6.27.y:
 *   the nesting counter, the same slots for LIFO use) and PAGE_ALIGN(phys + size)
 *   - (phys & PAGE_MASK) bytes (one page less before c613ec1a7ff when the object
 *   ends on the first byte of a page); more than NR_FIX_BTMAPS pages, or no free
 *   slot: WARN_ON and NULL;
 * - page k of slot n is FIX_BTMAP_BEGIN - 64n - k, i.e. upwards in address;
 * - before early_ioremap_reset() each PTE is written into bm_pte at
 *   pte_index(__fix_to_virt(idx)) at the current FIXADDR_TOP, whatever PMD that
 *   address is in; the caller then reads the returned pointer, which is
 *   __fix_to_virt(idx0) + offset (2.6.26 – 2.6.29) or slot_virt[slot] + offset,
 *   cached by early_ioremap_init() (2.6.30-rc1 on). A page is served only if the
 *   pointer lies in bm_pte's PMD and at the PTE index that was written;
 * - after the reset every page is a real set_fixmap() (and every unmap a
 *   clear_fixmap()), counted in fixmaps_set; the pointer is still slot_virt[]
 *   + offset (2.6.30-rc1 on, through 2.6.36), so after a relocation that
 *   early_ioremap_init() did not see, no page is served.
 */
import { fixToVirt, FIX_BTMAPS_SLOTS, NR_FIX_BTMAPS } from '../fixmap.js';
import { PAGE_SIZE, pmdBase } from '../geometry.js';
import type { ReplayContext } from './context.js';
import type { Emit } from './interpreter.js';
import type { FixmapUseEvent, StepRef, UnservedPage } from './events.js';
import { covers, type ModelState } from './state.js';

export interface MapRequest {
  readonly what: string;
  /** physical address (bytes) */
  readonly phys: number;
  /** bytes */
  readonly size: number;
  /**
   * bytes from `phys` on that the caller is known to read (FixmapUseEvent.readEnd): `size` when absent
   * (it reads what it mapped), null when the model does not know how far
   */
  readonly reads?: number | null;
}

/**
 * The FIXADDR_TOP the pointer early_ioremap() returns is computed from: slot_virt[], cached by
 * early_ioremap_init() (2.6.30-rc1 on), else the current one. Every slot page is a PAGE_SIZE multiple
 * below it, so `pointerTop(ctx, s) % PAGE_SIZE` is how many bytes every pointer lies into its page.
 */
export function pointerTop(ctx: ReplayContext, s: ModelState): number {
  return ctx.ioremap.slotVirt && s.bmPteTop !== null ? s.bmPteTop : s.fixaddrTop;
}

/**
 * The first address past its mapping that the caller of an early_ioremap() reads, if it reads that far
 * (a slot page nothing mapped: the read faults), else null. The caller reads up to `vaddr + readEnd`
 * (FixmapUseEvent.readEnd) while the pages mapped start `vaddr % PAGE_SIZE` bytes before `vaddr`.
 * Whether the pages before it are served is the event's `unserved`/`uncovered`, not judged here.
 */
export function readPastMapping(e: FixmapUseEvent): number | null {
  if (e.via !== 'early_ioremap' || e.failed !== null || e.readEnd === null) return null;
  const off = e.vaddr % PAGE_SIZE;
  const end = e.pages * PAGE_SIZE;
  return off + e.readEnd > end ? e.vaddr - off + end : null;
}

/**
 * readPastMapping() of a call that gets that far: a pointer inside its page (FIXADDR_TOP not page-aligned)
 * whose pages are all served, so the first access to fault is the read past its last page, and the call
 * never returns (ModelState.faultedIn). A page not served before it is stale-early-ioremap's fault, not this.
 */
export function faultPastMapping(e: FixmapUseEvent): number | null {
  return e.vaddr % PAGE_SIZE !== 0 && e.unserved === null && e.uncovered === null ? readPastMapping(e) : null;
}

/** Pages an early_ioremap(phys, size) maps in this kernel version. */
export function mappedPages(fencepostFixed: boolean, phys: number, size: number): number {
  const base = phys - (phys % PAGE_SIZE);
  const last = phys + size - 1;
  const align = (x: number): number => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;
  return ((fencepostFixed ? align(last + 1) : align(last)) - base) / PAGE_SIZE;
}

function pteIndex(ctx: ReplayContext, addr: number): number {
  return Math.floor(addr / PAGE_SIZE) % ctx.geometry.ptrsPerPte;
}

/** Whether a page table is hooked into the PMD of addr: a built fixmap range, the direct map, or bm_pte's own PMD. */
export function pmdPresent(ctx: ReplayContext, s: ModelState, addr: number): boolean {
  if (covers(s.fixmapTables, addr)) return true;
  if (s.bmPtePmd !== null && pmdBase(ctx.geometry, addr) === s.bmPtePmd) return true;
  const start = ctx.scenario.config.page_offset;
  return s.maxLowPfnMapped > 0 && addr >= start && addr < start + s.maxLowPfnMapped * PAGE_SIZE;
}

function freeSlot(ctx: ReplayContext, s: ModelState): number | null {
  if (ctx.ioremap.slots === 'nesting') {
    // early_ioremap_nested: the next level; LIFO unmaps keep the used levels a prefix
    const used = s.slots.filter((m) => m !== null).length;
    return used < FIX_BTMAPS_SLOTS ? used : null;
  }
  const i = s.slots.findIndex((m) => m === null);
  return i < 0 ? null : i;
}

/**
 * early_ioremap(): maps a request, emits one fixmap-use event, and returns the
 * slot (null when the kernel's early_ioremap would return NULL).
 * @param unmapsInCall whether the same call early_iounmap()s it (counted again after the reset)
 */
export function earlyIoremap(ctx: ReplayContext, s: ModelState, step: StepRef, req: MapRequest, unmapsInCall: boolean, emit: Emit): number | null {
  const btmapBegin = ctx.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
  const pages = mappedPages(ctx.ioremap.fencepostFixed, req.phys, req.size);
  const phys = req.phys - (req.phys % PAGE_SIZE);
  const slot = pages > NR_FIX_BTMAPS ? null : freeSlot(ctx, s);
  const failed = pages > NR_FIX_BTMAPS ? 'too-big' : slot === null ? 'no-slot' : null;
  const idx0 = btmapBegin - NR_FIX_BTMAPS * (slot ?? 0);
  const pteVaddr = fixToVirt(s.fixaddrTop, idx0);
  // 2.6.30+: the pointer comes from slot_virt[], cached at early_ioremap_init()'s FIXADDR_TOP
  const vaddr = fixToVirt(pointerTop(ctx, s), idx0);
  const inBmPte = !s.afterPagingInit;
  let unserved: UnservedPage | null = null;
  let uncovered: { page: number; vaddr: number } | null = null;
  const mapped = failed === null ? pages : 0;
  if (inBmPte && s.bmPtePmd !== null) {
    for (let k = 0; k < mapped && unserved === null; k++) {
      const ptr = vaddr + k * PAGE_SIZE;
      const pte = pteVaddr + k * PAGE_SIZE;
      if (pmdBase(ctx.geometry, ptr) !== s.bmPtePmd || pteIndex(ctx, ptr) !== pteIndex(ctx, pte)) {
        unserved = { page: k, vaddr: ptr, pmd: pmdBase(ctx.geometry, ptr), pteVaddr: pte, present: pmdPresent(ctx, s, ptr) };
      }
    }
  }
  if (!inBmPte) {
    for (let k = 0; k < mapped && uncovered === null; k++) {
      const a = pteVaddr + k * PAGE_SIZE;
      if (!covers(s.fixmapTables, a) && !(s.bmPtePmd !== null && pmdBase(ctx.geometry, a) === s.bmPtePmd)) uncovered = { page: k, vaddr: a };
    }
    if (mapped > 0 && vaddr !== pteVaddr) {
      // 2.6.30-rc1 on, a relocation after early_ioremap_init(): after the reset the PTE is a
      // set_fixmap() at the current FIXADDR_TOP, but __early_ioremap() still returns offset +
      // slot_virt[slot], cached at the old top, so no page of the pointer is the one written
      // (dandel/linux-2.6.32.y@07a2039b8eb0, "Linux 2.6.30", arch/x86/mm/ioremap.c:546-549
      // early_ioremap_reset() only sets after_paging_init; :570-576 early_set_fixmap() → __set_fixmap();
      // :681 prev_map[slot] = offset + slot_virt[slot]). bm_pte, still hooked at the old PMD, has no
      // entry there: the slot's own bm_pte entries were cleared when it was last unmapped.
      unserved = { page: 0, vaddr, pmd: pmdBase(ctx.geometry, vaddr), pteVaddr, present: pmdPresent(ctx, s, vaddr) };
    }
  }
  const counts = inBmPte ? 0 : mapped * (unmapsInCall ? 2 : 1);
  s.fixmapsSet += counts;
  if (slot !== null && failed === null) s.slots[slot] = { step, what: req.what, firstIdx: idx0, pages, inBmPte };
  const use: FixmapUseEvent = {
    kind: 'fixmap-use', step, slot: 'FIX_BTMAP_BEGIN', idx: idx0, vaddr, fixaddrTop: s.fixaddrTop,
    counted: !inBmPte && mapped > 0, counts, via: 'early_ioremap', what: req.what, phys, pages, btmapSlot: slot,
    held: !unmapsInCall, bmPteTop: s.bmPteTop, unserved, uncovered, failed,
    pte: inBmPte ? 'bm_pte' : 'pagetables', bmPtePmd: s.bmPtePmd, pmd: pmdBase(ctx.geometry, vaddr),
    covered: covers(s.fixmapTables, pteVaddr),
    readEnd: req.reads === null ? null : (req.phys % PAGE_SIZE) + (req.reads ?? req.size),
  };
  // the page fault past the pages mapped stops the kernel in this call, which never finishes
  if (faultPastMapping(use) !== null) s.faultedIn = step;
  emit(use);
  return failed === null ? slot : null;
}

/** early_iounmap(): frees the slot (its clear_fixmap()s were counted with the map when it happens after the reset). */
export function earlyIounmap(s: ModelState, slot: number | null): void {
  if (slot !== null) s.slots[slot] = null;
}

/**
 * early_ioremap_reset() until 2.6.29-rc2: every present bm_pte entry of
 * FIX_BTMAP_BEGIN..END is set again with set_fixmap(), counted: the pages of
 * the mappings still live (the EFI memory map).
 * @returns the pages remapped
 */
export function remapLiveMappings(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): number {
  let total = 0;
  s.slots.forEach((m, i) => {
    if (m === null || !m.inBmPte) return;
    total += m.pages;
    s.fixmapsSet += m.pages;
    s.slots[i] = { ...m, inBmPte: false };
    const vaddr = fixToVirt(s.fixaddrTop, m.firstIdx);
    emit({
      kind: 'fixmap-use', step, slot: 'FIX_BTMAP_BEGIN', idx: m.firstIdx, vaddr, fixaddrTop: s.fixaddrTop,
      counted: true, counts: m.pages, via: 'early_ioremap_reset', what: `${m.what}, still mapped by ${m.step.name}`,
      phys: null, pages: m.pages, btmapSlot: i, held: true, bmPteTop: s.bmPteTop, unserved: null, uncovered: null, failed: null,
      pte: 'pagetables', bmPtePmd: s.bmPtePmd, pmd: pmdBase(ctx.geometry, vaddr), covered: covers(s.fixmapTables, vaddr), readEnd: null,
    });
  });
  return total;
}

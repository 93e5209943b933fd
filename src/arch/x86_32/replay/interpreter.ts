/**
 * The one interpreter of the effect vocabulary: applies an effect of the call
 * catalog to the model state and records what happened as trace events.
 */
import type { Effect, PagetableEffect } from '../effects.js';
import { fixToVirt, type SlotName } from '../fixmap.js';
import { MiB, PAGE_SIZE, VA_TOP, pmdBase, pmdRoundUp } from '../geometry.js';
import {
  fixaddrTopFor, maxmemPfn, pkmapBase, vmallocParamReserve, vmiReserve, xenReserve,
} from '../layout.js';
import { holds, maxmemInputs, relevance, type ReplayContext } from './context.js';
import type { RelocationSource, StepRef, TraceEvent } from './events.js';
import { covers, type ModelState } from './state.js';

export type Emit = (event: TraceEvent) => void;

/** ACPI tables "at the top of RAM" (below 4 GiB, where the BIOS puts them) or in low memory */
const ACPI_TABLE_SIZE = PAGE_SIZE;
const ACPI_LOW_PHYS = 0x000f0000;
const ACPI_TOP_GAP = 64 * 1024;
/** arch/x86/kernel/acpi/boot.c (2.6.26): tables below 8 MiB are used through the direct map */
const ACPI_DIRECT_LIMIT_2626 = 8 * MiB;

export function applyEffect(ctx: ReplayContext, s: ModelState, step: StepRef, effect: Exclude<Effect, PagetableEffect>, emit: Emit): void {
  if ('when' in effect && effect.when !== undefined && !holds(ctx, effect.when)) return;
  const { geometry, fixmap, scenario } = ctx;
  switch (effect.op) {
    case 'needs': {
      // relevance (a string built per call) only matters when the value is missing
      const present = s.values.has(effect.value);
      const r = present ? { matters: true, text: '' } : relevance(ctx, effect.relevance);
      emit({ kind: 'need', step, value: effect.value, present, matters: r.matters, why: effect.why, relevance: r.text });
      return;
    }
    case 'sets':
      s.values.add(effect.value);
      emit({ kind: 'value-set', step, value: effect.value });
      return;
    case 'relocate': {
      const m = scenario.machine;
      relocate(ctx, s, step, effect.source, effect.source === 'vmi' ? vmiReserve(m.vmi_virtual_top) : xenReserve(m.xen_virt_start, ctx.xenPadding), emit);
      return;
    }
    case 'reserve_top_address':
      relocate(ctx, s, step, 'reserve_top_address', effect.bytes, emit);
      return;
    case 'parse_early_param':
      // init/main.c parse_early_param(): `static int done; if (done) return;` — a second
      // call does nothing (2.6.26..2.6.28: bce7f793, 6e86841d, 4a6908a3). Its `sets
      // early_params` effect comes right after this one, so the value marks "done".
      if (s.values.has('early_params')) return;
      for (const p of scenario.machine.params) {
        switch (p.name) {
          case 'reservetop':
            relocate(ctx, s, step, 'reservetop', p.bytes, emit);
            break;
          case 'vmalloc': {
            // parse_vmalloc() overwrites the reserve (with the guard hole
            // added from 2.6.28-rc1), so a reservation made before (Xen) is forgotten.
            const before = s.vmallocReserve;
            s.vmallocReserve = vmallocParamReserve(ctx.formulas, p.bytes);
            emit({ kind: 'vmalloc-reserve-set', step, before, after: s.vmallocReserve });
            break;
          }
          case 'mem': s.memLimit = p.bytes; break;
          case 'highmem': s.highmemPages = Math.floor(p.bytes / PAGE_SIZE); break;
          case 'noexec': s.nx = geometry.nx && p.on; break;
          case 'vmi':
          case 'other':
            break;
        }
      }
      return;
    case 'early_ioremap_init': {
      const begin = fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_BEGIN'));
      const end = fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_END'));
      s.bmPtePmd = pmdBase(geometry, begin);
      emit({
        kind: 'early-ioremap-init', step, fixaddrTop: s.fixaddrTop, btmapBegin: begin, btmapEnd: end,
        pmdBegin: s.bmPtePmd, pmdEnd: pmdBase(geometry, end),
      });
      return;
    }
    case 'early_ioremap':
      // early_ioremap() maps from FIX_BTMAP_BEGIN downwards (nesting level 0)
      useSlot(ctx, s, step, 'FIX_BTMAP_BEGIN', s.afterPagingInit ? 'set_fixmap' : 'bm_pte', 'early_ioremap', effect.what, emit);
      return;
    case 'set_fixmap':
      if (fixmap.slots[effect.slot] !== undefined) useSlot(ctx, s, step, effect.slot, 'set_fixmap', 'set_fixmap', effect.what, emit);
      return;
    case 'kmap_init':
      if (fixmap.slots.FIX_KMAP_BEGIN !== undefined) useSlot(ctx, s, step, 'FIX_KMAP_BEGIN', 'lookup', 'kmap_init', 'kmap_pte (kmap_get_fixmap_pte)', emit);
      return;
    case 'compute_max_pfn': {
      const ram = Math.min(scenario.machine.memory, s.memLimit ?? Number.POSITIVE_INFINITY, geometry.physLimit);
      s.maxPfn = Math.floor(ram / PAGE_SIZE);
      emit({ kind: 'max-pfn', step, maxPfn: s.maxPfn });
      return;
    }
    case 'compute_max_low_pfn': {
      // arch/x86/mm/init_32.c find_low_pfn_range() / setup_32.c find_max_low_pfn()
      const limit = maxmemPfn(maxmemInputs(ctx, s.fixaddrTop, s.vmallocReserve));
      let maxPfn = s.maxPfn ?? 0;
      if (!scenario.config.highmem) maxPfn = Math.min(maxPfn, limit); // "Warning only 896MB will be used."
      let low = Math.min(maxPfn, limit);
      if (scenario.config.highmem && s.highmemPages !== null && s.highmemPages < maxPfn) {
        low = Math.min(low, maxPfn - s.highmemPages);
      }
      s.maxPfn = s.maxPfn === null ? null : maxPfn;
      s.maxLowPfn = low;
      emit({ kind: 'max-low-pfn', step, maxPfn, maxLowPfn: low, vmallocReserve: s.vmallocReserve, fixaddrTop: s.fixaddrTop });
      return;
    }
    case 'build_direct_map': {
      const pages = s.maxLowPfn ?? 0;
      s.maxLowPfnMapped = pages;
      const start = scenario.config.page_offset;
      emit({ kind: 'direct-map', step, start, end: start + pages * PAGE_SIZE, maxLowPfn: pages });
      return;
    }
    case 'build_fixmap_pagetables': {
      // init_32.c early_ioremap_page_table_range_init() (2.6.27) and the same
      // lines in pagetable_init() (2.6.26): early_ioremap_clear(), page tables
      // for every PMD of the fixmap at the current FIXADDR_TOP, early_ioremap_reset().
      const clearedPmd = pmdBase(geometry, fixToVirt(s.fixaddrTop, slotIdx(ctx, 'FIX_BTMAP_BEGIN')));
      const start = pmdBase(geometry, fixToVirt(s.fixaddrTop, fixmap.endOfFixed - 1));
      const end = pmdRoundUp(geometry, s.fixaddrTop);
      // the same range is built again by every later call at the same FIXADDR_TOP: keep one,
      // so that covers() stays proportional to the distinct tops, not to the calls
      if (!s.fixmapTables.some((t) => t.start === start && t.end === end)) s.fixmapTables.push({ start, end });
      emit({ kind: 'fixmap-pagetables', step, start, end, fixaddrTop: s.fixaddrTop, boot: false });
      emit({ kind: 'early-ioremap-reset', step, clearedPmd, bmPtePmd: s.bmPtePmd });
      s.afterPagingInit = true;
      return;
    }
    case 'build_pkmap_pagetables': {
      // permanent_kmaps_init(): page tables at PKMAP_BASE, which hangs off FIXADDR_BOOT_START
      const base = pkmapBase(geometry, fixmap, s.fixaddrTop);
      emit({ kind: 'pkmap-pagetables', step, start: base, end: base + geometry.lastPkmap * PAGE_SIZE, fixaddrTop: s.fixaddrTop });
      return;
    }
    case 'map_acpi_tables': {
      const phys = scenario.machine.acpi_tables === 'low'
        ? ACPI_LOW_PHYS
        : Math.min(scenario.machine.memory, VA_TOP) - ACPI_TOP_GAP;
      const direct = effect.limit === 'low_8mib'
        ? phys + ACPI_TABLE_SIZE < ACPI_DIRECT_LIMIT_2626
        : phys + ACPI_TABLE_SIZE <= s.maxLowPfnMapped * PAGE_SIZE;
      const limit = effect.limit === 'low_8mib' ? ACPI_DIRECT_LIMIT_2626 : s.maxLowPfnMapped * PAGE_SIZE;
      emit({ kind: 'acpi-map', step, what: effect.what, phys, via: direct ? 'direct' : 'fixmap', limit });
      if (!direct) useSlot(ctx, s, step, 'FIX_ACPI_END', 'set_fixmap', 'set_fixmap', `${effect.what} at phys 0x${phys.toString(16)}`, emit);
      return;
    }
    case 'vmi_map_lowmem': {
      const pages = effect.upTo === 'max_low_pfn' ? s.maxLowPfn ?? 0 : maxmemPfn(maxmemInputs(ctx, s.fixaddrTop, s.vmallocReserve));
      emit({ kind: 'vmi-lowmem-map', step, pages, upTo: effect.upTo });
      return;
    }
  }
}

/**
 * reserve_top_address() (arch/x86/mm/pgtable_32.c; pgtable.c from 2.6.28):
 * __FIXADDR_TOP = -reserve - PAGE_SIZE, and until 2.6.31-rc6 also
 * __VMALLOC_RESERVE += reserve.
 */
export function relocate(ctx: ReplayContext, s: ModelState, step: StepRef, source: RelocationSource, reserve: number, emit: Emit): void {
  const oldTop = s.fixaddrTop;
  const before = s.vmallocReserve;
  s.fixaddrTop = fixaddrTopFor(reserve);
  // unsigned int __VMALLOC_RESERVE (include/asm-x86/page_32.h @ 6e86841d): the sum wraps at 2^32 as in the kernel
  if (ctx.formulas.reserveGrowsVmalloc) s.vmallocReserve = (s.vmallocReserve + reserve) % VA_TOP;
  s.hypervisorHoleStart = Math.min(s.hypervisorHoleStart, VA_TOP - reserve);
  emit({
    kind: 'relocation', step, source, reserve, oldTop, newTop: s.fixaddrTop, fixmapsSet: s.fixmapsSet,
    vmallocReserveBefore: before, vmallocReserveAfter: s.vmallocReserve,
  });
}

function slotIdx(ctx: ReplayContext, slot: SlotName): number {
  return ctx.fixmap.slots[slot] ?? 0;
}

/**
 * One use of a fixmap slot.
 * - bm_pte: __early_set_fixmap() writes bm_pte, not counted;
 * - set_fixmap: __set_fixmap() → set_pte_vaddr() through the page tables, fixmaps_set++;
 * - lookup: kmap_init() walks the page tables to cache a PTE, not counted.
 */
function useSlot(
  ctx: ReplayContext, s: ModelState, step: StepRef, slot: SlotName,
  mode: 'bm_pte' | 'set_fixmap' | 'lookup', via: 'early_ioremap' | 'set_fixmap' | 'kmap_init', what: string, emit: Emit,
): void {
  const idx = slotIdx(ctx, slot);
  const vaddr = fixToVirt(s.fixaddrTop, idx);
  const counted = mode === 'set_fixmap';
  if (counted) s.fixmapsSet++;
  emit({
    kind: 'fixmap-use', step, slot, idx, vaddr, fixaddrTop: s.fixaddrTop, counted, via, what,
    pte: mode === 'bm_pte' ? 'bm_pte' : 'pagetables',
    bmPtePmd: s.bmPtePmd,
    pmd: pmdBase(ctx.geometry, vaddr),
    covered: covers(s.fixmapTables, vaddr),
  });
}

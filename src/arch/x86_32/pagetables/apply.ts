/**
 * The page-table model's side of the replay: its state before setup_arch()
 * (head_32 or xen_start_kernel), the page-table effects of the catalog, and
 * the PTEs that set_fixmap() writes (observed from the interpreter's
 * fixmap-use events, so the interpreter needs no page-table code).
 */
import type { StepRef } from '../../../replay/trace.js';
import type { PagetableEffect } from '../effects.js';
import { fixToVirt } from '../fixmap.js';
import { holds, type ReplayContext } from '../replay/context.js';
import type { TraceEvent } from '../replay/events.js';
import type { ModelState } from '../replay/state.js';
import {
  directMap, head32, kmapGetFixmapPte, pageTableRangeInit, pagetableSetupHook, populateBmPte, setFixmapPte, setupOlpcOfwPgd, xenStart,
  type ModelView, type PtEmit,
} from './build.js';
import { ptContextFor } from './context.js';
import { cloneState, type Pagetables } from './model.js';

/** The model state is a ModelView as it stands (no copy: a replay makes hundreds of these calls). */
function view(m: ModelState): ModelView {
  return m;
}

/** The page tables start_kernel finds: head_32.S's (native, VMI) or Xen's (implicit step 0). */
export function initPagetables(ctx: ReplayContext, step: StepRef, emit: PtEmit): Pagetables {
  const cx = ptContextFor(ctx);
  return { cx, s: cx.hypervisor === 'xen' ? xenStart(cx, step, emit) : head32(cx, step, emit) };
}

export function clonePagetables(pt: Pagetables): Pagetables {
  return { cx: pt.cx, s: cloneState(pt.s) };
}

export function applyPagetableEffect(ctx: ReplayContext, m: ModelState, pt: Pagetables, step: StepRef, effect: PagetableEffect, emit: PtEmit): void {
  if (effect.when !== undefined && !holds(ctx, effect.when, m.earlyParamsStep !== null)) return;
  const { cx, s } = pt;
  const v = view(m);
  switch (effect.op) {
    case 'pmd_populate_bm_pte': populateBmPte(cx, s, v, step, emit); return;
    case 'kernel_physical_mapping_init': directMap(cx, s, v, step, emit); return;
    case 'page_table_range_init': pageTableRangeInit(cx, s, v, effect.range, step, emit); return;
    case 'kmap_get_fixmap_pte': kmapGetFixmapPte(cx, s, v, step, emit); return;
    case 'set_pgd_olpc_ofw': setupOlpcOfwPgd(cx, s, step, emit); return;
    case 'pagetable_setup_hook': pagetableSetupHook(cx, s, v, effect.hook, step, emit); return;
    case 'set_pte_mfn': {
      const idx = cx.fixmap.slots[effect.slot];
      if (idx !== undefined) setFixmapPte(cx, s, v, effect.slot, fixToVirt(v.fixaddrTop, idx), step);
      return;
    }
  }
}

/**
 * A real set_fixmap() writes its slot's PTE (early_ioremap's transient mappings and kmap_init's lookup do not stay).
 * early_ioremap_init() run again by parse_reservetop() → fixup_early_ioremap() (e67a807f3d9, 2.6.34-rc7) does
 * what the call does: `memset(bm_pte, 0, sizeof(bm_pte)); pmd_populate_kernel(&init_mm, pmd, bm_pte)` at the PMD
 * of fix_to_virt(FIX_BTMAP_BEGIN) under the new FIXADDR_TOP (arch/x86/mm/ioremap.c:369-382 and 449-461 at
 * e67a807f3d9, :367-380 and 449-461 at 2.6.36 f6f94e2ab1b, DerArtem/android-tegra-2.6.36-hc-dev). The PMD it
 * was hooked at before keeps pointing at bm_pte: nothing clears it.
 */
export function observeEvent(m: ModelState, pt: Pagetables, e: TraceEvent, emit: PtEmit): void {
  if (e.kind === 'fixmap-use' && e.via === 'set_fixmap' && e.pte === 'pagetables') {
    setFixmapPte(pt.cx, pt.s, view(m), e.slot, e.vaddr, e.step);
  } else if (e.kind === 'early-ioremap-init' && e.via === 'fixup_early_ioremap') {
    populateBmPte(pt.cx, pt.s, view(m), e.step, emit);
  }
}

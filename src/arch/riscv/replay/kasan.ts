/**
 * kasan_init() in setup_arch() (arch/riscv/mm/kasan_init.c: R510:86-113,
 * R512:194-229, R514:170-214): the shadow of every memblock.memory range
 * (5.13+: and of the modules, BPF and kernel mapping, history.ts
 * KASAN_KERNEL_MAPPING_SHADOW) gets pages of its own, then
 * kasan_early_shadow_pte is made read-only. The shadow address is
 * kasan_mem_to_shadow(addr) = (addr >> KASAN_SHADOW_SCALE_SHIFT) +
 * KASAN_SHADOW_OFFSET, KASAN_SHADOW_OFFSET = KASAN_SHADOW_END - (1 << 61)
 * (R510 asm/kasan.h:11-17). 5.10 hands it the physical address of the range
 * (history.ts KASAN_SHADOW_OF_VA), whose shadow is not an sv39 address.
 */
import { PAGE_SIZE, pgdIndex, PGDIR_SIZE, VA_BITS } from '../geometry.js';
import { hex } from '../../../units.js';
import { linearVa, type ReplayContext } from './context.js';
import type { KasanPopulateEvent, StepRef } from './events.js';
import { fullFence, memblockAccess, type Emit } from './mechanisms.js';
import type { ModelState } from './state.js';

const KASAN_SHADOW_SCALE_SHIFT = 3n;
const U64 = (1n << 64n) - 1n;
/** sv39: bits 63–39 of a virtual address must equal bit 38 */
const LOW_HALF_END = 1n << BigInt(VA_BITS - 1);
const HIGH_HALF_START = (1n << 64n) - LOW_HALF_END;

/** kasan_mem_to_shadow(addr), exactly (addr is an integral double, a PA or a VA below 2^64). */
export function shadowOf(kasanShadowEnd: number, addr: number): bigint {
  const offset = (BigInt(kasanShadowEnd) - (1n << 61n)) & U64;
  return ((BigInt(addr) >> KASAN_SHADOW_SCALE_SHIFT) + offset) & U64;
}

/** Whether an address is one sv39 translates (canonical), rather than one that takes a page fault. */
export function isSv39Address(va: bigint): boolean {
  return va < LOW_HALF_END || va >= HIGH_HALF_START;
}

/** The first VA of a PGD entry of swapper_pg_dir (the kernel half for entries 256–511). */
function pgdEntryVa(index: number): number {
  return index >= 256 ? 2 ** 64 - (512 - index) * PGDIR_SIZE : index * PGDIR_SIZE;
}

/** One populate()/kasan_populate() call: the event that records it. */
export function populateEvent(ctx: ReplayContext, step: StepRef, what: string, fromKind: 'pa' | 'va', from: number, fromEnd: number): KasanPopulateEvent {
  const end = ctx.va.KASAN_SHADOW_END;
  const first = shadowOf(end, from);
  const page = first & ~BigInt(PAGE_SIZE - 1);
  const last = shadowOf(end, fromEnd);
  const lastPage = (last + BigInt(PAGE_SIZE - 1)) & ~BigInt(PAGE_SIZE - 1);
  // page-aligned values below 2^64 are exact doubles (geometry.ts)
  const shadow = Number(page);
  const shadowEnd = Number(lastPage & U64);
  const index = pgdIndex(shadow);
  let mappedStart = shadow;
  let mappedEnd = shadowEnd;
  if (ctx.profile.kasanPopulate === 'from-pgd-start') {
    // 5.10 populate(): pgd = pgd_offset_k(vaddr); set_pte(&pte[i]) for i < n_pages, pmd[i] → &pte[i * 512],
    // pgd[i] → &pmd[i * 512]: the pages land at the start of that PGD entry, whatever vaddr's offset in it
    mappedStart = pgdEntryVa(index);
    mappedEnd = mappedStart + (shadowEnd - shadow);
  }
  return {
    kind: 'kasan-populate', step, what, fromKind, from, fromEnd, shadow, shadowEnd,
    offset: Number(first - page), canonical: isSv39Address(page), pgdIndex: index, mappedStart, mappedEnd,
  };
}

/** kasan_init(): the shadow of each memory range (the boot stops at the first one the MMU cannot reach), then local_flush_tlb_all(). */
export function kasanInit(ctx: ReplayContext, s: ModelState, step: StepRef, emit: Emit): void {
  memblockAccess(ctx, s, step, 'kasan_init(): shadow pages for memblock memory', null, null, emit);
  const calls: { what: string; kind: 'pa' | 'va'; from: number; to: number }[] = [];
  for (const r of s.memory) {
    const what = `memblock.memory ${hex(r.start)}–${hex(r.end)}`;
    if (ctx.profile.kasanShadowOf === 'pa') calls.push({ what, kind: 'pa', from: r.start, to: r.end });
    else calls.push({ what, kind: 'va', from: linearVa(ctx, r.start), to: linearVa(ctx, r.end) });
  }
  if (ctx.profile.kasanKernelMappingShadow) {
    // kasan_populate(MODULES_VADDR … BPF_JIT_REGION_END) up to 5.13-rc6, … MODULES_VADDR + SZ_2G from rc7 (history.ts)
    const m = ctx.va.modules.start;
    const end = ctx.profile.bpf === 'after-kernel' ? ctx.va.bpf.end : m + 2 * 2 ** 30;
    calls.push({ what: `the modules, BPF and kernel mapping ${hex(m)}–${hex(end)}`, kind: 'va', from: m, to: end });
  }
  for (const c of calls) {
    const e = populateEvent(ctx, step, c.what, c.kind, c.from, c.to);
    emit(e);
    // memset() of a shadow sv39 cannot translate: a store page fault, and kasan_init() never returns
    if (!e.canonical) return;
  }
  fullFence(s, step, 'kasan_init(): local_flush_tlb_all()', emit);
}

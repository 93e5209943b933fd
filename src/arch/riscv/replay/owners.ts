/**
 * Who uses the addresses under a leaf, and what they need of it now. A leaf
 * is modeled as address sub-ranges (spec §7.17): the kernel's sections (by
 * their kernel-mapping VA or their linear alias), other RAM in the linear
 * map, and the BPF JIT region where its VAs fall inside a kernel-mapping leaf
 * (5.13-rc1 … rc6). BPF images and modules are 4 KiB vmalloc pages and never
 * own a leaf of their own.
 */
import { sectionAt, type SectionName } from '../image.js';
import type { Perm } from '../profile.js';
import type { ReplayContext } from './context.js';
import { permsOver } from './pagetables.js';
import type { Mapping, ModelState, Need, OwnerName } from './state.js';

export interface Owner {
  readonly name: OwnerName;
  /** VA range */
  readonly start: number;
  readonly end: number;
}

/** Splits [start, end) of the image (offsets) into sections and padding. */
function imageOwners(ctx: ReplayContext, base: number, start: number, end: number): Owner[] {
  const out: Owner[] = [];
  let at = start;
  while (at < end) {
    const s = sectionAt(ctx.image, at);
    if (s !== undefined) {
      const stop = Math.min(end, s.end);
      out.push({ name: s.name, start: base + at, end: base + stop });
      at = stop;
      continue;
    }
    const next = ctx.image.sections.find((x) => x.start > at);
    const stop = Math.min(end, next?.start ?? end);
    out.push({ name: 'padding', start: base + at, end: base + stop });
    at = stop;
  }
  return out;
}

/** The owners of the VA range [start, end) of mapping m. */
export function ownersIn(ctx: ReplayContext, m: Mapping, start: number, end: number): Owner[] {
  if (start >= end) return [];
  const size = ctx.image.size;
  if (m.kind === 'kernel') {
    const base = ctx.va.kernelVirt;
    const out = imageOwners(ctx, base, Math.max(0, start - base), Math.min(size, end - base));
    const past = Math.max(start, base + size);
    if (past < end) {
      const { bpf } = ctx.va;
      const lo = Math.max(past, bpf.start);
      const hi = Math.min(end, bpf.end);
      if (lo < hi) {
        if (past < lo) out.push({ name: 'padding', start: past, end: lo });
        out.push({ name: 'bpf', start: lo, end: hi });
        if (hi < end) out.push({ name: 'padding', start: hi, end });
      } else {
        out.push({ name: 'padding', start: past, end });
      }
    }
    return out;
  }
  if (m.kind !== 'linear') return [];
  // a linear leaf: the kernel image's alias where the PA is the image, other RAM elsewhere
  const paStart = m.pa + (start - m.start);
  const paEnd = paStart + (end - start);
  const imgLo = Math.max(paStart, ctx.loadPa);
  const imgHi = Math.min(paEnd, ctx.loadPa + size);
  const toVa = (pa: number): number => start + (pa - paStart);
  const out: Owner[] = [];
  if (imgLo >= imgHi) return [{ name: 'ram', start, end }];
  if (paStart < imgLo) out.push({ name: 'ram', start, end: toVa(imgLo) });
  for (const o of imageOwners(ctx, toVa(ctx.loadPa), imgLo - ctx.loadPa, imgHi - ctx.loadPa)) out.push(o);
  if (imgHi < paEnd) out.push({ name: 'ram', start: toVa(imgHi), end });
  return out;
}

/** What an owner needs of its leaf in the current phase (free_initmem, mark_rodata_ro, protection). */
export function needsOf(ctx: ReplayContext, s: ModelState, owner: OwnerName): readonly Need[] {
  switch (owner) {
    case 'head': return ['exec'];
    case 'text': return s.textRo ? ['exec', 'readonly'] : ['exec'];
    case 'init.text': return s.initFreed ? ['write'] : ['exec'];
    // 5.10 never frees .init.data: it lies outside [__init_begin, __init_end) and is dead after init
    case 'init.data': return s.initFreed && ctx.profile.imageScheme === '5.10' ? [] : ['write'];
    case 'rodata': return s.rodataRo ? ['readonly'] : ['write'];
    case 'data':
    case 'ram': return ['write'];
    case 'bpf':
    case 'padding': return [];
  }
}

/** The need a change from `before` to `after` breaks, if any. */
export function brokenNeed(needs: readonly Need[], before: Perm, after: Perm): Need | undefined {
  if (before.x && !after.x && needs.includes('exec')) return 'exec';
  if (before.w && !after.w && needs.includes('write')) return 'write';
  if (!before.w && after.w && needs.includes('readonly')) return 'readonly';
  return undefined;
}

/** The aliases of a kernel section: its kernel-mapping VA range and (5.13+) its linear alias. */
export function aliasesOf(ctx: ReplayContext, section: SectionName): { kernel: { start: number; end: number }; linear: { start: number; end: number } | null } {
  const s = ctx.image.sections.find((x) => x.name === section);
  const start = s?.start ?? 0;
  const end = s?.end ?? 0;
  const kernel = { start: ctx.va.kernelVirt + start, end: ctx.va.kernelVirt + end };
  return { kernel, linear: ctx.profile.kernelOutsideLinear ? { start: ctx.va.PAGE_OFFSET + start, end: ctx.va.PAGE_OFFSET + end } : null };
}

/** The permissions of a section's aliases in swapper (≤5.12 its one mapping is linear). */
export function aliasPerms(ctx: ReplayContext, s: ModelState, section: SectionName): { kernel: Perm | null; linear: Perm | null } {
  const a = aliasesOf(ctx, section);
  const swapper = s.roots.swapper;
  const kernel = permsOver(swapper, ctx.profile.kernelOutsideLinear ? 'kernel' : 'linear', a.kernel.start, a.kernel.end);
  const linear = a.linear === null ? null : permsOver(swapper, 'linear', a.linear.start, a.linear.end);
  return { kernel, linear };
}

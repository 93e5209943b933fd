/**
 * Mappings as intervals: lookups, holes, and permission changes the way
 * arch/riscv/mm/pageattr.c makes them — a PMD leaf is rewritten whole, never
 * split (pageattr_pmd_entry, R512 pageattr.c:67-78; the same in R510 and
 * R514), and PTEs one by one.
 */
import { alignDown, alignUp } from '../geometry.js';
import type { PermFn } from '../effects.js';
import type { Perm } from '../profile.js';
import type { Mapping } from './state.js';

/**
 * The mapping that covers a VA. A linear-map range that runs past 2^64 (RAM more than -PAGE_OFFSET above the
 * load address, layout.ts outsideKernelHalf) is kept unwrapped, [start, end > 2^64), while __va() of its RAM wraps
 * (unsigned long arithmetic): create_pgd_mapping() indexes swapper_pg_dir with the wrapped address (pgd_index()
 * keeps bits 30-38), so a VA below end - 2^64 is mapped by it too. Exact: page-aligned VAs below 2^53 plus 2^64
 * are doubles.
 */
export function covering(mappings: readonly Mapping[], va: number): Mapping | undefined {
  for (const m of mappings) {
    if (va >= m.start && va < m.end) return m;
    if (m.end > 2 ** 64 && va < m.end - 2 ** 64) return m;
  }
  return undefined;
}

/** The first address of [start, end) that no mapping covers, or null when all of it is mapped. */
export function firstHole(mappings: readonly Mapping[], start: number, end: number): number | null {
  let at = start;
  while (at < end) {
    const m = covering(mappings, at);
    if (m === undefined) return at;
    at = m.end;
  }
  return null;
}

/** __set_memory()'s mask arithmetic for set_memory_{ro,rw,nx,x,rw_nx} (arch/riscv/mm/pageattr.c). */
export function applyFn(fn: PermFn, p: Perm): Perm {
  switch (fn) {
    case 'ro': return { ...p, w: false };
    case 'rw': return { ...p, r: true, w: true };
    case 'nx': return { ...p, x: false };
    case 'x': return { ...p, x: true };
    case 'rw_nx': return { r: true, w: true, x: false };
  }
}

export function samePerm(a: Perm, b: Perm): boolean {
  return a.r === b.r && a.w === b.w && a.x === b.x;
}

/** One leaf-rounded change of one mapping. */
export interface LeafChange {
  readonly mapping: Mapping;
  /** the part of [start, end) inside this mapping */
  readonly lo: number;
  readonly hi: number;
  /** the leaves that change: [lo, hi) rounded out to the mapping's leaf grid */
  readonly leafStart: number;
  readonly leafEnd: number;
  readonly after: Perm;
}

/**
 * The leaves set_memory_<fn>(start, end) rewrites in these mappings (only
 * leaf mappings; the fixmap and anything else with leaf 0 are skipped), and
 * the mappings after the change.
 */
export function changePerm(mappings: readonly Mapping[], start: number, end: number, fn: PermFn): { mappings: Mapping[]; changes: LeafChange[] } {
  const out: Mapping[] = [];
  const changes: LeafChange[] = [];
  for (const m of mappings) {
    const lo = Math.max(start, m.start);
    const hi = Math.min(end, m.end);
    if (lo >= hi || m.leaf === 0) {
      out.push(m);
      continue;
    }
    const after = applyFn(fn, m.perm);
    if (samePerm(after, m.perm)) {
      out.push(m);
      continue;
    }
    const leafStart = m.start + alignDown(lo - m.start, m.leaf);
    const leafEnd = Math.min(m.end, m.start + alignUp(hi - m.start, m.leaf));
    changes.push({ mapping: m, lo, hi, leafStart, leafEnd, after });
    if (leafStart > m.start) out.push({ ...m, end: leafStart });
    out.push({ ...m, start: leafStart, end: leafEnd, pa: m.pa + (leafStart - m.start), perm: after });
    if (leafEnd < m.end) out.push({ ...m, start: leafEnd, pa: m.pa + (leafEnd - m.start) });
  }
  return { mappings: out, changes };
}

/** The permissions of the leaves over [start, end) of one kind of mapping: union of the bits, or null when none covers it. */
export function permsOver(mappings: readonly Mapping[], kind: Mapping['kind'], start: number, end: number): Perm | null {
  let found = false;
  let r = false;
  let w = false;
  let x = false;
  for (const m of mappings) {
    if (m.kind !== kind || m.end <= start || m.start >= end) continue;
    found = true;
    r ||= m.perm.r;
    w ||= m.perm.w;
    x ||= m.perm.x;
  }
  return found ? { r, w, x } : null;
}

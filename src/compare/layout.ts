/**
 * The layout diff: each named value of the final layout (FIXADDR_TOP,
 * max_low_pfn, every region boundary the architecture names) before → after,
 * with the delta in pages and MiB, and each region side by side.
 */
import type { Layout, LayoutValue, Region } from '../replay/trace.js';

export interface ValueDelta {
  readonly name: string;
  readonly unit: LayoutValue['unit'];
  readonly a: number | null;
  readonly b: number | null;
  /** b − a in bytes (pages × page size for a count of pages); null when either side has no value */
  readonly deltaBytes: number | null;
  /** b − a in pages of B's page size (may be fractional for a byte value) */
  readonly deltaPages: number | null;
  readonly changed: boolean;
}

export interface RegionPair {
  readonly name: string;
  readonly a: Region | undefined;
  readonly b: Region | undefined;
  readonly changed: boolean;
}

export interface LayoutDiff {
  readonly pageSize: number;
  /** A's values in A's order, then values only B has */
  readonly values: readonly ValueDelta[];
  /** top-down as B has them, then regions only A has */
  readonly regions: readonly RegionPair[];
}

export function diffLayout(a: Layout, b: Layout): LayoutDiff {
  const pageSize = b.pageSize;
  const names = [...new Set([...a.values.map((v) => v.name), ...b.values.map((v) => v.name)])];
  const values = names.map((name): ValueDelta => {
    const va = a.values.find((v) => v.name === name);
    const vb = b.values.find((v) => v.name === name);
    const unit = (vb ?? va)?.unit ?? 'address';
    const x = va?.value ?? null;
    const y = vb?.value ?? null;
    const perUnit = unit === 'pages' ? pageSize : 1;
    const deltaBytes = x === null || y === null ? null : (y - x) * perUnit;
    return { name, unit, a: x, b: y, deltaBytes, deltaPages: deltaBytes === null ? null : deltaBytes / pageSize, changed: x !== y };
  });
  const top = (rs: readonly Region[]): Region[] => [...rs].sort((p, q) => q.start - p.start);
  const order = [...new Set([...top(b.regions).map((r) => r.name), ...top(a.regions).map((r) => r.name)])];
  const regions = order.map((name): RegionPair => {
    const ra = a.regions.find((r) => r.name === name);
    const rb = b.regions.find((r) => r.name === name);
    return { name, a: ra, b: rb, changed: ra?.start !== rb?.start || ra?.end !== rb?.end };
  });
  return { pageSize, values, regions };
}

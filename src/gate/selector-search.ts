/**
 * The `variant:` selectors the gate advises (src/gate/gate.ts): for the variants of a matrix an entry must apply
 * to (`pick`) and those it must not (`avoid`), the fewest and shortest selectors that pick exactly those, in the
 * form an entry's `variant:` takes (src/scenario/compose/variant-name.ts):
 *
 * 1. one selector of key=value pairs over some of the axes, the axes that play no part left out
 *    (`memory=1GiB`, not `memory=1GiB,pae=false` when both pae values are picked);
 * 2. else one selector with a glob in place of one axis's values, from what they share at their ends
 *    (`memory=*GiB` for 1GiB, 2GiB and 4GiB beside 512MiB);
 * 3. else a cover: several such selectors, an entry each, no two picking the same variant of the file (two
 *    entries that both apply to a variant would each want its findings, and one would be unmet there); a greedy
 *    cover by "cells" (the variants that share the values of some axes), then cells that differ in one axis
 *    only joined by a glob where one picks exactly them.
 *
 * Every selector is checked with the matcher the gate applies entries with (compileSelector) before it is
 * returned: it picks its variants of `pick` and none of `avoid`. The variants of the file that are in neither
 * (`names`: those the run did not replay) may be picked; of selectors alike, the one that picks fewer of them is
 * taken. Bounded: see STEPS.
 */
import { compileSelector, parseVariantName, quoteValue, variantNamePart, type VariantPair } from '../scenario/compose/variant-name.js';

/** What selectorsPicking advises. */
export interface Picking {
  /**
   * the selectors, an entry each, in the order of the first variant of `pick` each picks: each picks some of
   * `pick` and none of `avoid`, no two the same variant of the file, and together every variant of `pick` but `left`
   */
  readonly selectors: readonly string[];
  /**
   * the variants of `pick` that no selector picks without a variant of `avoid` (a name all of whose pairs another
   * name has, as an `include:` entry of a matrix may make, or a name that is no key=value list); usually none
   */
  readonly left: readonly string[];
}

/**
 * The work the search may do, in steps: a variant looked at once for one set of axes (the cells: twice each, to
 * split the groups of the set without its last axis and to count them), or 32 variants for one set of
 * key=value pairs (the one selector). A matrix has at most max-variants (512) variants, and a full product of
 * 512 has at most 9 axes of two values or more: its 511 sets of axes take 511 × 2 × 512 steps, half of this, so
 * every set of axes of such a matrix is tried. Past it (many axes, as `include:` entries may add, over few
 * variants) larger sets of axes are not tried: each variant of `pick` still has the cell of all its axes (its
 * name without the axes no variant differs in), so a cover is found, with more entries perhaps. So the work is
 * linear in the variants, at most about STEPS; the cells' members (at most STEPS / 2 indices) are kept. Then each
 * selector of the answer (at most one per variant of `pick`) is checked with the matcher over every variant. 30 ms here for a random half of 512 variants
 * (a cover of about 100), once per culprit or entry of a file (gate.ts keeps the answers).
 */
const STEPS = 1 << 20;

/** One axis (a key of the names) with each variant's value as a number: -1 where the name lacks the key. */
interface Axis {
  readonly key: string;
  /** the value texts, by number */
  readonly values: readonly string[];
  /** per variant (index into Space.names) */
  readonly ids: Int32Array;
}

/** The variants the search weighs: `pick` first, then `avoid`, then the rest of the file's; each once. */
interface Space {
  readonly names: readonly string[];
  /** each name read into pairs once (null: no key=value list), for the matcher */
  readonly pairs: readonly (readonly VariantPair[] | null)[];
  /** per variant: 1 to pick, -1 to avoid, 0 the file's others (not replayed) */
  readonly role: Int8Array;
  /** the axes that some two variants differ in (every axis when none does), in the order the names write them */
  readonly axes: readonly Axis[];
  /** the indices of `pick` that are key=value lists, in order */
  readonly picked: readonly number[];
  /** the names of `pick` that are no key=value list */
  readonly unparsed: readonly string[];
}

function spaceOf(pick: readonly string[], avoid: readonly string[], names: readonly string[]): Space {
  const index = new Map<string, number>();
  const list: string[] = [];
  const roles: number[] = [];
  const add = (name: string, role: number): void => {
    const at = index.get(name);
    if (at === undefined) {
      index.set(name, list.length);
      list.push(name);
      roles.push(role);
    } else if (role === -1) {
      // named in both: it must not be picked, so it is left over (Picking.left)
      roles[at] = -1;
    }
  };
  for (const n of pick) add(n, 1);
  for (const n of avoid) add(n, -1);
  for (const n of names) add(n, 0);
  const keys = new Map<string, { values: Map<string, number>; ids: Int32Array }>();
  const unparsedAt = new Set<number>();
  const parsed = list.map((name) => parseVariantName(name));
  parsed.forEach((pairs, i) => {
    if (pairs === null) {
      unparsedAt.add(i);
      return;
    }
    for (const p of pairs) {
      let axis = keys.get(p.key);
      if (axis === undefined) {
        axis = { values: new Map(), ids: new Int32Array(list.length).fill(-1) };
        keys.set(p.key, axis);
      }
      let id = axis.values.get(p.value);
      if (id === undefined) {
        id = axis.values.size;
        axis.values.set(p.value, id);
      }
      axis.ids[i] = id;
    }
  });
  const all = [...keys].map(([key, a]) => ({ key, values: [...a.values.keys()], ids: a.ids }));
  // an axis every variant has alike plays no part in which are picked
  const differ = all.filter((a) => a.ids.some((id) => id !== a.ids[0]));
  const role = Int8Array.from(roles);
  const picked: number[] = [];
  const unparsed: string[] = [];
  list.forEach((name, i) => {
    if (role[i] !== 1) return;
    if (unparsedAt.has(i)) unparsed.push(name);
    else picked.push(i);
  });
  return { names: list, pairs: parsed, role, axes: differ.length > 0 ? differ : all, picked, unparsed };
}

/** The selector text of some axes' values: `memory=4GiB,pae=true`, or with a glob for an axis (`memory=*GiB`). */
function selectorText(space: Space, axes: readonly number[], valueOf: (axis: number) => string, glob?: { axis: number; value: string }): string {
  return axes.map((a) => {
    const key = space.axes[a]?.key ?? '';
    return glob !== undefined && glob.axis === a ? `${key}=${glob.value}` : variantNamePart({ key, value: valueOf(a) });
  }).join(',');
}

/**
 * A glob that picks every one of `values` of an axis: what they all start with, `*`, what they all end with
 * (`*GiB` for 1GiB and 4GiB, `v4.*` for v4.4 and v4.6); undefined when they share nothing at either end, or when
 * what they share would need quotes in a selector (a quoted value is literal, so it cannot hold the `*`).
 */
export function affixGlob(values: readonly string[]): string | undefined {
  const [first, ...rest] = values;
  if (first === undefined || rest.length === 0) return undefined;
  let head = first.length;
  for (const v of rest) {
    let i = 0;
    while (i < head && i < v.length && v.charCodeAt(i) === first.charCodeAt(i)) i++;
    head = i;
  }
  // the tail within what each value has after the head, so that the glob matches each
  let tail = Math.min(...values.map((v) => v.length)) - head;
  for (const v of rest) {
    let i = 0;
    while (i < tail && v.charCodeAt(v.length - 1 - i) === first.charCodeAt(first.length - 1 - i)) i++;
    tail = i;
  }
  // never half of a surrogate pair at either end
  const cut = (s: string): string => s.replace(/[\uD800-\uDBFF]$/, '').replace(/^[\uDC00-\uDFFF]/, '');
  const prefix = cut(first.slice(0, head));
  const suffix = cut(first.slice(first.length - tail));
  if (prefix === '' && suffix === '') return undefined;
  const plain = (s: string): boolean => s === '' || quoteValue(s) === s;
  return plain(prefix) && plain(suffix) ? `${prefix}*${suffix}` : undefined;
}

/** Which variants of the space a selector picks, by the gate's own matcher. */
function picksOf(space: Space, selector: string): boolean[] {
  const m = compileSelector(selector);
  return space.names.map((n, i) => m(n, space.pairs[i]));
}

/** Whether `selector` picks every one of `want` (indices) and none of `avoid` (role -1) nor any variant `taken` marks. */
function verified(space: Space, selector: string, want: readonly number[], taken?: Int32Array): boolean[] | undefined {
  const picks = picksOf(space, selector);
  if (!want.every((i) => picks[i] === true)) return undefined;
  for (let i = 0; i < picks.length; i++) {
    if (picks[i] !== true) continue;
    if (space.role[i] === -1 || (taken !== undefined && (taken[i] ?? -1) >= 0)) return undefined;
  }
  return picks;
}

/** A set of variants as bits, 32 a word. */
type Bits = Uint32Array;

function bitsOf(n: number, has: (i: number) => boolean): Bits {
  const bits = new Uint32Array((n + 31) >>> 5);
  for (let i = 0; i < n; i++) if (has(i)) bits[i >>> 5] = (bits[i >>> 5] ?? 0) | (1 << (i & 31));
  return bits;
}

function count(bits: Bits): number {
  let n = 0;
  for (let w of bits) {
    while (w !== 0) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

/** One key=value pair (or key=glob) that every variant of `pick` has, and the variants it picks. */
interface Pair {
  readonly axis: number;
  /** the value's number, or -1 for a glob */
  readonly id: number;
  readonly glob?: string;
  readonly bits: Bits;
}

/**
 * The one selector that picks every variant of `pick` and none of `avoid`, of the fewest pairs: of pairs that
 * every variant of `pick` has (key=value), or with `globs` also of an axis whose values they share an end of
 * (key=glob, affixGlob); of those as short, the fewest globs, then the fewest of the file's other variants
 * picked. Undefined when none does. Each set of pairs costs a word per 32 variants; past STEPS the sets left
 * are not tried, and the pairs are taken greedily (the one that leaves out the most of `avoid` first).
 */
function oneSelector(space: Space, globs: boolean): string | undefined {
  const { names, role, picked } = space;
  const [p0] = picked;
  if (p0 === undefined || space.unparsed.length > 0) return undefined;
  const n = names.length;
  const pairs: Pair[] = [];
  space.axes.forEach((axis, a) => {
    const ids = picked.map((i) => axis.ids[i] ?? -1);
    if (ids.some((id) => id < 0)) return;
    const id = ids[0] ?? -1;
    if (ids.every((x) => x === id)) {
      pairs.push({ axis: a, id, bits: bitsOf(n, (i) => axis.ids[i] === id) });
      return;
    }
    if (!globs) return;
    const values = [...new Set(ids)].map((x) => axis.values[x] ?? '');
    const glob = affixGlob(values);
    if (glob === undefined) return;
    // the values the glob matches, by the matcher (a variant without the key is not picked)
    const match = compileSelector(`${axis.key}=${glob}`);
    const hits = axis.values.map((v) => match(variantNamePart({ key: axis.key, value: v })));
    pairs.push({ axis: a, id: -1, glob, bits: bitsOf(n, (i) => { const x = axis.ids[i] ?? -1; return x >= 0 && hits[x] === true; }) });
  });
  const avoidBits = bitsOf(n, (i) => role[i] === -1);
  const otherBits = bitsOf(n, (i) => role[i] === 0);
  const words = avoidBits.length;
  const clear = (bits: Bits): boolean => bits.every((w, k) => (w & (avoidBits[k] ?? 0)) === 0);
  const others = (bits: Bits): number => count(bits.map((w, k) => w & (otherBits[k] ?? 0)));
  let steps = 0;
  let best: { set: number[]; globs: number; others: number } | undefined;
  // sets of pairs by size, each in axis order, the variants they all pick kept along the way
  for (let size = 1; size <= pairs.length && best === undefined && steps < STEPS; size++) {
    const walk = (from: number, set: number[], bits: Bits): void => {
      if (steps >= STEPS) return;
      if (set.length === size) {
        if (!clear(bits)) return;
        const g = set.filter((k) => pairs[k]?.glob !== undefined).length;
        const o = others(bits);
        if (best === undefined || g < best.globs || (g === best.globs && o < best.others)) best = { set: [...set], globs: g, others: o };
        return;
      }
      for (let k = from; k < pairs.length; k++) {
        steps += words;
        const pair = pairs[k];
        if (pair === undefined) continue;
        walk(k + 1, [...set, k], set.length === 0 ? pair.bits : bits.map((w, j) => w & (pair.bits[j] ?? 0)));
      }
    };
    walk(0, [], new Uint32Array(words));
  }
  let set = best?.set;
  if (set === undefined && steps >= STEPS) set = greedyPairs(pairs, avoidBits);
  if (set === undefined) return undefined;
  const chosen = set.map((k) => pairs[k]).filter((p): p is Pair => p !== undefined).sort((a, b) => a.axis - b.axis);
  const text = chosen.map((p) => {
    const axis = space.axes[p.axis];
    return p.glob !== undefined ? `${axis?.key ?? ''}=${p.glob}` : variantNamePart({ key: axis?.key ?? '', value: axis?.values[p.id] ?? '' });
  }).join(',');
  return verified(space, text, picked) !== undefined ? text : undefined;
}

/** Pairs taken one at a time, each the one that leaves out the most of the `avoid` variants still picked, until none is; undefined when all of them leave some. */
function greedyPairs(pairs: readonly Pair[], avoidBits: Bits): number[] | undefined {
  let left = avoidBits.slice();
  const set: number[] = [];
  while (count(left) > 0) {
    let bestK = -1;
    let bestLeft = left;
    pairs.forEach((p, k) => {
      const after = left.map((w, j) => w & (p.bits[j] ?? 0));
      if (count(after) < count(bestLeft)) {
        bestK = k;
        bestLeft = after;
      }
    });
    if (bestK < 0) return undefined;
    set.push(bestK);
    left = bestLeft;
  }
  return set;
}

/** The variants that share the values of some axes and that no variant of `avoid` shares: one selector's worth. */
interface Cell {
  readonly axes: readonly number[];
  /** a variant of the cell, whose values the selector writes */
  readonly of: number;
  /** the members are `order[from .. to)` */
  readonly order: Int32Array;
  readonly from: number;
  readonly to: number;
  /** how many of the members are to be picked, and how many are the file's others */
  readonly picks: number;
  readonly others: number;
  /** the order it was found in: sets of axes by size, in axis order */
  readonly seq: number;
}

/**
 * Every cell of the space, over the sets of axes by size (one axis, then two, …), while STEPS lasts (each set
 * of axes looks at every variant twice: its groups are those of the set without its last axis, split by that
 * axis, then counted), and the cell of all its axes for each variant of `pick`.
 */
function cellsOf(space: Space): Cell[] {
  const { names, role, axes } = space;
  const n = names.length;
  const cells: Cell[] = [];
  let steps = axes.length * n;
  // the cells of one set of axes: its groups counted, and the members of those with none to avoid, by group
  const emit = (set: readonly number[], group: Int32Array, groups: number): void => {
    const picks = new Int32Array(groups);
    const size = new Int32Array(groups);
    const bad = new Uint8Array(groups);
    for (let i = 0; i < n; i++) {
      const g = group[i] ?? -1;
      if (g < 0) continue;
      size[g] = (size[g] ?? 0) + 1;
      if (role[i] === 1) picks[g] = (picks[g] ?? 0) + 1;
      else if (role[i] === -1) bad[g] = 1;
    }
    const start = new Int32Array(groups).fill(-1);
    let total = 0;
    for (let g = 0; g < groups; g++) {
      if (bad[g] === 1 || (picks[g] ?? 0) === 0) continue;
      start[g] = total;
      total += size[g] ?? 0;
    }
    if (total === 0) return;
    const order = new Int32Array(total);
    const fill = start.slice();
    for (let i = 0; i < n; i++) {
      const g = group[i] ?? -1;
      const at = g < 0 ? -1 : fill[g] ?? -1;
      if (at < 0) continue;
      order[at] = i;
      fill[g] = at + 1;
    }
    for (let g = 0; g < groups; g++) {
      const from = start[g] ?? -1;
      if (from < 0) continue;
      const p = picks[g] ?? 0;
      const m = size[g] ?? 0;
      cells.push({ axes: set, of: order[from] ?? 0, order, from, to: from + m, picks: p, others: m - p, seq: cells.length });
    }
  };
  // a group and a value to the refined group: numbered through a table reused for every set (stamped per set)
  // where groups × values fit, else a Map
  const width = Math.max(1, ...axes.map((a) => a.values.length));
  const table = n * width <= 1 << 22 ? { stamp: new Int32Array(n * width), id: new Int32Array(n * width) } : undefined;
  let stamp = 0;
  let level: { set: number[]; group: Int32Array; groups: number }[] = axes.map((a, k) => ({ set: [k], group: a.ids, groups: a.values.length }));
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { set, group, groups } of level) {
      emit(set, group, groups);
      const last = set[set.length - 1] ?? -1;
      for (let b = last + 1; b < axes.length; b++) {
        const axis = axes[b];
        // a set of axes costs a look at each variant to build and one to weigh
        if (axis === undefined || steps + 2 * n > STEPS) continue;
        steps += 2 * n;
        const w = axis.values.length;
        const refined = new Int32Array(n);
        const split = table === undefined ? new Map<number, number>() : undefined;
        stamp++;
        let count = 0;
        for (let i = 0; i < n; i++) {
          const g = group[i] ?? -1;
          const v = axis.ids[i] ?? -1;
          if (g < 0 || v < 0) {
            refined[i] = -1;
            continue;
          }
          const key = g * w + v;
          let id: number;
          if (table !== undefined) {
            if (table.stamp[key] !== stamp) {
              table.stamp[key] = stamp;
              table.id[key] = count++;
            }
            id = table.id[key] ?? 0;
          } else {
            id = split?.get(key) ?? -1;
            if (id < 0) {
              id = count++;
              split?.set(key, id);
            }
          }
          refined[i] = id;
        }
        next.push({ set: [...set, b], group: refined, groups: count });
      }
    }
    level = next;
  }
  // each variant to pick: the cell of all its axes, found whatever the budget
  const full = new Map<string, number[]>();
  const keyOf = (i: number): string => axes.map((a) => a.ids[i] ?? -1).join(',');
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    const list = full.get(k);
    if (list === undefined) full.set(k, [i]);
    else list.push(i);
  }
  for (const i of space.picked) {
    const list = full.get(keyOf(i)) ?? [i];
    if (list[0] !== i || list.some((j) => role[j] === -1)) continue;
    const set = axes.map((_, k) => k).filter((k) => (axes[k]?.ids[i] ?? -1) >= 0);
    const picks = list.filter((j) => role[j] === 1).length;
    cells.push({ axes: set, of: i, order: Int32Array.from(list), from: 0, to: list.length, picks, others: list.length - picks, seq: cells.length });
  }
  return cells;
}

/** A selector of a cover, with the variants it picks. */
interface Chosen {
  readonly text: string;
  readonly axes: readonly number[];
  readonly of: number;
  /** the variants of `pick` it picks */
  readonly wanted: readonly number[];
  /** whether it holds a glob (then it is not joined with others again) */
  readonly glob: boolean;
}

/**
 * A cover of `pick` by cells, each picking none of `avoid` and no variant another picks: the cells taken in one
 * pass, the most variants of `pick` first (then the fewest axes, then the fewest of the file's other variants,
 * then the order found), each where none of its variants is taken yet. A cell's variants are all untaken or it is
 * out for good, so its worth never changes and one sort does (not the repeated scans of a greedy set cover).
 */
function coverOf(space: Space): { chosen: Chosen[]; taken: Int32Array } {
  const cells = cellsOf(space).sort((a, b) => b.picks - a.picks || a.axes.length - b.axes.length || a.others - b.others || a.seq - b.seq);
  const taken = new Int32Array(space.names.length).fill(-1);
  const chosen: Chosen[] = [];
  next: for (const cell of cells) {
    for (let k = cell.from; k < cell.to; k++) if ((taken[cell.order[k] ?? 0] ?? -1) >= 0) continue next;
    const text = selectorText(space, cell.axes, (a) => space.axes[a]?.values[space.axes[a]?.ids[cell.of] ?? -1] ?? '');
    const wanted = [...cell.order.subarray(cell.from, cell.to)].filter((i) => space.role[i] === 1);
    // by the matcher: the cell's variants and no other variant of the file (none taken, none to avoid)
    const picks = verified(space, text, wanted, taken);
    if (picks === undefined) continue;
    picks.forEach((p, i) => { if (p) taken[i] = chosen.length; });
    chosen.push({ text, axes: cell.axes, of: cell.of, wanted, glob: false });
  }
  return { chosen, taken };
}

/**
 * Cover selectors that differ in the value of one axis only, joined into one with a glob of those values
 * (affixGlob) where it picks exactly what they did and no variant of the file another picks: `memory=1GiB`,
 * `memory=2GiB`, `memory=4GiB` are `memory=*GiB` beside `memory=512MiB`. Each join leaves one selector fewer.
 */
function joined(space: Space, cover: { chosen: Chosen[]; taken: Int32Array }): Chosen[] {
  let chosen = cover.chosen;
  const taken = cover.taken;
  // joins that failed, not tried again while the cover shrinks
  const tried = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const axis of new Set(chosen.flatMap((c) => c.axes))) {
      // the plain selectors over the same axes that share every value but this axis's
      const groups = new Map<string, number[]>();
      chosen.forEach((c, k) => {
        if (c.glob || !c.axes.includes(axis)) return;
        const key = `${c.axes.join(',')}|${c.axes.filter((a) => a !== axis).map((a) => space.axes[a]?.ids[c.of] ?? -1).join(',')}`;
        const list = groups.get(key);
        if (list === undefined) groups.set(key, [k]);
        else list.push(k);
      });
      for (const ks of groups.values()) {
        if (ks.length < 2) continue;
        const parts = ks.map((k) => chosen[k]).filter((c): c is Chosen => c !== undefined);
        const [head] = parts;
        if (head === undefined) continue;
        const values = parts.map((c) => space.axes[axis]?.values[space.axes[axis]?.ids[c.of] ?? -1] ?? '');
        const glob = affixGlob(values);
        if (glob === undefined) continue;
        const text = selectorText(space, head.axes, (a) => space.axes[a]?.values[space.axes[a]?.ids[head.of] ?? -1] ?? '', { axis, value: glob });
        if (tried.has(text)) continue;
        tried.add(text);
        // what the others of the cover pick stays theirs
        const mine = new Set(ks);
        const others = taken.map((t) => (t >= 0 && !mine.has(t) ? t : -1));
        const wanted = parts.flatMap((c) => c.wanted);
        const picks = verified(space, text, wanted, others);
        if (picks === undefined || picks.some((p, i) => p && space.role[i] === 1 && !mine.has(taken[i] ?? -1))) continue;
        // the joined selector in place of the first of them; the cover renumbered
        const order = chosen.map((_, k) => k).filter((k) => !mine.has(k) || k === ks[0]);
        const renumber = new Map(order.map((k, j) => [k, j]));
        const at = renumber.get(ks[0] ?? -1) ?? 0;
        chosen = order.map((k) => (k === ks[0] ? { text, axes: head.axes, of: head.of, wanted, glob: true } : chosen[k] as Chosen));
        for (let i = 0; i < taken.length; i++) {
          const t = taken[i] ?? -1;
          taken[i] = picks[i] === true ? at : t >= 0 ? renumber.get(t) ?? -1 : -1;
        }
        changed = true;
        break;
      }
      if (changed) break;
    }
  }
  return chosen;
}

/**
 * The selectors that pick the variants `pick` and none of `avoid` (see the module comment): one when one does,
 * else a cover, an entry each. `names` are the file's variants (those of `pick` and `avoid` among them or not):
 * the others may be picked, the fewer the better, and no two selectors pick the same one.
 */
export function selectorsPicking(pick: readonly string[], avoid: readonly string[], names: readonly string[] = []): Picking {
  if (pick.length === 0) return { selectors: [], left: [] };
  const space = spaceOf(pick, avoid, names);
  const one = oneSelector(space, false) ?? oneSelector(space, true);
  if (one !== undefined) return { selectors: [one], left: [] };
  const cover = coverOf(space);
  const chosen = joined(space, cover);
  // in the order of the first variant of `pick` each picks
  const first = (c: Chosen): number => Math.min(...c.wanted);
  const selectors = [...chosen].sort((a, b) => first(a) - first(b)).map((c) => c.text);
  const covered = new Set(chosen.flatMap((c) => c.wanted));
  const left = [...space.unparsed, ...space.picked.filter((i) => !covered.has(i)).map((i) => space.names[i] ?? '')];
  return { selectors, left };
}

/**
 * The one selector that picks every variant of `pick` and none of `avoid`: of key=value pairs, else with a glob
 * for one axis or more; undefined when none does (selectorsPicking then gives a cover).
 */
export function selectorPicking(pick: readonly string[], avoid: readonly string[], names: readonly string[] = []): string | undefined {
  if (pick.length === 0) return undefined;
  const space = spaceOf(pick, avoid, names);
  return oneSelector(space, false) ?? oneSelector(space, true);
}

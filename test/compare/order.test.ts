/**
 * The order diff is an edit script: applied to A it gives B, on real orders
 * and on thousands of random ones; a move is one edit; and it is minimal
 * (removals + insertions + the calls outside a longest common subsequence),
 * with duplicates aligned by name and swaps written as one `replace`.
 */
import { describe, expect, it } from 'vitest';
import { diffOrder, MAX_LCS_CELLS } from '../../src/compare/order.js';
import { DEFAULT_LIMITS } from '../../src/scenario/limits.js';
import { applyEditsToNames, editText } from '../../src/scenario/order-edit.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter } from '../arch/x86_32/fixtures/orders.js';

function roundTrip(a: readonly string[], b: readonly string[]): string[] {
  const changes = diffOrder(a, b);
  const r = applyEditsToNames(a, changes.map((c) => c.edit));
  if (!r.ok) throw new Error(`script does not apply: ${JSON.stringify(r)}`);
  expect(r.order).toEqual(b);
  return changes.map((c) => editText(c.edit));
}

/** Length of a longest common subsequence, by the textbook recurrence (independent of order.ts). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = t[i] as number[];
      const up = t[i - 1] as number[];
      row[j] = a[i - 1] === b[j - 1] ? (up[j - 1] ?? 0) + 1 : Math.max(up[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  return t[a.length]?.[b.length] ?? 0;
}

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('diffOrder', () => {
  it("Kataria's first proposal is one move, with step numbers on both sides", () => {
    const b = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'find_low_pfn_range');
    const changes = diffOrder(ORDER_2_6_27_RC1, b);
    expect(changes).toEqual([{ edit: { op: 'move', call: { name: 'vmi_init', occurrence: 1 }, where: 'after', anchor: { name: 'find_low_pfn_range', occurrence: 1 } }, a: 41, b: 28 }]);
  });

  it('identical orders need no edit', () => {
    expect(diffOrder(ORDER_2_6_28, ORDER_2_6_28)).toEqual([]);
  });

  it('real orders across releases round-trip', () => {
    for (const [a, b] of [[ORDER_2_6_26, ORDER_2_6_27_RC1], [ORDER_2_6_27_RC1, ORDER_2_6_27], [ORDER_2_6_27, ORDER_2_6_28], [ORDER_2_6_28, ORDER_2_6_26]] as const) {
      roundTrip(a, b);
    }
  });

  it('names repeated calls by occurrence, and handles orders with nothing in common', () => {
    expect(roundTrip(['a', 'x', 'b', 'x'], ['x', 'a', 'b', 'x', 'x'])).toEqual(['move a after x', 'insert x after x#2']);
    // nothing in common: each call is swapped for the one in its place
    expect(roundTrip(['a', 'b'], ['c', 'd'])).toEqual(['replace a with c', 'replace b with d']);
  });

  it('a call swapped for another in place is one replace, not a remove and an insert', () => {
    const b = ORDER_2_6_27_RC1.map((c) => (c === 'dmi_scan_machine' ? 'dmi_check_system' : c));
    expect(roundTrip(ORDER_2_6_27_RC1, b)).toEqual(['replace dmi_scan_machine with dmi_check_system']);
  });

  it('duplicates align wherever they keep the most calls in place', () => {
    // matching by occurrence (x#1 with x#1) would move one x and remove the other: two edits for one
    expect(roundTrip(['x', 'a', 'b', 'x'], ['a', 'b', 'x'])).toEqual(['remove x']);
    expect(roundTrip(['a', 'x', 'b', 'c'], ['x', 'a', 'x', 'b', 'c'])).toEqual(['insert x before a']);
  });

  it('random orders: the script applies, and its length is removals + insertions + moves outside an LCS', () => {
    const next = rng(42);
    const pick = (n: number): number => Math.floor(next() * n);
    for (let round = 0; round < 2000; round++) {
      const names = 'abcdefgh'.slice(0, 2 + pick(7)).split('');
      const make = (): string[] => Array.from({ length: 1 + pick(10) }, () => names[pick(names.length)] ?? 'a');
      const a = make();
      const b = make();
      const changes = diffOrder(a, b);
      const r = applyEditsToNames(a, changes.map((c) => c.edit));
      expect(r.ok && r.order, JSON.stringify({ a, b, changes: changes.map((c) => editText(c.edit)) })).toEqual(b);
      // a lower bound any script must meet: every call only in A goes, every call only in B comes
      const keys = (o: readonly string[]): string[] => { const n = new Map<string, number>(); return o.map((x) => `${x}#${(n.set(x, (n.get(x) ?? 0) + 1)).get(x) ?? 0}`); };
      const ka = keys(a);
      const kb = keys(b);
      const fixed = ka.filter((k) => !kb.includes(k)).length + kb.filter((k) => !ka.includes(k)).length;
      const moves = changes.filter((c) => c.edit.op === 'move').length;
      const replaces = changes.filter((c) => c.edit.op === 'replace').length;
      expect(changes.length + replaces).toBe(fixed + moves);
      // and the moves are as few as can be: every call in both orders outside a longest common subsequence (by name)
      const common = ka.length - ka.filter((k) => !kb.includes(k)).length;
      expect(moves).toBe(common - lcsLength(a, b));
    }
  });
});

describe('orders at max-calls (review 12, 4.1)', () => {
  it('two 10,000-call orders with nothing in common or a long common suffix align in bounded memory, and the script still applies', () => {
    const calls = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag}${i % 97}`);
    const a = calls(10_000, 'c');
    const reversed = [...a].reverse();
    // the table for the whole middle would be 10,001^2 cells (400 MB): past MAX_LCS_CELLS the middle is matched by name
    expect((a.length + 1) * (reversed.length + 1)).toBeGreaterThan(MAX_LCS_CELLS);
    roundTrip(a, reversed);
    const b = [...calls(3_000, 'd'), ...a.slice(3_000)];
    roundTrip(a, b);
  });

  it('two orders of max-calls calls get the shortest script (helper-185 6: past 2,000 calls it was twice as long, "replace" edits 1,021 steps apart)', () => {
    // A cycles 9 calls; B replaces every other call with one A does not have: 1,024 replaces in place
    const cycle = ['early_fixmap_init', 'early_ioremap_init', 'setup_machine_fdt', 'parse_early_param', 'cpu_uninstall_idmap', 'arm64_memblock_init', 'paging_init', 'kasan_init', 'mark_rodata_ro'];
    const a = Array.from({ length: DEFAULT_LIMITS.maxCalls }, (_, i) => cycle[i % cycle.length] as string);
    const b = a.map((c, i) => (i % 2 === 0 ? 'smp_build_mpidr_hash' : c));
    expect((a.length + 1) * (b.length + 1)).toBeLessThanOrEqual(MAX_LCS_CELLS);
    const changes = diffOrder(a, b);
    expect(changes).toHaveLength(1_024);
    expect(changes.every((c) => c.edit.op === 'replace' && c.a === c.b)).toBe(true);
    roundTrip(a, b);
  });
});

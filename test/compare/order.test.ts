/**
 * The order diff is an edit script: applied to A it gives B, on real orders
 * and on thousands of random ones; a move is one edit; and it is minimal
 * (removals + insertions + the calls outside a longest common subsequence).
 */
import { describe, expect, it } from 'vitest';
import { diffOrder } from '../../src/compare/order.js';
import { applyEditsToNames, editText } from '../../src/scenario/order-edit.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter } from '../arch/x86_32/fixtures/orders.js';

function roundTrip(a: readonly string[], b: readonly string[]): string[] {
  const changes = diffOrder(a, b);
  const r = applyEditsToNames(a, changes.map((c) => c.edit));
  if (!r.ok) throw new Error(`script does not apply: ${JSON.stringify(r)}`);
  expect(r.order).toEqual(b);
  return changes.map((c) => editText(c.edit));
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
    expect(changes).toEqual([{ edit: { op: 'move', call: { name: 'vmi_init', occurrence: 1 }, where: 'after', anchor: { name: 'find_low_pfn_range', occurrence: 1 } }, a: 28, b: 18 }]);
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
    expect(roundTrip(['a', 'b'], ['c', 'd'])).toEqual(['remove a', 'replace b with c', 'insert d after c']);
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
    }
  });
});

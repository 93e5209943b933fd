/**
 * The indexed order `patch:` edits in place (src/scenario/edited-order.ts)
 * against applyEdits, the plain implementation that copies and scans the
 * order for every edit: on random orders with repeated names and random edit
 * lists (references past the count, names not in the order, moves that
 * change nothing), every step resolves the same references, leaves the same
 * items, counts and names, and says the same about a move that keeps the
 * names. A large case (2,000 calls, 2,048 edits) checks the same over a
 * deep tree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyResolved, callAt, countOf, editedOrder, itemsOf, lengthOf, moveKeepsNames, namesOf, resolveEdit, type EditedOrder,
} from '../../src/scenario/edited-order.js';
import { applyEdits, type CallRef, type OrderEdit, type Placement } from '../../src/scenario/order-edit.js';
import { prng } from '../prng.js';

/** An item of an order: its call name and where it came from (so that equal names stay distinguishable). */
interface Item {
  readonly call: string;
  readonly id: string;
}

const nameOf = (i: Item): string => i.call;

/** `size` items over the names n0 … n<names - 1>, by the index list given. */
function orderOf(picks: readonly number[], names: number): Item[] {
  return picks.map((p, i) => ({ call: `n${p % names}`, id: `base${i}` }));
}

/**
 * Applies the edits to both, one at a time, comparing after each; a failed
 * edit is skipped in both (as patch: skips it), a move that changes no name
 * is checked and then applied anyway (applyEdits applies it).
 */
function checkSteps(start: readonly Item[], edits: readonly OrderEdit[]): void {
  const o: EditedOrder<Item> = editedOrder(start, nameOf);
  let ref: Item[] = [...start];
  edits.forEach((e, k) => {
    const make = (call: string): Item => ({ call, id: `edit${k}` });
    const expected = applyEdits(ref, [e], nameOf, make);
    const found = resolveEdit(o, e);
    if (!expected.ok) {
      // the same reference object, which patch.ts compares with the edit's call to say where it points
      expect(found).toEqual({ ok: false, missing: expected.missing });
      if (!found.ok) expect(found.missing).toBe(expected.missing);
      return;
    }
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    const r = found.edit;
    if (r.op === 'move') {
      const same = expected.order.length === ref.length && expected.order.every((s, i) => s.call === ref[i]?.call);
      expect(moveKeepsNames(o, r.call, r.where, r.anchor)).toBe(same);
    }
    applyResolved(o, r, make);
    ref = expected.order;
    expect(itemsOf(o)).toEqual(ref);
    expect(lengthOf(o)).toBe(ref.length);
    expect(namesOf(o)).toEqual([...new Set(ref.map(nameOf))]);
    for (const name of new Set(ref.map(nameOf))) expect(countOf(o, name)).toBe(ref.filter((s) => s.call === name).length);
  });
}

const callRef = (names: number): fc.Arbitrary<CallRef> =>
  // one name more than the order has, and occurrences past most counts
  fc.record({ name: fc.nat(names).map((n) => `n${n}`), occurrence: fc.integer({ min: 1, max: 4 }) });
const placement: fc.Arbitrary<Placement> = fc.constantFrom('before', 'after');
const editOf = (names: number): fc.Arbitrary<OrderEdit> => fc.oneof(
  fc.record({ op: fc.constant('move' as const), call: callRef(names), where: placement, anchor: callRef(names) }),
  fc.record({ op: fc.constant('insert' as const), call: fc.nat(names).map((n) => `n${n}`), where: placement, anchor: callRef(names) }),
  fc.record({ op: fc.constant('remove' as const), call: callRef(names) }),
  fc.record({ op: fc.constant('replace' as const), call: callRef(names), with: fc.nat(names).map((n) => `n${n}`) }),
);

describe('edited order (patch:)', () => {
  it('applies random edit lists as applyEdits does, edit by edit', () => {
    const cases = fc.integer({ min: 1, max: 6 }).chain((names) => fc.record({
      names: fc.constant(names),
      picks: fc.array(fc.nat(names - 1), { minLength: 1, maxLength: 40 }),
      edits: fc.array(editOf(names), { maxLength: 60 }),
    }));
    fc.assert(fc.property(cases, ({ names, picks, edits }) => checkSteps(orderOf(picks, names), edits)), { numRuns: 300 });
  });

  it('a move over calls of its own name only keeps the names, whichever side the anchor is on', () => {
    const o = editedOrder(['a', 'x', 'x', 'x', 'b', 'x'].map((call, i) => ({ call, id: String(i) })), nameOf);
    const at = (name: string, occurrence: number) => {
      const n = callAt(o, { name, occurrence });
      if (n === undefined) throw new Error(`${name}#${occurrence}`);
      return n;
    };
    expect(moveKeepsNames(o, at('x', 1), 'after', at('x', 3))).toBe(true);
    expect(moveKeepsNames(o, at('x', 3), 'before', at('x', 1))).toBe(true);
    expect(moveKeepsNames(o, at('x', 1), 'before', at('b', 1))).toBe(true);
    expect(moveKeepsNames(o, at('x', 1), 'after', at('b', 1))).toBe(false);
    expect(moveKeepsNames(o, at('x', 4), 'after', at('x', 3))).toBe(false);
    expect(moveKeepsNames(o, at('x', 4), 'after', at('b', 1))).toBe(true);
    expect(moveKeepsNames(o, at('a', 1), 'before', at('x', 1))).toBe(true);
    expect(callAt(o, { name: 'x', occurrence: 5 })).toBeUndefined();
    expect(callAt(o, { name: 'y', occurrence: 1 })).toBeUndefined();
  });

  it('2,000 calls of 1,000 names under 2,048 edits (break-216 F2), as applyEdits leaves them', () => {
    const rand = prng(216);
    const int = (n: number): number => Math.floor(rand() * n);
    const names = 1000;
    const start = orderOf(Array.from({ length: 2000 }, (_, i) => i % names), names);
    const ref = (): CallRef => ({ name: `n${int(names)}`, occurrence: 1 + int(3) });
    const edits: OrderEdit[] = Array.from({ length: 2048 }, (): OrderEdit => {
      const where: Placement = rand() < 0.5 ? 'before' : 'after';
      switch (int(4)) {
        case 0: return { op: 'move', call: ref(), where, anchor: ref() };
        case 1: return { op: 'insert', call: `n${int(names)}`, where, anchor: ref() };
        case 2: return { op: 'remove', call: ref() };
        default: return { op: 'replace', call: ref(), with: `n${int(names)}` };
      }
    });
    // each applied to the order the previous ones left, skipping those that fail (as patch: does)
    const o = editedOrder(start, nameOf);
    let expected: Item[] = [...start];
    let applied = 0;
    edits.forEach((e, k) => {
      const make = (call: string): Item => ({ call, id: `edit${k}` });
      const r = applyEdits(expected, [e], nameOf, make);
      const found = resolveEdit(o, e);
      expect(found.ok).toBe(r.ok);
      if (!r.ok || !found.ok) return;
      applyResolved(o, found.edit, make);
      expected = r.order;
      applied++;
    });
    expect(applied).toBeGreaterThan(1000);
    expect(itemsOf(o)).toEqual(expected);
  });
});

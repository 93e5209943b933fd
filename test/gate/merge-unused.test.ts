/**
 * mergeUnusedAll joins the unused copies of one allow: entry (one per variant, or per shard report) at once:
 * the first copy's entry, the most matched and occurred, each other severity's most, the variants added up,
 * and its keys in the order merge's JSON must have (the entry's, then the four).
 */
import { describe, expect, it } from 'vitest';
import { mergeUnusedAll } from '../../src/gate/gate.js';

describe('mergeUnusedAll', () => {
  it('one copy is itself', () => {
    const one = { rule: 'r', matched: 1, occurred: 2 };
    expect(mergeUnusedAll([one])).toBe(one);
  });

  it('the most of each count, the variants added up (one for a copy without), the keys in order', () => {
    const merged = mergeUnusedAll([
      { rule: 'r', matched: 0, occurred: 3, variants: 2, line: 4 },
      { rule: 'x', matched: 2, occurred: 1, otherSeverities: { warning: 1 }, line: 9 },
      { rule: 'y', matched: 1, occurred: 5, otherSeverities: { info: 2, warning: 3 }, variants: 4, line: 9 },
    ]);
    expect(merged).toEqual({ rule: 'r', line: 4, matched: 2, occurred: 5, otherSeverities: { warning: 3, info: 2 }, variants: 7 });
    expect(Object.keys(merged)).toEqual(['rule', 'line', 'matched', 'occurred', 'otherSeverities', 'variants']);
    expect(Object.keys(merged.otherSeverities ?? {})).toEqual(['warning', 'info']);
  });

  it('otherSeverities only when the first copy has them or another copy counts one', () => {
    expect(mergeUnusedAll([{ matched: 0, occurred: 0 }, { matched: 0, occurred: 0, otherSeverities: {} }])).toEqual({ matched: 0, occurred: 0, variants: 2 });
    expect(mergeUnusedAll([{ matched: 0, occurred: 0, otherSeverities: {} }, { matched: 0, occurred: 0 }])).toEqual({ matched: 0, occurred: 0, otherSeverities: {}, variants: 2 });
  });
});

/**
 * The pair search judges one slot of each run of slots that differ only in
 * calls the moved call commutes with (src/compare/commuting-slots.ts). The
 * premise is checked here on every shipped scenario: a call without an
 * effect on its machine, swapped with a neighbour of the same phase, leaves
 * every finding as it was; then the slot choice itself.
 */
import { describe, expect, it } from 'vitest';
import { commutingOn, distinctSlots } from '../../src/compare/commuting-slots.js';
import { ReplayEngine } from '../../src/compare/engine.js';
import { MoveTable } from '../../src/compare/judge.js';
import type { Step } from '../../src/scenario/types.js';
import { machinesOf, yamlUnder } from './load.js';

describe('distinctSlots', () => {
  const inert = (c: string): boolean => c.startsWith('z');
  it('keeps one slot per run, the one nearest home', () => {
    // slots 0 … 5 of [a z1 z2 b z3]: runs {0}, {1, 2, 3}, {4, 5}
    expect(distinctSlots(['a', 'z1', 'z2', 'b', 'z3'], 0, inert)).toEqual([0, 1, 4]);
    expect(distinctSlots(['a', 'z1', 'z2', 'b', 'z3'], 2, inert)).toEqual([0, 2, 4]);
    expect(distinctSlots(['a', 'z1', 'z2', 'b', 'z3'], 5, inert)).toEqual([0, 3, 5]);
  });
  it('is every slot when nothing commutes, and one slot when everything does', () => {
    expect(distinctSlots(['a', 'b', 'c'], 1, inert)).toEqual([0, 1, 2, 3]);
    expect(distinctSlots(['z1', 'z2', 'z3'], 2, inert)).toEqual([2]);
    expect(distinctSlots([], 0, inert)).toEqual([0]);
  });
});

describe('a call without an effect commutes with its same-phase neighbours (every shipped scenario)', () => {
  let swapsSeen = 0;
  it.each(yamlUnder('scenarios'))('%s', { timeout: 60_000 }, async (file) => {
    for (const { plugin, scenario } of await machinesOf(file)) {
      const table = new MoveTable(new ReplayEngine(plugin, scenario));
      const base = table.engine.base;
      const keys = (order: readonly Step[]): string[] => [...table.judgeOrder(order).findings.keys()].sort();
      const own = keys(base);
      let swaps = 0;
      const commutes = commutingOn(table.engine);
      for (let i = 0; i + 1 < base.length; i++) {
        const [a, b] = [base[i] as Step, base[i + 1] as Step];
        if (!commutes(a, b) && !commutes(b, a)) continue;
        const swapped = [...base];
        swapped[i] = b;
        swapped[i + 1] = a;
        expect(keys(swapped), `${a.call} ⇄ ${b.call}`).toEqual(own);
        swaps++;
      }
      swapsSeen += swaps;
    }
  });
  // the premise is exercised, not vacuous: the shipped orders hold such neighbours (arm64 v4.4 has ten effect-free calls)
  it('swapped at least one such pair', () => expect(swapsSeen).toBeGreaterThan(20));
});

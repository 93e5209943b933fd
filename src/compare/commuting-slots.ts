/**
 * Slots of a moved call that can give different replays. Two neighbouring
 * slots differ only in whether the call comes before or after one other
 * call (constraints.ts says the same); when that call commutes with it (it
 * changes nothing and emits nothing wherever it stands: ArchPlugin.inert
 * where the plug-in has it, else ArchPlugin.hasEffect false, which arm64 and
 * riscv define that way; and it is in the same phase, so phase-order reads
 * the two alike), both orders replay to the same events and findings, only
 * the step numbers differ. Of each run of slots separated only by such
 * calls the search needs to judge one: the one nearest where the call is in
 * the scenario, which is also the one the fix search would pick among equals
 * (the same errors, warnings and calls with an effect jumped; the shortest
 * move).
 */
import type { Step } from '../scenario/types.js';
import type { ReplayEngine } from './engine.js';

/**
 * Whether moving the `moved` calls across `other` changes nothing a rule
 * reads on the engine's scenario (test/compare/commuting-slots.test.ts swaps
 * every such neighbour pair of the shipped scenarios).
 */
export function commutingOn(engine: ReplayEngine): (other: Step, ...moved: Step[]) => boolean {
  const { plugin, scenario } = engine;
  const quiet = (call: string): boolean => (plugin.inert !== undefined ? plugin.inert(call, scenario) : !engine.hasEffect(call));
  const rank = (s: Step): number => plugin.callPhase(s.call).rank;
  return (other, ...moved) => quiet(other.call) && moved.every((m) => rank(m) === rank(other));
}

/**
 * The slots (0 … seq.length, the index the call would have in `seq` with it
 * inserted) worth judging, in ascending order.
 *
 * @param seq the order without the moved call
 * @param home where the call stands in the scenario's order (its index
 *   there): of each run, the slot nearest it is kept, the shortest move
 * @param commutes whether moving the call across this member of `seq`
 *   changes nothing a rule reads
 */
export function distinctSlots<T>(seq: readonly T[], home: number, commutes: (other: T) => boolean): number[] {
  const out: number[] = [];
  let start = 0;
  for (let k = 0; k <= seq.length; k++) {
    // a run of equivalent slots ends at k when seq[k] (between slot k and k + 1) does not commute, or at the end
    if (k === seq.length || !commutes(seq[k] as T)) {
      out.push(Math.min(Math.max(home, start), k));
      start = k + 1;
    }
  }
  return out;
}

/**
 * Which findings of a judged order the kernel reaches, against the machine's
 * own order: the reasoning commands (constraints, suggest) read an order's
 * findings through this. Architecture-neutral (Verdict.halts).
 */
import { haltPoint, haltPosition, reachedUpTo, type HaltPoint } from '../rules/halting.js';
import type { Verdict } from '../rules/types.js';
import type { Judgement } from './judge.js';

const reachedCache = new WeakMap<Judgement, WeakMap<Judgement, ReadonlyMap<string, Verdict>>>();

/**
 * The findings of a judgement the kernel reaches, as far as the order tried
 * decides it: none at a step after the first finding that halts it
 * (src/rules/halting.ts: the earliest haltPosition, then reachedUpTo, as
 * run's afterHalt marks them), counting only halts the machine's own order
 * (`own`) does not have. A move that makes the kernel stop earlier hides
 * what the later steps would do: such a finding says nothing about the order
 * of the later calls. A halt the machine's own order already has is the
 * scenario's bug, not the move's: every neighbouring order keeps it, and
 * cutting at it hid every difference after it (helper-184 2: with
 * unflatten_device_tree before paging_init, paging_init before misc_mem_init
 * and four more real edges were lost, and others mislabelled). A machine
 * whose own order halts before setup_arch() is left out before this
 * (constraints.ts haltsBeforeSetupArch).
 */
export function reachedOf(j: Judgement, own: Judgement): ReadonlyMap<string, Verdict> {
  let byOwn = reachedCache.get(j);
  let out = byOwn?.get(own);
  if (out !== undefined) return out;
  let first: { v: Verdict; at: HaltPoint } | undefined;
  for (const [key, v] of j.findings) {
    const at = haltPoint(v);
    if (at === undefined || (j !== own && own.findings.has(key))) continue;
    if (first === undefined || haltPosition(at) < haltPosition(first.at)) first = { v, at };
  }
  if (first === undefined || j === own) out = j.findings;
  else {
    const upTo = reachedUpTo(first.v, first.at);
    out = new Map([...j.findings].filter(([, v]) => v.step.implicit || v.step.index <= upTo));
  }
  if (byOwn === undefined) {
    byOwn = new WeakMap();
    reachedCache.set(j, byOwn);
  }
  byOwn.set(own, out);
  return out;
}

/**
 * duplicate-call (every architecture): a setup_arch() call listed twice.
 * Almost always a merge error in a hand-edited order (the second
 * parse_early_param() of a rebased patch, say); the calls the kernel itself
 * repeats (ArchPlugin.repeatsCall) are not reported.
 */
import type { StepRef, Trace } from '../replay/trace.js';
import { lazyRule } from './lazy-rule.js';
import type { Rule } from './types.js';

const ID = 'duplicate-call';

/** call name → the generation (one per check) that last saw it; private scratch, never read across checks */
const lastSeen = new Map<string, number>();
let generation = 0;
/** names kept at most (a file of 10,000 distinct unknown names must not stay in memory) */
const MAX_REMEMBERED = 4096;

/**
 * @param repeatsCall the architecture's ArchPlugin.repeatsCall: calls its
 *   kernels make more than once on purpose
 */
/** A repeated call and its first occurrence. */
interface Hit {
  readonly step: StepRef;
  readonly earlier: StepRef;
}

export function duplicateCallRule<T extends Trace>(repeatsCall: (call: string) => boolean): Rule<T> {
  return lazyRule<T, Hit>({
    meta: {
      id: ID,
      severity: 'warning',
      // a call listed twice is listed twice in any order of the same calls
      emptyUnderReordering: true,
      doc: 'a setup_arch() call listed twice that the kernel calls once (usually a merge error)',
      explanation: `The order lists a call a second time. setup_arch() calls nearly every function once, and many are
not safe to run twice, or silently do nothing the second time (init/main.c parse_early_param() returns at
once: "static int done"). A repeated call is almost always a merge or rebase error in the order, so it is
reported at the second occurrence, pointing at the first.

The calls the kernel itself makes more than once (each architecture names them, e.g. x86's
insert_resource(), once per kernel resource in arch/x86/kernel/setup.c) are not reported. The replay
still runs the repeated call with the kernel's semantics.

Fix: remove the second occurrence, or move the one you meant to move.`,
    },
    detect(trace: T): Hit[] {
      // most orders list every call once: one pass proves it (the engine judges thousands of orders),
      // with a table kept between calls and told apart by a generation, not a new Set each time
      const gen = ++generation;
      let repeated = false;
      for (const step of trace.steps) {
        if (step.implicit) continue;
        if (lastSeen.get(step.name) === gen) {
          repeated = true;
          break;
        }
        lastSeen.set(step.name, gen);
      }
      if (lastSeen.size > MAX_REMEMBERED) lastSeen.clear();
      if (!repeated) return [];
      const first = new Map<string, StepRef>();
      const hits: Hit[] = [];
      for (const step of trace.steps) {
        if (step.implicit) continue;
        const earlier = first.get(step.name);
        if (earlier === undefined) {
          first.set(step.name, step);
          continue;
        }
        if (!repeatsCall(step.name)) hits.push({ step, earlier });
      }
      return hits;
    },
    verdict: ({ step, earlier }) => ({ rule: ID, severity: 'warning', step, related: [{ step: earlier }] }),
    format: ({ step, earlier }) => ({
      rule: ID,
      severity: 'warning',
      step,
      pos: step.pos,
      message: `${step.name} is called again; step ${earlier.index} already called it`,
      related: [{ step: earlier, role: 'the first call' }],
      addresses: {},
      consequence: 'the kernel calls it once; a second call is a merge error in the order, and many calls do nothing the second time (parse_early_param(): static int done)',
      fix: `remove step ${step.index} (${step.name}), or move step ${earlier.index} where you meant it to be`,
    }),
  });
}

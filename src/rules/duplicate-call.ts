/**
 * duplicate-call (every architecture): a setup_arch() call listed twice.
 * Almost always a merge error in a hand-edited order (the second
 * parse_early_param() of a rebased patch, say); the kernel's own repeats
 * (ArchPlugin.repeatsCall) are not reported.
 */
import { archById } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import type { StepRef, Trace } from '../replay/trace.js';
import type { Finding, Rule } from './types.js';

const ID = 'duplicate-call';

export const duplicateCall: Rule = {
  meta: {
    id: ID,
    severity: 'warning',
    doc: 'a setup_arch() call listed twice that the kernel calls once (usually a merge error)',
    explanation: `The order lists a call a second time. setup_arch() calls nearly every function once, and many are
not safe to run twice, or silently do nothing the second time (init/main.c parse_early_param() returns at
once: "static int done"). A repeated call is almost always a merge or rebase error in the order, so it is
reported at the second occurrence, pointing at the first.

The calls the kernel itself makes more than once (each architecture names them, e.g. a resource
registration called once per resource) are not reported. The replay still runs the repeated call with the
kernel's semantics.

Fix: remove the second occurrence, or move the one you meant to move.`,
    checksHalted: false,
  },
  check(trace: Trace): Finding[] {
    // the plug-in is looked up only for a repeat: most orders have none, and this runs for every order judged
    let plugin: ArchPlugin | undefined | null = null;
    const first = new Map<string, StepRef>();
    const findings: Finding[] = [];
    for (const step of trace.steps) {
      if (step.implicit) continue;
      const earlier = first.get(step.name);
      if (earlier === undefined) {
        first.set(step.name, step);
        continue;
      }
      if (plugin === null) plugin = archById(trace.scenario.arch);
      if (plugin?.repeatsCall?.(step.name) === true) continue;
      findings.push({
        rule: ID,
        severity: 'warning',
        step,
        pos: step.pos,
        message: `${step.name} is called again; step ${earlier.index} already called it`,
        related: [{ step: earlier, role: 'the first call' }],
        addresses: {},
        consequence: 'the kernel calls it once; the second call is a merge error in the order, or does nothing (parse_early_param: static int done)',
        fix: `remove step ${step.index} (${step.name}), or move step ${earlier.index} where you meant it to be`,
      });
    }
    return findings;
  },
};

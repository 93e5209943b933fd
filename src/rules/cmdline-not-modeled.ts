/**
 * The finding every architecture's cmdline-not-modeled rule reports (info):
 * one per scenario, at `machine.cmdline`, listing the options the model does
 * not model and those the chosen kernel does not have. The rules differ in
 * what they recognise (src/arch/<name>/rules/cmdline-not-modeled.ts).
 */
import type { StepRef } from '../replay/trace.js';
import { positionOf, type Scenario } from '../scenario/types.js';
import type { Finding } from './types.js';

export const CMDLINE_NOT_MODELED = 'cmdline-not-modeled';

/**
 * @param parts what the message lists ("not modeled: foo=1", "not in 2.6.27: …"), at least one
 * @param touches what an option would have to touch to matter on this architecture ("the fixmap, e820 or the layout")
 */
export function cmdlineNotModeledFinding(scenario: Scenario, step: StepRef, parts: readonly string[], touches: string): Finding {
  return {
    rule: CMDLINE_NOT_MODELED,
    severity: 'info',
    step,
    pos: positionOf(scenario, 'machine.cmdline'),
    message: `machine.cmdline: ${parts.join('; ')}`,
    related: [],
    addresses: {},
    consequence: 'the replay runs as if these options were not given',
    fix: `nothing to fix if they cannot touch ${touches}; otherwise the model needs them`,
  };
}

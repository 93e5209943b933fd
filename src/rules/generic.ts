/**
 * The rules every architecture shares (phase-order, duplicate-call): built
 * from the architecture's hooks (ArchPlugin.callPhase, repeatsCall) and
 * listed in each plug-in's `rules` after its own, so that `explain`, the
 * expect:/allow: schema, SARIF rule descriptors and the registry see them
 * like any rule of that architecture.
 */
import type { CallPhase } from '../arch/types.js';
import type { Trace } from '../replay/trace.js';
import { duplicateCallRule } from './duplicate-call.js';
import { phaseOrderRule } from './phase-order.js';
import type { Rule } from './types.js';

export interface GenericRuleHooks {
  readonly callPhase: (call: string) => CallPhase;
  readonly repeatsCall: (call: string) => boolean;
}

export function genericRules<T extends Trace>(hooks: GenericRuleHooks): Rule<T>[] {
  return [phaseOrderRule<T>(hooks.callPhase), duplicateCallRule<T>(hooks.repeatsCall)];
}

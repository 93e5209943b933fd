/**
 * The rule registry: each architecture's rules (src/arch/<name>/rules/),
 * and how findings are ordered.
 */
import { ARCHES } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import type { Trace } from '../replay/trace.js';
import { duplicateCall } from './duplicate-call.js';
import type { Finding, Rule } from './types.js';

/** A rule with the architecture it belongs to. */
export interface RegisteredRule {
  readonly arch: string;
  readonly rule: Rule;
}

/** The rules every architecture shares (src/rules/), checked after the architecture's own. */
export const GENERIC_RULES: readonly Rule[] = [duplicateCall];

/** Every rule of every architecture, in registry order, then the generic ones (arch "*"). */
export function allRules(): RegisteredRule[] {
  return [...ARCHES.flatMap((a) => a.rules.map((rule) => ({ arch: a.id, rule }))), ...GENERIC_RULES.map((rule) => ({ arch: '*', rule }))];
}

/** The rules with this id (one per architecture that has it). */
export function rulesById(id: string): RegisteredRule[] {
  return allRules().filter((r) => r.rule.meta.id === id);
}

/** File order (line, column), then step, then rule id: stable for diffs. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.pos.line - b.pos.line || a.pos.col - b.pos.col || a.step.index - b.step.index || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * All findings of a trace, by the rules of the plug-in that replayed it and
 * the generic ones (or the given rules), in file order. A halted replay
 * (an unsupported scenario) is checked only by the rules that report it.
 */
export function check(trace: Trace, plugin: ArchPlugin, rules: readonly Rule[] = [...plugin.rules, ...GENERIC_RULES]): Finding[] {
  const active = trace.halted === undefined ? rules : rules.filter((r) => r.meta.checksHalted === true);
  return active.flatMap((r) => r.check(trace)).sort(compareFindings);
}

/**
 * The rule registry: each architecture's rules (src/arch/<name>/rules/),
 * and how findings are ordered.
 */
import { ARCHES } from '../arch/index.js';
import type { ArchPlugin } from '../arch/types.js';
import type { Trace } from '../replay/trace.js';
import type { Finding, Rule } from './types.js';

/** A rule with the architecture it belongs to. */
export interface RegisteredRule {
  readonly arch: string;
  readonly rule: Rule;
}

/** Every rule of every architecture, in registry order. */
export function allRules(): RegisteredRule[] {
  return ARCHES.flatMap((a) => a.rules.map((rule) => ({ arch: a.id, rule })));
}

/** The rules with this id (one per architecture that has it). */
export function rulesById(id: string): RegisteredRule[] {
  return allRules().filter((r) => r.rule.meta.id === id);
}

/** File order (line, column), then step, then rule id: stable for diffs. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.pos.line - b.pos.line || a.pos.col - b.pos.col || a.step.index - b.step.index || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** All findings of a trace, by the rules of the plug-in that replayed it (or the given ones), in file order. */
export function check(trace: Trace, plugin: ArchPlugin, rules: readonly Rule[] = plugin.rules): Finding[] {
  return rules.flatMap((r) => r.check(trace)).sort(compareFindings);
}

/**
 * `bootreplay explain RULE` (and the rule list when no rule is given).
 */
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';

export function formatRuleList(): string {
  const width = Math.max(...RULES.map((r) => r.meta.id.length));
  return `${RULES.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.severity.padEnd(7)}  ${r.meta.doc}`).join('\n')}\n`;
}

export function formatRule(rule: Rule): string {
  const { id, severity, doc, explanation } = rule.meta;
  return `${id} (${severity})\n${doc}\n\n${explanation}\n`;
}

/**
 * `bootreplay explain RULE` (and the rule list when no rule is given). Rule
 * ids are unique within an architecture; the same id may exist in several
 * (each architecture's own version of a hazard), and then each is shown.
 */
import { ARCH_IDS } from '../arch/index.js';
import type { RegisteredRule } from '../rules/index.js';
import type { RuleMeta } from '../rules/types.js';

const MANY = ARCH_IDS.length > 1;

/** The severities a rule reports, the usual one first: `error`, `error / warning` (RuleMeta.alsoReports). */
function severitiesOf(meta: RuleMeta): string {
  return [meta.severity, ...(meta.alsoReports ?? [])].join(' / ');
}

export function formatRuleList(rules: readonly RegisteredRule[]): string {
  const width = Math.max(...rules.map((r) => r.rule.meta.id.length));
  const archWidth = Math.max(...rules.map((r) => r.arch.length));
  const severityWidth = Math.max(...rules.map((r) => severitiesOf(r.rule.meta).length));
  return `${rules.map(({ arch, rule: { meta } }) =>
    `${MANY ? `${arch.padEnd(archWidth)}  ` : ''}${meta.id.padEnd(width)}  ${severitiesOf(meta).padEnd(severityWidth)}  ${meta.doc}`).join('\n')}\n`;
}

export function formatRule(found: readonly RegisteredRule[]): string {
  return found.map(({ arch, rule }) => {
    const { id, doc, explanation } = rule.meta;
    return `${id} (${MANY ? `${arch}, ` : ''}${severitiesOf(rule.meta)})\n${doc}\n\n${explanation}\n`;
  }).join('\n');
}

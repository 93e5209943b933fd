/**
 * `bootreplay explain RULE` (and the rule list when no rule is given). Rule
 * ids are unique within an architecture; the same id may exist in several
 * (each architecture's own version of a hazard), and then each is shown.
 */
import { ARCH_IDS } from '../arch/index.js';
import type { RegisteredRule } from '../rules/index.js';
import type { RuleMeta } from '../rules/types.js';
import { GATE_RULE_TEXTS, type GateRuleText } from '../report/gate-text.js';

const MANY = ARCH_IDS.length > 1;

/** The severities a rule reports, the usual one first: `error`, `error / warning` (RuleMeta.alsoReports). */
function severitiesOf(meta: RuleMeta): string {
  return [meta.severity, ...(meta.alsoReports ?? [])].join(' / ');
}

/** What the gates of expect: and allow: entries report under: not rules of an architecture, as SARIF names them. */
const GATE_ARCH = 'bootreplay';

/**
 * The gate `id` names (unmet-expectation, or bootreplay/unmet-expectation as SARIF
 * writes it), or undefined.
 */
export function gateRule(id: string): GateRuleText | undefined {
  const bare = id.startsWith(`${GATE_ARCH}/`) ? id.slice(GATE_ARCH.length + 1) : id;
  return GATE_RULE_TEXTS.find((g) => g.id === bare);
}

/** Every id explain accepts: the rules', then the gates' in both spellings (for a did-you-mean). */
export function explainIds(rules: readonly RegisteredRule[]): { listed: string[]; accepted: string[] } {
  const listed = [...new Set([...rules.map((r) => r.rule.meta.id), ...GATE_RULE_TEXTS.map((g) => g.id)])];
  return { listed, accepted: [...listed, ...GATE_RULE_TEXTS.map((g) => `${GATE_ARCH}/${g.id}`)] };
}

/** The rules, then the two gates (every architecture reports them: SARIF's bootreplay/…). */
export function formatRuleList(rules: readonly RegisteredRule[]): string {
  const rows = [
    ...rules.map(({ arch, rule: { meta } }) => ({ arch, id: meta.id, severities: severitiesOf(meta), doc: meta.doc })),
    ...GATE_RULE_TEXTS.map((g) => ({ arch: GATE_ARCH, id: g.id, severities: g.severity, doc: g.doc })),
  ];
  const width = Math.max(...rows.map((r) => r.id.length));
  const archWidth = Math.max(...rows.map((r) => r.arch.length));
  const severityWidth = Math.max(...rows.map((r) => r.severities.length));
  return `${rows.map(({ arch, id, severities, doc }) =>
    `${MANY ? `${arch.padEnd(archWidth)}  ` : ''}${id.padEnd(width)}  ${severities.padEnd(severityWidth)}  ${doc}`).join('\n')}\n`;
}

/** A gate as explain shows it: what it is (the gate of a scenario's expect: or allow: entries), its severity, its text. */
export function formatGateRule(gate: GateRuleText): string {
  return `${gate.id} (${GATE_ARCH}/${gate.id}: the gate of a scenario's ${gate.entries} entries, ${gate.severity})\n${gate.doc}\n\n${gate.explanation}\n`;
}

export function formatRule(found: readonly RegisteredRule[]): string {
  return found.map(({ arch, rule }) => {
    const { id, doc, explanation } = rule.meta;
    return `${id} (${MANY ? `${arch}, ` : ''}${severitiesOf(rule.meta)})\n${doc}\n\n${explanation}\n`;
  }).join('\n');
}

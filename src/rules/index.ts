/**
 * The rule registry: every rule of DESIGN §4 (the Xen page-table rules come
 * with the page-table model).
 */
import type { Trace } from '../replay/replay.js';
import { btmapPmdStraddle } from './btmap-pmd-straddle.js';
import { configUnsupported } from './config-unsupported.js';
import { earlyIoremapInitBeforeRelocation } from './early-ioremap-init-before-relocation.js';
import { fixmapBeforeRelocation } from './fixmap-before-relocation.js';
import { layoutOverlap } from './layout-overlap.js';
import { lowmemBeforeRelocation } from './lowmem-before-relocation.js';
import { missingPrerequisite } from './missing-prerequisite.js';
import { staleEarlyIoremap } from './stale-early-ioremap.js';
import type { Finding, Rule } from './types.js';

export const RULES: readonly Rule[] = [
  fixmapBeforeRelocation,
  staleEarlyIoremap,
  earlyIoremapInitBeforeRelocation,
  lowmemBeforeRelocation,
  missingPrerequisite,
  btmapPmdStraddle,
  layoutOverlap,
  configUnsupported,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** All findings of a trace, in file order (line, column), then by rule id: stable for diffs. */
export function check(trace: Trace, rules: readonly Rule[] = RULES): Finding[] {
  const findings = rules.flatMap((r) => r.check(trace));
  return findings.sort((a, b) =>
    a.pos.line - b.pos.line || a.pos.col - b.pos.col || a.step.index - b.step.index || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

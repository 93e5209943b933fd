/**
 * The gates in text output: how an expected, suppressed or baselined finding
 * is labelled, the lines for unmet expectations and unused suppressions, and
 * their counts in the per-scenario and summary lines.
 */
import { escapeText } from '../escape.js';
import { callRefText } from '../scenario/order-edit.js';
import { displayName, type Expectation } from '../scenario/types.js';
import type { FindingState, GatedResult, Totals } from '../gate/types.js';
import { locationText } from './location.js';
import { plural } from './plural.js';
import type { Style } from './text.js';

/** The word that replaces nothing for live findings and prefixes the severity of the others. */
export function stateWord(state: FindingState): string {
  return state === 'baseline' ? 'baselined' : state;
}

/** "fixmap-before-relocation at dmi_scan_machine [variant]" */
export function entryText(e: Expectation): string {
  return `${e.rule} at ${callRefText(e.step)}${e.variant !== undefined ? ` in variant ${e.variant}` : ''}`;
}

export function unmetMessage(e: Expectation): string {
  return `expected ${entryText(e)}, which did not occur: the scenario no longer reproduces it (fix the order back, or drop the expect: entry if the bug is fixed)`;
}

export function unusedAllowMessage(e: Expectation): string {
  return `allow: ${entryText(e)} matched no finding; remove it`;
}

/** The two pseudo-rules the gates report under (not rules of any architecture). */
export const UNMET_RULE = 'unmet-expectation';
export const UNUSED_ALLOW_RULE = 'unused-allow';

export function gateLines(r: GatedResult, style: Style): string[] {
  const lines: string[] = [];
  // the real path first (file:line:col parsers), then whose entry it is, as finding lines say it;
  // file and variant names, call references and variants of expect:/allow: are user text
  const whose = (e: Expectation): string => (e.pos.file !== undefined || r.variant !== undefined ? ` in ${escapeText(displayName(r))}` : '');
  for (const e of r.unmet) lines.push(`${escapeText(locationText(r, e.pos))}: ${style.error('error')} ${style.bold(UNMET_RULE)}: ${escapeText(unmetMessage(e))}${whose(e)}`);
  for (const a of r.unusedAllows) lines.push(`${escapeText(locationText(r, a.pos))}: ${style.warning('warning')} ${style.bold(UNUSED_ALLOW_RULE)}: ${escapeText(unusedAllowMessage(a))}${whose(a)}`);
  return lines;
}

/** "3 expected", "1 suppressed", … for the counts that are not zero (live infos are counted with errors and warnings). */
export function gateTotals(t: Totals): string[] {
  return [
    t.expected > 0 ? `${t.expected} expected` : '',
    t.suppressed > 0 ? `${t.suppressed} suppressed` : '',
    t.baseline > 0 ? `${t.baseline} in baseline` : '',
    t.unmet > 0 ? `${t.unmet} unmet expectation${t.unmet === 1 ? '' : 's'}` : '',
    t.unusedAllows > 0 ? `${t.unusedAllows} unused allow${t.unusedAllows === 1 ? '' : 's'}` : '',
  ].filter((x) => x !== '');
}

/**
 * "2 warnings, 1 suppressed": a result's counts, live findings first and then
 * the gates', as its PASS/FAIL line, its row of a matrix table and diff's
 * line for it all say them (they once disagreed: a row without "1 suppressed").
 * Empty when everything is zero.
 */
export function countsText(live: Pick<Totals, 'errors' | 'warnings' | 'infos'>, gates?: Totals): string {
  return [
    live.errors > 0 ? plural(live.errors, 'error') : '',
    live.warnings > 0 ? plural(live.warnings, 'warning') : '',
    live.infos > 0 ? `${live.infos} info` : '',
    ...(gates !== undefined ? gateTotals(gates) : []),
  ].filter((x) => x !== '').join(', ');
}

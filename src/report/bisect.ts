/** `bootreplay bisect` output: text and JSON (format version 1). */
import type { BisectReport } from '../compare/bisect.js';
import { scenarioEditData, scenarioEditText } from '../compare/edit-script.js';
import { editData } from '../scenario/order-edit.js';
import type { Style } from './text.js';

export const BISECT_REPORT_VERSION = 1;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatBisectText(good: string, bad: string, r: BisectReport, style: Style): string {
  const f = r.finding;
  const lines = [
    style.bold(`bisect ${good} → ${bad}`),
    `finding of BAD: ${bad}:${f.pos.line}:${f.pos.col}: ${f.severity === 'error' ? style.error('error') : style.warning('warning')} ${style.bold(f.rule)}: ${f.message}`,
    style.dim(`  identity: ${r.key}`),
    `edit script GOOD → BAD: ${plural(r.script.length, 'edit')}`,
    ...r.script.map((e, i) => style.dim(`  ${String(i + 1).padStart(3)}  ${scenarioEditText(e)}`)),
    `culprit: ${plural(r.culprits.length, 'edit')} of ${r.script.length} make${r.culprits.length === 1 ? 's' : ''} the finding appear in GOOD`,
    ...r.culprits.map((i) => `  ${String(i + 1).padStart(3)}  ${style.bold(scenarioEditText(r.script[i] ?? { kind: 'value', path: [], from: undefined, to: undefined }))}${r.effectFree.includes(i) ? ' (a call with no effect on the model: needed for a valid intermediate)' : ''}`),
    style.dim(`${plural(r.replays, 'replay')}, ${plural(r.unresolved, 'unresolved intermediate')} (rejected by the loader, skipped)`),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatBisectJson(good: string, bad: string, r: BisectReport): string {
  const f = r.finding;
  const out = {
    version: BISECT_REPORT_VERSION,
    good,
    bad,
    finding: { rule: f.rule, severity: f.severity, key: r.key, step: f.step.name, index: f.step.index, line: f.pos.line, column: f.pos.col, message: f.message },
    script: r.script.map((e) => scenarioEditData(e, editData)),
    culprits: r.culprits.map((i) => ({ edit: i + 1, ...scenarioEditData(r.script[i] ?? { kind: 'value', path: [], from: undefined, to: undefined }, editData), ...(r.effectFree.includes(i) ? { effectFree: true } : {}) })),
    replays: r.replays,
    unresolved: r.unresolved,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

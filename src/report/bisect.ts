/** `bootreplay bisect` output: text and JSON (format version 1). */
import { escapeText } from '../escape.js';
import type { BisectReport } from '../compare/bisect.js';
import { scenarioEditData, scenarioEditText } from '../compare/edit-script.js';
import { editData, editText } from '../scenario/order-edit.js';
import { severityText, type Style } from './text.js';

export const BISECT_REPORT_VERSION = 1;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const NONE = { kind: 'value' as const, path: [], from: undefined, to: undefined };

function culpritText(r: BisectReport, i: number): string {
  const a = r.anchored.get(i);
  const e = r.script[i] ?? NONE;
  return escapeText(a === undefined ? scenarioEditText(e) : `${editText(a)} (in the intermediate; in BAD: ${scenarioEditText(e)})`);
}

export function formatBisectText(good: string, bad: string, r: BisectReport, style: Style): string {
  const f = r.finding;
  const lines = [
    style.bold(`bisect ${escapeText(good)} → ${escapeText(bad)}`),
    `finding of BAD: ${escapeText(bad)}:${f.pos.line}:${f.pos.col}: ${severityText(f.severity, style)} ${style.bold(f.rule)}: ${escapeText(f.message)}`,
    style.dim(`  identity: ${r.key}`),
    `edit script GOOD → BAD: ${plural(r.script.length, 'edit')}${r.ignored.length > 0 ? ` (not counted, not order or model edits: ${escapeText(r.ignored.join(', '))})` : ''}`,
    ...r.script.map((e, i) => style.dim(`  ${String(i + 1).padStart(3)}  ${escapeText(scenarioEditText(e))}`)),
    `culprit: ${plural(r.culprits.length, 'edit')} of ${r.script.length} make${r.culprits.length === 1 ? 's' : ''} the finding appear in GOOD`,
    ...r.culprits.map((i) => `  ${String(i + 1).padStart(3)}  ${style.bold(culpritText(r, i))}`),
    ...(r.enabling.length > 0 ? [
      `needed only for a valid intermediate (without ${r.enabling.length === 1 ? 'it' : 'them'} the intermediates are rejected or have another error):`,
      ...r.enabling.map((i) => `  ${String(i + 1).padStart(3)}  ${escapeText(scenarioEditText(r.script[i] ?? NONE))}`),
    ] : []),
    style.dim(`${plural(r.replays, 'replay')}; ${plural(r.unresolved, 'intermediate')} skipped: ${r.unloadable} rejected by the loader, ${r.broken} with another error`),
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
    ignored: r.ignored,
    culprits: r.culprits.map((i) => {
      const a = r.anchored.get(i);
      return { edit: i + 1, ...scenarioEditData(r.script[i] ?? NONE, editData), ...(a !== undefined ? { inIntermediate: editData(a) } : {}) };
    }),
    enabling: r.enabling.map((i) => ({ edit: i + 1, ...scenarioEditData(r.script[i] ?? NONE, editData) })),
    replays: r.replays,
    unresolved: r.unresolved,
    unloadable: r.unloadable,
    broken: r.broken,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

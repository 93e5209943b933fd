/** `bootreplay bisect` output: text and JSON (a versioned format: BISECT_REPORT_VERSION). */
import { escapeText } from '../escape.js';
import { BISECT_CLOSER as CLOSER, type BisectReport, type StoppedSearch } from '../compare/bisect.js';
import { scenarioEditData, scenarioEditText } from '../compare/edit-script.js';
import { aSeverity } from '../compare/findings.js';
import { editData, editText } from '../scenario/order-edit.js';
import { fileOf, locationText, whoseLine } from './location.js';
import { severityText, type Style } from './text.js';
import { plural } from './plural.js';
import { jsonText } from './json-text.js';
import { problemsJson } from './json.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Pos } from '../scenario/types.js';

/** " in m1.yaml[cmdline=\"\",memory=1GiB]": whose the finding's line is, when it lies in a base or BAD is a variant, as `run` says it (break-290 N2). */
function inBad(r: BisectReport, pos: Pos): string {
  const owner = whoseLine({ file: r.badFile, variant: r.badVariant }, pos);
  return owner === undefined ? '' : ` in ${escapeText(owner)}`;
}

/**
 * 5: `finding.severity_in_good` when GOOD has the finding less severe (a warning that became an error): the
 *    culprits then make it as severe in GOOD, where they make it appear in GOOD otherwise (format 4 said "nothing
 *    to bisect" there, so a reader of 4 would take the finding for one GOOD lacks);
 * 4: `stopped` when the search stopped at the limit of its work (culprits and enabling then empty);
 * 3: `finding` null with `nothing_to_bisect` when BAD has no finding GOOD lacks (format 2 wrote a text line);
 * 2: the finding's `file` and the skipped counts
 */
export const BISECT_REPORT_VERSION = 5;


const NONE = { kind: 'value' as const, path: [], from: undefined, to: undefined };

/** An edit as people read it: an order edit as `diff` writes it, an input edit with the values `diff` shows. */
function editLine(r: BisectReport, i: number): string {
  const c = r.inputs[i];
  return c === undefined ? scenarioEditText(r.script[i] ?? NONE) : `${c.key}: ${c.from} → ${c.to}`;
}

function culpritText(r: BisectReport, i: number): string {
  const a = r.anchored.get(i);
  const text = a === undefined ? editLine(r, i) : `${editText(a)} (in the intermediate; in BAD: ${editLine(r, i)})`;
  return escapeText(r.inseparable.has(i) ? `${text} (inseparable: without it the intermediates are rejected or not judged)` : text);
}

/** An edit as data: an order edit's editData shape, or {set: key, from, to} with the values the text shows. */
function editJson(r: BisectReport, i: number): Record<string, unknown> {
  const c = r.inputs[i];
  return c === undefined ? scenarioEditData(r.script[i] ?? NONE, editData) : { set: c.key, from: c.from, to: c.to };
}

/**
 * What the culprits do to the finding in GOOD: "appear", or, for one GOOD has less severe, "an error" (the
 * question is which edits made it one: GOOD has it already).
 */
function becomes(r: BisectReport): { makes: string; is: string } {
  return r.severityInGood === undefined
    ? { makes: 'appear', is: 'appears' }
    : { makes: aSeverity(r.finding.severity), is: `is ${aSeverity(r.finding.severity)}` };
}

/** The answer of a search stopped at its limit: the set it held, or that it could drop no edit. */
function stoppedLines(r: BisectReport, stopped: StoppedSearch): string[] {
  const held = stopped.appearsWith.length;
  const why = `the search stopped at the limit of its work (${stopped.limit} trace events and findings, each intermediate's load counted in; ${plural(r.replays, 'replay')})`;
  if (held === r.script.length) return [`culprit: not isolated: ${why} before it could leave out any of the ${r.script.length} edits: ${CLOSER}`];
  return [
    `culprit: not isolated: ${why}; the finding ${becomes(r).is} in GOOD with these ${held} of the ${r.script.length} edits, not all of which may be needed: ${CLOSER}`,
    ...stopped.appearsWith.map((i) => `  ${String(i + 1).padStart(3)}  ${culpritText(r, i)}`),
  ];
}

export function formatBisectText(good: string, bad: string, r: BisectReport, style: Style): string {
  const f = r.finding;
  const lines = [
    style.bold(`bisect ${escapeText(good)} → ${escapeText(bad)}`),
    // a finding at a base's line says whose it is, as run and diff do (helper-181, 11)
    `finding of BAD: ${escapeText(locationText({ file: r.badFile }, f.pos))}: ${severityText(f.severity, style)} ${style.bold(f.rule)}: ${escapeText(f.message)}${inBad(r, f.pos)}`,
    style.dim(`  identity: ${r.key}`),
    // GOOD has it already: what changed is its severity, and that is what is bisected (break-212 F5)
    ...(r.severityInGood !== undefined ? [`  a severity change: ${f.rule} became ${aSeverity(f.severity)} (${aSeverity(r.severityInGood)} in GOOD)`] : []),
    ...(r.movedTo !== undefined ? [style.dim(`  in GOOD with the culprits it is about ${escapeText(r.movedTo)}: the same finding, at the address the layout there gives it`)] : []),
    `edit script GOOD → BAD: ${plural(r.script.length, 'edit')}`,
    ...r.script.map((_, i) => style.dim(`  ${String(i + 1).padStart(3)}  ${escapeText(editLine(r, i))}`)),
    ...(r.stopped !== undefined ? stoppedLines(r, r.stopped) : [
      `culprit: ${plural(r.culprits.length, 'edit')} of ${r.script.length} make${r.culprits.length === 1 ? 's' : ''} the finding ${becomes(r).makes} in GOOD`,
      ...r.culprits.map((i) => `  ${String(i + 1).padStart(3)}  ${style.bold(culpritText(r, i))}`),
    ]),
    ...(r.enabling.length > 0 ? [
      `needed only for a loadable intermediate (without ${r.enabling.length === 1 ? 'it' : 'them'} the intermediates are rejected or cannot be judged):`,
      ...r.enabling.map((i) => `  ${String(i + 1).padStart(3)}  ${escapeText(editLine(r, i))}`),
    ] : []),
    style.dim(`${plural(r.replays, 'replay')}; ${plural(r.unresolved, 'intermediate')} skipped: ${r.unloadable} rejected by the loader, ${r.unjudged} stopped before setup_arch`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The JSON answer when there is nothing to bisect (BAD has no finding GOOD
 * lacks, the asked-for finding is in GOOD too, or every edit applied does
 * not give it): `finding` null, `nothing_to_bisect` saying why (the text
 * output's line), and no culprits, so a script that reads `culprits` needs
 * no second case. No script or counts: the search never started.
 */
export function formatNothingToBisectJson(good: string, bad: string, why: string): string {
  const out = {
    version: BISECT_REPORT_VERSION, good, bad, finding: null, nothing_to_bisect: why,
    culprits: [], enabling: [],
  };
  return jsonText(out);
}

/**
 * The JSON answer when GOOD or BAD did not load (exit 2): as with nothing to
 * bisect, `finding` null and no culprits (the search never started), and
 * `problems`, the input problems as run's JSON report writes them
 * (problemsJson), in the order stderr lists them.
 */
export function formatBisectProblemsJson(good: string, bad: string, problems: readonly InputProblem[]): string {
  return jsonText({ version: BISECT_REPORT_VERSION, good, bad, finding: null, culprits: [], enabling: [], problems: problemsJson(problems) });
}

export function formatBisectJson(good: string, bad: string, r: BisectReport): string {
  const f = r.finding;
  const out = {
    version: BISECT_REPORT_VERSION,
    good,
    bad,
    finding: {
      rule: f.rule, severity: f.severity, key: r.key, step: f.step.name, index: f.step.index,
      file: fileOf({ file: r.badFile }, f.pos), line: f.pos.line, column: f.pos.col, message: f.message,
      ...(r.severityInGood !== undefined ? { severity_in_good: r.severityInGood } : {}),
      ...(r.movedTo !== undefined ? { subject_in_intermediate: r.movedTo } : {}),
    },
    script: r.script.map((_, i) => editJson(r, i)),
    culprits: r.culprits.map((i) => {
      const a = r.anchored.get(i);
      return { edit: i + 1, ...editJson(r, i), ...(a !== undefined ? { inIntermediate: editData(a) } : {}), ...(r.inseparable.has(i) ? { inseparable: true } : {}) };
    }),
    enabling: r.enabling.map((i) => ({ edit: i + 1, ...editJson(r, i) })),
    ...(r.stopped !== undefined ? {
      stopped: {
        reason: `the search stopped at the limit of its work: ${CLOSER}`,
        limit: r.stopped.limit, events: r.stopped.events,
        appears_with: r.stopped.appearsWith.map((i) => {
          const a = r.anchored.get(i);
          return { edit: i + 1, ...editJson(r, i), ...(a !== undefined ? { inIntermediate: editData(a) } : {}) };
        }),
      },
    } : {}),
    replays: r.replays,
    unresolved: r.unresolved,
    unloadable: r.unloadable,
    unjudged: r.unjudged,
  };
  return jsonText(out);
}

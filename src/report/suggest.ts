/**
 * `bootreplay suggest` output: text for people, JSON (format version 1) for
 * tools. Formatters only arrange what src/compare/suggest.ts computed.
 */
import { escapeText } from '../escape.js';
import { keyCalls } from '../rules/identity.js';
import type { Boundary, CallReport, Found, SuggestReport, Window } from '../compare/suggest.js';
import { stepLabel } from '../compare/slot-text.js';
import { editData, editText } from '../scenario/order-edit.js';
import { variantLabel, type Step } from '../scenario/types.js';
import type { Style } from './text.js';
import { unsupportedJson, unsupportedLines } from './unsupported.js';
import { plural } from './plural.js';
import { jsonText } from './json-text.js';
import { problemsJson } from './json.js';
import type { InputProblem } from '../scenario/problems.js';

export const SUGGEST_REPORT_VERSION = 1;

/** "hypervisor=vmi,pae=true" out of "file.yaml[hypervisor=vmi,pae=true]" when all machines come from one file. */
function shortNames(r: SuggestReport): (name: string) => string {
  return (name) => variantLabel(name, r.file);
}

export function formatSuggestText(reports: readonly SuggestReport[], style: Style): string {
  return `${reports.map((r) => reportText(r, style)).join('\n')}`;
}

function reportText(r: SuggestReport, style: Style): string {
  // machine names carry --set values and variant values: user text
  const shortName = shortNames(r);
  const short = (m: string): string => escapeText(shortName(m));
  const on = (ms: readonly string[]): string => (ms.length === r.machines.length ? '' : style.dim(` [on ${ms.map(short).join('; ')}]`));
  const sev = (f: Found): string => (f.severity === 'error' ? style.error('error') : f.severity === 'info' ? style.dim('info') : f.harmless ? 'harmless' : style.warning('warning'));
  // a finding's lines: one, or one per wording when the machines word it differently (their addresses differ)
  const found = (f: Found): string[] => {
    // two findings of one rule and the same calls (a call listed twice) have the same words: their rank tells them apart
    const line = (message: string | undefined, machines: readonly string[]): string =>
      `${sev(f)} ${style.bold(f.rule)}${message !== undefined ? `: ${escapeText(message)}` : ''}${rankText(f.key)}${on(machines)}`;
    return f.messages !== undefined ? f.messages.map((m) => line(m.message, m.machines)) : [line(f.message, f.machines)];
  };
  // a finding by its identity (one that holds wherever the call goes has no words of one position): the rank once, in keyText
  const named = (f: Found): string => `${sev(f)} ${style.bold(f.rule)} ${keyText(f)}`.trimEnd() + on(f.machines);
  const lines: string[] = [];
  lines.push(style.bold(r.machines.length === 1 ? `suggest ${escapeText(r.machines[0] ?? '')}` : `suggest over ${plural(r.machines.length, 'machine')}: ${r.machines.map(short).join('; ')}`));
  for (const l of unsupportedLines(r.unsupported, style)) lines.push(l);
  if (r.targets.length > 0) {
    lines.push('errors:');
    for (const t of r.targets) lines.push(`  ${style.bold(t.rule)}: ${t.steps.map(stepLabel).join(', ')}${subjectText(t.key)}${on(t.machines)}`);
  } else if (r.calls.length === 0) {
    lines.push(r.unplaceable.length > 0
      ? `no error that moving a call of setup_arch() can touch: ${r.unplaceable.map((u) => `${u.rule}${keyCalls(u.key).length > 0 ? ` is about ${keyCalls(u.key).join(', ')} only` : ' names no call'}`).join('; ')} (name a call with --call)`
      : 'no error finding: nothing to place (name a call with --call)');
  }
  for (const c of r.calls) {
    lines.push('');
    for (const l of callText(c, found, named, on, style)) lines.push(l);
  }
  if (r.pairs !== undefined) {
    const p = r.pairs;
    lines.push('');
    // the rank after the calls, as keyText says it: inside them it read as one more call
    const which = p.stuck.map((t) => `${t.rule} (${[...t.steps.map((x) => x.call), ...aboutWords(t.key)].join(', ')})${rankText(t.key)}`).join(', ');
    lines.push(p.reason === 'together'
      ? `no single move removes all ${plural(p.stuck.length, 'error')} at once: ${which}`
      : `no single move removes ${which}${on(p.stuck.flatMap((t) => t.machines).filter((m, i, a) => a.indexOf(m) === i))}`);
    // not "it does not depend on the order": a call the order lacks may fix it (run -v replays inserting the ones a finding names)
    if (p.calls.length < 2) lines.push(`  and there is no second call to move with ${p.calls.join('')}: no position of the calls the order has removes it; run -v tries inserting a call the finding names as missing`);
    // nothing tried: the command's work was spent by earlier machines, which "none removes them" would hide (break-209 F2)
    else if (p.tried === 0 && p.stopped) lines.push(`  moves of two of ${p.calls.join(', ')}: none tried, the limit of the command's work was reached before them; reason over fewer machines at once to search them`);
    else {
      lines.push(`  moves of two of ${p.calls.join(', ')} (${p.tried} orders tried${p.stopped ? ', stopped at the limit' : ''}):`);
      if (p.moves.length === 0) lines.push(`    none removes ${p.stuck.length === 1 ? 'it' : 'them'} without adding an error either${p.stopped ? ' (within the limit)' : ''}`);
    }
    for (const m of p.moves) {
      const w = m.warnings.length === 0 ? 'no warning' : m.warnings.map((x) => `${x.rule}${x.harmless ? ' (harmless here)' : ''}`).join(', ');
      lines.push(`    ${m.edits.map(editText).join(', then ')}  ${style.dim(`(${w})`)}`);
    }
  }
  lines.push('');
  lines.push(style.dim(`${plural(r.replays, 'replay')}`));
  return `${lines.join('\n')}\n`;
}

/** @param on " [on cmdline=noefi]" for a finding some of the machines have, '' for one they all have */
function callText(c: CallReport, found: (f: Found) => string[], named: (f: Found) => string, on: (machines: readonly string[]) => string, style: Style): string[] {
  const lines: string[] = [];
  const head = style.bold(stepLabel(c.call));
  // errors that hold wherever the call goes are not about its position: counted apart, never as window errors
  const errors = c.everywhere.filter((e) => e.severity === 'error').length;
  const warnings = c.everywhere.length - errors;
  const counted = [...(errors > 0 ? [plural(errors, 'error')] : []), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])].join(' and ');
  const apart = c.everywhere.length === 0 ? '' : ` (and ${counted} wherever it goes, below)`;
  if (c.windows.length === 0) lines.push(`${head}: no position without an error that depends on where it is${apart}`);
  else lines.push(`${head}: ${plural(c.windows.length, 'window')} without an error that depends on where it is${apart}`);
  for (const e of c.everywhere) lines.push(`  wherever it goes: ${named(e)}`);
  for (const w of c.windows) for (const l of windowText(w, c.call, found, style)) lines.push(l);
  for (const b of c.blocked) {
    // each with the machines it breaks on, as window findings are (break-290 N4: read as breaking on every machine)
    lines.push(`  ${b.text}: ${b.findings.map((f) => `${f.rule} ${keyText(f)}${on(f.machines)}`).join(', ')}`);
  }
  if (c.blockedMore > 0) lines.push(`  … and ${plural(c.blockedMore, 'more run')} of positions`);
  return lines;
}

/**
 * Headers name steps by the file's numbering; the messages below them are the
 * rules' words on the replayed order, whose numbers differ once the call has
 * moved: the header says which step the call is there.
 */
function boundaryText(side: 'below' | 'above', b: Boundary, call: Step, found: (f: Found) => string[]): string[] {
  const where = side === 'below' ? `earlier, before ${stepLabel(b.call)}` : `later, after ${stepLabel(b.call)}`;
  return [`    ${where} (messages number that order, where ${call.call} is step ${b.slot + 1}):`, ...b.findings.flatMap((f) => found(f).map((l) => `      ${l}`))];
}

/**
 * "(init_memory_mapping, vmi_init)", "(efi_init) (#2)": a finding by its identity, for long lists (after
 * its rule).
 */
function keyText(f: { readonly key: string }): string {
  const [, ...parts] = f.key.split('|');
  // calls (an implicit step as "head_32 (before setup_arch)", as run names it), then what the finding is
  // about (its subject); its rank among equal findings apart, as the errors: header says it (rankText),
  // since "(efi_init, #2)" reads as a second call (break-196 5)
  const words = parts.filter((p) => !RANK.test(p)).map((p) => (isSubject(p) ? aboutText(p) : p.replace(/@0$/, ' (before setup_arch)')));
  return `${words.length > 0 ? `(${words.join(', ')})` : ''}${rankText(f.key)}`.trimStart();
}

/** The last part of an identity key that ranks a finding among equal ones: `#2` (rules/identity.ts). */
const RANK = /^#\d+$/;

/** " (#2)" for the second of equal findings (its key ends `|#2`), as the errors: header and a finding's line say it; '' for the first. */
function rankText(key: string): string {
  const last = key.slice(key.lastIndexOf('|') + 1);
  return key.includes('|') && RANK.test(last) ? ` (${last})` : '';
}

/** A warning in a window's list: its rule, and the calls it names ("missing-prerequisite (io_delay_init, dmi_scan_machine, about dmi)"): one rule appears several times in a list. */
function warningName(f: Found): string {
  return `${f.rule} ${keyText(f)}`.trimEnd();
}

/** " (about L2 0xffffffc000a00000)", " (#2)": what tells apart two findings of one rule and the same calls. */
function subjectText(key: string): string {
  const words = key.split('|').slice(1).flatMap((p) => (isSubject(p) ? [aboutText(p)] : p.startsWith('#') ? [p] : []));
  return words.length > 0 ? ` (${words.join(', ')})` : '';
}

/** Whether a part of an identity key is what the finding is about (`(memblock)`), not a call or a rank. */
function isSubject(part: string): boolean {
  return part.startsWith('(') && part.endsWith(')');
}

/** "about memblock" for the key part `(memblock)`. */
function aboutText(part: string): string {
  return `about ${part.slice(1, -1)}`;
}

/** "about memblock" for each subject part of an identity key: said with its calls, as keyText says them. */
function aboutWords(key: string): string[] {
  return key.split('|').slice(1).filter(isSubject).map(aboutText);
}

function windowText(w: Window, call: Step, found: (f: Found) => string[], style: Style): string[] {
  const positions = w.hi - w.lo + 1;
  const free = w.parts.filter((p) => p.warningFree);
  const lines = [`  ${style.bold(w.text)}: ${plural(positions, 'position')}${w.current ? ' (the call is already there)' : ''}`
    + (free.length === 0 ? `; no warning-free part` : '')];
  for (const p of w.parts) {
    const hazards = p.warnings.filter((x) => !x.harmless);
    const harmless = p.warnings.filter((x) => x.harmless);
    const what = [
      p.warningFree ? style.pass('warning-free') : `warnings: ${hazards.map(warningName).join(', ')}`,
      ...(harmless.length > 0 ? [`harmless here: ${harmless.map(warningName).join(', ')}`] : []),
    ].join('; ');
    if (w.parts.length > 1 || p.warnings.length > 0) lines.push(`    ${w.parts.length > 1 ? `${p.text}: ` : ''}${what}`);
  }
  if (w.below !== undefined) for (const l of boundaryText('below', w.below, call, found)) lines.push(l);
  if (w.above !== undefined) for (const l of boundaryText('above', w.above, call, found)) lines.push(l);
  if (w.move !== undefined && w.adds === undefined) lines.push(`    ${style.bold('fix')}: ${editText(w.move)} ${style.dim('(replayed on every machine)')}`);
  // run's fix search refuses a move that adds a missing prerequisite (or an error): not a fix, and said why
  else if (w.move !== undefined && w.adds !== undefined) lines.push(`    no fix: ${editText(w.move)} adds ${w.adds.map((a) => `${warningName(a)}${a.severity === 'warning' ? ' (warning)' : ''}`).join(', ')} wherever it goes in this window`);
  return lines;
}

function stepJson(s: Step): { call: string; index: number } {
  return { call: s.call, index: s.index };
}

function foundJson(f: Found): unknown {
  return { rule: f.rule, key: f.key, severity: f.severity, ...(f.harmless ? { harmless: true } : {}), machines: f.machines, ...(f.message !== undefined ? { message: f.message } : {}), ...(f.messages !== undefined ? { messages: f.messages } : {}) };
}

export function formatSuggestJson(reports: readonly SuggestReport[]): string {
  const out = {
    version: SUGGEST_REPORT_VERSION,
    reports: reports.map((r) => ({
      machines: r.machines,
      ...(r.unsupported.length > 0 ? { unsupported: unsupportedJson(r.unsupported) } : {}),
      errors: r.targets.map((t) => ({ rule: t.rule, key: t.key, steps: t.steps.map(stepJson), machines: t.machines })),
      ...(r.unplaceable.length > 0 ? { notAboutOrder: r.unplaceable.map((u) => ({ rule: u.rule, key: u.key, machines: u.machines })) } : {}),
      calls: r.calls.map((c) => ({
        ...stepJson(c.call),
        everywhere: c.everywhere.map(foundJson),
        windows: c.windows.map((w) => ({
          from: w.lo, to: w.hi, text: w.text, positions: w.hi - w.lo + 1, current: w.current,
          parts: w.parts.map((p) => ({ from: p.lo, to: p.hi, text: p.text, warningFree: p.warningFree, warnings: p.warnings.map(foundJson) })),
          ...(w.below !== undefined ? { below: { ...stepJson(w.below.call), movedIndex: w.below.slot + 1, findings: w.below.findings.map(foundJson) } } : {}),
          ...(w.above !== undefined ? { above: { ...stepJson(w.above.call), movedIndex: w.above.slot + 1, findings: w.above.findings.map(foundJson) } } : {}),
          ...(w.move !== undefined && w.adds === undefined ? { fixEdits: [editData(w.move)] } : {}),
          // a move into the window that is no fix: what it adds (run's fix search refuses it)
          ...(w.move !== undefined && w.adds !== undefined ? { refusedMove: { edits: [editData(w.move)], adds: w.adds.map(foundJson) } } : {}),
        })),
        blocked: c.blocked.map((b) => ({ from: b.lo, to: b.hi, text: b.text, findings: b.findings.map(foundJson) })),
      })),
      ...(r.pairs !== undefined ? {
        pairs: { reason: r.pairs.reason, stuck: r.pairs.stuck.map((t) => t.key), calls: r.pairs.calls, replays: r.pairs.tried, stopped: r.pairs.stopped, moves: r.pairs.moves.map((m) => ({ fixEdits: m.edits.map(editData), warnings: m.warnings.map(foundJson) })) },
      } : {}),
      replays: r.replays,
    })),
  };
  return jsonText(out);
}

/**
 * The suggest report when the inputs did not load (exit 2): no answer (`reports` empty) and `problems`, the
 * input problems as run's JSON report writes them (problemsJson), in the order stderr lists them.
 */
export function formatSuggestProblemsJson(problems: readonly InputProblem[]): string {
  return jsonText({ version: SUGGEST_REPORT_VERSION, reports: [], problems: problemsJson(problems) });
}

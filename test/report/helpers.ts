/**
 * Reports built the way `bootreplay run` builds them (load → replay → rules →
 * evidence → gates), in process, for the formatter tests.
 */
import { ReplayEngine } from '../../src/compare/engine.js';
import { withVerifiedFixes } from '../../src/compare/fix-hints.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVariants } from '../../src/scenario/loader.js';
import { memoryReader } from '../../src/scenario/compose/reader.js';
import { replayWith } from '../../src/replay/replay.js';
import { markAfterHalt, searchBeforeHalt } from '../../src/report/halt-point.js';
import { check } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { evidenceOf } from '../../src/report/evidence.js';
import { resultOf } from '../../src/report/result.js';
import { fileUnmet, fileUnusedAllows, gateResult, type GateOptions } from '../../src/gate/gate.js';
import type { AbsentFinding, GatedResult, Report } from '../../src/gate/types.js';
import type { FormatContext } from '../../src/report/format-context.js';
import { PLAIN } from '../../src/report/text.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RC1_VMI = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';

export function shipped(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** The scenario text without its expect: block (the findings then count). */
export function withoutExpect(text: string): string {
  // the list's items and the comment lines between them (2.6.30-reservetop.yaml explains its ACPI entries)
  return text.replace(/^expect:[^\n]*\n(?: {2}(?:- |#)[^\n]*\n)*/m, '');
}

export interface Input {
  readonly file: string;
  readonly text: string;
  /** changes the findings before evidence and gates (e.g. adds fixEdits) */
  readonly edit?: (findings: Finding[]) => Finding[];
  /** other files it may `extends:` (name → text) */
  readonly files?: Readonly<Record<string, string>>;
}

/** Builds the gated report of scenario texts; throws on input problems. */
export function reportOf(inputs: readonly Input[], options: GateOptions = { noAllow: false }): Report {
  const { results, absent } = gatedEach(inputs, options);
  // as run does: a matrix's unused allow: entries once per file, its unmet expect: entries told where they are met
  return { results: fileUnusedAllows(fileUnmet(results)), problems: [], baseline: options.baseline !== undefined, absent };
}

/** Each scenario and variant gated on its own (gateResult), before run's once-per-file pass over unused allows. */
export function gatedEach(inputs: readonly Input[], options: GateOptions = { noAllow: false }): { results: GatedResult[]; absent: AbsentFinding[] } {
  const results: GatedResult[] = [];
  const absent: AbsentFinding[] = [];
  // every variant of a matrix, as run replays them
  const loads = inputs.flatMap((input) => {
    const r = parseVariants(input.text, input.file, input.files === undefined ? undefined : memoryReader(input.files));
    if (!r.ok) throw new Error(`${input.file}: ${JSON.stringify(r.problems)}`);
    return r.variants.map((v) => {
      if (!v.ok) throw new Error(`${input.file}[${v.variant}]: ${JSON.stringify(v.problems)}`);
      return { input, loaded: { plugin: r.plugin, scenario: v.scenario } };
    });
  });
  for (const { input, loaded } of loads) {
    const trace = replayWith(loaded.plugin, loaded.scenario);
    // as `run` does for every format but plain text: fixes are replayed and verified first
    // and a finding after one that halts the kernel is marked and not searched (halt-point.ts)
    const raw = searchBeforeHalt(markAfterHalt(check(trace, loaded.plugin)), (reached) => withVerifiedFixes(new ReplayEngine(loaded.plugin, loaded.scenario), reached));
    const findings = input.edit === undefined ? raw : input.edit(raw);
    const r = gateResult(resultOf(loaded.plugin, trace, findings, evidenceOf(loaded.plugin, trace, findings)),
      { expect: loaded.scenario.expect ?? [], allow: loaded.scenario.allow ?? [] }, options);
    results.push(r.result);
    absent.push(...r.absent);
  }
  return { results, absent };
}

export const CTX: FormatContext = {
  verbose: true,
  layout: false,
  style: PLAIN,
  version: '0.0.0-test',
  artifactUri: (file) => file.split('/').map(encodeURIComponent).join('/'),
};

/** A SARIF replacement: a deletedRegion (1-based, the end exclusive) and its insertedContent. */
export interface RegionEdit {
  readonly deletedRegion: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
  readonly insertedContent: { readonly text: string };
}

/**
 * Applies a SARIF artifactChange's replacements as a strict consumer does:
 * each region is of the text as written, applied from the last to the
 * first; a region must lie within the text's lines (a line is what ends in a
 * line break, or the text after the last one when it has none; a column at
 * most the line's length + 1, before its CR LF or LF). Throws otherwise.
 */
export function applyRegions(text: string, replacements: readonly RegionEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (text.endsWith('\n')) starts.pop();
  const offset = (line: number, col: number): number => {
    const start = starts[line - 1];
    if (start === undefined) throw new Error(`line ${line} is past the last line (${starts.length})`);
    const next = starts[line] ?? text.length + 1;
    const content = text.slice(start, Math.max(start, next - 1)).replace(/\r$/, '');
    const lineText = starts[line] === undefined ? text.slice(start).replace(/\r?\n$/, '') : content;
    if (col < 1 || col > lineText.length + 1) throw new Error(`column ${col} is past the end of line ${line} (${lineText.length} characters)`);
    return start + col - 1;
  };
  let out = text;
  let before = Infinity;
  for (const r of [...replacements].reverse()) {
    const { startLine, startColumn, endLine, endColumn } = r.deletedRegion;
    const from = offset(startLine, startColumn);
    const to = offset(endLine, endColumn);
    if (to < from || to >= before) throw new Error(`replacement at ${startLine}:${startColumn} overlaps the next or is reversed`);
    before = from;
    out = out.slice(0, from) + r.insertedContent.text + out.slice(to);
  }
  return out;
}

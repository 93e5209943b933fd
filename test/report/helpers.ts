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
import { check } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { evidenceOf } from '../../src/report/evidence.js';
import { resultOf } from '../../src/report/result.js';
import { fileUnusedAllows, gateResult, type GateOptions } from '../../src/gate/gate.js';
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
  return text.replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
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
  // as run does: a matrix's unused allow: entries once per file
  return { results: fileUnusedAllows(results), problems: [], baseline: options.baseline !== undefined, absent };
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
    const raw = withVerifiedFixes(new ReplayEngine(loaded.plugin, loaded.scenario), check(trace, loaded.plugin));
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

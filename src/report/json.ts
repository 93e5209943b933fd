/**
 * The JSON report, format version 1 (DESIGN §6). Field order is fixed and no
 * timestamps or absolute paths appear, so the same input gives the same bytes.
 */
import type { InputProblem } from '../scenario/problems.js';
import { editData } from '../scenario/order-edit.js';
import { hex } from '../units.js';
import { totals, type ScenarioResult } from './result.js';

export const REPORT_VERSION = 1;

/** A finding as the JSON report writes it (also `diff --format json`). */
export function findingJson(f: ScenarioResult['findings'][number]): unknown {
  const addresses: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.addresses)) addresses[k] = hex(v);
  return {
    rule: f.rule,
    severity: f.severity,
    step: f.step.name,
    index: f.step.index,
    // only for a finding in another file than the result's (a base of a derived scenario)
    ...(f.pos.file !== undefined ? { file: f.pos.file } : {}),
    line: f.pos.line,
    column: f.pos.col,
    message: f.message,
    related: f.related.map((r) => ({
      step: r.step.name, index: r.step.index, ...(r.step.pos.file !== undefined ? { file: r.step.pos.file } : {}), line: r.step.pos.line, column: r.step.pos.col, role: r.role,
    })),
    ...(f.slot !== undefined ? { slot: f.slot } : {}),
    addresses,
    consequence: f.consequence,
    fix: f.fix,
    ...(f.fixEdits !== undefined ? { fixEdits: f.fixEdits.map(editData) } : {}),
    ...(f.harmless === true ? { harmless: true } : {}),
  };
}

function resultJson(r: ScenarioResult): unknown {
  return {
    file: r.file,
    ...(r.variant !== undefined ? { variant: r.variant } : {}),
    name: r.name,
    kernel: r.kernel,
    ...r.fields,
    status: r.status,
    findings: r.findings.map(findingJson),
    layout: r.layoutJson,
  };
}

export function formatJson(results: readonly ScenarioResult[], problems: readonly InputProblem[]): string {
  const t = totals(results);
  const report = {
    version: REPORT_VERSION,
    results: results.map(resultJson),
    summary: { scenarios: t.scenarios, failed: t.failed, passed: t.scenarios - t.failed, errors: t.errors, warnings: t.warnings },
    problems: problems.map((p) => ({ file: p.file, ...(p.variant !== undefined ? { variant: p.variant } : {}), line: p.line ?? null, column: p.col ?? null, message: p.message })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The JSON report, format version 1 (DESIGN §6). Field order is fixed and no
 * timestamps or absolute paths appear, so the same input gives the same bytes.
 */
import type { InputProblem } from '../scenario/problems.js';
import { hex } from '../units.js';
import { totals, type ScenarioResult } from './result.js';

export const REPORT_VERSION = 1;

function findingJson(f: ScenarioResult['findings'][number]): unknown {
  const addresses: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.addresses)) addresses[k] = hex(v);
  return {
    rule: f.rule,
    severity: f.severity,
    step: f.step.name,
    index: f.step.index,
    line: f.pos.line,
    column: f.pos.col,
    message: f.message,
    related: f.related.map((r) => ({ step: r.step.name, index: r.step.index, line: r.step.pos.line, column: r.step.pos.col, role: r.role })),
    ...(f.slot !== undefined ? { slot: f.slot } : {}),
    addresses,
    consequence: f.consequence,
    fix: f.fix,
  };
}

function resultJson(r: ScenarioResult): unknown {
  return {
    file: r.file,
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
    problems: problems.map((p) => ({ file: p.file, line: p.line ?? null, column: p.col ?? null, message: p.message })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

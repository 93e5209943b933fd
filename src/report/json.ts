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
  const l = r.layout;
  return {
    file: r.file,
    name: r.name,
    kernel: r.kernel,
    hypervisor: r.hypervisor,
    status: r.status,
    findings: r.findings.map(findingJson),
    layout: {
      FIXADDR_TOP: hex(l.FIXADDR_TOP),
      FIXADDR_START: hex(l.FIXADDR_START),
      FIXADDR_BOOT_START: hex(l.FIXADDR_BOOT_START),
      PKMAP_BASE: l.PKMAP_BASE === null ? null : hex(l.PKMAP_BASE),
      VMALLOC_START: hex(l.VMALLOC_START),
      VMALLOC_END: hex(l.VMALLOC_END),
      high_memory: hex(l.high_memory),
      max_low_pfn: l.max_low_pfn,
      __VMALLOC_RESERVE: hex(r.vmallocReserve),
      relocations: r.relocations.map((x) => ({ step: x.step, index: x.index, from: hex(x.from), to: hex(x.to) })),
      regions: l.regions.map((g) => ({ name: g.name, start: hex(g.start), end: hex(g.end) })),
    },
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

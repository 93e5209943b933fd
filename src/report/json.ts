/**
 * The JSON report, format version 1 (DESIGN §6). Field order is fixed and no
 * timestamps or absolute paths appear, so the same input gives the same bytes.
 */
import type { InputProblem } from '../scenario/problems.js';
import { hexAddress } from './hex.js';
import { totals, type ScenarioResult } from './result.js';

export const REPORT_VERSION = 1;

function findingJson(f: ScenarioResult['findings'][number]): unknown {
  const addresses: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.addresses)) addresses[k] = hexAddress(v);
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
      FIXADDR_TOP: hexAddress(l.FIXADDR_TOP),
      FIXADDR_START: hexAddress(l.FIXADDR_START),
      FIXADDR_BOOT_START: hexAddress(l.FIXADDR_BOOT_START),
      PKMAP_BASE: l.PKMAP_BASE === null ? null : hexAddress(l.PKMAP_BASE),
      VMALLOC_START: hexAddress(l.VMALLOC_START),
      VMALLOC_END: hexAddress(l.VMALLOC_END),
      high_memory: hexAddress(l.high_memory),
      max_low_pfn: l.max_low_pfn,
      __VMALLOC_RESERVE: hexAddress(r.vmallocReserve),
      relocations: r.relocations.map((x) => ({ step: x.step, index: x.index, from: hexAddress(x.from), to: hexAddress(x.to) })),
      regions: l.regions.map((g) => ({ name: g.name, start: hexAddress(g.start), end: hexAddress(g.end) })),
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

/**
 * One replayed scenario, as the formatters see it: findings plus the final
 * layout. Built from a trace; formatters never compute anything else.
 */
import type { Layout } from '../arch/x86_32/layout.js';
import type { Trace } from '../replay/replay.js';
import type { Finding } from '../rules/types.js';

export interface ScenarioResult {
  readonly file: string;
  readonly name: string;
  readonly kernel: string;
  readonly hypervisor: string;
  readonly pae: boolean;
  readonly memory: number;
  readonly status: 'pass' | 'fail';
  readonly findings: readonly Finding[];
  readonly layout: Layout;
  readonly vmallocReserve: number;
  readonly relocations: readonly { readonly step: string; readonly index: number; readonly from: number; readonly to: number }[];
}

export function resultOf(trace: Trace, findings: readonly Finding[]): ScenarioResult {
  const s = trace.scenario;
  const relocations = [];
  for (const e of trace.events) {
    if (e.kind === 'relocation') relocations.push({ step: e.step.name, index: e.step.index, from: e.oldTop, to: e.newTop });
  }
  return {
    file: s.file,
    name: s.name,
    kernel: s.kernel.text,
    hypervisor: s.machine.hypervisor,
    pae: s.config.pae,
    memory: s.machine.memory,
    status: findings.some((f) => f.severity === 'error') ? 'fail' : 'pass',
    findings,
    layout: trace.layout,
    vmallocReserve: trace.final.vmallocReserve,
    relocations,
  };
}

export interface Totals {
  readonly scenarios: number;
  readonly failed: number;
  readonly errors: number;
  readonly warnings: number;
}

export function totals(results: readonly ScenarioResult[]): Totals {
  let failed = 0;
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    if (r.status === 'fail') failed++;
    for (const f of r.findings) f.severity === 'error' ? errors++ : warnings++;
  }
  return { scenarios: results.length, failed, errors, warnings };
}

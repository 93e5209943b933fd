/**
 * One replayed scenario, as the formatters see it: findings, the final
 * layout, and the architecture's labels and renderings of it. Built from a
 * trace; formatters never compute anything else.
 */
import type { ArchPlugin } from '../arch/types.js';
import type { Layout, Trace } from '../replay/trace.js';
import type { Finding } from '../rules/types.js';

export interface ScenarioResult {
  readonly file: string;
  /** the variant's name when the scenario is one variant of a matrix (see displayName) */
  readonly variant?: string | undefined;
  readonly name: string;
  readonly arch: string;
  readonly kernel: string;
  /** the architecture's labels, e.g. ["vmi", "PAE"] */
  readonly tags: readonly string[];
  /** extra JSON fields after `kernel` (e.g. hypervisor) */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
  readonly status: 'pass' | 'fail';
  readonly findings: readonly Finding[];
  readonly layout: Layout;
  /** the architecture's `layout` object for the JSON report */
  readonly layoutJson: unknown;
  /** the architecture's `run --layout` map */
  readonly layoutText: { readonly head: string; readonly rows: readonly string[] };
}

export function resultOf(plugin: ArchPlugin, trace: Trace, findings: readonly Finding[]): ScenarioResult {
  const s = trace.scenario;
  const summary = plugin.summary(s);
  return {
    file: s.file,
    variant: s.variant,
    name: s.name,
    arch: s.arch,
    kernel: s.kernel.text,
    tags: summary.tags,
    fields: summary.fields,
    status: findings.some((f) => f.severity === 'error') ? 'fail' : 'pass',
    findings,
    layout: trace.layout,
    layoutJson: plugin.layoutJson(trace),
    layoutText: plugin.layoutText(trace),
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

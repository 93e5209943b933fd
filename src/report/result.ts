/**
 * One replayed scenario, as the formatters see it: findings, the final
 * layout, and the architecture's labels and renderings of it. Built from a
 * trace; formatters never compute anything else.
 */
import type { ArchPlugin } from '../arch/types.js';
import type { Layout, StepRef, Trace } from '../replay/trace.js';
import type { Finding } from '../rules/types.js';
import type { Evidence } from './evidence.js';

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
  /** the replay's steps (implicit first), which name a finding's calls (findingKey) */
  readonly steps: readonly StepRef[];
  readonly layout: Layout;
  /** the architecture's `layout` object for the JSON report */
  readonly layoutJson: unknown;
  /** the architecture's `run --layout` map */
  readonly layoutText: { readonly head: string; readonly rows: readonly string[] };
  /** finding paths and layout maps, for the formats that show them (sarif, html); see evidence.ts */
  readonly evidence?: Evidence | undefined;
  /** `run --layout=ptdump`: the page-table dump, when asked for and the architecture has one */
  readonly ptdumpText?: { readonly head: string; readonly rows: readonly string[] } | undefined;
}

/**
 * @param evidence computed by evidenceOf() when the output format shows paths or maps
 * @param views extra renderings to build (the page-table dump walks every PMD, so only on request)
 */
export function resultOf(plugin: ArchPlugin, trace: Trace, findings: readonly Finding[], evidence?: Evidence, views: { ptdump?: boolean } = {}): ScenarioResult {
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
    steps: trace.steps,
    layout: trace.layout,
    layoutJson: plugin.layoutJson(trace),
    layoutText: plugin.layoutText(trace),
    evidence,
    ptdumpText: views.ptdump === true ? plugin.ptdump?.(trace) : undefined,
  };
}

/**
 * One replayed scenario, as the formatters see it: findings, the final
 * layout, and the architecture's labels and renderings of it. Built from a
 * trace; formatters never compute anything else.
 */
import type { ArchPlugin } from '../arch/types.js';
import { haltView } from './halt-point.js';
import { noLayoutReason, type Layout, type StepRef, type Trace } from '../replay/trace.js';
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
  /** the trace's final layout; with `noLayout`, the state before any step (only the evidence timeline's first point) */
  readonly layout: Layout;
  /**
   * why the scenario has no final layout to show (noLayoutReason(): its replay halted before
   * setup_arch(); HaltView.noLayout: a finding halts the kernel before setup_arch()); then layoutJson
   * is null and layoutText and ptdumpText are undefined
   */
  readonly noLayout?: string | undefined;
  /**
   * the architecture's `layout` object for the JSON report; null with `noLayout`, undefined when not asked
   * for (LayoutViews.json). When a finding halts the
   * kernel, it is of the order up to that step, as layoutText is, and `layoutWhen` says so
   */
  readonly layoutJson: unknown;
  /** when a finding halts the kernel: the words for when layoutJson/layoutText are taken (HaltView.when), e.g. "when step 10 kasan_init halts the kernel (kasan-shadow-fault), without the 5 steps after it" */
  readonly layoutWhen?: string | undefined;
  /**
   * the architecture's `run --layout` map; undefined with `noLayout` or when not asked for (LayoutViews.map). When a finding halts the kernel, the map (and
   * ptdumpText) is of the order up to that step, and its head says so (src/report/halt-point.ts)
   */
  readonly layoutText?: { readonly head: string; readonly rows: readonly string[] } | undefined;
  /** finding paths and layout maps, for the formats that show them (sarif, html); see evidence.ts */
  readonly evidence?: Evidence | undefined;
  /** `run --layout=ptdump`: the page-table dump, when asked for, the architecture has one and the replay ran */
  readonly ptdumpText?: { readonly head: string; readonly rows: readonly string[] } | undefined;
}

/**
 * Which renderings of the final layout a result carries: each walks the whole model (every table
 * of a page-table model, every region), so a run builds only what its output shows.
 */
export interface LayoutViews {
  /** layoutJson, for the JSON report */
  readonly json?: boolean;
  /** layoutText, the map of `run --layout` (and its fallback when the architecture has no page-table dump) */
  readonly map?: boolean;
  /** ptdumpText, `run --layout=ptdump` */
  readonly ptdump?: boolean;
}

/** The renderings a result carries when its caller does not say: the JSON layout and the map. */
export const DEFAULT_VIEWS: LayoutViews = { json: true, map: true };

/**
 * @param evidence computed by evidenceOf() when the output format shows paths or maps
 * @param views the layout renderings to build (a rendering not asked for is undefined)
 */
export function resultOf(plugin: ArchPlugin, trace: Trace, findings: readonly Finding[], evidence?: Evidence, views: LayoutViews = DEFAULT_VIEWS): ScenarioResult {
  const s = trace.scenario;
  const summary = plugin.summary(s);
  // a boot that a finding halts has no "after boot": show the state at the halt (none before setup_arch())
  const view = noLayoutReason(trace) === undefined ? haltView(plugin, trace, findings) : undefined;
  const noLayout = noLayoutReason(trace) ?? view?.noLayout;
  const halt = noLayout === undefined ? view : undefined;
  const shown = halt?.trace ?? trace;
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
    noLayout,
    layoutJson: noLayout !== undefined ? null : views.json === true ? plugin.layoutJson(shown) : undefined,
    layoutWhen: halt?.when,
    layoutText: noLayout === undefined && views.map === true ? plugin.layoutText(shown, halt?.when) : undefined,
    evidence,
    ptdumpText: views.ptdump === true && noLayout === undefined ? plugin.ptdump?.(shown, halt?.when) : undefined,
  };
}

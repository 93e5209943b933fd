/**
 * `bootreplay steps [--arch A] [--kernel V] [--scenario FILE]`: an
 * architecture's call catalog with one-line docs and effect tags, for one
 * kernel or all; with a scenario, also the calls of its define:.
 */
import type { ArchPlugin, KernelVersion, StepDoc } from '../arch/types.js';

export function formatSteps(plugin: ArchPlugin, kernel: KernelVersion | undefined, defined?: { title: string; rows: readonly StepDoc[] }): string {
  const { header, legend, rows } = plugin.steps(kernel);
  const width = Math.max(...rows.map((r) => r.name.length), ...(defined?.rows ?? []).map((r) => r.name.length));
  const tagWidth = Math.max(6, ...rows.map((r) => r.tags.length), ...(defined?.rows ?? []).map((r) => r.tags.length));
  const line = (r: StepDoc): string => `${r.name.padEnd(width)}  ${r.tags.padEnd(tagWidth)} ${r.doc}`;
  const own = defined === undefined ? '' : `\n${defined.title}\n\n${defined.rows.map(line).join('\n')}\n`;
  return `${header}\n${legend}\n\n${rows.map(line).join('\n')}\n${own}`;
}

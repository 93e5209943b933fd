/**
 * `bootreplay steps [--arch A] [--kernel V]`: an architecture's call catalog
 * with one-line docs and effect tags, for one kernel or all.
 */
import type { ArchPlugin, KernelVersion } from '../arch/types.js';

export function formatSteps(plugin: ArchPlugin, kernel: KernelVersion | undefined): string {
  const { header, legend, rows } = plugin.steps(kernel);
  const width = Math.max(...rows.map((r) => r.name.length));
  const body = rows.map((r) => `${r.name.padEnd(width)}  ${r.tags.padEnd(6)} ${r.doc}`);
  return `${header}\n${legend}\n\n${body.join('\n')}\n`;
}

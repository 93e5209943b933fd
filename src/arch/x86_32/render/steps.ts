/**
 * `bootreplay steps` for x86_32: the call catalog with one-line docs and
 * DESIGN §3's effect tags, for one kernel or all.
 */
import type { StepDoc } from '../../types.js';
import { CATALOG, availability, effectsOf } from '../catalog.js';
import { CALL_NAMES, type CallName } from '../catalog-names.js';
import { isPagetableEffect, type Effect } from '../effects.js';
import type { KernelVersion } from '../kernel-version.js';

/** DESIGN §3 tags: [E] early_ioremap, [F] set_fixmap, [R] relocates FIXADDR_TOP, [P] builds page tables */
export function tags(effects: readonly Effect[]): string {
  const t = new Set<string>();
  for (const e of effects) {
    if (e.op === 'early_ioremap') t.add('E');
    if (e.op === 'set_fixmap' || e.op === 'map_acpi_tables') t.add('F');
    if (e.op === 'relocate' || e.op === 'reserve_top_address' || e.op === 'parse_early_param') t.add('R');
    if (isPagetableEffect(e)) t.add('P');
  }
  return [...t].sort().map((x) => `[${x}]`).join('');
}

/** What a call reads before it has set it itself (setup_memory sets max_low_pfn, then reserve_initrd reads it). */
function needs(effects: readonly Effect[]): string {
  const own = new Set<string>();
  const n = new Set<string>();
  for (const e of effects) {
    if (e.op === 'sets') own.add(e.value);
    if (e.op === 'needs' && !own.has(e.value)) n.add(e.value);
  }
  return n.size > 0 ? `needs ${[...n].join(', ')}` : '';
}

export function stepDocs(kernel: KernelVersion | undefined): { header: string; legend: string; rows: readonly StepDoc[] } {
  const rows: StepDoc[] = [];
  for (const name of CALL_NAMES as readonly CallName[]) {
    const spec = CATALOG[name];
    if (kernel !== undefined && !availability(name, kernel).ok) continue;
    const effects = kernel !== undefined ? effectsOf(name, kernel) : spec.variants.flatMap((v) => v.effects);
    const span = kernel === undefined && (spec.since !== undefined || spec.until !== undefined)
      ? ` (${spec.since !== undefined ? `${spec.since}+` : `up to ${spec.until ?? ''}`})`
      : '';
    const extra = [needs(effects)].filter((x) => x !== '').join('; ');
    rows.push({ name, tags: tags(effects), doc: `${spec.doc}${span}${extra !== '' ? `. ${extra}` : ''}` });
  }
  const header = kernel !== undefined ? `setup_arch() calls for x86_32 ${kernel.text}` : 'setup_arch() calls for x86_32 (all modeled kernels; --kernel V for one)';
  const legend = '[E] early_ioremap  [F] set_fixmap  [R] may relocate FIXADDR_TOP  [P] builds or changes page tables';
  return { header, legend, rows };
}

/**
 * `bootreplay steps --arch riscv`: the step catalog with one-line docs and
 * effect tags, for one kernel or all.
 */
import type { StepDoc } from '../../types.js';
import { CATALOG, availability, effectsOf, valuesNeeded } from '../catalog.js';
import { CALL_NAMES } from '../catalog-names.js';
import type { Effect } from '../effects.js';
import type { KernelVersion } from '../kernel-version.js';
import { parseKernelVersion } from '../kernel-version.js';
import { profileOf } from '../profile.js';
import { resolveConfig } from '../resolve.js';

/** [D] reads the DTB, [F] uses a fixmap slot, [L] uses the linear map, [P] changes permissions, [S] switches satp */
export function tags(effects: readonly Effect[]): string {
  const t = new Set<string>();
  for (const e of effects) {
    if (e.op === 'scan_dtb' || e.op === 'read_fdt' || e.op === 'read_dtb_early_va' || e.op === 'verify_dtb_linear') t.add('D');
    if (e.op === 'early_memremap' || e.op === 'setup_vm_final') t.add('F');
    if (e.op === 'memblock_alloc' || e.op === 'read_device_tree' || e.op === 'verify_dtb_linear' || e.op === 'kasan_init') t.add('L');
    if (e.op === 'set_memory' || e.op === 'bpf_jit') t.add('P');
    if (e.op === 'setup_vm_final') t.add('S');
  }
  return [...t].sort().map((x) => `[${x}]`).join('');
}

/** One kernel per distinct profile, for the all-kernels listing. */
const ALL = ['5.10', '5.12', '5.13-rc1', '5.13', '5.14'];

export function stepDocs(kernel: KernelVersion | undefined): { header: string; legend: string; rows: readonly StepDoc[] } {
  const rows: StepDoc[] = [];
  // the effects of the default config (STRICT_KERNEL_RWX on) under this kernel, or under each distinct profile
  const versions: KernelVersion[] = kernel !== undefined ? [kernel] : ALL.flatMap((t) => {
    const p = parseKernelVersion(t);
    return p.ok ? [p.version] : [];
  });
  for (const name of CALL_NAMES) {
    const spec = CATALOG[name];
    if (kernel !== undefined && !availability(name, kernel).ok) continue;
    const effects = versions.flatMap((k) => (availability(name, k).ok ? effectsOf(name, profileOf(k, resolveConfig(undefined))) : []));
    const span = kernel === undefined && (spec.since !== undefined || spec.until !== undefined)
      ? ` (${spec.since !== undefined ? `${spec.since.mainline}+` : ''}${spec.since !== undefined && spec.until !== undefined ? ', ' : ''}${spec.until !== undefined ? `before ${spec.until.mainline}` : ''})`
      : '';
    const needs = valuesNeeded(effects);
    rows.push({ name, tags: tags(effects), doc: `${spec.doc}${span}${needs.length > 0 ? `. needs ${needs.join(', ')}` : ''}` });
  }
  const header = kernel !== undefined
    ? `riscv steps for ${kernel.text} (setup_arch() calls, then kernel_init and run-time steps; setup_vm and relocate run before them)`
    : 'riscv steps (all modeled kernels; --kernel V for one, with its tags and needs)';
  const legend = '[D] reads the DTB  [F] fixmap slot  [L] linear map  [P] permission change  [S] satp switch';
  return { header, legend, rows };
}

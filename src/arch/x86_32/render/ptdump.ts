/**
 * `bootreplay layout FILE --ptdump` and `run --layout=ptdump` for x86_32: the
 * final page tables in the format of /sys/kernel/debug/kernel_page_tables
 * (pagetables/ptdump.ts), each line followed by the steps that wrote its
 * entries and the PTE pages that hold them.
 */
import type { StepRef } from '../../../replay/trace.js';
import { lateBoot } from '../pagetables/build.js';
import { annotated, ptdumpLines, type PtdumpLine } from '../pagetables/ptdump.js';
import type { X86Trace } from '../types.js';

/** map_compat_vdso() runs at the first exec, after boot */
const AFTER_BOOT: StepRef = { index: -1, name: 'map_compat_vdso', pos: { line: 0, col: 0 }, implicit: true };

function label(step: StepRef): string {
  if (!step.implicit) return `${step.name} (step ${step.index})`;
  return step.index < 0 ? `${step.name} (after boot)` : step.name;
}

/**
 * The dump's lines (kernel text and the model's notes), for tests and renderers.
 * @param halted the tables where a finding halts the kernel (ArchPlugin.ptdump's `when`): what runs
 *   after setup_arch() (zap_low_mappings(), map_compat_vdso()) never does
 */
export function ptdumpOf(trace: X86Trace, halted = false): PtdumpLine[] {
  const { cx, s } = trace.pagetables;
  const view = { fixaddrTop: trace.final.fixaddrTop, maxLowPfn: trace.final.maxLowPfn, nx: true };
  return ptdumpLines({ cx, s: halted ? s : lateBoot(cx, s, view, AFTER_BOOT), layout: trace.layout, label, halted });
}

/** @param when the moment the state is taken when it is not after boot (ArchPlugin.ptdump): where a finding halts the kernel */
export function ptdumpText(trace: X86Trace, when?: string): { head: string; rows: readonly string[] } {
  const { cx } = trace.pagetables;
  const sc = trace.scenario;
  const late = ['zap_low_mappings', ...(cx.compatVdso ? ['map_compat_vdso (FIX_VDSO)'] : [])];
  const head = `${sc.file}: kernel_page_tables ${when !== undefined ? `as they are ${when}` : 'after boot'} (${sc.kernel.text}${sc.config.pae ? ' PAE' : ''}, ${sc.machine.hypervisor}, pagetable_init_policy ${cx.policy}); `
    + `${when !== undefined ? 'never run' : 'after setup_arch'}: ${late.join(', ')}; not modeled: DEBUG_RODATA, ioremap and vmalloc mappings, runtime kmaps`;
  return { head, rows: ptdumpOf(trace, when !== undefined).map(annotated) };
}

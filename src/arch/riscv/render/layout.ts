/**
 * The final riscv address space as reports show it: the `layout` object of
 * the JSON report and the ptdump-style map of `run --layout`, top-down.
 */
import { hex, signedHex } from '../../../units.js';
import type { RiscvTrace } from '../types.js';

function size(bytes: number): string {
  if (bytes <= 0) return 'empty';
  if (bytes >= 2 ** 30 && bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= 2 ** 20) return bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

export function layoutJson(trace: RiscvTrace): unknown {
  const l = trace.layout;
  const values: Record<string, string | number | null> = {};
  for (const v of l.values) values[v.name] = v.value === null ? null : v.unit === 'address' ? signedHex(v.value) : v.value;
  return {
    paging: trace.scenario.config.paging,
    kernel_mapping: trace.profile.kernelOutsideLinear ? 'KERNEL_LINK_ADDR' : 'linear map',
    satp: trace.final.satp,
    pt_ops: trace.final.ptOps,
    values,
    regions: l.regions.map((r) => ({ name: r.name, start: hex(r.start), end: hex(r.end), ...(r.within !== undefined ? { within: r.within } : {}) })),
  };
}

/** @param when the moment the state is taken when it is not after boot (ArchPlugin.layoutText) */
export function layoutText(trace: RiscvTrace, when?: string): { head: string; rows: readonly string[] } {
  const l = trace.layout;
  const k = l.leaves;
  const where = trace.profile.kernelOutsideLinear ? `at KERNEL_LINK_ADDR ${hex(l.va.kernelVirt)}` : `in the linear map at PAGE_OFFSET ${hex(l.va.PAGE_OFFSET)}`;
  const head = `${trace.scenario.file}: layout${when !== undefined ? ` ${when}` : ''}: sv39, kernel ${where}, satp ${trace.final.satp}; linear map: ${k.pmdLeaves} × 2 MiB + ${k.pteLeaves} × 4 KiB leaves, `
    + `${k.gibSpans} whole GiB (${k.gibUniform} with one permission and a GiB-aligned PA, ${k.gibMixed} split by permissions)`;
  const rows = [...l.regions].sort((a, b) => b.start - a.start || a.end - b.end).map((r) =>
    `    ${hex(r.start)}-${hex(r.end)}  ${size(r.end - r.start).padStart(11)}  ${r.name}${r.within !== undefined ? ` (in ${r.within})` : ''}`);
  return { head, rows };
}

/**
 * `layout --ptdump` for riscv: swapper_pg_dir at the end of the replay as
 * /sys/kernel/debug/kernel_page_tables prints it (arch/riscv/mm/ptdump.c in
 * Kingdo777/linux-5.14.2-faascale-host@21101b620aab: address_markers[] :84-104,
 * pte_bits[] :138-183, dump_addr() :232-247): "---[ marker ]---" where an area
 * starts, then "0x%016lx-0x%016lx    0x%016lx %9lu%c LEVEL  bits" per run of
 * equal leaves, the bits RSW D A G U X W R V. Kernel pages are
 * _PAGE_KERNEL: R W (X) V with A, D and G set (asm/pgtable.h:134-141). The
 * 5.14 layout of the line is used for every modeled version.
 */
import { hexDigits } from '../../../units.js';
import type { Perm } from '../profile.js';
import type { Mapping } from '../replay/state.js';
import type { RiscvTrace } from '../types.js';

const h = (n: number): string => `0x${hexDigits(n).padStart(16, '0')}`;

function size(bytes: number): string {
  const units = 'KMGTPE';
  let delta = bytes / 1024;
  let u = 0;
  while (delta % 1024 === 0 && u < units.length - 1) {
    delta /= 1024;
    u++;
  }
  return `${String(delta).padStart(9)}${units[u] ?? ''}`;
}

function bits(p: Perm): string {
  return ['   ', 'D', 'A', 'G', '.', p.x ? 'X' : '.', p.w ? 'W' : '.', p.r ? 'R' : '.', 'V'].map((b) => ` ${b}`).join('');
}

function level(m: Mapping): string {
  if (m.leaf >= 2 ** 30) return 'PGD';
  return m.leaf >= 2 ** 21 ? 'PMD' : 'PTE';
}

export function ptdumpText(trace: RiscvTrace): { head: string; rows: readonly string[] } {
  const va = trace.layout.va;
  const markers = [
    ...(trace.scenario.config.kasan ? [{ va: va.KASAN_SHADOW_START, name: 'Kasan shadow start' }, { va: va.KASAN_SHADOW_END, name: 'Kasan shadow end' }] : []),
    { va: va.FIXADDR_START, name: 'Fixmap start' }, { va: va.FIXADDR_TOP, name: 'Fixmap end' },
    { va: va.PCI_IO_START, name: 'PCI I/O start' }, { va: va.PCI_IO_END, name: 'PCI I/O end' },
    { va: va.VMEMMAP_START, name: 'vmemmap start' }, { va: va.VMALLOC_START, name: 'vmemmap end' },
    { va: va.VMALLOC_START, name: 'vmalloc() area' }, { va: va.vmallocEnd, name: 'vmalloc() end' },
    { va: va.PAGE_OFFSET, name: 'Linear mapping' },
    ...(trace.profile.kernelOutsideLinear ? [{ va: va.modules.start, name: 'Modules/BPF mapping' }, { va: va.kernelVirt, name: 'Kernel mapping' }] : []),
  ].sort((a, b) => a.va - b.va);
  const rows: string[] = [];
  let next = 0;
  const flush = (upTo: number): void => {
    for (; next < markers.length && (markers[next]?.va ?? Infinity) <= upTo; next++) rows.push(`---[ ${markers[next]?.name ?? ''} ]---`);
  };
  for (const m of [...trace.final.swapper].sort((a, b) => a.start - b.start)) {
    let start = m.start;
    while (start < m.end) {
      flush(start);
      const cut = Math.min(m.end, markers[next]?.va ?? Infinity);
      const tail = m.leaf === 0 ? ' fixmap_pte (slots set one by one)' : ` ${level(m)} ${bits(m.perm)}`;
      const pa = m.leaf === 0 ? ' '.repeat(18) : h(m.pa + (start - m.start));
      rows.push(`${h(start)}-${h(cut)}    ${pa} ${size(cut - start)}${tail}`);
      start = cut;
    }
  }
  flush(Infinity);
  const s = trace.scenario;
  const head = `${s.file}: kernel_page_tables after boot (riscv ${s.kernel.text}, sv39, satp ${trace.final.satp}); as arch/riscv/mm/ptdump.c (5.14) prints it`;
  return { head, rows };
}

/**
 * `layout --ptdump` for riscv: swapper_pg_dir at the end of the replay as
 * /sys/kernel/debug/kernel_page_tables prints it. arch/riscv/mm/ptdump.c has
 * the same line format and markers in R510, R512 and R514 (only where the
 * marker addresses are filled in moved): address_markers[] (R514 :84-105),
 * pte_bits[] (:137-184), dump_addr() (:228-247), note_page() (:264-304). A
 * run of leaves with the same bits and level is one line,
 * ADDR "-" ADDR "   " " " PA " " "%9lu%c %s" (size, level), then " %s" per bit
 * (RSW D A G U X W R V; RSW clear is three spaces); PA is that of the run's
 * first leaf. A marker line is printed when the walk reaches its address;
 * holes print nothing.
 *
 * The bits of a leaf: _PAGE_KERNEL is R W V with A and D, and G from 5.14
 * (history.ts GLOBAL_KERNEL_PAGES); kasan_init() ends by making every
 * kasan_early_shadow_pte _PAGE_PRESENT | _PAGE_READ | _PAGE_ACCESSED (R510
 * mm/kasan_init.c:105-110, R512 :221-225, R514 :206-210), and gives the
 * shadow of memory PAGE_KERNEL pages of its own (replay/kasan.ts).
 */
import { alignUp, PAGE_SIZE, PGDIR_SIZE, PMD_SIZE } from '../geometry.js';
import { fixToVirt, slotIndex, type SlotName } from '../fixmap.js';
import { hexDigits } from '../../../units.js';
import type { Perm } from '../profile.js';
import { splitAtWrap } from '../layout.js';
import type { EventOf } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';

/** What the model cannot know prints in the PA column as this (the header says so). */
export const UNKNOWN_PA = `0x${'?'.repeat(16)}`;

type Level = 'PGD' | 'PMD' | 'PTE';

/** A leaf's protection as pte_bits[] reads it (U is never set on these kernel leaves, RSW never). */
interface Prot {
  readonly d: boolean;
  readonly a: boolean;
  readonly g: boolean;
  readonly perm: Perm;
}

interface Run {
  readonly start: number;
  readonly end: number;
  /** the physical address of the first leaf, null when the model does not know it */
  readonly pa: number | null;
  readonly level: Level;
  readonly prot: Prot;
}

/** "0x%016lx": an unsigned long, so the end of a run that reaches the top of the address space is 0, as the kernel prints it */
const h = (n: number): string => `0x${hexDigits(n >= 2 ** 64 ? n - 2 ** 64 : n).padStart(16, '0')}`;

/** dump_addr()'s "%9lu%c": KiB, then M/G/… while the count is a multiple of 1024. */
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

/** dump_prot(): " %s" per pte_bits[] entry, RSW first (clear: three spaces). */
function bits(p: Prot): string {
  const flag = (on: boolean, c: string): string => (on ? c : '.');
  return ['   ', flag(p.d, 'D'), flag(p.a, 'A'), flag(p.g, 'G'), '.', flag(p.perm.x, 'X'), flag(p.perm.w, 'W'), flag(p.perm.r, 'R'), 'V'].map((b) => ` ${b}`).join('');
}

function levelOf(leaf: number): Level {
  if (leaf >= PGDIR_SIZE) return 'PGD';
  return leaf >= PMD_SIZE ? 'PMD' : 'PTE';
}

const RW: Perm = { r: true, w: true, x: false };

/** Remove [a, b) from a set of disjoint ranges. */
function cut<T extends { start: number; end: number }>(runs: readonly T[], a: number, b: number): T[] {
  const out: T[] = [];
  for (const r of runs) {
    if (r.end <= a || r.start >= b) {
      out.push(r);
      continue;
    }
    if (r.start < a) out.push({ ...r, end: a });
    if (r.end > b) out.push({ ...r, start: b, ...('pa' in r && typeof r.pa === 'number' ? { pa: r.pa + (b - r.start) } : {}) });
  }
  return out;
}

/**
 * The KASAN region after the replay: kasan_early_init()'s early shadow
 * (PAGE_KERNEL), then, once kasan_init() has run to its end, read-only; the
 * pages kasan_init() populated (PAGE_KERNEL; kasan_populate_pmd() takes 2 MiB
 * leaves where a whole aligned block fits, 5.10's populate() 4 KiB pages);
 * and the rest of every PGD entry that got a new PMD table, now empty. The
 * PAs are memblock_phys_alloc()'s and the .bss place of
 * kasan_early_shadow_page: not modeled. kasan_populate_pgd() maps a whole
 * aligned GiB of shadow (8 GiB of RAM) with a PGD leaf when memblock finds an
 * aligned free GiB; the model does not place it and shows PMD leaves.
 */
function kasanRuns(trace: RiscvTrace, kernelProt: (perm: Perm) => Prot): Run[] {
  const va = trace.layout.va;
  const populated = trace.events.filter((e): e is EventOf<'kasan-populate'> => e.kind === 'kasan-populate');
  const faulted = populated.some((e) => !e.canonical);
  const completed = !faulted && trace.steps.some((s) => s.name === 'kasan_init');
  const early: Prot = completed ? { d: false, a: true, g: false, perm: { r: true, w: false, x: false } } : kernelProt(RW);
  let shadow: Run[] = [{ start: va.KASAN_SHADOW_START, end: va.KASAN_SHADOW_END, pa: null, level: 'PTE', prot: early }];
  const pages: Run[] = [];
  for (const e of populated) {
    if (trace.profile.kasanPopulate === 'by-level') {
      // a PGD entry still on the early shadow gets a fresh (zeroed) PMD table: outside the range, nothing
      for (let g = Math.floor(e.mappedStart / PGDIR_SIZE) * PGDIR_SIZE; g < e.mappedEnd; g += PGDIR_SIZE) shadow = cut(shadow, g, g + PGDIR_SIZE);
      const pmdStart = Math.min(e.mappedEnd, alignUp(e.mappedStart, PMD_SIZE));
      const pmdEnd = Math.max(pmdStart, Math.floor(e.mappedEnd / PMD_SIZE) * PMD_SIZE);
      if (e.mappedStart < pmdStart) pages.push({ start: e.mappedStart, end: pmdStart, pa: null, level: 'PTE', prot: kernelProt(RW) });
      if (pmdStart < pmdEnd) pages.push({ start: pmdStart, end: pmdEnd, pa: null, level: 'PMD', prot: kernelProt(RW) });
      if (pmdEnd < e.mappedEnd && pmdEnd >= pmdStart) pages.push({ start: Math.max(pmdEnd, e.mappedStart), end: e.mappedEnd, pa: null, level: 'PTE', prot: kernelProt(RW) });
    } else {
      // 5.10 populate(): n_ptes = ((n_pages + 512) & -512) / 512, n_pmds likewise: pgd[0 … n_pmds) get new tables
      const nPages = (e.shadowEnd - e.shadow) / PAGE_SIZE;
      const nPtes = Math.floor(nPages / 512) + 1;
      const nPmds = Math.floor(nPtes / 512) + 1;
      shadow = cut(shadow, e.mappedStart, e.mappedStart + nPmds * PGDIR_SIZE);
      pages.push({ start: e.mappedStart, end: e.mappedEnd, pa: null, level: 'PTE', prot: kernelProt(RW) });
    }
  }
  return [...shadow, ...pages];
}

/**
 * The fixmap slots still set at the end (fixmap_pte is shared: a slot set under early_pg_dir shows in swapper too).
 * After boot (no `when`), a slot the kernel unmaps after setup_arch() (heldUntil: the EFI memory map, freed by an
 * early_initcall) is gone even if the order has no step after setup_arch() to replay its release before.
 */
function fixmapRuns(trace: RiscvTrace, kernelProt: (perm: Perm) => Prot, afterBoot: boolean): Run[] {
  const last = new Map<SlotName, EventOf<'fixmap-set'>>();
  for (const e of trace.events) if (e.kind === 'fixmap-set') last.set(e.slot, e);
  const out: Run[] = [];
  for (const [slot, e] of last) {
    if (e.clear || (afterBoot && e.heldUntil !== undefined)) continue;
    // __set_fixmap(): FIXMAP_PAGE_NORMAL and FIXMAP_PAGE_IO are PAGE_KERNEL on riscv (_PAGE_IOREMAP = _PAGE_KERNEL)
    const v = fixToVirt(trace.layout.va.FIXADDR_TOP, slotIndex(slot));
    out.push({ start: v, end: v + PAGE_SIZE, pa: e.pa, level: 'PTE', prot: kernelProt(RW) });
  }
  return out;
}

function sameProt(a: Prot, b: Prot): boolean {
  return a.d === b.d && a.a === b.a && a.g === b.g && a.perm.r === b.perm.r && a.perm.w === b.perm.w && a.perm.x === b.perm.x;
}

/** @param when the moment the state is taken when it is not after boot (ArchPlugin.ptdump) */
export function ptdumpText(trace: RiscvTrace, when?: string): { head: string; rows: readonly string[] } {
  const va = trace.layout.va;
  const g = trace.profile.kernelGlobal;
  const kernelProt = (perm: Perm): Prot => ({ d: true, a: true, g, perm });
  const kasan = trace.scenario.config.kasan;
  const markers = [
    ...(kasan ? [{ va: va.KASAN_SHADOW_START, name: 'Kasan shadow start' }, { va: va.KASAN_SHADOW_END, name: 'Kasan shadow end' }] : []),
    { va: va.FIXADDR_START, name: 'Fixmap start' }, { va: va.FIXADDR_TOP, name: 'Fixmap end' },
    { va: va.PCI_IO_START, name: 'PCI I/O start' }, { va: va.PCI_IO_END, name: 'PCI I/O end' },
    // VMEMMAP_END and VMALLOC_END are the last byte (VMALLOC_START - 1, PAGE_OFFSET - 1): the walk reaches them at the next leaf
    { va: va.VMEMMAP_START, name: 'vmemmap start' }, { va: va.VMALLOC_START, name: 'vmemmap end' },
    { va: va.VMALLOC_START, name: 'vmalloc() area' }, { va: va.vmallocEnd, name: 'vmalloc() end' },
    { va: va.PAGE_OFFSET, name: 'Linear mapping' },
    ...(trace.profile.kernelOutsideLinear ? [{ va: va.modules.start, name: 'Modules/BPF mapping' }, { va: va.kernelVirt, name: 'Kernel mapping' }] : []),
  ];
  // ptdump walks the kernel half only (ptd_mm_info.base_addr KERN_VIRT_START, R512 mm/ptdump.c): a linear map that
  // wrapped below it (layout-collision) is not printed, and a note says so (:83)
  const wrapped = trace.final.swapper.flatMap((m) => (m.kind === 'linear' ? [splitAtWrap(m).outside] : [])).filter((m) => m !== undefined);
  const leaves: Run[] = trace.final.swapper
    .filter((m) => m.kind !== 'fixmap' && m.kind !== 'kasan-shadow')
    .flatMap((m) => (m.kind === 'linear' ? [splitAtWrap(m).inside] : [m])).filter((m) => m !== undefined)
    .map((m) => ({ start: m.start, end: m.end, pa: m.pa, level: levelOf(m.leaf), prot: kernelProt(m.perm) }));
  const all = [...leaves, ...fixmapRuns(trace, kernelProt, when === undefined), ...(kasan ? kasanRuns(trace, kernelProt) : [])].sort((a, b) => a.start - b.start);
  // note_page(): a run goes on while the bits and the level stay the same, whatever the PAs
  const runs: Run[] = [];
  for (const r of all) {
    const prev = runs[runs.length - 1];
    if (prev !== undefined && prev.end === r.start && prev.level === r.level && sameProt(prev.prot, r.prot)) runs[runs.length - 1] = { ...prev, end: r.end };
    else runs.push(r);
  }
  const rows: string[] = [`---[ ${markers[0]?.name ?? ''} ]---`];
  let next = 1;
  const flush = (upTo: number): void => {
    for (; next < markers.length && (markers[next]?.va ?? Infinity) <= upTo; next++) rows.push(`---[ ${markers[next]?.name ?? ''} ]---`);
  };
  for (const r of runs) {
    let start = r.start;
    while (start < r.end) {
      flush(start);
      const end = Math.min(r.end, markers[next]?.va ?? Infinity);
      const pa = r.pa === null ? UNKNOWN_PA : h(r.pa + (start - r.start));
      rows.push(`${h(start)}-${h(end)}    ${pa} ${size(end - start)} ${r.level}${bits(r.prot)}`);
      start = end;
    }
  }
  flush(Infinity);
  const s = trace.scenario;
  const unknown = rows.some((row) => row.includes(UNKNOWN_PA));
  const notes = [
    // ptdump walks init_mm (swapper_pg_dir); before setup_vm_final() switches satp to it, what the CPU
    // translates through is early_pg_dir, which this dump does not show (helper-184 4: it read as "nothing mapped")
    ...(trace.final.satp !== 'swapper' ? [`the dump walks swapper_pg_dir (init_mm), which satp does not point at yet: ${trace.final.satp === 'bare' ? 'the MMU is still off' : `the CPU still translates through ${trace.final.satp}, whose mappings are not shown here (trace shows them)`}`] : []),
    'not modeled: the vmemmap sparse_init() maps, vmalloc, module and BPF allocations',
    ...(unknown ? [`${UNKNOWN_PA}: a PA the model does not know (kasan_early_shadow_page's place in .bss, the pages kasan_init() takes from memblock_phys_alloc())`] : []),
    ...(s.kernel.minor === 13 ? ['5.13: markers as 5.14 (no 5.13 tree read)'] : []),
    ...(wrapped.length > 0 ? [`not shown: ${wrapped.length} linear-map range${wrapped.length === 1 ? '' : 's'} that __va() wrapped outside the kernel half (layout-collision), which the kernel's walk from KERN_VIRT_START never reaches`] : []),
  ];
  const head = `${s.file}: kernel_page_tables ${when !== undefined ? `as they are ${when}` : 'after boot'} (riscv ${s.kernel.text}, sv39, satp ${trace.final.satp}), in the format of arch/riscv/mm/ptdump.c; ${notes.join('; ')}`;
  return { head, rows };
}

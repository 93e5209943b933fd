/**
 * layout-collision: regions of the final address space that overlap where
 * no design nests them, modules or BPF images out of the ±2 GiB PC-relative
 * reach of the kernel, and a DTB placed inside the kernel image.
 */
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import { KERN_VIRT_START, PCREL_REACH, splitAtWrap, WRAPPED_LINEAR, type RiscvRegion } from '../layout.js';
import type { StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import type { Pos } from '../../../scenario/types.js';
import { finalStep, hex, keyPos, MAXPHYSMEM_2GB_FIX } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'layout-collision';

function nested(a: RiscvRegion, b: RiscvRegion): boolean {
  return a.within === b.name || b.within === a.name || (a.within !== undefined && a.within === b.within);
}

function span(r: RiscvRegion): string {
  return `${r.name} ${hex(r.start)}–${hex(r.end)}`;
}

function setupVm(trace: RiscvTrace): StepRef {
  const s = trace.steps[0];
  if (s === undefined) throw new Error('internal: a riscv trace always has setup_vm');
  return s;
}

/**
 * Two regions that overlap (blamed on setup_vm_final() when one is the
 * linear map and some step built it, else on setup_vm()), a region out of
 * PC-relative reach of the kernel, or a DTB inside the image.
 */
type Hit =
  | { readonly kind: 'overlap'; readonly a: RiscvRegion; readonly b: RiscvRegion; readonly builder: StepRef | undefined }
  | { readonly kind: 'reach'; readonly name: string; readonly r: RiscvRegion; readonly kernel: RiscvRegion; readonly reach: number }
  | { readonly kind: 'dtb'; readonly image: { readonly start: number; readonly end: number } }
  /** linear-map ranges outside the kernel's half (outsideKernelHalf): their RAM and where __va() put it */
  | { readonly kind: 'wrap'; readonly pa: { readonly start: number; readonly end: number }; readonly va: { readonly start: number; readonly end: number }; readonly builder: StepRef | undefined };

/** The step a finding names, and the related one (setup_vm() when setup_vm_final() is blamed for an overlap). */
function stepsOf(trace: RiscvTrace, hit: Hit): { step: StepRef; related: StepRef | undefined } {
  return (hit.kind === 'overlap' || hit.kind === 'wrap') && hit.builder !== undefined ? { step: hit.builder, related: setupVm(trace) } : { step: setupVm(trace), related: undefined };
}

/** which regions: one layout can have several overlaps blamed on the same steps */
function subjectOf(hit: Hit): string {
  switch (hit.kind) {
    case 'overlap': return `${hit.a.name}/${hit.b.name}`;
    case 'reach': return `${hit.name} reach`;
    case 'dtb': return 'dtb';
    case 'wrap': return 'linear wrap';
  }
}

function findingOf(trace: RiscvTrace, hit: Hit): Finding {
  const { va } = trace.layout;
  const configPos = (): Pos => keyPos(trace, ['config.maxphysmem', 'config.cmodel'], setupVm(trace).pos);
  const { step } = stepsOf(trace, hit);
  switch (hit.kind) {
    case 'overlap': {
      const { a, b, builder } = hit;
      const linear = builder !== undefined;
      const twoGb = va.KERNEL_LINK_ADDR !== null && va.PAGE_OFFSET === va.KERNEL_LINK_ADDR;
      return {
        rule: ID, severity: 'error', step, pos: linear && !twoGb ? keyPos(trace, ['machine.memory_banks', 'machine.memory'], step.pos) : configPos(),
        subject: subjectOf(hit),
        message: `${span(a)} overlaps ${span(b)}${twoGb ? ` (PAGE_OFFSET ${hex(va.PAGE_OFFSET)} is KERNEL_LINK_ADDR with MAXPHYSMEM_2GB)` : ''}`,
        related: linear ? [{ step: setupVm(trace), role: 'setup_vm(): the kernel\'s virtual layout' }] : [],
        addresses: { [`${a.name.replace(/ /g, '_')}_start`]: a.start, [`${a.name.replace(/ /g, '_')}_end`]: a.end, [`${b.name.replace(/ /g, '_')}_start`]: b.start, [`${b.name.replace(/ /g, '_')}_end`]: b.end },
        // (with PAGE_OFFSET = KERNEL_LINK_ADDR, va_pa_offset = va_kernel_pa_offset: __va() and __pa() of the image stay
        // right, and is_linear_mapping() is empty; riscv audit F1)
        consequence: `the kernel hands out ${a.name} and ${b.name} at the same virtual addresses: allocations in one overwrite the other${twoGb ? '; MAXPHYSMEM_2GB with an MMU is broken from 5.13 to 5.16' : ''}`,
        fix: twoGb
          ? MAXPHYSMEM_2GB_FIX
          : a.name.startsWith('linear') || b.name.startsWith('linear') ? 'give the linear map only RAM at or above the load address and within the space below the modules area (5.14: memory_limit, or mem=)' : 'change the layout so the regions do not overlap',
      };
    }
    case 'reach': {
      const { name, r, kernel, reach } = hit;
      return {
        rule: ID, severity: 'error', step, pos: configPos(),
        subject: subjectOf(hit),
        message: `${span(r)} is ${hex(reach)} bytes from the far end of the kernel ${hex(kernel.start)}–${hex(kernel.end)}, more than the ±2 GiB a PC-relative call reaches`,
        related: [],
        addresses: { [`${name.replace(/ /g, '_')}_start`]: r.start, kernel_start: kernel.start, kernel_end: kernel.end },
        consequence: 'module loading fails ("target … can not be addressed by the 32-bit offset from PC") or JIT images cannot call kernel helpers directly',
        fix: 'keep modules and BPF within 2 GiB of the whole kernel (5.14: MODULES_VADDR = PFN_ALIGN(_end) - SZ_2G, MODULES_END = _start)',
      };
    }
    case 'wrap': {
      const { pa, va: at } = hit;
      const reach = 2 ** 64 - va.PAGE_OFFSET;
      const loadPa = trace.scenario.machine.load_address;
      return {
        rule: ID, severity: 'error', step, pos: keyPos(trace, ['machine.memory_banks', 'machine.memory'], step.pos),
        subject: subjectOf(hit),
        message: `RAM ${hex(pa.start)}–${hex(pa.end)} is mapped at __va(pa) ${hex(at.start)}–${hex(at.end)}, outside the kernel's half of the address space (below KERN_VIRT_START ${hex(KERN_VIRT_START)}): __va() wraps past 2^64 for RAM more than -PAGE_OFFSET (${hex(reach)} bytes) above the load address ${hex(loadPa)}`,
        related: hit.builder !== undefined ? [{ step: setupVm(trace), role: 'setup_vm(): va_pa_offset = PAGE_OFFSET - load_pa' }] : [],
        addresses: { pa_start: pa.start, pa_end: pa.end, va_start: at.start, linear_reach_end: loadPa + reach },
        consequence: 'setup_vm_final() maps that RAM in the user half of swapper_pg_dir (R512 mm/init.c:516-528; setup_bootmem() limits only the total size, memblock_enforce_memory_limit(-PAGE_OFFSET), :117), and pgd_alloc() copies only the kernel half into each process\'s page directory (asm/pgalloc.h:43-56): once a process runs, the kernel\'s __va() pointers into that RAM are unmapped user addresses',
        fix: `give the machine RAM only below ${hex(loadPa + reach)}, -PAGE_OFFSET above the load address (5.14's setup_vm_final() clips each range to memory_limit instead)`,
      };
    }
    case 'dtb': {
      const { image } = hit;
      const m = trace.scenario.machine;
      return {
        rule: ID, severity: 'error', step, pos: keyPos(trace, ['machine.dtb_address'], step.pos),
        subject: subjectOf(hit),
        message: `the DTB at ${hex(m.dtb_address)} lies inside the kernel image ${hex(image.start)}–${hex(image.end)}`,
        related: [],
        addresses: { dtb_pa: m.dtb_address, image_start: image.start, image_end: image.end },
        consequence: 'loading one overwrote the other; if the DTB sits in .bss, head.S clears it before setup_vm() hands it to parse_dtb ("No DTB passed to the kernel")',
        fix: `load the DTB outside the image, above ${hex(image.end)}`,
      };
    }
  }
}

export const layoutCollision: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'final regions overlap (MAXPHYSMEM_2GB on 5.13+, RAM below the load address), modules/BPF out of ±2 GiB of the kernel, or the DTB inside the image',
    explanation: `After the replay the model lays out swapper's address space the way the headers do (arch/riscv/include/asm/pgtable.h,
page.h, kernel/module.c of R510, R512 and R514): fixmap, PCI io, vmemmap, vmalloc, the modules area, the BPF JIT
region, the linear map as setup_vm_final() built it, and the kernel. Some regions nest by design: up to 5.12 the
modules area and the BPF region are parts of vmalloc and the kernel is part of the linear map; from 5.13-rc7 the BPF
region is the top 128 MiB of the modules area. Any other overlap is reported:
  - MAXPHYSMEM_2GB (the Kconfig default for CMODEL_MEDLOW) on 5.13+: PAGE_OFFSET = 0xffffffff80000000 =
    KERNEL_LINK_ADDR, so the modules area lies on vmalloc and the vmemmap; is_linear_mapping() is empty, and
    memory_limit (-PAGE_OFFSET - SZ_4G) wraps: on 5.14 setup_vm_final() then maps no RAM at all
    (linear-map-empty). "riscv: Get rid of MAXPHYSMEM configs" (Jan 2022,
    Fixes: 2bfc6cd81bd1) says the move "broke the use of MAXPHYSMEM_2G with MMU".
  - A memory range wholly below the kernel's load address is mapped at __va(pa) < PAGE_OFFSET, inside vmalloc
    (setup_vm_final clips only the range that holds the load address).
  - Up to 5.12 setup_bootmem() limits the total size of RAM (memblock_enforce_memory_limit(-PAGE_OFFSET)), not its
    span: RAM more than -PAGE_OFFSET above the load address gets __va(pa) = pa + va_pa_offset past 2^64, in the user
    half of swapper_pg_dir, which pgd_alloc() does not copy into processes (5.14 clips each range instead).
  - 5.13 has no linear-map limit below the modules area (5.14 adds memory_limit = -PAGE_OFFSET - 4 GiB): with more
    than ~124 GiB of RAM the linear map runs into the modules and the kernel.
Modules and JIT images reach kernel symbols with s32 PC-relative offsets (kernel/module.c: "can not be addressed by
the 32-bit offset from PC"), so their areas must lie within 2 GiB of the whole kernel; MODULES_VADDR = _end - 2G is
chosen for that. And the DTB must not lie inside the kernel image: head.S clears .bss before setup_vm() reads it.

Sources: ${SOURCE_TREES_TEXT}.

Fix: MAXPHYSMEM_128GB (medany) on 5.13+; RAM and the DTB at or above the load address; the DTB outside the image.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const { regions } = trace.layout;
    let builder: StepRef | undefined | null = null;
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i];
        const b = regions[j];
        if (a === undefined || b === undefined || a.end <= a.start || b.end <= b.start) continue;
        if (a.name === WRAPPED_LINEAR || b.name === WRAPPED_LINEAR) continue;
        if (!(a.start < b.end && b.start < a.end) || nested(a, b)) continue;
        const linear = a.name.startsWith('linear') || b.name.startsWith('linear');
        builder ??= finalStep(trace);
        hits.push({ kind: 'overlap', a, b, builder: linear ? builder : undefined });
      }
    }
    const wrapped = trace.final.swapper.flatMap((m) => (m.kind === 'linear' ? [splitAtWrap(m).outside] : [])).filter((m) => m !== undefined);
    if (wrapped.length > 0) {
      builder ??= finalStep(trace);
      hits.push({
        kind: 'wrap', builder,
        pa: { start: Math.min(...wrapped.map((m) => m.pa)), end: Math.max(...wrapped.map((m) => m.pa + (m.end - m.start))) },
        va: { start: Math.min(...wrapped.map((m) => m.start)), end: Math.max(...wrapped.map((m) => m.end)) },
      });
    }
    const kernel = regions.find((r) => r.name === 'kernel');
    for (const name of ['modules', 'bpf jit']) {
      const r = regions.find((x) => x.name === name);
      if (kernel === undefined || r === undefined) continue;
      const reach = Math.max(kernel.end - r.start, r.end - kernel.start);
      if (reach <= PCREL_REACH) continue;
      hits.push({ kind: 'reach', name, r, kernel, reach });
    }
    const m = trace.scenario.machine;
    const image = { start: m.load_address, end: m.load_address + trace.image.size };
    if (!trace.scenario.config.builtin_dtb && m.dtb_address < image.end && m.dtb_address + m.dtb_size > image.start) hits.push({ kind: 'dtb', image });
    return hits;
  },
  verdict: (hit, trace) => {
    const { step, related } = stepsOf(trace, hit);
    return { rule: ID, severity: 'error', step, subject: subjectOf(hit), related: related !== undefined ? [{ step: related }] : [] };
  },
  format: (hit, trace) => findingOf(trace, hit),
});

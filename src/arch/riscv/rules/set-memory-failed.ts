/**
 * set-memory-failed: a set_memory_*() whose end lies below its start. It
 * fails with -EINVAL before touching a page table, the caller ignores the
 * return value, and the sections it was to protect keep the permissions
 * setup_vm_final() gave them: in 5.13-rc1 … rc4, .data/.bss stay W+X.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import type { EventOf, StepRef } from '../replay/events.js';
import { applyFn, samePerm } from '../replay/pagetables.js';
import type { RiscvTrace } from '../types.js';
import type { PermFn } from '../effects.js';
import { finalStep, hex, label, permText, setterOf } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'set-memory-failed';

const SECTION_TEXT: Readonly<Record<string, string>> = { data: 'data (.data/.bss)' };

/** set_memory_nx → nx */
function fnOf(name: string): PermFn | undefined {
  const fn = name.replace(/^set_memory_/, '');
  return fn === 'ro' || fn === 'rw' || fn === 'nx' || fn === 'x' || fn === 'rw_nx' ? fn : undefined;
}

/** Why the end lies below the start, when the model knows. */
function reasonOf(trace: RiscvTrace, e: EventOf<'perm-failed'>): string {
  if (e.toSym !== 'max_low') return '';
  if (e.maxLowPa === 0) return ` (max_low_pfn is still 0 until setup_bootmem() sets it, so __va(PFN_PHYS(max_low_pfn)) is ${hex(e.end)})`;
  if (trace.profile.kernelOutsideLinear && e.alias === 'kernel') {
    return ` (max_low = __va(PFN_PHYS(max_low_pfn)) = ${hex(e.end)} is the end of the linear map, and since 2bfc6cd81bd1 the kernel mapping lies above it, at ${hex(trace.layout.va.kernelVirt)})`;
  }
  return '';
}

type Kept = EventOf<'perm-failed'>['kept'][number];

/**
 * A failed set_memory_*() that would have changed something: the sections it
 * leaves as they were (what it would have changed, never empty), the step
 * that sets max_low_pfn later when the failure comes from its being 0, and
 * the step the finding relates to (that one, or the earlier setup_vm_final()
 * that mapped the sections).
 */
interface Hit {
  readonly e: EventOf<'perm-failed'>;
  readonly lost: readonly Kept[];
  /** lost[0]: its section tells two failures of one step apart */
  readonly first: Kept;
  readonly bootmem: StepRef | undefined;
  readonly related: StepRef | undefined;
}

function hitOf(trace: RiscvTrace, e: EventOf<'perm-failed'>): Hit | null {
  const fn = fnOf(e.fn);
  // what the call would have changed; a failure that would have changed nothing is harmless
  const lost = e.kept.filter((k) => fn !== undefined && !samePerm(applyFn(fn, k.perm), k.perm));
  const first = lost[0];
  if (first === undefined) return null;
  const bootmem = e.maxLowPa === 0 ? setterOf(trace, 'memblock', e.step.index) : undefined;
  let related = bootmem;
  if (related === undefined) {
    const mapper = finalStep(trace);
    if (mapper !== undefined && mapper.index < e.step.index) related = mapper;
  }
  return { e, lost, first, bootmem, related };
}

function findingOf(trace: RiscvTrace, hit: Hit): Finding {
  const { e, lost, first, bootmem, related: relatedStep } = hit;
  const names = lost.map((k) => `${SECTION_TEXT[k.section] ?? k.section} ${hex(k.start)}–${hex(k.end)}`).join(', ');
  const perms = [...new Set(lost.map((k) => permText(k.perm)))].join('/');
  const wx = lost.filter((k) => k.perm.w && k.perm.x);
  const firstWx = wx[0];
  const movedKernel = e.toSym === 'max_low' && e.maxLowPa !== 0 && trace.profile.kernelOutsideLinear && e.alias === 'kernel';
  const related = relatedStep === undefined ? [] : bootmem !== undefined
    ? [{ step: bootmem, role: 'setup_bootmem(): sets max_low_pfn' }]
    : [{ step: relatedStep, role: `setup_vm_final(): maps ${hex(first.start)} ${permText(first.perm)}` }];
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    subject: first.section,
    message: `${e.step.name}: ${e.what} asks for ${hex(e.start)}–${hex(e.end)}, whose end lies below its start${reasonOf(trace, e)}: walk_page_range_novma() returns -EINVAL and nothing changes, so ${names} ${lost.length > 1 ? 'keep' : 'keeps'} ${perms}${firstWx !== undefined ? ': writable and executable' : ''}`,
    related,
    addresses: { start: e.start, end: e.end, [`${first.section}_start`]: first.start },
    consequence: firstWx !== undefined
      ? `W^X is void for ${firstWx.section === 'data' ? '.data/.bss' : firstWx.section}; with CONFIG_DEBUG_WX, mark_rodata_ro() → ptdump_check_wx() warns "riscv/mm: Found insecure W+X mapping at address …/${hex(firstWx.start)}" and "Checked W+X mappings: failed, … W+X pages found" (8a4102a0cf07's log shows both on a 5.13.0-rc1+ QEMU virt boot)`
      : `the protection silently never happens: ${e.step.name} ignores set_memory_*()'s return value`,
    fix: movedKernel
      ? 'end the range at the kernel mapping\'s end, kernel_virt_addr + load_sz: 8a4102a0cf07 ("riscv: mm: Fix W+X mappings at boot", Fixes: 2bfc6cd81bd1), in 5.13-rc5'
      : bootmem !== undefined ? `move ${label(e.step)} after ${label(bootmem)}` : 'compute both ends in the same mapping',
  };
}

export const setMemoryFailed: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a set_memory_*() whose end lies below its start: -EINVAL, nothing changes (5.13-rc1 … rc4: .data/.bss stay W+X)',
    explanation: `set_memory_{ro,rw,nx,x,rw_nx}(addr, numpages) take an int page count, and the callers compute it as
(end - start) >> PAGE_SHIFT on unsigned longs. When end lies below start the count truncates to a negative int,
__set_memory()'s end = start + PAGE_SIZE * numpages wraps back to the end asked for, and walk_page_range_novma()
returns -EINVAL on start >= end before it walks anything (R512 mm/pageattr.c:107-129, mm/pagewalk.c:453-454).
protect_kernel_text_data() and mark_rodata_ro() ignore the return value, so the range keeps the permissions
setup_vm_final() gave it.
  - 5.13-rc1 … rc4 with STRICT_KERNEL_RWX: protect_kernel_text_data() ends its last call,
    set_memory_nx(_data, (max_low - _data) >> PAGE_SHIFT), at max_low = __va(PFN_PHYS(max_low_pfn)) (R512
    mm/init.c:567,574), the end of the linear map. 2bfc6cd81bd1 (5.13-rc1) moved the kernel mapping to
    KERNEL_LINK_ADDR, above the linear map, so max_low < _data and .data/.bss stay PAGE_KERNEL_EXEC: writable and
    executable. Jisheng Zhang's 8a4102a0cf07 ("riscv: mm: Fix W+X mappings at boot", Fixes: 2bfc6cd81bd1) ends the
    range at kernel_virt_addr + load_sz; it came with "RISC-V Fixes for 5.13-rc5" (tags/riscv-for-linus-5.13-rc5,
    merged as af8d9eb84076 before 614124bea77e "Linux 5.13-rc5"). Its log, on a 5.13.0-rc1+ QEMU virt boot:
    "riscv/mm: Found insecure W+X mapping at address (____ptrval____)/0xffffffff80c00000" and "Checked W+X mappings:
    failed, 512 W+X pages found".
  - Any version: max_low_pfn is 0 until setup_bootmem() sets it, so a protect_kernel_text_data() (5.12, 5.13) or
    5.10's mark_rodata_ro() moved before it computes max_low = __va(0), below the kernel.
A failure that would have changed nothing (the range already has the permission) is not reported; a failure before
setup_vm_final() changes nothing either way (linear-map-before-final reports those calls).

Sources: ${SOURCE_TREES_TEXT}.

Fix: kernel 5.13-rc5 or later (8a4102a0cf07); keep the permission calls after setup_bootmem.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    for (const e of eventIndex(trace.events).of('perm-failed')) {
      const hit = hitOf(trace, e);
      if (hit !== null) hits.push(hit);
    }
    return hits;
  },
  verdict: (hit) => ({ rule: ID, severity: 'error', step: hit.e.step, subject: hit.first.section, related: hit.related !== undefined ? [{ step: hit.related }] : [] }),
  format: (hit, trace) => findingOf(trace, hit),
});

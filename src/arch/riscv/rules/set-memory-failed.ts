/**
 * set-memory-failed: a set_memory_*() whose end lies below its start. It
 * fails with -EINVAL before touching a page table, the caller ignores the
 * return value, and the sections it was to protect keep the permissions
 * setup_vm_final() gave them: in 5.13-rc1 … rc4, .data/.bss stay W+X.
 */
import type { Finding, Rule } from '../../../rules/types.js';
import type { EventOf } from '../replay/events.js';
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

function findingOf(trace: RiscvTrace, e: EventOf<'perm-failed'>): Finding | null {
  const fn = fnOf(e.fn);
  // what the call would have changed; a failure that would have changed nothing is harmless
  const lost = e.kept.filter((k) => fn !== undefined && !samePerm(applyFn(fn, k.perm), k.perm));
  const first = lost[0];
  if (first === undefined) return null;
  const names = lost.map((k) => `${SECTION_TEXT[k.section] ?? k.section} ${hex(k.start)}–${hex(k.end)}`).join(', ');
  const perms = [...new Set(lost.map((k) => permText(k.perm)))].join('/');
  const wx = lost.filter((k) => k.perm.w && k.perm.x);
  const firstWx = wx[0];
  const mapper = finalStep(trace);
  const movedKernel = e.toSym === 'max_low' && e.maxLowPa !== 0 && trace.profile.kernelOutsideLinear && e.alias === 'kernel';
  const bootmem = e.maxLowPa === 0 ? setterOf(trace, 'memblock', e.step.index) : undefined;
  const related = bootmem !== undefined
    ? [{ step: bootmem, role: 'setup_bootmem(): sets max_low_pfn' }]
    : mapper !== undefined && mapper.index < e.step.index
      ? [{ step: mapper, role: `setup_vm_final(): maps ${hex(first.start)} ${permText(first.perm)}` }]
      : [];
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

export const setMemoryFailed: Rule<RiscvTrace> = {
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
  check(trace) {
    const findings: Finding[] = [];
    for (const e of trace.events) {
      if (e.kind !== 'perm-failed') continue;
      const f = findingOf(trace, e);
      if (f !== null) findings.push(f);
    }
    return findings;
  },
};

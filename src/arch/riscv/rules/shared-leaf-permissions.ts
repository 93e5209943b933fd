/**
 * shared-leaf-permissions: a permission change that rewrites a 2 MiB leaf
 * shared with owners that need other permissions (riscv's pageattr never
 * splits a PMD leaf), or two aliases of the same kernel pages that disagree
 * (writable in one, executable in the other; read-only data writable).
 */
import { selectKinds } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import type { Conflict, EventOf, StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { finalStep, hex, label, permText } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'shared-leaf-permissions';
const KINDS = ['perm-change', 'alias-disagree', 'vmalloc'] as const;

const NEED_TEXT: Readonly<Record<Conflict['need'], string>> = {
  write: 'is written',
  exec: 'is executed',
  readonly: 'must stay read-only',
  none: 'is unused',
};

function consequenceOf(c: Conflict): string {
  switch (c.need) {
    case 'write': return `the next write to ${c.owner} faults (the 5.13-rc5 oops at ffffffff81201220: memset on .data after bpf_jit_binary_lock_ro() made the kernel's last leaf read-only)`;
    case 'exec': return `the next instruction fetch from ${c.owner} faults`;
    case 'readonly': return `${c.owner} becomes writable: read-only kernel data or code can be overwritten`;
    case 'none': return '';
  }
}

/** A leaf change that breaks other owners (with the step that mapped the leaf, when it is another), or two aliases that disagree. */
type Hit =
  | {
    readonly kind: 'leaf'; readonly e: EventOf<'perm-change'>; readonly mapper: StepRef | undefined; readonly laterFaults: readonly StepRef[];
    /** the same step's later changes of that leaf that broke no further owner (bpf_jit_binary_lock_ro()'s set_memory_x after its set_memory_ro) */
    readonly then: readonly EventOf<'perm-change'>[];
  }
  | { readonly kind: 'alias'; readonly e: EventOf<'alias-disagree'> };

/** which leaf: one step may change several */
function leafSubject(e: EventOf<'perm-change'>): string {
  return `leaf ${hex(e.leafStart)}`;
}

/**
 * The later BPF programs whose images lie in the leaf `e` made read-only: each faults filling its image
 * (VmallocEvent.leafPerm), the same bug again, said in the finding of the change that caused it.
 */
function laterFaultsText(steps: readonly StepRef[]): string {
  if (steps.length === 0) return '';
  const shown = steps.slice(0, 8).map((st) => String(st.index));
  const list = steps.length === 1 ? `step ${shown[0] ?? ''}`
    : steps.length > 8 ? `steps ${shown.join(', ')} and ${steps.length - 8} more` : `steps ${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
  const which = steps.length === 1 ? 'the next program\'s image' : `the ${steps.length} later programs' images`;
  return `; ${which} (${list}) ${steps.length === 1 ? 'lies' : 'lie'} in the same read-only leaf, and bpf_fill_ill_insns() faults on the first store to ${steps.length === 1 ? 'it' : 'each'} (kernel/bpf/core.c bpf_jit_binary_alloc())`;
}

/**
 * What the same step then did to the leaf (bpf_jit_binary_lock_ro() is set_memory_ro() then set_memory_x(),
 * include/linux/filter.h:863-868 at R514): its last permission, and the owners it made executable that were not.
 */
function thenText(e: EventOf<'perm-change'>, then: readonly EventOf<'perm-change'>[]): string {
  const last = then.at(-1);
  if (last === undefined || permText(last.after) === permText(e.after)) return '';
  const fns = then.map((x) => `${x.fn}()`).join(', ');
  const nowExec = last.after.x && !e.before.x ? e.conflicts.filter((c) => c.need !== 'exec').map((c) => c.owner) : [];
  return `; then ${fns} leaves it ${permText(last.after)}${nowExec.length > 0 ? `, so ${[...new Set(nowExec)].join(', ')} ${nowExec.length === 1 ? 'is' : 'are'} executable too` : ''}`;
}

function leafFinding(e: EventOf<'perm-change'>, mapper: StepRef | undefined, laterFaults: readonly StepRef[], then: readonly EventOf<'perm-change'>[]): Finding {
  const bpf = e.what.startsWith('bpf_jit_binary_lock_ro');
  const owners = e.conflicts.map((c) => `${c.owner} ${hex(c.start)}–${hex(c.end)} (${NEED_TEXT[c.need]})`).join(', ');
  const first = e.conflicts[0];
  return {
    rule: ID, severity: 'error', step: e.step, pos: e.step.pos,
    subject: leafSubject(e),
    message: `${e.what} on ${hex(e.start)}–${hex(e.end)} rewrites the whole ${e.leaf / 2 ** 20} MiB leaf ${hex(e.leafStart)}–${hex(e.leafEnd)} ${permText(e.before)} → ${permText(e.after)}, which also holds ${owners}${thenText(e, then)}`,
    related: mapper !== undefined ? [{ step: mapper, role: `setup_vm_final(): maps ${hex(e.leafStart)} with a ${e.leaf / 2 ** 20} MiB leaf` }] : [],
    addresses: { start: e.start, end: e.end, leaf_start: e.leafStart, leaf_end: e.leafEnd, ...(first !== undefined ? { [`${first.owner}_start`]: first.start } : {}) },
    consequence: `pageattr_pmd_entry() changes the leaf in place without splitting it (arch/riscv/mm/pageattr.c): ${first !== undefined ? consequenceOf(first) : ''}${laterFaultsText(laterFaults)}`,
    fix: bpf
      ? 'keep BPF images out of the kernel\'s leaves: 3a02764c372c ("riscv: Ensure BPF_JIT_REGION_START aligned with PMD size", 5.13-rc7) moved the region to [MODULES_END - 128M, MODULES_END), below the kernel'
      : 'give each owner whole leaves (SECTION_ALIGN = 2 MiB) or split the leaf before changing it (311cd2f6e253, "riscv: Fix set_memory_XX() and set_direct_map_XX() by splitting huge linear mappings")',
  };
}

function aliasFinding(trace: RiscvTrace, e: EventOf<'alias-disagree'>): Finding {
  const freed = trace.events.some((x) => x.kind === 'phase' && x.what === 'init-freed' && x.step.index <= e.step.index);
  const fix = e.why === 'ro-writable'
    ? `make every alias of ${e.section} read-only (5.14's mark_rodata_ro() sets lm_alias(__start_rodata … _data) read-only too)`
    : freed && e.section === 'init.text'
      ? 'when freeing init, make its kernel alias non-executable and its linear alias rw_nx: set_kernel_memory(__init_begin, __init_end, set_memory_nx) (6fdd5d2f8c2f, Björn Töpel, Fixes: e5c35fa04019)'
      : `map the linear alias of [_start, __init_data_begin) read-only from the start, as 5.14's pgprot_from_va() does (e5c35fa04019, "riscv: Map the kernel with correct permissions the first time")`;
  return {
    rule: ID, severity: 'error', step: e.step, pos: e.step.pos,
    subject: e.section,
    message: `after ${label(e.step)} the aliases of ${e.section} (pa ${hex(e.pa)}–${hex(e.paEnd)}) disagree: kernel mapping ${hex(e.kernelVa)} ${permText(e.kernelPerm)}, linear map ${hex(e.linearVa)} ${permText(e.linearPerm)}${e.why === 'w+x' ? ': writable through one, executable through the other' : ': read-only in one, writable in the other'}`,
    related: [],
    addresses: { pa: e.pa, kernel_va: e.kernelVa, linear_va: e.linearVa },
    consequence: e.why === 'w+x'
      ? (freed && e.section === 'init.text'
        ? 'the freed init pages go to the page allocator writable through the linear map while the kernel mapping still executes them: W^X is void for them and "the kernel can potentially jump to dead __init code" (6fdd5d2f8c2f)'
        : 'the same physical pages are writable through one alias and executable through the other: W^X is void for them')
      : 'read-only kernel data can still be written through its other alias',
    fix,
  };
}

export const sharedLeafPermissions: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a set_memory_*() on a 2 MiB leaf shared with owners that need other permissions, or kernel/linear aliases that disagree (W+X)',
    explanation: `riscv maps the kernel and the linear map with 2 MiB PMD leaves where it can (best_map_size() offers PMD or
PAGE, never 1 GiB), and set_memory_{ro,rw,x,nx,rw_nx}() rewrites a PMD leaf's bits in place without splitting it
(pageattr_pmd_entry, R512 arch/riscv/mm/pageattr.c:67-78; splitting came only with 311cd2f6e253 in late 2023). So
a change to one page changes all 512 pages of its leaf. The model keeps, for each leaf, its owners as address
sub-ranges (the kernel's sections, other RAM, the BPF JIT region) and what each needs now (text runs, data is
written, rodata stays read-only after mark_rodata_ro), and reports a change whose leaf-rounded range breaks an owner
outside the range asked for.
  - 5.13-rc1 … rc6: BPF_JIT_REGION_START = PFN_ALIGN(&_end), so the first JIT image lies inside the kernel's last
    2 MiB leaf; bpf_jit_binary_lock_ro() (fc8504765ec5) made that leaf, with the end of .data/.bss, read-only and a
    memset faulted (5.13.0-rc5 oops at ffffffff81201220). Fixed in 5.13-rc7 by 3a02764c372c. A later program's
    image lies in the same leaf, which translates its address: bpf_jit_binary_alloc() fills it with
    bpf_fill_ill_insns() (R514 kernel/bpf/core.c:874-881) and that store faults too; the lock_ro's finding names
    those programs (the same bug).
  - 5.10: INIT_DATA_SECTION sits right after .text in the leaf mark_rodata_ro() makes read-only; it is dead by
    then (never freed in 5.10), so that is no conflict.
From 5.13 the kernel has two aliases: the kernel mapping and its linear alias. Once a set_memory_*() has touched a
section, the model also compares them:
  - 5.14 free_initmem() makes only the linear alias of init writable (set_memory_rw on lm_alias, R514
    setup.c:321-329) while the kernel mapping of init.text stays PAGE_KERNEL_READ_EXEC: freed pages writable in
    one alias, executable in the other. Fixed by 6fdd5d2f8c2f (Nov 2022, Fixes: e5c35fa04019).
  - 5.13 protects the linear alias of text and rodata but not of init.text, whose kernel alias
    protect_kernel_text_data() made read-only and executable (derived from the 5.13 patch context).
Permissions set when the tables are built (PAGE_KERNEL_EXEC everywhere up to 5.12) are not changes and are not
reported.

Sources: ${SOURCE_TREES_TEXT}.

Fix: keep owners with different needs in different leaves (2 MiB SECTION_ALIGN, BPF below the kernel) and change
every alias of a page together.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let final: StepRef | undefined | null = null;
    // by leaf start: the later faults of the last finding on that leaf, when it took W away (a BPF image filled
    // through the read-only leaf is that change's doing), in one pass over the events in trace order
    const faultsOf = new Map<number, StepRef[]>();
    // by leaf start: the step of the last finding on that leaf and its list of the same step's later changes
    const thenOf = new Map<number, { readonly step: StepRef; readonly then: EventOf<'perm-change'>[] }>();
    for (const e of selectKinds(trace.events, KINDS)) {
      if (e.kind === 'perm-change' && e.conflicts.length === 0) {
        const last = thenOf.get(e.leafStart);
        if (last !== undefined && last.step === e.step) last.then.push(e);
      }
      if (e.kind === 'perm-change' && e.conflicts.length > 0) {
        final ??= finalStep(trace);
        const laterFaults: StepRef[] = [];
        const then: EventOf<'perm-change'>[] = [];
        thenOf.set(e.leafStart, { step: e.step, then });
        hits.push({ kind: 'leaf', e, mapper: final !== undefined && final !== e.step ? final : undefined, laterFaults, then });
        if (e.before.w && !e.after.w) faultsOf.set(e.leafStart, laterFaults);
        else faultsOf.delete(e.leafStart);
      }
      if (e.kind === 'alias-disagree') hits.push({ kind: 'alias', e });
      if (e.kind === 'vmalloc' && e.inKernelLeaf !== null && e.leafPerm?.w === false) faultsOf.get(e.inKernelLeaf.start)?.push(e.step);
    }
    return hits;
  },
  verdict: (hit) => (hit.kind === 'leaf'
    ? { rule: ID, severity: 'error', step: hit.e.step, subject: leafSubject(hit.e), related: hit.mapper !== undefined ? [{ step: hit.mapper }] : [] }
    : { rule: ID, severity: 'error', step: hit.e.step, subject: hit.e.section, related: [] }),
  format: (hit, trace) => (hit.kind === 'leaf' ? leafFinding(hit.e, hit.mapper, hit.laterFaults, hit.then) : aliasFinding(trace, hit.e)),
});

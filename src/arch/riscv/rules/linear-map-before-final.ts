/**
 * linear-map-before-final: an access through the linear map (__va, a
 * memblock allocation) before setup_vm_final() installs it. Until then
 * early_pg_dir maps only the kernel's own slice of the linear map (≤5.12) or
 * none of it (5.13+, the kernel runs at KERNEL_LINK_ADDR). A set_memory_*()
 * before it is lost: swapper_pg_dir, init_mm's pgd, maps nothing yet.
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Finding, Rule } from '../../../rules/types.js';
import type { EventOf, StepRef } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { accessText, finalStep, firstByte, hex, keyPos, label, size } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';
import { settersOf } from '../setters.js';

const ID = 'linear-map-before-final';

/**
 * The first linear-map fault of a step (with the step that lets
 * memblock_double_array() run, or the later setup_vm_final()), or the first
 * lost permission change of a step (with how many the step lost, and the
 * later setup_vm_final()).
 */
type Hit =
  | { readonly kind: 'access'; readonly e: EventOf<'access'>; readonly double: boolean; readonly related: StepRef | undefined }
  | { readonly kind: 'lost'; readonly e: EventOf<'perm-lost'>; readonly n: number; readonly later: StepRef | undefined };

function accessFinding(trace: RiscvTrace, e: EventOf<'access'>, double: boolean, related: StepRef | undefined): Finding {
  const kernelSlice = trace.profile.kernelOutsideLinear
    ? 'early_pg_dir has no linear map at all (the kernel runs at KERNEL_LINK_ADDR)'
    : `early_pg_dir maps only the kernel's slice of the linear map, ${hex(trace.layout.va.PAGE_OFFSET)}–${hex(trace.layout.va.PAGE_OFFSET + Math.ceil(trace.image.size / 2 ** 21) * 2 ** 21)} (${size(Math.ceil(trace.image.size / 2 ** 21) * 2 ** 21)})`;
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    halts: true,
    pos: double ? keyPos(trace, ['machine.reserved_regions'], e.step.pos) : e.step.pos,
    message: `${e.step.name}: ${accessText(e)} at ${hex(firstByte(e))}${e.pa !== null ? ` (pa ${hex(e.pa)})` : ''} through the linear map while satp is ${e.root}: ${kernelSlice}`,
    related: related === undefined ? [] : double
      ? [{ step: related, role: 'memblock_allow_resize(): lets memblock_double_array() run' }]
      : [{ step: related, role: 'setup_vm_final(): switches to swapper_pg_dir with the whole linear map' }],
    addresses: { va: firstByte(e), ...(e.pa !== null ? { pa: e.pa } : {}), PAGE_OFFSET: trace.layout.va.PAGE_OFFSET },
    consequence: 'a kernel page fault on an unmapped address before the linear map exists: "Unable to handle kernel paging request", then a panic this early in boot',
    fix: double
      ? 'leave setup_vm_final() room in memblock.reserved (INIT_MEMBLOCK_REGIONS, 128 entries): each page table\'s memblock_reserve() needs a free entry before it merges, so 126 entries at paging_init leave room and 127 do not; or move memblock_allow_resize() after setup_vm_final() (85fadc0d0411, "riscv: move memblock_allow_resize() after linear mapping is ready")'
      : related !== undefined ? `move ${label(e.step)} after ${label(related)}` : `call paging_init (setup_vm_final) before ${label(e.step)}`,
    // no setup_vm_final() in the order: the call that installs the linear map is what the fix search inserts
    ...(!double && related === undefined ? { setters: settersOf('linear_map', trace) } : {}),
  };
}

function lostFinding(trace: RiscvTrace, e: EventOf<'perm-lost'>, n: number, later: StepRef | undefined): Finding {
  const defaults = trace.profile.finalPermissions
    ? 'with pgprot_from_va() (text PAGE_KERNEL_READ_EXEC, everything else PAGE_KERNEL)'
    : trace.profile.kernelOutsideLinear ? 'the kernel mapping PAGE_KERNEL_EXEC (RWX), the linear map PAGE_KERNEL' : 'PAGE_KERNEL_EXEC (RWX) for the kernel and all RAM';
  return {
    rule: ID,
    severity: 'error',
    step: e.step,
    pos: e.step.pos,
    message: `${e.step.name}: ${e.what} walks swapper_pg_dir (init_mm) while satp is ${e.satp}, and swapper maps nothing at ${hex(e.hole)} yet: the change is lost${n > 1 ? ` (and ${n - 1} more set_memory call${n > 2 ? 's' : ''} of this step)` : ''}; ${later !== undefined ? `setup_vm_final() then maps it ${defaults}` : 'no step of the order runs setup_vm_final() (paging_init) at all'}`,
    related: later !== undefined ? [{ step: later, role: 'setup_vm_final(): builds swapper_pg_dir with its default permissions' }] : [],
    addresses: { start: e.start, end: e.end, hole: e.hole },
    consequence: '__set_memory() → walk_page_range_novma(&init_mm, …) skips the unmapped range (pageattr_pte_hole: "Nothing to do here", arch/riscv/mm/pageattr.c) and returns 0: no error, the protection silently never happens (CONFIG_DEBUG_WX: "Found insecure W+X mapping")',
    fix: later !== undefined ? `move ${label(e.step)} after ${label(later)}` : `call paging_init (setup_vm_final) before ${label(e.step)}`,
    ...(later === undefined ? { setters: settersOf('linear_map', trace) } : {}),
  };
}

export const linearMapBeforeFinal: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a __va()/linear-map access (memblock allocation, __va(dtb_early_pa)) before setup_vm_final installs the linear map',
    explanation: `setup_vm() (arch/riscv/mm/init.c), running with the MMU off, builds early_pg_dir with only what the
kernel needs to reach paging_init(): the kernel image, the fixmap tables and the DTB window. The linear map
(__va(pa) = pa + va_pa_offset) comes later, when paging_init() → setup_vm_final() builds swapper_pg_dir from
memblock.memory and switches satp to it.
  - 5.10 and 5.12: the kernel lies in the linear map, so early_pg_dir holds the slice
    [PAGE_OFFSET, PAGE_OFFSET + roundup(_end - _start, 2 MiB)) and nothing else of it
    (R510 mm/init.c:488-492, R512:427-431);
  - 5.13+: the kernel is mapped at KERNEL_LINK_ADDR (2bfc6cd81bd1) and early_pg_dir holds no linear map at all;
    5.14's setup_vm() says so: "__va can't be used since it would return a linear mapping address whereas
    dtb_early_va will be used before setup_vm_final installs the linear mapping" (R514 mm/init.c:651-662).
memblock_alloc*() return __va(pa) and memset it; memblock allocates top-down, far from the kernel. So every
memblock allocation, unflatten_device_tree()'s early_init_dt_verify(__va(dtb_early_pa)), sparse_init,
init_resources, swiotlb_init and kasan_init must come after paging_init; in the released orders they do.

A subtler way in: memblock_allow_resize() runs in setup_bootmem(), before setup_vm_final(). Each page table
setup_vm_final() allocates is a memblock_reserve() of one page, and memblock_add_range() doubles memblock.reserved
while cnt + nr_new > max, counting before it merges (R512 mm/memblock.c:640, 646): with 128 entries
(INIT_MEMBLOCK_REGIONS) the first table doubles it; with 127 the first takes the last entry and the second, right
below it, needs one more before it merges with it. memblock_double_array() then copies the array to
__va(new_array) with only early_pg_dir live (:445, 462). With 126 every table fits (a table that touches an
earlier reservation merges into it after the count). Fixed upstream in 2023 by 85fadc0d0411 ("riscv: move
memblock_allow_resize() after linear mapping is ready"). machine.reserved_regions sets the count.

A permission change before setup_vm_final() is lost the same way: set_memory_*() walks init_mm, whose pgd is
swapper_pg_dir, and finds nothing mapped there yet; pageattr_pte_hole() does "Nothing to do here"
(zhangyinjun/linux-5.12.9@38c16b0cce67:arch/riscv/mm/pageattr.c:91-96; the same in 5.10.7 and 5.14.2). setup_vm_final() then maps the range with its default permissions: PAGE_KERNEL_EXEC
(RWX) up to 5.12, the kernel mapping PAGE_KERNEL_EXEC in 5.13, pgprot_from_va() in 5.14. So
protect_kernel_text_data() or mark_rodata_ro() before paging_init leaves the kernel W+X or its rodata writable.

Sources: ${SOURCE_TREES_TEXT}.

Fix: move the step after paging_init; for the memblock case, keep memblock.reserved at 126 entries or fewer at
paging_init or apply 85fadc0d0411.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    let final: ReturnType<typeof finalStep> | null = null;
    const ix = eventIndex(trace.events);
    const seen = new Set<number>();
    for (const e of ix.of('access')) {
      if (e.via !== 'linear' || e.mapped || e.root === 'swapper' || e.root === 'bare') continue;
      // the first fault of a step is the one the kernel takes
      if (seen.has(e.step.index)) continue;
      seen.add(e.step.index);
      final ??= finalStep(trace);
      const double = e.what.startsWith('memblock_double_array');
      const later = final !== undefined && final.index > e.step.index ? final : undefined;
      let related: StepRef | undefined = later;
      if (double) {
        related = undefined;
        for (const x of ix.of('value-set')) {
          if (x.value === 'memblock' && x.step !== e.step) { related = x.step; break; }
        }
      }
      hits.push({ kind: 'access', e, double, related });
    }
    const lostAll = ix.of('perm-lost');
    const lost = new Set<number>();
    for (const e of lostAll) {
      if (lost.has(e.step.index)) continue;
      lost.add(e.step.index);
      final ??= finalStep(trace);
      const later = final !== undefined && final.index > e.step.index ? final : undefined;
      let n = 0;
      for (const x of lostAll) if (x.step === e.step) n++;
      hits.push({ kind: 'lost', e, n, later });
    }
    return hits;
  },
  verdict: (hit) => {
    const related = hit.kind === 'access' ? hit.related : hit.later;
    // an access faults: do_page_fault() finds no mm in setup_arch(), no_context() Oopses and do_exit() in the
    // boot CPU's idle task panics ("Attempted to kill the idle task!", R510 mm/fault.c:36-37, kernel/exit.c:729);
    // a lost permission change is silent and the boot goes on
    return { rule: ID, severity: 'error', step: hit.e.step, related: related !== undefined ? [{ step: related }] : [], ...(hit.kind === 'access' ? { halts: true } : {}) };
  },
  format: (hit, trace) => (hit.kind === 'access' ? accessFinding(trace, hit.e, hit.double, hit.related) : lostFinding(trace, hit.e, hit.n, hit.later)),
});

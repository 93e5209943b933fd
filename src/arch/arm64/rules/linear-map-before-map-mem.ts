/**
 * linear-map-before-map-mem: RAM written through __va() before the linear
 * map that covers it is live (or, v4.6+, before memstart_addr is set).
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { LinearAccessEvent, StepRef } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { hex, isV44, label, stepNamed, stepOrder } from './describe.js';

const ID = 'linear-map-before-map-mem';

function keyOf(e: LinearAccessEvent): string {
  return `${e.step.index}|${e.step.name}|${e.memstartSet ? 'unmapped' : 'memstart'}`;
}

/** The first bad access of a step and cause, how many of that step and cause there are, and the step that cures it later, if any. */
interface Hit {
  readonly e: LinearAccessEvent;
  readonly n: number;
  readonly after: StepRef | undefined;
  /**
   * memstart_addr is set, but paging_init ran before the step that set it
   * (v4.6+: arm64_memblock_init after paging_init): map_mem() built the
   * linear map at __phys_to_virt() with memstart_addr = -1 (A46
   * chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/init.c:57, A47
   * calebwilliamsd/linux-4.7.4-casio@01851de9 arch/arm64/include/asm/memory.h:114),
   * so __va() with the real PHYS_OFFSET misses it. The step that set memstart_addr.
   */
  readonly lateMemstart: StepRef | undefined;
}

/** The step that set memstart_addr after paging_init built the linear map, if the order does that. */
function memstartAfterPagingInit(trace: Arm64Trace, pagingInit: StepRef | undefined): StepRef | undefined {
  if (pagingInit === undefined) return undefined;
  const set = eventIndex(trace.events).of('memstart')[0];
  if (set === undefined) return undefined;
  const order = stepOrder(trace);
  return (order.get(set.step) ?? -1) > (order.get(pagingInit) ?? -1) ? set.step : undefined;
}

/** Why a __va() with memstart_addr set misses the live tables, after ", which the live tables do not map". */
function unmappedWhy(trace: Arm64Trace, e: LinearAccessEvent, pagingInit: StepRef | undefined, lateMemstart: StepRef | undefined): string {
  if (isV44(trace)) return ' yet (head.S maps only [PAGE_OFFSET, _end))';
  if (pagingInit === undefined) return ': no paging_init() in the order builds the linear map';
  if (pagingInit.index > e.step.index) return ' yet: the linear map goes live in paging_init()';
  if (lateMemstart !== undefined) {
    return ` to ${hex(e.pa)}: ${label(pagingInit)} built the linear map while memstart_addr was still -1 (map_mem() placed it at __phys_to_virt() of that -1), and ${label(lateMemstart)} set memstart_addr only after it, so __va() now points outside that map`;
  }
  return `: ${label(pagingInit)} did not map it`;
}

export const linearMapBeforeMapMem: Rule<Arm64Trace> = lazyRule<Arm64Trace, Hit>({
  meta: {
    id: ID,
    severity: 'error',
    doc: '__va() of memblock memory before paging_init() made the linear map live (v4.6+: or before arm64_memblock_init() set memstart_addr)',
    explanation: `From v4.6 the kernel image is no longer in the linear map ("arm64: move kernel image to base of vmalloc
area"): head.S maps only the image, at KIMAGE_VADDR, and memstart_addr, the PHYS_OFFSET of every
__va()/__pa(), is -1 "to catch inadvertent references" until arm64_memblock_init() sets it
(arch/arm64/mm/init.c). paging_init() builds the linear map with map_mem() in a new pgd and it becomes
live only at cpu_replace_ttbr1(). Before that, nothing may write RAM through __va(): memblock_virt_alloc()
(which memsets), the unflattened device tree (unflatten_device_tree), struct resources
(request_standard_resources), the struct pages and section maps of bootmem_init()/sparse_init(), KASAN's
shadow. When arm64_memblock_init() runs after paging_init(), map_mem() has built the linear map at
__phys_to_virt() of memstart_addr = -1, and every __va() after it, with the real PHYS_OFFSET, misses
that map: the finding names the step that set memstart_addr too late.

v4.4 keeps the kernel in the linear map, and head.S maps [PAGE_OFFSET, _end) with 2 MiB blocks, but
memblock allocates top-down, from the end of RAM, which is mapped only after map_mem(). The rule
checks the address the allocation gets against the live tables in every version.

Fix: move the __va() user after paging_init() (map_mem() in arch/arm64/mm/mmu.c maps memblock memory into the linear map), or map the memory it needs through the fixmap first.`,
  },
  detect(trace) {
    const hits: Hit[] = [];
    const bad = eventIndex(trace.events).of('linear-access').filter((e) => !(e.memstartSet && e.mapped));
    if (bad.length === 0) return hits;
    const pagingInit = stepNamed(trace, 'paging_init');
    const memblockInit = stepNamed(trace, 'arm64_memblock_init');
    const lateMemstart = memstartAfterPagingInit(trace, pagingInit);
    // one finding per step and cause; the other accesses of that step are counted in it
    const counted = new Map<string, number>();
    for (const e of bad) counted.set(keyOf(e), (counted.get(keyOf(e)) ?? 0) + 1);
    for (const e of bad) {
      const n = counted.get(keyOf(e)) ?? 0;
      if (n === 0) continue;
      counted.set(keyOf(e), 0);
      const later = !e.memstartSet ? memblockInit : pagingInit;
      const late = e.memstartSet && pagingInit !== undefined && pagingInit.index < e.step.index ? lateMemstart : undefined;
      hits.push({ e, n, after: later !== undefined && later.index > e.step.index ? later : undefined, lateMemstart: late });
    }
    return hits;
  },
  verdict: ({ e, after, lateMemstart }) => ({ rule: ID, severity: 'error', step: e.step, related: relatedOf(after, lateMemstart).map(({ step }) => ({ step })) }),
  format: ({ e, n, after, lateMemstart }, trace) => {
    const more = n > 1 ? ` (and ${n - 1} more __va() write${n > 2 ? 's' : ''} in this step)` : '';
    return {
      rule: ID,
      severity: 'error',
      step: e.step,
      pos: e.step.pos,
      message: !e.memstartSet
        ? `${e.via} computes __va(${hex(e.pa)}) for ${e.what} while memstart_addr is still -1: arm64_memblock_init() has not set PHYS_OFFSET${more}`
        : `${e.via} writes ${e.what} through __va(${hex(e.pa)}) = ${hex(e.va)}, which the live tables do not map${unmappedWhy(trace, e, stepNamed(trace, 'paging_init'), lateMemstart)}${more}`,
      related: relatedOf(after, lateMemstart).map(({ step, role }) => ({ step, role: role ?? (!e.memstartSet ? 'sets memstart_addr' : 'makes the linear map live (cpu_replace_ttbr1 / map_mem)') })),
      addresses: { pa: e.pa, va: e.va },
      consequence: !e.memstartSet
        ? 'every __va()/__pa() is off: with CONFIG_DEBUG_VIRTUAL VM_BUG_ON(memstart_addr & 1), otherwise the access goes to a wrong, unmapped address ("Unable to handle kernel paging request")'
        : 'the write faults on an unmapped kernel address ("Unable to handle kernel paging request") and the boot dies before the console is up',
      fix: lateMemstart !== undefined
        ? `move ${label(lateMemstart)} before ${label(stepNamed(trace, 'paging_init') ?? e.step)}`
        : after !== undefined ? `move ${label(e.step)} after ${label(after)}` : `call ${!e.memstartSet ? 'arm64_memblock_init' : 'paging_init'}() before ${label(e.step)}`,
    };
  },
});

/** The related steps: the one that cures it later, or the one that set memstart_addr after paging_init (with its role). */
function relatedOf(after: StepRef | undefined, lateMemstart: StepRef | undefined): readonly { readonly step: StepRef; readonly role?: string }[] {
  if (lateMemstart !== undefined) return [{ step: lateMemstart, role: 'sets memstart_addr after paging_init built the linear map with memstart_addr = -1' }];
  return after !== undefined ? [{ step: after }] : [];
}

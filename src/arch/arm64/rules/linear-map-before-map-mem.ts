/**
 * linear-map-before-map-mem: RAM written through __va() before the linear
 * map that covers it is live (or, v4.6+, before memstart_addr is set).
 */
import { eventIndex } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import type { LinearAccessEvent, StepRef } from '../replay/events.js';
import type { Arm64Trace } from '../types.js';
import { V4_7 } from '../kernel-version.js';
import { earlyConsole } from '../earlycon-params.js';
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
   * (v4.6+: arm64_memblock_init after paging_init): map_mem() ran with
   * memstart_addr = -1 (A46 chenlihao92/archlinux-4.6.5@b9b6ded1
   * arch/arm64/mm/init.c:57, A47 calebwilliamsd/linux-4.7.4-casio@01851de9
   * init.c:58), so __phys_to_virt(pa) = (pa + 1) | PAGE_OFFSET (memory.h:94 in
   * A46, :114 in A47) is one byte off pa's page offset and init_pgd()'s
   * WARN_ON((phys ^ virt) & ~PAGE_MASK) returns before mapping anything
   * (arch/arm64/mm/mmu.c:315-316 in both): no linear map is built, and every
   * __va() after it misses. The step that set memstart_addr.
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
    return ` to ${hex(e.pa)}: ${label(pagingInit)} ran map_mem() while memstart_addr was still -1, so it mapped no RAM (init_pgd() refuses __phys_to_virt(pa) = (pa + 1) | PAGE_OFFSET, whose page offset differs from pa's), and ${label(lateMemstart)} set memstart_addr only after it: the tables paging_init() installed have no linear map for __va() to use`;
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
shadow. When arm64_memblock_init() runs after paging_init(), map_mem() ran with memstart_addr = -1:
with CONFIG_DEBUG_VM, PHYS_OFFSET's VM_BUG_ON(memstart_addr & 1) BUG()s in it; without, __phys_to_virt(pa)
= (pa + 1) | PAGE_OFFSET is not page-aligned with pa, init_pgd() WARNs and maps nothing, and every __va()
after it, with the real PHYS_OFFSET, finds no linear map: the finding names the step that set
memstart_addr too late.

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
  verdict: ({ e, after, lateMemstart }) => ({ rule: ID, severity: 'error', step: e.step, related: relatedOf(after, lateMemstart).map(({ step }) => ({ step })), ...haltsOf(e) }),
  format: ({ e, n, after, lateMemstart }, trace) => {
    const more = n > 1 ? ` (and ${n - 1} more __va() write${n > 2 ? 's' : ''} in this step)` : '';
    return {
      rule: ID,
      severity: 'error',
      step: e.step,
      ...haltsOf(e),
      pos: e.step.pos,
      message: !e.memstartSet
        ? `${e.via} computes __va(${hex(e.pa)}) for ${e.what} while memstart_addr is still -1: arm64_memblock_init() has not set PHYS_OFFSET${more}`
        : `${e.via} writes ${e.what} through __va(${hex(e.pa)}) = ${hex(e.va)}, which the live tables do not map${unmappedWhy(trace, e, stepNamed(trace, 'paging_init'), lateMemstart)}${more}`,
      related: relatedOf(after, lateMemstart).map(({ step, role }) => ({ step, role: role ?? (!e.memstartSet ? 'sets memstart_addr' : isV44(trace) ? 'maps memblock memory into the live swapper_pg_dir (map_mem)' : 'makes the linear map live (map_mem into a new pgd, then cpu_replace_ttbr1)') })),
      addresses: { pa: e.pa, va: e.va },
      consequence: !e.memstartSet
        ? memstartUnsetConsequence(trace, e)
        : `${lateMemstart !== undefined ? `${lateMemstartCaveat(trace)}: ` : ''}the write faults on an unmapped kernel address ("Unable to handle kernel paging request")${consoleText(trace, e.step, 'the oops')}`,
      fix: lateMemstart !== undefined
        ? `move ${label(lateMemstart)} before ${label(stepNamed(trace, 'paging_init') ?? e.step)}`
        : after !== undefined ? `move ${label(e.step)} after ${label(after)}` : `call ${!e.memstartSet ? 'arm64_memblock_init' : 'paging_init'}() before ${label(e.step)}`,
    };
  },
});

/**
 * Whether the access stops the boot in its step: a __va() dereference that misses the live tables faults
 * ("Unable to handle kernel paging request"): __do_kernel_fault() does die("Oops") and do_exit(SIGKILL)
 * (A46 arch/arm64/mm/fault.c:155-157), and do_exit() in the boot CPU's idle task panics ("Attempted to kill
 * the idle task!", A46 kernel/exit.c:666; the same line in v4.4.155); with memstart_addr = -1 it is a
 * BUG() (CONFIG_DEBUG_VM) or that same fault at the wrong address. map_mem() with memstart_addr = -1 only
 * computes addresses: without CONFIG_DEBUG_VM init_pgd() WARNs and the boot goes on (to the faults after it).
 */
function haltsOf(e: LinearAccessEvent): { halts?: true } {
  return !e.memstartSet && e.via === 'map_mem' ? {} : { halts: true };
}

/** The related steps: the one that cures it later, or the one that set memstart_addr after paging_init (with its role). */
function relatedOf(after: StepRef | undefined, lateMemstart: StepRef | undefined): readonly { readonly step: StepRef; readonly role?: string }[] {
  if (lateMemstart !== undefined) return [{ step: lateMemstart, role: 'sets memstart_addr after paging_init ran map_mem() with memstart_addr = -1' }];
  return after !== undefined ? [{ step: after }] : [];
}

/**
 * PHYS_OFFSET as v4.6 and v4.7 define it, `({ VM_BUG_ON(memstart_addr & 1); memstart_addr; })`, and where:
 * arch/arm64/include/asm/memory.h:140 in A46 chenlihao92/archlinux-4.6.5@b9b6ded1, :160 in A47
 * calebwilliamsd/linux-4.7.4-casio@01851de9. VM_BUG_ON() is BUG_ON() only with CONFIG_DEBUG_VM
 * (include/linux/mmdebug.h:16-17, :43 BUILD_BUG_ON_INVALID() without it, in both trees); CONFIG_DEBUG_VIRTUAL
 * cannot be set on arm64 in these versions ("depends on DEBUG_KERNEL && X86", lib/Kconfig.debug:603-605 in A46,
 * :604-606 in A47), so it checks nothing here.
 */
function physOffsetSource(trace: Arm64Trace): string {
  return trace.scenario.kernel.key === V4_7
    ? 'arch/arm64/include/asm/memory.h:160 in v4.7.4'
    : 'arch/arm64/include/asm/memory.h:140 in v4.6.5';
}

/**
 * What a __va()/__pa() with memstart_addr = -1 does (`s64 memstart_addr __read_mostly = -1`,
 * arch/arm64/mm/init.c:57 in A46, :58 in A47): PHYS_OFFSET BUG()s with CONFIG_DEBUG_VM; without it
 * __phys_to_virt(pa) = (pa - (-1)) | PAGE_OFFSET = (pa + 1) | PAGE_OFFSET (memory.h:94 in A46, :114 in A47).
 */
function memstartUnsetConsequence(trace: Arm64Trace, e: LinearAccessEvent): string {
  const bug = `PHYS_OFFSET is ({ VM_BUG_ON(memstart_addr & 1); memstart_addr; }) (${physOffsetSource(trace)}): with CONFIG_DEBUG_VM the first __va()/__pa() here is a BUG() ("kernel BUG at …") and the boot stops in this step`;
  const off = `without it __phys_to_virt(pa) = (pa + 1) | PAGE_OFFSET, so ${e.via === 'map_mem'
    ? 'for every bank init_pgd() WARNs (WARN_ON((phys ^ virt) & ~PAGE_MASK): virt lies one byte further into its page than pa, arch/arm64/mm/mmu.c:315-316 in v4.6.5 and v4.7.4) and maps nothing, so the tables paging_init() installs have no linear map'
    : 'the access goes to a wrong, unmapped address ("Unable to handle kernel paging request")'}`;
  // map_mem() itself faults on nothing without CONFIG_DEBUG_VM: only the BUG() is there to print
  return e.via === 'map_mem' ? `${bug}${consoleText(trace, e.step, 'the BUG')}; ${off}` : `${bug}; ${off}${consoleText(trace, e.step, 'the BUG or the oops')}`;
}

/** The late-memstart_addr case happens only without CONFIG_DEBUG_VM: with it, map_mem()'s __phys_to_virt() BUG()s first. */
function lateMemstartCaveat(trace: Arm64Trace): string {
  return `without CONFIG_DEBUG_VM (with it, PHYS_OFFSET's VM_BUG_ON(memstart_addr & 1), ${physOffsetSource(trace)}, already stopped the boot in paging_init()'s map_mem())`;
}

/**
 * Whether anyone sees the oops: printk() reaches a console in setup_arch() only through an early console
 * that parse_early_param() registers (early_param("earlycon"), drivers/tty/serial/earlycon.c:219 in A46,
 * reached by earlycon and by console=<earlycon driver>,…: earlycon.ts); the
 * console drivers register after setup_arch(), in console_init() (init/main.c:505, 586 in A46; :505, 587 in A47).
 */
function consoleText(trace: Arm64Trace, step: StepRef, what: string): string {
  const parse = stepNamed(trace, 'parse_early_param');
  const order = stepOrder(trace);
  const early = parse !== undefined && (order.get(parse) ?? Infinity) < (order.get(step) ?? -1) ? earlyConsole(trace.scenario.machine.params, trace.scenario.kernel.key) : undefined;
  return early !== undefined
    ? ` (the early console that ${early.text} set up in parse_early_param() prints ${what})`
    : ` (nothing prints ${what}: no early console (earlycon, or console= naming an earlycon driver) is set up before this step, and the console drivers register only after setup_arch())`;
}

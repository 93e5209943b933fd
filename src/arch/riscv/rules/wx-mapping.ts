/**
 * wx-mapping: a kernel leaf that is still writable and executable when
 * mark_rodata_ro() ends, which its debug_checkwx() (CONFIG_DEBUG_WX) reports
 * as an insecure W+X mapping. 5.10 keeps HEAD and the whole init region in
 * one PAGE_KERNEL_EXEC leaf that nothing protects, and frees the init pages
 * into it.
 */
import { selectKinds } from '../../../replay/event-index.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import type { Rule } from '../../../rules/types.js';
import { PAGE_SIZE } from '../geometry.js';
import type { SectionName } from '../image.js';
import type { EventOf } from '../replay/events.js';
import type { RiscvTrace } from '../types.js';
import { hex } from './describe.js';
import { SOURCE_TREES_TEXT } from '../kernel-version.js';

const ID = 'wx-mapping';
const KINDS = ['perm-failed', 'phase', 'wx-check'] as const;

/** A W+X check that found leaves, with the ranges no failed set_memory_*() explains (set-memory-failed reports those). */
interface Hit {
  readonly e: EventOf<'wx-check'>;
  readonly ranges: EventOf<'wx-check'>['ranges'];
  /** whether free_initmem() ran before the check: the init pages in the leaf are then the page allocator's */
  readonly initFreed: boolean;
}

/** pages of a PMD leaf (2 MiB), the largest W+X range the kernel's own layout leaves as one leaf */
const LEAF_PAGES = 512;

const INIT: ReadonlySet<SectionName> = new Set(['init.text', 'init.data']);

/** A W+X range of the check: its VA span, PA and the image sections in it (none for RAM outside the image). */
type WxRange = EventOf<'wx-check'>['ranges'][number];

/**
 * Whether a W+X range is RAM that no set_memory_*() call of the kernel reaches: outside the image, at __va(pa) below
 * PAGE_OFFSET, i.e. RAM below the load address. setup_vm_final() maps it PAGE_KERNEL_EXEC up to 5.12 (R510
 * mm/init.c:569-581, R512 :516-528), and the only calls that take X off RAM start at _data: 5.12's
 * protect_kernel_text_data() (R512 mm/init.c:560-575) and 5.10's mark_rodata_ro() (R510 :620-636) end their last
 * set_memory_nx() at max_low = __va(PFN_PHYS(max_low_pfn)), and _start = PAGE_OFFSET lies above this RAM.
 */
function belowKernel(r: WxRange, pageOffset: number): boolean {
  return r.sections.length === 0 && r.start < pageOffset;
}

/** "0xffffffdfbfe00000–0xffffffdfdfe00000 (pa 0x40000000)", for each range */
function rangesText(ranges: readonly WxRange[]): string {
  return ranges.map((r) => `${hex(r.start)}–${hex(r.end)} (pa ${hex(r.pa)}${r.sections.length > 0 ? `: ${r.sections.join(', ')}` : ''})`).join(', ');
}

/**
 * The remedy for the ranges an order or the kernel's own sections can fix, and what fixes RAM below the load address
 * (belowKernel) instead: moving calls cannot, so the finding then has no order fix (Finding.noOrderFix).
 */
function fixOf(trace: RiscvTrace, ranges: readonly WxRange[]): { readonly fix: string; readonly noOrderFix: boolean } {
  const pageOffset = trace.layout.va.PAGE_OFFSET;
  const below = ranges.filter((r) => belowKernel(r, pageOffset));
  const rest = ranges.filter((r) => !belowKernel(r, pageOffset));
  const restFix = trace.profile.markRodataRo === '5.10'
    ? 'keep init text and init data on leaves of their own and free init with set_memory_rw_nx(), as 5.12 does (R512 vmlinux.lds.S:47-93, setup.c:305-314)'
    : 'protect_kernel_text_data() after paging_init() and before mark_rodata_ro() makes text read-only and everything from _data to max_low non-executable (R512 mm/init.c:560-575, setup.c:267-268)';
  if (below.length === 0) return { fix: restFix, noOrderFix: false };
  const load = trace.scenario.machine.load_address;
  const lowest = Math.min(...trace.final.memory.map((b) => b.start));
  const belowFix = `${rangesText(below)} is RAM below the load address ${hex(load)}, which setup_vm_final() maps PAGE_KERNEL_EXEC at __va(pa) < PAGE_OFFSET, and no set_memory_*() call of this kernel reaches it (${trace.profile.markRodataRo === '5.10' ? 'mark_rodata_ro()\'s set_memory_nx() covers _data … max_low, R510 mm/init.c:620-636' : 'protect_kernel_text_data() covers _start … max_low, R512 mm/init.c:560-575'}): load the kernel at the lowest bank (${hex(lowest)} + 2 MiB), so that this RAM lies above it in the linear map, inside _data … max_low`;
  return { fix: rest.length > 0 ? `${belowFix}; for ${rangesText(rest)}: ${restFix}` : belowFix, noOrderFix: true };
}

export const wxMapping: Rule<RiscvTrace> = lazyRule<RiscvTrace, Hit>({
  meta: {
    id: ID,
    severity: 'warning',
    // not machine-wide: on 5.12 and 5.13 protect_kernel_text_data() (a setup_arch() call) decides it, so where it sits
    // matters and the fix search tries moves; on 5.10 no move helps, and the search says so (helper-200 1)
    doc: 'a kernel leaf writable and executable after mark_rodata_ro(): what debug_checkwx() (CONFIG_DEBUG_WX) reports (5.10: HEAD and the init region)',
    explanation: `mark_rodata_ro() ends with debug_checkwx() (R510 mm/init.c:634, R512 :584, R514 :487); with CONFIG_DEBUG_WX,
ptdump_check_wx() walks init_mm from KERN_VIRT_START up and, for every leaf with both _PAGE_WRITE and _PAGE_EXEC,
prints WARN_ONCE("riscv/mm: Found insecure W+X mapping at address %p/%pS") and then "Checked W+X mappings: failed,
%lu W+X pages found" (R510 mm/ptdump.c:222-235,297-322). Without CONFIG_DEBUG_WX the leaf is just as writable and
executable; nothing says so.
  - 5.10 puts HEAD_TEXT and all of __init_begin … __init_end (init text, the SoC tables, .exit.*, percpu: text and
    data intermixed) before ALIGN(SECTION_ALIGN) .text (R510 vmlinux.lds.S:27-59). setup_vm_final() maps it with
    PAGE_KERNEL_EXEC, mark_rodata_ro() protects only _text … _etext, rodata and _data … max_low (mm/init.c:620-636),
    so that 2 MiB leaf stays RWX, and free_initmem_default() (init/main.c:1406-1409) frees its init pages into the
    page allocator writable and executable.
  - 5.12 gives init text and init data leaves of their own and frees init with set_memory_rw_nx() (R512
    vmlinux.lds.S:47-93, setup.c:305-314). But setup_vm_final() still maps the kernel and all RAM PAGE_KERNEL_EXEC
    (R512 mm/init.c:527): protect_kernel_text_data() (setup.c:267-268; mm/init.c:560-575) makes text read-only and
    everything from _data to max_low non-executable. Without it, before paging_init() (its change is lost) or after
    mark_rodata_ro(), the check finds the text and the whole linear map W+X (the same on 5.13).
  - 5.14 maps everything with its final permissions (pgprot_from_va).
  - RAM below the load address (a bank below the kernel's) is mapped PAGE_KERNEL_EXEC at __va(pa) < PAGE_OFFSET
    up to 5.12 (R512 mm/init.c:516-528), and ptdump_check_wx() counts it; the calls that take X off RAM start at
    _data and end at max_low (R512 :560-575, R510 :620-636), so no order of the calls reaches it.
A leaf left W+X by a set_memory_*() that failed (5.13-rc1 … rc4's set_memory_nx of .data) is set-memory-failed's,
not reported again here.

Sources: ${SOURCE_TREES_TEXT}.

Fix: 5.10: keep init text and init data on leaves of their own and free init rw+nx, as 5.12 does; 5.12/5.13:
protect_kernel_text_data() after paging_init() and before mark_rodata_ro(); RAM below the load address: load the
kernel at the lowest bank.`,
  },
  detect(trace) {
    // one pass in trace order: the sections a failed set_memory_*() left writable and executable, and whether
    // free_initmem() ran, as each check finds them
    const failed = new Set<SectionName>();
    let initFreed = false;
    const hits: Hit[] = [];
    for (const e of selectKinds(trace.events, KINDS)) {
      if (e.kind === 'perm-failed') for (const k of e.kept) if (k.perm.w && k.perm.x) failed.add(k.section);
      if (e.kind === 'phase' && e.what === 'init-freed') initFreed = true;
      if (e.kind !== 'wx-check') continue;
      const ranges = e.ranges.filter((r) => r.sections.length === 0 || !r.sections.every((sec) => failed.has(sec)));
      if (ranges.length > 0) hits.push({ e, ranges, initFreed });
    }
    return hits;
  },
  verdict: ({ e }) => ({ rule: ID, severity: 'warning', step: e.step, related: [] }),
  format: ({ e, ranges, initFreed }, trace) => {
    const pages = ranges.reduce((n, r) => n + (r.end - r.start) / PAGE_SIZE, 0);
    const first = ranges[0];
    const holdsInit = ranges.some((r) => r.sections.some((s) => INIT.has(s)));
    const { fix, noOrderFix } = fixOf(trace, ranges);
    // one 2 MiB leaf (5.10's HEAD and init region) or the whole kernel and linear map (5.12 without protect_kernel_text_data())
    const oneLeaf = ranges.length === 1 && pages <= LEAF_PAGES;
    const where = oneLeaf ? { them: 'that leaf', it: 'the leaf' } : { them: 'those ranges', it: 'them' };
    return {
      rule: ID, severity: 'warning', step: e.step, pos: e.step.pos,
      message: `after ${e.step.name}() the kernel maps ${rangesText(ranges)} writable and executable: debug_checkwx() would print "Checked W+X mappings: failed, ${pages} W+X pages found"`,
      related: [],
      addresses: first !== undefined ? { start: first.start, end: first.end, pa: first.pa } : {},
      consequence: holdsInit && initFreed
        ? `free_initmem() has handed the init pages in ${where.them} to the page allocator: whatever is allocated there is executable, and the head code beside it writable (W^X is void for ${where.it})`
        : `code in ${where.them} can be overwritten and data in ${where.it} executed (W^X is void for ${where.it})`,
      fix,
      ...(noOrderFix ? { noOrderFix: true } : {}),
    };
  },
});

/**
 * layout-overlap: in the final layout, two regions of the kernel's virtual
 * address space overlap, or one that must not be empty is.
 */
import type { Region, RegionName } from '../layout.js';
import type { E820Edit, E820EditEvent, MaxLowPfnEvent, StepRef, TraceEvent } from '../replay/events.js';
import type { X86Trace as Trace } from '../types.js';
import { hex, label, relocationLabel as relocationName, setterOf, size } from './describe.js';
import { lazyRule } from '../../../rules/lazy-rule.js';
import { eventIndex } from '../../../replay/event-index.js';
import { settersOf } from '../setters.js';
import { has, MEM_INIT_VMALLOC_NOT_EMPTY } from '../history.js';
import { e820ParamsFor } from '../e820-params.js';
import { SMP_ALLOC_MEMORY_GONE } from '../setup-arch-history.js';
import type { KernelVersion } from '../kernel-version.js';
import { PAGE_SIZE, VA_TOP } from '../geometry.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'layout-overlap';

type Edge = 'start' | 'end';

/**
 * Which events move an edge of a region: max_low_pfn (and the vmalloc= that
 * sized it) moves lowmem's end and vmalloc's start; every relocation moves
 * everything hung off FIXADDR_TOP (vmalloc's end, pkmap, fixmap, the hole).
 */
function moves(e: TraceEvent, region: RegionName, edge: Edge): boolean {
  const sizedByLowmem = (region === 'lowmem' && edge === 'end') || (region === 'vmalloc' && edge === 'start');
  if (e.kind === 'max-low-pfn' || e.kind === 'vmalloc-reserve-set') return sizedByLowmem;
  return e.kind === 'relocation' && region !== 'lowmem' && !sizedByLowmem;
}

/** The last step that moved the given edges is the culprit; earlier movers are related. */
function blame(trace: Trace, edges: readonly [RegionName, Edge][]): { step: StepRef; related: StepRef[] } {
  const movers: StepRef[] = [];
  const seen = new Set<StepRef>();
  for (const e of trace.events) {
    if ('step' in e && !seen.has(e.step) && edges.some(([r, edge]) => moves(e, r, edge))) {
      seen.add(e.step);
      movers.push(e.step);
    }
  }
  const step = movers[movers.length - 1] ?? trace.steps[0];
  if (step === undefined) throw new Error('internal: a trace always has an implicit step');
  return { step, related: movers.filter((s) => s !== step) };
}

function span(r: Region): string {
  return `${r.name} ${hex(r.start)}–${hex(r.end)}`;
}

/** An empty region, one below PAGE_OFFSET, or two overlapping ones, with the region edges whose movers are to blame. */
type Issue =
  | { readonly kind: 'empty'; readonly region: Region; readonly edges: readonly [RegionName, Edge][] }
  | { readonly kind: 'user-space'; readonly region: Region; readonly pageOffset: number; readonly edges: readonly [RegionName, Edge][] }
  | { readonly kind: 'below-image'; readonly region: Region; readonly imageEnd: number; readonly edges: readonly [RegionName, Edge][] }
  | { readonly kind: 'overlap'; readonly a: Region; readonly b: Region; readonly edges: readonly [RegionName, Edge][] };

/** One finding: the step that last moved the edges, the earlier movers, and every issue it explains. */
interface Hit {
  readonly step: StepRef;
  readonly related: StepRef[];
  readonly issues: Issue[];
}

export const layoutOverlap: Rule<Trace> = lazyRule<Trace, Hit>({
  meta: {
    // events and the final state; trace.steps only for its first (implicit) step, which no order renumbers
    eventsOnly: true,
    id: ID,
    severity: 'error',
    doc: 'final regions (lowmem, vmalloc, pkmap, fixmap, reservetop= reserve, hypervisor or firmware hole) overlap or are empty',
    explanation: `After the replay the model lays out the kernel's virtual address space the way the headers do
(page_32.h, pgtable_32.h, highmem.h, fixmap_32.h):
  lowmem      PAGE_OFFSET .. high_memory = PAGE_OFFSET + max_low_pfn * PAGE_SIZE
  vmalloc     VMALLOC_START = ALIGN(high_memory + VMALLOC_OFFSET, VMALLOC_OFFSET) .. VMALLOC_END
  pkmap       PKMAP_BASE = (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
  fixmap      FIXADDR_BOOT_START .. FIXADDR_TOP + PAGE_SIZE
  reserved    -reserve of the last reservetop= .. the hypervisor hole (or 4 GiB): kept free, nobody's
  hypervisor  where a hypervisor lives (VMI: -reserve; Xen: HYPERVISOR_VIRT_START, above the 2 pages of
              padding its reserve holds before 2.6.27.8) .. 4 GiB
  firmware    where OLPC's OpenFirmware lives (2.6.36-rc1 on): -reserve .. 4 GiB
Any overlap means two users map the same virtual addresses; an empty vmalloc area or lowmem means the
kernel cannot boot (mem_init() checks BUG_ON(VMALLOC_START > VMALLOC_END), >= from 2.6.29-rc1). A region
hung off FIXADDR_TOP that starts below PAGE_OFFSET lies in user space, where mem_init()'s
zap_low_mappings() removes its page tables. MAXMEM is unsigned: a reserve larger than the space above
PAGE_OFFSET wraps it around, and all of RAM becomes lowmem; one just under it leaves lowmem so small that
it ends inside the kernel image, and the boot-time allocator has almost nothing to give. Typical causes: a reserve larger than __VMALLOC_RESERVE leaves room for, vmalloc=
parsed after Xen's reservation (parse_vmalloc assigns __VMALLOC_RESERVE, forgetting the reserve), or a
max_low_pfn computed before a relocation (see lowmem-before-relocation). Lowmem is also empty when mem= or
memmap= leave the e820 map no page of RAM (mem=0, memmap=exactmap with no memmap=SIZE@START): max_pfn is 0,
and find_low_pfn_range() copies it into max_low_pfn.

Fix: make the reservations fit (smaller vmalloc=, reservetop=, or more address space via VMSPLIT), or
compute max_low_pfn after every relocation; for RAM that mem= or memmap= removed, no order helps: change
machine.cmdline.`,
  },
  detect(trace) {
    const { regions } = trace.layout;
    // one finding per cause: the step that last moved the edges, with every overlap it explains as detail
    // made on the first issue: nearly every order the many-replay engine judges has none
    let byCulprit: Map<number, Hit> | undefined;
    const add = (issue: Issue): void => {
      byCulprit ??= new Map();
      const { step, related } = blame(trace, issue.edges);
      const group = byCulprit.get(step.index) ?? { step, related: [], issues: [] };
      for (const r of related) if (!group.related.includes(r)) group.related.push(r);
      group.issues.push(issue);
      byCulprit.set(step.index, group);
    };
    const pageOffset = trace.scenario.config.page_offset;
    const imageEnd = trace.scenario.config.system_map._end;
    const unsetLowmem = lowmemUnsetAndNeeded(trace);
    for (const r of regions) {
      if (r.name === 'hypervisor' || r.name === 'firmware' || r.name === 'reserved') continue;
      if (r.end <= r.start) {
        if (r.name === 'lowmem' && unsetLowmem) continue;
        add({ kind: 'empty', region: r, edges: [[r.name, 'start'], [r.name, 'end']] });
      }
      // MAXMEM squeezed to almost nothing (vmalloc= near the whole kernel space): lowmem ends inside the kernel image
      else if (r.name === 'lowmem' && r.end < imageEnd) add({ kind: 'below-image', region: r, imageEnd, edges: [[r.name, 'end']] });
      // a reserve close to the kernel's whole part of the address space (reservetop=) puts what hangs off FIXADDR_TOP below PAGE_OFFSET
      else if (r.name !== 'lowmem' && r.start < pageOffset) add({ kind: 'user-space', region: r, pageOffset, edges: [[r.name, 'start']] });
    }
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i];
        const b = regions[j];
        if (a === undefined || b === undefined || a.end <= a.start || b.end <= b.start) continue;
        // pgtable_32.h: without highmem VMALLOC_END = FIXADDR_START - 2 * PAGE_SIZE,
        // so vmalloc shares addresses with the boot-time slots by design.
        const bootSlotsOnly = a.name === 'vmalloc' && b.name === 'fixmap' && a.end <= trace.layout.FIXADDR_START;
        if (a.start < b.end && b.start < a.end && !bootSlotsOnly) {
          const [low, high] = a.start <= b.start ? [a, b] : [b, a];
          add({ kind: 'overlap', a, b, edges: [[low.name, 'end'], [high.name, 'start']] });
        }
      }
    }
    if (byCulprit === undefined) return [];
    return [...byCulprit.values()].sort((x, y) => x.step.index - y.step.index);
  },
  verdict: ({ step, related }) => ({ rule: ID, severity: 'error', step, related: related.map((s) => ({ step: s })) }),
  format: ({ step, related, issues }, trace): Finding => {
    const cause = causeOf(trace, step);
    const first = issues[0];
    // lowmem is empty because no step set max_low_pfn, or because one set it to 0 (MAXMEM 0 under a reserve
    // as large as the room it is computed from, which cmdline-layout.ts allows up to that byte)
    const unset = setterOf(trace, 'max_low_pfn') === undefined;
    const onlyLowmemEmpty = unset && issues.length === 1 && first?.kind === 'empty' && first.region.name === 'lowmem';
    // lowmem empty, or ending inside the kernel image, because mem=/memmap= left too little RAM (break-226 N2,
    // break-230 N1): that fix names no relocation, vmalloc= or reservetop=. Only when the step's issues are all
    // of that kind: one the step shares with others keeps the wording that covers them
    const emptied = issues.length > 0 && issues.every(isShortLowmem) ? ramCutBy(trace, ramNeeded(issues, trace.scenario.config.page_offset)) : undefined;
    const relocationFix = `compute max_low_pfn after every relocation and keep the reservations within __VMALLOC_RESERVE (smaller vmalloc=, reservetop=); the last change is ${label(step)}`;
    return {
      rule: ID,
      severity: 'error',
      step,
      pos: step.pos,
      message: `${cause !== null ? `${cause}: ` : ''}${issues.map((x) => issueText(x, unset)).join('; ')}`,
      related: related.map((r) => ({ step: r, role: 'also moved these regions' })),
      addresses: Object.assign({}, ...issues.map(issueAddresses)) as Record<string, number>,
      consequence: consequenceOf(issues, trace),
      fix: onlyLowmemEmpty
        ? 'call find_low_pfn_range (2.6.26: setup_memory)'
        : emptied !== undefined
          // MAXMEM 0 under the reserves would empty lowmem too: RAM alone would not give it back
          ? `${noRamFix(emptied, trace.scenario.kernel)}${emptied.maxmemToo ? `; MAXMEM is ${emptied.need === PAGE_SIZE ? '0' : 'too small'} as well: ${relocationFix}` : ''}`
          : relocationFix,
      // no step set max_low_pfn: the fix search tries inserting the call of this kernel that sets it
      ...(onlyLowmemEmpty ? { setters: settersOf('max_low_pfn', trace.scenario.kernel) } : {}),
      // the command line alone cut the RAM short: no order gives it back, and the fix search is not to spend its
      // replays saying so before the remedy (break-231 N1). With MAXMEM short too, the reserves are the order's
      // part of the cause, and the search still looks for their move
      ...(emptied !== undefined && !emptied.maxmemToo ? { noOrderFix: true } : {}),
    };
  },
});

/**
 * No step set max_low_pfn (or the one that did had no max_pfn to copy, no step setting it) and a call of the order needs it where it matters (missing-prerequisite's error,
 * which names the call to insert): the empty lowmem is that missing call's consequence, not a second bug, so
 * layout-overlap does not report it as one (blamed on head_32, it read as a separate problem, and the fix
 * search saw inserting find_low_pfn_range remove one layout-overlap and add another, blamed elsewhere).
 * In the kernel max_low_pfn is a zero-initialised global (mm/bootmem.c:22) that only find_low_pfn_range()
 * sets on x86_32 (arch/x86/mm/init_32.c:578-584; setup.c:767-784 calls it right before
 * init_memory_mapping(0, max_low_pfn<<PAGE_SHIFT)); without it init_memory_mapping() maps nothing and
 * initmem_init() sets high_memory = __va(0) and hands bootmem no pages (init_32.c:646-716), all at
 * caglar10ur/linux-2.6.27.y@16fa49cbc7. An order no call of which reads max_low_pfn still gets the
 * empty lowmem from this rule: nothing else would say the call is missing.
 */
function lowmemUnsetAndNeeded(trace: Trace): boolean {
  const setter = setterOf(trace, 'max_low_pfn');
  for (const e of eventIndex(trace.events).of('need')) {
    if (e.present || !e.matters) continue;
    if (setter === undefined && e.value === 'max_low_pfn') return true;
    // the same cascade one call earlier: find_low_pfn_range ran, but no step of the order sets max_pfn, so it copied
    // max_pfn's 0 (max_low_pfn = max_pfn, init_32.c:584); missing-prerequisite's error on it names the call to insert.
    // (A max_pfn set only later is an order problem of its own, whose layout finding keeps its move fix.)
    if (setter !== undefined && e.value === 'max_pfn' && e.step.index === setter.index && setterOf(trace, 'max_pfn') === undefined) return true;
  }
  return false;
}

function isShortLowmem(x: Issue): boolean {
  return (x.kind === 'empty' || x.kind === 'below-image') && x.region.name === 'lowmem';
}

/**
 * Bytes of RAM lowmem needs to clear the issues (isShortLowmem): a page for an empty lowmem, the kernel
 * image's physical end (_end - PAGE_OFFSET) for one that ends inside the image.
 */
function ramNeeded(issues: readonly Issue[], pageOffset: number): number {
  let need = PAGE_SIZE;
  for (const x of issues) if (x.kind === 'below-image') need = Math.max(need, x.imageEnd - pageOffset);
  return need;
}

/** The mem=/memmap= options that left lowmem short (ramCutBy), and what it needed. */
interface RamCut {
  readonly edits: readonly E820EditEvent[];
  /** bytes of RAM lowmem needed (ramNeeded) */
  readonly need: number;
  /** where the RAM ended for the last find_low_pfn_range(): max_pfn, in bytes */
  readonly ramEnd: number;
  /** MAXMEM_PFN was below the need too: the RAM alone would not give lowmem back */
  readonly maxmemToo: boolean;
}

/**
 * The mem=/memmap= options that left the e820 map too little RAM, when that is why lowmem is short: the last
 * find_low_pfn_range() took max_low_pfn = max_pfn (all RAM below MAXMEM_PFN, arch/x86/mm/init_32.c:584), and
 * e820_end_of_ram_pfn() found RAM only below `need` bytes (e820_end_pfn() counts whole pages,
 * arch/x86/kernel/e820.c:1055-1088, caglar10ur/linux-2.6.27.y@3fa8749e584b; 2.6.26's setup_memory() and
 * propagate_e820_map() alike: setup_32.c:342-346, 458 and PFN_DOWN() in e820_32.c:478-497 at bce7f793da).
 * 2.6.26's memmap=SIZE#START / SIZE$START cut nothing (e820-params.ts), so they are never named. Undefined otherwise: a
 * max_low_pfn capped by MAXMEM (a reserve as large as the room it is computed from) is a relocation's, and a
 * machine.memory that is small by itself is no option's (the loader refuses a machine that does not hold
 * the kernel). The options named are the removals, applied before that max_pfn was computed, that lowered
 * the end of RAM after the last edit that left it at `need` or above (the BIOS map before the first edit):
 * an option that lowered nothing (mem=64M after mem=5M) or whose cut memmap=SIZE@START ranges made good
 * again (exactmap before enough @ RAM) is not the cause (break-231 F1, F2).
 */
function ramCutBy(trace: Trace, need: number): RamCut | undefined {
  let sized: MaxLowPfnEvent | undefined;
  let maxPfnAt = -1;
  const events = trace.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e?.kind === 'max-pfn') maxPfnAt = i;
    else if (e?.kind === 'max-low-pfn') sized = e;
  }
  if (sized === undefined || sized.maxLowPfn !== sized.maxPfnBefore || sized.maxPfnBefore * PAGE_SIZE >= need || maxPfnAt < 0) return undefined;
  let named: E820EditEvent[] = [];
  let before = Number.POSITIVE_INFINITY;
  for (const e of events.slice(0, maxPfnAt)) {
    if (e.kind !== 'e820-edit' || !e.applied || e.ramEnd === null) continue;
    if (e.ramEnd >= need) named = [];
    else if (e.edit !== 'ram' && e.ramEnd < before) named.push(e);
    before = e.ramEnd;
  }
  return named.length > 0 ? { edits: named, need, ramEnd: sized.maxPfnBefore * PAGE_SIZE, maxmemToo: sized.maxmemPfn * PAGE_SIZE < need } : undefined;
}

/** What to change on the command line, for each kind of edit that left no RAM. */
const NO_RAM_REMEDY: Readonly<Record<Exclude<E820Edit, 'ram'>, string>> = {
  mem: 'give mem= the RAM the kernel is to use, or drop it',
  limit: 'give memmap=SIZE the RAM the kernel is to use, or drop it',
  exactmap: 'describe the RAM with memmap=SIZE@START after memmap=exactmap, or drop memmap=exactmap',
  acpi: 'move the memmap=SIZE#START range off the RAM, or drop it',
  reserved: 'move the memmap=SIZE$START range off the RAM, or drop it',
};

/**
 * The fix of a short lowmem that mem=/memmap= caused: no order change, the command line (ramCutBy). What each
 * edit did is said with the handlers of the scenario's kernel (e820-params.ts: 2.6.26's parse_mem() →
 * limit_regions() and parse_memmap(), 2.6.27-rc1's parse_memopt() and parse_memmap_opt()).
 */
function noRamFix({ edits, need, ramEnd }: RamCut, kernel: KernelVersion): string {
  const kinds = [...new Set(edits.map((e) => e.edit))].filter((k): k is Exclude<E820Edit, 'ram'> => k !== 'ram');
  const params = edits.map((e) => e.param).join(' ');
  const leave = `leave${edits.length === 1 ? 's' : ''}`;
  const handlers = e820ParamsFor(kernel);
  if (need === PAGE_SIZE) {
    const because = kinds.map((k) => handlers.noRam[k]).join('; ');
    return `no order of setup_arch fixes it: ${params} on machine.cmdline ${leave} no page of RAM in the e820 map (${because}), so max_pfn and max_low_pfn are 0; ${kinds.map((k) => NO_RAM_REMEDY[k]).join('; ')}`;
  }
  const because = kinds.map((k) => handlers.shortRam[k]).join('; ');
  return `no order of setup_arch fixes it: ${params} on machine.cmdline ${leave} RAM only below ${hex(ramEnd)} in the e820 map (${because}), short of the kernel image's end at ${hex(need)}, so max_low_pfn = max_pfn leaves lowmem inside the image; ${kinds.map((k) => NO_RAM_REMEDY[k]).join('; ')}`;
}

/** @param unset no step set max_low_pfn (an empty lowmem says so) */
function issueText(x: Issue, unset: boolean): string {
  if (x.kind === 'overlap') return `${span(x.a)} overlaps ${span(x.b)}`;
  if (x.kind === 'user-space') return `${span(x.region)} starts below PAGE_OFFSET ${hex(x.pageOffset)}, in user space`;
  if (x.kind === 'below-image') return `${span(x.region)} ends inside the kernel image (_end ${hex(x.imageEnd)})`;
  const r = x.region;
  if (r.name !== 'lowmem') return `${r.name} is empty: ${hex(r.start)}–${hex(r.end)}`;
  // set to 0 (MAXMEM 0 under the reserves, or no RAM): the cause before the issues says by which step
  return `${r.name} is empty: ${hex(r.start)}–${hex(r.end)}${unset ? ' (no step set max_low_pfn)' : ''}`;
}

function issueAddresses(x: Issue): Record<string, number> {
  if (x.kind === 'overlap') return { [`${x.a.name}_start`]: x.a.start, [`${x.a.name}_end`]: x.a.end, [`${x.b.name}_start`]: x.b.start, [`${x.b.name}_end`]: x.b.end };
  if (x.kind === 'below-image') return { [`${x.region.name}_start`]: x.region.start, [`${x.region.name}_end`]: x.region.end, _end: x.imageEnd };
  return { [`${x.region.name}_start`]: x.region.start, [`${x.region.name}_end`]: x.region.end };
}

/** What the kernel does, one clause per distinct consequence; the regions in user space share one. */
function consequenceOf(issues: readonly Issue[], trace: Trace): string {
  const inUserSpace = issues.flatMap((x) => (x.kind === 'user-space' ? [x.region.name] : []));
  const clauses = issues.map((x) => (x.kind === 'user-space' ? userSpaceConsequence(inUserSpace) : issueConsequence(x, trace)));
  return [...new Set(clauses)].join('; ');
}

function userSpaceConsequence(names: readonly string[]): string {
  const what = names.join(' and ');
  // mem_init() → zap_low_mappings() (caglar10ur/linux-2.6.27.y@3fa8749e584b:arch/x86/mm/init_32.c:482,987;
  // dandel/linux-2.6.32.y@f472f49700ab:arch/x86/mm/init_32.c:567,957) and pgd_ctor()'s
  // clone_pgd_range(pgd + KERNEL_PGD_BOUNDARY, …) (…@3fa8749e584b:arch/x86/mm/pgtable.c:76)
  return `the kernel's page tables for ${what} hang off PGD entries below KERNEL_PGD_BOUNDARY: mem_init() ends with zap_low_mappings(), which clears them in swapper_pg_dir, and pgd_alloc() copies only the entries above it into every new process, so ${what} ${names.length > 1 ? 'are' : 'is'} unmapped once the boot is over`;
}

function issueConsequence(x: Exclude<Issue, { kind: 'user-space' }>, trace: Trace): string {
  if (x.kind === 'overlap') {
    const reserved = x.a.name === 'reserved' ? x.b : x.b.name === 'reserved' ? x.a : null;
    // nothing the kernel knows of lives in a reservetop= reserve: the kernel uses what was to be kept free
    return reserved !== null ? `the kernel maps ${reserved.name} into the top that reservetop= asked to keep free`
      : `the kernel maps ${x.a.name} and ${x.b.name} at the same virtual addresses`;
  }
  if (x.kind === 'below-image') {
    // arch/x86/kernel/head32.c:18 reserve_early(__pa(_text), __pa(_end), "TEXT DATA BSS"); arch/x86/mm/init_32.c:698-707
    // setup_bootmem_allocator(): init_bootmem_node(…, min_low_pfn, max_low_pfn) (caglar10ur/linux-2.6.27.y@3fa8749e584b;
    // both from 2.6.27-rc1: a4c81cf6843 "x86: extend e820 ealy_res support 32bit", 346cafecdeb "x86: clean up min_low_pfn").
    // 2.6.26: setup_bootmem_allocator(): init_bootmem(min_low_pfn, max_low_pfn), then reserve_bootmem(__pa_symbol(_text), …)
    // (…@bce7f793da:arch/x86/kernel/setup_32.c:649-667); reserve_bootmem_core() caps the range at node_low_pfn (mm/bootmem.c:171-173)
    const bootmem = has(trace.scenario.kernel, SMP_ALLOC_MEMORY_GONE)
      ? 'setup_bootmem_allocator(): init_bootmem_node(…, max_low_pfn)), and the image is reserved ("TEXT DATA BSS")'
      : 'setup_bootmem_allocator(): init_bootmem(min_low_pfn, max_low_pfn)), and the image is reserved (reserve_bootmem(__pa_symbol(_text), …))';
    return `the boot-time allocator gets only the pages below max_low_pfn (${bootmem}, so only the low memory below the image is left to allocate from${trace.scenario.config.highmem ? '' : '; without highmem the rest of RAM is not used at all'}`;
  }
  if (x.region.name === 'lowmem') return 'no direct map: the kernel cannot allocate memory';
  // arch/x86/mm/init_32.c mem_init(): BUG_ON(VMALLOC_START > VMALLOC_END) in 2.6.26 – 2.6.28
  // (caglar10ur/linux-2.6.27.y@3fa8749e584b:979), >= from beeb4195cbc (2.6.29-rc1)
  const inverted = x.region.start > x.region.end || (x.region.start === x.region.end && has(trace.scenario.kernel, MEM_INIT_VMALLOC_NOT_EMPTY));
  return inverted
    ? `no vmalloc space: mem_init() stops the boot at BUG_ON(VMALLOC_START ${has(trace.scenario.kernel, MEM_INIT_VMALLOC_NOT_EMPTY) ? '>=' : '>'} VMALLOC_END)`
    : 'no vmalloc space: vmalloc() and ioremap() fail';
}

/** What the culprit step did to the layout, in words (the one cause behind its overlaps). */
function causeOf(trace: Trace, step: StepRef): string | null {
  let lastRelocation: { reserve: number; label: string; grew: boolean } | null = null;
  // the largest hole something lives in so far: a reservetop= reserve holds nothing, a later reserve just replaces it
  let largest: { reserve: number; label: string } | null = null;
  // the step's own last relocation (reservetop= given twice in one parse_early_param: the second wins)
  let own: { text: string; largest: { reserve: number; label: string } | null } | null = null;
  // vmalloc= forgetting an earlier reserve; a relocation later in the same step moves more and wins
  let forgot: string | null = null;
  // __VMALLOC_RESERVE and the reserve_top_address() calls so far: a lowmem past 4 GiB says how MAXMEM wrapped
  let reserve: number | null = null;
  let reserves = 0;
  for (const e of trace.events) {
    const inStep = e.step.index === step.index;
    if (e.kind === 'vmalloc-reserve-set') reserve = e.after;
    if (e.kind === 'relocation') {
      reserve = e.vmallocReserveAfter;
      // until 2.6.31-rc6 (6abf65510944) each call adds its reserve to __VMALLOC_RESERVE
      if (e.vmallocReserveAfter > e.vmallocReserveBefore) reserves++;
      const by = e.step.implicit ? 'xen_reserve_top' : label(e.step);
      if (inStep) own = { text: `${e.step.implicit ? 'xen_reserve_top' : relocationName(e)} reserves ${size(e.reserve)} at the top (FIXADDR_TOP ${hex(e.newTop)})`, largest: largest !== null && largest.reserve > e.reserve ? largest : null };
      else lastRelocation = { reserve: e.reserve, label: by, grew: e.vmallocReserveAfter > e.vmallocReserveBefore };
      if (e.source !== 'reservetop' && (largest === null || e.reserve > largest.reserve)) largest = { reserve: e.reserve, label: by };
      continue;
    }
    if (!inStep || own !== null || forgot !== null) continue;
    if (e.kind === 'vmalloc-reserve-set' && lastRelocation !== null && lastRelocation.grew && e.before > e.after) {
      forgot = `vmalloc= in ${label(step)} sets __VMALLOC_RESERVE to ${size(e.after)}, forgetting the ${size(lastRelocation.reserve)} that ${lastRelocation.label} added before it (parse_vmalloc() assigns, it does not add)`;
      continue;
    }
    if (e.kind === 'max-low-pfn') {
      const sized = `${label(step)} sizes lowmem to ${size(e.maxLowPfn * PAGE_SIZE)} (max_low_pfn ${e.maxLowPfn})`;
      const end = trace.scenario.config.page_offset + e.maxLowPfn * PAGE_SIZE;
      if (end <= VA_TOP || reserve === null) return sized;
      // MAXMEM (-PAGE_OFFSET or VMALLOC_END - PAGE_OFFSET, minus __VMALLOC_RESERVE) below zero is a huge unsigned long
      // that caps nothing: the addresses past 4 GiB are what the kernel's arithmetic would need, and wraps (helper-156:
      // a define:d relocate: called twice, 16 vmi_init, each in range alone)
      const grown = reserves > 0 ? ` after ${reserves} reserve_top_address() call${reserves === 1 ? ' that added its reserve' : 's that each added theirs'}` : '';
      return `${sized}, a direct map that would end past 4 GiB at ${hex(end)}: __VMALLOC_RESERVE is ${size(reserve)}${grown}, so MAXMEM wraps below zero and caps nothing`;
    }
  }
  if (own === null) return forgot;
  // __FIXADDR_TOP = -reserve - PAGE_SIZE: the last caller wins, a smaller reserve moves the fixmap back up
  return own.largest !== null ? `${own.text}, although ${own.largest.label} reserved ${size(own.largest.reserve)}: the last reserve_top_address() wins and moves the fixmap back up into that hole` : own.text;
}

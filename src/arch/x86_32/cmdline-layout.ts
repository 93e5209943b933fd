/**
 * The range of the command line's layout sizes (reservetop=, vmalloc=) with a hypervisor's reserve: the
 * values for which the kernel's own layout arithmetic stays in range, so that lowmem ends ≤ VMALLOC_START
 * < VMALLOC_END ≤ PKMAP_BASE / FIXADDR_START < 4 GiB. Outside it the kernel computes nonsense it does not
 * notice before mem_init():
 * - `unsigned int __VMALLOC_RESERVE` (arch/x86/mm/pgtable_32.c:22 at 2.6.36 f6f94e2ab1b; init_32.c:53 at
 *   2.6.28 4a6908a3a05) grows by every reserve_top_address() until 2.6.31-rc6 and can pass 2^32;
 * - MAXMEM is an unsigned long: `(-__PAGE_OFFSET - __VMALLOC_RESERVE)` (include/asm-x86/page_32.h:85 at
 *   2.6.26 bce7f793dae, :93 at 2.6.27 caglar10ur/linux-2.6.27.y@3fa8749e584b), `(VMALLOC_END - PAGE_OFFSET
 *   - __VMALLOC_RESERVE)` from 2.6.28-rc1 (arch/x86/include/asm/pgtable_32.h:76 at 4a6908a3a05,
 *   pgtable_32_types.h:49 at 2.6.30 07a2039b8eb, :53 at 2.6.34 e40152ee1e1c and 2.6.36 f6f94e2ab1b).
 *   A reserve larger than the space it is taken from wraps it to nearly 4 GiB, and find_low_pfn_range()
 *   (max_low_pfn = max_pfn unless max_pfn > MAXMEM_PFN; low-pfn-range.ts) makes all of RAM lowmem;
 * - VMALLOC_START is an unsigned long computed from high_memory (include/asm-x86/pgtable_32.h:59-60 at
 *   bce7f793dae and 3fa8749e584b: `(high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1)`; from
 *   2.6.28-rc1 `high_memory + VMALLOC_OFFSET`, pgtable_32.h:60 at 4a6908a3a05): before 2.6.28-rc1 MAXMEM
 *   does not look at VMALLOC_END, so a small vmalloc= on a machine with enough RAM puts VMALLOC_START
 *   past VMALLOC_END (or past 4 GiB, where it wraps to 0), and a large reservetop= puts VMALLOC_END
 *   below the direct map.
 * The kernel detects none of it while it lays out memory: mem_init() stops the boot later with
 * BUG_ON(VMALLOC_START > VMALLOC_END) and BUG_ON(high_memory > VMALLOC_START) (arch/x86/mm/init_32.c:656-657
 * at 2.6.26 bce7f793dae; `>=` from 2.6.29-rc1, :956-957 at 2.6.36 f6f94e2ab1b), when the direct map has
 * already been built over the vmalloc area and the fixmap. bootreplay refuses such a command line as an
 * input error (checks.ts), so every layout it prints is made of 32-bit values in the kernel's order.
 *
 * Where the order of the calls makes the layout overlap (max_low_pfn before a relocation, vmalloc= after
 * a hypervisor's reserve) is not decided here: that is a replay finding (lowmem-before-relocation,
 * layout-overlap).
 */
import type { CmdlineParam } from './cmdline.js';
import { e820EditsLostText, e820ParamsFor, limitBuiltMap, limitEntries, lostOnEmptyMap, type E820Params } from './e820-params.js';
import type { Effect } from './effects.js';
import { buildFixmapEnum } from './fixmap.js';
import { PAGE_SIZE, VA_TOP, geometryFor } from './geometry.js';
import { has, MEM_INIT_VMALLOC_NOT_EMPTY, XEN_RESERVE_NO_PADDING } from './history.js';
import type { KernelVersion } from './kernel-version.js';
import {
  DEFAULT_FIXADDR_TOP, DEFAULT_VMALLOC_RESERVE, fixaddrTopFor, formulasFor, vmallocEnd, vmallocParamReserve, vmallocStart, vmiReserve,
  xenReserve, type Formulas,
} from './layout.js';
import { fixmapVersion } from './replay/context.js';
import type { Config, Machine } from './types.js';
import { hex, size } from '../../units.js';

/** A step that changes FIXADDR_TOP or __VMALLOC_RESERVE: a hypervisor's reserve_top_address(), or a command-line parameter. */
type Edit =
  /** `call`/`step`: the scenario's step that makes it (a defined reserve's check names it) */
  | { readonly kind: 'hypervisor'; readonly who: 'VMI' | 'Xen'; readonly bytes: number; readonly call?: string; readonly step?: number }
  | { readonly kind: 'reservetop' | 'vmalloc'; readonly bytes: number; readonly param: Extract<CmdlineParam, { name: 'reservetop' | 'vmalloc' }> }
  /** a define:d call's `relocate: SIZE` (reserve_top_address(SIZE)) */
  | { readonly kind: 'defined'; readonly name: string; readonly bytes: number };

/** Where the problem is reported: the command line (at a parameter) or the hypervisor's machine fact. */
export interface LayoutRangeProblem {
  readonly key: 'cmdline' | 'vmi_virtual_top' | 'xen_virt_start';
  /** character offset of the parameter in machine.cmdline */
  readonly offset?: number;
  readonly message: string;
}

/** What the kernel's layout arithmetic gives after some edits, in exact (unwrapped) integers. */
type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'reserve-wrap'; readonly reserve: number }
  | { readonly ok: false; readonly kind: 'maxmem-wrap'; readonly top: number; readonly reserve: number; readonly raw: number }
  | { readonly ok: false; readonly kind: 'vmalloc-inverted'; readonly reserve: number; readonly lowPages: number; readonly capped: boolean; readonly start: number; readonly end: number };

interface Shape {
  readonly formulas: Formulas;
  readonly pageOffset: number;
  /** RAM the machine can have at most once the command line has edited the e820 map (pages) */
  readonly ramPages: number;
  readonly vmallocEndAt: (fixaddrTop: number) => number;
}

/**
 * FIXADDR_TOP and __VMALLOC_RESERVE after the edits, in order (reserve_top_address(): __FIXADDR_TOP =
 * -reserve - PAGE_SIZE and, until 2.6.31-rc6, __VMALLOC_RESERVE += reserve; parse_vmalloc(): __VMALLOC_RESERVE
 * = SIZE, + VMALLOC_OFFSET from 2.6.28-rc1), then MAXMEM and the vmalloc area with the most lowmem this RAM gives.
 */
function outcome(shape: Shape, edits: readonly Edit[]): Outcome {
  const { formulas, pageOffset } = shape;
  let top = DEFAULT_FIXADDR_TOP;
  let reserve = DEFAULT_VMALLOC_RESERVE;
  for (const e of edits) {
    if (e.kind === 'vmalloc') reserve = vmallocParamReserve(formulas, e.bytes);
    else {
      top = fixaddrTopFor(e.bytes);
      if (formulas.reserveGrowsVmalloc) reserve += e.bytes;
    }
  }
  if (reserve >= VA_TOP) return { ok: false, kind: 'reserve-wrap', reserve };
  const maxmemTop = formulas.maxmem === 'reserve' ? VA_TOP : shape.vmallocEndAt(top);
  const raw = maxmemTop - pageOffset - reserve;
  if (raw < 0) return { ok: false, kind: 'maxmem-wrap', top: maxmemTop, reserve, raw };
  const maxmemPages = Math.floor(raw / PAGE_SIZE);
  const lowPages = Math.min(maxmemPages, shape.ramPages);
  const start = vmallocStart(formulas, pageOffset + lowPages * PAGE_SIZE);
  const end = shape.vmallocEndAt(top);
  if (start >= end) return { ok: false, kind: 'vmalloc-inverted', reserve, lowPages, capped: lowPages === maxmemPages, start, end };
  return { ok: true };
}

/**
 * The most RAM the e820 map can end at once parse_early_param() has applied mem= and memmap= (in order,
 * as the replay's e820 edits do): the BIOS's RAM up to what the paging mode reaches, memmap=exactmap
 * empties it, mem= and memmap=SIZE cut it and the ranges before them (limitBuiltMap), memmap=SIZE@START adds
 * to it (pages).
 * `editsLost`: the order runs parse_early_param() before the e820 map is built. parse_memopt() and
 * parse_memmap_opt() then edit a map that holds only the memmap=SIZE@START entries parsed before them
 * (e820_remove_range(), e820.nr_map = 0), and setup_memory_map() → memory_setup() →
 * default_machine_specific_memory_setup() appends the whole BIOS map (append_e820_map()) after them
 * (arch/x86/kernel/e820.c:1176-1240, 1302-1334 at 2.6.27 caglar10ur/linux-2.6.27.y@3fa8749e584b; the same at
 * 2.6.28 4a6908a3a05 :1179-1199, 1344, 1383): the SIZE@START entries that outlive the later options stay, and the
 * kernel lays memory out with the BIOS's RAM. 2.6.26 alike: parse_mem() / parse_memmap() → limit_regions() on those
 * entries, exactmap empties them, and memory_setup() → machine_specific_memory_setup() → copy_e820_map() appends the
 * BIOS map with add_memory_region() (…@bce7f793da arch/x86/kernel/e820_32.c:258-274, 453-473, 613-641, 695-738;
 * mach-default/setup.c:153-186) (e820-params.ts limitEntries). memmap=SIZE#START / SIZE$START are not counted here
 * in any version: an upper bound of the RAM.
 */
function ramPagesOf(machine: Machine, physLimit: number, h: E820Params, editsLost: boolean): number {
  const bios = Math.min(machine.memory, physLimit);
  // editsLost: the options cut only the ranges appended before them, and the BIOS's RAM is appended whole later
  let map: { bios: number; added: { start: number; end: number }[] } = { bios, added: [] };
  for (const p of machine.params) {
    if (p.name === 'mem' || (p.name === 'memmap' && p.kind === 'limit')) map = editsLost ? { bios, added: limitEntries(h, map.added, p.bytes) } : limitBuiltMap(h, map.bios, map.added, p.bytes);
    else if (p.name === 'memmap' && p.kind === 'exactmap') map = { bios: editsLost ? bios : 0, added: [] };
    else if (p.name === 'memmap' && p.kind === 'ram') map.added.push({ start: p.at, end: p.at + p.bytes });
  }
  return Math.floor(map.added.reduce((end, e) => Math.max(end, Math.min(e.end, physLimit)), map.bios) / PAGE_SIZE);
}

/**
 * What is out of the kernel's range, said where it is given, or null: the hypervisor's reserve whose
 * arithmetic wraps on its own; else a command line whose layout on its own (as on bare metal) is not
 * lowmem ≤ VMALLOC_START < VMALLOC_END; else a command line whose arithmetic wraps together with the
 * hypervisor's reserve. A VMI reserve is tried before the command line (vmi_init() first in setup_arch(),
 * 2.6.27-rc3 on) and after it (2.6.27-rc1); Xen's always comes before setup_arch().
 */
export function layoutRangeProblem(kernel: KernelVersion, config: Config, machine: Machine, e820EditsLost = false): LayoutRangeProblem | null {
  const shape = shapeOf(kernel, config, machine, e820EditsLost);
  const hyp = hypervisorEdit(kernel, machine);
  const cmdline = cmdlineEdits(machine);
  if (hyp !== null) {
    const alone = outcome(shape, [hyp]);
    if (wraps(alone)) return hypervisorProblem(shape, hyp, alone, kernel, machine);
  }
  if (cmdline.length === 0) return null;
  // the command line on its own must give a layout in the kernel's order; with a hypervisor's reserve only
  // its arithmetic must not wrap (parse_vmalloc() forgetting Xen's reserve is a layout-overlap finding)
  const own = outcome(shape, cmdline);
  if (!own.ok) return cmdlineProblem(shape, cmdline, own, kernel, machine, (o) => o.ok);
  const orders: Edit[][] = hyp === null ? [] : hyp.who === 'Xen' ? [[hyp, ...cmdline]] : [[hyp, ...cmdline], [...cmdline, hyp]];
  for (const order of orders) {
    const o = outcome(shape, order);
    if (wraps(o)) return cmdlineProblem(shape, order, o, kernel, machine, (x) => !wraps(x));
  }
  return null;
}

/** The kernel's layout arithmetic for this kernel, config and RAM. */
function shapeOf(kernel: KernelVersion, config: Config, machine: Machine, e820EditsLost: boolean): Shape {
  const geometry = geometryFor(config.pae);
  const fixmap = buildFixmapEnum(config, fixmapVersion({ kernel, config }), geometry.ptrsPerPte);
  return {
    formulas: formulasFor(kernel),
    pageOffset: config.page_offset,
    ramPages: ramPagesOf(machine, geometry.physLimit, e820ParamsFor(kernel), e820EditsLost),
    vmallocEndAt: (top) => vmallocEnd(geometry, fixmap, config.highmem, top),
  };
}

/** The hypervisor's reserve_top_address(), or null on bare metal. */
function hypervisorEdit(kernel: KernelVersion, machine: Machine): Extract<Edit, { kind: 'hypervisor' }> | null {
  if (machine.hypervisor === 'xen') return { kind: 'hypervisor', who: 'Xen', bytes: xenReserve(machine.xen_virt_start, !has(kernel, XEN_RESERVE_NO_PADDING)) };
  return machine.hypervisor === 'vmi' ? { kind: 'hypervisor', who: 'VMI', bytes: vmiReserve(machine.vmi_virtual_top) } : null;
}

/** The command line's reservetop= and vmalloc=, in order. */
function cmdlineEdits(machine: Machine): Edit[] {
  return machine.params.flatMap((p): Edit[] => (p.name === 'reservetop' || p.name === 'vmalloc' ? [{ kind: p.name, bytes: p.bytes, param: p }] : []));
}

/**
 * Whether the order calls parse_early_param() before any call builds the e820 map (or with none): then
 * mem=, memmap=SIZE and memmap=exactmap edit a map without the BIOS's RAM and are lost (ramPagesOf; the replay's build_e820 does the same).
 * `effects` gives a call's effects under the scenario's kernel; calls it gives none for (calls this kernel
 * does not have) are no builders, and neither is a define:d call (define: has no effect that builds the map).
 */
export function e820EditsLost(order: readonly string[], effects: (call: string) => readonly Effect[]): boolean {
  const firstWith = (op: Effect['op']): number => order.findIndex((c) => effects(c).some((e) => e.op === op));
  const parse = firstWith('parse_early_param');
  if (parse < 0) return false;
  const build = firstWith('build_e820');
  return build < 0 || build > parse;
}

/** Where the reserves and the command line happen in the scenario's order (0-based step indices). */
export interface ReserveOrder {
  /** the step whose vmi_init() reserves VMI's hole (null: no step does); Xen's is made before setup_arch() */
  readonly vmiAt: { readonly index: number; readonly call: string } | null;
  /** the first parse_early_param (null: the order never parses the command line, so reservetop= and vmalloc= never act) */
  readonly paramsAt: number | null;
  /** the define:d call's first step */
  readonly definedAt: number;
  /** parse_early_param() runs before the e820 map is built, so mem=/memmap= are lost (e820EditsLost) */
  readonly e820EditsLost: boolean;
}

/**
 * A define:d call's `relocate: SIZE` whose reserve_top_address() makes the kernel's layout arithmetic wrap,
 * with the hypervisor's reserve and the command line's in the order the scenario makes them: what goes wrong
 * and the largest SIZE that keeps it in range, for `define.NAME.relocate`; null when it stays in range. Short
 * of a wrap, an overlap is what the kernel computes for the order (layout-overlap, lowmem-before-relocation).
 *
 * The order matters as it does in the kernel: reserve_top_address() sets __FIXADDR_TOP = -reserve - PAGE_SIZE
 * (the last reserve wins) and adds the reserve to __VMALLOC_RESERVE until 2.6.31-rc6, while parse_vmalloc()
 * overwrites __VMALLOC_RESERVE (arch/x86/mm/pgtable_32.c:107-127 at 2.6.27 caglar10ur/linux-2.6.27.y@3fa8749e584b
 * and at 2.6.28 4a6908a3a05; :106-112 with pgtable.c:347-353 at 2.6.36 f6f94e2ab1b), so a vmalloc= parsed
 * after the defined call forgets its reserve, and a reservetop= parsed after it sets the top. And the RAM
 * lowmem is sized from is the e820 map's as the order leaves it: parse_memopt() edits the map in place
 * (e820_remove_range(), arch/x86/kernel/e820.c:1176-1196 at 3fa8749e584b), which setup_memory_map() replaces
 * by the BIOS's when it runs later (ramPagesOf), as in layoutRangeProblem's check of the command line.
 */
export function definedReserveProblem(kernel: KernelVersion, config: Config, machine: Machine, name: string, bytes: number, at: ReserveOrder): string | null {
  const shape = shapeOf(kernel, config, machine, at.e820EditsLost);
  const hyp = hypervisorEdit(kernel, machine);
  // each edit at its step; Xen's before setup_arch() (-1), the command line's in parse_early_param()
  const placed: { at: number; edit: Edit }[] = [];
  if (hyp !== null && hyp.who === 'Xen') placed.push({ at: -1, edit: hyp });
  if (hyp !== null && hyp.who === 'VMI' && at.vmiAt !== null) placed.push({ at: at.vmiAt.index, edit: { ...hyp, call: at.vmiAt.call, step: at.vmiAt.index } });
  if (at.paramsAt !== null) for (const edit of cmdlineEdits(machine)) placed.push({ at: at.paramsAt, edit });
  placed.push({ at: at.definedAt, edit: { kind: 'defined', name, bytes } });
  // a stable sort: the command line's parameters keep their left-to-right order
  const order = placed.sort((a, b) => a.at - b.at).map((p) => p.edit);
  const index = order.findIndex((e) => e.kind === 'defined');
  const o = outcome(shape, order);
  if (!wraps(o)) return null;
  const bound = boundOf(shape, order, index, bytes, VA_TOP - shape.pageOffset - PAGE_SIZE, (x) => !wraps(x));
  const range = bound === null ? 'no reserve fits here' : `relocate: is at most ${size(bound.value)} (${hex(bound.value)}) here`;
  const params = at.paramsAt !== null && machine.params.some((p) => p.name === 'reservetop' || p.name === 'vmalloc');
  const lost = at.e820EditsLost && lostOnEmptyMap(machine.params).length > 0 ? `; ${e820EditsLostText(kernel)}` : '';
  return `reserve_top_address(${hex(bytes)})${contextText(order)}: ${outcomeText(shape, order, o, machine, kernel)}; ${range} (${kernel.text}, this config${params ? ' and command line' : ''})${lost}`;
}

/**
 * Whether the kernel's arithmetic leaves 32 bits: __VMALLOC_RESERVE or MAXMEM wraps, or VMALLOC_START
 * passes 4 GiB. An overlap short of that is what the kernel computes for the order (a finding).
 */
function wraps(o: Outcome): o is Exclude<Outcome, { ok: true }> {
  return !o.ok && (o.kind !== 'vmalloc-inverted' || o.start >= VA_TOP);
}

/** The command-line parameters of an order, the last first: the one a failing order is blamed on is the last whose own value can fix it. */
function candidates(order: readonly Edit[]): { index: number; edit: Extract<Edit, { kind: 'reservetop' | 'vmalloc' }> }[] {
  const out: { index: number; edit: Extract<Edit, { kind: 'reservetop' | 'vmalloc' }> }[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const e = order[i];
    if (e !== undefined && (e.kind === 'reservetop' || e.kind === 'vmalloc')) out.push({ index: i, edit: e });
  }
  return out;
}

/**
 * The bound of the blamed edit's value that keeps the order in range, the others as given. The values in
 * range form one interval (too small a vmalloc= runs the direct map into the vmalloc area before 2.6.28-rc1
 * or leaves it empty after; too large a one, or any reservetop= too large, wraps MAXMEM), so the search
 * starts from a value in it (0, the default 128 MiB, or the largest the per-parameter checks take) and
 * binary-searches bytes towards the given one: the most below it, or the least above it. null: none fits.
 */
function boundOf(shape: Shape, order: readonly Edit[], index: number, given: number, max: number, fine: (o: Outcome) => boolean): { side: 'most' | 'least'; value: number } | null {
  const at = (v: number): boolean => fine(outcome(shape, order.map((e, i) => (i === index ? { ...e, bytes: v } : e))));
  const anchor = [0, DEFAULT_VMALLOC_RESERVE, max].find((v) => v <= max && at(v));
  if (anchor === undefined) return null;
  // invariant: at(good) and !at(bad); the bound is good once they are adjacent
  let good = anchor;
  let bad = given;
  while (Math.abs(bad - good) > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (at(mid)) good = mid;
    else bad = mid;
  }
  return { side: good < given ? 'most' : 'least', value: good };
}

/** The kernel's formula and where it is, per version. */
function maxmemSource(f: Formulas): string {
  return f.maxmem === 'reserve'
    ? 'MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE (include/asm-x86/page_32.h:85 at 2.6.26 bce7f793dae, :93 at 2.6.27 caglar10ur/linux-2.6.27.y@3fa8749e584b)'
    : 'MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (arch/x86/include/asm/pgtable_32.h:76 at 2.6.28 4a6908a3a05, pgtable_32_types.h:53 at 2.6.36 f6f94e2ab1b)';
}

/** How __VMALLOC_RESERVE came to be, for the message; null: the default, untouched. */
function reserveText(shape: Shape, order: readonly Edit[]): string | null {
  const parts: string[] = [];
  let set: string | null = null;
  for (const e of order) {
    if (e.kind === 'vmalloc') {
      set = shape.formulas.maxmem === 'reserve' ? `${e.param.text} (parse_vmalloc(): exactly SIZE)` : `${e.param.text} + VMALLOC_OFFSET 8 MiB (parse_vmalloc())`;
      parts.length = 0;
    } else if (shape.formulas.reserveGrowsVmalloc) {
      parts.push(e.kind === 'hypervisor' ? `${e.who}'s reserve ${size(e.bytes)}` : e.kind === 'defined' ? `${e.name}'s ${size(e.bytes)}` : `${e.param.text}'s ${size(e.bytes)}`);
    }
  }
  if (parts.length === 0) return set;
  return `${set ?? `the default ${size(DEFAULT_VMALLOC_RESERVE)}`} + ${parts.join(' + ')} (reserve_top_address() adds each reserve until 2.6.31-rc6, 6abf65510944)`;
}

/** FIXADDR_TOP after the order's last reserve. */
function fixaddrTopOf(order: readonly Edit[]): number {
  let top = DEFAULT_FIXADDR_TOP;
  for (const e of order) if (e.kind !== 'vmalloc') top = fixaddrTopFor(e.bytes);
  return top;
}

/** What goes wrong, in the kernel's terms. */
function outcomeText(shape: Shape, order: readonly Edit[], o: Exclude<Outcome, { ok: true }>, machine: Machine, kernel: KernelVersion): string {
  const how = reserveText(shape, order);
  const reserve = how === null
    ? `__VMALLOC_RESERVE ${size(o.reserve)} (${hex(o.reserve)}, the default)`
    : `__VMALLOC_RESERVE = ${how} = ${size(o.reserve)} (${hex(o.reserve)})`;
  if (o.kind === 'reserve-wrap') {
    return `${reserve} does not fit the kernel's unsigned int __VMALLOC_RESERVE: it wraps to ${hex(o.reserve % VA_TOP)}`;
  }
  if (o.kind === 'maxmem-wrap') {
    const wrapped = o.raw + VA_TOP;
    const top = shape.formulas.maxmem === 'reserve' ? '4 GiB' : `VMALLOC_END ${hex(o.top)}`;
    const room = o.top > shape.pageOffset
      ? `${reserve} is more than the ${size(o.top - shape.pageOffset)} (${hex(o.top - shape.pageOffset)}) between PAGE_OFFSET ${hex(shape.pageOffset)} and ${top}`
      : `${top} lies below PAGE_OFFSET ${hex(shape.pageOffset)} (what hangs off FIXADDR_TOP ${hex(fixaddrTopOf(order))} leaves no room above it), so no ${reserve} fits`;
    const lowPages = Math.min(Math.floor(wrapped / PAGE_SIZE), shape.ramPages);
    const lowEnd = shape.pageOffset + lowPages * PAGE_SIZE;
    const end = shape.vmallocEndAt(fixaddrTopOf(order));
    const past = lowEnd > VA_TOP ? `, past VMALLOC_END ${hex(end)} and past 4 GiB` : lowEnd > end ? `, past VMALLOC_END ${hex(end)}` : '';
    return `${room}: ${maxmemSource(shape.formulas)} is ${size(-o.raw)} below zero, which the kernel's unsigned long wraps to ${hex(wrapped)}, so find_low_pfn_range() no longer caps lowmem: max_low_pfn = min(max_pfn, ${Math.floor(wrapped / PAGE_SIZE)}) = ${lowPages}, all ${ramText(shape, machine)} of RAM, and the direct map would end at ${hex(lowEnd)}${past}`;
  }
  const lowmem = `${size(o.lowPages * PAGE_SIZE)} of lowmem (max_low_pfn ${o.lowPages}, ${o.capped ? `MAXMEM with ${reserve}` : `all ${ramText(shape, machine)} of RAM`})`;
  const start = o.start >= VA_TOP ? `${hex(o.start)}, past 4 GiB (the kernel's unsigned long wraps it to ${hex(o.start - VA_TOP)})` : hex(o.start);
  const what = o.start === o.end ? 'the vmalloc area is empty' : `the direct map runs into the vmalloc area${o.end < shape.pageOffset ? ', and what hangs off FIXADDR_TOP lies below PAGE_OFFSET' : ''}`;
  return `with ${lowmem}, VMALLOC_START = ${start} is not below VMALLOC_END ${hex(o.end)}: ${what}; ${memInitText(o, kernel)}`;
}

/**
 * What mem_init() makes of it (arch/x86/mm/init_32.c:656-657 at 2.6.26 bce7f793dae, :1047-1048 at 2.6.28
 * 4a6908a3a05: BUG_ON(VMALLOC_START > VMALLOC_END), BUG_ON(high_memory > VMALLOC_START); `>=` from
 * 2.6.29-rc1 beeb4195cbc, :1108-1109 at 2.6.29 8e0ee43bc2c, :956-957 at 2.6.36 f6f94e2ab1b), in the
 * kernel's unsigned arithmetic: a VMALLOC_START past 4 GiB wraps below high_memory.
 */
function memInitText(o: Extract<Outcome, { kind: 'vmalloc-inverted' }>, kernel: KernelVersion): string {
  const strict = has(kernel, MEM_INIT_VMALLOC_NOT_EMPTY);
  if (o.start >= VA_TOP) return 'mem_init() stops the boot at BUG_ON(high_memory > VMALLOC_START), after the direct map was built over the vmalloc area, pkmap and the fixmap';
  if (o.start === o.end && !strict) return 'mem_init()\'s BUG_ON(VMALLOC_START > VMALLOC_END) lets it pass, and every vmalloc() and ioremap() fails';
  return `mem_init() stops the boot at BUG_ON(VMALLOC_START ${strict ? '>=' : '>'} VMALLOC_END)`;
}

function ramText(shape: Shape, machine: Machine): string {
  return machine.params.some((p) => p.name === 'mem' || p.name === 'memmap') ? `the ${size(shape.ramPages * PAGE_SIZE)}` : size(shape.ramPages * PAGE_SIZE);
}

/** When the hypervisor's reserve is in force in the failing order. */
function contextText(order: readonly Edit[]): string {
  const h = order.findIndex((e) => e.kind === 'hypervisor');
  const hyp = order[h];
  if (hyp === undefined || hyp.kind !== 'hypervisor') return '';
  if (hyp.who === 'Xen') return ` (with Xen's reserve of ${size(hyp.bytes)}, made before setup_arch())`;
  // a defined reserve's order comes from the scenario's steps: name the step that makes VMI's
  if (hyp.step !== undefined) return ` (with VMI's reserve of ${size(hyp.bytes)}, made by ${hyp.call ?? 'vmi_init'} at step ${hyp.step + 1})`;
  return h === 0 ? ` (with VMI's reserve of ${size(hyp.bytes)}, vmi_init() before parse_early_param())` : ` (with VMI's reserve of ${size(hyp.bytes)}, vmi_init() after parse_early_param())`;
}

function cmdlineProblem(shape: Shape, order: readonly Edit[], o: Exclude<Outcome, { ok: true }>, kernel: KernelVersion, machine: Machine, fine: (o: Outcome) => boolean): LayoutRangeProblem {
  // the per-parameter checks already hold reservetop= to 4 GiB − PAGE_OFFSET − PAGE_SIZE and vmalloc= below 4 GiB − PAGE_OFFSET
  const kernelHalf = VA_TOP - shape.pageOffset;
  const all = candidates(order);
  const bounds = all.map(({ index, edit }) => boundOf(shape, order, index, edit.bytes, edit.kind === 'reservetop' ? kernelHalf - PAGE_SIZE : kernelHalf - 1, fine));
  const pick = Math.max(0, bounds.findIndex((b) => b !== null));
  const chosen = all[pick];
  if (chosen === undefined) throw new Error('internal: an order with a command-line parameter');
  const { edit } = chosen;
  const bound = bounds[pick] ?? null;
  const name = edit.kind;
  const range = bound === null
    ? `no ${name}= fits here`
    : `${name}= is ${bound.side === 'most' ? 'at most' : 'at least'} ${size(bound.value)} (${hex(bound.value)}) here`;
  return {
    key: 'cmdline',
    offset: edit.param.offset,
    message: `machine.cmdline: ${edit.param.text}${contextText(order)}: ${outcomeText(shape, order, o, machine, kernel)}; ${range} (${kernel.text}, this config${o.kind === 'vmalloc-inverted' ? ' and RAM' : ''})`,
  };
}

function hypervisorProblem(shape: Shape, hyp: Extract<Edit, { kind: 'hypervisor' }>, o: Exclude<Outcome, { ok: true }>, kernel: KernelVersion, machine: Machine): LayoutRangeProblem {
  const key = hyp.who === 'Xen' ? 'xen_virt_start' : 'vmi_virtual_top';
  const value = hyp.who === 'Xen' ? machine.xen_virt_start : machine.vmi_virtual_top;
  const fn = hyp.who === 'Xen' ? 'xen_reserve_top()' : 'vmi_init()';
  return {
    key,
    message: `machine.${key}: ${hex(value)}: ${fn} reserves ${size(hyp.bytes)} from the top, and ${outcomeText(shape, [hyp], o, machine, kernel)} (${kernel.text}, this config); a hypervisor hole the kernel can live with starts higher`,
  };
}

/**
 * Whether the command line with its reservetop= of `reserve` bytes given as `value` instead stays in range
 * (a fix hint must not suggest a value the loader refuses).
 */
export function reservetopInRange(kernel: KernelVersion, config: Config, machine: Machine, reserve: number, value: number): boolean {
  const params = machine.params.map((p) => (p.name === 'reservetop' && p.bytes === reserve ? { ...p, bytes: value } : p));
  return layoutRangeProblem(kernel, config, { ...machine, params }) === null;
}

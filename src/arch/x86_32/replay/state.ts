/**
 * The small, exact state of DESIGN §2. Intervals and counters only: a 64 GiB
 * machine costs the same as a 64 MiB one.
 */
import { VALUES, type Condition, type Value } from '../effects.js';
import { FIX_BTMAPS_SLOTS } from '../fixmap.js';
import { DEFAULT_FIXADDR_TOP, DEFAULT_VMALLOC_RESERVE, type HoleOwner } from '../layout.js';
import { VA_TOP } from '../geometry.js';
import type { CmdlineParam } from '../cmdline.js';
import type { StepRef } from './events.js';

/** A memmap=SIZE@START entry in the e820 map (bytes, end exclusive) and the option that added it. */
export interface E820Entry {
  readonly start: number;
  readonly end: number;
  readonly param: string;
}

/** memmap=SIZE#START / SIZE$START as parsed: an E820_ACPI / E820_RESERVED entry */
export type E820UserRange = Extract<CmdlineParam, { name: 'memmap' }>;

export interface Interval {
  readonly start: number;
  /** exclusive */
  readonly end: number;
}

/** A live early_ioremap() mapping: its slot's pages hold PTEs until early_iounmap(). */
export interface LiveMapping {
  readonly step: StepRef;
  readonly what: string;
  /** FIX_BTMAP_BEGIN - NR_FIX_BTMAPS * slot */
  readonly firstIdx: number;
  readonly pages: number;
  /** whose PTEs are in bm_pte (not yet real set_fixmaps) */
  readonly inBmPte: boolean;
}

export interface ModelState {
  /** __FIXADDR_TOP */
  fixaddrTop: number;
  /** __VMALLOC_RESERVE */
  vmallocReserve: number;
  /**
   * Lowest start of any hole something lives in (VMI, Xen, OLPC's OpenFirmware, a define:d
   * reserve_top_address() call), VA_TOP when none: a later, smaller reserve does not free it.
   * Xen's starts at HYPERVISOR_VIRT_START, not at -reserve (layout.ts xenHoleStart: the two pages of
   * padding before 2.6.27.8 are the kernel's).
   */
  hypervisorHoleStart: number;
  /** who lives in the hole at hypervisorHoleStart: a hypervisor (VMI, Xen, a define:d call) or OLPC's OpenFirmware */
  hypervisorHoleOwner: HoleOwner;
  /**
   * -reserve of the last reservetop= (VA_TOP: none, or superseded): the kernel keeps no record of
   * a reservation (parse_reservetop() → reserve_top_address() only sets __FIXADDR_TOP,
   * arch/x86/mm/pgtable.c at 2.6.34 e40152ee1e1c), so the next reserve_top_address() of any
   * source replaces it, and nothing is known to live there.
   */
  reservetopHoleStart: number;
  /** fixmaps_set (2.6.26: fixmaps): real set_fixmap() calls so far */
  fixmapsSet: number;
  /** the PMD early_ioremap_init() hooked bm_pte into, or null */
  bmPtePmd: number | null;
  /** FIXADDR_TOP when bm_pte was hooked (and slot_virt[] cached, 2.6.30+) */
  bmPteTop: number | null;
  /** after_paging_init (mm/ioremap.c), set by early_ioremap_reset() */
  afterPagingInit: boolean;
  /** prev_map[] (2.6.28+) or the nesting stack (2.6.26 – 2.6.27.y): FIX_BTMAPS_SLOTS entries */
  slots: (LiveMapping | null)[];
  /** virtual ranges that have fixmap page tables (head_32's and those built since) */
  fixmapTables: Interval[];
  /**
   * The end of RAM in the e820 map, in bytes, or null before setup_memory_map
   * (2.6.26: memory_setup) built it. mem=/memmap= edit it only once it exists.
   */
  e820RamEnd: number | null;
  /**
   * The memmap=SIZE@START entries parse_early_param() appended, in command-line order, as later options left them
   * (mem=/memmap=SIZE cut them, memmap=exactmap drops them): the call that builds the map appends the BIOS map after
   * them without resetting e820.nr_map, so they survive it (interpreter.ts build_e820)
   */
  e820Added: readonly E820Entry[];
  /**
   * The end of RAM as e820_end_pfn(MAX_ARCH_PFN, E820_RAM) sees it (2.6.27+):
   * ranges that start at or above MAX_ARCH_PFN left out, the others capped at it.
   */
  e820RamEndBelowMaxArch: number | null;
  /**
   * 2.6.27-rc1 on: the memmap=SIZE#START / SIZE$START entries appended (e820_add_region()) and not yet sanitized
   * against the map's RAM; finish_e820_parsing() → sanitize_e820_map() applies them to the map as it then is (before
   * the map is built: to the memmap=SIZE@START entries alone, break-251 F2)
   */
  e820Pending: readonly E820UserRange[];
  /**
   * The end of the BIOS's RAM in the built map (bytes; null before it is built), as mem=/memmap=SIZE/exactmap and the
   * sanitize left it: with e820Added it gives the RAM ranges, so a #/$ range over a memmap=SIZE@START range above a
   * hole leaves the BIOS's RAM end, not the range's start (break-251 F1). [0, end) is taken to have no hole.
   */
  e820BiosEnd: number | null;
  /** the first finish_e820_parsing() (op sanitize_e820), null before it: a #/$ range parsed after it is not sanitized by it */
  e820SanitizeStep: StepRef | null;
  maxPfn: number | null;
  maxLowPfn: number | null;
  /** max_low_pfn_mapped: end of the direct map, 0 until it is built */
  maxLowPfnMapped: number;
  /** parse_early_param()'s static int done: the step that parsed them */
  earlyParamsStep: StepRef | null;
  /**
   * acpi_gbl_root_table_list is filled: acpi_boot_table_init() got past its bail-out and ran acpi_table_init().
   * A later acpi=off does not empty it (disable_acpi() only sets flags), so until 2.6.32-rc1 acpi_table_parse()
   * still finds tables in it (acpi-params.ts, history.ts ACPI_TABLE_PARSE_CHECKS_DISABLED; break-290 F2)
   */
  acpiTableList: boolean;
  highmemPages: number | null;
  nx: boolean;
  /** 8250_early.c: only the first early_serial8250_setup() maps */
  earlyconMapped: boolean;
  /** who registered the local APIC with set_fixmap(FIX_APIC_BASE), and how many IO-APICs are registered */
  apic: { lapicMappedBy: 'acpi' | 'mptable' | null; ioapics: number; from: 'acpi' | 'mptable' | null };
  /** the values set so far, one bit each (valueBit): a number, not a Set, because every snapshot of the many-replay engine copies it */
  values: number;
  /**
   * The step whose own reads fault, so that the kernel never returns from it: an early_ioremap() pointer
   * inside its page (FIXADDR_TOP not page-aligned) read past the pages mapped (early-ioremap.ts; the DMI
   * scan that finds nothing, an ACPI table header): the values it would set after that are not set. The
   * replay goes on past it, as past every halt (src/report/halt-point.ts), with that step left unfinished.
   */
  faultedIn: StepRef | null;
  /**
   * The `sets` effects a `when` switched off, last first: the call ran but, as in the kernel, did not get to set the
   * value (efi_init() is called only `if (efi_enabled)`, arch/x86/kernel/setup.c:711-712 at
   * caglar10ur/linux-2.6.27.y@3fa8749e584b; break-290 N7). A need of the value that matters is then missing, with
   * that step named; one that does not (the DMI scan's legacy path) is met as before. Replaced, never mutated.
   */
  setsOff: readonly SetOff[];
}

/** A `sets` effect switched off at a step: the value it would set and the condition that was off. */
export interface SetOff {
  readonly value: Value;
  readonly step: StepRef;
  readonly when: Condition;
}

const VALUE_BITS = Object.fromEntries(VALUES.map((v, i) => [v, 1 << i])) as Record<Value, number>;

/** The bit of a value in ModelState.values (its place in VALUES). */
export function valueBit(v: Value): number {
  return VALUE_BITS[v];
}

/** Whether the value has been set. */
export function hasValue(s: ModelState, v: Value): boolean {
  return (s.values & valueBit(v)) !== 0;
}

/** Records that the value is set. */
export function addValue(s: ModelState, v: Value): void {
  s.values |= valueBit(v);
}

export function initialState(nx: boolean): ModelState {
  return {
    fixaddrTop: DEFAULT_FIXADDR_TOP,
    vmallocReserve: DEFAULT_VMALLOC_RESERVE,
    hypervisorHoleStart: VA_TOP,
    hypervisorHoleOwner: 'hypervisor',
    reservetopHoleStart: VA_TOP,
    fixmapsSet: 0,
    bmPtePmd: null,
    bmPteTop: null,
    afterPagingInit: false,
    slots: Array.from({ length: FIX_BTMAPS_SLOTS }, () => null),
    fixmapTables: [],
    e820RamEnd: null,
    e820Added: [],
    e820RamEndBelowMaxArch: null,
    e820Pending: [],
    e820BiosEnd: null,
    e820SanitizeStep: null,
    maxPfn: null,
    maxLowPfn: null,
    maxLowPfnMapped: 0,
    earlyParamsStep: null,
    acpiTableList: false,
    highmemPages: null,
    nx,
    earlyconMapped: false,
    apic: { lapicMappedBy: null, ioapics: 0, from: null },
    values: 0,
    faultedIn: null,
    setsOff: [],
  };
}

/**
 * An independent copy (for snapshots): the arrays and sets are copied, the intervals and mappings are immutable.
 * Every field written out, in initialState()'s order, not a spread: the many-replay engine copies a state
 * for every order it replays, and `{ ...s, … }` of these 25 fields was the costliest function of its replays.
 */
export function cloneState(s: ModelState): ModelState {
  return {
    fixaddrTop: s.fixaddrTop,
    vmallocReserve: s.vmallocReserve,
    hypervisorHoleStart: s.hypervisorHoleStart,
    hypervisorHoleOwner: s.hypervisorHoleOwner,
    reservetopHoleStart: s.reservetopHoleStart,
    fixmapsSet: s.fixmapsSet,
    bmPtePmd: s.bmPtePmd,
    bmPteTop: s.bmPteTop,
    afterPagingInit: s.afterPagingInit,
    slots: s.slots.slice(),
    fixmapTables: s.fixmapTables.slice(),
    // replaced, never mutated (interpreter.ts)
    e820RamEnd: s.e820RamEnd,
    e820Added: s.e820Added,
    e820RamEndBelowMaxArch: s.e820RamEndBelowMaxArch,
    e820Pending: s.e820Pending,
    e820BiosEnd: s.e820BiosEnd,
    e820SanitizeStep: s.e820SanitizeStep,
    maxPfn: s.maxPfn,
    maxLowPfn: s.maxLowPfn,
    maxLowPfnMapped: s.maxLowPfnMapped,
    earlyParamsStep: s.earlyParamsStep,
    acpiTableList: s.acpiTableList,
    highmemPages: s.highmemPages,
    nx: s.nx,
    earlyconMapped: s.earlyconMapped,
    apic: { lapicMappedBy: s.apic.lapicMappedBy, ioapics: s.apic.ioapics, from: s.apic.from },
    values: s.values,
    faultedIn: s.faultedIn,
    setsOff: s.setsOff,
  };
}

/** Whether two steps a state holds are the same step of the order (ArchPlugin.sameState: a reordered order renumbers them). */
export type SameStep = (x: StepRef, y: StepRef) => boolean;

/** Whether two live early mappings are the same. */
function sameMapping(x: LiveMapping | null | undefined, y: LiveMapping | null | undefined, sameStep: SameStep): boolean {
  if (x === y) return true;
  if (x === null || y === null || x === undefined || y === undefined) return false;
  return sameStep(x.step, y.step) && x.what === y.what
    && x.firstIdx === y.firstIdx && x.pages === y.pages && x.inBmPte === y.inBmPte;
}

function sameEntries(x: readonly E820Entry[], y: readonly E820Entry[]): boolean {
  return x === y || (x.length === y.length && x.every((e, i) => e.start === y[i]?.start && e.end === y[i]?.end && e.param === y[i]?.param));
}

/** the scenario's parsed parameters: the same objects in every replay of it */
function sameList<T>(x: readonly T[], y: readonly T[]): boolean {
  return x === y || (x.length === y.length && x.every((e, i) => e === y[i]));
}

function sameSetsOff(x: readonly SetOff[], y: readonly SetOff[], sameStep: SameStep): boolean {
  return x === y || (x.length === y.length && x.every((o, i) => {
    const p = y[i];
    return p !== undefined && o.value === p.value && o.when === p.when && sameStep(o.step, p.step);
  }));
}

/** Field-by-field equality of two model states (the engine's convergence test); steps by sameStep. */
export function sameModelState(a: ModelState, b: ModelState, sameStep: SameStep): boolean {
  if (a.fixaddrTop !== b.fixaddrTop || a.vmallocReserve !== b.vmallocReserve || a.hypervisorHoleStart !== b.hypervisorHoleStart
    || a.hypervisorHoleOwner !== b.hypervisorHoleOwner || a.reservetopHoleStart !== b.reservetopHoleStart
    || a.fixmapsSet !== b.fixmapsSet || a.bmPtePmd !== b.bmPtePmd || a.bmPteTop !== b.bmPteTop || a.afterPagingInit !== b.afterPagingInit
    || a.e820RamEnd !== b.e820RamEnd || !sameEntries(a.e820Added, b.e820Added)
    || a.e820RamEndBelowMaxArch !== b.e820RamEndBelowMaxArch || !sameList(a.e820Pending, b.e820Pending)
    || a.e820BiosEnd !== b.e820BiosEnd
    || (a.e820SanitizeStep === null ? b.e820SanitizeStep !== null : b.e820SanitizeStep === null || !sameStep(a.e820SanitizeStep, b.e820SanitizeStep))
    || a.maxPfn !== b.maxPfn || a.maxLowPfn !== b.maxLowPfn || a.maxLowPfnMapped !== b.maxLowPfnMapped
    || (a.earlyParamsStep === null ? b.earlyParamsStep !== null : b.earlyParamsStep === null || !sameStep(a.earlyParamsStep, b.earlyParamsStep))
    || a.acpiTableList !== b.acpiTableList
    || a.highmemPages !== b.highmemPages || a.nx !== b.nx || a.earlyconMapped !== b.earlyconMapped
    || a.apic.lapicMappedBy !== b.apic.lapicMappedBy || a.apic.ioapics !== b.apic.ioapics || a.apic.from !== b.apic.from
    || a.slots.length !== b.slots.length || a.fixmapTables.length !== b.fixmapTables.length || a.values !== b.values
    || (a.faultedIn === null ? b.faultedIn !== null : b.faultedIn === null || !sameStep(a.faultedIn, b.faultedIn))
    || !sameSetsOff(a.setsOff, b.setsOff, sameStep)) return false;
  for (let i = 0; i < a.slots.length; i++) if (!sameMapping(a.slots[i], b.slots[i], sameStep)) return false;
  for (let i = 0; i < a.fixmapTables.length; i++) {
    const x = a.fixmapTables[i];
    const y = b.fixmapTables[i];
    if (x?.start !== y?.start || x?.end !== y?.end) return false;
  }
  return true;
}

export function covers(tables: readonly Interval[], addr: number): boolean {
  for (const t of tables) if (addr >= t.start && addr < t.end) return true;
  return false;
}

/** The state a trace ends with: a plain, read-only copy. */
export interface FinalState {
  readonly fixaddrTop: number;
  readonly vmallocReserve: number;
  readonly hypervisorHoleStart: number;
  readonly hypervisorHoleOwner: HoleOwner;
  readonly reservetopHoleStart: number;
  readonly fixmapsSet: number;
  readonly maxPfn: number | null;
  readonly maxLowPfn: number | null;
  readonly maxLowPfnMapped: number;
  readonly afterPagingInit: boolean;
  readonly values: readonly Value[];
}

export function freeze(s: ModelState): FinalState {
  return {
    fixaddrTop: s.fixaddrTop,
    vmallocReserve: s.vmallocReserve,
    hypervisorHoleStart: s.hypervisorHoleStart,
    hypervisorHoleOwner: s.hypervisorHoleOwner,
    reservetopHoleStart: s.reservetopHoleStart,
    fixmapsSet: s.fixmapsSet,
    maxPfn: s.maxPfn,
    maxLowPfn: s.maxLowPfn,
    maxLowPfnMapped: s.maxLowPfnMapped,
    afterPagingInit: s.afterPagingInit,
    values: VALUES.filter((v) => hasValue(s, v)).sort(),
  };
}

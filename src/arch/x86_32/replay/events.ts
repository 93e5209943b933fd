/**
 * The typed event trace a replay emits. Rules read only this (and the final
 * state); they never re-run the model.
 */
import type { Value } from '../effects.js';
import type { SlotName } from '../fixmap.js';
import type { HighmemParamOutcome } from '../low-pfn-range.js';
import type { StepRef } from '../../../replay/trace.js';
import type { PagetableEvent } from '../pagetables/events.js';

export type { StepRef };

/** who called reserve_top_address(): vmi_init, Xen, reservetop=, OLPC OpenFirmware, or a scenario's `define:` call */
export type RelocationSource = 'vmi' | 'xen' | 'reservetop' | 'olpc' | 'reserve_top_address';

export interface RelocationEvent {
  readonly kind: 'relocation';
  readonly step: StepRef;
  readonly source: RelocationSource;
  readonly reserve: number;
  readonly oldTop: number;
  readonly newTop: number;
  /** fixmaps_set (2.6.26: fixmaps) when reserve_top_address() ran: BUG_ON if > 0 */
  readonly fixmapsSet: number;
  readonly vmallocReserveBefore: number;
  readonly vmallocReserveAfter: number;
}

/** The first page of an early_ioremap() that bm_pte does not serve: the access goes elsewhere. */
export interface UnservedPage {
  /** 0-based page of the mapping */
  readonly page: number;
  /** the address the caller reads (the returned pointer + page) */
  readonly vaddr: number;
  /** the PMD that address is in */
  readonly pmd: number;
  /** the address whose PTE bm_pte got instead (differs from vaddr only with 2.6.30's slot_virt[]) */
  readonly pteVaddr: number;
  /** whether any page table is hooked into that PMD (on bare metal usually not: the access faults) */
  readonly present: boolean;
}

export interface FixmapUseEvent {
  readonly kind: 'fixmap-use';
  readonly step: StepRef;
  readonly slot: SlotName;
  readonly idx: number;
  /** the first page's address (for early_ioremap, the pointer the caller gets, minus the offset in the page) */
  readonly vaddr: number;
  readonly fixaddrTop: number;
  /** a real set_fixmap (counts toward fixmaps_set) */
  readonly counted: boolean;
  /** how much fixmaps_set grew: one per set_fixmap, one more per clear_fixmap/early_iounmap after the reset */
  readonly counts: number;
  readonly via: 'early_ioremap' | 'set_fixmap' | 'kmap_init' | 'early_ioremap_reset';
  readonly what: string;
  /** physical address mapped (page-aligned), when known */
  readonly phys: number | null;
  /** pages mapped: PAGE_ALIGN(phys + size) - (phys & PAGE_MASK) (2.6.27.1 and older: one less when the end is page-aligned + 1) */
  readonly pages: number;
  /** the early_ioremap slot (0 … 3), null for a set_fixmap */
  readonly btmapSlot: number | null;
  /** still mapped when the call returns (the EFI memory map), in that slot */
  readonly held: boolean;
  /** FIXADDR_TOP when bm_pte was hooked (null before early_ioremap_init) */
  readonly bmPteTop: number | null;
  /** for pte = bm_pte: the first page bm_pte does not serve, or null when all are served */
  readonly unserved: UnservedPage | null;
  /** for pte = pagetables: the first page without a page table (set_pte_vaddr() BUG()s), or null */
  readonly uncovered: { readonly page: number; readonly vaddr: number } | null;
  /** early_ioremap() gave up: WARN_ON and NULL (more than NR_FIX_BTMAPS pages, or no free slot) */
  readonly failed: 'too-big' | 'no-slot' | null;
  /** where the PTE is written: bm_pte (early_ioremap before early_ioremap_reset) or the kernel page tables */
  readonly pte: 'bm_pte' | 'pagetables';
  /** bm_pte's PMD (null if early_ioremap_init has not run); only for pte = bm_pte */
  readonly bmPtePmd: number | null;
  /** the PMD that actually maps vaddr now */
  readonly pmd: number;
  /** for pte = pagetables: whether a fixmap page table covering vaddr exists */
  readonly covered: boolean;
  /**
   * early_ioremap(): how far the caller is known to read, in bytes from the start of its first page as
   * it addresses it (`vaddr`): it reads [vaddr + phys % PAGE_SIZE, vaddr + readEnd), so when `vaddr` lies
   * FIXADDR_TOP % PAGE_SIZE bytes into its page (fixaddr-top-unaligned) the reads run that far past what
   * was mapped. The whole object by default; the DMI scan's dmi_present() windows up to the end of the
   * F-segment when it finds no anchor. Null when the model does not know (a set_fixmap() user, a scan that
   * stops where it meets "_DMI_", an ACPI table whose length the model does not have).
   */
  readonly readEnd: number | null;
}

/**
 * dmi_scan_machine() through a pointer that is not page-aligned (FIXADDR_TOP % PAGE_SIZE != 0): what
 * the search for the "_DMI_" anchor finds (drivers/firmware/dmi_scan.c; emitted only then, the ordinary
 * scan needs no line of its own).
 */
export interface DmiScanEvent {
  readonly kind: 'dmi-scan';
  readonly step: StepRef;
  /** the F-segment scan (dmi_ioremap(0xF0000, 0x10000), 16-byte steps) or the SMBIOS entry point at efi.smbios */
  readonly via: 'f-segment' | 'efi';
  /** the scan's mapping (its fixmap-use event's vaddr) */
  readonly vaddr: number;
  /** bytes the pointer lies into its page (FIXADDR_TOP % PAGE_SIZE as early_ioremap's pointer has it) */
  readonly offset: number;
  /** whether dmi_present() meets "_DMI_" (the model assumes a 16-byte aligned anchor, as the SMBIOS spec places it, above the offset) */
  readonly found: boolean;
  /** the first address past the mapping that the scan reads, when it reads that far: a page fault, dmi_scan_machine() never returns */
  readonly faultAt: number | null;
}

export interface EarlyIoremapInitEvent {
  readonly kind: 'early-ioremap-init';
  readonly step: StepRef;
  /** called by setup_arch(), or again by parse_reservetop() → fixup_early_ioremap() (2.6.34-rc7) */
  readonly via: 'call' | 'fixup_early_ioremap';
  /** bm_pte was already hooked (into this PMD): the second init re-hooks it at the current top */
  readonly previousPmd: number | null;
  /** live early mappings whose PTEs memset(bm_pte, 0) wiped (fixup_early_ioremap WARNs) */
  readonly wiped: number;
  readonly fixaddrTop: number;
  readonly btmapBegin: number;
  readonly btmapEnd: number;
  readonly pmdBegin: number;
  readonly pmdEnd: number;
}

export interface FixmapPagetablesEvent {
  readonly kind: 'fixmap-pagetables';
  readonly step: StepRef;
  readonly start: number;
  /** exclusive; may be 2^32 */
  readonly end: number;
  readonly fixaddrTop: number;
  /** the head_32 boot page table, which every hypervisor later supersedes */
  readonly boot: boolean;
}

/** permanent_kmaps_init(): page tables at PKMAP_BASE, which moves with FIXADDR_TOP */
export interface PkmapPagetablesEvent {
  readonly kind: 'pkmap-pagetables';
  readonly step: StepRef;
  readonly start: number;
  readonly end: number;
  readonly fixaddrTop: number;
}

export interface EarlyIoremapResetEvent {
  readonly kind: 'early-ioremap-reset';
  readonly step: StepRef;
  /** early_ioremap_clear() clears the PMD of the current FIX_BTMAP_BEGIN, which may not be where bm_pte is */
  readonly clearedPmd: number | null;
  readonly bmPtePmd: number | null;
  /** pages of live early mappings that early_ioremap_reset() turned into counted set_fixmap()s (until 2.6.29-rc2) */
  readonly remapped: number;
}

/** What a mem=/memmap= option does to the e820 map (E820EditEvent.edit). */
export type E820Edit = 'mem' | 'limit' | 'exactmap' | 'ram' | 'acpi' | 'reserved';

/**
 * parse_early_param() applied a mem=/memmap= option to the e820 map, or met it before the e820 map existed (not
 * applied: the call that builds the map appends the BIOS map and the edit is lost)
 */
export interface E820EditEvent {
  readonly kind: 'e820-edit';
  readonly step: StepRef;
  readonly param: string;
  /**
   * what the option does to the map: mem= ('mem') and memmap=SIZE ('limit') remove the RAM above SIZE, memmap=exactmap empties
   * the map, memmap=SIZE@START adds RAM, memmap=SIZE#START / SIZE$START add ACPI data / reserved ranges (the handlers of
   * each version: e820-params.ts); a rule names the kernel's action by it
   */
  readonly edit: E820Edit;
  readonly applied: boolean;
  /** the end of RAM after the edit (bytes), when applied (null: an entry appended before the map is built) */
  readonly ramEnd: number | null;
  /** memmap=SIZE@START at or above MAX_ARCH_PFN (bytes): e820_end_of_ram_pfn() (2.6.27-rc1 on) does not count it (2.6.26: beyondPhysLimit) */
  readonly aboveMaxArchPfn?: number;
  /**
   * 2.6.26, memmap=SIZE@START ending past what the paging mode reaches (`limit`, bytes): propagate_e820_map() counts
   * all of it; without PAE find_max_low_pfn() cuts max_pfn back (`cut`), with PAE (CONFIG_HIGHMEM64G) nothing does
   * (e820-params.ts maxArchPfn)
   */
  readonly beyondPhysLimit?: { readonly limit: number; readonly cut: boolean };
  /** not applied: the call that builds the map and loses the edit (setup_memory_map; 2.6.26: memory_setup) */
  readonly lostAt?: string;
  /** not applied (mem=, memmap=SIZE on the empty map): the memmap=SIZE@START entries appended before it that it cut or dropped */
  readonly cut?: readonly string[];
  /**
   * 2.6.27-rc1 on, memmap=SIZE#START / SIZE$START: the entry is appended (e820_add_region()), to the empty map too, and
   * wins over RAM when finish_e820_parsing() sanitizes the map (a `sanitized` event there)
   */
  readonly pending?: true;
  /**
   * 2.6.26's memmap=SIZE#START / SIZE$START: the entry is only appended and the user's map is never sanitized, so
   * the RAM under it stays E820_RAM (e820-params.ts). `overRam`: the range starts below the end of RAM; null: the
   * map is not built yet
   */
  readonly unsanitized?: { readonly overRam: boolean | null };
  /**
   * 2.6.27-rc1 on, memmap=SIZE#START / SIZE$START: applied by finish_e820_parsing() → sanitize_e820_map() after every
   * option (interpreter.ts sanitizeUserRanges), not in command-line order
   */
  readonly sanitized?: true;
  /** sanitized: the memmap=SIZE@START entries it took RAM from (the larger type wins an overlap) */
  readonly took?: readonly string[];
  /** pending: finish_e820_parsing() ran before this option was parsed (with no user entry, userdef 0, it sanitized nothing) */
  readonly sanitizedBefore?: StepRef;
  /** not applied: a later memmap=exactmap (e820.nr_map = 0) dropped the appended entry (a #/$ one before it was sanitized) */
  readonly droppedBy?: string;
}

/** a second parse_early_param(): `static int done` makes it return at once */
export interface EarlyParamsSkippedEvent {
  readonly kind: 'early-params-skipped';
  readonly step: StepRef;
  /** the step that parsed them */
  readonly first: StepRef;
}

/**
 * A call's guard `if (!value) return;` (effects.ts returns_unless) found `value` unset: the call returned
 * there and its later effects (`what`) did not run, so what it sets stays unset.
 */
export interface ReturnedEarlyEvent {
  readonly kind: 'returned-early';
  readonly step: StepRef;
  readonly value: Value;
  readonly what: string;
}

export interface ValueSetEvent {
  readonly kind: 'value-set';
  readonly step: StepRef;
  readonly value: Value;
}

export interface NeedEvent {
  readonly kind: 'need';
  readonly step: StepRef;
  readonly value: Value;
  readonly present: boolean;
  /** whether the missing value can change the outcome on this machine */
  readonly matters: boolean;
  /** it cannot, as far as the model knows (no such option, the condition is off); false for a machine-specific hazard */
  readonly harmless: boolean;
  readonly why: string;
  /** what the kernel does without it (the catalog's words), when known */
  readonly consequence?: string;
  readonly relevance: string;
  /** the step that would have set it but ran with its condition off (ModelState.setsOff; break-290 N7) */
  readonly offAt?: StepRef;
}

export interface MaxLowPfnEvent {
  readonly kind: 'max-low-pfn';
  readonly step: StepRef;
  /** max_pfn after the call (highmem= or !CONFIG_HIGHMEM can lower it) */
  readonly maxPfn: number;
  readonly maxLowPfn: number;
  readonly vmallocReserve: number;
  readonly fixaddrTop: number;
  /** max_pfn before the call, the input of find_low_pfn_range() */
  readonly maxPfnBefore: number;
  /** MAXMEM_PFN the call capped max_low_pfn with (0: the reserves leave no lowmem whatever the RAM) */
  readonly maxmemPfn: number;
  /** highmem_pages at the call (null: -1, no highmem= parsed yet) */
  readonly highmemPages: number | null;
  /** what the call did with a parsed highmem= */
  readonly highmemParam: HighmemParamOutcome | null;
  /** CONFIG_HIGHMEM4G: the call cut max_pfn to MAX_NONPAE_PFN, as the kernel says it (low-pfn-range.ts nonPaeCut) */
  readonly nonPaeCut?: string;
}

export interface MaxPfnEvent {
  readonly kind: 'max-pfn';
  readonly step: StepRef;
  readonly maxPfn: number;
}

export interface DirectMapEvent {
  readonly kind: 'direct-map';
  readonly step: StepRef;
  readonly start: number;
  readonly end: number;
  readonly maxLowPfn: number;
}

export interface AcpiMapEvent {
  readonly kind: 'acpi-map';
  readonly step: StepRef;
  readonly what: string;
  readonly phys: number;
  readonly via: 'direct' | 'fixmap' | 'early_ioremap';
  readonly limit: number;
}

export interface VmiLowmemEvent {
  readonly kind: 'vmi-lowmem-map';
  readonly step: StepRef;
  readonly pages: number;
  readonly upTo: 'max_low_pfn' | 'MAXMEM_PFN';
}

export interface VmallocParamEvent {
  readonly kind: 'vmalloc-reserve-set';
  readonly step: StepRef;
  readonly before: number;
  readonly after: number;
}

/**
 * reserve_initrd() (2.6.27+) or relocate_initrd() (2.6.26) copied nothing through early_ioremap for an
 * initrd placed above lowmem (ioremap-users.ts initrdCopy):
 * - too-large: ramdisk_size >= end_of_lowmem / 2, "initrd too large to handle, disabling initrd";
 * - in-lowmem: the initrd ends at or below end_of_lowmem, where it stays;
 * - not-decided: 2.6.26 relocate_initrd() before setup_memory()'s reserve_initrd() set do_relocate_initrd.
 */
export interface InitrdNotCopiedEvent {
  readonly kind: 'initrd-not-copied';
  readonly step: StepRef;
  readonly reason: 'too-large' | 'in-lowmem' | 'not-decided';
  /** boot_params.hdr.ramdisk_image (bytes, physical) */
  readonly image: number;
  /** boot_params.hdr.ramdisk_size (bytes) */
  readonly size: number;
  /** the limit << PAGE_SHIFT (bytes): 0 while the limit is unset */
  readonly endOfLowmem: number;
  readonly limit: 'max_low_pfn' | 'max_low_pfn_mapped';
}

export type TraceEvent =
  | RelocationEvent
  | FixmapUseEvent
  | EarlyIoremapInitEvent
  | FixmapPagetablesEvent
  | PkmapPagetablesEvent
  | EarlyIoremapResetEvent
  | ValueSetEvent
  | NeedEvent
  | MaxPfnEvent
  | MaxLowPfnEvent
  | DirectMapEvent
  | AcpiMapEvent
  | VmiLowmemEvent
  | VmallocParamEvent
  | InitrdNotCopiedEvent
  | DmiScanEvent
  | E820EditEvent
  | EarlyParamsSkippedEvent
  | ReturnedEarlyEvent
  | PagetableEvent;

export type EventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

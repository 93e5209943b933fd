/**
 * The typed event trace a replay emits. Rules read only this (and the final
 * state); they never re-run the model.
 */
import type { Value } from '../effects.js';
import type { SlotName } from '../fixmap.js';
import type { StepRef } from '../../../replay/trace.js';
import type { PagetableEvent } from '../pagetables/events.js';

export type { StepRef };

/** who called reserve_top_address(): vmi_init, Xen, reservetop=, or a scenario's `define:` call */
export type RelocationSource = 'vmi' | 'xen' | 'reservetop' | 'reserve_top_address';

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

export interface FixmapUseEvent {
  readonly kind: 'fixmap-use';
  readonly step: StepRef;
  readonly slot: SlotName;
  readonly idx: number;
  readonly vaddr: number;
  readonly fixaddrTop: number;
  /** a real set_fixmap (counts toward fixmaps_set) */
  readonly counted: boolean;
  readonly via: 'early_ioremap' | 'set_fixmap' | 'kmap_init';
  readonly what: string;
  /** where the PTE is written: bm_pte (early_ioremap before early_ioremap_reset) or the kernel page tables */
  readonly pte: 'bm_pte' | 'pagetables';
  /** bm_pte's PMD (null if early_ioremap_init has not run); only for pte = bm_pte */
  readonly bmPtePmd: number | null;
  /** the PMD that actually maps vaddr now */
  readonly pmd: number;
  /** for pte = pagetables: whether a fixmap page table covering vaddr exists */
  readonly covered: boolean;
}

export interface EarlyIoremapInitEvent {
  readonly kind: 'early-ioremap-init';
  readonly step: StepRef;
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
  readonly clearedPmd: number;
  readonly bmPtePmd: number | null;
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
  readonly why: string;
  readonly relevance: string;
}

export interface MaxLowPfnEvent {
  readonly kind: 'max-low-pfn';
  readonly step: StepRef;
  readonly maxPfn: number;
  readonly maxLowPfn: number;
  readonly vmallocReserve: number;
  readonly fixaddrTop: number;
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
  readonly via: 'direct' | 'fixmap';
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
  | PagetableEvent;

export type EventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

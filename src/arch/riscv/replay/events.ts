/**
 * The typed event trace of a riscv replay. Rules read only this (and the
 * final state); they never re-run the model. Addresses are bytes; ranges are
 * [start, end).
 */
import type { NeedEvent, StepRef, ValueSetEvent } from '../../../replay/trace.js';
import type { SectionName } from '../image.js';
import type { SlotName } from '../fixmap.js';
import type { Perm } from '../profile.js';
import type { AllocPlace, MappingKind, Root, PtOps, OwnerName, Need } from './state.js';

export type { AllocPlace };

export type { StepRef };

/** csr_write(CSR_SATP, …): the live root changes (with the fence the code issues). */
export interface SatpEvent {
  readonly kind: 'satp';
  readonly step: StepRef;
  readonly from: Root;
  readonly to: Root;
  readonly fence: 'before' | 'after';
}

/** pt_ops switches between the early (physical), fixmap and late (__va) table accessors. */
export interface PtOpsEvent {
  readonly kind: 'pt-ops';
  readonly step: StepRef;
  readonly to: PtOps;
}

/** A range of a root's page tables was filled in (in leaves of one size and permission). */
export interface MapEvent {
  readonly kind: 'map';
  readonly step: StepRef;
  readonly root: Root;
  readonly mapping: MappingKind;
  readonly start: number;
  readonly end: number;
  readonly pa: number;
  /** leaf size, bytes (2 MiB or 4 KiB; 0 for a table shared by reference, the fixmap) */
  readonly leaf: number;
  readonly perm: Perm;
  readonly what: string;
}

/** A fixmap slot's PTE was set (or cleared) in the shared fixmap_pte. */
export interface FixmapSetEvent {
  readonly kind: 'fixmap-set';
  readonly step: StepRef;
  readonly slot: SlotName;
  readonly idx: number;
  readonly vaddr: number;
  /** clear_fixmap() rather than set_fixmap() */
  readonly clear: boolean;
  /** the physical address mapped, when the model knows it */
  readonly pa: number | null;
  /** whether __set_fixmap issued local_flush_tlb_page(addr) after the write */
  readonly fenced: boolean;
  /** how many times the step did this (one event per step and slot: setup_vm_final maps many tables) */
  readonly count: number;
  readonly what: string;
  /** a set the kernel undoes only after setup_arch() has returned, and who (the EFI memory map's early_initcall) */
  readonly heldUntil?: string;
}

/** Memory accessed through a fixmap slot right after it was set. */
export interface FixmapUseEvent {
  readonly kind: 'fixmap-use';
  readonly step: StepRef;
  readonly slot: SlotName;
  readonly vaddr: number;
  /** the slot was set without an sfence.vma since */
  readonly pending: boolean;
  /** the step that set it */
  readonly setBy: StepRef;
  readonly what: string;
}

/** A full sfence.vma (local_flush_tlb_all, the satp switches): no entry is pending after it. */
export interface FenceEvent {
  readonly kind: 'fence';
  readonly step: StepRef;
  readonly what: string;
  /** slots that had a pending fence */
  readonly cleared: readonly SlotName[];
}

/** How an access reaches memory. */
export type Via = 'linear' | 'dtb_early_va' | 'initial_boot_params' | 'kernel';

/** A kernel access to memory through a virtual address, and whether the live root maps it. */
export interface AccessEvent {
  readonly kind: 'access';
  readonly step: StepRef;
  readonly what: string;
  readonly via: Via;
  /** the memory is the DTB (for the DTB rules) */
  readonly dtb: boolean;
  readonly write: boolean;
  /** page-aligned virtual range (exact doubles up to 2^64: multiples of 4096) */
  readonly va: number;
  readonly vaEnd: number;
  /** bytes from va to the first byte accessed: the DTB's offset in its page, 0 for page accesses; print va + offset with units.ts exactSum */
  readonly offset: number;
  /** physical address of the first byte, when known */
  readonly pa: number | null;
  /** for a memblock allocation: what the model knows of its size and place; null for other accesses */
  readonly alloc: AllocPlace | null;
  readonly root: Root;
  readonly mapped: boolean;
  /** the part of the range that is not mapped (its first page), when not mapped */
  readonly hole: number | null;
  /** the mapping that covers the start of the range, if any */
  readonly mapping: MappingKind | null;
}

/** One setup_vm() BUG_ON (or the 5.10 early_pmd one), evaluated. */
export interface SetupVmCheckEvent {
  readonly kind: 'setup-vm-check';
  readonly step: StepRef;
  /** the C condition, as written */
  readonly check: string;
  readonly fired: boolean;
  /** what it means in words */
  readonly meaning: string;
  /** the kernel file and line (tree tag from kernel-version.ts) */
  readonly source: string;
  /** the scenario key to point at */
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
}

/** A conflict a permission change causes outside the range it was asked for. */
export interface Conflict {
  readonly owner: OwnerName;
  readonly start: number;
  readonly end: number;
  readonly need: Need;
}

/** set_memory_*(): a permission change of whole leaves (pageattr never splits a PMD leaf). */
export interface PermChangeEvent {
  readonly kind: 'perm-change';
  readonly step: StepRef;
  /** e.g. set_memory_ro */
  readonly fn: string;
  /** the alias the address belongs to */
  readonly alias: 'kernel' | 'linear';
  /** the range asked for */
  readonly start: number;
  readonly end: number;
  /** the leaf-rounded range that actually changed */
  readonly leafStart: number;
  readonly leafEnd: number;
  readonly leaf: number;
  readonly before: Perm;
  readonly after: Perm;
  readonly what: string;
  /** owners of the changed leaves, outside the asked range, whose needs the new permission breaks */
  readonly conflicts: readonly Conflict[];
}

/**
 * A set_memory_*() before setup_vm_final(): it walks init_mm, whose pgd is
 * swapper_pg_dir, and swapper does not map the range yet. pageattr_pte_hole()
 * does "Nothing to do here" (zhangyinjun/linux-5.12.9@38c16b0cce67:arch/riscv/mm/pageattr.c:91-96), so the change is
 * lost, and setup_vm_final() later maps the range with its default
 * permissions.
 */
export interface PermLostEvent {
  readonly kind: 'perm-lost';
  readonly step: StepRef;
  /** e.g. set_memory_ro */
  readonly fn: string;
  readonly alias: 'kernel' | 'linear';
  /** the range asked for */
  readonly start: number;
  readonly end: number;
  /** the first address of it that swapper_pg_dir does not map */
  readonly hole: number;
  readonly what: string;
  /** the live root while it ran */
  readonly satp: string;
}

/** A kernel section (or the part of it a failed call asked for) and the permissions its leaves keep. */
export interface KeptSection {
  readonly section: SectionName;
  /** VA range in the alias the call was for */
  readonly start: number;
  readonly end: number;
  /** the union of the bits of the leaves over it */
  readonly perm: Perm;
}

/**
 * A set_memory_*() whose end lies below its start. numpages = (end - start) >> PAGE_SHIFT is an int: the
 * unsigned difference truncates to a negative count (for any gap under 2^31 pages, 8 TiB; Sv39 has 512 GiB), so
 * __set_memory()'s end = start + PAGE_SIZE * numpages wraps back to the end asked for, and
 * walk_page_range_novma() returns -EINVAL on start >= end before it walks anything
 * (zhangyinjun/linux-5.12.9@38c16b0cce67:arch/riscv/mm/pageattr.c:107-129, mm/pagewalk.c:453-454). The callers
 * (protect_kernel_text_data, mark_rodata_ro) ignore the return value: nothing changes.
 */
export interface PermFailedEvent {
  readonly kind: 'perm-failed';
  readonly step: StepRef;
  /** e.g. set_memory_nx */
  readonly fn: string;
  readonly alias: 'kernel' | 'linear';
  /** the range asked for: end < start */
  readonly start: number;
  readonly end: number;
  /** the symbols the call computed them from */
  readonly fromSym: string;
  readonly toSym: string;
  /** PFN_PHYS(max_low_pfn) when an end is __va() of it (0 until setup_bootmem sets max_low_pfn) */
  readonly maxLowPa: number | null;
  readonly what: string;
  /** the image sections from start to _end in that alias, with the permissions they keep */
  readonly kept: readonly KeptSection[];
}

/** The two aliases of a kernel section now disagree: writable in one, executable in the other (or a RO section writable). */
export interface AliasDisagreeEvent {
  readonly kind: 'alias-disagree';
  readonly step: StepRef;
  readonly section: SectionName;
  readonly pa: number;
  readonly paEnd: number;
  readonly kernelVa: number;
  readonly linearVa: number;
  readonly kernelPerm: Perm;
  readonly linearPerm: Perm;
  readonly why: 'w+x' | 'ro-writable';
}

/** The owners of a section changed: init freed to the page allocator, rodata made read-only, text protected. */
export interface PhaseEvent {
  readonly kind: 'phase';
  readonly step: StepRef;
  readonly what: 'init-freed' | 'rodata-ro' | 'text-ro';
}

/**
 * ptdump_check_wx() (CONFIG_DEBUG_WX) at the end of mark_rodata_ro(): the kernel-half leaves of swapper that are
 * both writable and executable, merged where they touch, with the image sections they hold. The kernel prints
 * WARN_ONCE("riscv/mm: Found insecure W+X mapping at address %p/%pS") for the first and then
 * "Checked W+X mappings: failed, %lu W+X pages found" (R510 mm/ptdump.c:222-235,297-322); none: "passed".
 */
export interface WxCheckEvent {
  readonly kind: 'wx-check';
  readonly step: StepRef;
  readonly ranges: readonly { readonly start: number; readonly end: number; readonly pa: number; readonly sections: readonly SectionName[] }[];
  /** the W+X pages ptdump_check_wx() counts: (end - start) / PAGE_SIZE summed */
  readonly pages: number;
}

/**
 * setup_vm_final() over RAM it maps none of, because 5.14's __pa(PAGE_OFFSET) + memory_limit wrapped below every
 * range memblock held then (R514 mm/init.c:140,741-745; MAXPHYSMEM_2GB). Not emitted when memblock held no RAM
 * yet: that is the order's doing (missing-prerequisite), not the configuration's.
 */
export interface LinearEmptyEvent {
  readonly kind: 'linear-empty';
  readonly step: StepRef;
  /** where each range was made to end: the wrapped sum, a physical address */
  readonly clip: number;
  /** the memblock.memory ranges setup_vm_final() walked */
  readonly ranges: number;
}

/**
 * A memblock allocation that found no room although memblock knows memory (with none, the need for the FDT says
 * why), for a caller that goes on without it (the effect's `failed`): nothing is written, nothing taken.
 */
export interface AllocFailedEvent {
  readonly kind: 'alloc-failed';
  readonly step: StepRef;
  readonly what: string;
  /** bytes asked for */
  readonly size: number;
  /** the allocator's max_addr (physical, exclusive), null without one */
  readonly maxAddr: number | null;
  /** what the caller does then, in the kernel's words */
  readonly failed: string;
}

/** A JIT-compiled BPF image or a module allocated in its region. */
export interface VmallocEvent {
  readonly kind: 'vmalloc';
  readonly step: StepRef;
  readonly what: string;
  readonly start: number;
  readonly end: number;
  /** the kernel-mapping leaf the pages fall into (vmap writes PTEs through a PMD leaf), if any */
  readonly inKernelLeaf: Interval | null;
  /**
   * that leaf's permissions when the JIT fills the image: without W (an earlier program's
   * bpf_jit_binary_lock_ro() made the leaf read-only) bpf_fill_ill_insns() faults on the first store,
   * and the program never reaches its own lock_ro; null when the image is in no kernel leaf
   */
  readonly leafPerm: Perm | null;
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * kasan_init(): the shadow of one range, as populate() (5.10: R510 mm/kasan_init.c:50-84) or kasan_populate()
 * (5.12+: R512 mm/kasan_init.c:147-156) computes it from kasan_mem_to_shadow(start) … kasan_mem_to_shadow(end),
 * then memsets. Shadow addresses are page-aligned (vaddr = start & PAGE_MASK, vend = PAGE_ALIGN(end)), so they are
 * exact doubles up to 2^64; the first byte memset() writes is shadow + offset.
 */
export interface KasanPopulateEvent {
  readonly kind: 'kasan-populate';
  readonly step: StepRef;
  /** what the shadow is of, e.g. "memblock.memory 0x80000000–0x100000000" */
  readonly what: string;
  /** the address handed to kasan_mem_to_shadow(): a physical address (5.10: `(void *)_start`) or a virtual one (__va) */
  readonly fromKind: 'pa' | 'va';
  readonly from: number;
  readonly fromEnd: number;
  readonly shadow: number;
  readonly shadowEnd: number;
  /** bytes from shadow to kasan_mem_to_shadow(from) */
  readonly offset: number;
  /** the shadow is an sv39 address: bits 63–39 equal bit 38 */
  readonly canonical: boolean;
  /** pgd_index(shadow): the swapper_pg_dir entry the tables hang from */
  readonly pgdIndex: number;
  /**
   * the VA range whose leaves the code writes: [shadow, shadowEnd) for kasan_populate(); for 5.10's populate(),
   * which fills pgd[i], pmd[i], pte[i] from index 0, the first n_pages pages of the PGD entry pgd_offset_k(shadow)
   */
  readonly mappedStart: number;
  readonly mappedEnd: number;
}

/** memblock state: what parse_dtb found, what setup_bootmem reserved and limited. */
export interface MemblockEvent {
  readonly kind: 'memblock';
  readonly step: StepRef;
  readonly what: string;
  readonly banks: readonly Interval[];
}

export type RiscvEvent =
  | SatpEvent
  | PtOpsEvent
  | MapEvent
  | FixmapSetEvent
  | FixmapUseEvent
  | FenceEvent
  | AccessEvent
  | SetupVmCheckEvent
  | PermChangeEvent
  | PermLostEvent
  | PermFailedEvent
  | AliasDisagreeEvent
  | WxCheckEvent
  | LinearEmptyEvent
  | PhaseEvent
  | VmallocEvent
  | AllocFailedEvent
  | MemblockEvent
  | KasanPopulateEvent
  | NeedEvent
  | ValueSetEvent;

export type EventOf<K extends RiscvEvent['kind']> = Extract<RiscvEvent, { kind: K }>;

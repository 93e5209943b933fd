/**
 * The small vocabulary the call catalog is written in. Each setup_arch() call
 * is a list of effects; one interpreter (replay/interpreter.ts) runs them over
 * the model. The same words back user `define:` blocks (define.ts).
 */
import type { SlotName } from './fixmap.js';

/** Values a call can set and later calls can need (DESIGN §2 "state"); also the words of `define:` needs/sets. */
export const VALUES = [
  'e820',          // the e820 memory map (setup_memory_map / memory_setup)
  'max_pfn',       // e820_end_of_ram_pfn / propagate_e820_map
  'max_low_pfn',   // find_low_pfn_range (2.6.27+) / setup_memory (2.6.26)
  'early_params',  // parse_early_param
  'direct_map',    // init_memory_mapping (2.6.27+) / pagetable_init (2.6.26)
  'vmi_rom',       // vmi_init found (or looked for) the VMI option ROM
] as const;

export type Value = (typeof VALUES)[number];

/** Machine facts and config knobs that switch an effect on (DESIGN §3). */
export type Condition =
  | 'hypervisor:vmi'
  | 'hypervisor:xen'
  | 'machine.efi'
  | 'machine.setup_data'
  | 'machine.initrd'
  | 'machine.initrd_above_lowmem'
  | 'machine.ohci1394_dma_early'
  | 'config.highmem'
  | 'config.acpi'
  | 'config.acpi_numa'
  | 'config.local_apic'
  | 'config.io_apic'
  /** FIX_KMAP_* exist: CONFIG_HIGHMEM, or any config from 2.6.28-rc4 on (fd940934352) */
  | 'kmap';

/** What makes a missing prerequisite matter on this machine (else it is only a warning). */
export type Relevance =
  | { kind: 'always' }
  | { kind: 'cmdline'; params: readonly string[] }
  | { kind: 'condition'; condition: Condition };

export type Effect =
  | { op: 'needs'; value: Value; why: string; relevance: Relevance; when?: Condition }
  | { op: 'sets'; value: Value; when?: Condition }
  /** early_ioremap(): bm_pte before early_ioremap_reset, a real set_fixmap after (mm/ioremap.c) */
  | { op: 'early_ioremap'; what: string; when?: Condition; /** the size mapped, when known (a `define:` call); the model checks the first page, FIX_BTMAP_BEGIN */ bytes?: number }
  /** set_fixmap(): counts toward fixmaps_set (pgtable_32.c __set_fixmap) */
  | { op: 'set_fixmap'; slot: SlotName; what: string; when?: Condition }
  /** reserve_top_address(): moves FIXADDR_TOP down, grows __VMALLOC_RESERVE */
  | { op: 'relocate'; source: 'vmi' | 'xen'; when?: Condition }
  /** reserve_top_address(bytes) called directly (a `define:` call; the pvops API Xen and VMI use) */
  | { op: 'reserve_top_address'; bytes: number }
  /** parse_early_param(): machine.cmdline, which may relocate (reservetop=) */
  | { op: 'parse_early_param' }
  /** early_ioremap_init(): bm_pte into the PMD of fix_to_virt(FIX_BTMAP_BEGIN) */
  | { op: 'early_ioremap_init' }
  /** max_pfn from the e820 map, clipped by mem= (e820.c e820_end_of_ram_pfn) */
  | { op: 'compute_max_pfn' }
  /** max_low_pfn = min(max_pfn, MAXMEM_PFN) with the reserve in force now */
  | { op: 'compute_max_low_pfn' }
  /** kernel_physical_mapping_init: PAGE_OFFSET .. PAGE_OFFSET + max_low_pfn */
  | { op: 'build_direct_map' }
  /** page_table_range_init over the fixmap at the current FIXADDR_TOP, then early_ioremap_reset */
  | { op: 'build_fixmap_pagetables' }
  /** permanent_kmaps_init: page tables for PKMAP_BASE */
  | { op: 'build_pkmap_pagetables'; when?: Condition }
  /** kmap_init(): caches the PTE of fix_to_virt(FIX_KMAP_BEGIN) (not counted) */
  | { op: 'kmap_init'; when?: Condition }
  /** __acpi_map_table(): direct map if below the limit, else set_fixmap(FIX_ACPI_*) */
  | { op: 'map_acpi_tables'; what: string; limit: 'low_8mib' | 'max_low_pfn_mapped'; when?: Condition }
  /** VMI's lowmem mapping table (vmi_32.c activate_vmi): max_low_pfn before rc3, MAXMEM_PFN after */
  | { op: 'vmi_map_lowmem'; upTo: 'max_low_pfn' | 'MAXMEM_PFN'; when?: Condition }
  | PagetableEffect;

/**
 * Page-table effects (src/arch/x86_32/pagetables/build.ts builds the page
 * tables with them; head_32's and Xen's tables exist before setup_arch).
 */
export type PagetableEffect =
  /** early_ioremap_init(): pmd_populate_kernel(pmd of FIX_BTMAP_BEGIN, bm_pte) */
  | { op: 'pmd_populate_bm_pte'; when?: Condition }
  /** the direct map's entries up to max_low_pfn under config.pagetable_init_policy (2.6.27+: init_memory_mapping) */
  | { op: 'kernel_physical_mapping_init'; when?: Condition }
  /** page tables for every PMD of the fixmap (early_ioremap_clear before it until 2.6.29-rc3) or of the pkmap area */
  | { op: 'page_table_range_init'; range: 'fixmap' | 'pkmap'; when?: Condition }
  /** kmap_init(): kmap_pte = the PTE of FIX_KMAP_BEGIN, which kmap_atomic() indexes downwards */
  | { op: 'kmap_get_fixmap_pte'; when?: Condition }
  /** paravirt_pagetable_setup_start / _done, paravirt_post_allocator_init: native or Xen, per version */
  | { op: 'pagetable_setup_hook'; hook: 'start' | 'done' | 'post_allocator_init'; when?: Condition };

const PAGETABLE_OPS: ReadonlySet<string> = new Set<PagetableEffect['op']>([
  'pmd_populate_bm_pte', 'kernel_physical_mapping_init', 'page_table_range_init', 'kmap_get_fixmap_pte', 'pagetable_setup_hook',
]);

export function isPagetableEffect(e: Effect): e is PagetableEffect {
  return PAGETABLE_OPS.has(e.op);
}

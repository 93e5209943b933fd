/**
 * The small vocabulary the call catalog is written in. Each setup_arch() call
 * is a list of effects; one interpreter (replay/interpreter.ts) runs them over
 * the model. The same words back user `define:` blocks (define.ts).
 */
import type { SlotName } from './fixmap.js';
import type { E820Edit } from './replay/events.js';

/** Values a call can set and later calls can need (DESIGN §2 "state"; the audit's per-call "reads"); also the words of `define:` needs/sets. */
export const VALUES = [
  'e820',          // the e820 memory map (setup_memory_map / memory_setup)
  'max_pfn',       // e820_end_of_ram_pfn / propagate_e820_map
  'max_low_pfn',   // find_low_pfn_range (2.6.27+) / setup_memory (2.6.26)
  'early_params',  // parse_early_param
  'direct_map',    // init_memory_mapping (2.6.27+: max_pfn_mapped, max_low_pfn_mapped) / pagetable_init (2.6.26)
  'vmi_rom',       // vmi_init found (or looked for) the VMI option ROM
  'bootmem',       // the bootmem allocator: setup_memory (2.6.26) / initmem_init (2.6.27+)
  'efi',           // the efi struct (efi.smbios, efi.acpi, …) that efi_init reads from the EFI system table
  'dmi',           // dmi_ident / dmi_available, copied by dmi_scan_machine
  'smp_config',    // smp_found_config and the MP floating pointer (find_smp_config)
  'apic_config',   // mp_lapic_addr, nr_ioapics (acpi_boot_init from the MADT, or get_smp_config from the MP table)
  'low_64k_reserved', // dmi_check_system(bad_bios_dmi_table): dmi_low_memory_corruption() made 0 – 64 KiB E820_RESERVED (2.6.27.6+, 2.6.28-rc1+)
  'acpi_tables',   // acpi_boot_table_init → acpi_table_init(): the root table list acpi_table_parse() looks tables up in
  'bm_pte',        // early_ioremap_init: bm_pte hooked into the page tables (the latent need of an early_ioremap() this machine skips)
  'page_fault_handler', // early_trap_init (2.6.35-rc1+): IDT vector 14 is do_page_fault's page_fault, not head_32.S's early_page_fault
  'vmi_mmu_ops',   // vmi_activate (2.6.28-rc9+/2.6.27.10+) past `if (!vmi_rom) return;` → activate_vmi(): pv_mmu_ops.alloc_pte = vmi_allocate_pte, … (recorded, like vmi_rom, on every machine; needed only on a VMI host)
] as const;

export type Value = (typeof VALUES)[number];

/**
 * The values a `define:` call may name in needs/sets: all but bm_pte, which
 * only early_ioremap_init() installs (a defined call that maps early says
 * `early_ioremap:`, and the model checks bm_pte for it),
 * page_fault_handler, which only early_trap_init() installs and nothing needs
 * (it decides what a fault prints, not whether one happens), and vmi_mmu_ops,
 * which only vmi_activate() installs and only the kernel's own page-table
 * builder (init_memory_mapping) is modeled to need.
 */
export const DEFINE_VALUES = [
  'e820', 'max_pfn', 'max_low_pfn', 'early_params', 'direct_map', 'vmi_rom', 'bootmem', 'efi', 'dmi', 'smp_config', 'apic_config', 'low_64k_reserved', 'acpi_tables',
] as const satisfies readonly Exclude<Value, 'bm_pte' | 'page_fault_handler' | 'vmi_mmu_ops'>[];

/** Machine facts and config knobs that switch an effect on (DESIGN §3). */
export type Condition =
  | 'hypervisor:vmi'
  | 'hypervisor:xen'
  | 'machine.efi'
  | 'machine.setup_data'
  | 'machine.initrd'
  | 'machine.initrd_above_lowmem'
  | 'machine.ohci1394_dma_early'
  | 'machine.olpc_ofw'
  | 'machine.tboot'
  | 'config.highmem'
  | 'config.acpi'
  | 'config.acpi_numa'
  | 'config.local_apic'
  | 'config.io_apic'
  /** efi_enabled: machine.efi (an "EL32" loader signature) and no noefi on the command line */
  | 'efi_enabled'
  /** ACPI in use: config.acpi and no acpi=off */
  | 'acpi_enabled'
  /** ACPI NUMA in use: config.acpi_numa (with config.acpi) and no acpi=off */
  | 'acpi_numa_enabled'
  /** FIX_KMAP_* exist: CONFIG_HIGHMEM, or any config from 2.6.28-rc4 on (fd940934352) */
  | 'kmap';

/** What makes a missing prerequisite matter on this machine (else it is only a warning). */
export type Relevance =
  | { kind: 'always' }
  /**
   * matters when the command line has one of `params` (an early parameter the call reads), and, when
   * `condition` is given, only where it holds (noefi matters only on an EFI machine). A param is a key
   * (`mem`: any value counts) or `key=value` for a parameter whose handler acts on that value only
   * (`acpi=off`: parse_acpi() compares the whole argument; `pci=earlydump`: pci_setup() splits at ',' and
   * hands each option on, so `pci=earlydump,nobios` counts for it)
   */
  | { kind: 'cmdline'; params: readonly string[]; condition?: Condition }
  /**
   * matters when the command line has a mem=/memmap= option making one of `edits` (e820-params.ts e820EditOf;
   * mem=nopentium makes none); `names` says them for "machine.cmdline has no …", and `kept`, when given, why the
   * other mem=/memmap= options given do not count ("(kept: memmap=64M@2G; …)")
   */
  | { kind: 'e820-edits'; edits: readonly E820Edit[]; names: string; kept?: string }
  /**
   * harmless on every machine the model can express (`text` says why, e.g. a config option the model
   * always has on that empties the call); kept as a need so that a fix never moves it before its input
   */
  | { kind: 'inert'; text: string }
  | { kind: 'condition'; condition: Condition }
  /**
   * the model cannot know (a DMI quirk this machine may or may not need): a warning, with this reason;
   * harmless where `condition`, when given, does not hold (no setup_data for reserve_early_setup_data to panic on)
   */
  | { kind: 'machine-specific'; text: string; condition?: Condition }
  /**
   * matters when the call copies the initrd at this point: machine.initrd is above-lowmem and, with the end of
   * lowmem the replay has at this step, the initrd is neither "too large to handle" nor within lowmem
   * (replay/ioremap-users.ts initrdPlan); with `decided` (2.6.26 relocate_initrd), only once setup_memory()'s
   * reserve_initrd() has decided to relocate it (do_relocate_initrd)
   */
  | { kind: 'initrd-copy'; decided?: true };

/**
 * The early_ioremap() users of setup_arch(), each a fixed sequence of maps
 * and unmaps with sizes from the machine facts (machine-facts.ts):
 * - setup_data_pages: parse_setup_data(), PAGE_SIZE per node, nested whole-node map when it is larger;
 * - setup_data_headers: e820_reserve_setup_data() / reserve_early_setup_data(), 16 bytes per node;
 * - efi_tables: efi_init(): system table, fw_vendor, config tables, runtime services, then the memory map, left mapped;
 * - dmi_scan: dmi_scan_machine(): the 64 KiB F-segment scan (or efi.smbios), held while the table is mapped nested;
 * - initrd_copy: reserve_initrd() → relocate_initrd() (2.6.27+): the part above lowmem in 256 KiB chunks;
 * - initrd_copy_decided: 2.6.26 relocate_initrd(): the same, only when setup_memory()'s reserve_initrd() set do_relocate_initrd;
 * - mptable: get_smp_config() from 2.6.30: the MP table header page, then the whole table;
 * - olpc_pgd: setup_olpc_ofw_pgd(): OpenFirmware's page directory (4 KiB).
 */
export type IoremapProgram = 'setup_data_pages' | 'setup_data_headers' | 'efi_tables' | 'dmi_scan' | 'initrd_copy' | 'initrd_copy_decided' | 'mptable' | 'olpc_pgd';

export type Effect =
  /** `why`: what the call reads it for; `consequence`: what the kernel does without it, when `why` does not say */
  | { op: 'needs'; value: Value; why: string; consequence?: string; relevance: Relevance; when?: Condition }
  | { op: 'sets'; value: Value; when?: Condition }
  /**
   * early_ioremap()s of a known user: bm_pte before early_ioremap_reset, real set_fixmap()s after (mm/ioremap.c).
   * `defined`: a `define:` call's early_ioremap(phys, bytes), one mapping of `bytes` (page-aligned phys), mapped and unmapped
   */
  | { op: 'early_ioremap'; program: IoremapProgram | 'defined'; what: string; bytes?: number; when?: Condition }
  /** set_fixmap(): counts toward fixmaps_set (pgtable_32.c __set_fixmap); `per` repeats it per IO-APIC or controller */
  | { op: 'set_fixmap'; slot: SlotName; what: string; per?: 'ohci1394_controller'; when?: Condition }
  /** reserve_top_address(): moves FIXADDR_TOP down, grows __VMALLOC_RESERVE (until 2.6.31-rc6) */
  | { op: 'relocate'; source: 'vmi' | 'xen' | 'olpc'; when?: Condition }
  /** reserve_top_address(bytes) called directly (a `define:` call; the pvops API Xen and VMI use) */
  | { op: 'reserve_top_address'; bytes: number }
  /**
   * A guard at the top of the call, `if (!value) return;`: without `value` the effects after it do not run
   * (vmi_activate(): `if (!vmi_rom) return;`). `what` says what is skipped, for the trace.
   */
  | { op: 'returns_unless'; value: Value; what: string }
  /** parse_early_param(): machine.cmdline, once (static int done) */
  | { op: 'parse_early_param' }
  /** early_ioremap_init(): bm_pte into the PMD of fix_to_virt(FIX_BTMAP_BEGIN) */
  | { op: 'early_ioremap_init' }
  /** setup_memory_map() / memory_setup(): the BIOS map is appended to e820 */
  | { op: 'build_e820' }
  /**
   * finish_e820_parsing() (2.6.27-rc1 on): with userdef, sanitize_e820_map() on the map as it is, where the
   * memmap=SIZE#START / SIZE$START entries win over the RAM they overlap (arch/x86/kernel/e820.c:1242-1254, 333-339
   * at caglar10ur/linux-2.6.27.y@3fa8749e584b)
   */
  | { op: 'sanitize_e820' }
  /**
   * max_pfn from the e820 map: 2.6.26's propagate_e820_map() takes the end
   * of the highest RAM range ('highest-end'); 2.6.27's e820_end_of_ram_pfn()
   * skips ranges that start at or above MAX_ARCH_PFN and caps the rest there
   * ('below-max-arch-pfn', e820_end_pfn()).
   */
  | { op: 'compute_max_pfn'; ram: 'highest-end' | 'below-max-arch-pfn' }
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
  /**
   * __acpi_map_table() for one table: direct map, set_fixmap(FIX_ACPI_*) or early_ioremap, per kernel version.
   * `parsed`: found through acpi_table_parse() → acpi_get_table(), which walks the root table list
   * acpi_boot_table_init() builds: nothing is found (and mapped) before it
   */
  | { op: 'map_acpi_tables'; what: string; parsed?: true; when?: Condition }
  /** acpi_boot_init() / early_acpi_boot_init(): the MADT registers the local APIC (and, late, the IO-APICs) with set_fixmap */
  | { op: 'acpi_madt'; ioapics: boolean; when?: Condition }
  /** get_smp_config(): the MP table (when ACPI did not configure the APICs) */
  | { op: 'get_smp_config' }
  /** init_apic_mappings(): set_fixmap(FIX_APIC_BASE) unless ACPI or the MP table already did (per version) */
  | { op: 'init_apic_mappings' }
  /** ioapic_init_mappings(): set_fixmap(FIX_IO_APIC_BASE_0 + i) for each registered IO-APIC */
  | { op: 'ioapic_init_mappings' }
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
  /**
   * setup_olpc_ofw_pgd() (arch/x86/kernel/olpc_ofw.c, 2.6.36 f6f94e2ab1b, :20-40):
   * set_pgd(&swapper_pg_dir[OLPC_OFW_PDE_NR], OpenFirmware's PDE), read through an
   * early_ioremap() of OFW's page directory (OLPC_OFW_PDE_NR 1022, asm/olpc_ofw.h)
   */
  | { op: 'set_pgd_olpc_ofw'; when?: Condition }
  /** paravirt_pagetable_setup_start / _done, paravirt_post_allocator_init: native or Xen, per version */
  | { op: 'pagetable_setup_hook'; hook: 'start' | 'done' | 'post_allocator_init'; when?: Condition }
  /**
   * set_pte_mfn(fix_to_virt(slot), mfn, PAGE_KERNEL) (2.6.26 Xen setup_shared_info,
   * arch/x86/xen/mmu.c): the slot's PTE written through the page tables, not through
   * __set_fixmap, so `fixmaps` does not count it
   */
  | { op: 'set_pte_mfn'; slot: SlotName; when?: Condition };

const PAGETABLE_OPS: ReadonlySet<string> = new Set<PagetableEffect['op']>([
  'pmd_populate_bm_pte', 'kernel_physical_mapping_init', 'page_table_range_init', 'kmap_get_fixmap_pte', 'pagetable_setup_hook', 'set_pte_mfn', 'set_pgd_olpc_ofw',
]);

export function isPagetableEffect(e: Effect): e is PagetableEffect {
  return PAGETABLE_OPS.has(e.op);
}

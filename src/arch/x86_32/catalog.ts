/**
 * The x86_32 setup_arch() call catalog (DESIGN §3): every call as data, in the
 * effect vocabulary of effects.ts. Version-dependent semantics are variants
 * selected by `kernel:`. Sources: arch/x86/kernel/setup_32.c (2.6.26),
 * arch/x86/kernel/setup.c (2.6.27+), arch/x86/mm/{init_32,ioremap,pgtable_32}.c,
 * arch/x86/kernel/vmi_32.c, arch/x86/kernel/acpi/boot.c.
 */
import type { CallName } from './catalog-names.js';
import type { Effect } from './effects.js';
import type { KernelVersion } from '../types.js';
import { keyOf } from './kernel-version.js';

interface Variant {
  readonly sinceKey: number;
  readonly untilKey: number;
  readonly effects: readonly Effect[];
}

export interface CallSpec {
  /** one line, for `bootreplay steps` */
  readonly doc: string;
  /** the kernels whose x86_32 setup_arch() has this call, when not all of them */
  readonly since?: string;
  readonly until?: string;
  /** why it is missing outside since..until (for the loader's message) */
  readonly absentBecause?: string;
  readonly variants: readonly Variant[];
}

const ALL = { sinceKey: 0, untilKey: Number.POSITIVE_INFINITY };

function always(effects: readonly Effect[]): readonly Variant[] {
  return [{ ...ALL, effects }];
}

function from(since: string | undefined, until: string | undefined, effects: readonly Effect[]): Variant {
  return {
    sinceKey: since === undefined ? 0 : keyOf(since),
    untilKey: until === undefined ? Number.POSITIVE_INFINITY : keyOf(until),
    effects,
  };
}

const NONE: readonly Variant[] = always([]);

// Prerequisites, spelled once.
const needsMaxPfn: Effect = { op: 'needs', value: 'max_pfn', why: 'max_low_pfn = min(max_pfn, MAXMEM_PFN)', relevance: { kind: 'always' } };
const needsE820: Effect = { op: 'needs', value: 'e820', why: 'the end of RAM is read from the e820 map', relevance: { kind: 'always' } };
const needsMemParams: Effect = { op: 'needs', value: 'early_params', why: 'mem= trims the e820 map before the end of RAM is read', relevance: { kind: 'cmdline', params: ['mem'] } };
const needsLowmemParams: Effect = { op: 'needs', value: 'early_params', why: 'vmalloc= and highmem= size lowmem', relevance: { kind: 'cmdline', params: ['vmalloc', 'highmem'] } };
const needsVmiParams: Effect = { op: 'needs', value: 'early_params', why: 'activate_vmi() applies the vmi= options (disable_pse, disable_pge, …), which parse_early_param sets', relevance: { kind: 'cmdline', params: ['vmi'] }, when: 'hypervisor:vmi' };

const setupDataIoremap: Effect = { op: 'early_ioremap', what: 'boot_params setup_data', when: 'machine.setup_data' };
const initrdIoremap: readonly Effect[] = [
  { op: 'needs', value: 'max_low_pfn', why: 'reserve_initrd() compares the initrd with the end of lowmem', relevance: { kind: 'condition', condition: 'machine.initrd' } },
  { op: 'early_ioremap', what: 'initrd pages above lowmem (relocate_initrd)', when: 'machine.initrd_above_lowmem' },
];
const computeMaxPfn: readonly Effect[] = [needsE820, needsMemParams, { op: 'compute_max_pfn' }, { op: 'sets', value: 'max_pfn' }];

export const CATALOG: Readonly<Record<CallName, CallSpec>> = {
  early_ioremap_init: {
    doc: 'installs bm_pte in the PMD of fix_to_virt(FIX_BTMAP_BEGIN) at the current FIXADDR_TOP (WARNs if FIX_BTMAP_* straddle two PMDs)',
    variants: always([{ op: 'early_ioremap_init' }, { op: 'pmd_populate_bm_pte' }]),
  },
  parse_early_param: {
    doc: 'parses machine.cmdline: reservetop= relocates the fixmap; vmalloc=, mem=, highmem=, noexec=, vmi= take effect',
    variants: always([{ op: 'parse_early_param' }, { op: 'sets', value: 'early_params' }]),
  },
  vmi_init: {
    doc: 'VMI host: probes the ROM and reserve_top_address(-virtual_top); before 2.6.28 also activate_vmi() (vmi= options; lowmem map to max_low_pfn before 2.6.27-rc3, MAXMEM_PFN after)',
    variants: [
      // vmi_32.c before Alok Kataria's rc3 fix: activate_vmi() registers a
      // linear mapping of lowmem sized by max_low_pfn.
      from(undefined, '2.6.27-rc2', [
        { op: 'needs', value: 'max_low_pfn', why: 'activate_vmi() maps lowmem up to max_low_pfn', relevance: { kind: 'always' }, when: 'hypervisor:vmi' },
        needsVmiParams,
        { op: 'relocate', source: 'vmi', when: 'hypervisor:vmi' },
        { op: 'vmi_map_lowmem', upTo: 'max_low_pfn', when: 'hypervisor:vmi' },
        { op: 'sets', value: 'vmi_rom' },
      ]),
      // 2.6.27-rc3 "x86: fix VMI for 2.6.27": the lowmem map covers MAXMEM_PFN
      // (vmi_32.c of the 2.6.28 release candidates still activates here).
      from('2.6.27-rc3', '2.6.28-rc9', [
        needsVmiParams,
        { op: 'relocate', source: 'vmi', when: 'hypervisor:vmi' },
        { op: 'vmi_map_lowmem', upTo: 'MAXMEM_PFN', when: 'hypervisor:vmi' },
        { op: 'sets', value: 'vmi_rom' },
      ]),
      // 2.6.28 split activation off into vmi_activate(), after parse_early_param.
      from('2.6.28', undefined, [
        { op: 'relocate', source: 'vmi', when: 'hypervisor:vmi' },
        { op: 'sets', value: 'vmi_rom' },
      ]),
    ],
  },
  vmi_activate: {
    doc: 'VMI host, 2.6.28+: activate_vmi(): applies the vmi= options and maps lowmem up to MAXMEM_PFN',
    since: '2.6.28',
    absentBecause: 'vmi_activate() was split out of vmi_init() in 2.6.28; earlier kernels activate VMI inside vmi_init',
    variants: always([
      { op: 'needs', value: 'vmi_rom', why: 'activate_vmi() uses the ROM that vmi_init() found', relevance: { kind: 'condition', condition: 'hypervisor:vmi' } },
      needsVmiParams,
      { op: 'vmi_map_lowmem', upTo: 'MAXMEM_PFN', when: 'hypervisor:vmi' },
    ]),
  },
  setup_memory_map: { doc: 'builds the e820 map from the BIOS', variants: always([{ op: 'sets', value: 'e820' }]) },
  memory_setup: { doc: 'builds the e820 map from the BIOS (2.6.25 spelling: print_memory_map(memory_setup()))', variants: always([{ op: 'sets', value: 'e820' }]) },
  parse_setup_data: { doc: 'early_ioremap of each boot_params setup_data entry, if machine.setup_data', variants: always([setupDataIoremap]) },
  e820_reserve_setup_data: { doc: 'early_ioremap of setup_data to reserve it in e820, if machine.setup_data', variants: always([setupDataIoremap]) },
  reserve_early_setup_data: { doc: 'early_ioremap of setup_data to reserve it, if machine.setup_data', variants: always([setupDataIoremap]) },
  reserve_setup_data: { doc: 'early_ioremap of setup_data to reserve it, if machine.setup_data (tip/x86, July 2008)', variants: always([setupDataIoremap]) },
  efi_init: { doc: 'early_ioremap of the EFI system table and memory map, if machine.efi', variants: always([{ op: 'early_ioremap', what: 'EFI system table', when: 'machine.efi' }]) },
  e820_end_of_ram_pfn: { doc: 'sets max_pfn from the e820 map (and mem=)', variants: always(computeMaxPfn) },
  e820_end_of_ram: { doc: 'sets max_pfn from the e820 map (and mem=) (tip/x86 spelling of e820_end_of_ram_pfn, July 2008)', variants: always(computeMaxPfn) },
  propagate_e820_map: { doc: 'sets max_pfn from the e820 map (and mem=) (2.6.26)', variants: always(computeMaxPfn) },
  find_low_pfn_range: {
    doc: 'sets max_low_pfn = min(max_pfn, MAXMEM_PFN) with the __VMALLOC_RESERVE in force now (2.6.27+)',
    since: '2.6.27-rc1',
    absentBecause: 'find_low_pfn_range() appeared with the setup_32.c/setup_64.c merge in 2.6.27-rc1; 2.6.26 sets max_low_pfn in setup_memory()',
    variants: always([needsMaxPfn, needsLowmemParams, { op: 'compute_max_low_pfn' }, { op: 'sets', value: 'max_low_pfn' }]),
  },
  setup_memory: {
    doc: 'sets max_low_pfn with the __VMALLOC_RESERVE in force now; find_smp_config; reserve_initrd [E] if the initrd is above lowmem (2.6.26)',
    until: '2.6.26',
    absentBecause: 'setup_memory() was replaced by find_low_pfn_range() and initmem_init() in 2.6.27-rc1',
    variants: always([needsMaxPfn, needsLowmemParams, { op: 'compute_max_low_pfn' }, { op: 'sets', value: 'max_low_pfn' }, ...initrdIoremap]),
  },
  init_memory_mapping: {
    doc: 'builds the direct map up to max_low_pfn, then early_ioremap_page_table_range_init(): fixmap page tables at the current FIXADDR_TOP and early_ioremap_reset (2.6.27+)',
    since: '2.6.27-rc1',
    absentBecause: 'on x86_32, 2.6.26 builds the direct map and the fixmap page tables in paging_init() → pagetable_init()',
    variants: always([
      { op: 'needs', value: 'max_low_pfn', why: 'the direct map ends at max_low_pfn', relevance: { kind: 'always' } },
      { op: 'build_direct_map' },
      { op: 'kernel_physical_mapping_init' },
      { op: 'sets', value: 'direct_map' },
      { op: 'page_table_range_init', range: 'fixmap' },
      { op: 'build_fixmap_pagetables' },
    ]),
  },
  paging_init: {
    doc: '2.6.26: pagetable_init (direct map, fixmap page tables, early_ioremap_reset, pkmap, the paravirt hooks: Xen [F] FIX_PARAVIRT_BOOTMAP) then kmap_init; 2.6.27+: pkmap page tables and kmap_init',
    variants: [
      // 2.6.26 init_32.c pagetable_init() calls the paravirt hooks itself;
      // 2.6.27 setup_arch() calls them around paging_init().
      from(undefined, '2.6.26', [
        { op: 'needs', value: 'max_low_pfn', why: 'pagetable_init() maps lowmem up to max_low_pfn', relevance: { kind: 'always' } },
        { op: 'pagetable_setup_hook', hook: 'start' },
        { op: 'build_direct_map' },
        { op: 'kernel_physical_mapping_init' },
        { op: 'sets', value: 'direct_map' },
        { op: 'page_table_range_init', range: 'fixmap' },
        { op: 'build_fixmap_pagetables' },
        { op: 'build_pkmap_pagetables', when: 'config.highmem' },
        { op: 'page_table_range_init', range: 'pkmap', when: 'config.highmem' },
        { op: 'pagetable_setup_hook', hook: 'done' },
        { op: 'set_fixmap', slot: 'FIX_PARAVIRT_BOOTMAP', what: 'Xen shared_info', when: 'hypervisor:xen' },
        { op: 'kmap_init', when: 'kmap' },
        { op: 'kmap_get_fixmap_pte', when: 'kmap' },
      ]),
      from('2.6.27-rc1', undefined, [
        { op: 'needs', value: 'direct_map', why: 'paging_init() extends the page tables init_memory_mapping() built', relevance: { kind: 'always' } },
        { op: 'build_pkmap_pagetables', when: 'config.highmem' },
        { op: 'page_table_range_init', range: 'pkmap', when: 'config.highmem' },
        { op: 'kmap_init', when: 'kmap' },
        { op: 'kmap_get_fixmap_pte', when: 'kmap' },
      ]),
    ],
  },
  init_ohci1394_dma_on_all_controllers: {
    doc: 'set_fixmap(FIX_OHCI1394_BASE) for each controller, if machine.ohci1394_dma_early',
    variants: always([{ op: 'set_fixmap', slot: 'FIX_OHCI1394_BASE', what: 'OHCI-1394 controller registers', when: 'machine.ohci1394_dma_early' }]),
  },
  reserve_initrd: { doc: 'copies an initrd that lies above lowmem through early_ioremap (relocate_initrd)', variants: always(initrdIoremap) },
  relocate_initrd: { doc: 'copies an initrd that lies above lowmem through early_ioremap', variants: always(initrdIoremap) },
  dmi_scan_machine: { doc: 'early_ioremap of the DMI/SMBIOS tables', variants: always([{ op: 'early_ioremap', what: 'DMI tables (dmi_iterate)' }]) },
  acpi_boot_table_init: {
    doc: 'maps the ACPI tables: direct map if below 8 MiB (2.6.26) or max_low_pfn_mapped (2.6.27+), else [F] FIX_ACPI_*',
    variants: acpiVariants('ACPI RSDT/XSDT', 'config.acpi'),
  },
  early_acpi_boot_init: {
    doc: 'maps the ACPI MADT like acpi_boot_table_init',
    variants: acpiVariants('ACPI MADT', 'config.acpi'),
  },
  acpi_numa_init: {
    doc: 'CONFIG_ACPI_NUMA: maps the SRAT like acpi_boot_table_init',
    variants: acpiVariants('ACPI SRAT', 'config.acpi_numa'),
  },
  paravirt_pagetable_setup_start: {
    doc: 'native: native_pagetable_setup_start() clears boot PTEs past max_low_pfn; Xen 2.6.26: set_pte = xen_set_pte_init and the kernel PMD copied (2.6.27+: empty, xen_set_pte_init is the set_pte from xen_start_kernel on)',
    variants: always([{ op: 'pagetable_setup_hook', hook: 'start' }]),
  },
  paravirt_pagetable_setup_done: {
    doc: 'Xen: [F] set_fixmap(FIX_PARAVIRT_BOOTMAP) for shared_info (2.6.26: also set_pte back to xen_set_pte) (native: none)',
    variants: always([
      { op: 'pagetable_setup_hook', hook: 'done' },
      { op: 'set_fixmap', slot: 'FIX_PARAVIRT_BOOTMAP', what: 'Xen shared_info', when: 'hypervisor:xen' },
    ]),
  },
  acpi_boot_init: {
    doc: 'set_fixmap(FIX_APIC_BASE) and the IO-APIC slots from the MADT',
    variants: always([
      { op: 'set_fixmap', slot: 'FIX_APIC_BASE', what: 'local APIC registers', when: 'config.local_apic' },
      { op: 'set_fixmap', slot: 'FIX_IO_APIC_BASE_0', what: 'IO-APIC registers', when: 'config.io_apic' },
    ]),
  },
  init_apic_mappings: {
    doc: 'set_fixmap(FIX_APIC_BASE)',
    variants: always([{ op: 'set_fixmap', slot: 'FIX_APIC_BASE', what: 'local APIC registers', when: 'config.local_apic' }]),
  },
  ioapic_init_mappings: {
    doc: 'set_fixmap(FIX_IO_APIC_BASE_*)',
    variants: always([{ op: 'set_fixmap', slot: 'FIX_IO_APIC_BASE_0', what: 'IO-APIC registers', when: 'config.io_apic' }]),
  },
  early_cpu_init: { doc: 'none (CPU identification)', variants: NONE },
  pre_setup_arch_hook: { doc: 'none (subarch hook)', variants: NONE },
  visws_early_detect: { doc: 'none (SGI Visual Workstation probe)', variants: NONE },
  efi_reserve_early: { doc: 'none (reserves the EFI memory map)', variants: NONE },
  copy_edd: { doc: 'none (copies BIOS EDD data)', variants: NONE },
  acpi_mps_check: { doc: 'none', variants: NONE },
  early_dump_pci_devices: { doc: 'none (pci=earlydump)', variants: NONE },
  finish_e820_parsing: { doc: 'none (prints the user-modified e820 map)', variants: NONE },
  probe_roms: { doc: 'none (option ROM resources)', variants: NONE },
  dmi_check_system: { doc: 'none (uses the DMI data dmi_scan_machine already copied)', variants: NONE },
  mtrr_bp_init: { doc: 'none', variants: NONE },
  mtrr_trim_uncached_memory: { doc: 'none in the model (may lower max_pfn on real machines)', variants: NONE },
  early_reserve_e820_mpc_new: { doc: 'none', variants: NONE },
  setup_bios_corruption_check: { doc: 'none', variants: NONE },
  io_delay_init: { doc: 'none', variants: NONE },
  initmem_init: { doc: 'none in the model (bootmem / NUMA node setup)', variants: NONE },
  acpi_reserve_bootmem: { doc: 'none', variants: NONE },
  find_smp_config: { doc: 'none (scans for the MP table through the direct map)', variants: NONE },
  reserve_crashkernel: { doc: 'none', variants: NONE },
  reserve_ibft_region: { doc: 'none', variants: NONE },
  numa_kva_reserve: { doc: 'none', variants: NONE },
  kvmclock_init: { doc: 'none', variants: NONE },
  kvm_guest_init: { doc: 'none', variants: NONE },
  smp_alloc_memory: { doc: 'none', variants: NONE },
  remapped_pgdat_init: { doc: 'none', variants: NONE },
  sparse_init: { doc: 'none', variants: NONE },
  zone_sizes_init: { doc: 'none', variants: NONE },
  paravirt_post_allocator_init: {
    doc: 'Xen 2.6.27+: xen_post_allocator_init() switches set_pte back from xen_set_pte_init (native: none)',
    variants: always([{ op: 'pagetable_setup_hook', hook: 'post_allocator_init' }]),
  },
  generic_apic_probe: { doc: 'none', variants: NONE },
  early_quirks: { doc: 'none', variants: NONE },
  get_smp_config: { doc: 'none', variants: NONE },
  prefill_possible_map: { doc: 'none', variants: NONE },
  probe_nr_irqs: { doc: 'none', variants: NONE },
  e820_register_memory: { doc: 'none', variants: NONE },
  e820_mark_nosave_regions: { doc: 'none', variants: NONE },
  e820_reserve_resources: { doc: 'none', variants: NONE },
  reserve_standard_io_resources: { doc: 'none', variants: NONE },
  e820_setup_gap: { doc: 'none', variants: NONE },
  check_efer: { doc: 'none', variants: NONE },
  set_mca_bus: { doc: 'none', variants: NONE },
  insert_resource: { doc: 'none (code/data/bss resources)', variants: NONE },
  ppro_with_ram_bug: { doc: 'none in the model (may trim e820 on Pentium Pro)', variants: NONE },
  e820_register_active_regions: { doc: 'none', variants: NONE },
  request_resource: { doc: 'none (video RAM resource)', variants: NONE },
  probe_nr_irqs_gsi: { doc: 'none', variants: NONE },
  init_hypervisor: { doc: 'none (hypervisor detection through DMI, 2.6.29+)', variants: NONE },
  reserve_brk: { doc: 'none', variants: NONE },
  early_trap_init: { doc: 'none', variants: NONE },
  efi_mem_type: { doc: 'none', variants: NONE },
  vsmp_init: { doc: 'none (x86_64 only)', variants: NONE },
  early_gart_iommu_check: { doc: 'none (x86_64 only)', variants: NONE },
  dma32_reserve_bootmem: { doc: 'none (x86_64 only)', variants: NONE },
  map_vsyscall: { doc: 'none (x86_64 only)', variants: NONE },
  init_cpu_to_node: { doc: 'none (x86_64 only)', variants: NONE },
};

/** arch/x86/kernel/acpi/boot.c __acpi_map_table(): 2.6.26 maps below 8 MiB directly, 2.6.27 below max_low_pfn_mapped */
function acpiVariants(what: string, when: 'config.acpi' | 'config.acpi_numa'): readonly Variant[] {
  return [
    from(undefined, '2.6.26', [{ op: 'map_acpi_tables', what, limit: 'low_8mib', when }]),
    from('2.6.27-rc1', undefined, [{ op: 'map_acpi_tables', what, limit: 'max_low_pfn_mapped', when }]),
  ];
}

const AVAILABILITY = new Map<CallName, { sinceKey: number; untilKey: number }>(
  (Object.entries(CATALOG) as [CallName, CallSpec][]).map(([name, spec]) => [
    name,
    {
      sinceKey: spec.since === undefined ? 0 : keyOf(spec.since),
      untilKey: spec.until === undefined ? Number.POSITIVE_INFINITY : keyOf(spec.until),
    },
  ]),
);

/** Whether this kernel's x86_32 setup_arch() can call it; the reason when not. */
export function availability(call: CallName, kernel: KernelVersion): { ok: true } | { ok: false; reason: string } {
  const range = AVAILABILITY.get(call);
  if (range === undefined || (kernel.key >= range.sinceKey && kernel.key <= range.untilKey)) return { ok: true };
  const spec = CATALOG[call];
  const span = spec.since !== undefined ? `from ${spec.since} on` : `up to ${spec.until ?? '?'}`;
  return { ok: false, reason: `${call} is not a setup_arch() call in ${kernel.text} (only ${span}): ${spec.absentBecause ?? ''}`.replace(/: $/, '') };
}

/** The effects of a call under a kernel version (the first matching variant). */
export function effectsOf(call: CallName, kernel: KernelVersion): readonly Effect[] {
  for (const v of CATALOG[call].variants) {
    if (kernel.key >= v.sinceKey && kernel.key <= v.untilKey) return v.effects;
  }
  return [];
}

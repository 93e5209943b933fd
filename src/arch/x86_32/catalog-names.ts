/**
 * Every setup_arch() call a scenario may name (DESIGN §3). Kept apart from
 * the effects so the loader can validate names without loading the model;
 * catalog.ts is typed against this list, so the two cannot drift apart.
 */
export const CALL_NAMES = [
  // calls with an effect on the model
  'early_ioremap_init',
  'parse_early_param',
  'vmi_init',
  'vmi_activate',
  'setup_memory_map',
  'memory_setup',
  'parse_setup_data',
  'e820_reserve_setup_data',
  'reserve_early_setup_data',
  'reserve_setup_data',
  'efi_init',
  'e820_end_of_ram_pfn',
  'e820_end_of_ram',
  'propagate_e820_map',
  'find_low_pfn_range',
  'setup_memory',
  'init_memory_mapping',
  'paging_init',
  'init_ohci1394_dma_on_all_controllers',
  'reserve_initrd',
  'relocate_initrd',
  'dmi_scan_machine',
  'acpi_boot_table_init',
  'acpi_numa_init',
  'early_acpi_boot_init',
  'paravirt_pagetable_setup_start',
  'paravirt_pagetable_setup_done',
  'acpi_boot_init',
  'init_apic_mappings',
  'ioapic_init_mappings',
  // calls the model accepts but that change nothing in it
  'early_cpu_init',
  'pre_setup_arch_hook',
  'visws_early_detect',
  'efi_reserve_early',
  'copy_edd',
  'acpi_mps_check',
  'early_dump_pci_devices',
  'finish_e820_parsing',
  'probe_roms',
  'dmi_check_system',
  'mtrr_bp_init',
  'mtrr_trim_uncached_memory',
  'early_reserve_e820_mpc_new',
  'setup_bios_corruption_check',
  'io_delay_init',
  'initmem_init',
  'acpi_reserve_bootmem',
  'find_smp_config',
  'reserve_crashkernel',
  'reserve_ibft_region',
  'numa_kva_reserve',
  'kvmclock_init',
  'kvm_guest_init',
  'smp_alloc_memory',
  'remapped_pgdat_init',
  'sparse_init',
  'zone_sizes_init',
  'paravirt_post_allocator_init',
  'generic_apic_probe',
  'early_quirks',
  'get_smp_config',
  'prefill_possible_map',
  'probe_nr_irqs',
  'e820_register_memory',
  'e820_mark_nosave_regions',
  'e820_reserve_resources',
  'reserve_standard_io_resources',
  'e820_setup_gap',
  'check_efer',
  // more x86_32 setup_arch() calls of 2.6.25 – 2.6.30 that do not touch the model
  'set_mca_bus',
  'insert_resource',
  'ppro_with_ram_bug',
  'e820_register_active_regions',
  'request_resource',
  'probe_nr_irqs_gsi',
  'init_hypervisor',
  'reserve_brk',
  'early_trap_init',
  'efi_mem_type',
  // x86_64-only calls of the merged setup.c (#ifdef CONFIG_X86_64): accepted
  // so an order copied from arch/x86/kernel/setup.c loads, and modeled as nothing
  'vsmp_init',
  'early_gart_iommu_check',
  'dma32_reserve_bootmem',
  'map_vsyscall',
  'init_cpu_to_node',
] as const;

export type CallName = (typeof CALL_NAMES)[number];

const NAME_SET: ReadonlySet<string> = new Set(CALL_NAMES);

export function isCallName(name: string): name is CallName {
  return NAME_SET.has(name);
}

/**
 * Which kernel's x86_32 setup_arch() has which call (setup-arch-history.ts
 * says how the spans were read). A call outside its span is an input error,
 * for every call alike: the loader reports it with this reason.
 */
import type { CallName } from './catalog-names.js';
import { has, VMI_INIT_ACTIVATE_SPLIT, type Change } from './history.js';
import type { KernelVersion } from './kernel-version.js';
import * as H from './setup-arch-history.js';
import type { CallSpan, NeverCalled } from './setup-arch-history.js';

const ALWAYS: CallSpan = {};
const X86_64 = (what: string): NeverCalled => ({ never: `${what} is called only under #ifdef CONFIG_X86_64 in arch/x86/kernel/setup.c` });

/** Every catalog call's span. `{}`: in every modeled kernel (2.6.26 – 2.6.36). */
export const CALL_SPANS: Readonly<Record<CallName, CallSpan | NeverCalled>> = {
  // in every release 2.6.26 – 2.6.36
  early_ioremap_init: ALWAYS,
  parse_early_param: ALWAYS,
  vmi_init: ALWAYS,
  efi_init: ALWAYS,
  paging_init: ALWAYS,
  init_ohci1394_dma_on_all_controllers: ALWAYS,
  dmi_scan_machine: ALWAYS,
  acpi_boot_table_init: ALWAYS,
  acpi_boot_init: ALWAYS,
  early_cpu_init: ALWAYS,
  copy_edd: ALWAYS,
  mtrr_bp_init: ALWAYS,
  mtrr_trim_uncached_memory: ALWAYS,
  io_delay_init: ALWAYS,
  kvmclock_init: ALWAYS,
  kvm_guest_init: ALWAYS,
  generic_apic_probe: ALWAYS,
  early_quirks: ALWAYS,
  get_smp_config: ALWAYS,
  e820_mark_nosave_regions: ALWAYS,
  set_mca_bus: ALWAYS,
  efi_mem_type: ALWAYS,

  // 2.6.26 only: setup_32.c's setup_arch()
  // replacedBy: the call the removing commit puts in its place (`git show COMMIT -- arch/x86/kernel/setup*.c`
  // in DerArtem/android-tegra-2.6.36-hc-dev); none where it was dropped, moved into another call
  // (11cd0bc140b: into paging_init), or renamed to a function the catalog does not know
  // (0596152388e: find_max_pfn; 225c37d71bc: post_reserve_initrd). Read backwards (predecessorsOf), a pair whose
  // `removed` is the replacement's `added` is a rename: an earlier kernel is told the name it calls.
  memory_setup: { removed: H.I386_MEMORY_SETUP_MOVED, replacedBy: 'setup_memory_map' },
  propagate_e820_map: { removed: H.FIND_MAX_PFN },
  setup_memory: { removed: H.INITMEM_INIT_32, replacedBy: 'initmem_init' },
  smp_alloc_memory: { removed: H.SMP_ALLOC_MEMORY_GONE },
  remapped_pgdat_init: { removed: H.CALLS_MOVED_TO_PAGING_INIT },
  sparse_init: { removed: H.CALLS_MOVED_TO_PAGING_INIT },
  zone_sizes_init: { removed: H.CALLS_MOVED_TO_PAGING_INIT },
  relocate_initrd: { removed: H.RESERVE_INITRD },
  e820_register_memory: { removed: H.E820_COMMON, replacedBy: 'e820_setup_gap' },

  // 2.6.27-rc1: arch/x86/kernel/setup.c
  visws_early_detect: { added: H.VISWS_EARLY_QUIRK },
  efi_reserve_early: { added: H.EFI_RESERVE_EARLY },
  setup_memory_map: { added: H.I386_MEMORY_SETUP_MOVED },
  parse_setup_data: { added: H.SETUP_DATA_I386 },
  e820_reserve_setup_data: { added: H.E820_SAVED_SETUP_DATA },
  reserve_early_setup_data: { added: H.E820_SAVED_SETUP_DATA },
  acpi_mps_check: { added: H.ACPI_MPS_CHECK },
  early_dump_pci_devices: { added: H.EARLY_DUMP_PCI },
  finish_e820_parsing: { added: H.I386_MEMORY_SETUP_MOVED },
  probe_roms: { added: H.PROBE_ROMS_FILE, removed: H.X86_INIT_PROBE_ROMS, replacedBy: 'x86_init.resources.probe_roms' },
  insert_resource: { added: H.E820_RESOURCES },
  ppro_with_ram_bug: { added: H.KILL_BAD_PPRO },
  e820_end_of_ram_pfn: { added: H.E820_END_OF_RAM_PFN },
  early_reserve_e820_mpc_new: { added: H.UPDATE_MPTABLE },
  find_low_pfn_range: { added: H.FIND_LOW_PFN_RANGE },
  init_memory_mapping: { added: H.INIT_MEMORY_MAPPING_32 },
  reserve_initrd: { added: H.RESERVE_INITRD },
  acpi_numa_init: { added: H.ACPI_NUMA_32 },
  initmem_init: { added: H.INITMEM_INIT_32 },
  acpi_reserve_bootmem: { added: H.OUT_OF_SETUP_BOOTMEM_ALLOCATOR, removed: H.WAKEUP_BELOW_1M, replacedBy: 'acpi_reserve_wakeup_memory' },
  find_smp_config: { added: H.OUT_OF_SETUP_BOOTMEM_ALLOCATOR },
  reserve_crashkernel: { added: H.OUT_OF_SETUP_BOOTMEM_ALLOCATOR },
  reserve_ibft_region: { added: H.OUT_OF_SETUP_BOOTMEM_ALLOCATOR },
  paravirt_pagetable_setup_start: { added: H.PV_PAGETABLE_HOOKS_IN_SETUP_ARCH, removed: H.X86_INIT_PAGETABLE_SETUP, replacedBy: 'x86_init.paging.pagetable_setup_start' },
  paravirt_pagetable_setup_done: { added: H.PV_PAGETABLE_HOOKS_IN_SETUP_ARCH, removed: H.X86_INIT_PAGETABLE_SETUP, replacedBy: 'x86_init.paging.pagetable_setup_done' },
  // f1d7062a235 calls xen_post_allocator_init() from xen_pagetable_setup_done() instead
  paravirt_post_allocator_init: { removed: H.XEN_POST_ALLOCATOR_INIT_MOVED, replacedBy: 'x86_init.paging.pagetable_setup_done' },
  prefill_possible_map: { added: H.PREFILL_POSSIBLE_MAP_EARLY },
  init_apic_mappings: { added: H.MERGE_64BIT_SETUP_ARCH },
  ioapic_init_mappings: { added: H.MERGE_64BIT_SETUP_ARCH },
  e820_reserve_resources: { added: H.E820_RESOURCES },
  request_resource: { added: H.E820_RESOURCES, removed: H.X86_INIT_RESOURCES, replacedBy: 'x86_init.resources.reserve_resources' },
  reserve_standard_io_resources: { added: H.STANDARD_IO_RESOURCES, removed: H.X86_INIT_RESOURCES, replacedBy: 'x86_init.resources.reserve_resources' },
  e820_setup_gap: { added: H.E820_COMMON },
  pre_setup_arch_hook: { removed: H.SUBARCH_HOOKS_REMOVED },

  // 2.6.28
  dmi_check_system: { added: H.DMI_QUIRK_AMI_BIOS },
  setup_bios_corruption_check: { added: H.BIOS_CORRUPTION_CHECK },
  early_acpi_boot_init: { added: H.EARLY_ACPI_BOOT_INIT },
  probe_nr_irqs: { added: H.PROBE_NR_IRQS, removed: H.PROBE_NR_IRQS_GSI, replacedBy: 'probe_nr_irqs_gsi' },
  vmi_activate: { added: VMI_INIT_ACTIVATE_SPLIT },

  // 2.6.29 – 2.6.31
  init_hypervisor: { added: H.INIT_HYPERVISOR, removed: H.X86_INIT_HYPERVISOR, replacedBy: 'init_hypervisor_platform' },
  probe_nr_irqs_gsi: { added: H.PROBE_NR_IRQS_GSI },
  reserve_brk: { added: H.RESERVE_BRK },
  vsmp_init: { added: H.VSMP_STUB_32 },
  init_gbpages: { added: H.INIT_GBPAGES_IN_SETUP_ARCH },

  // 2.6.32: x86_init ops
  'x86_init.oem.arch_setup': { added: H.X86_INIT_ARCH_SETUP },
  init_hypervisor_platform: { added: H.X86_INIT_HYPERVISOR },
  'x86_init.resources.probe_roms': { added: H.X86_INIT_PROBE_ROMS },
  'x86_init.paging.pagetable_setup_start': { added: H.X86_INIT_PAGETABLE_SETUP },
  'x86_init.paging.pagetable_setup_done': { added: H.X86_INIT_PAGETABLE_SETUP },
  tboot_probe: { added: H.TBOOT_PROBE },
  sfi_init: { added: H.SFI_INIT },
  'x86_init.resources.reserve_resources': { added: H.X86_INIT_RESOURCES },
  'x86_init.oem.banner': { added: H.X86_INIT_BANNER },
  mcheck_intel_therm_init: { added: H.MCHECK_INTEL_THERM_INIT_STABLE, removed: H.MCHECK_INIT, replacedBy: 'mcheck_init' },

  // 2.6.33 – 2.6.36
  x86_configure_nx: { added: H.NX_CONFIGURE },
  x86_report_nx: { added: H.NX_REPORT },
  reserve_trampoline_memory: { added: H.TRAMPOLINE_FIND_E820 },
  acpi_reserve_wakeup_memory: { added: H.WAKEUP_BELOW_1M },
  mcheck_init: { added: H.MCHECK_INIT },
  trim_bios_range: { added: H.TRIM_BIOS_RANGE },
  early_res_to_bootmem: { added: H.EARLY_RES_TO_BOOTMEM_ONCE },
  dma32_reserve_bootmem: { added: H.DMA32_RESERVE_BOOTMEM_CALLED },
  early_trap_init: { added: H.EARLY_TRAP_INIT },
  olpc_ofw_detect: { added: H.OLPC_OFW },
  setup_olpc_ofw_pgd: { added: H.OLPC_OFW },
  setup_trampoline_page_table: { added: H.TRAMPOLINE_PAGE_TABLE },

  // names from other trees: never an x86_32 setup_arch() call of 2.6.26 – 2.6.36
  reserve_setup_data: { never: 'reserve_setup_data is a tip/x86 name of July 2008 that no release has (2.6.27-rc1 calls reserve_early_setup_data)' },
  e820_end_of_ram: { never: 'e820_end_of_ram is a tip/x86 name of July 2008 that no release has (2.6.27-rc1 calls e820_end_of_ram_pfn)' },
  e820_register_active_regions: { never: 'e820_register_active_regions runs inside initmem_init()/setup_memory(), not in setup_arch()' },
  numa_kva_reserve: { never: 'numa_kva_reserve runs inside setup_memory()/initmem_init(), not in setup_arch()' },
  // paging_init() calls pagetable_init() in every release 2.6.26 – 2.6.36 (DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae:
  // arch/x86/mm/init_32.c:383,519-526; @3fa8749e584:457-462,857-859 (2.6.27); @f6f94e2ab1b:544-549,825-827 (2.6.36)). In 2.6.26 it
  // builds the direct map and the fixmap page tables (kernel_physical_mapping_init, early_ioremap_clear, page_table_range_init);
  // from 2.6.27-rc1 init_memory_mapping() does that and pagetable_init() only calls permanent_kmaps_init().
  pagetable_init: { never: 'pagetable_init runs inside paging_init(), not in setup_arch(): list paging_init (in 2.6.26 it builds the direct map and the fixmap page tables; from 2.6.27-rc1 init_memory_mapping does that and pagetable_init() only builds the pkmap page tables, permanent_kmaps_init)' },
  check_efer: X86_64('check_efer'),
  early_gart_iommu_check: X86_64('early_gart_iommu_check'),
  map_vsyscall: X86_64('map_vsyscall'),
  init_cpu_to_node: X86_64('init_cpu_to_node'),
};

function isNever(h: CallSpan | NeverCalled): h is NeverCalled {
  return 'never' in h;
}

/** Whether this kernel's x86_32 setup_arch() calls it; the reason when not. */
export function availability(call: CallName, kernel: KernelVersion): { ok: true } | { ok: false; reason: string } {
  const h = CALL_SPANS[call];
  if (isNever(h)) return { ok: false, reason: `${call} is not an x86_32 setup_arch() call in any modeled kernel: ${h.never}` };
  if (h.added !== undefined && !has(kernel, h.added)) {
    const before = predecessorsOf(call, h.added).filter((p) => availability(p, kernel).ok);
    const instead = before.length === 0 ? '' : `; ${kernel.text} calls ${before.join(' and ')} instead`;
    return { ok: false, reason: `${call} is not a setup_arch() call in ${kernel.text}: it came with ${h.added.commit} "${h.added.subject}" (${sinceText(h.added)})${instead}` };
  }
  if (h.removed !== undefined && has(kernel, h.removed)) {
    const instead = h.replacedBy === undefined ? '' : `; use ${h.replacedBy} instead`;
    return { ok: false, reason: `${call} is not a setup_arch() call in ${kernel.text}: ${h.removed.commit} "${h.removed.subject}" (${h.removed.mainline}) took it out${instead}` };
  }
  return { ok: true };
}

/**
 * The calls that the commit which added `call` took out and replaced with it
 * (their `replacedBy` is `call` and their `removed` is that very change): the
 * earlier names of a rename, read the other way round (probe_nr_irqs for
 * probe_nr_irqs_gsi, be5d5350a93). A call replaced by another change (the hook
 * f1d7062a235 moved into x86_init.paging.pagetable_setup_done) is no earlier name.
 */
function predecessorsOf(call: CallName, added: Change): CallName[] {
  const out: CallName[] = [];
  for (const [name, span] of Object.entries(CALL_SPANS) as [CallName, CallSpan | NeverCalled][]) {
    if (!isNever(span) && span.replacedBy === call && span.removed === added) out.push(name);
  }
  return out;
}

function sinceText(ch: { mainline: string; backports?: Readonly<Record<string, number>> }): string {
  const stable = Object.entries(ch.backports ?? {}).map(([series, n]) => `${series}.${n}`);
  return `${ch.mainline}${stable.length > 0 ? `, stable ${stable.join(', ')}` : ''}`;
}

/** "2.6.27-rc1+", "up to 2.6.31", "2.6.28-rc1 – 2.6.28", or "" (always), for `bootreplay steps` */
export function spanText(call: CallName): string {
  const h = CALL_SPANS[call];
  if (isNever(h)) return 'never on x86_32';
  if (h.added !== undefined && h.removed !== undefined) {
    // a stable-only name: its mainline counterpart came in under another name
    if (h.added.mainline === h.removed.mainline) return `only ${Object.entries(h.added.backports ?? {}).map(([series, n]) => `${series}.${n}+`).join(', ')}`;
    return `${sinceText(h.added)} until ${h.removed.mainline}`;
  }
  if (h.added !== undefined) return `${sinceText(h.added)}+`;
  if (h.removed !== undefined) return `until ${h.removed.mainline}`;
  return '';
}

/** Names no modeled kernel calls (hidden from `bootreplay steps`). */
export function neverCalled(call: CallName): boolean {
  return isNever(CALL_SPANS[call]);
}

/**
 * The x86_32 part of the scenario format (DESIGN §5): `config:` (the .config
 * knobs that shape the layout) and `machine:` (the machine facts). Every
 * field is optional; defaults come in defaults.ts after validation.
 */
import * as z from 'zod/mini';
import { optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';
import { PAGETABLE_INIT_POLICIES } from './pagetables/policy.js';

/** The System.map addresses the page-table model needs (virtual addresses). */
export const SystemMapSchema = z.strictObject({
  _text: optional(SizeSchema, 'start of the kernel image, default PAGE_OFFSET + 0x100000 (CONFIG_PHYSICAL_START)'),
  __init_end: optional(SizeSchema, 'end of the init sections = start of .bss; everything below is mapped executable (is_kernel_text), default PAGE_OFFSET + 0x5a7000'),
  _end: optional(SizeSchema, 'end of the image; head_32.S puts pg0 at PAGE_ALIGN(_end), default PAGE_OFFSET + 0x600000'),
});

/** CPUID features the page tables depend on (a Xen pv guest never sees PSE or PGE). */
export const CpuSchema = z.strictObject({
  pse: optional(z.boolean(), 'X86_FEATURE_PSE: 2/4 MiB pages for the direct map (hidden from Xen pv guests), default true'),
  nx: optional(z.boolean(), 'X86_FEATURE_NX: no-execute, used with PAE, default true'),
  pge: optional(z.boolean(), 'X86_FEATURE_PGE: _PAGE_GLOBAL kernel mappings (hidden from Xen pv guests), default true'),
});

export const ConfigSchema = z.strictObject({
  pae: optional(z.boolean(), 'CONFIG_X86_PAE'),
  nr_cpus: optional(z.number().check(z.int(), z.minimum(1), z.maximum(4096)), 'CONFIG_NR_CPUS: 1 (!SMP), or the range of arch/x86/Kconfig at the kernel (2.6.26: 2 – 255, 2.6.27-rc1 – rc4: 2 – 4096, 2.6.27-rc5+: 2 – 512)'),
  page_offset: optional(SizeSchema, 'CONFIG_PAGE_OFFSET (VMSPLIT), default 0xC0000000'),
  highmem: optional(z.boolean(), 'CONFIG_HIGHMEM'),
  debug_highmem: optional(z.boolean(), 'CONFIG_DEBUG_HIGHMEM (KM_TYPE_NR 27 instead of 13)'),
  local_apic: optional(z.boolean(), 'CONFIG_X86_LOCAL_APIC'),
  io_apic: optional(z.boolean(), 'CONFIG_X86_IO_APIC'),
  acpi: optional(z.boolean(), 'CONFIG_ACPI'),
  acpi_numa: optional(z.boolean(), 'CONFIG_ACPI_NUMA'),
  pci_mmconfig: optional(z.boolean(), 'CONFIG_PCI_MMCONFIG'),
  paravirt: optional(z.boolean(), 'CONFIG_PARAVIRT'),
  ohci1394_dma_init: optional(z.boolean(), 'CONFIG_PROVIDE_OHCI1394_DMA_INIT'),
  intel_txt: optional(z.boolean(), 'CONFIG_INTEL_TXT (2.6.32+: FIX_TBOOT_BASE)'),
  compat_vdso: optional(z.boolean(), 'CONFIG_COMPAT_VDSO (def_bool y): the vDSO also mapped at FIX_VDSO'),
  system_map: optional(SystemMapSchema, 'System.map addresses of the kernel image'),
  pagetable_init_policy: optional(z.enum(PAGETABLE_INIT_POLICIES),
    'what pagetable_init does with existing entries (seed 004): xen-mask-rw (merged, default), unconditional (proposal 1), no-overwrite (proposal 4); permission-callback (2) and special-page-query (3) cannot be replayed'),
});

export const HYPERVISORS = ['none', 'vmi', 'xen'] as const;
export const INITRD_PLACES = ['none', 'lowmem', 'above-lowmem'] as const;
export const ACPI_TABLE_PLACES = ['top-of-ram', 'low'] as const;

export const MachineSchema = z.strictObject({
  memory: optional(SizeSchema, 'RAM size, e.g. 512MiB or 4GiB'),
  hypervisor: optional(z.enum(HYPERVISORS)),
  vmi_virtual_top: optional(SizeSchema, 'vmi_rom->virtual_top, default 0xfc000000'),
  xen_virt_start: optional(SizeSchema, 'HYPERVISOR_VIRT_START, default 0xf5800000 (PAE)'),
  cmdline: optional(z.string(), 'kernel command line, e.g. "reservetop=16M vmi=disable_pse"'),
  efi: optional(z.boolean()),
  setup_data: optional(z.boolean()),
  initrd: optional(z.enum(INITRD_PLACES)),
  acpi_tables: optional(z.enum(ACPI_TABLE_PLACES)),
  ohci1394_dma_early: optional(z.boolean(), 'ohci1394_dma=early: init_ohci1394_dma_on_all_controllers maps each controller'),
  // Machine facts for the sizes of early mappings (machine-facts.ts gives the defaults and their sources).
  dmi_table_base: optional(SizeSchema, 'physical address of the SMBIOS structure table, default 0xE0010 (VMware virtual BIOS)'),
  dmi_table_length: optional(SizeSchema, 'length of the SMBIOS structure table in bytes (a u16), default 3699'),
  efi_memmap_size: optional(SizeSchema, 'EFI memory map size in bytes (nr_map * desc_size), default 2304'),
  setup_data_length: optional(SizeSchema, 'payload bytes of the boot_params setup_data node, default 2560'),
  initrd_size: optional(SizeSchema, 'initrd size, default 8MiB'),
  io_apics: optional(z.number().check(z.int(), z.minimum(0), z.maximum(64)), 'IO-APICs in the MADT / MP table, default 1'),
  ohci1394_controllers: optional(z.number().check(z.int(), z.minimum(1), z.maximum(16)), 'OHCI-1394 controllers ohci1394_dma=early maps, default 1'),
  mptable: optional(z.boolean(), 'the BIOS has an MP table (used when ACPI is off), default true'),
  ehci_debug_port: optional(z.boolean(), 'an EHCI controller with a debug port (earlyprintk=dbgp and kgdbdbgp= map it, unless pci=off or pci=noearly comes first), default true'),
  tboot: optional(z.boolean(), 'booted by Intel TXT tboot (tboot_probe maps FIX_TBOOT_BASE), default false'),
  olpc_ofw_cif: optional(SizeSchema, 'OLPC OpenFirmware callback address (0: not an OLPC); olpc_ofw_detect reserves from its 1 MiB boundary up, and disables OpenFirmware below OFW_MIN 0xff000000'),
  cpu: optional(CpuSchema, 'CPU features'),
  xen_pt_base: optional(SizeSchema, 'start_info.pt_base: virtual address of the bootstrap page tables, default after the image, mfn_list and start_info'),
  xen_nr_pt_frames: optional(z.number().check(z.int(), z.minimum(3), z.maximum(4096)), 'start_info.nr_pt_frames: L3 + L2 + the L1s of the bootstrap region (PAE)'),
});

export type ConfigParsed = z.output<typeof ConfigSchema>;
export type MachineParsed = z.output<typeof MachineSchema>;

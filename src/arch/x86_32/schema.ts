/**
 * The x86_32 part of the scenario format (DESIGN §5): `config:` (the .config
 * knobs that shape the layout) and `machine:` (the machine facts). Every
 * field is optional; defaults come in defaults.ts after validation.
 */
import * as z from 'zod/mini';
import { optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';

export const ConfigSchema = z.strictObject({
  pae: optional(z.boolean(), 'CONFIG_X86_PAE'),
  nr_cpus: optional(z.number().check(z.int(), z.minimum(1), z.maximum(255)), 'CONFIG_NR_CPUS'),
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
  ohci1394_dma_early: optional(z.boolean()),
});

export type ConfigParsed = z.output<typeof ConfigSchema>;
export type MachineParsed = z.output<typeof MachineSchema>;

/**
 * Defaults, applied after validation (DESIGN §5): the 2.6.2x i386 defconfig
 * knobs that shape the layout, and a bare-metal 512 MiB machine.
 */
import { DEFAULT_VMI_VIRTUAL_TOP, DEFAULT_XEN_VIRT_START } from './layout.js';
import type { Config, Machine } from './types.js';

export const DEFAULT_CONFIG: Config = {
  pae: false,
  nr_cpus: 8,
  page_offset: 0xc0000000,
  highmem: true,
  debug_highmem: false,
  local_apic: true,
  io_apic: true,
  acpi: true,
  acpi_numa: false,
  pci_mmconfig: true,
  paravirt: true,
  ohci1394_dma_init: true,
};

export const DEFAULT_MACHINE: Omit<Machine, 'params'> = {
  memory: 512 * 2 ** 20,
  hypervisor: 'none',
  vmi_virtual_top: DEFAULT_VMI_VIRTUAL_TOP,
  xen_virt_start: DEFAULT_XEN_VIRT_START,
  cmdline: '',
  efi: false,
  setup_data: false,
  initrd: 'none',
  acpi_tables: 'top-of-ram',
  ohci1394_dma_early: false,
};

/**
 * Defaults, applied after validation (DESIGN §5): the 2.6.2x i386 defconfig
 * knobs that shape the layout, and a bare-metal 512 MiB machine.
 */
import { DEFAULT_VMI_VIRTUAL_TOP, DEFAULT_XEN_VIRT_START } from './layout.js';
import { DEFAULT_END_OFFSET, DEFAULT_INIT_END_OFFSET, DEFAULT_TEXT_OFFSET, type SystemMap } from './pagetables/image.js';
import type { Config, Machine } from './types.js';

/** System.map defaults for a kernel linked at pageOffset (placeholders: give the real ones from System.map) */
export function defaultSystemMap(pageOffset: number): SystemMap {
  return { _text: pageOffset + DEFAULT_TEXT_OFFSET, __init_end: pageOffset + DEFAULT_INIT_END_OFFSET, _end: pageOffset + DEFAULT_END_OFFSET };
}

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
  // arch/x86/Kconfig: COMPAT_VDSO def_bool y (2.6.26 – 2.6.28)
  compat_vdso: true,
  system_map: defaultSystemMap(0xc0000000),
  pagetable_init_policy: 'xen-mask-rw',
};

/** The machine defaults; xen_pt_base and xen_nr_pt_frames follow from the image and memory (resolve.ts). */
export const DEFAULT_MACHINE: Omit<Machine, 'params' | 'xen_pt_base' | 'xen_nr_pt_frames'> = {
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
  // any CPU since the Pentium Pro / Athlon 64 era
  cpu: { pse: true, nx: true, pge: true },
};

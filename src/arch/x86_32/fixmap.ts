/**
 * enum fixed_addresses (include/asm-x86/fixmap_32.h, 2.6.26 – 2.6.28), derived
 * from config knobs. A slot exists only if its knob is on; indices count up
 * from FIXADDR_TOP downwards: fix_to_virt(idx) = FIXADDR_TOP - (idx << PAGE_SHIFT).
 */
import { PAGE_SHIFT } from './geometry.js';

/** The slots of enum fixed_addresses the model knows (also the words of `define:` set_fixmap); buildFixmapEnum gives their order. */
export const SLOT_NAMES = [
  'FIX_HOLE',
  'FIX_VDSO',
  'FIX_DBGP_BASE',
  'FIX_EARLYCON_MEM_BASE',
  'FIX_APIC_BASE',
  'FIX_IO_APIC_BASE_0',
  'FIX_IO_APIC_BASE_END',
  'FIX_KMAP_BEGIN',
  'FIX_KMAP_END',
  'FIX_ACPI_BEGIN',
  'FIX_ACPI_END',
  'FIX_PCIE_MCFG',
  'FIX_PARAVIRT_BOOTMAP',
  'FIX_BTMAP_END',
  'FIX_BTMAP_BEGIN',
  'FIX_WP_TEST',
  'FIX_OHCI1394_BASE',
] as const;

export type SlotName = (typeof SLOT_NAMES)[number];

export interface FixmapConfig {
  readonly local_apic: boolean;
  readonly io_apic: boolean;
  readonly highmem: boolean;
  readonly debug_highmem: boolean;
  readonly nr_cpus: number;
  readonly acpi: boolean;
  readonly pci_mmconfig: boolean;
  readonly paravirt: boolean;
  readonly ohci1394_dma_init: boolean;
}

export interface FixmapEnum {
  /** index of each slot that exists in this configuration */
  readonly slots: Readonly<Partial<Record<SlotName, number>>>;
  /** __end_of_permanent_fixed_addresses */
  readonly endOfPermanent: number;
  /** __end_of_fixed_addresses */
  readonly endOfFixed: number;
  /** the alignment of FIX_BTMAP_END: 512 in 2.6.26, 256 from 2.6.27 on */
  readonly btmapAlign: number;
}

/** include/asm-x86/io_apic.h: MAX_IO_APICS on 32-bit */
export const MAX_IO_APICS = 64;
/** include/asm-x86/kmap_types.h: KM_TYPE_NR, doubled-plus-one with CONFIG_DEBUG_HIGHMEM */
export const KM_TYPE_NR = 13;
export const KM_TYPE_NR_DEBUG = 27;
/** NR_FIX_BTMAPS * FIX_BTMAPS_NESTING */
export const TOTAL_FIX_BTMAPS = 64 * 4;
/** FIX_ACPI_PAGES */
export const FIX_ACPI_PAGES = 4;

/**
 * @param acpiPermanent true for 2.6.26, where FIX_ACPI_* sit among the
 * permanent slots; 2.6.27 moved them after FIX_WP_TEST (boot-time slots).
 * @param btmapAlign 512 (2.6.26) or 256 (2.6.27+)
 * @param kmapAlways true from 2.6.28-rc4 (fd940934352 "x86: add
 * iomap_atomic*()/iounmap_atomic() on 32-bit using fixmaps"), where
 * FIX_KMAP_BEGIN/END no longer depend on CONFIG_HIGHMEM
 */
export function buildFixmapEnum(config: FixmapConfig, acpiPermanent: boolean, btmapAlign: number, kmapAlways = false): FixmapEnum {
  const slots: Partial<Record<SlotName, number>> = {};
  let next = 0;
  const add = (name: SlotName, count = 1, last?: SlotName): void => {
    slots[name] = next;
    if (last !== undefined) slots[last] = next + count - 1;
    next += count;
  };
  add('FIX_HOLE');
  add('FIX_VDSO');
  add('FIX_DBGP_BASE');
  add('FIX_EARLYCON_MEM_BASE');
  if (config.local_apic) add('FIX_APIC_BASE');
  if (config.io_apic) add('FIX_IO_APIC_BASE_0', MAX_IO_APICS, 'FIX_IO_APIC_BASE_END');
  if (config.highmem || kmapAlways) {
    const kmTypes = config.debug_highmem ? KM_TYPE_NR_DEBUG : KM_TYPE_NR;
    add('FIX_KMAP_BEGIN', kmTypes * config.nr_cpus, 'FIX_KMAP_END');
  }
  if (config.acpi && acpiPermanent) add('FIX_ACPI_BEGIN', FIX_ACPI_PAGES, 'FIX_ACPI_END');
  if (config.pci_mmconfig) add('FIX_PCIE_MCFG');
  if (config.paravirt) add('FIX_PARAVIRT_BOOTMAP');
  const endOfPermanent = next;
  // FIX_BTMAP_END = __end_of_permanent_fixed_addresses + A - (P & (A - 1)):
  // aligned so that the 256 boot-time slots fit one page table when
  // FIXADDR_TOP is PMD-aligned minus a page (the default top).
  const btmapEnd = endOfPermanent + btmapAlign - (endOfPermanent & (btmapAlign - 1));
  slots.FIX_BTMAP_END = btmapEnd;
  slots.FIX_BTMAP_BEGIN = btmapEnd + TOTAL_FIX_BTMAPS - 1;
  next = btmapEnd + TOTAL_FIX_BTMAPS;
  add('FIX_WP_TEST');
  if (config.acpi && !acpiPermanent) add('FIX_ACPI_BEGIN', FIX_ACPI_PAGES, 'FIX_ACPI_END');
  if (config.ohci1394_dma_init) add('FIX_OHCI1394_BASE');
  return { slots, endOfPermanent, endOfFixed: next, btmapAlign };
}

/** fix_to_virt(idx) for a given FIXADDR_TOP */
export function fixToVirt(fixaddrTop: number, idx: number): number {
  return fixaddrTop - idx * 2 ** PAGE_SHIFT;
}

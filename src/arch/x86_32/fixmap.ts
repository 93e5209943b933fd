/**
 * enum fixed_addresses (include/asm-x86/fixmap_32.h, arch/x86/include/asm/fixmap.h;
 * 2.6.26 – 2.6.36), derived from config knobs and the kernel version. A slot exists only if its knob is on; indices count up
 * from FIXADDR_TOP downwards: fix_to_virt(idx) = FIXADDR_TOP - (idx << PAGE_SHIFT).
 */
import { PAGE_SIZE } from './geometry.js';

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
  'FIX_TEXT_POKE0',
  'FIX_TEXT_POKE1',
  'FIX_TBOOT_BASE',
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
  readonly intel_txt: boolean;
}

export interface FixmapEnum {
  /** index of each slot that exists in this configuration */
  readonly slots: Readonly<Partial<Record<SlotName, number>>>;
  /** __end_of_permanent_fixed_addresses */
  readonly endOfPermanent: number;
  /** __end_of_fixed_addresses */
  readonly endOfFixed: number;
  /** the alignment of FIX_BTMAP_END: 512 in 2.6.26, 256 from 2.6.27 on (only when needed from 2.6.34-rc1) */
  readonly btmapAlign: number;
}

/** include/asm-x86/io_apic.h: MAX_IO_APICS on 32-bit */
export const MAX_IO_APICS = 64;
/** NR_FIX_BTMAPS: pages per early_ioremap slot */
export const NR_FIX_BTMAPS = 64;
/** FIX_BTMAPS_NESTING (2.6.26 – 2.6.27.y) / FIX_BTMAPS_SLOTS (2.6.28-rc1 on) */
export const FIX_BTMAPS_SLOTS = 4;
/** NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS */
export const TOTAL_FIX_BTMAPS = NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS;
/** FIX_ACPI_PAGES */
export const FIX_ACPI_PAGES = 4;

/**
 * What enum fixed_addresses looks like in a kernel version (history.ts names
 * the change behind each field; the history file's §2.12 table has the
 * resulting numbers per release).
 */
export interface FixmapVersion {
  /** FIX_ACPI_BEGIN..END: among the permanent slots (2.6.26), after FIX_WP_TEST (2.6.27 – 2.6.29), gone (2.6.30+) */
  readonly acpi: 'permanent' | 'boot' | 'none';
  /** FIX_BTMAP_END alignment: 512 (2.6.26) or 256 */
  readonly btmapAlign: 512 | 256;
  /** 2.6.34-rc1: FIX_BTMAP_END = P unless P … P + 255 cross a page table */
  readonly btmapLift: boolean;
  /** FIX_KMAP_* without CONFIG_HIGHMEM (2.6.28-rc4) */
  readonly kmapAlways: boolean;
  /** KM_TYPE_NR: 13, 19 (2.6.31-rc1), 20 (2.6.35-rc1); CONFIG_DEBUG_HIGHMEM makes it 2N + 1 */
  readonly kmTypes: number;
  /** FIX_TEXT_POKE0/1 (2.6.30-rc1) */
  readonly textPoke: boolean;
  /**
   * FIX_OHCI1394_BASE: after FIX_WP_TEST and the ACPI slots (2.6.26 – 2.6.29),
   * right after __end_of_permanent_fixed_addresses (2.6.30), between
   * FIX_BTMAP_BEGIN and FIX_WP_TEST (2.6.31-rc3), after FIX_EARLYCON_MEM_BASE (2.6.34-rc3; 2.6.32.11)
   */
  readonly ohci: 'end' | 'after_permanent' | 'before_wp_test' | 'permanent';
  /** FIX_TBOOT_BASE after FIX_WP_TEST (2.6.32-rc1, CONFIG_INTEL_TXT) */
  readonly tbootSlot: boolean;
}

/**
 * The enum for a configuration and a kernel version
 * (include/asm-x86/fixmap_32.h to 2.6.29, arch/x86/include/asm/fixmap.h from 2.6.30).
 * @param ptrsPerPte 1024, or 512 with PAE (the 2.6.34 placement test)
 */
export function buildFixmapEnum(config: FixmapConfig, v: FixmapVersion, ptrsPerPte: number): FixmapEnum {
  const slots: Partial<Record<SlotName, number>> = {};
  let next = 0;
  const add = (name: SlotName, count = 1, last?: SlotName): void => {
    slots[name] = next;
    if (last !== undefined) slots[last] = next + count - 1;
    next += count;
  };
  const ohci = config.ohci1394_dma_init;
  add('FIX_HOLE');
  add('FIX_VDSO');
  add('FIX_DBGP_BASE');
  add('FIX_EARLYCON_MEM_BASE');
  if (ohci && v.ohci === 'permanent') add('FIX_OHCI1394_BASE');
  if (config.local_apic) add('FIX_APIC_BASE');
  if (config.io_apic) add('FIX_IO_APIC_BASE_0', MAX_IO_APICS, 'FIX_IO_APIC_BASE_END');
  if (config.highmem || v.kmapAlways) {
    const kmTypes = config.debug_highmem ? 2 * v.kmTypes + 1 : v.kmTypes;
    add('FIX_KMAP_BEGIN', kmTypes * config.nr_cpus, 'FIX_KMAP_END');
  }
  if (config.acpi && v.acpi === 'permanent') add('FIX_ACPI_BEGIN', FIX_ACPI_PAGES, 'FIX_ACPI_END');
  if (config.pci_mmconfig) add('FIX_PCIE_MCFG');
  if (config.paravirt) add('FIX_PARAVIRT_BOOTMAP');
  if (v.textPoke) {
    // 2.6.30: TEXT_POKE0, TEXT_POKE1; 2.6.31-rc3 swapped them (12b9d7ccb84): the count is what matters here
    add('FIX_TEXT_POKE1');
    add('FIX_TEXT_POKE0');
  }
  const endOfPermanent = next;
  const P = endOfPermanent;
  if (ohci && v.ohci === 'after_permanent') {
    next = P + 1;
    slots.FIX_OHCI1394_BASE = next;
  }
  // FIX_BTMAP_END = P + A - (P & (A - 1)), aligned so that the 256 boot-time
  // slots fill one page table when FIXADDR_TOP + PAGE_SIZE is PMD-aligned;
  // from 2.6.34-rc1 only when P … P + 255 would cross a page table.
  const crosses = Math.floor(P / ptrsPerPte) !== Math.floor((P + TOTAL_FIX_BTMAPS - 1) / ptrsPerPte);
  const btmapEnd = v.btmapLift && !crosses ? P : P + v.btmapAlign - (P & (v.btmapAlign - 1));
  slots.FIX_BTMAP_END = btmapEnd;
  slots.FIX_BTMAP_BEGIN = btmapEnd + TOTAL_FIX_BTMAPS - 1;
  next = btmapEnd + TOTAL_FIX_BTMAPS;
  if (ohci && v.ohci === 'before_wp_test') add('FIX_OHCI1394_BASE');
  add('FIX_WP_TEST');
  if (config.acpi && v.acpi === 'boot') add('FIX_ACPI_BEGIN', FIX_ACPI_PAGES, 'FIX_ACPI_END');
  if (ohci && v.ohci === 'end') add('FIX_OHCI1394_BASE');
  if (v.tbootSlot) add('FIX_TBOOT_BASE');
  return { slots, endOfPermanent, endOfFixed: next, btmapAlign: v.btmapAlign };
}

/** fix_to_virt(idx) for a given FIXADDR_TOP */
export function fixToVirt(fixaddrTop: number, idx: number): number {
  // idx * PAGE_SIZE, not idx * 2 ** PAGE_SHIFT: V8 does not fold the power, and this runs for every fixmap access
  return fixaddrTop - idx * PAGE_SIZE;
}

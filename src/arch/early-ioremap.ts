/**
 * What arm64 and riscv share of mm/early_ioremap.c and of efi_init()'s
 * firmware objects: the slot allocator of early_memremap() and where the
 * model puts the EFI tables in RAM.
 *
 * __early_ioremap() takes the FIRST free slot: `for (i = 0; i < FIX_BTMAPS_SLOTS; i++) if (!prev_map[i])
 * { slot = i; break; }` and maps it at slot_virt[slot] = __fix_to_virt(FIX_BTMAP_BEGIN - NR_FIX_BTMAPS*slot);
 * early_iounmap() finds the slot by `prev_map[i] == addr` and frees it (rivsidn/linux-4.4.155@a1961d75
 * mm/early_ioremap.c; the same loop in ejga2001/linux-5.10.7@d71d8a76 mm/early_ioremap.c:117-120,177-179).
 * FIX_BTMAPS_SLOTS is 7 and NR_FIX_BTMAPS 64 (256 KiB of 4 KiB pages) on both (include/asm-generic/early_ioremap.h).
 */
import type { StepRef } from '../replay/trace.js';

/** FIX_BTMAPS_SLOTS (include/asm-generic/early_ioremap.h) */
export const BTMAP_SLOTS = 7;
/** NR_FIX_BTMAPS: fixmap indices per slot */
export const BTMAP_PAGES = 64;

/** A slot early_memremap() handed out and early_memunmap() has not freed yet. */
export interface BtmapHold {
  /** what is mapped, as the catalog names it (early_memunmap() finds the slot by it, as the kernel by the address) */
  readonly what: string;
  readonly pa: number;
  readonly step: StepRef;
  /**
   * who unmaps it once setup_arch() has returned, when setup_arch() does not (riscv's
   * riscv_enable_runtime_services(), an early_initcall); undefined: a later early_memunmap() step
   */
  readonly releasedAfterSetupArch?: string;
}

/** prev_map[]: index i is early_ioremap slot i; null = free. */
export type BtmapSlots = readonly (BtmapHold | null)[];

/**
 * Whether two prev_map[]s are the same (ArchPlugin.sameState of arm64 and riscv): slot by slot, the
 * steps that mapped them compared by the engine's sameStep.
 */
export function sameBtmap(a: BtmapSlots, b: BtmapSlots, sameStep: (x: StepRef, y: StepRef) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === null || y === null) {
      if (x !== y) return false;
      continue;
    }
    if (x.what !== y.what || x.pa !== y.pa || x.releasedAfterSetupArch !== y.releasedAfterSetupArch || !sameStep(x.step, y.step)) return false;
  }
  return true;
}

export function emptyBtmap(): BtmapSlots {
  // every replay makes one: a plain loop (Array.from over an array-like took the generic path, 2% of an arm64 replay)
  const slots: (BtmapHold | null)[] = [];
  for (let i = 0; i < BTMAP_SLOTS; i++) slots.push(null);
  return slots;
}

/** The slot __early_ioremap() picks: the first free one; null when all 7 are held ("could not find slot", WARN_ON, NULL). */
export function firstFreeSlot(slots: BtmapSlots): number | null {
  const i = slots.findIndex((h) => h === null);
  return i < 0 ? null : i;
}

/** The fixmap index of slot i's first page: FIX_BTMAP_BEGIN - NR_FIX_BTMAPS * i. */
export function btmapIdx(fixBtmapBegin: number, slot: number): number {
  return fixBtmapBegin - BTMAP_PAGES * slot;
}

/** The slot holding `what` (the most recent one if mapped twice), or null. */
export function slotHolding(slots: BtmapSlots, what: string): number | null {
  for (let i = slots.length - 1; i >= 0; i--) if (slots[i]?.what === what) return i;
  return null;
}

/** A copy with slot i set to `hold` (null frees it). */
export function withSlot(slots: BtmapSlots, i: number, hold: BtmapHold | null): BtmapSlots {
  return slots.map((h, j) => (j === i ? hold : h));
}

/**
 * The EFI objects efi_init() maps, and where the model puts them. The kernel learns the system table's and
 * the memory map's addresses from /chosen (linux,uefi-system-table, linux,uefi-mmap-start), and the vendor
 * string's and config table array's from the system table (fw_vendor, tables); where they are is up to the
 * firmware and the stub. The model's choice, made only so that each is a distinct page of RAM: firmware
 * (EDK2) allocates its runtime data, the system table with its vendor string and table array, from the top
 * of RAM, and the stub's memory map (an EFI_LOADER_DATA pool) lies below it. The ACPI tables of the arm64
 * model are the top 2 MiB's first page, which none of these uses.
 */
export type EfiObject = 'memmap' | 'systab' | 'fw_vendor' | 'config_tables';

const EFI_OFFSET_FROM_TOP: Readonly<Record<EfiObject, number>> = {
  memmap: 0x180000,
  systab: 0x100000,
  fw_vendor: 0xff000,
  config_tables: 0xfe000,
};

/** The physical address of an EFI object, given the end (exclusive) of the highest RAM bank. */
export function efiObjectPa(object: EfiObject, ramEnd: number): number {
  return ramEnd - EFI_OFFSET_FROM_TOP[object];
}

/** How a trace names the objects. */
export const EFI_OBJECT_TEXT: Readonly<Record<EfiObject, string>> = {
  memmap: 'the EFI memory map',
  systab: 'the EFI system table',
  fw_vendor: 'the firmware vendor string (systab->fw_vendor)',
  config_tables: 'the EFI configuration table array (systab->tables)',
};

/**
 * enum fixed_addresses (include/asm-x86/fixmap_32.h) for the default config:
 * the numbers of DESIGN §2, pinned.
 */
import { describe, expect, it } from 'vitest';
import { buildFixmapEnum, fixToVirt } from '../../../../src/arch/x86_32/fixmap.js';
import { DEFAULT_CONFIG } from '../../../../src/arch/x86_32/defaults.js';

const v2627 = buildFixmapEnum(DEFAULT_CONFIG, false, 256);
const v2626 = buildFixmapEnum(DEFAULT_CONFIG, true, 512);

describe('enum fixed_addresses, default config (NR_CPUS 8, all knobs on)', () => {
  it('2.6.27: __end_of_permanent_fixed_addresses 175, FIX_BTMAP 256..511, __end_of_fixed_addresses 518', () => {
    expect(v2627.endOfPermanent).toBe(175);
    expect(v2627.slots.FIX_BTMAP_END).toBe(256);
    expect(v2627.slots.FIX_BTMAP_BEGIN).toBe(511);
    expect(v2627.slots.FIX_WP_TEST).toBe(512);
    expect([v2627.slots.FIX_ACPI_BEGIN, v2627.slots.FIX_ACPI_END]).toEqual([513, 516]);
    expect(v2627.slots.FIX_OHCI1394_BASE).toBe(517);
    expect(v2627.endOfFixed).toBe(518);
  });

  it('2.6.26: FIX_ACPI_* among the permanent slots, __end_of_permanent 179, FIX_BTMAP 512..767, end 770', () => {
    expect([v2626.slots.FIX_ACPI_BEGIN, v2626.slots.FIX_ACPI_END]).toEqual([173, 176]);
    expect(v2626.endOfPermanent).toBe(179);
    expect(v2626.slots.FIX_BTMAP_END).toBe(512);
    expect(v2626.slots.FIX_BTMAP_BEGIN).toBe(767);
    expect(v2626.endOfFixed).toBe(770);
  });

  it('the permanent slots in order: HOLE, VDSO, DBGP, EARLYCON, APIC, 64 IO-APICs, KM_TYPE_NR * NR_CPUS kmaps', () => {
    expect(v2627.slots).toMatchObject({
      FIX_HOLE: 0, FIX_VDSO: 1, FIX_DBGP_BASE: 2, FIX_EARLYCON_MEM_BASE: 3, FIX_APIC_BASE: 4,
      FIX_IO_APIC_BASE_0: 5, FIX_IO_APIC_BASE_END: 68, FIX_KMAP_BEGIN: 69, FIX_KMAP_END: 172,
      FIX_PCIE_MCFG: 173, FIX_PARAVIRT_BOOTMAP: 174,
    });
  });

  it('knobs remove slots; debug_highmem makes KM_TYPE_NR 27', () => {
    const small = buildFixmapEnum({ ...DEFAULT_CONFIG, io_apic: false, highmem: false, acpi: false, ohci1394_dma_init: false }, false, 256);
    expect(small.slots.FIX_IO_APIC_BASE_0).toBeUndefined();
    expect(small.slots.FIX_KMAP_BEGIN).toBeUndefined();
    expect(small.slots.FIX_ACPI_BEGIN).toBeUndefined();
    expect(small.endOfPermanent).toBe(7); // HOLE VDSO DBGP EARLYCON APIC MCFG PARAVIRT
    expect(small.slots.FIX_BTMAP_END).toBe(256);
    expect(small.endOfFixed).toBe(256 + 256 + 1);
    const debug = buildFixmapEnum({ ...DEFAULT_CONFIG, debug_highmem: true }, false, 256);
    expect((debug.slots.FIX_KMAP_END ?? 0) - (debug.slots.FIX_KMAP_BEGIN ?? 0) + 1).toBe(27 * 8);
  });

  it('FIX_BTMAP_END = P + A - (P & (A - 1)) adds a whole A when P is already aligned', () => {
    const aligned = buildFixmapEnum({ ...DEFAULT_CONFIG, nr_cpus: 1, io_apic: true, local_apic: true, highmem: false, pci_mmconfig: false, paravirt: false, acpi: false }, false, 256);
    // HOLE VDSO DBGP EARLYCON APIC + 64 IO-APICs = 69, not aligned; check the formula itself
    expect(aligned.slots.FIX_BTMAP_END).toBe(69 + 256 - (69 & 255));
  });

  it('fix_to_virt(idx) = FIXADDR_TOP - (idx << PAGE_SHIFT)', () => {
    expect(fixToVirt(0xfffff000, 511)).toBe(0xffe00000);
    expect(fixToVirt(0xfbfff000, 511)).toBe(0xfbe00000);
  });
});

/**
 * enum fixed_addresses per kernel version (include/asm-x86/fixmap_32.h,
 * arch/x86/include/asm/fixmap.h): the numbers of the history file's §2.12
 * table for the default config, pinned per release, and the formulas.
 */
import { describe, expect, it } from 'vitest';
import { buildFixmapEnum, fixToVirt, type FixmapEnum } from '../../../../src/arch/x86_32/fixmap.js';
import { DEFAULT_CONFIG } from '../../../../src/arch/x86_32/defaults.js';
import { contextFor } from '../../../../src/arch/x86_32/replay/context.js';
import { isX86Scenario } from '../../../../src/arch/x86_32/plugin.js';
import { parseScenario } from '../../../../src/scenario/loader.js';

function enumOf(kernel: string, config: Record<string, unknown> = {}): FixmapEnum {
  const loaded = parseScenario(JSON.stringify({ kernel, config, setup_arch: ['early_ioremap_init'] }), 'fixmap.yaml');
  if (!loaded.ok || !isX86Scenario(loaded.scenario)) throw new Error('fixture does not load');
  return contextFor(loaded.scenario).fixmap;
}

const V2627 = { acpi: 'boot', btmapAlign: 256, btmapLift: false, kmapAlways: false, kmTypes: 13, textPoke: false, ohci: 'end', tbootSlot: false } as const;

describe('enum fixed_addresses per release, default config (NR_CPUS 8, all knobs on)', () => {
  it.each([
    // release, P, FIX_OHCI1394_BASE, FIX_BTMAP_END, FIX_BTMAP_BEGIN, FIX_WP_TEST, __end_of_fixed_addresses
    ['2.6.26', 179, 769, 512, 767, 768, 770],
    ['2.6.27', 175, 517, 256, 511, 512, 518],
    ['2.6.28', 175, 517, 256, 511, 512, 518],
    ['2.6.29', 175, 517, 256, 511, 512, 518],
    ['2.6.30', 177, 178, 256, 511, 512, 513],
    ['2.6.31', 225, 512, 256, 511, 513, 514],
    ['2.6.32', 225, 512, 256, 511, 513, 514],
    ['2.6.32.10', 225, 512, 256, 511, 513, 514],
    ['2.6.32.11', 226, 4, 256, 511, 512, 513],
    ['2.6.33', 225, 512, 256, 511, 513, 514],
    ['2.6.34', 226, 4, 226, 481, 482, 483],
    ['2.6.35', 234, 4, 234, 489, 490, 491],
    ['2.6.36', 234, 4, 234, 489, 490, 491],
  ])('%s: P %i, OHCI %i, FIX_BTMAP %i..%i, WP_TEST %i, end %i', (kernel, P, ohci, end, begin, wp, last) => {
    const e = enumOf(kernel);
    expect([e.endOfPermanent, e.slots.FIX_OHCI1394_BASE, e.slots.FIX_BTMAP_END, e.slots.FIX_BTMAP_BEGIN, e.slots.FIX_WP_TEST, e.endOfFixed]).toEqual([P, ohci, end, begin, wp, last]);
  });

  it('FIX_ACPI_*: permanent in 2.6.26 (173..176), after FIX_WP_TEST in 2.6.27 – 2.6.29 (513..516), gone from 2.6.30 (1c14fa4937e)', () => {
    expect([enumOf('2.6.26').slots.FIX_ACPI_BEGIN, enumOf('2.6.26').slots.FIX_ACPI_END]).toEqual([173, 176]);
    expect([enumOf('2.6.29').slots.FIX_ACPI_BEGIN, enumOf('2.6.29').slots.FIX_ACPI_END]).toEqual([513, 516]);
    expect(enumOf('2.6.30').slots.FIX_ACPI_BEGIN).toBeUndefined();
  });

  it('KM_TYPE_NR 13, 19 from 2.6.31-rc1 (e4c9dd0fbad), 20 from 2.6.35-rc1 (67fc4e0cb93)', () => {
    const kmaps = (e: FixmapEnum): number => (e.slots.FIX_KMAP_END ?? 0) - (e.slots.FIX_KMAP_BEGIN ?? 0) + 1;
    expect([kmaps(enumOf('2.6.30')), kmaps(enumOf('2.6.31-rc1')), kmaps(enumOf('2.6.35-rc1'))]).toEqual([13 * 8, 19 * 8, 20 * 8]);
    expect(kmaps(enumOf('2.6.31', { debug_highmem: true }))).toBe(39 * 8);
  });

  it('FIX_KMAP_* without CONFIG_HIGHMEM from 2.6.28-rc4 (fd940934352)', () => {
    expect(enumOf('2.6.28-rc3', { highmem: false }).slots.FIX_KMAP_BEGIN).toBeUndefined();
    expect(enumOf('2.6.28-rc4', { highmem: false }).slots.FIX_KMAP_BEGIN).toBe(69);
  });

  it('FIX_TBOOT_BASE with CONFIG_INTEL_TXT from 2.6.32-rc1', () => {
    expect(enumOf('2.6.32', { intel_txt: true }).slots.FIX_TBOOT_BASE).toBe(514);
    expect(enumOf('2.6.31', { intel_txt: true }).slots.FIX_TBOOT_BASE).toBeUndefined();
  });

  it('2.6.34 (499a5f1efa0): FIX_BTMAP_END = P when P … P + 255 fit one page table, else rounded up as before', () => {
    // PAE: 512 PTEs per page table; P = 226 fits (226 … 481), P = 300 does not (300 … 555)
    expect(enumOf('2.6.34', { pae: true }).slots.FIX_BTMAP_END).toBe(226);
    expect(enumOf('2.6.34', { pae: true, nr_cpus: 12 }).slots.FIX_BTMAP_END).toBe(512);
  });

  it('the permanent slots in order: HOLE, VDSO, DBGP, EARLYCON, APIC, 64 IO-APICs, KM_TYPE_NR * NR_CPUS kmaps', () => {
    expect(enumOf('2.6.27').slots).toMatchObject({
      FIX_HOLE: 0, FIX_VDSO: 1, FIX_DBGP_BASE: 2, FIX_EARLYCON_MEM_BASE: 3, FIX_APIC_BASE: 4,
      FIX_IO_APIC_BASE_0: 5, FIX_IO_APIC_BASE_END: 68, FIX_KMAP_BEGIN: 69, FIX_KMAP_END: 172,
      FIX_PCIE_MCFG: 173, FIX_PARAVIRT_BOOTMAP: 174,
    });
  });

  it('knobs remove slots; debug_highmem makes KM_TYPE_NR 27', () => {
    const small = buildFixmapEnum({ ...DEFAULT_CONFIG, io_apic: false, highmem: false, acpi: false, ohci1394_dma_init: false }, V2627, 1024);
    expect(small.slots.FIX_IO_APIC_BASE_0).toBeUndefined();
    expect(small.slots.FIX_KMAP_BEGIN).toBeUndefined();
    expect(small.slots.FIX_ACPI_BEGIN).toBeUndefined();
    expect(small.endOfPermanent).toBe(7); // HOLE VDSO DBGP EARLYCON APIC MCFG PARAVIRT
    expect(small.slots.FIX_BTMAP_END).toBe(256);
    expect(small.endOfFixed).toBe(256 + 256 + 1);
    const debug = buildFixmapEnum({ ...DEFAULT_CONFIG, debug_highmem: true }, V2627, 1024);
    expect((debug.slots.FIX_KMAP_END ?? 0) - (debug.slots.FIX_KMAP_BEGIN ?? 0) + 1).toBe(27 * 8);
  });

  it('FIX_BTMAP_END = P + A - (P & (A - 1)) adds a whole A when P is already aligned', () => {
    const aligned = buildFixmapEnum({ ...DEFAULT_CONFIG, nr_cpus: 1, highmem: false, pci_mmconfig: false, paravirt: false, acpi: false }, V2627, 1024);
    // HOLE VDSO DBGP EARLYCON APIC + 64 IO-APICs = 69, not aligned; check the formula itself
    expect(aligned.slots.FIX_BTMAP_END).toBe(69 + 256 - (69 & 255));
  });

  it('fix_to_virt(idx) = FIXADDR_TOP - (idx << PAGE_SHIFT)', () => {
    expect(fixToVirt(0xfffff000, 511)).toBe(0xffe00000);
    expect(fixToVirt(0xfbfff000, 511)).toBe(0xfbe00000);
  });
});

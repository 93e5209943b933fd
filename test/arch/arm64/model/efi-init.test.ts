/**
 * efi_init() on a UEFI boot: the early_memremap() order and FIX_BTMAP slots of each modeled version, the
 * physical addresses (one distinct page per firmware object), where each is unmapped, and reserve_regions()'s
 * memblock in the trace. Kernel source: v4.4 arch/arm64/kernel/efi.c:82-141,202-233 (rivsidn/linux-4.4.155@a1961d75);
 * v4.6 drivers/firmware/efi/arm-init.c:56-117,177-205 (chenlihao92/archlinux-4.6.5@b9b6ded1); v4.7 arm-init.c:88-152,
 * 218-251 (calebwilliamsd/linux-4.7.4-casio@01851de9); mm/early_ioremap.c: the first free slot.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { replayArm64 } from '../../../../src/arch/arm64/plugin.js';
import { describeArm64Event } from '../../../../src/arch/arm64/render/trace-text.js';
import type { Arm64Trace } from '../../../../src/arch/arm64/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7 } from '../fixtures/orders.js';

function replay(kernel: string, order: readonly string[], efi = true): Arm64Trace {
  const r = parseScenario(stringify({ arch: 'arm64', kernel, machine: { memory: '2GiB', efi }, setup_arch: [...order] }), 'efi.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return replayArm64(r.scenario);
}

function ioremaps(t: Arm64Trace, step = 'efi_init'): string[] {
  return t.events.flatMap((e) => (e.kind === 'early-ioremap' && e.step.name === step
    ? [`${e.action} ${e.slot ?? '-'} ${e.what.replace(/^the /, '').replace(/ \(.*\)$/, '')}${e.prot !== null ? ` ${e.prot}` : ''}`]
    : []));
}

const ORDER = (prot: string): string[] => [
  `map 0 EFI memory map ${prot}`,
  `map 1 EFI system table ${prot}`,
  `map 2 firmware vendor string ${prot}`,
  'unmap 2 firmware vendor string',
  `map 2 EFI configuration table array ${prot}`,
  'unmap 2 EFI configuration table array',
  'unmap 1 EFI system table',
  'unmap 0 EFI memory map',
];

describe('arm64 efi_init: early_memremap order and slots', () => {
  it.each([
    ['v4.4', ORDER_V4_4, 'PAGE_KERNEL'],
    ['v4.6', ORDER_V4_6, 'PAGE_KERNEL_RO'],
    ['v4.7', ORDER_V4_7, 'PAGE_KERNEL_RO'],
  ])('%s: memory map in slot 0 held over uefi_init (system table slot 1, vendor and tables slot 2), unmapped last', (kernel, order, prot) => {
    const t = replay(kernel, order);
    expect(ioremaps(t)).toEqual(ORDER(prot));
    // reserve_regions() runs while the memory map is still mapped: between the system table's unmap and the map's
    const kinds = t.events.filter((e) => e.step.name === 'efi_init' && (e.kind === 'early-ioremap' || e.kind === 'memblock')).map((e) => e.kind);
    expect(kinds.slice(-3)).toEqual(['early-ioremap', 'memblock', 'early-ioremap']);
  });

  it('each slot is FIX_BTMAP_BEGIN - 64 * slot, and every object is its own page of RAM', () => {
    const t = replay('v4.6', ORDER_V4_6);
    const maps = t.events.flatMap((e) => (e.kind === 'early-ioremap' && e.action === 'map' ? [e] : []));
    const begin = t.fixmap.slots.FIX_BTMAP_BEGIN ?? 0;
    expect(maps.map((e) => e.idx)).toEqual([begin, begin - 64, begin - 128, begin - 128]);
    expect(maps.map((e) => e.va)).toEqual(maps.map((e) => t.va.FIXADDR_TOP - e.idx * 4096));
    // 2 GiB from 0x80000000: the memory map, the system table, its vendor string and table array (early-ioremap.ts)
    expect(maps.map((e) => e.pa.toString(16))).toEqual(['ffe80000', 'fff00000', 'fff01000', 'fff02000']);
    const writes = t.events.flatMap((e) => (e.kind === 'pte-write' && e.step.name === 'efi_init' && e.new.kind === 'page' ? [e.new.oa.toString(16)] : []));
    expect(writes).toEqual(['ffe80000', 'fff00000', 'fff01000', 'fff02000']);
  });

  it('the trace shows reserve_regions() adding the RAM along with the mappings', () => {
    const t = replay('v4.7', ORDER_V4_7);
    const lines = t.events.filter((e) => e.step.name === 'efi_init').map(describeArm64Event).filter((l) => l !== '');
    expect(lines).toContain("reserve_regions(): early_init_dt_add_memory_arch() of the EFI memory map's RAM (memblock.memory): 0x80000000–0x100000000");
    expect(lines.filter((l) => l.startsWith('early_'))[0]).toMatch(/^early_memremap_ro\(0xffe80000\): the EFI memory map in slot 0 \(FIX_BTMAP_BEGIN - 0, idx 1474\) at 0x[0-9a-f]+, held$/);
    expect(lines.filter((l) => l.startsWith('early_')).at(-1)).toBe('early_memunmap(): the EFI memory map, slot 0 (idx 1474) free');
  });

  it('without UEFI efi_init maps nothing', () => {
    expect(ioremaps(replay('v4.6', ORDER_V4_6, false))).toEqual([]);
  });
});

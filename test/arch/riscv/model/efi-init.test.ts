/**
 * riscv efi_init() on a UEFI boot (drivers/firmware/efi/efi-init.c, the same code in 5.10.7, 5.12.9, 5.14.2):
 * the early_memremap() order and slots, the memory map held in slot 0 past setup_arch() until
 * riscv_enable_runtime_services() (an early_initcall, drivers/firmware/efi/riscv-runtime.c:66-75,131) unmaps it,
 * and what that means for a later early_memremap() and for the fixmap after boot.
 */
import { describe, expect, it } from 'vitest';
import { ptdumpText } from '../../../../src/arch/riscv/render/ptdump.js';
import { describeRiscvEvent } from '../../../../src/arch/riscv/render/trace-text.js';
import { replayRiscv } from '../../../../src/arch/riscv/plugin.js';
import type { RiscvTrace } from '../../../../src/arch/riscv/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml } from '../../../rules/rule-tester.js';
import { moveAfter, ORDER_5_10, ORDER_5_12, ORDER_5_14, withLate } from '../fixtures/orders.js';
import { replayOf } from './helpers.js';

function btmap(t: RiscvTrace): string[] {
  return t.events.flatMap((e) => (e.kind === 'fixmap-set' && e.slot.startsWith('FIX_BTMAP') ? [`${e.step.name} ${e.clear ? 'clear' : 'set'} ${e.slot}`] : []));
}

const EFI = (step = 'efi_init'): string[] => [
  `${step} set FIX_BTMAP_BEGIN`, // the memory map, slot 0 (efi_memmap_init_early → memmap.c:118)
  `${step} set FIX_BTMAP_BEGIN-64`, // the system table, slot 1 (uefi_init :94)
  `${step} set FIX_BTMAP_BEGIN-128`, // the vendor string, slot 2 (efi.c map_fw_vendor)
  `${step} clear FIX_BTMAP_BEGIN-128`,
  `${step} set FIX_BTMAP_BEGIN-128`, // the config table array, slot 2 (:114)
  `${step} clear FIX_BTMAP_BEGIN-128`,
  `${step} clear FIX_BTMAP_BEGIN-64`, // the system table (:127)
];

describe('riscv efi_init: early_memremap slots', () => {
  it.each([['5.10', ORDER_5_10], ['5.12', ORDER_5_12], ['5.14', ORDER_5_14]])('%s: memory map slot 0, system table slot 1, vendor and tables slot 2; slot 0 held to the end of setup_arch()', (kernel, order) => {
    const t = replayOf({ kernel, order, machine: { efi: true } });
    expect(btmap(t)).toEqual(EFI());
    // reserve_regions() reads the memory map after the system table is gone, then rebuilds memblock.memory
    const tail = t.events.filter((e) => e.step.name === 'efi_init' && (e.kind === 'fixmap-use' || e.kind === 'memblock')).slice(-2).map(describeRiscvEvent);
    expect(tail[0]).toMatch(/^use FIX_BTMAP_BEGIN at 0x[0-9a-f]+: reserve_regions\(\) \(for_each_efi_memory_desc\) reads the EFI memory map$/);
    expect(tail[1]).toBe("reserve_regions(): memblock_remove(0, PHYS_ADDR_MAX), then memblock_add() of the EFI memory map's RAM: 0x80000000–0x100000000");
  });

  it('distinct pages of RAM for the memory map, the system table, its vendor string and table array', () => {
    const t = replayOf({ kernel: '5.12', machine: { efi: true } });
    const pas = t.events.flatMap((e) => (e.kind === 'fixmap-set' && !e.clear && e.pa !== null ? [e.pa.toString(16)] : []));
    expect(pas).toEqual(['ffe80000', 'fff00000', 'fff01000', 'fff02000']);
  });

  it('riscv_enable_runtime_services() unmaps the memory map before the first step after setup_arch()', () => {
    const t = replayOf({ kernel: '5.14', order: withLate(ORDER_5_14), machine: { efi: true } });
    expect(btmap(t)).toEqual([...EFI(), 'free_initmem clear FIX_BTMAP_BEGIN']);
    const release = t.events.find((e) => e.kind === 'fixmap-set' && e.step.name === 'free_initmem');
    expect(release === undefined ? '' : describeRiscvEvent(release)).toMatch(/riscv_enable_runtime_services\(\) \(early_initcall\) → efi_memmap_unmap\(\): the EFI memory map \(early_ioremap slot 0 free\)$/);
  });

  it('an early_memremap() after efi_init() gets slot 1: slot 0 still holds the memory map', () => {
    const order = moveAfter([...ORDER_5_12, 'probe'], 'probe', 'efi_init');
    const r = parseScenario(scenarioYaml({
      arch: 'riscv', kernel: '5.12', order, machine: { efi: true },
      define: { probe: { doc: 'maps a firmware table', early_memremap: true } },
    }), 'fixture.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    const t = replayRiscv(r.scenario as Parameters<typeof replayRiscv>[0]);
    expect(btmap(t).filter((l) => l.startsWith('probe'))).toEqual(['probe set FIX_BTMAP_BEGIN-64', 'probe clear FIX_BTMAP_BEGIN-64']);
    // without UEFI it is slot 0
    const plain = parseScenario(scenarioYaml({ arch: 'riscv', kernel: '5.12', order, define: { probe: { doc: 'maps a firmware table', early_memremap: true } } }), 'fixture.yaml');
    if (!plain.ok) throw new Error('fixture');
    expect(btmap(replayRiscv(plain.scenario as Parameters<typeof replayRiscv>[0]))).toEqual(['probe set FIX_BTMAP_BEGIN', 'probe clear FIX_BTMAP_BEGIN']);
  });

  it('the fixmap after boot has no EFI memory map even when the order ends with setup_arch(); at the end of setup_arch() it has', () => {
    const t = replayOf({ kernel: '5.10', machine: { efi: true } });
    expect(ptdumpText(t).rows.some((r) => r.includes('0x00000000ffe80000'))).toBe(false);
    expect(ptdumpText(t, 'when setup_arch() returns').rows.some((r) => r.includes('0x00000000ffe80000'))).toBe(true);
  });
});

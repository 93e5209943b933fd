/**
 * The replay itself: the event trace, the reserve in force at each moment,
 * and the interval-only model (cost does not depend on memory size).
 */
import { describe, expect, it } from 'vitest';
import { replayX86 as replay } from '../../../../src/arch/x86_32/plugin.js';
import type { X86Trace as Trace } from '../../../../src/arch/x86_32/types.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1 } from '../fixtures/orders.js';

function traceOf(spec: ScenarioSpec): Trace {
  const loaded = parseScenario(scenarioYaml(spec), 'replay.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  return replay(loaded.scenario);
}

describe('replay', () => {
  it('implicit step 0 is head_32 on bare metal and VMI, xen_start_kernel (with the relocation) on Xen', () => {
    expect(traceOf({ kernel: '2.6.27', order: ORDER_2_6_27 }).steps[0]).toMatchObject({ index: 0, name: 'head_32', implicit: true });
    const xen = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true });
    expect(xen.steps[0]).toMatchObject({ index: 0, name: 'xen_start_kernel' });
    // xen_start_kernel: xen_setup_kernel_pagetable() (the page tables), then xen_reserve_top()
    expect(xen.events.map((e) => e.kind).slice(0, 2)).toEqual(['pt-step', 'relocation']);
    expect(xen.events[1]).toMatchObject({ kind: 'relocation', source: 'xen', oldTop: 0xfffff000, newTop: 0xf57fd000, fixmapsSet: 0 });
  });

  it('rc1 on VMI: DMI is a counted set_fixmap after early_ioremap_reset, so fixmaps_set is 1 at vmi_init', () => {
    const t = traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' });
    const dmi = t.events.find((e) => e.kind === 'fixmap-use' && e.step.name === 'dmi_scan_machine');
    expect(dmi).toMatchObject({ counted: true, pte: 'pagetables', slot: 'FIX_BTMAP_BEGIN', vaddr: 0xffe00000, covered: true });
    const reloc = t.events.find((e) => e.kind === 'relocation');
    expect(reloc).toMatchObject({ source: 'vmi', fixmapsSet: 1, reserve: 64 * 2 ** 20, step: { name: 'vmi_init', index: 28 } });
  });

  it('before early_ioremap_reset an early_ioremap writes bm_pte and is not counted', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, machine: { efi: true } });
    const efi = t.events.find((e) => e.kind === 'fixmap-use' && e.step.name === 'efi_init');
    expect(efi).toMatchObject({ counted: false, pte: 'bm_pte', bmPtePmd: 0xffc00000, pmd: 0xffc00000 });
    expect(t.final.fixmapsSet).toBeGreaterThan(0); // APIC and IO-APIC later
  });

  it('records max_low_pfn with the __VMALLOC_RESERVE and FIXADDR_TOP in force at that moment', () => {
    const t = traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', memory: '4GiB' });
    expect(t.events.find((e) => e.kind === 'max-low-pfn')).toMatchObject({ maxLowPfn: 229376, vmallocReserve: 128 * 2 ** 20, fixaddrTop: 0xfffff000 });
    expect(t.final.vmallocReserve).toBe(192 * 2 ** 20);
  });

  it('a 64 GiB PAE machine replays the same events as a 64 MiB one (no per-page state)', () => {
    // ACPI tables in low memory, so both machines map them the same way
    const small = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '64MiB', machine: { acpi_tables: 'low' } });
    const big = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '64GiB', machine: { acpi_tables: 'low' } });
    expect(big.events.map((e) => e.kind)).toEqual(small.events.map((e) => e.kind));
    expect(big.final.maxPfn).toBe(64 * 2 ** 30 / 4096);
  });

  it('is deterministic: the same scenario gives the same trace', () => {
    const spec: ScenarioSpec = { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' };
    expect(JSON.stringify(traceOf(spec).events)).toBe(JSON.stringify(traceOf(spec).events));
  });
});

describe('version-dependent calls', () => {
  it('2.6.26 paging_init runs the Xen paravirt hooks itself and sets FIX_PARAVIRT_BOOTMAP', () => {
    const t = traceOf({ kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true });
    const inPaging = t.events.filter((e) => e.step.name === 'paging_init').map((e) => (e.kind === 'fixmap-use' ? `${e.kind}:${e.slot}` : e.kind));
    // pt-step: xen_pagetable_setup_start, the direct map, the fixmap and pkmap page tables, xen_pagetable_setup_done
    expect(inPaging).toEqual([
      'need', 'pt-step', 'direct-map', 'pt-step', 'value-set', 'pt-step', 'fixmap-pagetables', 'early-ioremap-reset',
      'pkmap-pagetables', 'pt-step', 'pt-step', 'fixmap-use:FIX_PARAVIRT_BOOTMAP', 'fixmap-use:FIX_KMAP_BEGIN', 'pt-kmap',
    ]);
  });

  it('2.6.27 paging_init leaves the hooks to setup_arch', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true });
    expect(t.events.filter((e) => e.step.name === 'paging_init').map((e) => e.kind)).toEqual(['need', 'pkmap-pagetables', 'pt-step', 'fixmap-use', 'pt-kmap']);
    expect(t.events.some((e) => e.kind === 'fixmap-use' && e.step.name === 'paravirt_pagetable_setup_done' && e.slot === 'FIX_PARAVIRT_BOOTMAP' && e.covered)).toBe(true);
  });
});

describe('kernel facts that bound the replay', () => {
  it('parse_early_param runs once (init/main.c: static int done), so reservetop= relocates once however often it is called', () => {
    const order = ['early_cpu_init', 'parse_early_param', 'parse_early_param', 'parse_early_param'];
    const t = traceOf({ kernel: '2.6.27', order, cmdline: 'reservetop=16M' });
    expect(t.events.filter((e) => e.kind === 'relocation').map((e) => e.step.index)).toEqual([2]);
    expect(t.final.vmallocReserve).toBe((128 + 16) * 2 ** 20);
  });

  it('__VMALLOC_RESERVE is an unsigned int: 62 VMI reservations of 64 MiB on top of 128 MiB wrap to 0', () => {
    const t = traceOf({ kernel: '2.6.27', order: Array.from({ length: 62 }, () => 'vmi_init'), hypervisor: 'vmi' });
    expect(t.events.filter((e) => e.kind === 'relocation')).toHaveLength(62);
    expect(t.final.vmallocReserve).toBe(0);
  });
});

/**
 * The layout of DESIGN §2 after a replay, pinned for 2.6.26 and 2.6.27,
 * PAE and non-PAE, with and without a VMI or Xen reservation.
 */
import { describe, expect, it } from 'vitest';
import { replayX86 as replay } from '../../../../src/arch/x86_32/plugin.js';
import { layoutText } from '../../../../src/arch/x86_32/render/layout.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { insertAfter, ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, releaseOrder } from '../fixtures/orders.js';
import { RELEASE_ORDERS } from '../fixtures/release-orders.js';

function layoutOf(spec: ScenarioSpec) {
  const loaded = parseScenario(scenarioYaml(spec), 'layout.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const t = replay(loaded.scenario);
  const hex = (n: number | null) => (n === null ? null : `0x${n.toString(16)}`);
  return {
    FIXADDR_TOP: hex(t.layout.FIXADDR_TOP),
    FIXADDR_START: hex(t.layout.FIXADDR_START),
    FIXADDR_BOOT_START: hex(t.layout.FIXADDR_BOOT_START),
    PKMAP_BASE: hex(t.layout.PKMAP_BASE),
    VMALLOC_START: hex(t.layout.VMALLOC_START),
    VMALLOC_END: hex(t.layout.VMALLOC_END),
    high_memory: hex(t.layout.high_memory),
    max_low_pfn: t.layout.max_low_pfn,
    __VMALLOC_RESERVE: hex(t.final.vmallocReserve),
  };
}

describe('2.6.27 layout', () => {
  it('non-PAE, 512 MiB, bare metal', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27 })).toEqual({
      FIXADDR_TOP: '0xfffff000', FIXADDR_START: '0xfff50000', FIXADDR_BOOT_START: '0xffdf9000',
      PKMAP_BASE: '0xff800000', VMALLOC_START: '0xe0800000', VMALLOC_END: '0xff7fe000',
      high_memory: '0xe0000000', max_low_pfn: 131072, __VMALLOC_RESERVE: '0x8000000',
    });
  });

  it('PAE, 4 GiB, bare metal: MAXMEM is 896 MiB, PKMAP_BASE on a 2 MiB PMD', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, pae: true, memory: '4GiB' })).toMatchObject({
      PKMAP_BASE: '0xffa00000', VMALLOC_END: '0xff9fe000', max_low_pfn: 229376,
      high_memory: '0xf8000000', VMALLOC_START: '0xf8800000',
    });
  });

  it('VMI (virtual_top 0xfc000000), 4 GiB: the reserve is in force when max_low_pfn is computed', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', memory: '4GiB' })).toEqual({
      FIXADDR_TOP: '0xfbfff000', FIXADDR_START: '0xfbf50000', FIXADDR_BOOT_START: '0xfbdf9000',
      PKMAP_BASE: '0xfb800000', VMALLOC_START: '0xf4800000', VMALLOC_END: '0xfb7fe000',
      high_memory: '0xf4000000', max_low_pfn: 212992, __VMALLOC_RESERVE: '0xc000000',
    });
  });

  it('Xen PAE (HYPERVISOR_VIRT_START 0xf5800000): FIXADDR_TOP 0xf57fd000', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '4GiB' })).toMatchObject({
      FIXADDR_TOP: '0xf57fd000', __VMALLOC_RESERVE: '0x12802000', max_low_pfn: 0x2d7fe,
    });
  });

  it('reservetop=16M: FIXADDR_TOP 0xfefff000', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M' })).toMatchObject({ FIXADDR_TOP: '0xfefff000', __VMALLOC_RESERVE: '0x9000000' });
  });

  it('reservetop=0x3ffff000 (just under the 1 GiB above PAGE_OFFSET): MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE would wrap in the unsigned long (page_32.h), so the loader refuses it; at the bound, 1 GiB − 128 MiB, MAXMEM is 0', () => {
    const refused = parseScenario(scenarioYaml({ kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=0x3ffff000' }), 'layout.yaml');
    expect(refused.ok ? [] : refused.problems.map((p) => p.message)).toEqual([expect.stringMatching(/wraps to 0xf8001000, .*reservetop= is at most 896 MiB \(0x38000000\) here \(2\.6\.27, this config\)$/)]);
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=0x38000000' })).toEqual({
      FIXADDR_TOP: '0xc7fff000', FIXADDR_START: '0xc7f50000', FIXADDR_BOOT_START: '0xc7df9000',
      PKMAP_BASE: '0xc7800000', VMALLOC_START: '0xc0800000', VMALLOC_END: '0xc77fe000',
      high_memory: '0xc0000000', max_low_pfn: 0, __VMALLOC_RESERVE: '0x40000000',
    });
  });

  it('the region map says when a region ends below its start, and prints a zero reserve as 0 bytes', () => {
    // a define:d reserve after find_low_pfn_range (the command line cannot do it: its MAXMEM would wrap)
    const late = { kernel: '2.6.27', order: insertAfter(ORDER_2_6_27, 'hv_reserve', 'find_low_pfn_range'), define: { hv_reserve: { doc: 'a late reserve', relocate: '0x3ffff000' } } };
    const loaded = parseScenario(scenarioYaml(late), 'layout.yaml');
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    const { rows } = layoutText(replay(loaded.scenario));
    expect(rows).toContain('    0xe0800000-0xbf7fe000  empty (end below start)  vmalloc');
    const zero = parseScenario(scenarioYaml({ kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'vmalloc=0' }), 'layout.yaml');
    if (!zero.ok) throw new Error(zero.problems.map((p) => p.message).join('; '));
    expect(layoutText(replay(zero.scenario)).head).toMatch(/__VMALLOC_RESERVE 0 bytes$/);
  });

  it('the head names each step that relocated once: reservetop= twice in one parse_early_param, after Xen\'s xen_start_kernel', () => {
    const loaded = parseScenario(scenarioYaml({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true, memory: '2GiB', cmdline: 'reservetop=256M reservetop=168M' }), 'layout.yaml');
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    const t = replay(loaded.scenario);
    expect(t.events.filter((e) => e.kind === 'relocation').map((e) => e.step.name)).toEqual(['xen_start_kernel', 'parse_early_param', 'parse_early_param']);
    expect(layoutText(t).head).toMatch(/, relocated by xen_start_kernel, parse_early_param \(step 11\)$/);
  });

  it('2.6.32.9: MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE would wrap the same way (pgtable_32_types.h); at the bound MAXMEM is under one PMD (PKMAP_BASE is rounded down to one, so a byte more drops VMALLOC_END by 4 MiB)', () => {
    const refused = parseScenario(scenarioYaml({ kernel: '2.6.32.9', order: releaseOrder('2.6.32'), cmdline: 'reservetop=0x3ffff000' }), 'layout.yaml');
    expect(refused.ok).toBe(false);
    const bound = refused.ok ? '' : /is at most .* \((0x[0-9a-f]+)\) here/.exec(refused.problems[0]?.message ?? '')?.[1] ?? '';
    expect(layoutOf({ kernel: '2.6.32.9', order: releaseOrder('2.6.32'), cmdline: `reservetop=${bound}` })).toMatchObject({ high_memory: '0xc03fe000', max_low_pfn: 1022, __VMALLOC_RESERVE: '0x8000000' });
  });

  it('vmalloc=256M sets __VMALLOC_RESERVE to exactly 256 MiB (parse_vmalloc before 2.6.28-rc1)', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', pae: true, cmdline: 'vmalloc=256M' })).toMatchObject({
      __VMALLOC_RESERVE: '0x10000000', max_low_pfn: (0x40000000 - 0x10000000) / 4096,
    });
  });

  it('2 GiB bare metal: max_low_pfn 229376 ("896MB LOWMEM available")', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '2GiB' })).toMatchObject({ max_low_pfn: 229376, VMALLOC_START: '0xf8800000' });
  });

  it('stable 2.6.27.x keeps the 2.6.27 formulas (e621bd18958e was never backported)', () => {
    expect(layoutOf({ kernel: '2.6.27.57', order: ORDER_2_6_27, memory: '2GiB' })).toMatchObject({ max_low_pfn: 229376 });
  });

  it('Xen reserves 2 pages of padding up to 2.6.27.7, none from 2.6.27.8 (996d332bda, upstream 5dc64a3442b9)', () => {
    expect(layoutOf({ kernel: '2.6.27.7', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '2GiB' })).toMatchObject({ FIXADDR_TOP: '0xf57fd000' });
    expect(layoutOf({ kernel: '2.6.27.8', order: ORDER_2_6_27, hypervisor: 'xen', pae: true, memory: '2GiB' })).toMatchObject({ FIXADDR_TOP: '0xf57ff000', __VMALLOC_RESERVE: '0x12800000' });
  });

  it('mem=256M limits max_pfn and so max_low_pfn', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', cmdline: 'mem=256M' })).toMatchObject({ max_low_pfn: 65536 });
  });

  it('no highmem: no kmap slots (P = 71), VMALLOC_END hangs off FIXADDR_START, no pkmap', () => {
    expect(layoutOf({ kernel: '2.6.27', order: ORDER_2_6_27, config: { highmem: false } })).toMatchObject({ PKMAP_BASE: null, VMALLOC_END: '0xfffb6000' });
  });
});

describe('2.6.28 layout (e621bd18958e "i386: vmalloc size fix", 2.6.28-rc1)', () => {
  it('2 GiB bare metal, default config: MAXMEM = VMALLOC_END - PAGE_OFFSET - 128 MiB, max_low_pfn 227326 = 0x377fe ("887MB LOWMEM available")', () => {
    // VMALLOC_END = PKMAP_BASE 0xff800000 - 2 pages = 0xff7fe000; 0xff7fe000 - 0xc0000000 - 0x8000000 = 0x377fe000
    expect(layoutOf({ kernel: '2.6.28', order: ORDER_2_6_28, memory: '2GiB' })).toMatchObject({
      max_low_pfn: 227326, high_memory: '0xf77fe000', VMALLOC_START: '0xf7ffe000', VMALLOC_END: '0xff7fe000', __VMALLOC_RESERVE: '0x8000000',
    });
  });

  it('vmalloc=256M adds VMALLOC_OFFSET: __VMALLOC_RESERVE 264 MiB', () => {
    expect(layoutOf({ kernel: '2.6.28', order: ORDER_2_6_28, memory: '2GiB', cmdline: 'vmalloc=256M' })).toMatchObject({
      __VMALLOC_RESERVE: '0x10800000', max_low_pfn: (0xff7fe000 - 0xc0000000 - 0x10800000) / 4096,
    });
  });

  it('VMI 4 GiB: the reserve is charged twice, once through VMALLOC_END and once in __VMALLOC_RESERVE (until 2.6.31-rc6)', () => {
    // FIXADDR_TOP 0xfbfff000 → PKMAP_BASE 0xfb800000, VMALLOC_END 0xfb7fe000; reserve 128 + 64 MiB
    expect(layoutOf({ kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', memory: '4GiB' })).toMatchObject({
      FIXADDR_TOP: '0xfbfff000', VMALLOC_END: '0xfb7fe000', __VMALLOC_RESERVE: '0xc000000', max_low_pfn: (0xfb7fe000 - 0xc0000000 - 0xc000000) / 4096,
    });
  });
});

describe('2.6.26 layout', () => {
  it('non-PAE, 512 MiB: FIX_BTMAP aligned to 512 moves the boot-time fixmap down', () => {
    expect(layoutOf({ kernel: '2.6.26', order: ORDER_2_6_26 })).toEqual({
      FIXADDR_TOP: '0xfffff000', FIXADDR_START: '0xfff4c000', FIXADDR_BOOT_START: '0xffcfd000',
      PKMAP_BASE: '0xff800000', VMALLOC_START: '0xe0800000', VMALLOC_END: '0xff7fe000',
      high_memory: '0xe0000000', max_low_pfn: 131072, __VMALLOC_RESERVE: '0x8000000',
    });
  });

  it('VMI, 4 GiB: setup_memory runs before vmi_init, so max_low_pfn keeps the full 896 MiB', () => {
    expect(layoutOf({ kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi', memory: '4GiB' })).toMatchObject({
      FIXADDR_TOP: '0xfbfff000', max_low_pfn: 229376, high_memory: '0xf8000000', __VMALLOC_RESERVE: '0xc000000',
    });
  });

  it('Xen PAE', () => {
    expect(layoutOf({ kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true, memory: '2GiB' })).toMatchObject({
      FIXADDR_TOP: '0xf57fd000', FIXADDR_BOOT_START: '0xf54fb000',
    });
  });
});

describe('kind 10: the layout of every release 2.6.26 – 2.6.36 (history file §3), real orders, 2 GiB', () => {
  const low = (kernel: string, spec: Partial<ScenarioSpec> = {}): number | null => layoutOf({ kernel, order: releaseOrder(orderOf(kernel)), memory: '2GiB', ...spec }).max_low_pfn;
  /** the nearest release whose order the fixtures hold (the order does not change max_low_pfn) */
  const orderOf = (kernel: string): string => (RELEASE_ORDERS.some((r) => r.kernel === kernel) ? kernel : kernel.replace(/-rc\d+$|\.\d+$/, ''));

  it.each([
    ['2.6.26', 229376], ['2.6.27', 229376], ['2.6.27.57', 229376], ['2.6.28', 227326], ['2.6.29', 227326], ['2.6.30', 227326],
    ['2.6.31', 227326], ['2.6.32', 227326], ['2.6.33', 227326], ['2.6.34', 227326], ['2.6.35', 227326], ['2.6.36', 227326],
  ])('bare metal, non-PAE: %s max_low_pfn %i', (kernel, pfn) => expect(low(kernel)).toBe(pfn));

  it.each([
    ['2.6.26', 229376], ['2.6.27', 229376], ['2.6.28', 227838], ['2.6.33', 227838], ['2.6.34', 228350], ['2.6.36', 228350],
  ])('bare metal, PAE: %s max_low_pfn %i (PKMAP_BASE 0xffc00000 once the 2.6.34 enum fits)', (kernel, pfn) => expect(low(kernel, { pae: true })).toBe(pfn));

  it.each([
    ['2.6.26', 212992], ['2.6.27', 212992], ['2.6.28', 194558], ['2.6.30', 194558], ['2.6.31', 210942], ['2.6.36', 210942],
  ])('VMI (virtual_top 0xfc000000): %s max_low_pfn %i (double accounting 2.6.28-rc1 – 2.6.31-rc5)', (kernel, pfn) => {
    // 2.6.26's setup_memory sizes lowmem before vmi_init: the VMI figure applies from 2.6.27 on; 2.6.26 keeps 229376
    expect(low(kernel, { hypervisor: 'vmi' })).toBe(kernel === '2.6.26' ? 229376 : pfn);
  });

  it('double accounting ends in 2.6.31-rc6 (6abf65510944): rc5 194558, rc6 210942', () => {
    expect(layoutOf({ kernel: '2.6.31-rc5', order: releaseOrder('2.6.31'), memory: '2GiB', hypervisor: 'vmi' }).max_low_pfn).toBe(194558);
    expect(layoutOf({ kernel: '2.6.31-rc6', order: releaseOrder('2.6.31'), memory: '2GiB', hypervisor: 'vmi' }).max_low_pfn).toBe(210942);
  });

  it.each([
    ['2.6.27.7', '0xf57fd000', 186366], ['2.6.27.8', '0xf57ff000', 186368], ['2.6.28', '0xf57ff000', 141822],
    ['2.6.31', '0xf57ff000', 184830], ['2.6.33', '0xf57ff000', 184830], ['2.6.34', '0xf57ff000', 185342], ['2.6.36', '0xf57ff000', 185342],
  ])('Xen PAE (HYPERVISOR_VIRT_START 0xf5800000): %s FIXADDR_TOP %s, max_low_pfn %i', (kernel, top, pfn) => {
    expect(layoutOf({ kernel, order: releaseOrder(orderOf(kernel) === '2.6.27.7' || orderOf(kernel) === '2.6.27.8' ? '2.6.27.6' : orderOf(kernel)), memory: '2GiB', hypervisor: 'xen', pae: true })).toMatchObject({ FIXADDR_TOP: top, max_low_pfn: pfn });
  });
});

describe('the holes at the top: what lives there, and what reservetop= keeps free', () => {
  const regionsOf = (spec: ScenarioSpec) => {
    const loaded = parseScenario(scenarioYaml(spec), 'layout.yaml');
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
    return replay(loaded.scenario).layout.regions.filter((r) => r.name === 'reserved' || r.name === 'hypervisor' || r.name === 'firmware')
      .map((r) => `${r.name} 0x${r.start.toString(16)}-0x${r.end.toString(16)}`);
  };

  it('reservetop= twice: the kernel keeps no record of a reserve, so the last one is the only one (arch/x86/mm/pgtable.c reserve_top_address() at 2.6.34 e40152ee1e1c)', () => {
    expect(regionsOf({ kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de reservetop=16M' })).toEqual(['reserved 0xff000000-0x100000000']);
    expect(regionsOf({ kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=16M reservetop=128M' })).toEqual(['reserved 0xf8000000-0x100000000']);
  });

  it('a hypervisor lives in its hole whatever reserve follows; a larger reservetop= keeps free what lies below it', () => {
    expect(regionsOf({ kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=16M' })).toEqual(['hypervisor 0xfc000000-0x100000000']);
    expect(regionsOf({ kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=128M' })).toEqual(['reserved 0xf8000000-0xfc000000', 'hypervisor 0xfc000000-0x100000000']);
    expect(regionsOf({ kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' })).toEqual(['hypervisor 0xfc000000-0x100000000']);
  });

  // arch/x86/xen/enlighten.c xen_reserve_top(): reserve_top_address(-top + 2 * PAGE_SIZE) at 2.6.27-rc1
  // (caglar10ur/linux-2.6.27.y@6e86841d05, lines 1407-1416), reserve_top_address(-top) from 996d332bda (2.6.27.8);
  // Xen's own area (machine_to_phys_mapping) starts at HYPERVISOR_VIRT_START 0xf5800000 either way
  it.each([
    ['2.6.27-rc1', '0xf57fd000', ORDER_2_6_27_RC1], ['2.6.27.7', '0xf57fd000', releaseOrder('2.6.27.6')], ['2.6.27.8', '0xf57ff000', releaseOrder('2.6.27.6')],
  ])('Xen %s (FIXADDR_TOP %s): the hole starts at HYPERVISOR_VIRT_START, not at -reserve', (kernel, top, order) => {
    const spec: ScenarioSpec = { kernel, order, hypervisor: 'xen', pae: true, memory: '2GiB' };
    expect(regionsOf(spec)).toEqual(['hypervisor 0xf5800000-0x100000000']);
    expect(layoutOf(spec).FIXADDR_TOP).toBe(top);
  });

  it('OLPC\'s OpenFirmware (olpc_ofw_detect(): reserve_top_address(-round_down(cif, 1 MiB)), arch/x86/kernel/olpc_ofw.c at 2.6.36 f6f94e2ab1b) lives in a firmware hole, not a hypervisor\'s', () => {
    expect(regionsOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff834567' } })).toEqual(['firmware 0xff800000-0x100000000']);
    // a VMI hole below OpenFirmware's: the lowest hole names the region
    expect(regionsOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), hypervisor: 'vmi', machine: { olpc_ofw_cif: '0xff834567' } })).toEqual(['hypervisor 0xfc000000-0x100000000']);
  });

  it('Xen before 2.6.27.8 with reservetop=168M: FIXADDR_TOP moves up into the two pages of padding, which are the kernel\'s, not Xen\'s', () => {
    const spec: ScenarioSpec = { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true, memory: '2GiB', cmdline: 'reservetop=168M' };
    expect(layoutOf(spec).FIXADDR_TOP).toBe('0xf57ff000');
    expect(regionsOf(spec)).toEqual(['hypervisor 0xf5800000-0x100000000']);
  });
});

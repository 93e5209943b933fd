/**
 * The replay itself: the event trace, the reserve in force at each moment,
 * and the interval-only model (cost does not depend on memory size).
 */
import { describe, expect, it } from 'vitest';
import { replayX86 as replay } from '../../../../src/arch/x86_32/plugin.js';
import type { X86Trace as Trace } from '../../../../src/arch/x86_32/types.js';
import type { TraceEvent } from '../../../../src/arch/x86_32/replay/events.js';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { replayWith } from '../../../../src/replay/replay.js';
import { check } from '../../../../src/rules/index.js';
import { scenarioYaml, type ScenarioSpec } from '../../../rules/rule-tester.js';
import { describeX86Event } from '../../../../src/arch/x86_32/render/trace-text.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, moveAfter, releaseOrder, without } from '../fixtures/orders.js';

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

  it('rc1 on VMI: DMI early_ioremaps after early_ioremap_reset are counted set_fixmaps: 16 + 1 pages, set and cleared', () => {
    const t = traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' });
    const dmi = t.events.filter((e) => e.kind === 'fixmap-use' && e.step.name === 'dmi_scan_machine');
    expect(dmi).toMatchObject([
      { counted: true, pte: 'pagetables', slot: 'FIX_BTMAP_BEGIN', vaddr: 0xffe00000, covered: true, pages: 16, btmapSlot: 0, counts: 32 },
      { counted: true, pages: 1, btmapSlot: 1, counts: 2, vaddr: 0xffe40000 },
    ]);
    const reloc = t.events.find((e) => e.kind === 'relocation');
    // the DMI pages, set and cleared (the 512 MiB machine's ACPI tables are in the direct map)
    expect(reloc).toMatchObject({ source: 'vmi', fixmapsSet: 34, reserve: 64 * 2 ** 20, step: { name: 'vmi_init', index: 41 } });
  });

  it('before early_ioremap_reset an early_ioremap writes bm_pte and is not counted', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, machine: { efi: true } });
    const efi = t.events.find((e) => e.kind === 'fixmap-use' && e.step.name === 'efi_init');
    expect(efi).toMatchObject({ counted: false, pte: 'bm_pte', bmPtePmd: 0xffc00000, pmd: 0xffc00000, unserved: null });
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
  it('2.6.26 paging_init runs the Xen paravirt hooks itself; shared_info is set_pte_mfn, not a counted set_fixmap', () => {
    const t = traceOf({ kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'xen', pae: true });
    const inPaging = t.events.filter((e) => e.step.name === 'paging_init').map((e) => (e.kind === 'fixmap-use' ? `${e.kind}:${e.slot}` : e.kind));
    // pt-step: xen_pagetable_setup_start, the direct map, the fixmap and pkmap page tables, xen_pagetable_setup_done;
    // set_pte_mfn writes the FIX_PARAVIRT_BOOTMAP PTE without a fixmap-use event (not counted)
    expect(inPaging).toEqual([
      'need', 'need', 'pt-step', 'direct-map', 'pt-step', 'value-set', 'pt-step', 'fixmap-pagetables', 'early-ioremap-reset',
      'pkmap-pagetables', 'pt-step', 'pt-step', 'fixmap-use:FIX_KMAP_BEGIN', 'pt-kmap',
    ]);
  });

  it('2.6.27 paging_init leaves the hooks to setup_arch; Xen shared_info is a counted set_fixmap (15664f968a9)', () => {
    const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true });
    expect(t.events.filter((e) => e.step.name === 'paging_init').map((e) => e.kind)).toEqual(['need', 'need', 'pkmap-pagetables', 'pt-step', 'fixmap-use', 'pt-kmap']);
    expect(t.events.some((e) => e.kind === 'fixmap-use' && e.step.name === 'paravirt_pagetable_setup_done' && e.slot === 'FIX_PARAVIRT_BOOTMAP' && e.covered && e.counted)).toBe(true);
  });

  it('2.6.27-rc1 – rc6 pagetable_init() calls the paravirt hooks again (5132895f14a): Xen set_fixmaps shared_info twice', () => {
    const count = (kernel: string): number => traceOf({ kernel, order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true })
      .events.filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_PARAVIRT_BOOTMAP').length;
    expect([count('2.6.27-rc6'), count('2.6.27-rc7')]).toEqual([2, 1]);
  });
});

describe('kind 4: call semantics per version', () => {
  it('config-unsupported stops the replay: a Xen guest without PAE gets that finding and nothing else', () => {
    const loaded = parseScenario(scenarioYaml({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', memory: '4GiB', cmdline: 'vmalloc=64M' }), 'x.yaml');
    if (!loaded.ok) throw new Error('fixture');
    const t = replayWith(loaded.plugin, loaded.scenario);
    expect(t.halted).toMatch(/needs config.pae: true/);
    expect(t.events).toEqual([]);
    expect(check(t, loaded.plugin).map((f) => `${f.rule} ${f.severity}`)).toEqual(['config-unsupported error']);
  });

  it('more RAM than the paging mode addresses does not stop the replay: a warning, and the limit applies', () => {
    const loaded = parseScenario(scenarioYaml({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '8GiB' }), 'x.yaml');
    if (!loaded.ok) throw new Error('fixture');
    const t = replayWith(loaded.plugin, loaded.scenario);
    expect(t.halted).toBeUndefined();
    expect(check(t, loaded.plugin).map((f) => `${f.rule} ${f.severity}`)).toEqual(['config-unsupported warning']);
  });

  it('2.6.26 setup_memory only reserves the initrd: relocate_initrd copies it after paging_init, as counted set_fixmaps', () => {
    const t = traceOf({ kernel: '2.6.26', order: ['early_ioremap_init', 'memory_setup', 'parse_early_param', 'propagate_e820_map', 'setup_memory', 'paging_init', 'relocate_initrd'], memory: '2GiB', cmdline: 'reservetop=16M', machine: { initrd: 'above-lowmem' } });
    expect(t.events.some((e) => e.kind === 'fixmap-use' && e.step.name === 'setup_memory')).toBe(false);
    // 8 MiB = 2048 pages, each set_fixmap'd and clear_fixmap'd
    expect(t.events.find((e) => e.kind === 'fixmap-use' && e.step.name === 'relocate_initrd')).toMatchObject({ pte: 'pagetables', counted: true, pages: 64 });
    expect(t.final.fixmapsSet).toBe(2 * 2048);
  });

  // reserve_initrd() (2.6.27-rc1 arch/x86/kernel/setup.c:256-363 at caglar10ur/linux-2.6.27.y@6e86841d05): the
  // loader puts the initrd at the end of RAM below 2 GiB; too large for half of lowmem, it is disabled; in lowmem it
  // stays; else only the part above end_of_lowmem goes through early_ioremap, 64 pages a time
  describe('the initrd reserve_initrd copies (machine.initrd: above-lowmem)', () => {
    const initrd = (memory: string, initrdSize: string) =>
      traceOf({ kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, memory, machine: { initrd: 'above-lowmem', initrd_size: initrdSize } });
    const copies = (t: Trace) => t.events.filter((e) => e.kind === 'fixmap-use' && e.step.name === 'reserve_initrd');
    const skipped = (t: Trace) => t.events.find((e) => e.kind === 'initrd-not-copied');

    it('8 MiB on 4 GiB: all 8 MiB lie above lowmem (896 MiB), 32 chunks, 2048 pages set and cleared', () => {
      const t = initrd('4GiB', '8MiB');
      expect(copies(t)).toMatchObject([{ pages: 64, what: expect.stringContaining('32 chunks') as unknown }]);
      expect(skipped(t)).toBeUndefined();
    });

    it('300 MiB on 1 GiB: only the 128 MiB above end_of_lowmem 0x38000000 are copied through the fixmap (512 chunks)', () => {
      const t = initrd('1GiB', '300MiB');
      expect(copies(t)).toMatchObject([{ pages: 64, what: expect.stringContaining('512 chunks') as unknown }]);
    });

    it('600 MiB on 4 GiB: ramdisk_size >= end_of_lowmem / 2, "initrd too large to handle": no early_ioremap', () => {
      const t = initrd('4GiB', '600MiB');
      expect(copies(t)).toEqual([]);
      expect(skipped(t)).toMatchObject({ reason: 'too-large', image: 0x80000000 - 600 * 2 ** 20, size: 600 * 2 ** 20, endOfLowmem: 0x38000000, limit: 'max_low_pfn' });
    });

    it('448 MiB is exactly half of 896 MiB lowmem: too large (>=); 447 MiB is copied', () => {
      expect(skipped(initrd('4GiB', '448MiB'))).toMatchObject({ reason: 'too-large' });
      expect(copies(initrd('4GiB', '447MiB'))).toHaveLength(1);
    });

    it('8 MiB on 512 MiB: all RAM is lowmem, so the initrd stays where it is', () => {
      const t = initrd('512MiB', '8MiB');
      expect(copies(t)).toEqual([]);
      expect(skipped(t)).toMatchObject({ reason: 'in-lowmem', image: 0x1f800000, endOfLowmem: 0x20000000 });
    });
  });

  it('parse_early_param runs once (static int done): a second reservetop=24M changes nothing, max_low_pfn 223232', () => {
    const t = traceOf({ kernel: '2.6.27', memory: '2GiB', cmdline: 'reservetop=24M', order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping', 'paging_init'] });
    expect(t.events.filter((e) => e.kind === 'relocation')).toHaveLength(1);
    expect(t.events.find((e) => e.kind === 'early-params-skipped')).toMatchObject({ step: { index: 4 }, first: { index: 3 } });
    expect(t.layout.max_low_pfn).toBe(223232);
  });

  // vmi_activate(): `if (!vmi_rom) return;` before activate_vmi() (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:
  // arch/x86/kernel/vmi_32.c:980-990): break-226 F2
  it('vmi_activate before vmi_init returns at once: no VMI lowmem mapping, the VMI MMU ops stay unset', () => {
    const order = ['vmi_activate', 'vmi_init', 'early_ioremap_init', 'setup_memory_map', 'parse_early_param'];
    const early = traceOf({ kernel: '2.6.28', order, hypervisor: 'vmi' });
    const at = (t: Trace, name: string): string[] => t.events.filter((e) => e.step.name === name).map((e) => e.kind);
    expect(at(early, 'vmi_activate')).toEqual(['need', 'returned-early']);
    expect(early.events.find((e) => e.kind === 'returned-early')).toMatchObject({ step: { index: 1 }, value: 'vmi_rom', what: 'activate_vmi()' });
    expect(early.final.values).not.toContain('vmi_mmu_ops');
    // after vmi_init: activate_vmi() maps lowmem (MAXMEM_PFN after the 64 MiB hole: 194558 pages) and installs the ops
    const late = traceOf({ kernel: '2.6.28', order: ['vmi_init', ...order.slice(2), 'vmi_activate'], hypervisor: 'vmi' });
    expect(late.events.filter((e) => e.kind === 'vmi-lowmem-map')).toMatchObject([{ step: { name: 'vmi_activate' }, pages: 194558 }]);
    expect(late.events.some((e) => e.kind === 'returned-early')).toBe(false);
    expect(late.final.values).toContain('vmi_mmu_ops');
  });

  it('config.acpi: false and acpi=off leave no ACPI mapping, but init_apic_mappings still set_fixmaps FIX_APIC_BASE', () => {
    for (const spec of [{ config: { acpi: false, acpi_numa: false } }, { cmdline: 'acpi=off' }]) {
      const t = traceOf({ kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB', pae: true, ...spec });
      expect(t.events.filter((e) => e.kind === 'acpi-map')).toEqual([]);
      const uses = t.events.flatMap((e) => (e.kind === 'fixmap-use' && e.counted ? [`${e.step.name}:${e.slot}`] : []));
      expect(uses).toContain('init_apic_mappings:FIX_APIC_BASE');
      expect(uses.some((u) => u.startsWith('acpi_'))).toBe(false);
    }
  });

  it('2.6.31-rc1 (4401da6111a): init_apic_mappings skips FIX_APIC_BASE when the MADT mapped it; 2.6.30 maps it again', () => {
    const apic = (kernel: string): string[] => traceOf({ kernel, order: ['early_ioremap_init', 'setup_memory_map', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping', 'acpi_boot_table_init', 'acpi_boot_init', 'init_apic_mappings'] })
      .events.filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_APIC_BASE').map((e) => e.step.name);
    expect(apic('2.6.30')).toEqual(['acpi_boot_init', 'init_apic_mappings']);
    expect(apic('2.6.31')).toEqual(['acpi_boot_init']);
  });
});

describe('kind 6: mapping sizes and slots', () => {
  it('DMI: the 64 KiB F-segment in slot 0 (16 pages), held while the table is mapped nested in slot 1', () => {
    const t = traceOf({ kernel: '2.6.27.6', order: ['early_ioremap_init', 'dmi_scan_machine'] });
    expect(t.events.filter((e) => e.kind === 'fixmap-use').map((e) => e.kind === 'fixmap-use' && [e.btmapSlot, e.pages, e.vaddr])).toEqual([[0, 16, 0xffe00000], [1, 1, 0xffe40000]]);
  });

  it('efi_init leaves the memory map mapped: the DMI scan after it uses slots 1 and 2, and until 2.6.29-rc2 early_ioremap_reset re-sets it with counted set_fixmaps', () => {
    const order = ['early_ioremap_init', 'setup_memory_map', 'efi_init', 'dmi_scan_machine', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping'];
    const t = traceOf({ kernel: '2.6.29-rc2', order, machine: { efi: true } });
    expect(t.events.filter((e) => e.kind === 'fixmap-use' && e.step.name === 'dmi_scan_machine').map((e) => e.kind === 'fixmap-use' && e.btmapSlot)).toEqual([1, 2]);
    expect(t.events.find((e) => e.kind === 'early-ioremap-reset')).toMatchObject({ remapped: 1 });
    expect(t.final.fixmapsSet).toBe(1);
    const later = traceOf({ kernel: '2.6.29-rc3', order, machine: { efi: true } });
    expect(later.events.find((e) => e.kind === 'early-ioremap-reset')).toMatchObject({ remapped: 0, clearedPmd: null });
    expect(later.final.fixmapsSet).toBe(0);
  });

  it('the page count: 2.6.27.1 maps one page too few when the object ends on the first byte of a page (c613ec1a7ff in 2.6.27.2)', () => {
    const pages = (kernel: string): number => {
      // setup_data at 0x9a010 with 4096 - 16 - 16 bytes of payload: the node ends at 0x9b000 + 0x... ; parse_setup_data maps PAGE_SIZE from 0x9a010
      const e = traceOf({ kernel, order: ['early_ioremap_init', 'parse_setup_data'], machine: { setup_data: true } }).events.find((x) => x.kind === 'fixmap-use');
      return e?.kind === 'fixmap-use' ? e.pages : 0;
    };
    // PAGE_SIZE from 0x9a010 ends at 0x9b00f: two pages either way
    expect([pages('2.6.27.1'), pages('2.6.27.2')]).toEqual([2, 2]);
  });

  it('parse_e820_ext(): map_len = len + 16 is a u32, so a setup_data len of 0xfffffff0 or more maps the page only (e820.c:675 of 2.6.36)', () => {
    const maps = (len: number): (number | string)[] => traceOf({ kernel: '2.6.36', order: ['early_ioremap_init', 'parse_setup_data'], machine: { setup_data: true, setup_data_length: len } })
      .events.flatMap((e) => (e.kind === 'fixmap-use' ? [e.failed ?? e.pages] : []));
    expect(maps(0xffffffef)).toEqual([2, 'too-big']);
    expect(maps(0xfffffff0)).toEqual([2]);
    expect(maps(0xffffffff)).toEqual([2]);
  });

  it('reservetop=16M, reservetop=abc and reservetop= relocate as the kernel reads them: 16 MiB, 0, 0 (memparse() reads nothing from abc; reservetop=16MB is refused: test/loader/ranges.test.ts)', () => {
    const top = (cmdline: string): number[] => traceOf({ kernel: '2.6.34', order: ['early_cpu_init', 'parse_early_param'], cmdline })
      .events.flatMap((e) => (e.kind === 'relocation' ? [e.newTop] : []));
    expect(top('reservetop=16M')).toEqual([0xfefff000]);
    expect(top('reservetop=abc')).toEqual([0xfffff000]);
    expect(top('reservetop=')).toEqual([0xfffff000]);
  });

  it('kind 5: a second early_ioremap_init re-hooks bm_pte at the current FIXADDR_TOP', () => {
    const t = traceOf({ kernel: '2.6.27', order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'early_ioremap_init', 'efi_init'], cmdline: 'reservetop=16M', machine: { efi: true } });
    expect(t.events.filter((e) => e.kind === 'early-ioremap-init')).toMatchObject([{ pmdBegin: 0xffc00000, previousPmd: null }, { pmdBegin: 0xfec00000, previousPmd: 0xffc00000 }]);
    expect(t.events.filter((e) => e.kind === 'fixmap-use').every((e) => e.kind === 'fixmap-use' && e.unserved === null)).toBe(true);
  });

  it('kind 5: 2.6.34-rc7 parse_reservetop() calls fixup_early_ioremap() → early_ioremap_init() itself (e67a807f3d9)', () => {
    const inits = (kernel: string): string[] => traceOf({ kernel, order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param'], cmdline: 'reservetop=16M' })
      .events.filter((e) => e.kind === 'early-ioremap-init').map((e) => (e.kind === 'early-ioremap-init' ? e.via : ''));
    expect(inits('2.6.34-rc6')).toEqual(['call']);
    expect(inits('2.6.34-rc7')).toEqual(['call', 'fixup_early_ioremap']);
  });
});

describe('kind 7: command-line options that touch the fixmap or e820', () => {
  const ORDER = ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping'];

  it('earlycon=uart8250,mmio,ADDR: a counted set_fixmap(FIX_EARLYCON_MEM_BASE) inside parse_early_param, once', () => {
    const t = traceOf({ kernel: '2.6.26', order: ['early_ioremap_init', 'memory_setup', 'parse_early_param'], cmdline: 'earlycon=uart8250,mmio,0xfed00000 console=uart8250,mmio,0xfed01000' });
    expect(t.events.filter((e) => e.kind === 'fixmap-use')).toMatchObject([{ step: { name: 'parse_early_param' }, slot: 'FIX_EARLYCON_MEM_BASE', counted: true, covered: true }]);
  });

  it('earlyprintk=dbgp maps FIX_DBGP_BASE from 2.6.28-rc1 (5c05917e7fe), with an EHCI debug port only', () => {
    const uses = (kernel: string, machine = {}): number => traceOf({ kernel, order: ORDER, cmdline: 'earlyprintk=dbgp', machine }).events.filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_DBGP_BASE').length;
    expect([uses('2.6.27'), uses('2.6.28-rc1'), uses('2.6.28-rc1', { ehci_debug_port: false })]).toEqual([0, 1, 0]);
  });

  it('earlyprintk=: the first one only (early_console_initialized), dbgp with ",keep" after it, dbgp after another console from 2.6.32-rc1 (c9530948bc6)', () => {
    const dbgp = (kernel: string, cmdline: string) => traceOf({ kernel, order: ORDER, cmdline }).events
      .filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_DBGP_BASE').map((e) => e.kind === 'fixmap-use' && e.counts);
    // setup_early_printk() returns at once for a second earlyprintk= (early_printk.c 945-947 at 2.6.28, 209-211 at 2.6.36)
    expect(dbgp('2.6.28', 'earlyprintk=vga earlyprintk=dbgp')).toEqual([]);
    expect(dbgp('2.6.36', 'earlyprintk=vga earlyprintk=dbgp')).toEqual([]);
    expect(dbgp('2.6.28', 'earlyprintk=dbgp earlyprintk=vga')).toEqual([1]);
    // a bare earlyprintk is handed NULL and returns before the flag is set
    expect(dbgp('2.6.28', 'earlyprintk earlyprintk=dbgp')).toEqual([1]);
    // the documented "dbgp,keep": early_dbgp_init(",keep") reads controller 0 (simple_strtoul)
    expect(dbgp('2.6.28', 'earlyprintk=dbgp,keep')).toEqual([1]);
    // strncmp(buf, "dbgp", 4) at the value's start until 2.6.31; every offset from 2.6.32-rc1
    expect(dbgp('2.6.31', 'earlyprintk=vga,dbgp')).toEqual([]);
    expect(dbgp('2.6.32-rc1', 'earlyprintk=vga,dbgp')).toEqual([1]);
    // one early_dbgp_init() (one counted set_fixmap) per "dbgp"
    expect(dbgp('2.6.32-rc1', 'earlyprintk=dbgp,dbgp')).toEqual([2]);
  });

  it('pci=off / pci=noearly before earlyprintk=dbgp or kgdbdbgp=: early_dbgp_init() returns at !early_pci_allowed() before its set_fixmap; after it, too late', () => {
    const dbgp = (kernel: string, cmdline: string) => traceOf({ kernel, order: ORDER, cmdline }).events
      .filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_DBGP_BASE').map((e) => e.kind === 'fixmap-use' && e.what);
    // early_printk.c:782-783 at 2.6.28 4a6908a3a05; ehci-dbgp.c:843-844 at 2.6.36 f6f94e2ab1b
    expect(dbgp('2.6.28', 'pci=off earlyprintk=dbgp')).toEqual([]);
    expect(dbgp('2.6.28', 'earlyprintk=dbgp pci=off')).toEqual(['EHCI debug port (earlyprintk=dbgp)']);
    expect(dbgp('2.6.36', 'pci=noearly earlyprintk=dbgp')).toEqual([]);
    expect(dbgp('2.6.36', 'pci=noearly pci=conf1 earlyprintk=dbgp')).toEqual(['EHCI debug port (earlyprintk=dbgp)']);
    // kgdbdbgp= from 4fe1da4ebc1 (2.6.35-rc1); only while no debug port is set up (ehci-dbgp.c:1041-1044 at 2.6.36)
    expect(dbgp('2.6.34', 'kgdbdbgp=0')).toEqual([]);
    expect(dbgp('2.6.35-rc1', 'kgdbdbgp=0')).toEqual(['EHCI debug port (kgdbdbgp=0)']);
    expect(dbgp('2.6.36', 'pci=off kgdbdbgp=0')).toEqual([]);
    expect(dbgp('2.6.36', 'earlyprintk=dbgp kgdbdbgp=0')).toEqual(['EHCI debug port (earlyprintk=dbgp)']);
    expect(dbgp('2.6.36', 'kgdbdbgp=0 earlyprintk=dbgp')).toEqual(['EHCI debug port (kgdbdbgp=0)', 'EHCI debug port (earlyprintk=dbgp)']);
  });

  it('ohci1394_dma=early maps no FIX_OHCI1394_BASE once parse_early_param has turned early PCI off (init_ohci1394_dma.c:251-252)', () => {
    const ohci = (order: readonly string[], cmdline: string): number => traceOf({ kernel: '2.6.28', order, cmdline, machine: { ohci1394_dma_early: true } }).events
      .filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_OHCI1394_BASE').length;
    const after = [...ORDER, 'init_ohci1394_dma_on_all_controllers'];
    const before = ['early_ioremap_init', 'setup_memory_map', 'init_ohci1394_dma_on_all_controllers', 'parse_early_param'];
    expect([ohci(after, ''), ohci(after, 'pci=off'), ohci(after, 'pci=noearly'), ohci(after, 'pci=noearly,conf1')]).toEqual([1, 0, 0, 1]);
    // before parse_early_param neither is parsed: init_ohci1394_dma_early is still 0, whatever pci= says
    // (early_param("ohci1394_dma", setup_ohci1394_dma), drivers/ieee1394/init_ohci1394_dma.c:277-285 at 2.6.28 4a6908a3a05;
    // machine.ohci1394_dma_early is that option; break-290 F3)
    expect([ohci(before, ''), ohci(before, 'pci=off')]).toEqual([0, 0]);
  });

  it('mem= and memmap= edit e820 only once setup_memory_map has built it', () => {
    const low = (order: readonly string[], cmdline: string): number => traceOf({ kernel: '2.6.27', order, cmdline, memory: '2GiB' }).layout.max_low_pfn;
    expect(low(ORDER, 'mem=256M')).toBe(65536);
    expect(low(ORDER, 'memmap=256M')).toBe(65536);
    expect(low(ORDER, 'memmap=exactmap memmap=640K@0 memmap=255M@1M')).toBe(65536);
    const early = ['early_ioremap_init', 'parse_early_param', 'setup_memory_map', 'e820_end_of_ram_pfn', 'find_low_pfn_range', 'init_memory_mapping'];
    expect(low(early, 'mem=256M')).toBe(229376);
    expect(low(early, 'memmap=exactmap memmap=640K@0 memmap=255M@1M')).toBe(229376);
  });

  it('memmap=SIZE$START / SIZE#START: 2.6.27 sanitizes the user\'s map (the range wins over the RAM), 2.6.26 only appends the entry (break-232 F4)', () => {
    const at = (kernel: string, cmdline: string) => {
      const t = traceOf({ kernel, order: kernel === '2.6.26' ? ORDER_2_6_26 : ORDER_2_6_27, cmdline, memory: '1GiB' });
      return { maxPfn: t.final.maxPfn, maxLowPfn: t.layout.max_low_pfn, edits: t.events.filter((e) => e.kind === 'e820-edit') };
    };
    // 2.6.27: finish_e820_parsing() → sanitize_e820_map(), the larger type wins (arch/x86/kernel/e820.c:1242-1254, 333-339
    // at caglar10ur/linux-2.6.27.y@3fa8749e584b)
    expect(at('2.6.27', 'memmap=1G$0')).toMatchObject({ maxPfn: 0, maxLowPfn: 0 });
    expect(at('2.6.27', 'memmap=1G#0')).toMatchObject({ maxPfn: 0, maxLowPfn: 0 });
    expect(at('2.6.27', 'memmap=512M$512M')).toMatchObject({ maxPfn: 0x20000, maxLowPfn: 0x20000 });
    // 2.6.26: parse_memmap() → add_memory_region() appends (e820_32.c:722-730, 258-274 at bce7f793da), no sanitize of e820.map
    // but update_e820() (MTRR trimming, not modeled); propagate_e820_map() takes every E820_RAM entry (:478-497): 1 GiB,
    // lowmem MAXMEM's 896 MiB
    for (const cmdline of ['memmap=1G$0', 'memmap=1G#0', 'memmap=512M$512M']) {
      const r = at('2.6.26', cmdline);
      expect(r).toMatchObject({ maxPfn: 0x40000, maxLowPfn: 0x38000 });
      expect(r.edits).toEqual([expect.objectContaining({ applied: true, ramEnd: 0x40000000, unsanitized: { overRam: true } })]);
    }
    expect(at('2.6.26', 'memmap=1G$2G').edits).toEqual([expect.objectContaining({ ramEnd: 0x40000000, unsanitized: { overRam: false } })]);
    // before the map is built the entry is appended to the empty map and stays: still nothing cut
    const early = traceOf({ kernel: '2.6.26', order: ['early_ioremap_init', 'parse_early_param', 'memory_setup', 'propagate_e820_map', 'setup_memory'], cmdline: 'memmap=1G$0 mem=256M', memory: '1GiB' });
    expect(early.final.maxPfn).toBe(0x40000);
    expect(early.events.filter((e) => e.kind === 'e820-edit')).toEqual([
      expect.objectContaining({ param: 'memmap=1G$0', applied: true, ramEnd: null, unsanitized: { overRam: null } }),
      // limit_regions() on the empty map, then memory_setup() appends the BIOS map: lost, at memory_setup
      expect.objectContaining({ param: 'mem=256M', applied: false, lostAt: 'memory_setup' }),
    ]);
    // the trace says what the model cannot show: the kernel uses the range as RAM
    expect(early.events.filter((e) => e.kind === 'e820-edit').map(describeX86Event)).toEqual([
      'memmap=1G$0: E820_RESERVED entry appended (add_memory_region()); 2.6.26 never sanitizes the user\'s map, so any RAM the BIOS map brings under it stays E820_RAM: propagate_e820_map() counts that RAM, and the kernel uses the range as RAM (register_bootmem_low_pages() frees its lowmem part to bootmem)',
      'mem=256M: lost (the e820 map is empty until memory_setup appends the BIOS map)',
    ]);
    // a RAM range added before the map is built is kept; its line says so, not "e820 RAM ends at 0x00000000" (break-242 N3)
    const added = traceOf({ kernel: '2.6.27', order: ['early_ioremap_init', 'parse_early_param', 'setup_memory_map', 'e820_end_of_ram_pfn', 'find_low_pfn_range'], cmdline: 'memmap=256M@768M', memory: '512MiB' });
    expect(added.events.filter((e) => e.kind === 'e820-edit').map(describeX86Event)).toEqual([
      'memmap=256M@768M: added to the e820 map before it is built; the BIOS map appended to it later keeps the range',
    ]);
    expect(added.final.maxPfn).toBe(0x40000);
    expect(at('2.6.26', 'memmap=1G#0').edits.map(describeX86Event)).toEqual([
      'memmap=1G#0: E820_ACPI entry appended (add_memory_region()); 2.6.26 never sanitizes the user\'s map, so the RAM under it stays E820_RAM: propagate_e820_map() counts that RAM, and the kernel uses the range as RAM (register_bootmem_low_pages() frees its lowmem part to bootmem); e820 RAM ends at 0x40000000',
    ]);
  });

  it('memmap=SIZE$START / SIZE#START against a memmap=SIZE@START: 2.6.27 sanitizes once after all options, so the order does not matter; 2.6.26 never does (break-239 F4)', () => {
    const at = (kernel: string, cmdline: string) => {
      const t = traceOf({ kernel, order: kernel === '2.6.26' ? ORDER_2_6_26 : ORDER_2_6_27, cmdline, memory: '1GiB' });
      return { maxPfn: t.final.maxPfn, edits: t.events.filter((e) => e.kind === 'e820-edit') };
    };
    // 2.6.27: e820_add_region() appends each range as parsed (arch/x86/kernel/e820.c:113-126, 1226-1234), and
    // finish_e820_parsing() sanitizes once after every option (e820.c:1242-1254; setup.c:671, 700), where the larger type
    // wins (e820.c:333-339; caglar10ur/linux-2.6.27.y@3fa8749e584b): RAM [0, 512M), reserved/ACPI [512M, 1G)
    for (const cmdline of ['memmap=512M$512M memmap=256M@768M', 'memmap=256M@768M memmap=512M$512M', 'memmap=512M#512M memmap=256M@768M', 'memmap=256M@768M memmap=512M#512M']) {
      expect([cmdline, at('2.6.27', cmdline).maxPfn]).toEqual([cmdline, 131072]);
    }
    // a range above the BIOS's RAM cuts the RAM an @ adds under it, whichever comes first: [2G, 2112M) stays RAM
    expect(at('2.6.27', 'memmap=64M#2112M memmap=128M@2G').maxPfn).toBe(2112 * 256);
    expect(at('2.6.27', 'memmap=128M@2G memmap=64M#2112M').maxPfn).toBe(2112 * 256);
    // ranges that cover the end of RAM only together: sanitize_e820_map() sees them all at once
    expect(at('2.6.27', 'memmap=256M$512M memmap=256M$768M').maxPfn).toBe(131072);
    // mem= removes RAM when parsed (e820_remove_range(), e820.c:1192, 472-500: only the entries there then), so a later
    // memmap=SIZE@START brings RAM back, and an earlier one does not
    expect(at('2.6.27', 'mem=512M memmap=256M@768M').maxPfn).toBe(262144);
    expect(at('2.6.27', 'memmap=256M@768M mem=512M').maxPfn).toBe(131072);
    // memmap=exactmap (e820.nr_map = 0, e820.c:1215) drops a range appended before it, unsanitized
    const dropped = at('2.6.27', 'memmap=512M$512M memmap=exactmap memmap=1G@0');
    expect(dropped.maxPfn).toBe(262144);
    expect(dropped.edits.map(describeX86Event)).toEqual([
      'memmap=512M$512M: E820_RESERVED entry appended; finish_e820_parsing() → sanitize_e820_map() gives it the RAM it covers',
      'memmap=512M$512M: dropped (memmap=exactmap empties the map, e820.nr_map = 0, before it is sanitized)',
      'memmap=exactmap: e820 RAM ends at 0x00000000',
      'memmap=1G@0: e820 RAM ends at 0x40000000',
    ]);
    expect(at('2.6.27', 'memmap=exactmap memmap=1G@0 memmap=512M$512M').maxPfn).toBe(131072);
    expect(at('2.6.27', 'memmap=512M$512M memmap=256M@768M').edits.map((e) => `${e.step.name}: ${describeX86Event(e)}`)).toEqual([
      'parse_early_param: memmap=512M$512M: E820_RESERVED entry appended; finish_e820_parsing() → sanitize_e820_map() gives it the RAM it covers',
      'parse_early_param: memmap=256M@768M: e820 RAM ends at 0x40000000',
      'finish_e820_parsing: memmap=512M$512M: sanitized (finish_e820_parsing() → sanitize_e820_map(), after all options: the larger type wins an overlap); it took the RAM it covers of memmap=256M@768M; e820 RAM ends at 0x20000000',
    ]);
    // 2.6.26: add_memory_region() appends both (e820_32.c:258-274, 722-730 at bce7f793da) and nothing sanitizes them;
    // propagate_e820_map() takes the highest E820_RAM end (:478-497): [768M, 1G) and the BIOS's RAM up to 1G, either order
    for (const cmdline of ['memmap=512M$512M memmap=256M@768M', 'memmap=256M@768M memmap=512M$512M', 'memmap=512M#512M memmap=256M@768M', 'memmap=256M@768M memmap=512M#512M']) {
      expect([cmdline, at('2.6.26', cmdline).maxPfn]).toEqual([cmdline, 262144]);
    }
  });

  it('break-250 F1: parsed before the map is built, SIZE@START, #START and $START entries are kept; mem=, memmap=SIZE and exactmap act on them alone', () => {
    const early = (kernel: string, cmdline: string, memory = '1GiB', finishFirst = false) => {
      const build = kernel === '2.6.26' ? 'memory_setup' : 'setup_memory_map';
      const tail = kernel === '2.6.26' ? ['propagate_e820_map', 'setup_memory'] : ['e820_end_of_ram_pfn', 'find_low_pfn_range'];
      const order = kernel === '2.6.26' ? ['parse_early_param', build, ...tail] : finishFirst ? ['parse_early_param', 'finish_e820_parsing', build, ...tail] : ['parse_early_param', build, 'finish_e820_parsing', ...tail];
      const t = traceOf({ kernel, order, cmdline, memory });
      return { maxPfn: t.final.maxPfn, edits: t.events.filter((e) => e.kind === 'e820-edit').map((e) => `${e.step.name}: ${describeX86Event(e)}`) };
    };
    // 2.6.27: e820_add_region() appends the entry to the empty map (arch/x86/kernel/e820.c:1226-1234), setup_memory_map()
    // appends the BIOS map after it without resetting e820.nr_map (e820.c:1302-1334), and finish_e820_parsing() after it
    // sanitizes both: the reserved range wins (e820.c:1242-1254, 333-339 at caglar10ur/linux-2.6.27.y@3fa8749e584b)
    const dollar = early('2.6.27', 'memmap=512M$512M');
    expect(dollar.maxPfn).toBe(131072);
    expect(dollar.edits).toEqual([
      'parse_early_param: memmap=512M$512M: E820_RESERVED entry appended to the e820 map before it is built; the BIOS map appended to it later keeps it. finish_e820_parsing() → sanitize_e820_map() gives it the RAM it covers if it runs after that map is built (before it, only the RAM of the user\'s other entries)',
      'finish_e820_parsing: memmap=512M$512M: sanitized (finish_e820_parsing() → sanitize_e820_map(), after all options: the larger type wins an overlap), e820 RAM ends at 0x20000000',
    ]);
    // finish_e820_parsing() before the BIOS map is there sanitizes the entry alone: the BIOS's RAM stays E820_RAM
    expect(early('2.6.27', 'memmap=512M$512M', '1GiB', true).maxPfn).toBe(262144);
    expect(early('2.6.27', 'memmap=64M@2G').maxPfn).toBe(540672);
    expect(early('2.6.26', 'memmap=64M@2G').maxPfn).toBe(540672);
    // mem= cuts the entries appended before it (e820_remove_range(), e820.c:472-500; 2.6.26 limit_regions(),
    // e820_32.c:613-641 at bce7f793da), not the BIOS map appended after it; after mem= an entry stays
    for (const kernel of ['2.6.26', '2.6.27']) {
      const cut = early(kernel, 'memmap=64M@2G mem=512M');
      expect([kernel, cut.maxPfn]).toEqual([kernel, 262144]);
      expect(cut.edits[1]).toMatch(/^parse_early_param: mem=512M: lost \(the e820 map is empty until (memory_setup|setup_memory_map) appends the BIOS map\); it cut only memmap=64M@2G, appended before it$/);
      expect([kernel, early(kernel, 'mem=512M memmap=64M@2G').maxPfn]).toEqual([kernel, 540672]);
      // memmap=exactmap: e820.nr_map = 0 drops what was appended (e820.c:1215; e820_32.c:710)
      const exact = early(kernel, 'memmap=64M@2G memmap=exactmap');
      expect([kernel, exact.maxPfn]).toEqual([kernel, 262144]);
      expect(exact.edits[1]).toBe('parse_early_param: memmap=64M@2G: dropped (memmap=exactmap empties the map, e820.nr_map = 0)');
    }
    // limit_regions() drops every entry after the first that reaches SIZE; e820_remove_range() only those above it
    expect(early('2.6.26', 'memmap=64M@2G memmap=64M@256M mem=512M', '128MiB').maxPfn).toBe(32768);
    expect(early('2.6.27', 'memmap=64M@2G memmap=64M@256M mem=512M', '128MiB').maxPfn).toBe(81920);
  });

  it('break-251 F1/F2/N8: a #/$ range over @ RAM above a hole leaves the BIOS\'s end; finish_e820_parsing before the map sanitizes the user\'s entries alone', () => {
    const run = (order: readonly string[], cmdline: string, pae = false) => {
      const t = traceOf({ kernel: '2.6.27', order, cmdline, pae, memory: '1GiB' });
      return { maxPfn: t.final.maxPfn, edits: t.events.filter((e) => e.kind === 'e820-edit').map((e) => `${e.step.name}: ${describeX86Event(e)}`) };
    };
    const own = ['parse_early_param', 'setup_memory_map', 'finish_e820_parsing', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];
    // F1: the $ range wins the overlap (e820.c:333-339 @3fa8749e584b), so none of the @ RAM is left, and e820_end_pfn()
    // (e820.c:1055-1087) takes the BIOS's 1 GiB: not the $ range's start, as if RAM ran without a gap from 1 GiB to it
    expect(run(own, 'memmap=64M@2G memmap=64M$2G').maxPfn).toBe(262144);
    expect(run(own, 'memmap=64M@5G memmap=64M$5G', true).maxPfn).toBe(262144);
    expect(run(own, 'memmap=64M@2G memmap=128M$1984M').maxPfn).toBe(262144);
    // a range over part of the @ range leaves the rest of it
    expect(run(own, 'memmap=64M@2G memmap=32M$2G').maxPfn).toBe(540672);
    expect(run(own, 'memmap=64M@2G memmap=32M$2080M').maxPfn).toBe(532480);
    expect(run(own, 'memmap=64M@2G memmap=64M$2G').edits[2]).toBe('finish_e820_parsing: memmap=64M$2G: sanitized (finish_e820_parsing() → sanitize_e820_map(), after all options: the larger type wins an overlap); it took the RAM it covers of memmap=64M@2G; e820 RAM ends at 0x40000000');
    // F2: before setup_memory_map, finish_e820_parsing() sanitizes the user's two entries against each other
    // (e820.c:1242-1254): the @ RAM is gone before the BIOS map is appended (e820.c:1302-1334, 1358-1366)
    const early = ['parse_early_param', 'finish_e820_parsing', 'setup_memory_map', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];
    const f2 = run(early, 'memmap=64M@2G memmap=64M$2G');
    expect(f2.maxPfn).toBe(262144);
    expect(f2.edits[1]).not.toMatch(/once that map is there/);
    expect(f2.edits[2]).toMatch(/^finish_e820_parsing: memmap=64M\$2G: sanitized against the user's other entries only .*it took the RAM it covers of memmap=64M@2G; the BIOS map appended later is not sanitized against it/);
    // ... and the BIOS's RAM under a $ range stays E820_RAM (only the user's entries were sanitized)
    expect(run(early, 'memmap=512M$512M').maxPfn).toBe(262144);
    expect(run(early, 'memmap=64M@2G memmap=32M$2G').maxPfn).toBe(540672);
    // N8: a range kept before the map is built is not "RAM ends at 0"
    const before = run(['parse_early_param', 'setup_memory_map'], 'memmap=64M@5G');
    expect(before.edits).toEqual(['parse_early_param: memmap=64M@5G: added to the e820 map before it is built; the BIOS map appended to it later keeps the range, which starts at or above MAX_ARCH_PFN (0x100000000): e820_end_of_ram_pfn() does not count it']);
    // N8: finish_e820_parsing() before parse_early_param ran with userdef 0: nothing sanitizes the $ range parsed later
    const late = run(['setup_memory_map', 'finish_e820_parsing', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range'], 'memmap=512M$512M');
    expect(late.maxPfn).toBe(262144);
    expect(late.edits).toEqual(['parse_early_param: memmap=512M$512M: E820_RESERVED entry appended; finish_e820_parsing() ran before it (finish_e820_parsing step 2), so its sanitize_e820_map() did not see the entry: unless finish_e820_parsing() runs again, the RAM under it stays E820_RAM']);
  });

  it('mem= on the built map ends RAM at the highest RAM entry it leaves, not at its size (documented approximation until 2026-12-07)', () => {
    const maxPfn = (kernel: string, cmdline: string, memory = '1GiB'): number | null => traceOf({ kernel, order: kernel === '2.6.26' ? ORDER_2_6_26 : ORDER_2_6_27, cmdline, memory }).final.maxPfn;
    for (const kernel of ['2.6.26', '2.6.27']) {
      // the range at 2 GiB is above mem=: e820_remove_range() removes it (e820.c:472-500 @3fa8749e584b), limit_regions()
      // drops it (start ≥ size, e820_32.c:625-630 @bce7f793da); the BIOS's RAM ends at 1 GiB, below 1.5 GiB
      expect([kernel, maxPfn(kernel, 'memmap=64M@2G mem=1536M')]).toEqual([kernel, 262144]);
      expect([kernel, maxPfn(kernel, 'memmap=64M@2G mem=2G')]).toEqual([kernel, 262144]);
      // a range parsed after mem= stays
      expect([kernel, maxPfn(kernel, 'mem=1536M memmap=64M@2G')]).toEqual([kernel, 540672]);
      // across mem=: cut there (2080M = 2 GiB + 32 MiB)
      expect([kernel, maxPfn(kernel, 'memmap=64M@2G mem=2080M')]).toEqual([kernel, 532480]);
      // exactmap leaves a hole at 256M – 768M: mem=512M ends RAM at 256M, the end of the RAM below it
      expect([kernel, maxPfn(kernel, 'memmap=exactmap memmap=256M@0 memmap=256M@768M mem=512M')]).toEqual([kernel, 65536]);
    }
    // limit_regions() walks the map in order: the range at 3 GiB comes first and starts above 2080M, so it and every
    // entry after it (the range at 2 GiB) are dropped; e820_remove_range() cuts the one at 2 GiB and keeps its start
    expect(maxPfn('2.6.26', 'memmap=64M@3G memmap=64M@2G mem=2080M')).toBe(262144);
    expect(maxPfn('2.6.27', 'memmap=64M@3G memmap=64M@2G mem=2080M')).toBe(532480);
    // the BIOS's RAM reaching mem= is cut, and on 2.6.26 every entry after it dropped (a range below mem= too)
    expect(maxPfn('2.6.26', 'memmap=64M@256M mem=512M')).toBe(131072);
    expect(maxPfn('2.6.27', 'memmap=64M@256M mem=512M')).toBe(131072);
  });

  it('2.6.26 mem=, memmap=SIZE, exactmap and SIZE@START end RAM where 2.6.27\'s handlers do (limit_regions(), add_memory_region())', () => {
    const low = (kernel: string, cmdline: string): number => traceOf({ kernel, order: kernel === '2.6.26' ? ORDER_2_6_26 : ORDER_2_6_27, cmdline, memory: '2GiB' }).layout.max_low_pfn;
    for (const cmdline of ['mem=256M', 'memmap=256M', 'memmap=exactmap memmap=640K@0 memmap=255M@1M', 'mem=5M memmap=251M@5M']) {
      expect([cmdline, low('2.6.26', cmdline)]).toEqual([cmdline, 65536]);
      expect([cmdline, low('2.6.27', cmdline)]).toEqual([cmdline, 65536]);
    }
  });

  it('e820_end_of_ram_pfn (2.6.27) skips RAM that starts at or above MAX_ARCH_PFN; 2.6.26\'s propagate_e820_map takes the highest end', () => {
    const maxPfn = (kernel: string, order: readonly string[], cmdline: string, pae = false): number | null =>
      traceOf({ kernel, order, cmdline, pae, memory: '2GiB' }).final.maxPfn;
    const above = 'memmap=exactmap memmap=1G@4G';
    // e820.c e820_end_pfn(): "if (start_pfn >= limit_pfn) continue;" with MAX_ARCH_PFN = 4 GiB without PAE
    expect(maxPfn('2.6.27', ORDER, above)).toBe(0);
    // 64 GiB with PAE: the range counts
    expect(maxPfn('2.6.27', ORDER, above, true)).toBe(0x140000);
    // a range across the limit ends there ("last_pfn = limit_pfn")
    expect(maxPfn('2.6.27', ORDER, 'memmap=exactmap memmap=2G@3G')).toBe(0x100000);
    // 2.6.26 propagate_e820_map(): the highest RAM end, no limit (e820_32.c:478-497 at bce7f793da); find_max_low_pfn()
    // in setup_memory cuts it to MAX_NONPAE_PFN ("Warning only 4GB will be used", setup_32.c:367-373) (break-250 N6)
    expect(maxPfn('2.6.26', ORDER_2_6_26, above)).toBe(0x100000);
    const t = traceOf({ kernel: '2.6.26', order: ORDER_2_6_26, cmdline: above, memory: '2GiB' });
    expect(t.events.filter((e) => e.kind === 'max-pfn').map((e) => e.kind === 'max-pfn' && [e.step.name, e.maxPfn])).toEqual([['propagate_e820_map', 0x140000], ['propagate_e820_map', 0x140000]]);
    const low = t.events.find((e) => e.kind === 'max-low-pfn');
    expect(low === undefined ? '' : `${low.step.name}: ${describeX86Event(low)}`).toMatch(/^setup_memory: max_low_pfn \d+ \(max_pfn 1048576, .*\); max_pfn 1310720 cut to MAX_NONPAE_PFN 1048576: "Warning only 4GB will be used" \(find_max_low_pfn\(\)\)$/);
    expect(t.events.filter((e) => e.kind === 'e820-edit').map(describeX86Event).at(-1)).toBe('memmap=1G@4G: e820 RAM ends at 0x140000000; the range ends past 0x100000000: propagate_e820_map() counts it (it has no limit), find_max_low_pfn() (setup_memory) cuts max_pfn back');
  });

  it('a tab separates parameters from 2.6.32-rc1 (26d052bfce79) only: before, reservetop= after a tab is part of the previous parameter', () => {
    const order = ['early_cpu_init', 'parse_early_param'];
    const relocations = (kernel: string): number => traceOf({ kernel, order, cmdline: 'earlyprintk=vga\treservetop=16M' }).events.filter((e) => e.kind === 'relocation').length;
    expect([relocations('2.6.31'), relocations('2.6.32-rc1')]).toEqual([0, 1]);
  });

  it('noefi, once parse_early_param has parsed it, switches the EFI paths off: no EFI mapping, DMI scans the F-segment', () => {
    const t = traceOf({ kernel: '2.6.29', order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'efi_init', 'dmi_scan_machine'], cmdline: 'noefi', machine: { efi: true } });
    expect(t.events.filter((e) => e.kind === 'fixmap-use').map((e) => e.kind === 'fixmap-use' && e.what)).toEqual(['DMI entry-point scan of the F-segment (64 KiB)', 'DMI table (dmi_walk_early)']);
  });

  it('… and before it noefi is not parsed yet: efi_enabled is still 1, efi_init maps the EFI tables and DMI takes the EFI path (break-280 F2)', () => {
    // setup_arch() sets efi_enabled from the "EL32" signature at its top; setup_noefi() runs in parse_early_param()
    // (arch/x86/kernel/setup.c :629-636, :671, arch/x86/kernel/efi.c :60-65 at caglar10ur/linux-2.6.27.y@3fa8749e584b)
    const t = traceOf({ kernel: '2.6.29', order: ['early_ioremap_init', 'setup_memory_map', 'efi_init', 'dmi_scan_machine', 'parse_early_param'], cmdline: 'noefi', machine: { efi: true } });
    const uses = t.events.filter((e) => e.kind === 'fixmap-use').map((e) => e.kind === 'fixmap-use' && e.what);
    expect(uses).toContain('EFI system table');
    expect(uses).not.toContain('DMI entry-point scan of the F-segment (64 KiB)');
  });

  // parse_nolapic / parse_noapic are early_param()s (arch/x86/kernel/apic_32.c:1693-1699, io_apic_32.c:2864-2870 at
  // caglar10ur/linux-2.6.27.y@3fa8749e584b); acpi_boot_init() tests cpu_has_apic and skip_ioapic_setup when it runs
  // (arch/x86/kernel/acpi/boot.c:816, :1245), init_apic_mappings() disable_apic (apic_32.c:1112, :1186-1199)
  const apicMaps = (order: readonly string[]): string[] =>
    traceOf({ kernel: '2.6.27', order, cmdline: 'nolapic noapic' }).events
      .flatMap((e) => (e.kind === 'fixmap-use' && (e.slot === 'FIX_APIC_BASE' || e.slot === 'FIX_IO_APIC_BASE_0') ? [`${e.step.name} ${e.slot}`] : []));

  it('nolapic noapic, once parse_early_param has parsed them: no MADT local APIC or IO-APIC; 2.6.27\'s init_apic_mappings maps FIX_APIC_BASE anyway', () => {
    expect(apicMaps(ORDER_2_6_27)).toEqual(['init_apic_mappings FIX_APIC_BASE']);
  });

  it('… and before it they are not parsed yet: the MADT\'s local APIC and IO-APIC are mapped as without them (break-290 F3)', () => {
    const real = ['acpi_boot_init FIX_APIC_BASE', 'acpi_boot_init FIX_IO_APIC_BASE_0', 'init_apic_mappings FIX_APIC_BASE', 'ioapic_init_mappings FIX_IO_APIC_BASE_0'];
    expect(apicMaps(moveAfter(ORDER_2_6_27, 'parse_early_param', 'ioapic_init_mappings'))).toEqual(real);
    expect(apicMaps(without(ORDER_2_6_27, 'parse_early_param'))).toEqual(real);
  });

  it('ohci1394_dma=early counts once parse_early_param has parsed it (early_param("ohci1394_dma"), break-290 F3)', () => {
    // drivers/ieee1394/init_ohci1394_dma.c:277-285, read at arch/x86/kernel/setup.c:774-775 (caglar10ur/linux-2.6.27.y@3fa8749e584b)
    const ohci = (order: readonly string[]): number => traceOf({ kernel: '2.6.27', order, config: { ohci1394_dma_init: true }, cmdline: 'ohci1394_dma=early' }).events
      .filter((e) => e.kind === 'fixmap-use' && e.slot === 'FIX_OHCI1394_BASE').length;
    expect([ohci(ORDER_2_6_27), ohci(moveAfter(ORDER_2_6_27, 'parse_early_param', 'init_ohci1394_dma_on_all_controllers'))]).toEqual([1, 0]);
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

  it('OLPC: a cif at or above OFW_MIN reserves from its 1 MiB boundary and early_ioremaps OFW\'s page directory; below it olpc_ofw_detect() disables OFW and neither happens', () => {
    // arch/x86/kernel/olpc_ofw.c at 2.6.36 f6f94e2ab1b: olpc_ofw_detect() :94-99 (cif < OFW_MIN: olpc_ofw_cif = NULL), setup_olpc_ofw_pgd() :24-25
    const olpcSteps = (cif: string) => {
      const t = traceOf({ kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: cif } });
      return {
        relocations: t.events.filter((e) => e.kind === 'relocation').map((e) => (e.kind === 'relocation' ? [e.source, e.newTop] : null)),
        pgd: t.events.filter((e) => e.kind === 'fixmap-use' && e.step.name === 'setup_olpc_ofw_pgd').length,
      };
    };
    expect(olpcSteps('0xffd12345')).toEqual({ relocations: [['olpc', 0xffcff000]], pgd: 1 });
    expect(olpcSteps('0xff000000')).toMatchObject({ relocations: [['olpc', 0xfefff000]], pgd: 1 });
    expect(olpcSteps('0xfe800000')).toEqual({ relocations: [], pgd: 0 });
  });
});

/**
 * dmi_scan_machine() through a pointer FIXADDR_TOP % PAGE_SIZE bytes into its page (reservetop= not a page
 * multiple; 2.6.34's fixup_early_ioremap() keeps slot_virt[] at the new top): the F-segment loop
 * `for (q = p; q < p + 0x10000; q += 16) dmi_present(q)`, dmi_present() reading 15 bytes
 * (drivers/firmware/dmi_scan.c :339-363, :365-413 at DerArtem/android-tegra-2.6.36-hc-dev@e40152ee1e1c).
 */
describe('dmi_scan_machine through a pointer inside its page', () => {
  const order = releaseOrder('2.6.34');
  const at = (t: Trace, name: string): TraceEvent[] => t.events.filter((e) => e.step.name === name);
  const uses = (t: Trace, name: string): TraceEvent[] => at(t, name).filter((e) => e.kind === 'fixmap-use');
  const sets = (t: Trace, name: string): string[] => at(t, name).flatMap((e) => (e.kind === 'value-set' ? [e.value] : []));

  it('0xf22 bytes off (FIXADDR_TOP % 16 = 2): no "_DMI_", no table mapped; the last window runs past the 16 pages: the call faults and dmi stays unset', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0xbadc0de' });
    expect(uses(t, 'dmi_scan_machine')).toMatchObject([{ what: 'DMI entry-point scan of the F-segment (64 KiB)', vaddr: 0xf4341f22, pages: 16, readEnd: 0xffff }]);
    expect(at(t, 'dmi_scan_machine').filter((e) => e.kind === 'dmi-scan')).toEqual([
      expect.objectContaining({ via: 'f-segment', vaddr: 0xf4341f22, offset: 0xf22, found: false, faultAt: 0xf4351000 }),
    ]);
    expect(sets(t, 'dmi_scan_machine')).toEqual([]);
    expect(t.final.values).not.toContain('dmi');
    // the step after it needs what the unfinished scan never set
    expect(at(t, 'dmi_check_system').find((e) => e.kind === 'need' && e.value === 'dmi')).toMatchObject({ present: false });
  });

  it('1 byte off: no "_DMI_", but the last 15-byte window ends on the last mapped byte (p + 0xffff): no fault, "DMI not present", the call returns (dmi set)', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0x1fff' });
    expect(uses(t, 'dmi_scan_machine')).toMatchObject([{ vaddr: 0xffe1c001, pages: 16, readEnd: 0xffff }]);
    expect(at(t, 'dmi_scan_machine').find((e) => e.kind === 'dmi-scan')).toMatchObject({ offset: 1, found: false, faultAt: null });
    expect(sets(t, 'dmi_scan_machine')).toEqual(['dmi']);
  });

  it('0xff0 bytes off, a multiple of 16: the windows stay on the anchor\'s boundaries, the scan meets it and maps the table (where it stops is not known)', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0x1010' });
    expect(uses(t, 'dmi_scan_machine')).toMatchObject([{ readEnd: null, pages: 16 }, { what: 'DMI table (dmi_walk_early)', readEnd: null }]);
    expect(at(t, 'dmi_scan_machine').find((e) => e.kind === 'dmi-scan')).toMatchObject({ offset: 0xff0, found: true, faultAt: null });
    expect(sets(t, 'dmi_scan_machine')).toEqual(['dmi']);
  });

  it('a page-aligned FIXADDR_TOP: the ordinary scan, no dmi-scan event, the table mapped and read to its end, dmi set', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=16M' });
    expect(uses(t, 'dmi_scan_machine')).toMatchObject([{ readEnd: null }, { what: 'DMI table (dmi_walk_early)', readEnd: 0x10 + 3699 }]);
    expect(t.events.some((e) => e.kind === 'dmi-scan')).toBe(false);
    expect(sets(t, 'dmi_scan_machine')).toEqual(['dmi']);
  });

  it('on EFI, 0x10 bytes off: dmi_present(p + 0x10) reads past "_DMI_" (not found, no table), its 0x2f bytes stay in the page: the call returns', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0x1ff0', machine: { efi: true } });
    expect(sets(t, 'efi_init')).toEqual(['efi']);
    expect(uses(t, 'dmi_scan_machine')).toMatchObject([{ what: 'SMBIOS entry point at efi.smbios', pages: 1, readEnd: 0x10 + 0x10 + 15 }]);
    expect(at(t, 'dmi_scan_machine').find((e) => e.kind === 'dmi-scan')).toMatchObject({ via: 'efi', offset: 0x10, found: false, faultAt: null });
    expect(sets(t, 'dmi_scan_machine')).toEqual(['dmi']);
  });

  it('on EFI, 0xf22 bytes off: efi_init\'s configuration tables (at 0x118 into their page, 6 × 20 bytes) are read past their page first: efi_init never sets the EFI tables', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0xbadc0de', machine: { efi: true } });
    expect(uses(t, 'efi_init').find((e) => e.kind === 'fixmap-use' && e.what === 'EFI configuration tables')).toMatchObject({ pages: 1, readEnd: 0x118 + 6 * 20 });
    expect(sets(t, 'efi_init')).toEqual([]);
  });

  it('an ACPI table header (36 bytes) read 0xff0 bytes into its one-page mapping faults: acpi_boot_table_init never sets the ACPI table list', () => {
    const t = traceOf({ kernel: '2.6.34', order, cmdline: 'reservetop=0x1010' });
    expect(uses(t, 'acpi_boot_table_init')).toMatchObject([{ vaddr: 0xffe1cff0, pages: 1, readEnd: 36 }]);
    expect(sets(t, 'acpi_boot_table_init')).not.toContain('acpi_tables');
    expect(at(t, 'early_acpi_boot_init').find((e) => e.kind === 'need' && e.value === 'acpi_tables')).toMatchObject({ present: false });
  });
});

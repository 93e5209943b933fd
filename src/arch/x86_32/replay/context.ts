/**
 * What a replay knows before the first step: the scenario and the fixed
 * shape of the kernel it describes (paging geometry, enum fixed_addresses,
 * and which version of each modeled behaviour it has, chosen with has()).
 */
import { hasParam, type CmdlineParam } from '../cmdline.js';
import { readAcpiParams, type AcpiReading } from '../acpi-params.js';
import { kernelArgValue } from '../../kernel-args.js';
import { readDebugPortInits, type DbgpInit } from '../early-dbgp.js';
import { e820EditOf, e820ParamsFor, type E820Params } from '../e820-params.js';
import { earlyPciStates, type EarlyPciOff } from '../early-pci.js';
import { readEarlyprintk, type EarlyprintkReading } from '../earlyprintk.js';
import type { Condition, Relevance } from '../effects.js';
import { buildFixmapEnum, type FixmapEnum, type FixmapVersion } from '../fixmap.js';
import { geometryFor, type Geometry } from '../geometry.js';
import * as H from '../history.js';
import { OFW_MIN } from '../machine-facts.js';
import { formulasFor, type Formulas, type MaxmemInputs } from '../layout.js';
import type { X86Scenario as Scenario } from '../types.js';

/** The early_ioremap machinery of a kernel version (arch/x86/mm/ioremap.c). */
export interface IoremapVersion {
  /** nesting counter (2.6.26 – 2.6.27.y) or the first free prev_map[] slot (2.6.28-rc1) */
  readonly slots: 'nesting' | 'prev_map';
  /** page count PAGE_ALIGN(last + 1) (2.6.27.2, 2.6.28-rc1) instead of PAGE_ALIGN(last) */
  readonly fencepostFixed: boolean;
  /** early_ioremap_clear() and early_ioremap_reset()'s set_fixmap of live entries (until 2.6.29-rc2) */
  readonly resetRemaps: boolean;
  /** early_ioremap() returns slot_virt[] cached by early_ioremap_init() (2.6.30-rc1) */
  readonly slotVirt: boolean;
  /** parse_reservetop() re-runs early_ioremap_init() (2.6.34-rc7) */
  readonly reservetopFixup: boolean;
}

export interface ReplayContext {
  readonly scenario: Scenario;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  readonly formulas: Formulas;
  /** xen_reserve_top() keeps 2 pages of padding below HYPERVISOR_VIRT_START (up to 2.6.27.7) */
  readonly xenPadding: boolean;
  /** what mem= and memmap= do to the e820 map: 2.6.26's handlers, or the sanitizing ones of 2.6.27-rc1 (e820-params.ts) */
  readonly e820: E820Params;
  readonly ioremap: IoremapVersion;
  /** __acpi_map_table(): direct below 8 MiB (2.6.26), below max_low_pfn_mapped (2.6.27 – 2.6.29), early_ioremap (2.6.30-rc1) */
  readonly acpiMap: 'low_8mib' | 'max_low_pfn_mapped' | 'early_ioremap';
  /** the set_fixmap counter's name: fixmaps (2.6.26) or fixmaps_set */
  readonly counter: 'fixmaps' | 'fixmaps_set';
  /** Xen's shared_info: a counted set_fixmap (2.6.27-rc1) or set_pte_mfn (2.6.26) */
  readonly xenSharedInfoCounted: boolean;
  readonly apic: {
    /** init_apic_mappings() skips FIX_APIC_BASE when ACPI mapped it (2.6.31-rc1) */
    readonly skipWithAcpi: boolean;
    /** no local APIC: apic_disable() instead of a fake bootmem page (2.6.31-rc1) */
    readonly dummyOps: boolean;
    /** get_smp_config() set_fixmaps FIX_APIC_BASE, init_apic_mappings() skips it (2.6.36-rc1) */
    readonly mptableMapsLapic: boolean;
    /** get_smp_config() early_ioremaps the MP table (2.6.30-rc1) */
    readonly mptableIoremap: boolean;
  };
  /** the initrd's lowmem limit: max_low_pfn, or max_low_pfn_mapped (2.6.31-rc1; 2.6.27.26) */
  readonly initrdLimit: 'max_low_pfn' | 'max_low_pfn_mapped';
  /** what setup_early_printk() makes of the command line's earlyprintk= (earlyprintk.ts) */
  readonly earlyprintk: EarlyprintkReading;
  /** parse_early_param()'s early_dbgp_init() calls (earlyprintk=dbgp, kgdbdbgp=) and what each maps (early-dbgp.ts) */
  readonly debugPort: readonly DbgpInit[];
  /** early_pci_allowed() once parse_early_param() has run: null when allowed, else the pci= option that turned it off (early-pci.ts) */
  readonly earlyPciOff: EarlyPciOff | null;
  /** earlycon=…,mmio32 exists (2.6.36-rc1) */
  readonly earlyconMmio32: boolean;
  /**
   * efi_enabled once parse_early_param() has run: an EFI machine, no noefi. Before it, efi_enabled is the
   * machine's (efiOn): setup_arch() sets it from the "EL32" loader signature at its top and
   * early_param("noefi", setup_noefi) clears it only when parse_early_param() runs (arch/x86/kernel/setup.c
   * :629-636 and :671, arch/x86/kernel/efi.c :60-65 at caglar10ur/linux-2.6.27.y@3fa8749e584b; break-280 F2)
   */
  readonly efiEnabled: boolean;
  /**
   * ACPI's flags once parse_early_param() has run, the acpi= parameters folded in command-line order
   * (acpi-params.ts: `acpi=off acpi=force` is on, break-290 F1). Before it, CONFIG_ACPI's (acpiOn): acpi= is
   * early_param("acpi", parse_acpi), and acpi_boot_table_init() bails out only on the flags it finds
   * (arch/x86/kernel/acpi/boot.c :1748-1782 and :1674 at 3fa8749e584b)
   */
  readonly acpi: AcpiReading;
}

/** enum fixed_addresses of this kernel (history.ts: the fixmap changes); only the kernel and config.intel_txt are read */
export function fixmapVersion(scenario: { readonly kernel: Scenario['kernel']; readonly config: Pick<Scenario['config'], 'intel_txt'> }): FixmapVersion {
  const k = scenario.kernel;
  const ohci = H.has(k, H.OHCI1394_PERMANENT) ? 'permanent'
    : H.has(k, H.FIXMAP_ORDERING) ? 'before_wp_test'
      : H.has(k, H.FIXMAP_UNIFIED) ? 'after_permanent' : 'end';
  return {
    acpi: H.has(k, H.ACPI_EARLY_IOREMAP) ? 'none' : H.has(k, H.FIX_ACPI_NOT_PERMANENT) ? 'boot' : 'permanent',
    btmapAlign: H.has(k, H.BTMAP_ALIGN_256) ? 256 : 512,
    btmapLift: H.has(k, H.BTMAP_LIFT_RESTRICTION),
    kmapAlways: H.has(k, H.KMAP_WITHOUT_HIGHMEM),
    kmTypes: H.has(k, H.KMAP_TYPE_KDB) ? 20 : H.has(k, H.KMAP_TYPES_GENERIC) ? 19 : 13,
    textPoke: H.has(k, H.FIX_TEXT_POKE),
    ohci,
    tbootSlot: H.has(k, H.INTEL_TXT) && scenario.config.intel_txt,
  };
}

function buildContext(scenario: Scenario): ReplayContext {
  const k = scenario.kernel;
  const geometry = geometryFor(scenario.config.pae);
  const fixmap = buildFixmapEnum(scenario.config, fixmapVersion(scenario), geometry.ptrsPerPte);
  const formulas = formulasFor(k);
  const params = scenario.machine.params;
  const earlyprintk = readEarlyprintk(params, k);
  return {
    scenario, geometry, fixmap, formulas,
    xenPadding: !H.has(k, H.XEN_RESERVE_NO_PADDING),
    e820: e820ParamsFor(k),
    ioremap: {
      slots: H.has(k, H.EARLY_IOREMAP_SLOTS) ? 'prev_map' : 'nesting',
      fencepostFixed: H.has(k, H.EARLY_IOREMAP_FENCEPOST),
      resetRemaps: !H.has(k, H.KMAP_PTES_CONTIGUOUS),
      slotVirt: H.has(k, H.EARLY_IOREMAP_SLOT_VIRT),
      reservetopFixup: H.has(k, H.RESERVETOP_FIXUP_EARLY_IOREMAP),
    },
    acpiMap: H.has(k, H.ACPI_EARLY_IOREMAP) ? 'early_ioremap' : H.has(k, H.ACPI_MAP_BELOW_MAX_LOW_PFN_MAPPED) ? 'max_low_pfn_mapped' : 'low_8mib',
    counter: H.has(k, H.FIXMAPS_SET_COUNTER) ? 'fixmaps_set' : 'fixmaps',
    xenSharedInfoCounted: H.has(k, H.XEN_SHARED_INFO_SET_FIXMAP),
    apic: {
      skipWithAcpi: H.has(k, H.APIC_MAPPING_SKIPPED_WITH_ACPI),
      dummyOps: H.has(k, H.APIC_DUMMY_OPERATIONS),
      mptableMapsLapic: H.has(k, H.MPTABLE_MAPS_LAPIC),
      mptableIoremap: H.has(k, H.MPTABLE_EARLY_IOREMAP),
    },
    initrdLimit: H.has(k, H.INITRD_MAX_LOW_PFN_MAPPED) ? 'max_low_pfn_mapped' : 'max_low_pfn',
    earlyprintk,
    debugPort: readDebugPortInits(params, k, scenario.machine.ehci_debug_port, earlyprintk),
    earlyPciOff: earlyPciStates(params).at(-1) ?? null,
    earlyconMmio32: H.has(k, H.EARLYCON_MMIO32),
    efiEnabled: scenario.machine.efi && !hasParam(params, 'noefi'),
    acpi: readAcpiParams(params, k, scenario.config.acpi),
  };
}

/** Contexts by scenario (scenarios are never changed once loaded). */
const byScenario = new WeakMap<Scenario, ReplayContext>();
/**
 * Contexts by the inputs buildContext() reads: config, then machine, then
 * kernel. The many-replay engine judges each order as a copy
 * `{ ...scenario, steps }` that shares these objects with the scenario.
 */
const byInputs = new WeakMap<object, WeakMap<object, WeakMap<object, ReplayContext>>>();
/** the context returned last (a strong reference to one scenario, replaced on the next call) */
let last: ReplayContext | undefined;

/**
 * The replay context of a scenario, built once per scenario (a replay, and
 * the rules that read the context, call this on every trace). A pure function
 * of scenario.kernel, .config and .machine: buildContext() reads nothing else
 * but keeps the scenario itself, so a copy of a known scenario gets the known
 * context with its own `scenario`.
 */
export function contextFor(scenario: Scenario): ReplayContext {
  // the rules of one trace ask for the same scenario in a row
  if (last !== undefined && last.scenario === scenario) return last;
  const hit = byScenario.get(scenario);
  if (hit !== undefined) return (last = hit);
  let byMachine = byInputs.get(scenario.config);
  if (byMachine === undefined) byInputs.set(scenario.config, (byMachine = new WeakMap()));
  let byKernel = byMachine.get(scenario.machine);
  if (byKernel === undefined) byMachine.set(scenario.machine, (byKernel = new WeakMap()));
  const shape = byKernel.get(scenario.kernel);
  if (shape === undefined) {
    const ctx = buildContext(scenario);
    byKernel.set(scenario.kernel, ctx);
    byScenario.set(scenario, ctx);
    return (last = ctx);
  }
  // a copy (an engine order) is judged once and dropped: kept as `last` only, not in byScenario
  return (last = { ...shape, scenario });
}

/**
 * contextFor() for a caller that reads only what the kernel, config and machine decide, never ctx.scenario:
 * the last context made, when it is of the same inputs, else contextFor(). The rules ask on every trace,
 * and every order the many-replay engine judges is its own copy of the scenario, for which contextFor()
 * copies the whole context (22 fields) to hold that scenario.
 */
export function inputsContextFor(scenario: Scenario): ReplayContext {
  const s = last?.scenario;
  if (last !== undefined && s !== undefined && s.config === scenario.config && s.machine === scenario.machine && s.kernel === scenario.kernel) return last;
  return contextFor(scenario);
}

/** MAXMEM's inputs at this moment of the replay. */
export function maxmemInputs(ctx: ReplayContext, fixaddrTop: number, vmallocReserve: number): MaxmemInputs {
  const { formulas, geometry, fixmap, scenario } = ctx;
  return { formulas, geometry, fixmap, pageOffset: scenario.config.page_offset, highmem: scenario.config.highmem, fixaddrTop, vmallocReserve };
}

/** efi_enabled at a point of the replay: noefi counts once parse_early_param() has parsed it (ReplayContext.efiEnabled). */
export function efiOn(ctx: ReplayContext, paramsParsed: boolean): boolean {
  return paramsParsed ? ctx.efiEnabled : ctx.scenario.machine.efi;
}

/**
 * ACPI in use at a point of the replay: acpi_boot_table_init(), early_acpi_boot_init() and acpi_boot_init() go
 * past their `if (acpi_disabled && !acpi_ht)` bail-out. The acpi= parameters count once parse_early_param() has
 * parsed them (ReplayContext.acpi).
 */
export function acpiOn(ctx: ReplayContext, paramsParsed: boolean): boolean {
  return paramsParsed ? ctx.acpi.tables : ctx.scenario.config.acpi;
}

/** acpi_disabled at a point of the replay (before parse_early_param(): !CONFIG_ACPI). */
function acpiDisabled(ctx: ReplayContext, paramsParsed: boolean): boolean {
  return paramsParsed ? ctx.acpi.disabled : !ctx.scenario.config.acpi;
}

/**
 * Whether acpi_table_parse() finds a table at a point of the replay. It reads acpi_gbl_root_table_list, which
 * acpi_boot_table_init() filled if it ran with ACPI on (ModelState.acpiTableList), and until 2.6.32-rc1 nothing
 * else: acpi_numa_init() → acpi_table_parse(ACPI_SIG_SRAT) → acpi_get_table() checks no flag, and disable_acpi()
 * only sets flags (drivers/acpi/numa.c:241-253, drivers/acpi/tables.c:241-258, include/asm-x86/acpi.h:97-103 at
 * caglar10ur/linux-2.6.27.y@3fa8749e584b and 6e86841d05f; break-290 F2). From 2.6.32-rc1 it returns -ENODEV
 * while acpi_disabled (DerArtem/android-tegra-2.6.36-hc-dev@22763c5cf36:drivers/acpi/tables.c:283, numa.c:284-298).
 * @param tableList ModelState.acpiTableList
 */
export function acpiTableFound(ctx: ReplayContext, tableList: boolean, paramsParsed: boolean): boolean {
  return tableList && !(ctx.acpi.parseChecksDisabled && acpiDisabled(ctx, paramsParsed));
}

/**
 * Whether a catalog condition holds on this machine at a point of the replay.
 * @param paramsParsed whether parse_early_param() has run (ModelState.earlyParamsStep): the conditions of early
 *   parameters (noefi, acpi=off) change there; the others read only the machine and config
 */
export function holds(ctx: ReplayContext, condition: Condition, paramsParsed: boolean): boolean {
  const { machine, config } = ctx.scenario;
  switch (condition) {
    case 'hypervisor:vmi': return machine.hypervisor === 'vmi';
    case 'hypervisor:xen': return machine.hypervisor === 'xen';
    case 'machine.efi': return machine.efi;
    case 'machine.setup_data': return machine.setup_data;
    case 'machine.initrd': return machine.initrd !== 'none';
    case 'machine.initrd_above_lowmem': return machine.initrd === 'above-lowmem';
    case 'machine.ohci1394_dma_early': return ohci1394DmaEarly(ctx, paramsParsed);
    case 'machine.olpc_ofw': return machine.olpc_ofw_cif >= OFW_MIN; // 0 (no OFW) included
    case 'machine.tboot': return machine.tboot && config.intel_txt;
    case 'config.highmem': return config.highmem;
    case 'config.acpi': return config.acpi;
    case 'config.acpi_numa': return config.acpi && config.acpi_numa;
    case 'config.local_apic': return config.local_apic;
    case 'config.io_apic': return config.io_apic;
    case 'efi_enabled': return efiOn(ctx, paramsParsed);
    case 'acpi_enabled': return acpiOn(ctx, paramsParsed);
    case 'acpi_numa_enabled': return acpiOn(ctx, paramsParsed) && config.acpi_numa;
    case 'kmap': return ctx.fixmap.slots.FIX_KMAP_BEGIN !== undefined;
  }
}

/**
 * init_ohci1394_dma_early: machine.ohci1394_dma_early or ohci1394_dma=early, with CONFIG_PROVIDE_OHCI1394_DMA_INIT,
 * once parse_early_param() has run: both say the command line's ohci1394_dma=early, which
 * early_param("ohci1394_dma", setup_ohci1394_dma) turns into init_ohci1394_dma_early = 1 only there
 * (drivers/ieee1394/init_ohci1394_dma.c:277-285, read by arch/x86/kernel/setup.c:774-775, parse_early_param() at :671,
 * caglar10ur/linux-2.6.27.y@3fa8749e584b; break-290 F3)
 */
function ohci1394DmaEarly(ctx: ReplayContext, paramsParsed: boolean): boolean {
  const { machine, config } = ctx.scenario;
  if (!paramsParsed || !config.ohci1394_dma_init) return false;
  return machine.ohci1394_dma_early || machine.params.some((p) => p.name === 'ohci1394_dma' && p.early);
}

/**
 * The local APIC at a point of the replay: CONFIG_X86_LOCAL_APIC and, once parse_early_param() has run, no nolapic.
 * nolapic is an early_param whose handler clears the APIC CPU feature that the MADT and MP table parsers test
 * (`if (!cpu_has_apic) return -ENODEV;`, arch/x86/kernel/acpi/boot.c:790, :816 at caglar10ur/linux-2.6.27.y@3fa8749e584b):
 * parse_nolapic, arch/x86/kernel/apic_32.c:1711-1717 at bce7f793da (2.6.26), :1701-1707 at 6e86841d05f (2.6.27-rc1),
 * :1693-1699 at 3fa8749e584b (2.6.27); setup_nolapic → setup_disableapic, arch/x86/kernel/apic.c:2161-2174 at
 * DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05 (2.6.28), arch/x86/kernel/apic/apic.c:2257-2270 at …@f6f94e2ab1b
 * (2.6.36). Before parse_early_param() (setup.c:671 at 3fa8749e584b) the APIC is on whatever the command line says
 * (break-290 F3).
 */
export function lapicOn(ctx: ReplayContext, paramsParsed: boolean): boolean {
  return ctx.scenario.config.local_apic && !(paramsParsed && hasParam(ctx.scenario.machine.params, 'nolapic'));
}

/**
 * The IO-APICs at a point of the replay: CONFIG_X86_IO_APIC and, once parse_early_param() has run, no noapic.
 * noapic is an early_param that sets skip_ioapic_setup, which acpi_parse_madt_ioapic_entries() tests
 * (arch/x86/kernel/acpi/boot.c:1245 at caglar10ur/linux-2.6.27.y@3fa8749e584b): parse_noapic → disable_ioapic_setup(),
 * arch/x86/kernel/io_apic_32.c:2832-2838 at bce7f793da (2.6.26), :2868-2874 at 6e86841d05f (2.6.27-rc1), :2864-2870 at
 * 3fa8749e584b (2.6.27); arch/x86/kernel/io_apic.c:102-108 at DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05 (2.6.28);
 * parse_noapic → arch_disable_smp_support(), arch/x86/kernel/apic/io_apic.c:112-127 at …@f6f94e2ab1b (2.6.36)
 * (break-290 F3).
 */
export function ioapicOn(ctx: ReplayContext, paramsParsed: boolean): boolean {
  return ctx.scenario.config.io_apic && !(paramsParsed && hasParam(ctx.scenario.machine.params, 'noapic'));
}

/** early parameters that take no value (said without "=") */
const FLAG_PARAMS: ReadonlySet<string> = new Set(['noefi', 'add_efi_memmap', 'nolapic', 'noapic']);

/**
 * early parameters whose handler splits the value at ',' and acts on each option: pci_setup()
 * (early_param("pci"), DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f:drivers/pci/pci.c:1884-1910,
 * …@f6f94e2ab1b:drivers/pci/pci.c:2987-3022)
 */
const LIST_PARAMS: ReadonlySet<string> = new Set(['pci']);

/**
 * Whether a parsed parameter is `want` of a cmdline relevance: a key (`mem`) matches any value, a
 * `key=value` only that value (the whole argument, or one of the ','-separated options of a LIST_PARAMS
 * key). A parameter the model does not interpret further (pci=, crashkernel=) counts by its key.
 */
function paramMatches(p: CmdlineParam, want: string): boolean {
  const key = p.name === 'other' || p.name === 'known' ? p.key : p.name;
  const eq = want.indexOf('=');
  if (eq < 0) return key === want;
  if (key !== want.slice(0, eq)) return false;
  // the value the handler gets: next_arg() strips its quotes (kernel-args.ts)
  const value = kernelArgValue(p.text) ?? '';
  const wanted = want.slice(eq + 1);
  return LIST_PARAMS.has(key) ? value.split(',').includes(wanted) : value === wanted;
}

/** "harmless here: …" phrases for a condition that is off */
const OFF_TEXT: Readonly<Record<Condition, string>> = {
  'hypervisor:vmi': 'machine.hypervisor is not vmi',
  'hypervisor:xen': 'machine.hypervisor is not xen',
  'machine.efi': 'machine.efi is false',
  'machine.setup_data': 'machine.setup_data is false',
  'machine.initrd': 'machine.initrd is none',
  'machine.initrd_above_lowmem': 'the initrd is not above lowmem',
  'machine.ohci1394_dma_early': 'no ohci1394_dma=early (or parse_early_param() has not parsed it yet)',
  'machine.olpc_ofw': 'the machine is not an OLPC with OpenFirmware (or its cif is below OFW_MIN 0xff000000, which disables it)',
  'machine.tboot': 'not booted by tboot',
  'config.highmem': 'config.highmem is false',
  'config.acpi': 'config.acpi is false',
  'config.acpi_numa': 'config.acpi_numa is false',
  'config.local_apic': 'config.local_apic is false',
  'config.io_apic': 'config.io_apic is false',
  efi_enabled: 'the machine does not boot through EFI (machine.efi false, or noefi)',
  acpi_enabled: 'ACPI is off (config.acpi false or acpi=off)',
  acpi_numa_enabled: 'ACPI NUMA is off (config.acpi_numa or config.acpi false, or acpi=off)',
  kmap: 'config.highmem is false (FIX_KMAP_* need CONFIG_HIGHMEM before 2.6.28-rc4)',
};

/**
 * Whether a missing prerequisite can change the outcome on this machine, and a
 * phrase saying why. `harmless`: it cannot, as far as the model knows (no such
 * option, the condition is off); a machine-specific one that the model cannot
 * judge (a DMI quirk) does not matter for the verdict but is not harmless.
 */
export function relevance(ctx: ReplayContext, r: Relevance, paramsParsed: boolean): { matters: boolean; harmless: boolean; text: string } {
  switch (r.kind) {
    case 'always':
      return { matters: true, harmless: false, text: '' };
    case 'cmdline': {
      const given = ctx.scenario.machine.params.filter((p) => r.params.some((want) => paramMatches(p, want)));
      const list = r.params.map((p) => (FLAG_PARAMS.has(p) || p.includes('=') ? p : `${p}=`)).join(', ');
      if (given.length === 0) return { matters: false, harmless: true, text: `harmless here: machine.cmdline has no ${list}` };
      if (r.condition !== undefined && !holds(ctx, r.condition, paramsParsed)) return { matters: false, harmless: true, text: `harmless here: ${OFF_TEXT[r.condition]}` };
      return { matters: true, harmless: false, text: `machine.cmdline has ${given.map((p) => p.text).join(' ')}` };
    }
    case 'e820-edits': {
      const given: CmdlineParam[] = [];
      const others: CmdlineParam[] = [];
      for (const p of ctx.scenario.machine.params) {
        const edit = e820EditOf(p);
        if (edit !== null) (r.edits.includes(edit) ? given : others).push(p);
      }
      if (given.length > 0) return { matters: true, harmless: false, text: `machine.cmdline has ${given.map((p) => p.text).join(' ')}` };
      const kept = others.length > 0 && r.kept !== undefined ? ` (kept: ${others.map((p) => p.text).join(' ')}; ${r.kept})` : '';
      return { matters: false, harmless: true, text: `harmless here: machine.cmdline has no ${r.names}${kept}` };
    }
    case 'condition':
      return holds(ctx, r.condition, paramsParsed)
        ? { matters: true, harmless: false, text: '' }
        : { matters: false, harmless: true, text: `harmless here: ${OFF_TEXT[r.condition]}` };
    case 'machine-specific':
      if (r.condition !== undefined && !holds(ctx, r.condition, paramsParsed)) return { matters: false, harmless: true, text: `harmless here: ${OFF_TEXT[r.condition]}` };
      return { matters: false, harmless: false, text: r.text };
    case 'inert':
      return { matters: false, harmless: true, text: `harmless here: ${r.text}` };
    case 'initrd-copy':
      // the machine's part; the interpreter adds the replay's (ioremap-users.ts initrdPlan)
      return holds(ctx, 'machine.initrd_above_lowmem', paramsParsed)
        ? { matters: true, harmless: false, text: '' }
        : { matters: false, harmless: true, text: `harmless here: ${OFF_TEXT['machine.initrd_above_lowmem']}` };
  }
}

/** The "harmless here: …" phrase of a condition that is off, without that prefix (e.g. why a `sets` was switched off). */
export function offText(condition: Condition): string {
  return OFF_TEXT[condition];
}

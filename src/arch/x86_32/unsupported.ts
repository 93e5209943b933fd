/**
 * Scenarios that describe no kernel these sources build, or a machine one
 * runs on only in part: Kconfig dependencies (arch/x86/Kconfig of 2.6.26 –
 * 2.6.36) and the physical limits of the paging mode. The plug-in stops the
 * replay for the first kind (init() halts); config-unsupported reports both.
 */
import { GiB, geometryFor } from './geometry.js';
import type { X86Scenario as Scenario } from './types.js';
import { size } from '../../units.js';

export interface Unsupported {
  /** the key to change, for the finding's position */
  readonly key: string;
  /** the other key of the condition: the position when `key` is left to its default (not written) */
  readonly also: string;
  readonly message: string;
  readonly consequence: string;
  readonly fix: string;
  /** not a kernel at all: the replay stops; false: the kernel runs, with less (the replay goes on) */
  readonly halts: boolean;
}

interface Check {
  readonly key: string;
  readonly also: string;
  readonly halts: boolean;
  readonly applies: (s: Scenario) => boolean;
  readonly message: (s: Scenario) => string;
  readonly consequence: string;
  readonly fix: string;
}

const CHECKS: readonly Check[] = [
  {
    key: 'config.pae',
    also: 'machine.hypervisor',
    halts: true,
    applies: (s) => s.machine.hypervisor === 'xen' && !s.config.pae,
    message: () => 'a 32-bit Xen pv guest needs config.pae: true (CONFIG_XEN depends on X86_PAE in 2.6.2x)',
    consequence: 'Kconfig does not offer CONFIG_XEN without PAE; the hypervisor refuses non-PAE 32-bit guests',
    fix: 'set config.pae: true',
  },
  {
    key: 'config.paravirt',
    also: 'machine.hypervisor',
    halts: true,
    applies: (s) => s.machine.hypervisor !== 'none' && !s.config.paravirt,
    message: (s) => `machine.hypervisor: ${s.machine.hypervisor} needs config.paravirt: true (CONFIG_VMI and CONFIG_XEN select PARAVIRT)`,
    consequence: 'without CONFIG_PARAVIRT there is no vmi_init/xen_start_kernel and no FIX_PARAVIRT_BOOTMAP',
    fix: 'set config.paravirt: true',
  },
  {
    key: 'machine.memory',
    also: 'config.pae',
    halts: false,
    applies: (s) => s.machine.memory > geometryFor(s.config.pae).physLimit,
    message: (s) => `machine.memory ${size(s.machine.memory)} is more than ${s.config.pae ? 'PAE' : 'non-PAE'} paging can address (${size(geometryFor(s.config.pae).physLimit)})`,
    consequence: 'the kernel ignores the RAM above the limit ("Warning only 4GB will be used" / 64 GiB with PAE); the replay goes on with the limit',
    fix: 'enable config.pae (up to 64 GiB) or reduce machine.memory',
  },
  {
    key: 'config.page_offset',
    also: 'config.pae',
    halts: true,
    applies: (s) => s.config.pae && s.config.page_offset % GiB !== 0,
    message: (s) => `config.page_offset 0x${s.config.page_offset.toString(16)} is not 1 GiB aligned, which PAE requires (VMSPLIT_3G_OPT depends on !X86_PAE)`,
    consequence: 'with PAE the kernel/user split must fall on a PDPT entry (1 GiB)',
    fix: 'use 0xC0000000, 0x80000000 or 0x40000000 with PAE',
  },
  {
    key: 'machine.ohci1394_dma_early',
    also: 'config.ohci1394_dma_init',
    halts: true,
    applies: (s) => s.machine.ohci1394_dma_early && !s.config.ohci1394_dma_init,
    message: () => 'machine.ohci1394_dma_early needs config.ohci1394_dma_init: true (CONFIG_PROVIDE_OHCI1394_DMA_INIT)',
    consequence: 'without the config option there is no FIX_OHCI1394_BASE and the ohci1394_dma=early parameter does nothing',
    fix: 'set config.ohci1394_dma_init: true or drop machine.ohci1394_dma_early',
  },
  {
    key: 'config.acpi_numa',
    also: 'config.acpi',
    halts: true,
    applies: (s) => s.config.acpi_numa && !s.config.acpi,
    message: () => 'config.acpi_numa needs config.acpi (CONFIG_ACPI_NUMA depends on ACPI)',
    consequence: 'Kconfig cannot produce this configuration',
    fix: 'set config.acpi: true or config.acpi_numa: false',
  },
  {
    key: 'config.debug_highmem',
    also: 'config.highmem',
    halts: true,
    applies: (s) => s.config.debug_highmem && !s.config.highmem,
    message: () => 'config.debug_highmem needs config.highmem (CONFIG_DEBUG_HIGHMEM depends on HIGHMEM)',
    consequence: 'Kconfig cannot produce this configuration',
    fix: 'set config.highmem: true or config.debug_highmem: false',
  },
  {
    key: 'machine.tboot',
    also: 'config.intel_txt',
    halts: true,
    applies: (s) => s.machine.tboot && !s.config.intel_txt,
    message: () => 'machine.tboot needs config.intel_txt: true (CONFIG_INTEL_TXT, 2.6.32+)',
    consequence: 'without CONFIG_INTEL_TXT there is no tboot support and no FIX_TBOOT_BASE',
    fix: 'set config.intel_txt: true or machine.tboot: false',
  },
  {
    key: 'machine.olpc_ofw_cif',
    also: 'config.pae',
    halts: true,
    applies: (s) => s.machine.olpc_ofw_cif !== 0 && s.config.pae,
    message: () => 'machine.olpc_ofw_cif needs config.pae: false (CONFIG_OLPC_OPENFIRMWARE depends on !X86_PAE)',
    consequence: 'Kconfig cannot produce this configuration',
    fix: 'set config.pae: false or machine.olpc_ofw_cif: 0',
  },
];

/**
 * The checks' answers by the objects they read (config, then machine), which
 * a scenario shares with every reordered copy of it: config-unsupported runs
 * on every order the many-replay engine judges.
 */
const byConfig = new WeakMap<object, WeakMap<object, readonly Unsupported[]>>();

/** What makes this scenario unsupported, in check order (made once per config and machine). */
export function unsupportedChecks(s: Scenario): readonly Unsupported[] {
  let byMachine = byConfig.get(s.config);
  if (byMachine === undefined) byConfig.set(s.config, (byMachine = new WeakMap()));
  let found = byMachine.get(s.machine);
  if (found === undefined) {
    found = CHECKS.filter((c) => c.applies(s)).map((c) => ({ key: c.key, also: c.also, halts: c.halts, message: c.message(s), consequence: c.consequence, fix: c.fix }));
    byMachine.set(s.machine, found);
  }
  return found;
}

/** The reason the replay stops before setup_arch(), if it does. */
export function haltReason(s: Scenario): string | undefined {
  const first = unsupportedChecks(s).find((c) => c.halts);
  return first?.message;
}

/**
 * config-unsupported: the scenario describes a kernel configuration or machine
 * that these kernels cannot build or run (Kconfig dependencies, physical
 * address limits of the paging mode).
 */
import { GiB } from '../geometry.js';
import { positionOf } from '../../../scenario/types.js';
import type { X86Trace as Trace } from '../types.js';
import { mib } from './describe.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'config-unsupported';

interface Check {
  readonly key: string;
  readonly applies: (t: Trace) => boolean;
  readonly message: (t: Trace) => string;
  readonly consequence: string;
  readonly fix: string;
}

function size(bytes: number): string {
  return bytes >= GiB && bytes % GiB === 0 ? `${bytes / GiB} GiB` : mib(bytes);
}

const CHECKS: readonly Check[] = [
  {
    key: 'config.pae',
    applies: (t) => t.scenario.machine.hypervisor === 'xen' && !t.scenario.config.pae,
    message: () => 'a 32-bit Xen pv guest needs config.pae: true (CONFIG_XEN depends on X86_PAE in 2.6.2x)',
    consequence: 'Kconfig does not offer CONFIG_XEN without PAE; the hypervisor refuses non-PAE 32-bit guests',
    fix: 'set config.pae: true',
  },
  {
    key: 'config.paravirt',
    applies: (t) => t.scenario.machine.hypervisor !== 'none' && !t.scenario.config.paravirt,
    message: (t) => `machine.hypervisor: ${t.scenario.machine.hypervisor} needs config.paravirt: true (CONFIG_VMI and CONFIG_XEN select PARAVIRT)`,
    consequence: 'without CONFIG_PARAVIRT there is no vmi_init/xen_start_kernel and no FIX_PARAVIRT_BOOTMAP',
    fix: 'set config.paravirt: true',
  },
  {
    key: 'machine.memory',
    applies: (t) => t.scenario.machine.memory > t.geometry.physLimit,
    message: (t) => `machine.memory ${size(t.scenario.machine.memory)} is more than ${t.geometry.pae ? 'PAE' : 'non-PAE'} paging can address (${size(t.geometry.physLimit)})`,
    consequence: 'the kernel ignores the RAM above the limit ("Warning only 4GB will be used" / 64 GiB with PAE)',
    fix: 'enable config.pae (up to 64 GiB) or reduce machine.memory',
  },
  {
    key: 'config.page_offset',
    applies: (t) => t.scenario.config.pae && t.scenario.config.page_offset % GiB !== 0,
    message: (t) => `config.page_offset 0x${t.scenario.config.page_offset.toString(16)} is not 1 GiB aligned, which PAE requires (VMSPLIT_3G_OPT depends on !X86_PAE)`,
    consequence: 'with PAE the kernel/user split must fall on a PDPT entry (1 GiB)',
    fix: 'use 0xC0000000, 0x80000000 or 0x40000000 with PAE',
  },
  {
    key: 'machine.ohci1394_dma_early',
    applies: (t) => t.scenario.machine.ohci1394_dma_early && !t.scenario.config.ohci1394_dma_init,
    message: () => 'machine.ohci1394_dma_early needs config.ohci1394_dma_init: true (CONFIG_PROVIDE_OHCI1394_DMA_INIT)',
    consequence: 'without the config option there is no FIX_OHCI1394_BASE and the ohci1394_dma=early parameter does nothing',
    fix: 'set config.ohci1394_dma_init: true or drop machine.ohci1394_dma_early',
  },
  {
    key: 'config.acpi_numa',
    applies: (t) => t.scenario.config.acpi_numa && !t.scenario.config.acpi,
    message: () => 'config.acpi_numa needs config.acpi (CONFIG_ACPI_NUMA depends on ACPI)',
    consequence: 'Kconfig cannot produce this configuration',
    fix: 'set config.acpi: true or config.acpi_numa: false',
  },
  {
    key: 'config.debug_highmem',
    applies: (t) => t.scenario.config.debug_highmem && !t.scenario.config.highmem,
    message: () => 'config.debug_highmem needs config.highmem (CONFIG_DEBUG_HIGHMEM depends on HIGHMEM)',
    consequence: 'Kconfig cannot produce this configuration',
    fix: 'set config.highmem: true or config.debug_highmem: false',
  },
];

export const configUnsupported: Rule<Trace> = {
  meta: {
    id: ID,
    severity: 'error',
    doc: 'a configuration or machine these kernels cannot build or run (Xen without PAE, more RAM than the paging mode addresses, …)',
    explanation: `Some combinations are not kernels at all, and replaying them would report nonsense:
  - a 32-bit Xen pv guest without PAE (CONFIG_XEN depends on X86_PAE in 2.6.2x);
  - a VMI or Xen guest without CONFIG_PARAVIRT;
  - more RAM than the paging mode addresses: 4 GiB without PAE, 64 GiB (36 physical bits) with PAE;
  - a PAGE_OFFSET that is not 1 GiB aligned with PAE;
  - machine facts whose config option is off (ohci1394_dma_early without PROVIDE_OHCI1394_DMA_INIT),
    or config options whose Kconfig dependency is off (ACPI_NUMA without ACPI, DEBUG_HIGHMEM without HIGHMEM).
A replay of a configuration that no kernel builds would prove nothing either way, so this is always an
error, and the finding points at the key to change (config.pae, config.paravirt, machine.memory, …) rather
than at a step.

Fix: turn on the option the feature depends on (config.pae for Xen, config.paravirt for VMI and Xen,
config.acpi for ACPI_NUMA, config.highmem for DEBUG_HIGHMEM, config.ohci1394_dma_init for
ohci1394_dma_early), or reduce machine.memory to what the paging mode addresses; the finding's fix line says
which.`,
  },
  check(trace) {
    const step = trace.steps[0];
    if (step === undefined) return [];
    return CHECKS.filter((c) => c.applies(trace)).map((c): Finding => ({
      rule: ID,
      severity: 'error',
      step,
      pos: positionOf(trace.scenario, c.key),
      message: c.message(trace),
      related: [],
      addresses: {},
      consequence: c.consequence,
      fix: c.fix,
    }));
  },
};

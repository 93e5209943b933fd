/**
 * config-unsupported: the scenario describes a kernel configuration or machine
 * that these kernels cannot build or run (Kconfig dependencies, physical
 * address limits of the paging mode).
 */
import { positionOf } from '../../../scenario/types.js';
import { unsupportedChecks } from '../unsupported.js';
import type { X86Trace as Trace } from '../types.js';
import type { Finding, Rule } from '../../../rules/types.js';

const ID = 'config-unsupported';

export const configUnsupported: Rule<Trace> = {
  meta: {
    // events and the final state; trace.steps only for its first (implicit) step, which no order renumbers
    eventsOnly: true,
    id: ID,
    severity: 'error',
    alsoReports: ['warning'],
    machineWide: true,
    doc: 'a configuration or machine these kernels cannot build or run (Xen without PAE, more RAM than the paging mode addresses, …)',
    explanation: `Some combinations are not kernels at all, and replaying them would report nonsense:
  - a 32-bit Xen pv guest without PAE (CONFIG_XEN depends on X86_PAE in 2.6.2x);
  - a VMI or Xen guest without CONFIG_PARAVIRT;
  - a PAGE_OFFSET that is not 1 GiB aligned with PAE;
  - machine facts whose config option is off (ohci1394_dma_early without PROVIDE_OHCI1394_DMA_INIT, tboot
    without INTEL_TXT, an OLPC with PAE), or config options whose Kconfig dependency is off (ACPI_NUMA
    without ACPI, DEBUG_HIGHMEM without HIGHMEM).
A replay of a configuration that no kernel builds would prove nothing either way, so for those the replay
stops before setup_arch() and no other finding is reported for the scenario (an error). More RAM than the
paging mode addresses (4 GiB without PAE, 64 GiB with PAE) is a machine the kernel runs on with less memory
("Warning only 4GB will be used"): a warning, and the replay goes on with the limit. The finding points at
the key to change (config.pae, config.paravirt, machine.memory, …) rather than at a step.

Fix: turn on the option the feature depends on (config.pae for Xen, config.paravirt for VMI and Xen,
config.acpi for ACPI_NUMA, config.highmem for DEBUG_HIGHMEM, config.ohci1394_dma_init for
ohci1394_dma_early, config.intel_txt for tboot, config.pae off for OLPC), or reduce machine.memory to what
the paging mode addresses; the finding's fix line says which.`,
    checksHalted: true,
  },
  // it reads the configuration and machine only (unsupportedChecks), never where the calls are: the many-replay
  // engine need not run it for reorderings of a scenario where it found nothing (it ran for each, and found nothing)
  emptyUnderReorderingOf: () => true,
  check(trace) {
    const step = trace.steps[0];
    if (step === undefined) return [];
    return unsupportedChecks(trace.scenario).map((c): Finding => ({
      rule: ID,
      severity: c.halts ? 'error' : 'warning',
      step,
      // where the scenario writes the condition: the key to change, else (left to its default) the other one
      pos: trace.scenario.positions[c.key] ?? positionOf(trace.scenario, c.also),
      message: c.message,
      related: [],
      addresses: {},
      consequence: c.consequence,
      fix: c.fix,
    }));
  },
};

/**
 * What a replay knows before the first step: the scenario and the fixed
 * shape of the kernel it describes (paging geometry, enum fixed_addresses).
 */
import type { Condition, Relevance } from '../effects.js';
import { buildFixmapEnum, type FixmapEnum } from '../fixmap.js';
import { geometryFor, type Geometry } from '../geometry.js';
import { has, RESERVE_TOP_NO_DOUBLE_ACCOUNTING, VMALLOC_SIZE_FIX, XEN_RESERVE_NO_PADDING } from '../history.js';
import { keyOf } from '../kernel-version.js';
import type { Formulas, MaxmemInputs } from '../layout.js';
import { KMAP_WITHOUT_HIGHMEM } from '../pagetables/changes.js';
import type { X86Scenario as Scenario } from '../types.js';

export interface ReplayContext {
  readonly scenario: Scenario;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  readonly formulas: Formulas;
  /** xen_reserve_top() keeps 2 pages of padding below HYPERVISOR_VIRT_START (up to 2.6.27.7) */
  readonly xenPadding: boolean;
}

const KEY_2_6_26 = keyOf('2.6.26');

export function contextFor(scenario: Scenario): ReplayContext {
  const is2626 = scenario.kernel.key <= KEY_2_6_26;
  // fixmap_32.h: 2.6.26 keeps FIX_ACPI_* permanent and aligns FIX_BTMAP_END
  // to 512; 2.6.27 moved FIX_ACPI_* among the boot-time slots and aligns to 256.
  const fixmap = buildFixmapEnum(scenario.config, is2626, is2626 ? 512 : 256, has(scenario.kernel, KMAP_WITHOUT_HIGHMEM));
  const formulas: Formulas = {
    maxmem: has(scenario.kernel, VMALLOC_SIZE_FIX) ? 'vmalloc-end' : 'reserve',
    reserveGrowsVmalloc: !has(scenario.kernel, RESERVE_TOP_NO_DOUBLE_ACCOUNTING),
  };
  const xenPadding = !has(scenario.kernel, XEN_RESERVE_NO_PADDING);
  return { scenario, geometry: geometryFor(scenario.config.pae), fixmap, formulas, xenPadding };
}

/** MAXMEM's inputs at this moment of the replay. */
export function maxmemInputs(ctx: ReplayContext, fixaddrTop: number, vmallocReserve: number): MaxmemInputs {
  const { formulas, geometry, fixmap, scenario } = ctx;
  return { formulas, geometry, fixmap, pageOffset: scenario.config.page_offset, highmem: scenario.config.highmem, fixaddrTop, vmallocReserve };
}

export function holds(ctx: ReplayContext, condition: Condition): boolean {
  const { machine, config } = ctx.scenario;
  switch (condition) {
    case 'hypervisor:vmi': return machine.hypervisor === 'vmi';
    case 'hypervisor:xen': return machine.hypervisor === 'xen';
    case 'machine.efi': return machine.efi;
    case 'machine.setup_data': return machine.setup_data;
    case 'machine.initrd': return machine.initrd !== 'none';
    case 'machine.initrd_above_lowmem': return machine.initrd === 'above-lowmem';
    case 'machine.ohci1394_dma_early': return machine.ohci1394_dma_early && config.ohci1394_dma_init;
    case 'config.highmem': return config.highmem;
    case 'config.acpi': return config.acpi;
    case 'config.acpi_numa': return config.acpi && config.acpi_numa;
    case 'config.local_apic': return config.local_apic;
    case 'config.io_apic': return config.io_apic;
    case 'kmap': return ctx.fixmap.slots.FIX_KMAP_BEGIN !== undefined;
  }
}

/** "harmless here: …" phrases for a condition that is off */
const OFF_TEXT: Readonly<Record<Condition, string>> = {
  'hypervisor:vmi': 'machine.hypervisor is not vmi',
  'hypervisor:xen': 'machine.hypervisor is not xen',
  'machine.efi': 'machine.efi is false',
  'machine.setup_data': 'machine.setup_data is false',
  'machine.initrd': 'machine.initrd is none',
  'machine.initrd_above_lowmem': 'the initrd is not above lowmem',
  'machine.ohci1394_dma_early': 'machine.ohci1394_dma_early is false',
  'config.highmem': 'config.highmem is false',
  'config.acpi': 'config.acpi is false',
  'config.acpi_numa': 'config.acpi_numa is false',
  'config.local_apic': 'config.local_apic is false',
  'config.io_apic': 'config.io_apic is false',
  kmap: 'config.highmem is false (FIX_KMAP_* need CONFIG_HIGHMEM before 2.6.28-rc4)',
};

/** Whether a missing prerequisite can change the outcome on this machine, and a phrase saying why. */
export function relevance(ctx: ReplayContext, r: Relevance): { matters: boolean; text: string } {
  switch (r.kind) {
    case 'always':
      return { matters: true, text: '' };
    case 'cmdline': {
      const given = ctx.scenario.machine.params.filter((p) => p.name !== 'other' && r.params.includes(p.name));
      const list = r.params.map((p) => `${p}=`).join(', ');
      return given.length > 0
        ? { matters: true, text: `machine.cmdline has ${given.map((p) => p.text).join(' ')}` }
        : { matters: false, text: `harmless here: machine.cmdline has no ${list}` };
    }
    case 'condition':
      return holds(ctx, r.condition)
        ? { matters: true, text: '' }
        : { matters: false, text: `harmless here: ${OFF_TEXT[r.condition]}` };
  }
}

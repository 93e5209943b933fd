import type { X86Trace } from '../../../../src/arch/x86_32/types.js';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../src/scenario/loader.js';
import { replayWith } from '../../../../src/replay/replay.js';
import { configUnsupported } from '../../../../src/arch/x86_32/rules/config-unsupported.js';
import { ORDER_2_6_27 } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(configUnsupported, {
  valid: [
    { name: 'Xen with PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true } },
    { name: '4 GiB without PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '4GiB' } },
    { name: '64 GiB with PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '64GiB', pae: true } },
    { name: 'VMSPLIT_3G_OPT without PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, config: { page_offset: '0xB0000000' } } },
  ],
  invalid: [
    { name: 'Xen without PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen' }, findings: [{ step: 'xen_start_kernel', message: /needs config.pae: true/ }] },
    { name: 'VMI without CONFIG_PARAVIRT', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', config: { paravirt: false } }, findings: [{ step: 'head_32', message: /config.paravirt/ }] },
    { name: '8 GiB without PAE: the kernel runs with 4 GiB, a warning', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '8GiB' }, findings: [{ step: 'head_32', severity: 'warning', message: /8 GiB is more than non-PAE paging can address \(4 GiB\)/ }] },
    { name: '128 GiB with PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '128GiB', pae: true }, findings: [{ step: 'head_32', severity: 'warning', message: /\(64 GiB\)/ }] },
    { name: 'tboot without CONFIG_INTEL_TXT', scenario: { kernel: '2.6.32', order: ['early_ioremap_init'], machine: { tboot: true } }, findings: [{ step: 'head_32', message: /intel_txt/ }] },
    { name: 'OLPC OpenFirmware with PAE', scenario: { kernel: '2.6.36', order: ['early_ioremap_init'], pae: true, machine: { olpc_ofw_cif: '0xff83ca74' } }, findings: [{ step: 'head_32', message: /!X86_PAE/ }] },
    { name: 'PAE with a PAGE_OFFSET that is not 1 GiB aligned', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, config: { page_offset: '0xB0000000' } }, findings: [{ step: 'head_32', message: /1 GiB aligned/ }] },
    { name: 'early OHCI-1394 DMA without the config option', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, config: { ohci1394_dma_init: false }, machine: { ohci1394_dma_early: true } }, findings: [{ step: 'head_32', message: /ohci1394_dma_init/ }] },
    { name: 'ACPI_NUMA without ACPI', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, config: { acpi: false, acpi_numa: true } }, findings: [{ step: 'head_32' }] },
  ],
});

describe('where the finding points', () => {
  it('at the key to change when the file writes it, else at the other key of the condition (not at 1:1)', () => {
    const at = (text: string) => {
      const r = parseScenario(text, 's.yaml');
      if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
      const [f] = configUnsupported.check(replayWith(r.plugin, r.scenario) as X86Trace);
      return f === undefined ? undefined : [f.pos.line, f.pos.col];
    };
    // Xen without PAE: config.pae written (line 3), or left to its default (machine.hypervisor, line 3 here too)
    expect(at('kernel: 2.6.27\nconfig:\n  pae: false\nmachine:\n  hypervisor: xen\nsetup_arch: [early_cpu_init]\n')).toEqual([3, 3]);
    expect(at('kernel: 2.6.27\nmachine:\n  hypervisor: xen\nsetup_arch: [early_cpu_init]\n')).toEqual([3, 3]);
    // 8 GiB without PAE: machine.memory, written on line 4
    expect(at('kernel: 2.6.27\nmachine:\n  hypervisor: none\n  memory: 8GiB\nsetup_arch: [early_cpu_init]\n')).toEqual([4, 3]);
  });
});

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
    { name: '8 GiB without PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '8GiB' }, findings: [{ step: 'head_32', message: /8 GiB is more than non-PAE paging can address \(4 GiB\)/ }] },
    { name: '128 GiB with PAE', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, memory: '128GiB', pae: true }, findings: [{ step: 'head_32', message: /\(64 GiB\)/ }] },
    { name: 'PAE with a PAGE_OFFSET that is not 1 GiB aligned', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, pae: true, config: { page_offset: '0xB0000000' } }, findings: [{ step: 'head_32', message: /1 GiB aligned/ }] },
    { name: 'early OHCI-1394 DMA without the config option', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, config: { ohci1394_dma_init: false }, machine: { ohci1394_dma_early: true } }, findings: [{ step: 'head_32', message: /ohci1394_dma_init/ }] },
    { name: 'ACPI_NUMA without ACPI', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, config: { acpi: false, acpi_numa: true } }, findings: [{ step: 'head_32' }] },
  ],
});

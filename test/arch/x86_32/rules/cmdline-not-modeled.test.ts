import { cmdlineNotModeled } from '../../../../src/arch/x86_32/rules/cmdline-not-modeled.js';
import { ORDER_2_6_27, ORDER_2_6_28, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(cmdlineNotModeled, {
  valid: [
    { name: 'modeled and known-harmless options only', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'root=/dev/sda1 ro quiet console=ttyS0,115200 mem=1G memmap=64M$0x10000000 noexec vmi=disable_pse acpi=off nolapic' } },
    { name: 'earlyprintk=dbgp on 2.6.28 (5c05917e7fe)', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp' } },
  ],
  invalid: [
    {
      name: 'kind 7: options the model does not know are reported once, as info, never dropped silently',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'foo=1 hugepages=4 quiet' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not modeled: foo=1 hugepages=4$/ }],
    },
    {
      name: 'kind 7: earlyprintk=dbgp does not exist before 2.6.28-rc1',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'earlyprintk=dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /not in 2\.6\.27: earlyprintk=dbgp \(the EHCI debug port console came with 5c05917e7fe/ }],
    },
    {
      name: 'earlycon=…,mmio32 does not exist before 2.6.36-rc1',
      scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'earlycon=uart8250,mmio32,0xfed00000' },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /mmio32 came with 1917ac76e02/ }],
    },
    {
      name: 'earlyprintk=dbgp without an EHCI debug port maps nothing',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'earlyprintk=dbgp', machine: { ehci_debug_port: false } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /finds no EHCI debug port/ }],
    },
  ],
});

import { cmdlineNotModeled } from '../../../../src/arch/arm64/rules/cmdline-not-modeled.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6 } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(cmdlineNotModeled, {
  valid: [
    { name: 'v4.6: earlycon and nokaslr are modeled; root=, console=ttyAMA0, quiet cannot touch early memory', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'earlycon=pl011,0x9000000 nokaslr root=/dev/vda2 console=ttyAMA0 quiet' } } },
    { name: 'v4.4 with no command line', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4 } },
  ],
  invalid: [
    {
      name: 'v4.6: mem= and earlyprintk= are not modeled: said once, as info, at parse_early_param',
      scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'mem=1G root=/dev/vda earlyprintk=pl011,0x9000000' } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /^machine\.cmdline: not modeled: mem=1G earlyprintk=pl011,0x9000000$/ }],
    },
    {
      name: 'v4.4: nokaslr does not exist before v4.6',
      scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { cmdline: 'nokaslr' } },
      findings: [{ step: 'parse_early_param', severity: 'info', message: /not in v4\.4: nokaslr \(KASLR came with v4\.6/ }],
    },
  ],
});

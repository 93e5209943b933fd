import { kasanShadowFault } from '../../../../src/arch/riscv/rules/kasan-shadow-fault.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_14, withLate, without } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;
const kasan = { kasan: true } as const;

ruleTester(kasanShadowFault, {
  valid: [
    { name: '5.10 without KASAN: kasan_init() is not built', scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10) } },
    { name: '5.12 with KASAN: kasan_mem_to_shadow(__va(_start)) (c25a053e1577) lies in the KASAN region', scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12), config: kasan } },
    { name: '5.14 with KASAN: the memory and the modules/kernel mapping shadows are sv39 addresses', scenario: { ...rv, kernel: '5.14', order: withLate(ORDER_5_14), config: kasan } },
    {
      name: '5.12 with KASAN on RAM at 0x1000000000 (64 GiB): still the shadow of __va()',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: kasan, machine: { ram_base: '0x1000000000', memory: '2GiB' } },
    },
    { name: '5.10 with KASAN but no kasan_init call', scenario: { ...rv, kernel: '5.10', order: without(ORDER_5_10, 'kasan_init'), config: kasan } },
  ],
  invalid: [
    {
      name: '5.10 with KASAN as released: the shadow of PA 0x80000000 is 0xdfffffc810000000, not an sv39 address',
      scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10), config: kasan },
      findings: [{
        step: 'kasan_init',
        message: /populate\(kasan_mem_to_shadow\(\(void \*\)0x80000000, the physical address of memblock\.memory 0x80000000–0x100000000\) …\) maps and memsets the shadow at 0xdfffffc810000000, which is not an sv39 address/,
        consequence: /Unable to handle kernel paging request at virtual address dfffffc810000000.*swapper_pg_dir\[288\] \(0xffffffc800000000\)/,
        fix: /c25a053e1577 .*5\.11-rc4 and 5\.10\.9/,
      }],
    },
    {
      name: '5.10 with KASAN, two banks: the boot dies at the first one',
      scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: kasan, machine: { memory_banks: [{ base: '0x80000000', size: '1GiB' }, { base: '0x100000000', size: '1GiB' }] } },
      findings: [{ step: 'kasan_init', message: /\(void \*\)0x80000000, the physical address of memblock\.memory 0x80000000–0xc0000000/ }],
    },
    {
      name: '5.10 with KASAN and kasan_init before paging_init: the same fault (the address does not depend on the order)',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'kasan_init', 'paging_init'), config: kasan },
      findings: [{ step: 'kasan_init', message: /0xdfffffc810000000/ }],
    },
  ],
});

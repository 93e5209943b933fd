import { ttbrSwitchUnsafe } from '../../../../src/arch/arm64/rules/ttbr-switch-unsafe.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, withLate } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(ttbrSwitchUnsafe, {
  valid: [
    { name: 'v4.4 without KASAN: TTBR1 stays swapper_pg_dir', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) } },
    { name: 'v4.6 KASAN: kasan_init and paging_init switch with cpu_replace_ttbr1()', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6), config: { kasan: true } } },
    { name: 'v4.7 KASAN, VA_BITS=48', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { kasan: true, va_bits: 48 } } },
    { name: 'seed 002 replayed with KASAN', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_4, config: { kasan: true, debug_rodata: true } } },
  ],
  invalid: [
    {
      name: 'v4.4 KASAN: kasan_init() msr-switches to tmp_pg_dir (a copy: warning) and back (different shadow: error)',
      scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, config: { kasan: true } },
      findings: [
        { step: 'kasan_init', severity: 'warning', message: /from swapper_pg_dir to tmp_pg_dir with msr ttbr1_el1.*translate alike/, fix: /cpu_replace_ttbr1/ },
        { step: 'kasan_init', severity: 'error', message: /from tmp_pg_dir to swapper_pg_dir .*differently from 0xffffff87c0000000/, fix: /c1a88e9124a4/ },
      ],
    },
    {
      name: 'v4.4 KASAN at VA_BITS=48',
      scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, config: { kasan: true, va_bits: 48 } },
      findings: [{ step: 'kasan_init', severity: 'warning' }, { step: 'kasan_init', severity: 'error', message: /0xffff0f8000000000/ }],
    },
  ],
});

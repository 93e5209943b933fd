import { setupVmConstraint } from '../../../../src/arch/riscv/rules/setup-vm-constraint.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_5_10, ORDER_5_12, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(setupVmConstraint, {
  valid: [
    { name: '5.10 as released', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10 } },
    { name: '5.12 as released', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12 } },
    { name: '5.14 as released', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14 } },
    { name: '5.10 with a 100 MiB image', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: { memory: '4GiB', kernel: { data: '100MiB' } } } },
    { name: '5.12 dropped the 128 MiB limit', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory: '4GiB', kernel: { data: '120MiB' } } } },
    { name: 'a 2 MiB-aligned load address other than 0x80200000', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { load_address: 0x80400000 } } },
  ],
  invalid: [
    {
      name: '5.10: load address not 2 MiB-aligned: best_map_size() gives PAGE_SIZE',
      scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: { load_address: 0x80201000 } },
      // BUG() with the MMU off, before setup_arch(): the kernel stops in setup_vm
      findings: [{ step: 'setup_vm', message: /BUG_ON\(map_size == PAGE_SIZE\) fires: .*not 2 MiB-aligned/, fix: /2 MiB-aligned/, halts: 'here' }],
    },
    {
      name: '5.10: an image over MAX_EARLY_MAPPING_SIZE (128 MiB)',
      scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: { memory: '4GiB', kernel: { init_data: '120MiB' } } },
      findings: [{ step: 'setup_vm', message: /BUG_ON\(load_sz > MAX_EARLY_MAPPING_SIZE\)/, halts: 'here' }],
    },
    {
      name: '5.12: load address not 2 MiB-aligned',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { load_address: 0x80300000 } },
      findings: [{ step: 'setup_vm', message: /BUG_ON\(\(load_pa % map_size\) != 0\)/ }],
    },
    {
      // no load_address: it is ram_base + 2 MiB, so the finding is at ram_base and says so (helper-179, 3)
      name: '5.12: RAM at an odd base puts the default load address off 2 MiB',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { ram_base: 0x80001000 } },
      findings: [{ step: 'setup_vm', message: /load_pa 0x80201000, the default load address: RAM's base \+ 2 MiB, _end/, fix: /RAM at 0x80001000 \(machine\.ram_base\) puts the default load address \(RAM's base \+ 2 MiB, OpenSBI fw_jump\) off 2 MiB/ }],
    },
    {
      name: '5.12: the same RAM written as memory_banks (helper-180, 2)',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory_banks: [{ base: 0x80001000, size: '1GiB' }] } },
      findings: [{ step: 'setup_vm', message: /load_pa 0x80201000/, fix: /RAM at 0x80001000 \(machine\.memory_banks\) puts the default load address/ }],
    },
    {
      name: '5.12: an image over 1 GiB needs a second early_pmd',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { memory: '4GiB', kernel: { data: '1GiB' } } },
      findings: [{ step: 'setup_vm', message: /alloc_pmd_early\(\) fires/ }],
    },
    {
      name: '5.14: an image reaching the last 4 KiB (checked before the 1 GiB limit)',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory: '8GiB', kernel: { data: '2GiB' } } },
      findings: [{ step: 'setup_vm', message: /ADDRESS_SPACE_END - SZ_4K\) fires: .*IS_ERR_VALUE/ }],
    },
    {
      name: '5.14: load address not 2 MiB-aligned',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { load_address: 0x80280000 } },
      findings: [{ step: 'setup_vm', message: /kernel_map\.phys_addr % map_size/ }],
    },
  ],
});

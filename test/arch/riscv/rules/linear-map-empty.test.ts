/**
 * linear-map-empty: 5.14 with MAXPHYSMEM_2GB. memory_limit = -PAGE_OFFSET - SZ_4G wraps, and so does
 * setup_vm_final()'s __pa(PAGE_OFFSET) + memory_limit (R514 mm/init.c:140,741-745): every range from the load
 * address up ends below its start and no RAM is mapped (riscv audit F1; the model showed a 2046 MiB linear map).
 */
import { linearMapEmpty } from '../../../../src/arch/riscv/rules/linear-map-empty.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_5_12, ORDER_5_13, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;
const medlow = { cmodel: 'medlow' } as const;

ruleTester(linearMapEmpty, {
  valid: [
    { name: '5.14 with MAXPHYSMEM_128GB: memory_limit is 124 GiB, no wrap', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14 } },
    { name: '5.13 with MAXPHYSMEM_2GB: no memory_limit clip in setup_vm_final yet (the overlaps are layout-collision\'s)', scenario: { ...rv, kernel: '5.13', order: ORDER_5_13, config: medlow } },
    { name: '5.12 with MAXPHYSMEM_2GB: the kernel in the linear map, no clip', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: medlow } },
    {
      name: '5.14 MAXPHYSMEM_2GB with RAM at 0: the bank keeps its part below the wrapped end (0x200000), so the linear map is not empty',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: medlow, machine: { memory_banks: [{ base: 0, size: '16MiB' }, { base: 0x80000000, size: '2GiB' }], load_address: 0x80200000, dtb_address: 0xffe00000 } },
    },
    { name: '5.14 MAXPHYSMEM_2GB whose order never reaches setup_vm_final', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14.filter((c) => c !== 'paging_init'), config: medlow } },
    {
      // the RAM memblock holds when setup_vm_final() runs decides, not the RAM at the end (helper-200 2)
      name: '5.14 MAXPHYSMEM_2GB with paging_init before parse_dtb: memblock knows no RAM yet, the order\'s mistake (missing-prerequisite)',
      scenario: { ...rv, kernel: '5.14', order: ['paging_init', ...ORDER_5_14.filter((c) => c !== 'paging_init')], config: medlow },
    },
  ],
  invalid: [
    {
      name: '5.14 MAXPHYSMEM_2GB as released: no RAM in the linear map',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: medlow },
      findings: [{
        step: 'paging_init', related: [],
        message: /^setup_vm_final\(\) maps no RAM in the linear map: .* = 0x80200000 \+ 0xffffffff80000000, which wraps to 0x00200000, below all of RAM/,
        consequence: /the first __va\(\) of RAM outside the kernel mapping's leaves .* faults/,
        // machine-wide (meta): run's fix search tries no move, suggest and constraints leave the machine out (golden, cli tests)
        fix: /^build with CMODEL_MEDANY and MAXPHYSMEM_128GB/,
      }],
    },
    {
      name: '5.14 MAXPHYSMEM_2GB as released: the message names the first access the empty map leaves unmapped (the DTB header)',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: medlow },
      findings: [{ step: 'paging_init', message: /; the first access it leaves unmapped: unflatten_device_tree \(step \d+\), early_init_dt_verify\(__va\(dtb_early_pa\)\) reads the FDT header in the DTB at 0xffffffffffc00000$/ }],
    },
    {
      // a DTB after _end inside the kernel mapping's last 2 MiB leaf is read through the kernel mapping: the first
      // fault is the tree unflatten_device_tree() writes, which no other finding names (helper-200 6)
      name: '5.14 MAXPHYSMEM_2GB with the DTB inside the kernel mapping\'s last leaf: the first fault is the unflattened tree',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: medlow, machine: { dtb_address: 0x81500000 } },
      findings: [{ step: 'paging_init', message: /; the first access it leaves unmapped: unflatten_device_tree \(step \d+\), unflatten_device_tree\(\) writes the struct device_node tree at 0xffffffffffdfe000$/ }],
    },
  ],
});

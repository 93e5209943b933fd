import { linearMapBeforeFinal } from '../../../../src/arch/riscv/rules/linear-map-before-final.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14 } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(linearMapBeforeFinal, {
  valid: [
    { name: '5.10 as released (KASAN)', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: { kasan: true } } },
    { name: '5.12 as released (KASAN)', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { kasan: true } } },
    { name: '5.13 as released', scenario: { ...rv, kernel: '5.13', order: ORDER_5_13 } },
    { name: '5.14 as released (KASAN)', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { kasan: true } } },
    { name: '5.12 with 127 reserved regions: the first page table still fits', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 127 } } },
    { name: '5.14 BUILTIN_DTB (XIP): the copy happens after paging_init', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { builtin_dtb: true, strict_kernel_rwx: false } } },
  ],
  invalid: [
    {
      name: '5.12: init_resources before paging_init (memblock_alloc through __va outside the kernel slice)',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(ORDER_5_12, 'init_resources', 'paging_init') },
      findings: [{ step: 'init_resources', related: ['paging_init'], message: /init_resources\(\) writes mem_res\[\] at 0xffffffe07fdff000 \(pa 0xfffff000\) .*only the kernel's slice/, fix: /move init_resources \(step 7\) after paging_init \(step 8\)/ }],
    },
    {
      name: '5.10: swiotlb_init before paging_init',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'swiotlb_init', 'paging_init') },
      findings: [{ step: 'swiotlb_init', related: ['paging_init'], message: /the bounce buffer/ }],
    },
    {
      name: '5.14: unflatten_device_tree before paging_init: no linear map at all before setup_vm_final',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'unflatten_device_tree', 'paging_init') },
      findings: [
        { step: 'unflatten_device_tree', related: ['paging_init'], message: /early_init_dt_verify\(__va\(dtb_early_pa\)\) reads the FDT header .*no linear map at all/ },
        // initial_boot_params now points into the linear map, which setup_bootmem (in paging_init) reads
        { step: 'paging_init', related: [], message: /early_init_fdt_scan_reserved_mem\(\) reads \/reserved-memory/ },
      ],
    },
    {
      name: '5.14 KASAN: kasan_init before paging_init',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'kasan_init', 'paging_init'), config: { kasan: true } },
      findings: [{ step: 'kasan_init', message: /kasan_init\(\) writes shadow pages/ }],
    },
    {
      name: '5.12: memblock.reserved full at setup_vm_final: memblock_double_array() writes through __va (85fadc0d0411)',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 128 } },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], message: /memblock_double_array\(\) writes the doubled memblock.reserved array/, fix: /85fadc0d0411/ }],
    },
    {
      name: '5.14: the same, with setup_bootmem inside paging_init',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { reserved_regions: 128 } },
      findings: [{ step: 'paging_init', related: [], message: /no linear map at all/ }],
    },
  ],
});

import { setMemoryFailed } from '../../../../src/arch/riscv/rules/set-memory-failed.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14, withLate } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(setMemoryFailed, {
  valid: [
    { name: '5.12 defconfig: max_low, the end of the linear map, lies above _data (the kernel is in the linear map)', scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12) } },
    { name: '5.13-rc5 defconfig: 8a4102a0cf07 ends the range at kernel_virt_addr + load_sz', scenario: { ...rv, kernel: '5.13-rc5', order: withLate(ORDER_5_13) } },
    { name: '5.13 defconfig', scenario: { ...rv, kernel: '5.13', order: withLate(ORDER_5_13) } },
    { name: '5.14 defconfig: no protect step, setup_vm_final maps with pgprot_from_va()', scenario: { ...rv, kernel: '5.14', order: withLate(ORDER_5_14) } },
    { name: '5.10 defconfig: mark_rodata_ro\'s set_memory_nx(_data … max_low) after setup_bootmem', scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10) } },
    { name: '5.13-rc2 without STRICT_KERNEL_RWX: no protect_kernel_text_data', scenario: { ...rv, kernel: '5.13-rc2', order: withLate(ORDER_5_13), config: { strict_kernel_rwx: false } } },
    // 5.10 sets max_pfn after memblock_enforce_memory_limit(-PAGE_OFFSET) (R510 mm/init.c:177,182): max_low is the end of
    // the 128 GiB kept, __va() of which is the top of the address space, above _data
    { name: '5.10 with 129 GiB: max_low_pfn from the trimmed memblock, __va() of it stays above _data', scenario: { ...rv, kernel: '5.10', order: withLate(ORDER_5_10), machine: { memory: '129GiB', dtb_address: 0x84000000 } } },
    {
      name: '5.13-rc2 with protect_kernel_text_data before paging_init: the call fails, but swapper maps nothing yet (linear-map-before-final reports the step)',
      scenario: { ...rv, kernel: '5.13-rc2', order: moveBefore(ORDER_5_13, 'protect_kernel_text_data', 'paging_init') },
    },
  ],
  invalid: [
    {
      // 5.12 reads dram_end before memblock_enforce_memory_limit() and sets max_pfn from it (R512 mm/init.c:113,117,131-132):
      // __va(PFN_PHYS(max_low_pfn)) = 0xffffffe000000000 + 0x203fe00000 wraps to 0x3fe00000, below _data (helper-182, 1)
      name: '5.12 with 129 GiB: max_low_pfn from the untrimmed end of DRAM, __va() of it wraps below _data',
      scenario: { ...rv, kernel: '5.12', order: withLate(ORDER_5_12), machine: { memory: '129GiB', dtb_address: 0x84000000 } },
      findings: [{ step: 'protect_kernel_text_data', message: /set_memory_nx\(_data … max_low\) asks for 0xffffffe001000000–0x3fe00000, whose end lies below its start/ }],
    },
    {
      name: '5.13-rc2 defconfig: set_memory_nx(_data, max_low) with max_low in the linear map, below the kernel mapping: -EINVAL, .data/.bss stay W+X',
      scenario: { ...rv, kernel: '5.13-rc2', order: ORDER_5_13 },
      findings: [{
        step: 'protect_kernel_text_data', related: ['paging_init'],
        message: /set_memory_nx\(_data … max_low\) asks for 0xffffffff81000000–0xffffffe07fe00000, whose end lies below its start \(max_low = __va\(PFN_PHYS\(max_low_pfn\)\) = 0xffffffe07fe00000 is the end of the linear map, and since 2bfc6cd81bd1 the kernel mapping lies above it, at 0xffffffff80000000\): walk_page_range_novma\(\) returns -EINVAL and nothing changes, so data \(\.data\/\.bss\) 0xffffffff81000000–0xffffffff81280000 keeps RWX: writable and executable/,
        consequence: /Found insecure W\+X mapping at address …\/0xffffffff81000000/,
        fix: /8a4102a0cf07 .*5\.13-rc5/,
      }],
    },
    {
      name: '5.13-rc1 and its late steps: mark_rodata_ro and free_initmem leave .data alone',
      scenario: { ...rv, kernel: '5.13-rc1', order: withLate(ORDER_5_13) },
      findings: [{ step: 'protect_kernel_text_data', message: /keeps RWX/ }],
    },
    {
      name: '5.13-rc4: the last release candidate before the fix',
      scenario: { ...rv, kernel: '5.13-rc4', order: ORDER_5_13 },
      findings: [{ step: 'protect_kernel_text_data', message: /-EINVAL/ }],
    },
    {
      name: '5.12: protect_kernel_text_data between paging_init and setup_bootmem: max_low_pfn is still 0, so max_low = __va(0) lies below _data',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(moveAfter(ORDER_5_12, 'protect_kernel_text_data', 'paging_init'), 'setup_bootmem', 'init_resources') },
      findings: [{ step: 'protect_kernel_text_data', related: ['setup_bootmem'], message: /max_low_pfn is still 0 until setup_bootmem\(\) sets it, so __va\(PFN_PHYS\(max_low_pfn\)\) is 0xffffffdf7fe00000/, fix: /move protect_kernel_text_data \(step 7\) after setup_bootmem \(step 8\)/ }],
      fixed: ORDER_5_12,
    },
  ],
});

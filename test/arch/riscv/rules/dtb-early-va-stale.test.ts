import { dtbEarlyVaStale } from '../../../../src/arch/riscv/rules/dtb-early-va-stale.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, ORDER_5_10, ORDER_5_12, ORDER_5_14, without } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(dtbEarlyVaStale, {
  valid: [
    { name: '5.10 as released', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10 } },
    { name: '5.12 as released', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12 } },
    { name: '5.14 as released: setup_bootmem reads dtb_early_va inside paging_init, before setup_vm_final', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14 } },
    { name: '5.14 BUILTIN_DTB: dtb_early_va is a kernel-mapping address and stays valid', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { builtin_dtb: true, strict_kernel_rwx: false } } },
    { name: 'a 3 MiB DTB at a 2 MiB boundary fits the 4 MiB window', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { dtb_address: 0x84000000, dtb_size: '3MiB' } } },
    { name: 'a DTB right above the kernel', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { dtb_address: 0x81600000 } } },
    // near 2^64 a double steps by 2048: the 1 KiB DTB's __va range must still be one whole page, here mapped
    { name: 'a 1 KiB DTB above the kernel (its __va page is in the linear map)', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { dtb_address: 0x81600000, dtb_size: '1KiB' } } },
  ],
  invalid: [
    {
      // R514 mm/init.c:140,741-745: __pa(PAGE_OFFSET) + memory_limit wraps to load_pa - 2 GiB (riscv audit F1)
      name: '5.14 MAXPHYSMEM_2GB: setup_vm_final() maps no RAM, so no placement of the DTB helps',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' } },
      findings: [{ step: 'unflatten_device_tree', related: ['paging_init'], message: /setup_vm_final\(\) mapped no RAM at all: __pa\(PAGE_OFFSET\) \+ memory_limit wraps to 0x00200000/, fix: /no placement of the DTB helps/ }],
    },
    {
      // a bank below the load address keeps its part below the wrapped end, 0x200000 (helper-199 4: "mapped no RAM at all")
      name: '5.14 MAXPHYSMEM_2GB with RAM at 0: only RAM below the wrapped end is mapped, and the DTB above it is not',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' }, machine: { memory_banks: [{ base: 0, size: '16MiB' }, { base: 0x80000000, size: '2GiB' }], load_address: 0x80200000, dtb_address: 0xffe00000 } },
      findings: [{
        step: 'unflatten_device_tree', related: ['paging_init'], message: /setup_vm_final\(\) ends every memory range at 0x00200000 .* and the DTB lies above it/,
        fix: /only RAM below 0x00200000 is mapped/,
      }],
    },
    {
      name: '5.12: setup_bootmem after paging_init reads fdt_totalsize(dtb_early_va) without the window',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(ORDER_5_12, 'setup_bootmem', 'paging_init') },
      findings: [{ step: 'setup_bootmem', related: ['paging_init'], halts: 'here', message: /through dtb_early_va 0x40000000 after the switch to swapper_pg_dir/, fix: /move setup_bootmem \(step 7\) before paging_init \(step 6\)/ }],
    },
    {
      name: '5.10: efi_init after paging_init reads initial_boot_params = dtb_early_va',
      scenario: { ...rv, kernel: '5.10', order: moveAfter(ORDER_5_10, 'efi_init', 'paging_init') },
      findings: [{ step: 'efi_init', message: /initial_boot_params \(= dtb_early_va\)/, fix: /move efi_init \(step 7\) before paging_init \(step 6\), or after unflatten_device_tree \(step 8\)/ }],
    },
    {
      name: '5.14: the DTB below the kernel\'s load address is not in the linear map',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { load_address: 0x80400000, dtb_address: 0x80200000 } },
      findings: [{ step: 'unflatten_device_tree', halts: 'here', message: /below the kernel's load address 0x80400000/ }],
    },
    {
      // __va(0x80000000) = 0xffffffdfffe00000; + 1024 is that same double: the range must not come out empty (and "mapped")
      name: '5.14: a 1 KiB DTB below the kernel\'s load address, at pa 0x80000000 (an OpenSBI fw_jump layout)',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { dtb_address: 0x80000000, dtb_size: '1KiB' } },
      findings: [{ step: 'unflatten_device_tree', message: /at 0xffffffdfffe00000 = __va\(0x80000000\).*below the kernel's load address 0x80200000/ }],
    },
    {
      // __va(0xbffffc00) as a double rounds up to __va(0xc0000000), the second bank's first page: the model must look at 0xbffff000's page
      name: '5.14: a 2 KiB DTB in the hole below a second bank, ending 1 KiB into it, starts in an unmapped page',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { memory_banks: [{ base: 0x80000000, size: '512MiB' }, { base: 0xc0000000, size: '1GiB' }], dtb_address: 0xbffffc00, dtb_size: '2KiB' } },
      findings: [{ step: 'unflatten_device_tree', message: /at 0xffffffe03fdffc00 = __va\(0xbffffc00\).*not in memblock memory/ }],
    },
    {
      // __va(0xfffffff8) = 0xffffffe000000000 + 0xfffffff8 - 0x80200000, byte-exact (the double is 0xffffffe07fe00000)
      name: '5.14: a DTB 8 bytes below the end of RAM (0x100000000) runs past it; the finding names its exact __va',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { dtb_address: 0xfffffff8, dtb_size: 64 } },
      findings: [{ step: 'unflatten_device_tree', message: /at 0xffffffe07fdffff8 = __va\(0xfffffff8\).*its linear-map pages are not mapped/ }],
    },
    {
      name: '5.12: a DTB outside RAM (in flash) is scanned through the window but not reachable after the switch',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { dtb_address: 0x20000000 } },
      findings: [{ step: 'unflatten_device_tree', message: /not in memblock memory \(0x80000000–/, fix: /^load the DTB into RAM above the kernel/ }],
    },
    {
      // review 19a F7: the DTB (pa 0xffe00000) is far above the kernel; the linear map misses it because parse_dtb never
      // added /memory, so the finding says that and names the missing call (no "memblock memory ()", no machine advice)
      name: '5.14 without parse_dtb: memblock.memory is empty, the DTB is where it should be, and parse_dtb is the call to insert',
      scenario: { ...rv, kernel: '5.14', order: without(ORDER_5_14, 'parse_dtb') },
      findings: [{
        step: 'unflatten_device_tree', message: /memblock\.memory is empty \(no step added the DTB's \/memory banks\), so setup_vm_final\(\) mapped no RAM at all$/,
        fix: /^add the RAM first: call parse_dtb before paging_init \(step \d+\)/, setters: ['parse_dtb'],
      }],
      fixed: ORDER_5_14,
    },
    {
      name: '5.12: a DTB running past the 4 MiB early window',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { dtb_address: 0x84100000, dtb_size: '3584KiB' } },
      findings: [{ step: 'parse_dtb', halts: 'here', message: /runs past the 4 MiB early window at 0x40400000/ }],
    },
  ],
});

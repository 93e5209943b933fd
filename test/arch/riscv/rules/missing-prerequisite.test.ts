import { missingPrerequisite } from '../../../../src/arch/riscv/rules/missing-prerequisite.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_14, withLate, without } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(missingPrerequisite, {
  valid: [
    // a call written on the wrong side of the late steps is phase-order's finding; setup_arch() returns after its last call (review 19a, F6)
    { name: '5.14: misc_mem_init written after kernel_init\'s free_initmem: mm_init() still follows it', scenario: { ...rv, kernel: '5.14', order: [...without(ORDER_5_14, 'misc_mem_init'), 'free_initmem', 'misc_mem_init'] } },
    { name: '5.12: free_initmem written right after parse_dtb: setup_arch() does not return there', scenario: { ...rv, kernel: '5.12', order: moveAfter(withLate(ORDER_5_12), 'free_initmem', 'parse_dtb') } },
    { name: '5.10 as released, UEFI', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, machine: { efi: true } } },
    { name: '5.12 as released', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12 } },
    { name: '5.12: swiotlb_init right after parse_dtb: memblock has the /memory banks (the linear map is another rule\'s)', scenario: { ...rv, kernel: '5.12', order: moveAfter(ORDER_5_12, 'swiotlb_init', 'parse_dtb') } },
    { name: '5.14 as released', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14 } },
    { name: '5.14 KASAN as released: kasan_init after paging_init', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { kasan: true } } },
    { name: 'kasan_init before parse_dtb without KASAN: an empty stub', scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'kasan_init', 'parse_dtb') } },
    { name: 'a define:d allocator after paging_init', scenario: { ...rv, kernel: '5.12', order: [...ORDER_5_12, 'early_buf'], define: { early_buf: { doc: 'an early buffer from memblock', memblock_alloc: true } } } },
    { name: '5.10 setup_bootmem before efi_init without UEFI: memblock.memory is the DT\'s', scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'setup_bootmem', 'efi_init') } },
    { name: '5.14 UEFI as released: efi_init before paging_init (setup_bootmem inside)', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { efi: true } } },
    { name: 'efi_init before parse_dtb without UEFI: no EFI tables to look up', scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'efi_init', 'parse_dtb') } },
    { name: 'efi_init before early_ioremap_setup without UEFI: no early_memremap', scenario: { ...rv, kernel: '5.12', order: moveBefore(ORDER_5_12, 'efi_init', 'early_ioremap_setup') } },
    { name: '5.14 with kernel_init\'s steps after setup_arch: mm_init() finds the struct pages misc_mem_init made', scenario: { ...rv, kernel: '5.14', order: [...ORDER_5_14, 'free_initmem', 'mark_rodata_ro'] } },
    { name: '5.10: paging_init calls sparse_init() and zone_sizes_init() itself (no misc_mem_init before 5.12)', scenario: { ...rv, kernel: '5.10', order: [...ORDER_5_10, 'free_initmem'] } },
  ],
  invalid: [
    {
      name: '5.12: paging_init before setup_bootmem: page tables from a memblock that has not reserved the kernel',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(ORDER_5_12, 'setup_bootmem', 'paging_init') },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], message: /needs memblock with the kernel and the DTB reserved, but setup_bootmem \(step 7\) only comes later/ }],
    },
    {
      name: '5.12: setup_bootmem before parse_dtb: no /memory banks yet',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(ORDER_5_12, 'parse_dtb', 'setup_bootmem') },
      findings: [{ step: 'setup_bootmem', related: ['parse_dtb'], message: /needs the flattened DTB/ }],
    },
    {
      name: '5.10 UEFI: efi_init before early_ioremap_setup',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'efi_init', 'early_ioremap_setup'), machine: { efi: true } },
      findings: [{ step: 'efi_init', related: ['early_ioremap_setup'], message: /the early_ioremap slots/ }],
    },
    {
      // review 19a F8: efi_get_fdt_params() reads initial_boot_params, NULL until parse_dtb (5.14 fdtparams.c:84,105)
      name: '5.14 UEFI: efi_init before parse_dtb finds no FDT to take the EFI tables from',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'efi_init', 'parse_dtb'), machine: { efi: true } },
      findings: [
        { step: 'efi_init', related: ['parse_dtb'], consequence: /initial_boot_params, which is NULL until parse_dtb/ },
        { step: 'efi_init', related: ['early_ioremap_setup'], message: /the early_ioremap slots/ },
      ],
      fixed: ORDER_5_14,
    },
    {
      // review 19a F3: reserve_regions() replaces memblock.memory with the EFI map (5.10.7 efi-init.c:165-207)
      name: '5.10 UEFI: setup_bootmem before efi_init works on memory that efi_init then replaces',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'setup_bootmem', 'efi_init'), machine: { efi: true } },
      // paging_init (setup_vm_final() and sparse_init()) still runs after efi_init: it follows the EFI map (break-254 F5)
      findings: [{
        step: 'setup_bootmem', related: ['efi_init'], message: /needs memblock\.memory from the EFI memory map/,
        consequence: /^(?!.*maps the DT's RAM).*trim and max_pfn\/max_low_pfn follow the DT's RAM.*which undoes the trim; after efi_init, setup_vm_final\(\) \(paging_init \(step 7\)\) maps the EFI map's RAM without its nomap ranges, and sparse_init\(\) \(paging_init \(step 7\)\) covers the EFI map's RAM, while max_pfn\/max_low_pfn stay the DT's$/,
      }],
      fixed: ORDER_5_10,
    },
    {
      // R512 mm/init.c:516 for_each_mem_range() (MEMBLOCK_NONE, include/linux/memblock.h:208-210) after reserve_regions()
      name: '5.12 UEFI: setup_bootmem before efi_init, paging_init after it: the linear map follows the firmware (break-254 F5)',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(ORDER_5_12, 'setup_bootmem', 'efi_init'), machine: { efi: true } },
      findings: [{
        step: 'setup_bootmem', related: ['efi_init'],
        consequence: /^(?!.*maps the DT's RAM).*; after efi_init, setup_vm_final\(\) \(paging_init \(step 7\)\) maps the EFI map's RAM without its nomap ranges, and sparse_init\(\) \(misc_mem_init \(step 10\)\) covers the EFI map's RAM/,
      }],
      fixed: ORDER_5_12,
    },
    {
      name: '5.12 UEFI: setup_bootmem and paging_init before efi_init: the linear map follows the DT, with no nomap ranges',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(ORDER_5_12, 'efi_init', 'paging_init'), machine: { efi: true } },
      findings: [{
        step: 'setup_bootmem', related: ['efi_init'],
        consequence: /; running before efi_init as well, the linear map \(setup_vm_final\(\) in paging_init \(step 6\)\) maps the DT's RAM, with no nomap ranges; after efi_init, sparse_init\(\) \(misc_mem_init \(step 10\)\) covers the EFI map's RAM/,
      }],
    },
    {
      name: '5.14 UEFI without efi_init: paging_init (setup_bootmem inside) has no EFI memory map, and efi_init is the call to insert',
      scenario: { ...rv, kernel: '5.14', order: without(ORDER_5_14, 'efi_init'), machine: { efi: true } },
      findings: [{
        step: 'paging_init', related: [], message: /needs memblock\.memory from the EFI memory map .*no step sets it \(efi_init\)/, setters: ['efi_init'],
        consequence: /setup_bootmem\(\) in paging_init \(step 6\) reads the DT's \/memory ranges: its memblock_enforce_memory_limit\(\) trim and phys_ram_end and max_pfn\/max_low_pfn follow the DT's RAM.*; no step runs efi_init\(\).*; so the linear map \(setup_vm_final\(\) in paging_init \(step 6\)\) maps the DT's RAM, and the memmap \(sparse_init\(\) in misc_mem_init \(step 8\)\) covers the DT's RAM$/,
      }],
      fixed: ORDER_5_14,
    },
    {
      // the call to insert comes from the catalog under this kernel's profile: setup_bootmem up to 5.13
      name: '5.12 without setup_bootmem: paging_init allocates from a memblock that reserves nothing, and setup_bootmem is the call to insert',
      scenario: { ...rv, kernel: '5.12', order: without(ORDER_5_12, 'setup_bootmem') },
      findings: [{ step: 'paging_init', related: [], message: /needs memblock with the kernel and the DTB reserved, but no step sets it/, setters: ['setup_bootmem'] }],
      fixed: ORDER_5_12,
    },
    {
      // the allocators too: memblock_alloc() returns NULL with no memory (init_resources panics: R514
      // kernel/setup.c:158-160; sparse_init() builds no memmap: R512 mm/sparse.c:292-297)
      name: '5.14 without parse_dtb: paging_init (setup_bootmem inside) finds no /memory, nor do the allocators after it; parse_dtb is the call to insert',
      scenario: { ...rv, kernel: '5.14', order: without(ORDER_5_14, 'parse_dtb') },
      findings: [
        { step: 'paging_init', related: [], message: /needs the flattened DTB/, setters: ['parse_dtb'] },
        { step: 'misc_mem_init', related: [], consequence: /sparse_init\(\) builds the memmap of memblock\.memory's ranges/, setters: ['parse_dtb'] },
        { step: 'init_resources', related: [], consequence: /panics \("Failed to allocate"\)/, setters: ['parse_dtb'] },
      ],
      fixed: ORDER_5_14,
    },
    {
      // review 17a 1.1: with no memory registered kasan_init() builds no shadow of memory (5.10-5.13) or
      // dereferences NULL from memblock_alloc() (5.14); the model allocates nothing there, so the need says it
      name: '5.14 KASAN: kasan_init before parse_dtb',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'kasan_init', 'parse_dtb'), config: { kasan: true } },
      findings: [{ step: 'kasan_init', related: ['parse_dtb'], consequence: /a NULL dereference in kasan_init\(\)/ }],
      fixed: ORDER_5_14,
    },
    {
      name: '5.10 KASAN: kasan_init before parse_dtb: no shadow of memory, and the first kasan_poison() faults',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'kasan_init', 'parse_dtb'), config: { kasan: true } },
      findings: [{ step: 'kasan_init', related: ['parse_dtb'], consequence: /read-only kasan_early_shadow_page/ }],
    },
    {
      // review 19a F2: memblock_alloc_low() NULL → "Cannot allocate buffer", no_iotlb_memory, the first bounce panics
      // (5.10.7 kernel/dma/swiotlb.c:259-270,462-463); the fix search must not take this spot for a clean one
      name: '5.10: swiotlb_init before parse_dtb gets no bounce buffer from an empty memblock',
      scenario: { ...rv, kernel: '5.10', order: moveBefore(ORDER_5_10, 'swiotlb_init', 'parse_dtb') },
      findings: [{ step: 'swiotlb_init', related: ['parse_dtb'], consequence: /Cannot allocate buffer.*first DMA that needs one panics/ }],
      fixed: ORDER_5_10,
    },
    {
      name: '5.12: a define:d allocator before parse_dtb gets NULL from memblock_alloc()',
      scenario: { ...rv, kernel: '5.12', order: ['early_buf', ...ORDER_5_12], define: { early_buf: { doc: 'an early buffer from memblock', memblock_alloc: true } } },
      findings: [{ step: 'early_buf', related: ['parse_dtb'], consequence: /memblock_alloc\(\) finds no memory until parse_dtb/ }],
    },
    {
      // mm_init() → mem_init() → memblock_free_all() → __free_pages_core() writes struct pages in the vmemmap
      // that only misc_mem_init()'s sparse_init() maps (K514 arch/riscv/mm/init.c:889-900, mm/memblock.c:1982-1996,
      // mm/page_alloc.c:1669-1683): the need is start_kernel()'s, reported on the last setup_arch() step
      name: '5.14 without misc_mem_init: start_kernel() → mm_init() writes struct pages nobody mapped',
      scenario: { ...rv, kernel: '5.14', order: without(ORDER_5_14, 'misc_mem_init') },
      findings: [{ step: 'riscv_fill_hwcap', related: [], message: /^start_kernel\(\) → mm_init\(\), after setup_arch\(\) returns from riscv_fill_hwcap \(step 13\), needs the struct pages and zones/, setters: ['misc_mem_init'] }],
      fixed: ORDER_5_14,
    },
    {
      name: '5.12 without misc_mem_init, with free_initmem: the need is on the last step before the late one',
      scenario: { ...rv, kernel: '5.12', order: [...without(ORDER_5_12, 'misc_mem_init'), 'free_initmem'] },
      findings: [{ step: 'riscv_fill_hwcap', related: [], message: /after setup_arch\(\) returns from riscv_fill_hwcap/, setters: ['misc_mem_init'] }],
    },
    {
      name: '5.14: setup_smp before unflatten_device_tree',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(ORDER_5_14, 'setup_smp', 'unflatten_device_tree') },
      findings: [{ step: 'setup_smp', related: ['unflatten_device_tree'], message: /the unflattened device tree/ }],
    },
  ],
});

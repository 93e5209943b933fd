import { linearMapBeforeFinal } from '../../../../src/arch/riscv/rules/linear-map-before-final.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { moveAfter, moveBefore, ORDER_5_10, ORDER_5_12, ORDER_5_13, ORDER_5_14, withLate, without } from '../fixtures/orders.js';

const rv = { arch: 'riscv' } as const;

ruleTester(linearMapBeforeFinal, {
  valid: [
    { name: '5.10 as released (KASAN)', scenario: { ...rv, kernel: '5.10', order: ORDER_5_10, config: { kasan: true } } },
    { name: '5.12 as released (KASAN)', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, config: { kasan: true } } },
    { name: '5.13 as released', scenario: { ...rv, kernel: '5.13', order: ORDER_5_13 } },
    { name: '5.14 as released (KASAN)', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { kasan: true } } },
    // break-254 F1: memblock_add_range() needs cnt + nr_new <= max before it merges (R512 mm/memblock.c:640, 646).
    // 126: the first table (alone at the top) makes 127, every later one is inserted (128) and merged back (127)
    { name: '5.12 with 126 reserved regions: every page table finds a free entry', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 126 } } },
    { name: '5.14 with 126 reserved regions: the same with three tables', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { reserved_regions: 126 } } },
    // a DTB at the top of RAM starting on a page: the first table (0xfffef000) touches its region and merges into it,
    // and so does every later one: 127 entries stay 127
    { name: '5.12 with 127 reserved regions and the DTB right above the first page table: each table merges, nothing doubles', scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 127, dtb_address: 0xffff0000 } } },
    // 5.14 with MAXPHYSMEM_2GB maps no linear map: one PMD table for the kernel, 127 + 1 = 128 fits
    { name: '5.14 MAXPHYSMEM_2GB with 127 reserved regions: one page table only (the kernel\'s), which fits', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { cmodel: 'medlow' }, machine: { reserved_regions: 127 } } },
    { name: '5.14 BUILTIN_DTB (XIP): the copy happens after paging_init', scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, config: { builtin_dtb: true, strict_kernel_rwx: false } } },
  ],
  invalid: [
    {
      name: '5.12: protect_kernel_text_data before paging_init: set_memory_*() finds swapper empty, and setup_vm_final maps the kernel RWX',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(withLate(ORDER_5_12), 'protect_kernel_text_data', 'paging_init') },
      findings: [{ step: 'protect_kernel_text_data', related: ['paging_init'], halts: false, message: /set_memory_ro\(_start … __init_text_begin\) walks swapper_pg_dir \(init_mm\) while satp is early_pg_dir.*the change is lost \(and 4 more set_memory calls of this step\); setup_vm_final\(\) then maps it PAGE_KERNEL_EXEC \(RWX\)/, fix: /move protect_kernel_text_data \(step 7\) after paging_init \(step 8\)/ }],
      fixed: withLate(ORDER_5_12),
    },
    {
      name: '5.12: mark_rodata_ro right after setup_bootmem: its set_memory_ro is lost (one alias: no alias finding)',
      scenario: { ...rv, kernel: '5.12', order: moveAfter(withLate(ORDER_5_12), 'mark_rodata_ro', 'setup_bootmem') },
      findings: [{ step: 'mark_rodata_ro', related: ['paging_init'], message: /set_memory_ro\(__start_rodata … _data\).*the change is lost/ }],
      fixed: withLate(ORDER_5_12),
    },
    {
      name: '5.14: free_initmem before paging_init: set_memory_rw on the linear alias, which does not exist yet',
      scenario: { ...rv, kernel: '5.14', order: moveBefore(withLate(ORDER_5_14), 'free_initmem', 'paging_init') },
      findings: [{ step: 'free_initmem', related: ['paging_init'], message: /set_memory_rw\(lm_alias\(__init_begin\) … lm_alias\(__init_end\)\).*with pgprot_from_va\(\)/ }],
      fixed: withLate(ORDER_5_14),
    },
    {
      name: '5.12: init_resources before paging_init (memblock_alloc through __va outside the kernel slice)',
      scenario: { ...rv, kernel: '5.12', order: moveBefore(ORDER_5_12, 'init_resources', 'paging_init') },
      findings: [{ step: 'init_resources', related: ['paging_init'], halts: 'here', message: /init_resources\(\) writes mem_res\[\] at 0xffffffe07fdff000 \(pa 0xfffff000\) .*only the kernel's slice/, fix: /move init_resources \(step 7\) after paging_init \(step 8\)/ }],
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
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], halts: 'here', message: /memblock_double_array\(\) writes the doubled memblock.reserved array/, fix: /85fadc0d0411/ }],
    },
    {
      // no setup_vm_final() anywhere: every linear-map user faults and every set_memory_*() is lost, and the call
      // that installs the linear map (the catalog's setter of linear_map: paging_init) is what the fix search inserts
      name: '5.12 without paging_init: nothing ever installs the linear map; paging_init is the call to insert',
      scenario: { ...rv, kernel: '5.12', order: withLate(without(ORDER_5_12, 'paging_init')) },
      findings: ['init_resources', 'unflatten_device_tree', 'misc_mem_init', 'swiotlb_init', 'setup_smp', 'riscv_fill_hwcap', 'protect_kernel_text_data', 'free_initmem', 'mark_rodata_ro']
        .map((step) => ({
          step, related: [], fix: /^call paging_init \(setup_vm_final\) before /, setters: ['paging_init'],
          message: ['protect_kernel_text_data', 'free_initmem', 'mark_rodata_ro'].includes(step)
            ? /the change is lost.*; no step of the order runs setup_vm_final\(\) \(paging_init\) at all$/
            : /through the linear map while satp is early_pg_dir/,
        })),
      fixed: withLate(ORDER_5_12),
    },
    {
      name: '5.14: the same, with setup_bootmem inside paging_init',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { reserved_regions: 128 } },
      findings: [{ step: 'paging_init', related: [], message: /no linear map at all/ }],
    },
    {
      // break-254 F1: the first table (0xfffff000, alone) takes the last entry; the second (0xffffe000) needs one more
      // before it can merge with the first, so memblock_double_array() runs for it, and the array goes right below it
      name: '5.12 with 127 reserved regions: the second page table doubles memblock.reserved',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 127 } },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], halts: 'here', message: /\(128 of 128 entries in use at the memblock_reserve\(\) of setup_vm_final\(\)'s page table 2 of 2, pa 0xffffe000\) at 0xffffffe07fdfc000 \(pa 0xffffc000\)/, fix: /85fadc0d0411/ }],
    },
    {
      name: '5.12 with 128 reserved regions: the first page table doubles it',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 128 } },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], message: /\(128 of 128 entries in use at the memblock_reserve\(\) of setup_vm_final\(\)'s page table 1 of 2, pa 0xfffff000\) at 0xffffffe07fdfd000 \(pa 0xffffd000\)/ }],
    },
    {
      name: '5.14 with 127 reserved regions: the second of three page tables',
      scenario: { ...rv, kernel: '5.14', order: ORDER_5_14, machine: { reserved_regions: 127 } },
      findings: [{ step: 'paging_init', related: [], message: /page table 2 of 3, pa 0xffffe000\)/ }],
    },
    {
      // a merge comes only after the count: the first table touches the DTB's region but needs an entry first
      name: '5.12 with 128 reserved regions and the DTB right above the first page table: it doubles all the same',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 128, dtb_address: 0xffff0000 } },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], message: /page table 1 of 2, pa 0xfffef000\)/ }],
    },
    {
      // the DTB's region starts 8 bytes into its page (fdt_totalsize() bytes are reserved, not pages): the first table
      // right below that page touches nothing and takes the last entry
      name: '5.12 with 127 reserved regions and the DTB 8 bytes into the page above the first table: no merge, the second doubles',
      scenario: { ...rv, kernel: '5.12', order: ORDER_5_12, machine: { reserved_regions: 127, dtb_address: 0xffff0008, dtb_size: 0xfff8 } },
      findings: [{ step: 'paging_init', related: ['setup_bootmem'], message: /page table 2 of 2, pa 0xfffee000\)/ }],
    },
  ],
});

import { missingPrerequisite } from '../../../../src/arch/arm64/rules/missing-prerequisite.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, withLate, without } from '../fixtures/orders.js';

const A = 'arm64';

ruleTester(missingPrerequisite, {
  valid: [
    // no cma= on the command line: dma_contiguous_reserve() reads only the config, whenever parse_early_param runs
    { name: 'v4.6: parse_early_param after arm64_memblock_init without cma=', scenario: { arch: 'arm64', kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'parse_early_param', 'arm64_memblock_init') } },
    { name: 'v4.6: cma= read before arm64_memblock_init, as released', scenario: { arch: 'arm64', kernel: 'v4.6', order: ORDER_V4_6, machine: { cmdline: 'cma=64M' } } },
    { name: 'v4.6: a late cma= with CONFIG_DMA_CMA=n: there is no CMA area to size', scenario: { arch: 'arm64', kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'parse_early_param', 'arm64_memblock_init'), machine: { cmdline: 'cma=64M' }, config: { dma_cma: false } } },
    {
      // kaslr_early_init()'s early_fixmap_init() (kaslr.c:95 at v4.6) holds when KASLR does not move the kernel: no
      // second pass clears .bss (head.S cbz x0), so setup_arch's own is not needed (helper-180, 4)
      name: 'v4.6 RANDOMIZE_BASE, no seed, no early_fixmap_init in setup_arch: kaslr_early_init hooked the fixmap tables',
      scenario: { arch: A, kernel: 'v4.6', order: without(ORDER_V4_6, 'early_fixmap_init'), config: { randomize_base: true } },
    },
    // a setup_arch() call written after the late steps is phase-order's finding; setup_arch() returns after its last call (review 19a, F6)
    { name: 'v4.7: bootmem_init written after the late steps: mm_init() still follows it', scenario: { arch: A, kernel: 'v4.7', order: moveAfter(withLate(ORDER_V4_7), 'bootmem_init', 'mark_rodata_ro') } },
    { name: 'v4.7: fixup_init written first: setup_arch() does not return before early_fixmap_init', scenario: { arch: A, kernel: 'v4.7', order: moveBefore(withLate(ORDER_V4_7), 'fixup_init', 'early_fixmap_init') } },
    { name: 'v4.4 as released', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4) } },
    { name: 'v4.6 as released, EFI boot (memblock from efi_init)', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { efi: true } } },
    { name: 'v4.7 efi_init before setup_machine_fdt without UEFI: nothing to look up', scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'efi_init', 'setup_machine_fdt') } },
    { name: 'v4.7 as released, VA_BITS=48', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { va_bits: 48 } } },
    // the late steps need bootmem_init's memmap: paging_init provides it on v4.4/v4.6, setup_arch's bootmem_init on v4.7
    { name: 'v4.4 with DEBUG_RODATA and the late steps (paging_init calls bootmem_init)', scenario: { arch: A, kernel: 'v4.4', order: withLate(ORDER_V4_4), config: { debug_rodata: true } } },
    { name: 'v4.6 with the late steps (paging_init calls bootmem_init)', scenario: { arch: A, kernel: 'v4.6', order: withLate(ORDER_V4_6) } },
    { name: 'v4.7 with the late steps (setup_arch calls bootmem_init)', scenario: { arch: A, kernel: 'v4.7', order: withLate(ORDER_V4_7) } },
    { name: 'v4.7: bootmem_init at the end of setup_arch is still before kernel_init', scenario: { arch: A, kernel: 'v4.7', order: withLate(moveAfter(ORDER_V4_7, 'bootmem_init', 'smp_build_mpidr_hash')) } },
  ],
  invalid: [
    {
      // break-290 F6 (gen2/a47-pep-first.yaml): the one real problem of this order; the earlycon= is not parsed yet
      // (drivers/of/fdt.c:1046-1081,1195@01851de9), so no fixmap-before-init comes with it
      name: 'v4.7 VA_BITS=48: parse_early_param before setup_machine_fdt with earlycon= (break-290 F6)',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'parse_early_param', 'early_fixmap_init'), config: { va_bits: 48 }, machine: { cmdline: 'earlycon=pl011,0x9000000' } },
      findings: [{ step: 'parse_early_param', related: ['setup_machine_fdt'], message: /parse_early_param needs the flattened DTB mapped at FIX_FDT, but setup_machine_fdt \(step 4\) only comes later/ }],
    },
    {
      // early_cma() is an early_param that sets size_cmdline; dma_contiguous_reserve() at the end of arm64_memblock_init()
      // reads it (drivers/base/dma-contiguous.c:54-69,107-125 at v4.6): read later, cma= is ignored (helper-182, 3)
      name: 'v4.6: cma= on a command line parse_early_param reads after arm64_memblock_init: ignored, a warning',
      scenario: { arch: 'arm64', kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'parse_early_param', 'arm64_memblock_init'), machine: { cmdline: 'cma=64M' } },
      findings: [{
        step: 'arm64_memblock_init', severity: 'warning', related: ['parse_early_param'],
        consequence: /^dma_contiguous_reserve\(\) sizes the default CMA area from size_cmdline, which only early_cma\(\) sets: the command line's cma= is ignored, CONFIG_CMA_SIZE_MBYTES is reserved instead, and the boot goes on$/,
      }],
    },
    {
      // rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/init.c:164-190 reserves the image; mm/mmu.c:65-70,453 early_alloc = memblock_alloc
      name: 'v4.4: paging_init before arm64_memblock_init: early_alloc() may hand out the unreserved kernel image',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'paging_init', 'arm64_memblock_init') },
      findings: [{ step: 'paging_init', related: ['arm64_memblock_init'], message: /paging_init needs memblock with the kernel image reserved, but arm64_memblock_init \(step \d+\) only comes later/, fix: /move paging_init \(step \d+\) after arm64_memblock_init/ }],
      fixed: ORDER_V4_4,
    },
    {
      name: 'v4.6: paging_init before arm64_memblock_init: memstart_addr is still -1 and nothing is reserved',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'arm64_memblock_init', 'paging_init') },
      findings: [
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /needs memstart_addr/ },
        { step: 'paging_init', related: ['arm64_memblock_init'], message: /needs memblock with the kernel image reserved/ },
      ],
      fixed: ORDER_V4_6,
    },
    {
      name: 'v4.7: psci_dt_init before unflatten_device_tree',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'psci_dt_init', 'unflatten_device_tree') },
      findings: [{ step: 'psci_dt_init', related: ['unflatten_device_tree'], message: /needs the unflattened device tree/ }],
      fixed: ORDER_V4_7,
    },
    {
      // calebwilliamsd/linux-4.7.4-casio@01851de9: bootmem_init() (mm/init.c:306-325) is the only caller of
      // sparse_init()/zone_sizes_init(), called from setup_arch (kernel/setup.c:271). start_kernel() calls
      // mm_init() right after setup_arch() (init/main.c:505,537): mem_init() (mm/init.c:404-414) →
      // free_all_bootmem() → reserve_bootmem_region() (mm/page_alloc.c:1210-1227) writes the struct pages
      // of the reserved pfns, in a vmemmap nothing mapped. The late steps never run (review 17a 1.3).
      name: 'v4.7 setup_arch() without bootmem_init: mm_init() writes struct pages nothing mapped',
      scenario: { arch: A, kernel: 'v4.7', order: without(ORDER_V4_7, 'bootmem_init') },
      findings: [{
        step: 'smp_build_mpidr_hash', related: [],
        message: /^start_kernel\(\) → mm_init\(\), after setup_arch\(\) returns from smp_build_mpidr_hash \(step 19\), needs the struct pages and zones .*no step sets it \(bootmem_init/,
        consequence: /reserve_bootmem_region\(\) does SetPageReserved\(\).*in mm_init\(\), before kernel_init\(\)$/,
        // the catalog's setter for this kernel, which the fix search inserts (v4.7: bootmem_init itself)
        setters: ['bootmem_init'],
      }],
      fixed: ORDER_V4_7,
    },
    {
      name: 'v4.7 without bootmem_init, the late steps listed: the need is where setup_arch() ends, before them',
      scenario: { arch: A, kernel: 'v4.7', order: withLate(without(ORDER_V4_7, 'bootmem_init')) },
      findings: [{ step: 'smp_build_mpidr_hash', related: [], message: /^start_kernel\(\) → mm_init\(\)/, setters: ['bootmem_init'] }],
      fixed: withLate(ORDER_V4_7),
    },
    {
      // review 19a F8: efi_get_fdt_params() → of_scan_flat_dt() on initial_boot_params, NULL before
      // setup_machine_fdt (A47 drivers/firmware/efi/efi.c:526-544, drivers/of/fdt.c:725-734)
      name: 'v4.7 UEFI boot: efi_init before setup_machine_fdt finds no FDT to take the EFI tables from',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'efi_init', 'setup_machine_fdt'), machine: { efi: true } },
      findings: [{ step: 'efi_init', related: ['setup_machine_fdt'], consequence: /initial_boot_params is NULL until setup_machine_fdt/ }],
      fixed: ORDER_V4_7,
    },
    {
      // for_each_memblock(memory, region) with no region allocates nothing (no panic) and registers no System RAM
      // (chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/kernel/setup.c:209-210): it needs the regions setup_machine_fdt adds
      name: 'v4.7: request_standard_resources before setup_machine_fdt: no memblock region to register yet',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'request_standard_resources', 'setup_machine_fdt') },
      findings: [{ step: 'request_standard_resources', related: ['setup_machine_fdt'], message: /^request_standard_resources needs memblock\.memory/ }],
    },
    {
      // what the fix search inserts follows the machine: on a UEFI boot memblock.memory comes from efi_init
      // (reserve_regions(): early_init_dt_add_memory_arch() per usable descriptor, arm-init.c:138-162), on a DT
      // boot from setup_machine_fdt (early_init_dt_scan), chenlihao92/archlinux-4.6.5@b9b6ded13942:
      // drivers/firmware/efi/arm-init.c, arch/arm64/kernel/setup.c:304-348
      name: 'v4.6 UEFI boot without efi_init: memblock.memory is empty, and efi_init is the call to insert',
      scenario: { arch: A, kernel: 'v4.6', order: without(ORDER_V4_6, 'efi_init'), machine: { efi: true } },
      findings: [
        { step: 'arm64_memblock_init', related: [], message: /needs memblock\.memory .*no step sets it/, setters: ['efi_init'] },
        { step: 'request_standard_resources', related: [], message: /needs memblock\.memory .*no step sets it/, setters: ['efi_init'] },
      ],
      fixed: ORDER_V4_6,
    },
    {
      // v4.6 has no bootmem_init call in setup_arch(): paging_init() calls it (mm/mmu.c:568 at b9b6ded13942),
      // so paging_init is what provides the struct pages and is what to insert
      name: 'v4.6 without paging_init: mm_init() finds no struct pages, and paging_init (which calls bootmem_init) is the call to insert',
      scenario: { arch: A, kernel: 'v4.6', order: withLate(without(ORDER_V4_6, 'paging_init')) },
      findings: [{ step: 'smp_build_mpidr_hash', related: [], message: /^start_kernel\(\) → mm_init\(\).*no step sets it/, setters: ['paging_init'] }],
      fixed: withLate(ORDER_V4_6),
    },
  ],
});

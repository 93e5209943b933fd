/**
 * missing-prerequisite (arm64): a setup_arch() step runs before the step
 * that provides what it reads. The needs and sets are the catalog's
 * (catalog.ts, `bootreplay steps --arch arm64`); the rule is the generic one
 * (rules/missing-prerequisite.ts) with arm64's names.
 */
import { missingPrerequisiteRule } from '../../../rules/missing-prerequisite.js';
import type { Rule } from '../../../rules/types.js';
import type { Value } from '../effects.js';
import type { Arm64Trace } from '../types.js';
import { label } from './describe.js';
import { settersOf } from '../setters.js';

const NAMES: Readonly<Record<Value, string>> = {
  fixmap: 'the fixmap page tables (early_fixmap_init)',
  early_ioremap: 'the early_ioremap slots',
  fdt: 'the flattened DTB mapped at FIX_FDT',
  memblock: 'memblock.memory (the DT\'s /memory nodes or the EFI memory map)',
  memblock_reserved: 'memblock with the kernel image reserved',
  early_params: 'the early command-line parameters',
  memstart_addr: 'memstart_addr',
  linear_map: 'the linear map',
  device_tree: 'the unflattened device tree',
  after_paging_init: 'early_ioremap_reset (after paging_init)',
  memmap: 'the struct pages and zones (bootmem_init: sparse_init, zone_sizes_init)',
};

const SETTERS: Readonly<Record<Value, string>> = {
  fixmap: 'early_fixmap_init',
  early_ioremap: 'early_ioremap_init',
  fdt: 'setup_machine_fdt',
  memblock: 'setup_machine_fdt (DT) or efi_init (UEFI)',
  memblock_reserved: 'arm64_memblock_init',
  early_params: 'parse_early_param',
  memstart_addr: 'arm64_memblock_init (v4.6+; head.S on v4.4)',
  linear_map: 'paging_init',
  device_tree: 'unflatten_device_tree',
  after_paging_init: 'early_ioremap_reset',
  memmap: 'bootmem_init (v4.7; paging_init calls it on v4.4 and v4.6)',
};

export const missingPrerequisite: Rule<Arm64Trace> = missingPrerequisiteRule<Arm64Trace, Value>({
  names: NAMES,
  setters: SETTERS,
  setterCalls: (value, trace) => settersOf(value, trace.scenario),
  label,
  doc: 'a step needs something no earlier step set: memblock with the kernel reserved, memstart_addr, the fixmap, the early_ioremap slots, the device tree, bootmem_init\'s struct pages and zones (read by mm_init() when setup_arch() returns)',
  explanation: `setup_arch() in arch/arm64/kernel/setup.c runs its calls in an order the code depends on without
checking it: a call that runs too early reads zeroes or unreserved state instead of failing. Each arm64
step declares what it reads (bootreplay steps --arch arm64 shows it); this rule reports a step that runs
before the step that provides its input:
  - paging_init (arch/arm64/mm/mmu.c) needs arm64_memblock_init (arch/arm64/mm/init.c): its tables and the
    zero page come from memblock_alloc() (early_alloc in v4.4, early_pgtable_alloc from v4.6), and until
    arm64_memblock_init() has run memblock_reserve(__pa(_text), _end - _text) the allocator may hand out
    the kernel image, the initrd or /reserved-memory
    (rivsidn/linux-4.4.155@a1961d75:arch/arm64/mm/init.c:164-190, mm/mmu.c:65-70,453);
  - from v4.6, paging_init's map_mem() places the linear map with __phys_to_virt(), which reads
    memstart_addr, set by arm64_memblock_init (chenlihao92/archlinux-4.6.5@b9b6ded13942:arch/arm64/mm/init.c);
  - arm64_memblock_init needs memblock.memory (setup_machine_fdt → early_init_dt_scan, or efi_init);
  - efi_init and acpi_boot_table_init map firmware tables with early_memremap() (early_ioremap_init), and
    efi_init on a UEFI boot takes them from the FDT's /chosen through initial_boot_params (efi_get_fdt_params()
    → of_scan_flat_dt() in drivers/firmware/efi/efi.c), which setup_machine_fdt sets;
  - psci_dt_init and smp_init_cpus walk the tree unflatten_device_tree builds;
  - start_kernel() needs bootmem_init (the only arm64 caller of sparse_init(), the struct pages, and
    zone_sizes_init(), the zones; paging_init calls it on v4.4 and v4.6, setup_arch on v4.7) as soon as
    setup_arch() returns: mm_init() → mem_init() → free_all_bootmem() → reserve_bootmem_region() writes the
    struct page of every reserved pfn, in a vmemmap nothing mapped without it, before any late step runs. The
    finding is on the last setup_arch() step, the one start_kernel() goes on from
    (calebwilliamsd/linux-4.7.4-casio@01851de9:init/main.c:505,537, arch/arm64/mm/init.c:306-325,404-414,
    mm/nobootmem.c:128-135, mm/page_alloc.c:1210-1227).
Fix: move the step after the one that provides its input; the finding names it.`,
});

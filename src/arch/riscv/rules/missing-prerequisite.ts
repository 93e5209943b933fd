/**
 * missing-prerequisite: a step runs before something it needs exists: the
 * DTB's memory banks (parse_dtb), the early_ioremap slots, memblock with the
 * kernel reserved (setup_bootmem), the unflattened device tree, and
 * start_kernel()'s mm_init() the struct pages (misc_mem_init).
 */
import { missingPrerequisiteRule } from '../../../rules/missing-prerequisite.js';
import type { Rule } from '../../../rules/types.js';
import type { RiscvTrace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, label } from './describe.js';
import { settersOf } from '../setters.js';

export const missingPrerequisite: Rule<RiscvTrace> = missingPrerequisiteRule<RiscvTrace, keyof typeof VALUE_NAMES>({
  names: VALUE_NAMES,
  setters: VALUE_SETTERS,
  setterCalls: settersOf,
  label,
  doc: 'a step needs something no earlier step set: the DTB\'s memory banks, the early_ioremap slots, memblock reservations, the device tree, the struct pages mm_init() frees into',
  explanation: `setup_arch() in arch/riscv/kernel/setup.c runs its calls in an order that the code depends on
without checking it: each call reads state that an earlier call produced, and a call that runs too early
reads zeroes or garbage instead of failing loudly. Each riscv step declares what it reads (bootreplay steps
--arch riscv shows it), and this rule reports a step that runs before the step providing its input:
  - setup_bootmem (arch/riscv/mm/init.c) needs parse_dtb: memblock.memory comes from the DTB's /memory nodes
    (early_init_dt_scan in drivers/of/fdt.c); without it memblock is empty and the kernel's own reservation
    lands nowhere; on a UEFI boot it also needs efi_init, whose reserve_regions() (drivers/firmware/efi/efi-init.c)
    replaces those ranges with the EFI memory map that setup_bootmem trims and sizes max_pfn from;
  - paging_init (setup_vm_final in arch/riscv/mm/init.c) needs setup_bootmem: its page tables come from
    memblock_phys_alloc(), which may otherwise hand out pages of the kernel image or the DTB (5.14 calls
    setup_bootmem inside paging_init);
  - efi_init (drivers/firmware/efi/efi-init.c) with UEFI needs parse_dtb, since efi_get_fdt_params()
    (drivers/firmware/efi/fdtparams.c) takes the system table and the memory map from /chosen through
    initial_boot_params, NULL before it, and early_ioremap_setup (mm/early_ioremap.c) for its early_memremap()
    slots;
  - setup_smp (arch/riscv/kernel/smpboot.c) and riscv_fill_hwcap (arch/riscv/kernel/cpufeature.c) read the
    unflattened device tree that unflatten_device_tree builds.
  - start_kernel() → mm_init() (init/main.c), right after setup_arch() returns, frees every page into the
    zones through its struct page (mem_init → memblock_free_all), in the vmemmap that misc_mem_init's
    sparse_init maps and the zones its zone_sizes_init sets up (5.10: paging_init does both); the finding is
    on the last setup_arch step.
Fix: move the step after the one that provides its input; the finding names it.`,
});

/**
 * missing-prerequisite: a step runs before something it needs exists: the
 * DTB's memory banks (parse_dtb), the early_ioremap slots, memblock with the
 * kernel reserved (setup_bootmem), the unflattened device tree, and
 * start_kernel()'s mm_init() the struct pages (misc_mem_init).
 */
import { missingPrerequisiteRule } from '../../../rules/missing-prerequisite.js';
import type { NeedEvent, StepRef } from '../../../replay/trace.js';
import type { Rule } from '../../../rules/types.js';
import type { RiscvTrace } from '../types.js';
import { VALUE_NAMES, VALUE_SETTERS, label, setterOf } from './describe.js';
import { settersOf } from '../setters.js';

/**
 * What setup_bootmem() before efi_init() gets wrong on a UEFI boot, in this order. reserve_regions() throws the DT's
 * /memory ranges away (memblock_remove(0, PHYS_ADDR_MAX)), adds the EFI memory map's RAM and marks what is not
 * usable nomap (zhangyinjun/linux-5.12.9@38c16b0cce67 drivers/firmware/efi/efi-init.c:165-207; the same at 5.10
 * and 5.14). What setup_bootmem() derived before it stays the DT's: the memblock_enforce_memory_limit() trim,
 * which the remove undoes, and max_pfn/max_low_pfn from memblock_end_of_DRAM() (R512 mm/init.c:117,131-132; 5.14
 * phys_ram_end, R514 :172,191-195). setup_vm_final() and sparse_init() follow the DT only when they too run before
 * efi_init(); after it they walk the EFI map, for_each_mem_range() skipping its nomap ranges (MEMBLOCK_NONE,
 * R512 include/linux/memblock.h:208-210, mm/memblock.c:950-952).
 *
 * @param setter the efi_init step, when the order has one after the need
 */
function efiMemoryConsequence(e: NeedEvent, setter: StepRef | undefined, trace: RiscvTrace): string {
  const before = (step: StepRef | undefined): step is StepRef => step !== undefined && (setter === undefined || step.index < setter.index);
  const linear = setterOf(trace, 'linear_map');
  const memmap = setterOf(trace, 'memmap');
  const reader = trace.profile.bootmemInPagingInit ? `setup_bootmem() in ${label(e.step)}` : label(e.step);
  const sized = trace.profile.bootmemInPagingInit ? 'phys_ram_end and max_pfn/max_low_pfn' : 'max_pfn/max_low_pfn';
  const replaced = setter !== undefined
    ? `${label(setter)} then replaces memblock.memory with the EFI memory map's RAM (reserve_regions(): memblock_remove(0, PHYS_ADDR_MAX), memblock_add() of each usable descriptor, memblock_mark_nomap() of the rest), which undoes the trim`
    : 'no step runs efi_init(), so memblock.memory stays the DT\'s /memory ranges and nothing marks the firmware\'s unusable ranges nomap';
  const follow: string[] = [];
  if (before(linear)) follow.push(`the linear map (setup_vm_final() in ${label(linear)}) maps the DT's RAM${setter !== undefined ? ', with no nomap ranges' : ''}`);
  if (before(memmap)) follow.push(`the memmap (sparse_init() in ${label(memmap)}) covers the DT's RAM`);
  const after: string[] = [];
  if (linear !== undefined && !before(linear)) after.push(`setup_vm_final() (${label(linear)}) maps the EFI map's RAM without its nomap ranges`);
  if (memmap !== undefined && !before(memmap)) after.push(`sparse_init() (${label(memmap)}) covers the EFI map's RAM`);
  return [
    `on a UEFI boot memblock.memory must be the EFI memory map when setup_bootmem() reads it, but ${reader} reads the DT's /memory ranges: its memblock_enforce_memory_limit() trim and ${sized} follow the DT's RAM, not the firmware's`,
    replaced,
    ...(follow.length > 0 ? [`${setter !== undefined ? 'running before efi_init as well, ' : 'so '}${follow.join(', and ')}`] : []),
    ...(after.length > 0 ? [`after efi_init, ${after.join(', and ')}, while ${sized} stay the DT's`] : []),
  ].join('; ');
}

export const missingPrerequisite: Rule<RiscvTrace> = missingPrerequisiteRule<RiscvTrace, keyof typeof VALUE_NAMES>({
  names: VALUE_NAMES,
  setters: VALUE_SETTERS,
  setterCalls: settersOf,
  label,
  consequence: (e, value, setter, trace) => (value === 'efi_memory' ? efiMemoryConsequence(e, setter, trace) : undefined),
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

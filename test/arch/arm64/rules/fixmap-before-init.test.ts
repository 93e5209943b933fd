import { fixmapBeforeInit } from '../../../../src/arch/arm64/rules/fixmap-before-init.js';
import { ruleTester } from '../../../rules/rule-tester.js';
import { ORDER_V4_4, ORDER_V4_6, ORDER_V4_7, moveAfter, moveBefore, withLate, without } from '../fixtures/orders.js';

const A = 'arm64';
const EARLYCON = { cmdline: 'earlycon=pl011,0x9000000' };

ruleTester(fixmapBeforeInit, {
  valid: [
    { name: 'v4.4 with earlycon and EFI', scenario: { arch: A, kernel: 'v4.4', order: ORDER_V4_4, machine: { ...EARLYCON, efi: true } } },
    { name: 'v4.6 ACPI boot through UEFI: the tables through early_memremap', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, machine: { ...EARLYCON, efi: true, acpi: true } } },
    { name: 'v4.7, VA_BITS=48: the walks through FIX_PUD/PMD/PTE find bm_pte', scenario: { arch: A, kernel: 'v4.7', order: ORDER_V4_7, config: { va_bits: 48 } } },
    { name: 'v4.6 KASLR engaged: setup_arch rebuilds the fixmap tables the second pass cleared', scenario: { arch: A, kernel: 'v4.6', order: ORDER_V4_6, config: { randomize_base: true }, machine: { kaslr_seed: '0x1234567800000', ...EARLYCON } } },
    {
      name: 'v4.6 RANDOMIZE_BASE but no seed: kaslr_early_init()\'s early_fixmap_init() still holds, so setup_arch could even skip its own',
      scenario: { arch: A, kernel: 'v4.6', order: without(ORDER_V4_6, 'early_fixmap_init'), config: { randomize_base: true } },
    },
    // break-290 F6: before setup_machine_fdt() boot_command_line is empty (early_init_dt_scan_chosen() fills it,
    // drivers/of/fdt.c:1046-1081@01851de9), so parse_early_param() sees no earlycon= and maps no UART: only
    // missing-prerequisite reports this order (gen2/a47-pep-first.yaml)
    {
      name: 'v4.7 VA_BITS=48: parse_early_param first, earlycon= not yet in boot_command_line (break-290 F6)',
      scenario: { arch: A, kernel: 'v4.7', order: moveBefore(ORDER_V4_7, 'parse_early_param', 'early_fixmap_init'), config: { va_bits: 48 }, machine: EARLYCON },
    },
    {
      name: 'v4.4: parse_early_param before early_fixmap_init and setup_machine_fdt: nothing parsed, nothing mapped (break-290 F6)',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'parse_early_param', 'early_fixmap_init'), machine: EARLYCON },
    },
  ],
  invalid: [
    {
      name: 'v4.4: setup_machine_fdt before early_fixmap_init',
      scenario: { arch: A, kernel: 'v4.4', order: moveAfter(ORDER_V4_4, 'early_fixmap_init', 'setup_machine_fdt') },
      findings: [{ step: 'setup_machine_fdt', slot: 'FIX_FDT', related: ['early_fixmap_init'], message: /FIX_FDT at 0xffffffbffa800000 .*before early_fixmap_init\(\): bm_pmd is not hooked/, fix: /move early_fixmap_init \(step 3\) before setup_machine_fdt \(step 2\)/ }],
    },
    {
      name: 'v4.6: early_fixmap_init after parse_early_param: the FDT window and earlycon both unmapped',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'early_fixmap_init', 'parse_early_param'), machine: EARLYCON },
      findings: [
        // no FIX_PMD use: alloc_init_pmd() hits BUG_ON(!pgtable_alloc) before pmd_set_fixmap()
        // (chenlihao92/archlinux-4.6.5@b9b6ded1:arch/arm64/mm/mmu.c:189-193), and the model installs no table
        { step: 'setup_machine_fdt', slot: 'FIX_FDT' },
        { step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', message: /UART at 0x9000000/ },
      ],
    },
    {
      name: 'v4.6: the same with a bare earlycon: the UART address is the model\'s assumption (QEMU virt\'s pl011 from /chosen/stdout-path) and the message says so',
      scenario: { arch: A, kernel: 'v4.6', order: moveAfter(ORDER_V4_6, 'early_fixmap_init', 'parse_early_param'), machine: { cmdline: 'earlycon' } },
      findings: [
        { step: 'setup_machine_fdt', slot: 'FIX_FDT' },
        { step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', message: /UART at 0x9000000 \(earlycon: \/chosen\/stdout-path, not read; assumed QEMU virt's pl011 at 0x9000000 — write earlycon=<name>,<address> for another UART\)/ },
      ],
    },
    {
      name: 'v4.6 KASLR engaged without setup_arch\'s early_fixmap_init: the second pass cleared bm_*',
      scenario: { arch: A, kernel: 'v4.6', order: without(ORDER_V4_6, 'early_fixmap_init'), config: { randomize_base: true }, machine: { kaslr_seed: '0x1234567800000' } },
      findings: [
        { step: 'setup_machine_fdt', slot: 'FIX_FDT', fix: /KASLR/ },
        // early_pgtable_alloc() maps its new page to memset() it, and paging_init's pgd_set_fixmap() holds one page:
        // neither is a table walk (helper-178 F9; chenlihao92/archlinux-4.6.5@b9b6ded1 arch/arm64/mm/mmu.c:74-96, 541)
        {
          step: 'paging_init', slot: 'FIX_PTE', message: /early_pgtable_alloc uses FIX_PTE at 0x[0-9a-f]+ \(the new table page, mapped to memset\(\) it\)/,
          consequence: /^early_pgtable_alloc\(\) maps the table page it has just allocated at FIX_PTE and memset\(\)s it .*so the memset faults/,
        },
        { step: 'paging_init', slot: 'FIX_PGD', message: /\(a table page at 0x[0-9a-f]+\)/, consequence: /^pgd_set_fixmap\(\) maps the table page at FIX_PGD /u },
      ],
    },
    {
      // paging_init's walks reuse FIX_PTE after early_pgtable_alloc (one finding per step and slot); mark_rodata_ro's walk starts at FIX_PUD
      name: 'v4.7 VA_BITS=48 KASLR engaged without setup_arch\'s early_fixmap_init: mark_rodata_ro\'s walk through FIX_PUD/PMD/PTE',
      scenario: { arch: A, kernel: 'v4.7', order: withLate(without(ORDER_V4_7, 'early_fixmap_init')), config: { va_bits: 48, randomize_base: true, debug_rodata: true }, machine: { kaslr_seed: '0x1234567800000' } },
      findings: [
        { step: 'setup_machine_fdt', slot: 'FIX_FDT' },
        { step: 'paging_init', slot: 'FIX_PTE', consequence: /^early_pgtable_alloc\(\)/ },
        { step: 'paging_init', slot: 'FIX_PGD', consequence: /^pgd_set_fixmap\(\)/ },
        { step: 'mark_rodata_ro', slot: 'FIX_PUD', message: /\(the table walk maps each table through FIX_PUD, FIX_PMD, FIX_PTE\)/, consequence: /^the page-table walk maps each table it visits through this slot/ },
      ],
    },
    {
      name: 'v4.4 UEFI boot: efi_init before early_ioremap_init (slot_virt[] still 0)',
      scenario: { arch: A, kernel: 'v4.4', order: moveBefore(ORDER_V4_4, 'efi_init', 'early_ioremap_init'), machine: { efi: true } },
      // the first early_memremap of efi_init() is the memory map's (A44 arch/arm64/kernel/efi.c:215, before uefi_init at :228)
      findings: [{ step: 'efi_init', slot: 'FIX_BTMAP_BEGIN', related: ['early_ioremap_init'], message: /EFI memory map.*before early_ioremap_init.*slot_virt/ }],
    },
  ],
});

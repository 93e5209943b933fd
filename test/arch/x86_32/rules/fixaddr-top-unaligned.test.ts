/**
 * fixaddr-top-unaligned: reserve_top_address() does not round (`__FIXADDR_TOP =
 * -reserve - PAGE_SIZE`, arch/x86/mm/pgtable.c at 2.6.34 e40152ee1e1c :347-355),
 * so a reservetop= that is no page multiple leaves every fix_to_virt() address
 * inside a page. VMI (64 MiB), Xen (HYPERVISOR_VIRT_START) and OLPC (1 MiB
 * boundaries) reserve whole pages.
 */
import { fixaddrTopUnaligned } from '../../../../src/arch/x86_32/rules/fixaddr-top-unaligned.js';
import { ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, insertAfter, moveAfter, releaseOrder } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

ruleTester(fixaddrTopUnaligned, {
  valid: [
    { name: 'no relocation: FIXADDR_TOP 0xfffff000', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34') } },
    { name: 'VMI reserves 64 MiB', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi' } },
    { name: 'Xen PAE: HYPERVISOR_VIRT_START', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'xen', pae: true } },
    { name: 'OLPC: olpc_ofw_detect() reserves from a 1 MiB boundary', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), machine: { olpc_ofw_cif: '0xff834567' } } },
    { name: 'reservetop=16M', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=16M' } },
    { name: 'reservetop=0xbadc0de reservetop=16M: parse_reservetop() runs for each, and the second top is aligned before any fixmap user', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de reservetop=16M' } },
    { name: 'reservetop=0xbadd000: a page multiple (not a PMD one: btmap-pmd-straddle may say so, this rule does not)', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadd000' } },
    {
      // reserve_top_address() starts with BUG_ON(fixmaps_set > 0) (arch/x86/mm/pgtable.c :325-333 at
      // dandel/linux-2.6.32.y@f472f49700ab): the earlycon's set_fixmap stops the kernel before __FIXADDR_TOP moves
      name: 'earlycon= before reservetop=0xbadc0de in one parse_early_param: the kernel BUG()s before the top moves (fixmap-before-relocation\'s)',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'earlycon=uart8250,mmio,0xfed00000 reservetop=0xbadc0de' },
    },
    {
      // vmi_init()'s reserve_top_address(-vmi_rom->virtual_top) sets __FIXADDR_TOP = -reserve - PAGE_SIZE again
      // (arch/x86/kernel/vmi_32.c :974, arch/x86/mm/pgtable_32.c :112 at caglar10ur/linux-2.6.27.y@3fa8749e584b), page-aligned,
      // before dmi_scan_machine: Alok Kataria's first proposal (2.6.27-rc2) leaves nothing off (break-280 F1)
      name: 'VMI, reservetop=0x1001, vmi_init right after find_low_pfn_range: vmi_init reserves again, page-aligned, before any fixmap user',
      scenario: { kernel: '2.6.27-rc2', order: moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'find_low_pfn_range'), hypervisor: 'vmi', cmdline: 'reservetop=0x1001' },
    },
  ],
  invalid: [
    {
      name: '2.6.34 with e67a807f3d9\'s example reservetop=0xbadc0de: slot_virt[] follows (fixup_early_ioremap), but every pointer is 0xf22 bytes into its page',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de' },
      // dmi_scan_machine(): for (q = p; q < p + 0x10000; q += 16) dmi_present(q), which reads 15 bytes
      // (drivers/firmware/dmi_scan.c :339-363, :395-406 at e40152ee1e1c): 0xf22 bytes off, "_DMI_" is never met
      // and the last window ends 0xf21 bytes past the 16 pages; before trap_init() (init/main.c :562, :584) vector
      // 14 is head_32.S's early_page_fault → early_fault → hlt_loop (arch/x86/kernel/head_32.S :530, :548-571)
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['dmi_scan_machine'], halts: 'in dmi_scan_machine',
        message: /^reservetop= in parse_early_param \(step \d+\) reserves 0xbadc0de bytes, not a multiple of PAGE_SIZE: FIXADDR_TOP 0xf4522f22 lies 0xf22 bytes into a page/,
        consequence: /dmi_scan_machine \(step 21\) gets a pointer 0xf22 bytes past the page early_ioremap\(\) mapped .*0x2 bytes off the 16-byte boundaries the anchor sits on: it never meets it and reads on to the end of the F-segment\); then the kernel stops: dmi_scan_machine \(step 21\) reads past its 16 pages into 0xf4351000, a boot-time slot page nothing mapped: .*"BUG: Int 14: CR2 …" with CR2 = 0xf4351000 .* hlt_loop — the machine hangs \(arch\/x86\/kernel\/head_32\.S\)$/,
        fix: /^give reservetop= a multiple of PAGE_SIZE, better of PMD_SIZE: reservetop=0xbc00000$/,
      }],
    },
    {
      // the kernel never returns from dmi_scan_machine: early_acpi_boot_init's set_fixmap(FIX_APIC_BASE) at step 50 is never reached
      name: '2.6.34: the DMI scan\'s page fault stops the kernel, so the set_fixmap user after it (early_acpi_boot_init\'s FIX_APIC_BASE) is not described',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de' },
      findings: [{ step: 'parse_early_param', related: ['dmi_scan_machine'], halts: 'in dmi_scan_machine', consequence: /^(?![\s\S]*(FIX_APIC_BASE|early_acpi_boot_init|acpi_boot_table_init))[\s\S]*then the kernel stops: dmi_scan_machine \(step 21\) reads past its 16 pages/ }],
    },
    {
      // FIXADDR_TOP 0xffffd001: the last dmi_present() window ends at p + 0xffff, on the last mapped byte
      name: '2.6.34 with reservetop=0x1fff: 1 byte off, the scan misses "_DMI_" but its last 15-byte window stays inside the F-segment: "DMI not present or invalid.", no fault, the later users are described',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0x1fff' },
      findings: [{
        step: 'parse_early_param', related: ['dmi_scan_machine', 'early_acpi_boot_init'], halts: false,
        consequence: /dmi_scan_machine \(step 21\) gets a pointer 0x1 bytes past .*0x1 bytes off the 16-byte boundaries the anchor sits on: it never meets it and reads on to the end of the F-segment, "DMI not present or invalid."; DMI quirks are lost\); early_acpi_boot_init \(step 50\) maps FIX_APIC_BASE/,
      }],
    },
    {
      // FIXADDR_TOP 0xffffdff0: 0xff0 is a multiple of 16, so the scan's windows still fall on the anchor's boundaries
      // and it stops where it meets it (no fault claimed); acpi_tb_parse_root_table() then reads the 36-byte
      // struct acpi_table_header (drivers/acpi/acpica/tbutils.c :388 at e40152ee1e1c) 0xff0 bytes into a one-page mapping
      name: '2.6.34 with reservetop=0x1010: 0xff0 bytes off, a multiple of 16: the DMI scan may meet "_DMI_" (no fault claimed), and the ACPI table header read runs past its page and stops the kernel',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0x1010' },
      findings: [{
        step: 'parse_early_param', related: ['dmi_scan_machine', 'acpi_boot_table_init'], halts: 'in acpi_boot_table_init',
        consequence: /^(?![\s\S]*(early_acpi_boot_init|FIX_APIC_BASE))[\s\S]*its 16-byte steps are still aligned, 0xff0 being a multiple of 16: it meets "_DMI_" if the anchor lies at or above phys 0x000f0ff0[^;]*; acpi_boot_table_init \(step 49\) gets a pointer 0xff0 bytes past .*; then the kernel stops: acpi_boot_table_init \(step 49\) reads past its page into 0xffe1d000/,
      }],
    },
    {
      // the ACPI readers read at least struct acpi_table_header (36 bytes) through early_ioremap (2.6.30+): 0xf22 + 36 stays in the page;
      // the DMI scan moved after early_acpi_boot_init then faults, and acpi_boot_init's users after it are not described
      name: 'a later early_ioremap user that reads past its pages stops the list there, after the first one (ACPI, inside its page) and the set_fixmap user before it',
      scenario: { kernel: '2.6.34', order: moveAfter(releaseOrder('2.6.34'), 'dmi_scan_machine', 'early_acpi_boot_init'), cmdline: 'reservetop=0xbadc0de' },
      findings: [{
        step: 'parse_early_param', related: ['acpi_boot_table_init', 'early_acpi_boot_init', 'dmi_scan_machine'], halts: 'in dmi_scan_machine',
        consequence: /acpi_boot_table_init \(step \d+\) gets a pointer 0xf22 bytes past the page .*: it reads what lies 0xf22 bytes further on; early_acpi_boot_init \(step \d+\) maps FIX_APIC_BASE .*; dmi_scan_machine \(step \d+\) gets a pointer .*; then the kernel stops: dmi_scan_machine \(step \d+\) reads past its 16 pages into 0xf4351000/,
      }],
    },
    {
      name: '2.6.36: early_trap_init() (29c843912a0) ran before, so the fault past the DMI scan is do_page_fault()\'s oops',
      scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'reservetop=0x1000001' },
      findings: [{ step: 'parse_early_param', halts: 'in dmi_scan_machine', consequence: /0xfff bytes past the page .*then the kernel stops: dmi_scan_machine .*page-faults into do_page_fault\(\), installed by early_trap_init/ }],
    },
    {
      name: '2.6.30: the early_ioremap pointers are stale (slot_virt[] from before, page-aligned: stale-early-ioremap\'s); only the set_fixmap user is named',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'reservetop=0xbadc0de' },
      findings: [{ step: 'parse_early_param', related: ['early_acpi_boot_init'], consequence: /^[^;]*: early_acpi_boot_init \(step \d+\) maps FIX_APIC_BASE/ }],
    },
    {
      // before 2.6.30 early_ioremap() returns offset + fix_to_virt(idx0) at the new top (arch/x86/mm/ioremap.c :716 at
      // DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05, 2.6.28), but bm_pte stays hooked at the old PMD (no
      // fixup_early_ioremap() before 2.6.34-rc7): the DMI scan's page is not mapped at all, a fault before any shifted read
      name: '2.6.29: the DMI scan faults on a page bm_pte does not serve (stale-early-ioremap\'s), and the kernel stops there: no later user is described',
      scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), cmdline: 'reservetop=0xbadc0de' },
      findings: [{ step: 'parse_early_param', related: [], consequence: /: the first fixmap user after it stops the kernel before anything is read off its page: dmi_scan_machine \(step \d+\) addresses FIX_BTMAP_BEGIN at 0xf4323f22, a page nothing maps \(stale-early-ioremap\)$/ }],
    },
    {
      name: '2.6.29 up to the DMI scan: no user reads off its page, the one after it faults first (and says whose finding that is)',
      scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29').slice(0, releaseOrder('2.6.29').indexOf('dmi_scan_machine') + 1), cmdline: 'reservetop=0xbadc0de' },
      findings: [{ step: 'parse_early_param', related: [], consequence: /the first fixmap user after it stops the kernel before anything is read off its page: dmi_scan_machine \(step \d+\) addresses FIX_BTMAP_BEGIN at 0xf4323f22, a page nothing maps \(stale-early-ioremap\)/ }],
    },
    {
      // the earlycon's set_fixmap after the relocation finds no page table (set_pte_vaddr() BUG()s: missing-prerequisite):
      // it never addresses its registers, so it is not described as working 0xf22 bytes off
      name: 'reservetop=0xbadc0de before earlycon=: the earlycon\'s set_fixmap BUG()s (missing-prerequisite) in the same step: the kernel stops there, no later user is described',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0xbadc0de earlycon=uart8250,mmio,0xfed00000' },
      findings: [{ step: 'parse_early_param', related: [], consequence: /: the first fixmap user after it stops the kernel before anything is read off its page: parse_early_param \(step \d+\) addresses FIX_EARLYCON_MEM_BASE at 0xf451ff22, a page nothing maps \(missing-prerequisite\)$/ }],
    },
    {
      name: 'reservetop=16M reservetop=0xbadc0de: the unaligned one is the last, so it counts',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=16M reservetop=0xbadc0de' },
      findings: [{ step: 'parse_early_param', message: /reserves 0xbadc0de bytes/ }],
    },
    {
      // the same machine with the rc1 order: vmi_init re-aligns the top only after the DMI scan, so the finding stands,
      // and vmi_init is a call to move (not an example): where it sits decides (Finding.orderMayFix, break-280 F1)
      name: 'VMI, reservetop=0x1001, 2.6.27-rc1 order: vmi_init comes after the DMI scan, and is related as the call whose place decides',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', cmdline: 'reservetop=0x1001' },
      findings: [{
        step: 'parse_early_param', related: ['dmi_scan_machine', 'vmi_init'], halts: 'in dmi_scan_machine',
        roles: [/^first early_ioremap\(\) after it/, /between parse_early_param \(step \d+\) and the first fixmap user after it, it would leave nothing off; here it runs after the first fixmap user$/],
      }],
    },
    {
      // break-290 N6 (rt-vmi.yaml): on the 2.6.35 order vmi_init (step 2) runs before the reservetop= reserve
      // (step 14): it is still the call that could be moved, but the line must not say it re-aligns here
      name: 'VMI, reservetop=0xbadc0de, 2.6.35 order: vmi_init before parse_early_param is related as where it could go, not as what it does (break-290 N6)',
      scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), hypervisor: 'vmi', cmdline: 'reservetop=0xbadc0de' },
      findings: [{
        step: 'parse_early_param', related: ['dmi_scan_machine', 'vmi_init'], halts: 'in dmi_scan_machine',
        roles: [/^first early_ioremap\(\) after it/, /^reserves again, page-aligned \(FIXADDR_TOP 0xfbfff000\): between parse_early_param \(step 14\) and the first fixmap user after it, it would leave nothing off; here it runs before parse_early_param \(step 14\) and re-aligns nothing$/],
      }],
    },
    {
      // a reserve smaller than VMI's 64 MiB moves the fixmap into VMI's hole (layout-overlap): 0x400000 would not be a fix
      name: 'under VMI the fix reserves at least the hypervisor hole: reservetop=0x1001 → 0x4000000',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'reservetop=0x1001' },
      findings: [{ step: 'parse_early_param', fix: /reservetop=0x4000000 \(at least the hypervisor hole from 0xfc000000\)$/ }],
    },
    {
      // a define:d set_fixmap user once the fixmap page tables exist, then the DMI scan moved after it
      name: 'the users are named in step order: a set_fixmap user before the first early_ioremap comes first',
      scenario: {
        kernel: '2.6.34', cmdline: 'reservetop=0xbadc0de',
        order: insertAfter(moveAfter(releaseOrder('2.6.34'), 'dmi_scan_machine', 'init_memory_mapping'), 'poke', 'init_memory_mapping'),
        define: { poke: { doc: 'maps a text-poke page', set_fixmap: 'FIX_TEXT_POKE0' } },
      },
      findings: [{ step: 'parse_early_param', related: ['poke', 'dmi_scan_machine'], consequence: /: poke \(step \d+\) maps FIX_TEXT_POKE0 .*; dmi_scan_machine \(step \d+\) gets a pointer/ }],
    },
    {
      // reservetop= is at most 0x3761b000 here (2.6.34, this config: past it MAXMEM = VMALLOC_END - PAGE_OFFSET - 128 MiB
      // wraps, test/loader/ranges.test.ts): rounding up would give 0x37800000, which the loader refuses
      name: 'a reserve just under the largest the loader takes is rounded down: reservetop=0x3761a001 → 0x37400000',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'reservetop=0x3761a001' },
      findings: [{ step: 'parse_early_param', fix: /reservetop=0x37400000$/ }],
    },
    {
      name: 'PAE: the PMD-multiple fix is 2 MiB',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), pae: true, cmdline: 'reservetop=0x300001' },
      findings: [{ step: 'parse_early_param', fix: /reservetop=0x400000$/ }],
    },
  ],
});

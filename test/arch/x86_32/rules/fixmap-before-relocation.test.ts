import { fixmapBeforeRelocation } from '../../../../src/arch/x86_32/rules/fixmap-before-relocation.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, moveAfter, moveBefore, releaseOrder, without } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

/** Alok Kataria's first proposal and the applied rc3 fix (seed 001). */
const FIRST_PROPOSAL = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'find_low_pfn_range');
const RC3_FIX = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'early_ioremap_init');
/** break-290 F3: the 2.6.27-rc1 order with vmi_init last, after the APIC calls (lapic-latepep.yaml, lapic-nopep.yaml) */
const VMI_LAST = moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'efi_mem_type');
/** … with parse_early_param after every APIC call, and without it */
const VMI_LAST_PEP_LAST = moveAfter(VMI_LAST, 'parse_early_param', 'vmi_init');
const VMI_LAST_NO_PEP = without(VMI_LAST, 'parse_early_param');
/** the fixmap users of VMI_LAST before the APIC calls (page tables, DMI, pkmap) */
const BEFORE_APIC = [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }, { step: 'paging_init' }];

ruleTester(fixmapBeforeRelocation, {
  valid: [
    { name: '2.6.27-rc1 order on bare metal: nothing relocates', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1 } },
    { name: '2.6.27-rc1 order as a Xen guest: xen_reserve_top runs before setup_arch', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'xen', pae: true } },
    { name: "Kataria's first proposal: vmi_init between find_low_pfn_range and init_memory_mapping", scenario: { kernel: '2.6.27-rc2', order: FIRST_PROPOSAL, hypervisor: 'vmi' } },
    { name: 'the applied rc3 fix: vmi_init right after early_ioremap_init', scenario: { kernel: '2.6.27-rc3', order: RC3_FIX, hypervisor: 'vmi' } },
    { name: '2.6.27 on a 4 GiB PAE VMI host: ACPI tables through the fixmap, but after vmi_init', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true } } },
    { name: '2.6.26: vmi_init before paging_init builds the fixmap page tables', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' } },
    { name: '2.6.28: vmi_init first of all', scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', machine: { efi: true, setup_data: true } } },
    { name: 'reservetop= parsed before any fixmap user', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'reservetop=16M' } },
    { name: '1.1: a second earlyprintk= is ignored (early_console_initialized): no FIX_DBGP_BASE before reservetop=', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'earlyprintk=vga earlyprintk=dbgp reservetop=16M' } },
    { name: '1.2: earlyprintk=vga,dbgp on 2.6.31 sets up VGA only (strncmp at the value\'s start until c9530948bc6)', scenario: { kernel: '2.6.31', order: releaseOrder('2.6.31'), cmdline: 'earlyprintk=vga,dbgp reservetop=16M' } },
    // early_dbgp_init() returns at !early_pci_allowed() before set_fixmap_nocache(FIX_DBGP_BASE) (ehci-dbgp.c:843-844, :889 at 2.6.36 f6f94e2ab1b)
    { name: 'pci=off before earlyprintk=dbgp: early_dbgp_init() maps nothing, so nothing is counted before reservetop=', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'pci=off earlyprintk=dbgp reservetop=16M' } },
    { name: 'pci=noearly before earlyprintk=vga,dbgp on 2.6.32-rc1', scenario: { kernel: '2.6.32-rc1', order: releaseOrder('2.6.32-rc1'), cmdline: 'pci=noearly earlyprintk=vga,dbgp reservetop=16M' } },
    { name: 'kgdbdbgp= is not a parameter of 2.6.34 (4fe1da4ebc1, 2.6.35-rc1)', scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'kgdbdbgp=0 reservetop=16M' } },
    { name: 'pci=noearly kgdbdbgp=0 on 2.6.36: early_dbgp_init() returns first', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), cmdline: 'pci=noearly kgdbdbgp=0 reservetop=16M' } },
    // break-290 F1: the obeying order of the F1 cases: the ACPI tables (acpi=off acpi=force) after vmi_init, as 2.6.27 ships
    { name: '2.6.27 on the 4 GiB PAE VMI host with acpi=off acpi=force: ACPI on, the tables mapped after vmi_init', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off acpi=force' } },
    { name: 'an early_ioremap before early_ioremap_reset does not count (bm_pte)', scenario: { kernel: '2.6.27-rc2', order: moveBefore(FIRST_PROPOSAL, 'dmi_scan_machine', 'vmi_init'), hypervisor: 'vmi' } },
  ],
  invalid: [
    {
      name: 'the 2.6.27-rc1 VMI regression: fixmap page tables and DMI before vmi_init',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi' },
      findings: [
        // page tables at the old top break only a later set_fixmap(): the kernel goes on past init_memory_mapping
        { step: 'init_memory_mapping', related: ['vmi_init'], message: /fixmap page tables for 0xffc00000–0x100000000 under FIXADDR_TOP 0xfffff000 .* 0xfbfff000/, fix: /the relocation \(vmi_init \(step 41\)\) has to happen before the first fixmap user, init_memory_mapping \(step 28\)/, halts: false },
        // a counted set_fixmap(): reserve_top_address()'s BUG_ON(fixmaps_set > 0) stops the kernel in vmi_init, before it relocates
        { step: 'dmi_scan_machine', related: ['vmi_init'], slot: 'FIX_BTMAP_BEGIN', message: /FIX_BTMAP_BEGIN at 0xffe00000/, fix: /first fixmap user, init_memory_mapping \(step 28\)/, halts: 'vmi_init' },
      ],
    },
    {
      name: '2.6.27-rc1 on a 4 GiB PAE VMI host: the ACPI tables are fixmap users too',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true } },
      findings: [
        { step: 'init_memory_mapping' },
        { step: 'dmi_scan_machine' },
        { step: 'acpi_boot_table_init', slot: 'FIX_ACPI_END' },
        { step: 'acpi_numa_init', slot: 'FIX_ACPI_END' },
      ],
    },
    {
      // break-290 F1: parse_acpi() runs for each acpi= in order; force clears acpi_disabled, ht sets acpi_ht, and
      // acpi_boot_table_init() bails out only `if (acpi_disabled && !acpi_ht)` (arch/x86/kernel/acpi/boot.c:1644,
      // :1718-1752 at caglar10ur/linux-2.6.27.y@6e86841d05f): both map the ACPI tables as acpi=force does
      name: 'break-290 F1: acpi=off acpi=force on the 4 GiB PAE VMI host: ACPI is on again, the ACPI tables BUG as without acpi=off',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off acpi=force' },
      findings: [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }, { step: 'acpi_boot_table_init', slot: 'FIX_ACPI_END' }, { step: 'acpi_numa_init', slot: 'FIX_ACPI_END' }],
    },
    {
      name: '… acpi=off acpi=ht: acpi_disabled stays 1, but acpi_ht = 1 lets acpi_boot_table_init() parse the tables',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off acpi=ht' },
      findings: [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }, { step: 'acpi_boot_table_init', slot: 'FIX_ACPI_END' }, { step: 'acpi_numa_init', slot: 'FIX_ACPI_END' }],
    },
    {
      name: '… acpi=force acpi=off, acpi=ht acpi=off: the last word turns it off, no ACPI table is mapped',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=force acpi=ht acpi=off' },
      findings: [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }],
    },
    {
      // break-290 F2: acpi_boot_table_init() filled the root table list before parse_early_param() parsed acpi=off;
      // acpi_numa_init() → acpi_table_parse() checks no flag until 2.6.32-rc1 (drivers/acpi/numa.c:241-253,
      // drivers/acpi/tables.c:241-258 at 6e86841d05f), so the SRAT is mapped wherever acpi_numa_init goes, and
      // the fix moves it after vmi_init, not after parse_early_param
      name: 'break-290 F2: acpi=off parsed after acpi_boot_table_init and acpi_numa_init: both still map',
      scenario: { kernel: '2.6.27-rc1', order: moveAfter(ORDER_2_6_27_RC1, 'parse_early_param', 'acpi_numa_init'), hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off' },
      findings: [
        { step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' },
        { step: 'acpi_boot_table_init', slot: 'FIX_ACPI_END' },
        // the replayed fix hint (after vmi_init) is pinned in test/compare/fix-hints.test.ts
        { step: 'acpi_numa_init', slot: 'FIX_ACPI_END' },
      ],
    },
    {
      name: '… the order the old fix hint gave (acpi_numa_init after parse_early_param) still maps the SRAT before vmi_init',
      scenario: { kernel: '2.6.27-rc1', order: moveAfter(moveAfter(ORDER_2_6_27_RC1, 'parse_early_param', 'acpi_numa_init'), 'acpi_numa_init', 'parse_early_param'), hypervisor: 'vmi', pae: true, memory: '4GiB', config: { acpi_numa: true }, cmdline: 'acpi=off' },
      findings: [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }, { step: 'acpi_boot_table_init', slot: 'FIX_ACPI_END' }, { step: 'acpi_numa_init', slot: 'FIX_ACPI_END' }],
    },
    {
      name: 'low ACPI tables stay in the direct map, but an above-lowmem initrd is copied through the fixmap',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', machine: { acpi_tables: 'low', initrd: 'above-lowmem' } },
      findings: [{ step: 'init_memory_mapping' }, { step: 'reserve_initrd', message: /early_ioremap\(\) after early_ioremap_reset/ }, { step: 'dmi_scan_machine' }],
    },
    {
      // reserve_initrd(): ramdisk_size >= end_of_lowmem / 2 disables the initrd before any copy (2.6.27-rc1
      // arch/x86/kernel/setup.c:332-337 at caglar10ur/linux-2.6.27.y@6e86841d05)
      name: '… but a 600 MiB initrd is "too large to handle": reserve_initrd copies nothing and maps no fixmap slot',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', pae: true, memory: '4GiB', machine: { acpi_tables: 'low', initrd: 'above-lowmem', initrd_size: '600MiB' } },
      findings: [{ step: 'init_memory_mapping' }, { step: 'dmi_scan_machine' }],
    },
    {
      name: 'vmi_init after the APIC calls: the MADT\'s FIX_APIC_BASE, init_apic_mappings and the IO-APIC are fixmap users too',
      scenario: { kernel: '2.6.27-rc1', order: VMI_LAST, hypervisor: 'vmi' },
      findings: [
        ...BEFORE_APIC,
        { step: 'acpi_boot_init', slot: 'FIX_APIC_BASE' }, { step: 'init_apic_mappings', slot: 'FIX_APIC_BASE' }, { step: 'ioapic_init_mappings', slot: 'FIX_IO_APIC_BASE_0' },
      ],
    },
    {
      // parse_nolapic and parse_noapic are early_param()s (arch/x86/kernel/apic_32.c:1701-1707, io_apic_32.c:2868-2874
      // at caglar10ur/linux-2.6.27.y@6e86841d05f): once parsed, acpi_boot_init() maps no local APIC and registers no
      // IO-APIC (acpi/boot.c cpu_has_apic, skip_ioapic_setup); init_apic_mappings() maps FIX_APIC_BASE in any case (2.6.27-rc1)
      name: '… with nolapic noapic parsed first, acpi_boot_init and ioapic_init_mappings map nothing (break-290 F3, the obeying order)',
      scenario: { kernel: '2.6.27-rc1', order: VMI_LAST, hypervisor: 'vmi', cmdline: 'nolapic noapic' },
      findings: [...BEFORE_APIC, { step: 'init_apic_mappings', slot: 'FIX_APIC_BASE' }],
    },
    {
      name: '… but with parse_early_param after the APIC calls, nolapic noapic are not parsed yet there: the errors stay (break-290 F3, nolapic-noapic-latepep.yaml)',
      scenario: { kernel: '2.6.27-rc1', order: VMI_LAST_PEP_LAST, hypervisor: 'vmi', cmdline: 'nolapic noapic' },
      findings: [
        ...BEFORE_APIC,
        { step: 'acpi_boot_init', slot: 'FIX_APIC_BASE' }, { step: 'init_apic_mappings', slot: 'FIX_APIC_BASE' }, { step: 'ioapic_init_mappings', slot: 'FIX_IO_APIC_BASE_0' },
      ],
    },
    {
      name: '… and without parse_early_param they are never parsed (break-290 F3, nolapic-noapic-nopep.yaml)',
      scenario: { kernel: '2.6.27-rc1', order: VMI_LAST_NO_PEP, hypervisor: 'vmi', cmdline: 'nolapic noapic' },
      findings: [
        ...BEFORE_APIC,
        { step: 'acpi_boot_init', slot: 'FIX_APIC_BASE' }, { step: 'init_apic_mappings', slot: 'FIX_APIC_BASE' }, { step: 'ioapic_init_mappings', slot: 'FIX_IO_APIC_BASE_0' },
      ],
    },
    {
      name: 'OHCI-1394 early DMA sets FIX_OHCI1394_BASE',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', machine: { ohci1394_dma_early: true } },
      findings: [{ step: 'init_memory_mapping', consequence: /BUG\(\) in set_pte_vaddr\(\)/ }, { step: 'init_ohci1394_dma_on_all_controllers', slot: 'FIX_OHCI1394_BASE' }, { step: 'dmi_scan_machine' }],
    },
    {
      name: '2.6.26 with vmi_init after paging_init: page tables, kmap_init and DMI at the old top',
      scenario: { kernel: '2.6.26', order: moveAfter(ORDER_2_6_26, 'vmi_init', 'dmi_scan_machine'), hypervisor: 'vmi' },
      findings: [
        // 2.6.26's __set_fixmap() BUG()s in set_pte_pfn() (pgtable_32.c:74 at bce7f793dae); set_pte_vaddr() came with d494a96125c (2.6.27-rc1)
        { step: 'paging_init', message: /fixmap page tables/, consequence: /the next set_fixmap\(\) hits BUG\(\) in set_pte_pfn\(\) \(arch\/x86\/mm\/pgtable_32.c\)$/ },
        { step: 'dmi_scan_machine', message: /fixmaps|set_fixmap/ },
      ],
    },
    {
      name: 'kind 9: a second reserve_top_address() that does not move FIXADDR_TOP still BUGs, and says so',
      scenario: { kernel: '2.6.28', order: releaseOrder('2.6.28'), hypervisor: 'vmi', cmdline: 'earlycon=uart8250,mmio,0xfed00000 reservetop=64M' },
      // set_fixmap and BUG_ON in the same call: the kernel stops inside parse_early_param, after earlycon='s mapping
      findings: [{ step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', related: ['parse_early_param'], message: /runs reserve_top_address\(\) again without moving FIXADDR_TOP \(0xfbfff000\)/, fix: /put reservetop= before the option that maps the fixmap/, halts: 'parse_early_param' }],
    },
    {
      name: '1.2: earlyprintk=vga,dbgp from 2.6.32-rc1 (c9530948bc6) calls early_dbgp_init too: FIX_DBGP_BASE before reservetop=',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'earlyprintk=vga,dbgp reservetop=16M' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_DBGP_BASE', related: ['parse_early_param'], message: /FIX_DBGP_BASE at 0xffffd000 .* before reservetop= in parse_early_param/ }],
    },
    {
      name: 'earlyprintk=dbgp pci=off reservetop=16M: the pci=off after it comes too late (parse_args() left to right)',
      scenario: { kernel: '2.6.34', order: releaseOrder('2.6.34'), cmdline: 'earlyprintk=dbgp pci=off reservetop=16M' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_DBGP_BASE', related: ['parse_early_param'], fix: /put reservetop= before the option that maps the fixmap/ }],
    },
    {
      name: 'kgdbdbgp=0 before reservetop= on 2.6.35 (4fe1da4ebc1): kgdbdbgp_parse_config() → early_dbgp_init() → set_fixmap_nocache(FIX_DBGP_BASE)',
      scenario: { kernel: '2.6.35', order: releaseOrder('2.6.35'), cmdline: 'kgdbdbgp=0 reservetop=16M' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_DBGP_BASE', related: ['parse_early_param'], message: /FIX_DBGP_BASE at 0xffffd000 .* before reservetop= in parse_early_param/ }],
    },
    {
      name: 'kind 7: earlycon= before reservetop= on the command line: the set_fixmap counts before the relocation',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'earlycon=uart8250,mmio,0xfed00000 reservetop=16M' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', message: /moves FIXADDR_TOP 0xfffff000 → 0xfefff000/ }],
    },
    {
      name: 'kind 6: efi_init leaves the EFI memory map in slot 0, so DMI maps from slot 1 (0xffe40000)',
      scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, hypervisor: 'vmi', machine: { efi: true } },
      findings: [{ step: 'init_memory_mapping', message: /fixmap page tables/ }, { step: 'dmi_scan_machine', message: /FIX_BTMAP_BEGIN at 0xffe40000/ }],
    },
    {
      // review 19c F3: with reservetop= first, earlycon= maps a slot of the moved fixmap without a page table before 2.6.34-rc7
      name: '2.6.30: earlycon= before reservetop=: the swap does not boot either, so the advice is to drop one',
      scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'earlycon=uart8250,mmio,0xfed00000 reservetop=16M' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', related: ['parse_early_param'], fix: /^drop reservetop= or the option that maps the fixmap before it: before 2\.6\.34-rc7/, halts: 'parse_early_param' }],
    },
    {
      name: 'reservetop= parsed after DMI on bare metal',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'dmi_scan_machine'), cmdline: 'reservetop=16M' },
      findings: [
        { step: 'init_memory_mapping', related: ['parse_early_param'], fix: /reservetop=/, halts: false },
        { step: 'dmi_scan_machine', related: ['parse_early_param'], halts: 'parse_early_param' },
      ],
    },
  ],
});

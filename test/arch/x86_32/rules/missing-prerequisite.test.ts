import { missingPrerequisite } from '../../../../src/arch/x86_32/rules/missing-prerequisite.js';
import { ORDER_2_6_26, ORDER_2_6_27, ORDER_2_6_27_RC1, ORDER_2_6_28, insertAfter, moveAfter, moveBefore, releaseOrder, without } from '../fixtures/orders.js';
import { ruleTester } from '../../../rules/rule-tester.js';

const RC3 = releaseOrder('2.6.27-rc3');
/** 2.6.28's DMI scan still precedes efi_init (2.6.29-rc8 fixed that): a warning on every non-EFI machine */
/** setup.c calls reserve_early_setup_data "after early param, so could get panic from serial": a hazard, harmless without setup_data */
const SETUP_DATA_AFTER_PARAMS = { step: 'reserve_early_setup_data', severity: 'warning', related: ['parse_early_param'], message: /harmless here: machine.setup_data is false/ } as const;
/**
 * break-290 N7 (def3.yaml): a define:d call that reads efi.smbios, right after efi_init in 2.6.29's order (parse_early_param
 * before efi_init). setup_arch() calls efi_init() only `if (efi_enabled)` (arch/x86/kernel/setup.c:711-712 at
 * caglar10ur/linux-2.6.27.y@3fa8749e584b), so with noefi parsed it sets nothing.
 */
const EFI_QUIRK = { efi_quirk: { doc: 'reads efi.smbios', needs: ['efi'] } };
const EFI_QUIRK_AFTER_EFI_INIT = insertAfter(releaseOrder('2.6.29'), 'efi_quirk', 'efi_init');
const DMI_BEFORE_EFI = { step: 'dmi_scan_machine', severity: 'warning', related: ['efi_init'], message: /harmless here: the machine does not boot through EFI/ } as const;
const ORDER_2_6_36 = releaseOrder('2.6.36');
/**
 * From the vmi_init/vmi_activate split (ae8d04e2ecb, 2.6.28-rc9; feb3741448, 2.6.27.10) setup.c calls vmi_activate()
 * "before kernel pagetables are setup" (setup.c:886-887 at 2.6.28 4a6908a3a05, :841-842 at 2.6.36 f6f94e2ab1b,
 * :713-714 at 2.6.27.10 147514952f); activate_vmi() installs pv_mmu_ops.alloc_pte = vmi_allocate_pte (vmi_32.c:875):
 * init_memory_mapping, the first builder, needs it on a VMI host
 */
const VMI_MMU_OPS_LATE = {
  step: 'init_memory_mapping', severity: 'error', related: ['vmi_activate'], roles: [/sets the VMI MMU ops/],
  message: /init_memory_mapping needs the VMI MMU ops \(pv_mmu_ops.alloc_pte = vmi_allocate_pte, …, which activate_vmi\(\) installs\), but vmi_activate \(step \d+\) only comes later$/,
  consequence: /"Must be before kernel pagetables are setup".*pv_mmu_ops.alloc_pte is paravirt_nop.*never handed to vmi_allocate_pte\(\)/,
  fix: /init_memory_mapping has to run after vmi_activate \(step \d+\)/,
} as const;
const VMI_MMU_OPS_NEVER = {
  step: 'init_memory_mapping', severity: 'error', related: [], setters: ['vmi_activate'],
  message: /needs the VMI MMU ops .*, but no step sets it \(vmi_activate, after vmi_init\)$/,
  consequence: /With no vmi_activate\(\) at all VMI is never activated on this VMI host$/,
} as const;

ruleTester(missingPrerequisite, {
  valid: [
    { name: 'nolapic noapic parsed before the APIC calls (the release order; break-290 F3, the obeying input)', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'nolapic noapic' } },
    { name: 'a define:d need of efi after efi_init on an EFI machine: efi_init set efi.smbios (break-290 N7, the obeying input)', scenario: { kernel: '2.6.29', order: EFI_QUIRK_AFTER_EFI_INIT, machine: { efi: true }, define: EFI_QUIRK } },
    { name: '2.6.26 as shipped', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, hypervisor: 'vmi' } },
    { name: '2.6.27 as shipped, with mem= and vmi= options', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, hypervisor: 'vmi', cmdline: 'mem=256M vmi=disable_pse' } },
    { name: '2.6.27-rc5 (3a6ddd5f184): vmi_init after parse_early_param sees vmi=disable_timer', scenario: { kernel: '2.6.27-rc5', order: releaseOrder('2.6.27-rc5'), hypervisor: 'vmi', cmdline: 'vmi=disable_timer' } },
    { name: '2.6.36 as shipped: vmi_activate after parse_early_param sees vmi=disable_timer', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), hypervisor: 'vmi', cmdline: 'vmi=disable_timer acpi=off' } },
    { name: '2.6.27.5 has no low-64K quirk (dmi_check_system came with 2.6.27.6): init_memory_mapping needs nothing of DMI', scenario: { kernel: '2.6.27.5', order: ORDER_2_6_27 } },
    { name: '2.6.27.25 (edafc7a273): efi_init before DMI on an EFI machine', scenario: { kernel: '2.6.27.25', order: releaseOrder('2.6.27.25'), machine: { efi: true } } },
    { name: '2.6.29 (ff0c0874905, 2.6.29-rc8): efi_init before DMI, init_hypervisor after DMI on VMI', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), hypervisor: 'vmi', machine: { efi: true } } },
    { name: '2.6.36 as shipped on an EFI VMI guest with mem=', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), hypervisor: 'vmi', cmdline: 'mem=1G', machine: { efi: true } } },
    // setup.c: "/* after early param, so could get panic from serial */ reserve_early_setup_data();" (2.6.27-rc1 – 2.6.36)
    { name: '2.6.29 and 2.6.30 as shipped with setup_data and an early console: reserve_early_setup_data after parse_early_param', scenario: { kernel: '2.6.30', order: releaseOrder('2.6.30'), cmdline: 'earlyprintk=vga', machine: { setup_data: true } } },
    { name: '… 2.6.29', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), machine: { setup_data: true, efi: true } } },
    // review 13a 1.2: acpi_boot_table_init() builds the table list before acpi_numa_init, early_acpi_boot_init and acpi_boot_init
    { name: '2.6.27-rc1 as shipped with CONFIG_ACPI_NUMA: acpi_boot_table_init before acpi_numa_init and acpi_boot_init', scenario: { kernel: '2.6.27-rc1', order: ORDER_2_6_27_RC1, config: { pae: true, acpi_numa: true }, machine: { memory: '4GiB' } } },
    { name: '2.6.29 and 2.6.36 as shipped: acpi_boot_table_init before early_acpi_boot_init', scenario: { kernel: '2.6.29', order: releaseOrder('2.6.29'), config: { acpi_numa: true } } },
    { name: '… 2.6.36', scenario: { kernel: '2.6.36', order: releaseOrder('2.6.36'), config: { acpi_numa: true } } },
    { name: 'non-PAE: head_32 maps the PMD under FIX_OHCI1394_BASE, so early OHCI before init_memory_mapping works', scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'init_ohci1394_dma_on_all_controllers', 'init_memory_mapping'), machine: { ohci1394_dma_early: true } } },
    // break-226 F1: the VMI MMU ops matter only on a VMI host; without VMI vmi_activate() returns at once (no ROM)
    { name: '2.6.36 without VMI: vmi_activate after init_memory_mapping changes nothing', scenario: { kernel: '2.6.36', order: moveAfter(ORDER_2_6_36, 'vmi_activate', 'init_memory_mapping') } },
    { name: '… nor dropped', scenario: { kernel: '2.6.36', order: without(ORDER_2_6_36, 'vmi_activate') } },
    { name: '… nor on Xen (PAE)', scenario: { kernel: '2.6.36', order: without(ORDER_2_6_36, 'vmi_activate'), hypervisor: 'xen', pae: true, memory: '1GiB' } },
    // break-250 F1: the ranges parsed after the map is built, sanitized by finish_e820_parsing after it
    { name: '2.6.27 as shipped with memmap=512M$512M memmap=64M@2G memmap=1M#3G', scenario: { kernel: '2.6.27', order: ORDER_2_6_27, cmdline: 'memmap=512M$512M memmap=64M@2G memmap=1M#3G' } },
    { name: '2.6.26 as shipped with memmap=512M$512M memmap=64M@2G', scenario: { kernel: '2.6.26', order: ORDER_2_6_26, cmdline: 'memmap=512M$512M memmap=64M@2G' } },
  ],
  invalid: [
    {
      // parse_nolapic and parse_noapic are early_param()s (arch/x86/kernel/apic_32.c:1693-1699, io_apic_32.c:2864-2870 at
      // caglar10ur/linux-2.6.27.y@3fa8749e584b): before parse_early_param the APIC calls map what they ask to leave alone
      name: 'nolapic noapic with parse_early_param after the APIC calls: acpi_boot_init and init_apic_mappings read them too early (break-290 F3)',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'ioapic_init_mappings'), cmdline: 'nolapic noapic' },
      findings: [
        // the other readers of early params, harmless without their options
        ...['reserve_early_setup_data', 'acpi_mps_check', 'early_dump_pci_devices', 'finish_e820_parsing', 'efi_init', 'e820_end_of_ram_pfn', 'e820_end_of_ram_pfn', 'find_low_pfn_range']
          .map((step) => ({ step, severity: 'warning' as const, message: /harmless here/ })),
        { step: 'acpi_boot_init', severity: 'error', related: ['parse_early_param'], message: /needs the early parameters, but parse_early_param \(step \d+\) only comes later \(machine\.cmdline has nolapic noapic\)$/, consequence: /maps the APIC registers that nolapic and noapic asked to leave alone/ },
        { step: 'init_apic_mappings', severity: 'error', related: ['parse_early_param'], message: /\(machine\.cmdline has nolapic\)$/ },
      ],
    },
    {
      name: '… but with noefi parsed efi_init is not called and sets nothing: the need is missing, and no place after efi_init helps (break-290 N7)',
      scenario: { kernel: '2.6.29', order: EFI_QUIRK_AFTER_EFI_INIT, machine: { efi: true }, cmdline: 'noefi', define: EFI_QUIRK },
      findings: [{
        step: 'efi_quirk', severity: 'error', related: ['efi_init'],
        message: /^efi_quirk needs the EFI tables \(efi\.smbios\), but efi_init \(step \d+\) set nothing \(the machine does not boot through EFI/,
        fix: /^no place of efi_quirk after efi_init \(step \d+\) gets the EFI tables/,
      }],
    },
    {
      name: '… and the same off EFI (machine.efi false: setup_arch() does not call efi_init either)',
      scenario: { kernel: '2.6.29', order: EFI_QUIRK_AFTER_EFI_INIT, define: EFI_QUIRK },
      findings: [{ step: 'efi_quirk', severity: 'error', related: ['efi_init'], message: /efi_init \(step \d+\) set nothing/ }],
    },
    {
      // fixaddr-top-unaligned: FIXADDR_TOP 0xf4522f22, the DMI scan never meets "_DMI_" and page-faults past its 16 pages
      // (drivers/firmware/dmi_scan.c :395-406 at e40152ee1e1c): dmi_scan_machine() never returns, so the kernel never
      // reaches dmi_check_system, and its unset DMI data is no missing prerequisite (the halt is fixaddr-top-unaligned's):
      // only the EFI warning of the scan itself is left
      name: '2.6.34 reservetop=0xbadc0de: dmi_scan_machine never returns (its reads fault past the F-segment): dmi_check_system is never reached, nothing is missing',
      scenario: { kernel: '2.6.34', order: ['early_ioremap_init', 'setup_memory_map', 'parse_early_param', 'dmi_scan_machine', 'dmi_check_system'], cmdline: 'reservetop=0xbadc0de' },
      findings: [
        { step: 'dmi_scan_machine', severity: 'warning', message: /needs the EFI tables/ },
      ],
    },
    // review 13a 1.1: the setup_data and EFI calls early_ioremap on a machine that has them; on one without, moving
    // early_ioremap_init past them is a latent hazard (harmless here), on one with them an error
    {
      name: '2.6.27: early_ioremap_init after vmi_init jumps parse_setup_data and e820_reserve_setup_data: harmless without setup_data',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'vmi_init'), hypervisor: 'vmi' },
      findings: [
        { step: 'parse_setup_data', severity: 'warning', related: ['early_ioremap_init'], message: /parse_setup_data needs bm_pte hooked into the page tables, but early_ioremap_init \(step 12\) only comes later \(harmless here: machine.setup_data is false\)/ },
        { step: 'e820_reserve_setup_data', severity: 'warning', related: ['early_ioremap_init'], message: /harmless here: machine.setup_data is false/ },
      ],
      fixed: ORDER_2_6_27,
    },
    {
      name: '… and an error on a machine with setup_data (the bm_pte hit of the real early_ioremap)',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'early_ioremap_init', 'vmi_init'), hypervisor: 'vmi', machine: { setup_data: true } },
      findings: [
        { step: 'parse_setup_data', severity: 'error', related: ['early_ioremap_init'], message: /early_ioremaps FIX_BTMAP_BEGIN .* before early_ioremap_init has hooked bm_pte/ },
        { step: 'e820_reserve_setup_data', severity: 'error', related: ['early_ioremap_init'] },
      ],
    },
    {
      name: '2.6.27-rc1: acpi_boot_init before acpi_boot_table_init finds no table (acpi_table_parse() on an empty root table list)',
      scenario: { kernel: '2.6.27-rc1', order: moveAfter(ORDER_2_6_27_RC1, 'acpi_boot_table_init', 'acpi_boot_init') },
      findings: [
        { step: 'acpi_numa_init', severity: 'warning', related: ['acpi_boot_table_init'], message: /harmless here: ACPI NUMA is off/ },
        { step: 'acpi_boot_init', severity: 'error', related: ['acpi_boot_table_init'], message: /acpi_boot_init needs the ACPI table list \(acpi_table_init\), but acpi_boot_table_init \(step \d+\) only comes later$/, consequence: /no MADT/ },
      ],
      fixed: ORDER_2_6_27_RC1,
    },
    {
      name: '… with CONFIG_ACPI_NUMA: acpi_numa_init before it loses the SRAT (a warning: only a NUMA machine has one)',
      scenario: { kernel: '2.6.27-rc1', order: moveAfter(ORDER_2_6_27_RC1, 'acpi_boot_table_init', 'initmem_init'), config: { pae: true, acpi_numa: true }, machine: { memory: '4GiB' } },
      findings: [{ step: 'acpi_numa_init', severity: 'warning', related: ['acpi_boot_table_init'], message: /matters only on a NUMA machine/, consequence: /no SRAT/ }],
      fixed: ORDER_2_6_27_RC1,
    },
    {
      name: '2.6.28: early_acpi_boot_init before acpi_boot_table_init',
      scenario: { kernel: '2.6.28', order: moveAfter(ORDER_2_6_28, 'acpi_boot_table_init', 'early_acpi_boot_init') },
      findings: [DMI_BEFORE_EFI, { step: 'early_acpi_boot_init', severity: 'error', related: ['acpi_boot_table_init'], consequence: /acpi_lapic stays 0/ }],
    },
    {
      // setup_arch() sets efi_enabled = 1 from the "EL32" signature at its top; early_param("noefi", setup_noefi) clears
      // it only when parse_early_param() runs (arch/x86/kernel/setup.c :629-636, :671, arch/x86/kernel/efi.c :60-65 at
      // caglar10ur/linux-2.6.27.y@3fa8749e584b): a DMI scan before that takes the EFI path, with efi.smbios still 0
      name: 'EFI machine with noefi, dmi_scan_machine before parse_early_param: efi_enabled is still 1 there, and DMI is lost as without noefi (break-280 F2)',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'dmi_scan_machine', 'parse_early_param'), machine: { efi: true }, cmdline: 'noefi' },
      // efi_init after parse_early_param is not called (noefi parsed) and sets nothing (break-290 N7): the need is unmet
      // for good, and the call to name is efi_init where it still runs, before parse_early_param
      findings: [{ step: 'dmi_scan_machine', severity: 'error', related: [], message: /needs the EFI tables \(efi\.smbios\), but no step sets it here \(efi_init \(step \d+\) comes later but sets nothing there\)$/, fix: /^call efi_init before dmi_scan_machine/ }],
    },
    {
      name: '… and after parse_early_param noefi counts: 2.6.28\'s DMI scan before efi_init takes the legacy path, efi_init is harmless to miss',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, machine: { efi: true }, cmdline: 'noefi' },
      findings: [{ ...DMI_BEFORE_EFI, message: /harmless here: the machine does not boot through EFI \(machine\.efi false, or noefi\)/ }],
    },
    {
      // acpi=off is early_param("acpi", parse_acpi) → disable_acpi(); acpi_boot_table_init() bails out only when
      // acpi_disabled is already set (arch/x86/kernel/acpi/boot.c :1748-1756, :1782, :1674 at 3fa8749e584b): before parse_early_param it maps the RSDT
      name: 'acpi=off, acpi_boot_table_init before parse_early_param: acpi_disabled is still 0 there, so it maps the RSDT through FIX_ACPI_END (break-280 F2)',
      scenario: { kernel: '2.6.27-rc1', order: moveBefore(ORDER_2_6_27_RC1, 'acpi_boot_table_init', 'parse_early_param'), config: { pae: true }, machine: { memory: '4GiB' }, cmdline: 'acpi=off' },
      findings: [
        { step: 'acpi_boot_table_init', severity: 'warning', related: ['dmi_scan_machine'], message: /needs the DMI data/ },
        { step: 'acpi_boot_table_init', severity: 'error', message: /sets FIX_ACPI_END at 0x[0-9a-f]+ \(ACPI RSDT\/XSDT at phys 0x[0-9a-f]+\) before any page table covers it/ },
      ],
    },
    {
      name: '… harmless with acpi=off (acpi_boot_table_init builds no list then, and nobody parses)',
      scenario: { kernel: '2.6.28', order: moveAfter(ORDER_2_6_28, 'acpi_boot_table_init', 'acpi_boot_init'), cmdline: 'acpi=off' },
      findings: [
        DMI_BEFORE_EFI,
        { step: 'early_acpi_boot_init', severity: 'warning', message: /harmless here: ACPI is off/ },
        { step: 'acpi_numa_init', severity: 'warning', message: /harmless here: ACPI NUMA is off/ },
        { step: 'acpi_boot_init', severity: 'warning', message: /harmless here: ACPI is off/ },
      ],
    },
    {
      name: '2.6.28: DMI before efi_init is only a warning on a BIOS machine',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, hypervisor: 'vmi', cmdline: 'vmi=disable_pge' },
      findings: [DMI_BEFORE_EFI],
    },
    {
      name: 'kind 3: on EFI firmware 2.6.27.6 – 2.6.27.24 scan DMI before efi_init reads efi.smbios: DMI is lost',
      scenario: { kernel: '2.6.27.24', order: releaseOrder('2.6.27.10'), machine: { efi: true } },
      findings: [{ step: 'dmi_scan_machine', severity: 'error', related: ['efi_init'], message: /needs the EFI tables \(efi.smbios\), but efi_init \(step 24\) only comes later/ }],
    },
    {
      name: 'kind 3: … and 2.6.28-rc1 – 2.6.29-rc7 upstream',
      scenario: { kernel: '2.6.29-rc7', order: releaseOrder('2.6.29-rc1'), machine: { efi: true } },
      findings: [{ step: 'dmi_scan_machine', severity: 'error', related: ['efi_init'] }],
    },
    // reservetop= first moves FIX_DBGP_BASE to a PMD without a page table (2.6.28 4a6908a3a05: no fixup_early_ioremap() yet);
    // early_dbgp_init() returns at `if (!early_pci_allowed()) return -1;` (early_printk.c:782-783) before its set_fixmap (:828)
    {
      name: '2.6.28: reservetop=16M earlyprintk=dbgp: set_fixmap_nocache(FIX_DBGP_BASE) where no page table is',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'reservetop=16M earlyprintk=dbgp' },
      findings: [{ step: 'parse_early_param', severity: 'error', slot: 'FIX_DBGP_BASE', message: /sets FIX_DBGP_BASE at 0xfeffd000 \(EHCI debug port \(earlyprintk=dbgp\)\) before any page table covers it/, fix: /earlyprintk=dbgp \/ kgdbdbgp=/ }, DMI_BEFORE_EFI],
    },
    {
      name: '2.6.28: pci=off reservetop=16M earlyprintk=dbgp: early_dbgp_init() maps nothing (only the DMI warning of every 2.6.28 BIOS machine)',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'pci=off reservetop=16M earlyprintk=dbgp' },
      findings: [DMI_BEFORE_EFI],
    },
    {
      name: '2.6.28: pci=noearly reservetop=16M earlyprintk=dbgp: the same',
      scenario: { kernel: '2.6.28', order: ORDER_2_6_28, cmdline: 'pci=noearly reservetop=16M earlyprintk=dbgp' },
      findings: [DMI_BEFORE_EFI],
    },
    {
      name: 'kind 3: mem= parsed before setup_memory_map trims an empty map; the BIOS map appended later wins',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), cmdline: 'mem=256M' },
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['setup_memory_map'], message: /needs the e820 map, but setup_memory_map \(step \d+\) only comes later \(machine.cmdline has mem=256M\)/,
        consequence: /^mem=, memmap=SIZE and memmap=exactmap edit the e820 map in place \(parse_memopt, parse_memmap_opt\): on the still empty map they cut nothing of the BIOS's RAM \(at most memmap=SIZE@START ranges parsed before them\), and setup_memory_map\(\) then appends the whole BIOS map \(append_e820_map\), so the limit is silently lost \(memmap=SIZE@START, SIZE#START and SIZE\$START are kept: e820_add_region\(\) appends such an entry and setup_memory_map\(\) appends the BIOS map after it; finish_e820_parsing\(\) then sanitizes a #\/\$ entry with the BIOS's RAM\)$/,
        fix: /^parse_early_param has to run after setup_memory_map \(step \d+\), which sets the e820 map$/,
      }],
    },
    {
      // break-232 N4: 2.6.26's handlers and map builder (arch/x86/kernel/setup_32.c:252-274, 796; e820_32.c:453-473, 613-641,
      // 695-738; mach-default/setup.c:153-186 at caglar10ur/linux-2.6.27.y@bce7f793da)
      name: 'kind 3: 2.6.26, mem= parsed before memory_setup: the same loss, in 2.6.26\'s names',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'parse_early_param', 'memory_setup'), cmdline: 'mem=256M' },
      findings: [{
        step: 'parse_early_param', severity: 'error', related: ['memory_setup'], message: /needs the e820 map, but memory_setup \(step \d+\) only comes later \(machine.cmdline has mem=256M\)/,
        consequence: /^mem=, memmap=SIZE and memmap=exactmap edit the e820 map in place \(parse_mem → limit_regions, parse_memmap\): on the still empty map they cut nothing of the BIOS's RAM \(at most memmap=SIZE@START ranges parsed before them\), and memory_setup\(\) then appends the whole BIOS map \(copy_e820_map → add_memory_region\), so the limit is silently lost \(memmap=SIZE@START, SIZE#START and SIZE\$START are kept: add_memory_region\(\) appends such an entry and memory_setup\(\) appends the BIOS map after it\)$/,
      }],
    },
    // break-250 F1: only mem=, memmap=SIZE and memmap=exactmap are lost on the empty map. memmap=SIZE@START, #START and
    // $START append an entry (e820_add_region(), arch/x86/kernel/e820.c:1226-1234), and the BIOS map is appended after
    // it without resetting e820.nr_map (default_machine_specific_memory_setup() → append_e820_map(), e820.c:1302-1334 at
    // caglar10ur/linux-2.6.27.y@3fa8749e584b); 2.6.26 add_memory_region() and copy_e820_map() alike (e820_32.c:258-274,
    // 453-473, 722-730; mach-default/setup.c:153-186 at bce7f793da): a harmless warning, which keeps the order in the contract
    {
      name: 'break-250 F1: 2.6.27, memmap=64M@2G parsed before setup_memory_map: kept, a harmless warning that names what is kept',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), cmdline: 'memmap=64M@2G' },
      findings: [{
        step: 'parse_early_param', severity: 'warning', related: ['setup_memory_map'],
        message: /only comes later \(harmless here: machine.cmdline has no mem=, memmap=SIZE or memmap=exactmap \(kept: memmap=64M@2G; e820_add_region\(\) appends such an entry and setup_memory_map\(\) appends the BIOS map after it; finish_e820_parsing\(\) then sanitizes a #\/\$ entry with the BIOS's RAM\)\)$/,
      }],
    },
    {
      name: '… 2.6.27, memmap=512M$512M memmap=1M#3G the same: finish_e820_parsing() after setup_memory_map sanitizes them with the BIOS map',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), cmdline: 'memmap=512M$512M memmap=1M#3G' },
      findings: [{ step: 'parse_early_param', severity: 'warning', message: /\(kept: memmap=512M\$512M memmap=1M#3G; / }],
    },
    {
      name: '… 2.6.26, memmap=64M@2G memmap=1M$3G parsed before memory_setup: kept (add_memory_region())',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'parse_early_param', 'memory_setup'), cmdline: 'memmap=64M@2G memmap=1M$3G' },
      findings: [{ step: 'parse_early_param', severity: 'warning', related: ['memory_setup'], message: /\(kept: memmap=64M@2G memmap=1M\$3G; add_memory_region\(\) appends such an entry and memory_setup\(\) appends the BIOS map after it\)\)$/ }],
    },
    {
      name: '… mem=nopentium clears X86_FEATURE_PSE and edits no map: harmless',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), cmdline: 'mem=nopentium' },
      findings: [{ step: 'parse_early_param', severity: 'warning', message: /harmless here: machine.cmdline has no mem=, memmap=SIZE or memmap=exactmap\)$/ }],
    },
    {
      name: '… with a limit among them the error names only the options that are lost',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), cmdline: 'memmap=64M@2G mem=512M memmap=512M$512M memmap=768M' },
      findings: [{ step: 'parse_early_param', severity: 'error', related: ['setup_memory_map'], message: /only comes later \(machine.cmdline has mem=512M memmap=768M\)$/ }],
    },
    {
      name: '… 2.6.26: memmap=exactmap is lost too (e820.nr_map = 0 of the empty map, e820_32.c:700-711)',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'parse_early_param', 'memory_setup'), cmdline: 'memmap=exactmap memmap=64M@2G' },
      findings: [{ step: 'parse_early_param', severity: 'error', related: ['memory_setup'], message: /\(machine.cmdline has memmap=exactmap\)$/ }],
    },
    {
      // finish_e820_parsing() sanitizes the map as it is (e820.c:1242-1254 at 3fa8749e584b): before setup_memory_map the
      // BIOS's RAM is not there yet, and the entry never wins over it
      name: '2.6.27: finish_e820_parsing before setup_memory_map with memmap=512M$512M: the BIOS map appended later is never sanitized with it',
      scenario: { kernel: '2.6.27', order: moveAfter(moveBefore(ORDER_2_6_27, 'parse_early_param', 'setup_memory_map'), 'setup_memory_map', 'finish_e820_parsing'), cmdline: 'memmap=512M$512M' },
      findings: [
        { step: 'parse_early_param', severity: 'warning', related: ['setup_memory_map'] },
        {
          step: 'finish_e820_parsing', severity: 'error', related: ['setup_memory_map'], message: /needs the e820 map, but setup_memory_map \(step \d+\) only comes later \(machine.cmdline has memmap=512M\$512M\)$/,
          consequence: /so the RAM under the range stays E820_RAM and e820_end_of_ram_pfn\(\) counts it$/,
        },
      ],
    },
    {
      name: 'kind 3: the reverted 2.6.32-rc1 fix (8126dec3273, eda6da9286a) moved parse_early_param before early_ioremap_init and lost memmap=',
      scenario: { kernel: '2.6.32', order: moveBefore(releaseOrder('2.6.32'), 'parse_early_param', 'early_ioremap_init'), cmdline: 'reservetop=16M memmap=exactmap memmap=640K@0 memmap=511M@1M' },
      findings: [{ step: 'parse_early_param', severity: 'error', related: ['setup_memory_map'] }],
    },
    {
      name: 'kind 3: 2.6.26 allocates DMI data with alloc_bootmem, so DMI before setup_memory has no allocator',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'dmi_scan_machine', 'setup_memory') },
      findings: [{ step: 'dmi_scan_machine', severity: 'error', related: ['setup_memory'], message: /needs the bootmem allocator/ }],
    },
    {
      name: 'kind 3: 2.6.29 init_hypervisor reads DMI to detect VMware',
      scenario: { kernel: '2.6.29', order: moveBefore(releaseOrder('2.6.29'), 'init_hypervisor', 'dmi_scan_machine'), hypervisor: 'vmi' },
      findings: [{ step: 'init_hypervisor', severity: 'error', related: ['dmi_scan_machine'], message: /needs the DMI data/ }],
    },
    {
      name: 'kind 3: initmem_init needs max_pfn_mapped from init_memory_mapping',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'initmem_init', 'init_memory_mapping') },
      findings: [{ step: 'initmem_init', severity: 'error', related: ['init_memory_mapping'], message: /needs the direct map/ }],
    },
    {
      name: 'kind 3: from 2.6.31-rc1 (8c5dd8f4336) and 2.6.27.26 reserve_initrd compares with max_low_pfn_mapped',
      scenario: { kernel: '2.6.27.26', order: moveBefore(releaseOrder('2.6.27.25'), 'reserve_initrd', 'init_memory_mapping'), machine: { initrd: 'lowmem' } },
      findings: [{ step: 'reserve_initrd', severity: 'error', related: ['init_memory_mapping'], consequence: /max_low_pfn_mapped, which init_memory_mapping\(\) sets: end_of_lowmem is 0, so an initrd from the boot loader is "too large to handle".*boots without it$/ }],
    },
    {
      name: 'kind 3: a DMI quirk table before the scan is only a warning (the quirk may not apply)',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'io_delay_init', 'dmi_scan_machine') },
      findings: [{ step: 'io_delay_init', severity: 'warning', related: ['dmi_scan_machine'], message: /matters only on a machine that needs the io_delay DMI quirk/ }],
    },
    {
      // 2216d199b1 (2.6.28-rc1; stable 5c371b31be, 2.6.27.6) moved DMI early so that bad_bios_dmi_table reserves
      // 0 – 64 KiB in e820 before find_early_table_space() searches from 0x7000 and bootmem gets the RAM
      name: '2.6.27.6: dmi_check_system after init_memory_mapping and initmem_init: the low-64K quirk comes after the page tables and bootmem took low RAM',
      scenario: { kernel: '2.6.27.6', order: moveAfter(moveAfter(releaseOrder('2.6.27.6'), 'dmi_scan_machine', 'init_memory_mapping'), 'dmi_check_system', 'initmem_init') },
      findings: [
        { step: 'init_memory_mapping', severity: 'warning', related: ['dmi_check_system'], message: /needs the low 64 KiB reserved in e820 .*but dmi_check_system \(step \d+\) only comes later \(matters only on a BIOS that bad_bios_dmi_table lists/ },
        { step: 'initmem_init', severity: 'warning', related: ['dmi_check_system'], message: /needs the low 64 KiB reserved in e820/ },
      ],
    },
    {
      name: '2.6.33: the trampoline and the ACPI wakeup code come from find_e820_area(0, 1 MiB): after the low-64K quirk too',
      scenario: { kernel: '2.6.33', order: moveAfter(releaseOrder('2.6.33'), 'dmi_check_system', 'acpi_reserve_wakeup_memory') },
      findings: [
        { step: 'reserve_trampoline_memory', severity: 'warning', related: ['dmi_check_system'], message: /needs the low 64 KiB reserved in e820/ },
        { step: 'acpi_reserve_wakeup_memory', severity: 'warning', related: ['dmi_check_system'], message: /needs the low 64 KiB reserved in e820/ },
      ],
    },
    {
      // the reviewer's r33-fixed-noefi: efi_init ran although noefi was not parsed yet
      name: '2.6.33: parse_early_param after DMI leaves acpi_mps_check, early_dump_pci_devices, finish_e820_parsing and efi_init before the params they read',
      scenario: { kernel: '2.6.33', order: moveAfter(releaseOrder('2.6.33'), 'parse_early_param', 'dmi_scan_machine'), machine: { efi: true }, cmdline: 'noefi memmap=exactmap memmap=640K@0 memmap=511M@1M' },
      findings: [
        SETUP_DATA_AFTER_PARAMS,
        { step: 'acpi_mps_check', severity: 'warning', related: ['parse_early_param'], message: /needs the early parameters, but parse_early_param \(step \d+\) only comes later \(harmless here: CONFIG_X86_MPPARSE=y makes acpi_mps_check\(\) empty; the model has no CONFIG_X86_MPPARSE=n\)/ },
        { step: 'early_dump_pci_devices', severity: 'warning', related: ['parse_early_param'], message: /harmless here: machine.cmdline has no pci=earlydump\)/ },
        { step: 'finish_e820_parsing', severity: 'error', related: ['parse_early_param'], message: /machine.cmdline has memmap=exactmap/ },
        { step: 'efi_init', severity: 'error', related: ['parse_early_param'], message: /machine.cmdline has noefi/ },
      ],
    },
    {
      name: '… pci=earlydump counts for early_dump_pci_devices, also among other pci= options; acpi_mps_check stays harmless (CONFIG_X86_MPPARSE=y); noefi only on an EFI machine',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'efi_init'), cmdline: 'pci=nobios,earlydump noefi' },
      findings: [
        SETUP_DATA_AFTER_PARAMS,
        { step: 'acpi_mps_check', severity: 'warning', message: /harmless here: CONFIG_X86_MPPARSE=y makes acpi_mps_check\(\) empty/ },
        { step: 'early_dump_pci_devices', severity: 'error', message: /machine.cmdline has pci=nobios,earlydump/ },
        { step: 'finish_e820_parsing', severity: 'warning', message: /harmless here: machine.cmdline has no mem=, memmap=/ },
        { step: 'efi_init', severity: 'warning', message: /harmless here: machine.efi is false/ },
      ],
    },
    {
      // the reviewer's pe_pci.yaml, acpi=force and pci=noacpi: none of them is what the calls read
      name: '… other pci= and acpi= values are harmless for both (pci=noacpi, acpi=force, acpi=off; pci=earlydumpx is no option)',
      scenario: { kernel: '2.6.28', order: moveAfter(releaseOrder('2.6.28'), 'parse_early_param', 'efi_init'), cmdline: 'pci=noacpi acpi=force acpi=off pci=earlydumpx' },
      findings: [
        SETUP_DATA_AFTER_PARAMS,
        { step: 'acpi_mps_check', severity: 'warning', message: /harmless here: CONFIG_X86_MPPARSE=y/ },
        { step: 'early_dump_pci_devices', severity: 'warning', message: /harmless here: machine.cmdline has no pci=earlydump\)/ },
        { step: 'finish_e820_parsing', severity: 'warning' },
        { step: 'dmi_scan_machine', severity: 'warning', related: ['efi_init'] }, // 2.6.28 scans DMI before efi_init anyway (harmless on BIOS)
        { step: 'efi_init', severity: 'warning', message: /harmless here: machine.cmdline has no noefi, add_efi_memmap\)/ },
      ],
    },
    {
      // the reviewer's pe2.yaml: efi_init reads add_efi_memmap from 2.6.27-rc1 (200001eb140)
      name: '… add_efi_memmap counts for efi_init on an EFI machine from 2.6.27-rc1',
      scenario: { kernel: '2.6.29', order: moveAfter(releaseOrder('2.6.29'), 'parse_early_param', 'efi_init'), machine: { efi: true }, cmdline: 'add_efi_memmap' },
      findings: [
        SETUP_DATA_AFTER_PARAMS,
        { step: 'acpi_mps_check', severity: 'warning' },
        { step: 'early_dump_pci_devices', severity: 'warning' },
        { step: 'finish_e820_parsing', severity: 'warning' },
        { step: 'efi_init', severity: 'error', related: ['parse_early_param'], message: /machine.cmdline has add_efi_memmap\)/ },
      ],
    },
    {
      name: '… but not in 2.6.26, whose efi_init has no add_efi_memmap',
      scenario: { kernel: '2.6.26', order: moveAfter(releaseOrder('2.6.26'), 'parse_early_param', 'efi_init'), machine: { efi: true }, cmdline: 'add_efi_memmap' },
      findings: [{ step: 'efi_init', severity: 'warning', message: /harmless here: machine.cmdline has no noefi\)/ }],
    },
    {
      // 28bb2237951: "/* after early param, so could get panic from serial */": reserve_early() panics on
      // overlapping early reservations, and only the early console parse_early_param sets up shows it
      name: 'reserve_early_setup_data before parse_early_param with setup_data: a warning (only an overlapping node panics)',
      scenario: { kernel: '2.6.30', order: moveBefore(releaseOrder('2.6.30'), 'reserve_early_setup_data', 'parse_early_param'), machine: { setup_data: true } },
      findings: [{ step: 'reserve_early_setup_data', severity: 'warning', related: ['parse_early_param'], message: /needs the early parameters, but parse_early_param \(step \d+\) only comes later \(matters only when a setup_data node overlaps another early reservation and an early console is to show the panic\)/ }],
    },
    {
      name: '… harmless without setup_data (the loop over boot_params.hdr.setup_data does nothing)',
      scenario: { kernel: '2.6.29', order: moveBefore(releaseOrder('2.6.29'), 'reserve_early_setup_data', 'parse_early_param') },
      findings: [{ step: 'reserve_early_setup_data', severity: 'warning', message: /\(harmless here: machine.setup_data is false\)/ }],
    },
    {
      name: 'the rc3 fix runs vmi_init before parse_early_param: harmless without vmi=',
      scenario: { kernel: '2.6.27-rc3', order: RC3, hypervisor: 'vmi' },
      findings: [{ step: 'vmi_init', severity: 'warning', related: ['parse_early_param'], message: /needs the early parameters, but parse_early_param \(step 12\) only comes later \(harmless here: machine.cmdline has no vmi=disable_timer\)/ }],
    },
    // activate_vmi() reads only disable_vmi_timer (vmi_32.c:916 at 2.6.27-rc3 30a2f3c60a8, :789 at 2.6.36 f6f94e2ab1b);
    // parse_vmi() clears the other options' feature bits itself and vmi_cpuid() reads their flags at every CPUID (:164-187, :986-1011)
    ...['disable_pse', 'disable_pge', 'disable_sep', 'disable_tsc', 'disable_mtrr', 'disable_noidle'].map((opt) => ({
      name: `… vmi=${opt} acts in parse_vmi()/vmi_cpuid() whatever the order: still only the warning`,
      scenario: { kernel: '2.6.27-rc3', order: RC3, hypervisor: 'vmi' as const, cmdline: `vmi=${opt}` },
      findings: [{ step: 'vmi_init', severity: 'warning' as const, message: /\(harmless here: machine.cmdline has no vmi=disable_timer\)/ }],
    })),
    {
      name: '… and an error with vmi=disable_timer: activate_vmi() installs the VMI timer before the option is parsed',
      scenario: { kernel: '2.6.27-rc3', order: RC3, hypervisor: 'vmi', cmdline: 'vmi=disable_pse vmi=disable_timer' },
      findings: [{
        step: 'vmi_init', severity: 'error', message: /\(machine.cmdline has vmi=disable_timer\)/,
        consequence: /activate_vmi\(\) reads vmi=disable_timer.*installs the VMI timer/, fix: /vmi_init has to run after parse_early_param \(step 12\), which sets the early parameters/,
      }],
      fixed: moveAfter(RC3, 'vmi_init', 'parse_early_param'),
    },
    {
      name: '… the same order in 2.6.27-rc4 (3a6ddd5f184 moved vmi_init after parse_early_param in rc5)',
      scenario: { kernel: '2.6.27-rc4', order: RC3, hypervisor: 'vmi', cmdline: 'vmi=disable_timer' },
      findings: [{ step: 'vmi_init', severity: 'error', message: /machine.cmdline has vmi=disable_timer/ }],
    },
    {
      name: '2.6.28: vmi_activate moved before parse_early_param loses vmi=disable_timer',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'vmi_activate', 'parse_early_param'), hypervisor: 'vmi', cmdline: 'vmi=disable_timer' },
      findings: [{ step: 'vmi_activate', severity: 'error', related: ['parse_early_param'], message: /machine.cmdline has vmi=disable_timer/ }, DMI_BEFORE_EFI],
    },
    {
      name: 'before rc3, vmi_init needs max_low_pfn',
      scenario: { kernel: '2.6.27-rc2', order: moveAfter(ORDER_2_6_27_RC1, 'vmi_init', 'parse_early_param'), hypervisor: 'vmi' },
      findings: [{ step: 'vmi_init', related: ['find_low_pfn_range'], message: /needs max_low_pfn/ }],
    },
    {
      name: 'init_memory_mapping before find_low_pfn_range',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'find_low_pfn_range', 'init_memory_mapping') },
      findings: [{ step: 'init_memory_mapping', related: ['find_low_pfn_range'], message: /needs max_low_pfn, but find_low_pfn_range \(step \d+\) only comes later/ }],
    },
    {
      // layout-overlap leaves the empty lowmem to these findings: they say it
      name: 'no find_low_pfn_range at all: max_low_pfn stays 0, and the consequence says lowmem is empty',
      scenario: { kernel: '2.6.27', order: ORDER_2_6_27.filter((c) => c !== 'find_low_pfn_range') },
      findings: [
        { step: 'init_memory_mapping', severity: 'error', message: /needs max_low_pfn, but no step sets it/, consequence: /no step sets it, so it stays 0: lowmem is empty, the direct map maps nothing and bootmem gets no pages$/ },
        { step: 'reserve_initrd', severity: 'warning', message: /harmless here/, consequence: /an initrd from the boot loader is "too large to handle"/ },
        { step: 'initmem_init', severity: 'error', message: /needs max_low_pfn, but no step sets it/, consequence: /so it stays 0: lowmem is empty/ },
      ],
    },
    {
      name: 'find_low_pfn_range before max_pfn is known',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'find_low_pfn_range', 'e820_end_of_ram_pfn') },
      findings: [{ step: 'find_low_pfn_range', related: ['e820_end_of_ram_pfn'] }],
    },
    {
      name: 'e820_end_of_ram_pfn before parse_early_param: mem= is ignored',
      scenario: { kernel: '2.6.27', order: moveAfter(ORDER_2_6_27, 'parse_early_param', 'e820_end_of_ram_pfn'), cmdline: 'mem=256M' },
      findings: [
        SETUP_DATA_AFTER_PARAMS,
        { step: 'acpi_mps_check', severity: 'warning' },
        { step: 'early_dump_pci_devices', severity: 'warning' },
        { step: 'finish_e820_parsing', severity: 'error', message: /mem=256M/ },
        { step: 'efi_init', severity: 'warning', message: /harmless here: machine.cmdline has no noefi, add_efi_memmap\)/ },
        { step: 'e820_end_of_ram_pfn', severity: 'error', message: /mem=256M/ },
      ],
    },
    {
      name: '2.6.27 paging_init before init_memory_mapping (and before initmem_init sets up bootmem)',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'paging_init', 'init_memory_mapping') },
      findings: [{ step: 'paging_init', message: /needs the direct map, but init_memory_mapping/ }, { step: 'paging_init', message: /needs the bootmem allocator, but initmem_init/ }],
    },
    {
      // vmi_activate(): `if (!vmi_rom) return;` (vmi_32.c:980-985 at 2.6.28 4a6908a3a05): it reads no vmi= option then,
      // and init_memory_mapping's missing VMI MMU ops have this cause and this fix (not a second finding)
      name: '2.6.28: vmi_activate before vmi_init (and before parse_early_param): returns at once, VMI is never activated',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'vmi_activate', 'vmi_init'), hypervisor: 'vmi' },
      findings: [
        {
          step: 'vmi_activate', severity: 'error', related: ['vmi_init'], message: /needs the VMI ROM, but vmi_init \(step \d+\) only comes later$/,
          consequence: /^vmi_activate\(\) returns at once unless vmi_init\(\) has found the ROM \("if \(!vmi_rom\) return;"\): .*activate_vmi\(\) never runs: VMI is silently never activated on this VMI host/,
        },
        DMI_BEFORE_EFI,
      ],
    },
    {
      name: 'break-226 F2: 2.6.28 with vmi_init moved after dmi_scan_machine: the same, one finding',
      scenario: { kernel: '2.6.28', order: moveAfter(ORDER_2_6_28, 'vmi_init', 'dmi_scan_machine'), hypervisor: 'vmi', cmdline: 'vmi=disable_pse' },
      findings: [{ step: 'vmi_activate', severity: 'error', related: ['vmi_init'], consequence: /VMI is silently never activated/ }, DMI_BEFORE_EFI],
    },
    {
      name: '… without VMI, a harmless warning, as before',
      scenario: { kernel: '2.6.28', order: moveBefore(ORDER_2_6_28, 'vmi_activate', 'vmi_init') },
      findings: [{ step: 'vmi_activate', severity: 'warning', related: ['vmi_init'], message: /harmless here: machine.hypervisor is not vmi/ }, DMI_BEFORE_EFI],
    },
    // break-226 F1: vmi_activate after the kernel page tables, or not at all
    {
      name: 'break-226 F1: 2.6.36 with vmi_activate after init_memory_mapping',
      scenario: { kernel: '2.6.36', order: moveAfter(ORDER_2_6_36, 'vmi_activate', 'init_memory_mapping'), hypervisor: 'vmi' },
      findings: [VMI_MMU_OPS_LATE],
      fixed: ORDER_2_6_36,
    },
    {
      name: '… after paging_init: the first builder reports it, once',
      scenario: { kernel: '2.6.36', order: moveAfter(ORDER_2_6_36, 'vmi_activate', 'paging_init'), hypervisor: 'vmi', pae: true, memory: '4GiB' },
      findings: [VMI_MMU_OPS_LATE],
      fixed: ORDER_2_6_36,
    },
    {
      name: '… dropped: no step sets the VMI MMU ops; the fix search may insert vmi_activate',
      scenario: { kernel: '2.6.36', order: without(ORDER_2_6_36, 'vmi_activate'), hypervisor: 'vmi' },
      findings: [VMI_MMU_OPS_NEVER],
      fixed: ORDER_2_6_36,
    },
    {
      name: '… 2.6.28 (the split in 2.6.28-rc9, ae8d04e2ecb), after init_memory_mapping',
      scenario: { kernel: '2.6.28', order: moveAfter(ORDER_2_6_28, 'vmi_activate', 'init_memory_mapping'), hypervisor: 'vmi' },
      findings: [DMI_BEFORE_EFI, VMI_MMU_OPS_LATE],
    },
    {
      name: '… 2.6.28-rc9, dropped',
      scenario: { kernel: '2.6.28-rc9', order: without(releaseOrder('2.6.28-rc9'), 'vmi_activate'), hypervisor: 'vmi' },
      findings: [DMI_BEFORE_EFI, VMI_MMU_OPS_NEVER],
    },
    {
      name: '… 2.6.27.10 (stable feb3741448), after init_memory_mapping',
      scenario: { kernel: '2.6.27.10', order: moveAfter(releaseOrder('2.6.27.10'), 'vmi_activate', 'init_memory_mapping'), hypervisor: 'vmi' },
      findings: [DMI_BEFORE_EFI, VMI_MMU_OPS_LATE],
    },
    {
      // before the split vmi_init() itself ran activate_vmi() (vmi_32.c:961-984 at 2.6.27.9 5defaf81d2); a late vmi_init
      // is fixmap-before-relocation's (it relocates the fixmap after its page tables are built), no missing input here
      name: '2.6.27.9 (before the split) on a VMI host: vmi_init after init_memory_mapping lacks nothing; only the DMI warning',
      scenario: { kernel: '2.6.27.9', order: moveAfter(releaseOrder('2.6.27.6'), 'vmi_init', 'init_memory_mapping'), hypervisor: 'vmi' },
      findings: [DMI_BEFORE_EFI],
    },
    {
      name: '… 2.6.27.10 as shipped: only the DMI warning',
      scenario: { kernel: '2.6.27.10', order: releaseOrder('2.6.27.10'), hypervisor: 'vmi' },
      findings: [DMI_BEFORE_EFI],
    },
    {
      name: 'early_ioremap before early_ioremap_init',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'dmi_scan_machine', 'early_ioremap_init') },
      findings: [{ step: 'dmi_scan_machine', related: ['efi_init'], severity: 'warning' }, { step: 'dmi_scan_machine', related: ['early_ioremap_init'], message: /before early_ioremap_init has hooked bm_pte/ }],
    },
    {
      name: 'PAE: FIX_OHCI1394_BASE lies below the one PMD head_32 maps, so set_fixmap BUGs',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'init_ohci1394_dma_on_all_controllers', 'init_memory_mapping'), pae: true, machine: { ohci1394_dma_early: true } },
      findings: [{ step: 'init_ohci1394_dma_on_all_controllers', slot: 'FIX_OHCI1394_BASE', related: ['init_memory_mapping'], message: /sets FIX_OHCI1394_BASE at 0xffdfa000 \(OHCI-1394 controller registers\) before any page table covers it/, consequence: /^set_pte_vaddr\(\) finds no page table/ }],
    },
    {
      name: '2.6.26: reservetop= then an early console maps the moved fixmap before paging_init; __set_fixmap() BUG()s in set_pte_pfn() (pgtable_32.c:74 at bce7f793dae)',
      scenario: { kernel: '2.6.26', order: ORDER_2_6_26, cmdline: 'reservetop=64M earlycon=uart8250,mmio,0xfed00000' },
      findings: [{ step: 'parse_early_param', slot: 'FIX_EARLYCON_MEM_BASE', related: ['paging_init'], consequence: /^set_pte_pfn\(\) finds no page table for the slot: BUG\(\)/ }],
    },
    {
      name: 'an initrd, but reserve_initrd before max_low_pfn',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'find_low_pfn_range'), machine: { initrd: 'lowmem' } },
      // reserve_initrd() with end_of_lowmem 0 (2.6.27-rc1 arch/x86/kernel/setup.c:332-337 at caglar10ur/linux-2.6.27.y@6e86841d05)
      findings: [{ step: 'reserve_initrd', severity: 'error', message: /max_low_pfn/, consequence: /"too large to handle" \(ramdisk_size >= end_of_lowmem >> 1\): the kernel disables it/ }, { step: 'reserve_initrd', severity: 'warning', message: /the direct map/ }],
    },
    {
      // the copy through __va(ramdisk_here) needs the direct map only when the kernel copies (helper-186 1)
      name: 'reserve_initrd before init_memory_mapping with an initrd above lowmem on 4 GiB: the copy writes through a direct map not yet built',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'init_memory_mapping'), memory: '4GiB', machine: { initrd: 'above-lowmem' } },
      findings: [{ step: 'reserve_initrd', severity: 'error', message: /needs the direct map, but init_memory_mapping \(step \d+\) only comes later$/ }],
    },
    {
      name: '… harmless on 512 MiB, where all RAM is lowmem and the initrd stays where it is',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'init_memory_mapping'), memory: '512MiB', machine: { initrd: 'above-lowmem' } },
      findings: [{ step: 'reserve_initrd', severity: 'warning', message: /\(harmless here: the initrd lies within lowmem at this step, so it stays where it is and nothing is copied\)$/ }],
    },
    {
      name: '… and harmless for a 600 MiB initrd, "too large to handle"',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'init_memory_mapping'), memory: '4GiB', machine: { initrd: 'above-lowmem', initrd_size: '600MiB' } },
      findings: [{ step: 'reserve_initrd', severity: 'warning', message: /harmless here: the initrd is "too large to handle"/ }],
    },
    {
      // 2.6.26 arch/x86/kernel/setup_32.c:559-645 at caglar10ur/linux-2.6.27.y@bce7f793da: relocate_initrd() returns while
      // do_relocate_initrd is false; reserve_initrd() (in setup_memory()) sets it and points initrd_start at a new place
      name: '2.6.26: relocate_initrd before setup_memory copies nothing, and the initrd later reserved is never filled (helper-186 3)',
      scenario: { kernel: '2.6.26', order: moveBefore(ORDER_2_6_26, 'relocate_initrd', 'setup_memory'), memory: '2GiB', machine: { initrd: 'above-lowmem' } },
      findings: [
        { step: 'relocate_initrd', severity: 'warning', message: /needs the direct map, .*harmless here: do_relocate_initrd is still false, as setup_memory\(\) has not run reserve_initrd\(\)/ },
        { step: 'relocate_initrd', severity: 'error', message: /needs the bootmem allocator, but setup_memory/, consequence: /do_relocate_initrd\).*nothing fills, and the kernel unpacks that as its initrd$/ },
      ],
    },
    {
      name: '… only a warning without an initrd',
      scenario: { kernel: '2.6.27', order: moveBefore(ORDER_2_6_27, 'reserve_initrd', 'find_low_pfn_range') },
      findings: [{ step: 'reserve_initrd', severity: 'warning', message: /harmless here: machine.initrd is none/ }, { step: 'reserve_initrd', severity: 'warning', message: /the direct map/ }],
    },
  ],
});

/**
 * The x86_32 setup_arch() call catalog (DESIGN §3): every call as data, in the
 * effect vocabulary of effects.ts. Version-dependent semantics are variants
 * selected with has() on the changes of history.ts; which kernels have a call
 * at all is availability.ts. What each call reads, writes and maps follows the
 * per-call audit of 2.6.26 – 2.6.36 (arch/x86/kernel/setup_32.c, setup.c,
 * arch/x86/mm/{init_32,ioremap,pgtable_32}.c, vmi_32.c, efi.c, acpi/boot.c,
 * mpparse.c, apic, drivers/firmware/dmi_scan.c; sources in each comment).
 */
import type { CallName } from './catalog-names.js';
import { E820_PARAMS_2626, E820_PARAMS_MERGED_HANDLERS, LOST_ON_EMPTY_MAP, type E820Params } from './e820-params.js';
import type { Condition, Effect, Relevance } from './effects.js';
import * as H from './history.js';
import type { Change } from './history.js';
import type { KernelVersion } from './kernel-version.js';
import * as S from './setup-arch-history.js';

export { availability } from './availability.js';

/** One version of a call's effects: from `since` (when given) until `until` (exclusive, when given). */
export interface Variant {
  readonly since?: Change;
  readonly until?: Change;
  readonly effects: readonly Effect[];
}

export interface CallSpec {
  /** one line, for `bootreplay steps` */
  readonly doc: string;
  readonly variants: readonly Variant[];
}

function always(effects: readonly Effect[]): readonly Variant[] {
  return [{ effects }];
}

const NONE: readonly Variant[] = always([]);

const dmiQuirk = (what: string): Relevance => ({ kind: 'machine-specific', text: `matters only on a machine that needs ${what}` });

// Prerequisites, spelled once.
const needsMaxPfn: Effect = { op: 'needs', value: 'max_pfn', why: 'max_low_pfn = min(max_pfn, MAXMEM_PFN)', relevance: { kind: 'always' } };
const needsE820: Effect = { op: 'needs', value: 'e820', why: 'the end of RAM is read from the e820 map', relevance: { kind: 'always' } };
const needsMemParams: Effect = { op: 'needs', value: 'early_params', why: 'mem= and memmap= trim the e820 map before the end of RAM is read', relevance: { kind: 'cmdline', params: ['mem', 'memmap'] } };
const needsLowmemParams: Effect = { op: 'needs', value: 'early_params', why: 'vmalloc=, highmem= and reservetop= size lowmem', relevance: { kind: 'cmdline', params: ['vmalloc', 'highmem', 'reservetop'] } };
/**
 * The APIC calls read nolapic / noapic, early_param()s that act only in parse_early_param() (replay/context.ts lapicOn,
 * ioapicOn): acpi_boot_init() and early_acpi_boot_init() test cpu_has_apic, which parse_nolapic clears, and
 * skip_ioapic_setup, which parse_noapic sets (arch/x86/kernel/acpi/boot.c:790, :816, :1239-1249; apic_32.c:1693-1699,
 * io_apic_32.c:2864-2870 at caglar10ur/linux-2.6.27.y@3fa8749e584b); init_apic_mappings() disable_apic
 * (apic_32.c:1112, :1186-1199) (break-290 F3).
 */
function needsApicParams(call: string, params: readonly ('nolapic' | 'noapic')[], condition: Condition): Effect {
  const asked = params.join(' and ');
  return {
    op: 'needs', value: 'early_params', why: `${call}() reads ${asked}, which parse_early_param() parses`,
    consequence: `before parse_early_param ${call}() maps the APIC registers that ${asked} asked to leave alone`,
    relevance: { kind: 'cmdline', params, condition },
  };
}
/** efi_init's effects, reading the early params `params` (noefi; add_efi_memmap from 2.6.27-rc1), which matter only on an EFI machine */
function efiInit(params: readonly string[], why: string, consequence: string): readonly Effect[] {
  return [
    { op: 'needs', value: 'early_params', why, consequence: `before parse_early_param ${consequence}`, relevance: { kind: 'cmdline', params, condition: 'machine.efi' } },
    { op: 'early_ioremap', program: 'efi_tables', what: 'EFI tables', when: 'efi_enabled' },
    // efi.smbios & co. come from efi_init() itself, which setup_arch() calls only `if (efi_enabled)`
    // (arch/x86/kernel/setup.c:711-712 at caglar10ur/linux-2.6.27.y@3fa8749e584b): with noefi parsed, or off EFI, the
    // step sets nothing (break-290 N7)
    { op: 'sets', value: 'efi', when: 'efi_enabled' },
  ];
}
/**
 * activate_vmi() reads one vmi= option, disable_timer (disable_vmi_timer), to choose the VMI timer
 * (arch/x86/kernel/vmi_32.c:916 at 2.6.27-rc3 30a2f3c60a8, :789 at 2.6.36 f6f94e2ab1b). The others do not
 * depend on the order: parse_vmi() clears disable_pge/pse/sep/tsc/mtrr's feature bit itself
 * (clear_cpu_cap(&boot_cpu_data, …), :986-1011 at 30a2f3c60a8, :865-891 at f6f94e2ab1b) and vmi_cpuid()
 * reads the flags on every CPUID call (:164-187 at 30a2f3c60a8); disable_noidle is written, never read.
 */
const needsVmiParams: Effect = {
  op: 'needs', value: 'early_params', when: 'hypervisor:vmi',
  why: 'activate_vmi() reads vmi=disable_timer (the other vmi= options act in parse_vmi() and vmi_cpuid(), in any order)',
  consequence: 'before parse_early_param disable_vmi_timer is still 0: it installs the VMI timer (pv_time_ops) that vmi=disable_timer turns off',
  relevance: { kind: 'cmdline', params: ['vmi=disable_timer'] },
};
/**
 * From the vmi_init/vmi_activate split (ae8d04e2ecb, 2.6.28-rc9; stable feb3741448, 2.6.27.10) setup.c calls
 * vmi_activate() after parse_early_param() under the comment "Must be before kernel pagetables are setup"
 * (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05 (2.6.28):arch/x86/kernel/setup.c:886-887, init_memory_mapping() at
 * :971; @f6f94e2ab1b (2.6.36):…:841-842, :954; caglar10ur/linux-2.6.27.y@147514952f (2.6.27.10):…:713-714, :792).
 * activate_vmi() installs pv_mmu_ops.alloc_pte = vmi_allocate_pte, which hands a new PTE page to the ROM
 * (vmi_ops.allocate_page(pfn, VMI_PAGE_L1)), and set_pte = vmi_set_pte (…@4a6908a3a05:arch/x86/kernel/vmi_32.c:396-400,
 * 855-878); until then alloc_pte is paravirt_nop (arch/x86/kernel/paravirt.c:398) and set_pte native.
 * init_memory_mapping() is the first call that builds kernel page tables: kernel_physical_mapping_init() and the
 * fixmap's page_table_range_init() take PTE pages through one_page_table_init() → paravirt_alloc_pte()
 * (…@4a6908a3a05:arch/x86/mm/init_32.c:117-136, 498-511). paging_init()'s pkmap tables come later still
 * (it needs the direct map), so its need would only repeat this one. early_ioremap_init()'s bm_pte
 * (pmd_populate_kernel → paravirt_alloc_pte) precedes vmi_activate() in every release that has it: the
 * kernel's "kernel pagetables" are not that one, and the model does not ask for it.
 */
const needsVmiMmuOps: Effect = {
  op: 'needs', value: 'vmi_mmu_ops', when: 'hypervisor:vmi',
  why: 'init_memory_mapping() builds the kernel page tables, which setup.c puts vmi_activate() before ("Must be before kernel pagetables are setup")',
  consequence: 'until activate_vmi() has run, pv_mmu_ops.alloc_pte is paravirt_nop and set_pte the native one, so the PTE pages one_page_table_init() allocates here for the direct map and the fixmap are never handed to vmi_allocate_pte() (vmi_ops.allocate_page(pfn, VMI_PAGE_L1)) and their entries are written without the ROM: the hypervisor is not told they are page tables (what VMware then does is not in the kernel source). With no vmi_activate() at all VMI is never activated on this VMI host',
  relevance: { kind: 'always' },
};
const needsBootmem = (why: string, relevance: Relevance = { kind: 'always' }): Effect => ({ op: 'needs', value: 'bootmem', why, relevance });
const needsDmi = (why: string, relevance: Relevance): Effect => ({ op: 'needs', value: 'dmi', why, relevance });
/**
 * dmi_check_system(bad_bios_dmi_table) → dmi_low_memory_corruption():
 * e820_update_range(0, 0x10000, E820_RAM, E820_RESERVED) on the BIOSes the table
 * lists (AMI, Phoenix, …; CONFIG_X86_RESERVE_LOW_64K), in every modeled kernel
 * that has the call (caglar10ur/linux-2.6.27.y@3846b8e059:arch/x86/kernel/setup.c:581-591,
 * DerArtem/android-tegra-2.6.36-hc-dev@f6f94e2ab1b:arch/x86/kernel/setup.c:621-632). 2216d199b1
 * ("The bad_bios_dmi_table() quirk never triggered because we do DMI setup too late") moved
 * it before the calls that allocate from low e820 RAM; those need it.
 */
const needsLow64k = (why: string, when?: Condition): Effect => ({
  op: 'needs', value: 'low_64k_reserved', why, ...(when === undefined ? {} : { when }),
  consequence: 'before the quirk the first 64 KiB are still E820_RAM, so on a BIOS that corrupts them (the AMI BIOS writes 0xc000 on resume) kernel data can land there',
  relevance: { kind: 'machine-specific', text: 'matters only on a BIOS that bad_bios_dmi_table lists (AMI, Phoenix, …) with CONFIG_X86_RESERVE_LOW_64K' },
});

const relocateVmi: Effect = { op: 'relocate', source: 'vmi', when: 'hypervisor:vmi' };
/**
 * parse_early_param(): mem=, memmap=SIZE and memmap=exactmap edit the e820 map in place, so on the still empty map
 * they are lost; memmap=SIZE@START, #START and $START only append an entry, which the BIOS map appended after it
 * keeps (handlers and sources per version: e820-params.ts)
 */
function parseEarlyParam(h: E820Params): readonly Effect[] {
  const handlers = `${h.mem.replaceAll('()', '')}, ${h.memmap.replaceAll('()', '')}`;
  const sanitize = h.sanitized ? '; finish_e820_parsing() then sanitizes a #/$ entry with the BIOS\'s RAM' : '';
  const kept = `${h.addRegion} appends such an entry and ${h.build}() appends the BIOS map after it${sanitize}`;
  return [
    {
      op: 'needs', value: 'e820',
      why: `mem=, memmap=SIZE and memmap=exactmap edit the e820 map in place (${handlers})`,
      consequence: `on the still empty map they cut nothing of the BIOS's RAM (at most memmap=SIZE@START ranges parsed before them), and ${h.build}() then appends the whole BIOS map (${h.appendCall}), so the limit is silently lost (memmap=SIZE@START, SIZE#START and SIZE$START are kept: ${kept})`,
      relevance: { kind: 'e820-edits', edits: LOST_ON_EMPTY_MAP, names: 'mem=, memmap=SIZE or memmap=exactmap', kept },
    },
    { op: 'parse_early_param' },
    { op: 'sets', value: 'early_params' },
  ];
}
/**
 * 2.6.26 arch/x86/kernel/e820_32.c propagate_e820_map(): max_pfn = the highest RAM end
 * (caglar10ur/linux-2.6.27.y@bce7f793daec:arch/x86/kernel/e820_32.c:478-497); 2.6.27
 * e820_end_of_ram_pfn() → e820_end_pfn(MAX_ARCH_PFN, E820_RAM): "if (start_pfn >= limit_pfn)
 * continue;" (…@3fa8749e584b:arch/x86/kernel/e820.c:1055-1088).
 */
const computeMaxPfnFrom = (ram: 'highest-end' | 'below-max-arch-pfn'): readonly Effect[] =>
  [needsE820, needsMemParams, { op: 'compute_max_pfn', ram }, { op: 'sets', value: 'max_pfn' }];
const computeMaxLowPfn: readonly Effect[] = [needsMaxPfn, needsLowmemParams, { op: 'compute_max_low_pfn' }, { op: 'sets', value: 'max_low_pfn' }];
const buildE820: readonly Effect[] = [{ op: 'build_e820' }, { op: 'sets', value: 'e820' }];
/**
 * reserve_initrd() with its limit still 0: end_of_lowmem is 0, and ramdisk_size >= 0 >> 1 holds for any initrd
 * (2.6.27-rc1 arch/x86/kernel/setup.c:332-337 at caglar10ur/linux-2.6.27.y@6e86841d05; 2.6.27.y :329-333 at 16fa49cbc7).
 */
const INITRD_DISABLED = 'end_of_lowmem is 0, so an initrd from the boot loader is "too large to handle" (ramdisk_size >= end_of_lowmem >> 1): the kernel disables it and boots without it';
const initrdCopy: Effect = { op: 'early_ioremap', program: 'initrd_copy', what: 'initrd above lowmem (relocate_initrd)', when: 'machine.initrd_above_lowmem' };
const initrdIntoDirectMap: Effect = { op: 'needs', value: 'direct_map', why: 'relocate_initrd() copies to __va(ramdisk_here), through the direct map', relevance: { kind: 'initrd-copy' } };
/** 2.6.26's relocate_initrd(): the same need, once setup_memory()'s reserve_initrd() has decided to relocate (do_relocate_initrd) */
const initrdIntoDirectMapDecided: Effect = { op: 'needs', value: 'direct_map', why: 'relocate_initrd() copies to __va(ramdisk_here), through the direct map', relevance: { kind: 'initrd-copy', decided: true } };
/** 2.6.26 relocate_initrd(): copies only what setup_memory()'s reserve_initrd() decided (arch/x86/kernel/setup_32.c:559-645 at caglar10ur/linux-2.6.27.y@bce7f793da) */
const initrdCopyDecided: Effect = { op: 'early_ioremap', program: 'initrd_copy_decided', what: 'initrd above lowmem (relocate_initrd)', when: 'machine.initrd_above_lowmem' };
/**
 * paravirt_pagetable_setup_done() from 2.6.27-rc1: native nothing; Xen's
 * xen_pagetable_setup_done() → xen_setup_shared_info() → set_fixmap(FIX_PARAVIRT_BOOTMAP),
 * counted (15664f968a9). The page-table side (pagetables/build.ts) has nothing
 * to switch here from 2.6.27-rc1 on: xen_set_pte_init is the set_pte from the outset.
 */
const pvDone: readonly Effect[] = [
  { op: 'pagetable_setup_hook', hook: 'done' },
  { op: 'set_fixmap', slot: 'FIX_PARAVIRT_BOOTMAP', what: 'Xen shared_info', when: 'hypervisor:xen' },
];
/** paravirt_pagetable_setup_start(): native_pagetable_setup_start() clears boot PTEs past max_low_pfn; Xen: empty from 2.6.27-rc1 */
const pvStart: Effect = { op: 'pagetable_setup_hook', hook: 'start' };
/** kmap_init(): kmap_pte = the PTE of FIX_KMAP_BEGIN (when FIX_KMAP_* exist: CONFIG_HIGHMEM, or any config from 2.6.28-rc4) */
const kmapInit: readonly Effect[] = [{ op: 'kmap_init', when: 'kmap' }, { op: 'kmap_get_fixmap_pte', when: 'kmap' }];
/** permanent_kmaps_init(): page tables for PKMAP_BASE (CONFIG_HIGHMEM) */
const pkmapTables: readonly Effect[] = [
  { op: 'build_pkmap_pagetables', when: 'config.highmem' },
  { op: 'page_table_range_init', range: 'pkmap', when: 'config.highmem' },
];
const mapAcpi = (what: string): Effect => ({ op: 'map_acpi_tables', what, when: 'config.acpi' });
/**
 * acpi_table_parse() finds a table through acpi_get_table(), which walks
 * acpi_gbl_root_table_list; the list is empty (count 0: AE_NOT_FOUND, "not
 * present") until acpi_boot_table_init() → acpi_table_init() →
 * acpi_initialize_tables() fills it, which it skips with acpi=off ("if
 * (acpi_disabled && !acpi_ht) return 1;")
 * (DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f:drivers/acpi/tables.c:241-256, 294-296,
 * drivers/acpi/tables/tbxface.c acpi_get_table(), arch/x86/kernel/acpi/boot.c:1634-1650;
 * the same at 2.6.26 bce7f793dae boot.c:1258-1276 and 2.6.36 f6f94e2ab1b boot.c:1497-1512,
 * drivers/acpi/tables.c:278, 342).
 */
const needsAcpiTables = (why: string, consequence: string, relevance: Relevance): Effect => ({ op: 'needs', value: 'acpi_tables', why, consequence, relevance });
/**
 * acpi_boot_init(): acpi_table_parse() of the SBF, the FADT, the MADT (acpi_process_madt) and the HPET
 * (…@6e86841d05f:arch/x86/kernel/acpi/boot.c:1692-1713; …@f6f94e2ab1b:…:1547-1575)
 */
const acpiBootInitTables: Effect = needsAcpiTables(
  'acpi_boot_init() looks the SBF, FADT, MADT and HPET tables up with acpi_table_parse()',
  'before acpi_boot_table_init() the table list is empty: no FADT (SCI, PM timer), no MADT (the local APIC and IO-APICs are not registered from ACPI, only an MP table can still provide them) and no HPET',
  { kind: 'condition', condition: 'acpi_enabled' },
);
const initMemoryMapping: readonly Effect[] = [
  { op: 'needs', value: 'max_low_pfn', why: 'the direct map ends at max_low_pfn', relevance: { kind: 'always' } },
  { op: 'needs', value: 'e820', why: 'find_early_table_space() looks for room for the page tables in the e820 map', relevance: { kind: 'always' } },
  { op: 'build_direct_map' },
  { op: 'kernel_physical_mapping_init' },
  { op: 'sets', value: 'direct_map' },
  { op: 'page_table_range_init', range: 'fixmap' },
  { op: 'build_fixmap_pagetables' },
];
const initmemInit: readonly Effect[] = [
  { op: 'needs', value: 'max_low_pfn', why: 'initmem_init() sets high_memory and the bootmem map from max_low_pfn', relevance: { kind: 'always' } },
  { op: 'needs', value: 'direct_map', why: 'setup_bootmem_allocator() puts the bootmem bitmap below max_pfn_mapped, which init_memory_mapping() sets', relevance: { kind: 'always' } },
  { op: 'sets', value: 'bootmem' },
];

export const CATALOG: Readonly<Record<CallName, CallSpec>> = {
  early_ioremap_init: {
    doc: 'installs bm_pte in the PMD of fix_to_virt(FIX_BTMAP_BEGIN) at the current FIXADDR_TOP (WARNs if FIX_BTMAP_* straddle two PMDs)',
    variants: always([{ op: 'early_ioremap_init' }, { op: 'pmd_populate_bm_pte' }]),
  },
  parse_early_param: {
    doc: 'parses machine.cmdline once (static int done): reservetop= relocates; mem=/memmap= edit e820; vmalloc=, highmem=, noexec=, vmi= take effect; earlycon=…mmio, earlyprintk=dbgp and kgdbdbgp= set_fixmap (the debug port not after pci=off or pci=noearly)',
    // the handlers edit e820 in place; the call that builds the map appends the BIOS's after them (e820-params.ts)
    variants: [
      { until: H.E820_PARAMS_MERGED, effects: parseEarlyParam(E820_PARAMS_2626) },
      { since: H.E820_PARAMS_MERGED, effects: parseEarlyParam(E820_PARAMS_MERGED_HANDLERS) },
    ],
  },
  vmi_init: {
    doc: 'VMI host: probes the ROM and reserve_top_address(-virtual_top); before the 2.6.28-rc9/2.6.27.10 split also activate_vmi() (reads vmi=disable_timer; lowmem map to max_low_pfn before 2.6.27-rc3, MAXMEM_PFN after)',
    variants: [
      // vmi_32.c before 31343d8a507 (2.6.27-rc3): activate_vmi() registers a
      // linear mapping of lowmem sized by max_low_pfn.
      { until: H.VMI_LOWMEM_MAXMEM_PFN, effects: [
        { op: 'needs', value: 'max_low_pfn', why: 'activate_vmi() maps lowmem up to max_low_pfn', relevance: { kind: 'always' }, when: 'hypervisor:vmi' },
        needsVmiParams, relocateVmi,
        { op: 'vmi_map_lowmem', upTo: 'max_low_pfn', when: 'hypervisor:vmi' },
        { op: 'sets', value: 'vmi_rom' },
      ] },
      { since: H.VMI_LOWMEM_MAXMEM_PFN, until: H.VMI_INIT_ACTIVATE_SPLIT, effects: [
        needsVmiParams, relocateVmi,
        { op: 'vmi_map_lowmem', upTo: 'MAXMEM_PFN', when: 'hypervisor:vmi' },
        { op: 'sets', value: 'vmi_rom' },
      ] },
      // ae8d04e2ecb (2.6.28-rc9; 2.6.27.10): probe and reserve only
      { since: H.VMI_INIT_ACTIVATE_SPLIT, effects: [relocateVmi, { op: 'sets', value: 'vmi_rom' }] },
    ],
  },
  vmi_activate: {
    doc: 'VMI host, 2.6.28-rc9+/2.6.27.10+: returns at once unless vmi_init found the ROM; else activate_vmi(): the VMI paravirt ops (pv_mmu_ops.alloc_pte = vmi_allocate_pte, …: before init_memory_mapping), vmi=disable_timer (the VMI timer), lowmem mapped up to MAXMEM_PFN',
    // vmi_activate(): `if (!vmi_rom) return;` then activate_vmi() (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05
    // (2.6.28):arch/x86/kernel/vmi_32.c:980-990; caglar10ur/linux-2.6.27.y@147514952f (2.6.27.10):…:980-990;
    // @f6f94e2ab1b (2.6.36):…:853-863). vmi_rom is set only by vmi_init()'s probe_vmi_rom() (…@4a6908a3a05:…:664-678, 961-978).
    // vmi_mmu_ops is recorded wherever the call gets past the guard, on every machine, as vmi_init records vmi_rom;
    // only init_memory_mapping on a VMI host needs it.
    variants: always([
      {
        op: 'needs', value: 'vmi_rom', relevance: { kind: 'condition', condition: 'hypervisor:vmi' },
        why: 'vmi_activate() returns at once unless vmi_init() has found the ROM ("if (!vmi_rom) return;")',
        consequence: 'before it vmi_rom is NULL, so activate_vmi() never runs: VMI is silently never activated on this VMI host (the kernel keeps the native paravirt ops: no VMI MMU ops, no VMI timer, no linear mapping of lowmem)',
      },
      { op: 'returns_unless', value: 'vmi_rom', what: 'activate_vmi()' },
      needsVmiParams,
      { op: 'vmi_map_lowmem', upTo: 'MAXMEM_PFN', when: 'hypervisor:vmi' },
      { op: 'sets', value: 'vmi_mmu_ops' },
    ]),
  },
  setup_memory_map: { doc: 'builds the e820 map from the BIOS (appends to what is there)', variants: always(buildE820) },
  memory_setup: { doc: 'builds the e820 map from the BIOS (2.6.26 spelling: print_memory_map(memory_setup()))', variants: always(buildE820) },
  parse_setup_data: {
    doc: 'early_ioremap of each boot_params setup_data node (a page, plus the whole node nested when larger), if machine.setup_data',
    variants: always([{ op: 'early_ioremap', program: 'setup_data_pages', what: 'boot_params setup_data node (parse_setup_data)', when: 'machine.setup_data' }]),
  },
  e820_reserve_setup_data: {
    doc: 'early_ioremap of each setup_data header (16 bytes) to reserve it in e820, if machine.setup_data',
    variants: always([{ op: 'early_ioremap', program: 'setup_data_headers', what: 'setup_data header (e820_reserve_setup_data)', when: 'machine.setup_data' }]),
  },
  reserve_early_setup_data: {
    doc: 'early_ioremap of each setup_data header (16 bytes) to reserve_early() it, if machine.setup_data',
    // `/* after early param, so could get panic from serial */ reserve_early_setup_data();` in every release that has
    // the call: 28bb2237951 "x86: move reserve_setup_data to setup.c" put it after parse_early_param with that comment,
    // and it stays so from 2.6.27-rc1 to 2.6.36.3 (DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f:arch/x86/kernel/setup.c:673-674,
    // @8e0ee43bc2c (2.6.29):…:756-757, @07a2039b8eb (2.6.30):…:776-777, @f6f94e2ab1b (2.6.36):…:844-845, each rc and
    // 2.6.36.1 – .3 likewise; caglar10ur/linux-2.6.27.y@666bc219c8 (2.6.27.57):…:707-708). reserve_early() panics on
    // "Overlapping early reservations" (…@6e86841d05f:arch/x86/kernel/e820.c:806, @f6f94e2ab1b:kernel/early_res.c:188),
    // and only the early console parse_early_param sets up (earlyprintk=, earlycon=) prints that panic.
    variants: always([
      { op: 'needs', value: 'early_params', why: 'reserve_early_setup_data() reserve_early()s each setup_data node, and reserve_early() panics on "Overlapping early reservations"; setup.c calls it "after early param, so could get panic from serial": the early console (earlyprintk=, earlycon=) is set up by parse_early_param', consequence: 'before it that panic, for a setup_data node over another early reservation, reaches no console: the machine stops without a word', relevance: { kind: 'machine-specific', condition: 'machine.setup_data', text: 'matters only when a setup_data node overlaps another early reservation and an early console is to show the panic' } },
      { op: 'early_ioremap', program: 'setup_data_headers', what: 'setup_data header (reserve_early_setup_data)', when: 'machine.setup_data' },
    ]),
  },
  reserve_setup_data: { doc: 'tip/x86 name (July 2008) of reserve_early_setup_data; in no release', variants: NONE },
  efi_init: {
    doc: 'EFI machine (efi_enabled, which noefi clears): early_ioremap of the system table, vendor string, config tables, runtime services, then the memory map, left mapped; sets efi.smbios; 2.6.27-rc1+: add_efi_memmap adds the EFI map to e820',
    // `if (efi_enabled) efi_init();` in every release (2.6.26 setup_32.c; DerArtem/android-tegra-2.6.36-hc-dev@60b341b778c:
    // arch/x86/kernel/setup.c:813-814); early_param("noefi", setup_noefi) sets efi_enabled = 0 (…@60b341b778c:arch/x86/kernel/efi.c:61-66).
    // From 2.6.27-rc1 (200001eb140) efi_init() also reads add_efi_memmap: `if (add_efi_memmap) do_add_efi_memmap();`
    // (DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f (2.6.27-rc1) and @3fa8749e584 (2.6.27):arch/x86/kernel/efi.c:67-75, 420-421; …@f6f94e2ab1b:arch/x86/kernel/efi.c:68-76, 454-455).
    variants: [
      { until: H.ADD_EFI_MEMMAP_PARAM, effects: efiInit(['noefi'], 'setup_arch() calls efi_init() only if efi_enabled, which noefi clears (setup_noefi)', 'efi_init() maps and uses the EFI tables that noefi asked to ignore') },
      { since: H.ADD_EFI_MEMMAP_PARAM, effects: efiInit(['noefi', 'add_efi_memmap'], 'setup_arch() calls efi_init() only if efi_enabled, which noefi clears (setup_noefi), and efi_init() adds the EFI memory map to e820 only if add_efi_memmap (do_add_efi_memmap)', 'efi_init() maps and uses the EFI tables that noefi asked to ignore, or leaves out the EFI memory map that add_efi_memmap asked to add') },
    ],
  },
  e820_end_of_ram_pfn: { doc: 'sets max_pfn from the e820 map (as mem=/memmap= left it); RAM that starts at or above MAX_ARCH_PFN (4 GiB, 64 GiB with PAE) does not count', variants: always(computeMaxPfnFrom('below-max-arch-pfn')) },
  e820_end_of_ram: { doc: 'tip/x86 name (July 2008) of e820_end_of_ram_pfn; in no release', variants: NONE },
  propagate_e820_map: { doc: 'sets max_pfn from the e820 map (2.6.26): the end of the highest RAM range', variants: always(computeMaxPfnFrom('highest-end')) },
  find_low_pfn_range: {
    doc: 'sets max_low_pfn = min(max_pfn, MAXMEM_PFN) with the __VMALLOC_RESERVE in force now (2.6.27+)',
    variants: always(computeMaxLowPfn),
  },
  setup_memory: {
    doc: '2.6.26: sets max_low_pfn with the __VMALLOC_RESERVE in force now, then setup_bootmem_allocator(): bootmem, find_smp_config, reserve_initrd (reserve only)',
    variants: always([
      ...computeMaxLowPfn,
      { op: 'sets', value: 'bootmem' },
      { op: 'sets', value: 'smp_config' },
    ]),
  },
  init_memory_mapping: {
    doc: 'builds the direct map up to max_low_pfn (find_early_table_space reads e820 from 0x7000; 2.6.27.6+/2.6.28+ after the low-64K DMI quirk), then early_ioremap_page_table_range_init(): fixmap page tables at the current FIXADDR_TOP and early_ioremap_reset (2.6.27+)',
    variants: [
      { until: S.DMI_QUIRK_AMI_BIOS, effects: initMemoryMapping },
      // find_early_table_space(): start = 0x7000; find_e820_area(start, max_pfn_mapped<<PAGE_SHIFT, tables, PAGE_SIZE)
      // (caglar10ur/linux-2.6.27.y@3846b8e059:arch/x86/mm/init_32.c:750-751; x86_32 arch/x86/mm/init.c from 2.6.30,
      // DerArtem/android-tegra-2.6.36-hc-dev@f6f94e2ab1b:arch/x86/mm/init.c:74-78)
      { since: S.DMI_QUIRK_AMI_BIOS, until: H.VMI_INIT_ACTIVATE_SPLIT, effects: [needsLow64k('find_early_table_space() puts the direct-map page tables in the first free e820 RAM from 0x7000'), ...initMemoryMapping] },
      // every kernel with the split has the low-64K quirk (2.6.27.10 after 2.6.27.6, 2.6.28-rc9 after rc1)
      { since: H.VMI_INIT_ACTIVATE_SPLIT, effects: [needsLow64k('find_early_table_space() puts the direct-map page tables in the first free e820 RAM from 0x7000'), needsVmiMmuOps, ...initMemoryMapping] },
    ],
  },
  initmem_init: {
    doc: 'high_memory, bootmem (2.6.27+): needs max_low_pfn and max_pfn_mapped (init_memory_mapping); hands the e820 RAM to bootmem (2.6.27.6+/2.6.28+ after the low-64K DMI quirk)',
    variants: [
      { until: S.DMI_QUIRK_AMI_BIOS, effects: initmemInit },
      // e820_register_active_regions() then free_bootmem_with_active_regions() (caglar10ur/linux-2.6.27.y@3846b8e059:
      // arch/x86/mm/init_32.c:655-716); from 2.6.30 the bitmap too comes from find_e820_area(0, …)
      // (DerArtem/android-tegra-2.6.36-hc-dev@07a2039b8eb:arch/x86/mm/init_32.c:831)
      { since: S.DMI_QUIRK_AMI_BIOS, effects: [needsLow64k('initmem_init() hands the e820 RAM to bootmem (e820_register_active_regions, free_bootmem_with_active_regions)'), ...initmemInit] },
    ],
  },
  paging_init: {
    doc: '2.6.26: pagetable_init (direct map, fixmap page tables, early_ioremap_reset, pkmap, the paravirt hooks) then kmap_init; 2.6.27+: pkmap page tables and kmap_init (2.6.27-rc1 – rc6: the paravirt hooks again)',
    variants: [
      // 2.6.26 init_32.c pagetable_init(): the hooks inside (Xen: set_pte = xen_set_pte_init
      // between them); Xen's _done maps shared_info with set_pte_mfn, which `fixmaps` does not
      // count (caglar10ur/linux-2.6.27.y@bce7f793da:arch/x86/xen/enlighten.c:859-874, mmu.c:123-153)
      { until: S.INIT_MEMORY_MAPPING_32, effects: [
        { op: 'needs', value: 'max_low_pfn', why: 'pagetable_init() maps lowmem up to max_low_pfn', relevance: { kind: 'always' } },
        needsBootmem('one_page_table_init() takes page-table pages from alloc_bootmem_low_pages()'),
        pvStart,
        { op: 'build_direct_map' },
        { op: 'kernel_physical_mapping_init' },
        { op: 'sets', value: 'direct_map' },
        { op: 'page_table_range_init', range: 'fixmap' },
        { op: 'build_fixmap_pagetables' },
        ...pkmapTables,
        { op: 'pagetable_setup_hook', hook: 'done' },
        { op: 'set_pte_mfn', slot: 'FIX_PARAVIRT_BOOTMAP', when: 'hypervisor:xen' },
        ...kmapInit,
      ] },
      // 2.6.27-rc1 – rc6: pagetable_init() still calls the hooks that setup_arch() now calls too (5132895f14a):
      // paravirt_pagetable_setup_start(); permanent_kmaps_init(); paravirt_pagetable_setup_done()
      // (caglar10ur/linux-2.6.27.y@6e86841d05:arch/x86/mm/init_32.c:457-466)
      { since: S.INIT_MEMORY_MAPPING_32, until: H.PV_PAGETABLE_HOOKS_DEDUPLICATED, effects: [
        { op: 'needs', value: 'direct_map', why: 'paging_init() extends the page tables init_memory_mapping() built', relevance: { kind: 'always' } },
        needsBootmem('permanent_kmaps_init() → page_table_range_init() allocates with alloc_bootmem_low_pages()', { kind: 'condition', condition: 'config.highmem' }),
        pvStart,
        ...pkmapTables,
        ...pvDone,
        ...kmapInit,
      ] },
      { since: H.PV_PAGETABLE_HOOKS_DEDUPLICATED, effects: [
        { op: 'needs', value: 'direct_map', why: 'paging_init() extends the page tables init_memory_mapping() built', relevance: { kind: 'always' } },
        needsBootmem('permanent_kmaps_init() → page_table_range_init() allocates with alloc_bootmem_low_pages()', { kind: 'condition', condition: 'config.highmem' }),
        ...pkmapTables,
        ...kmapInit,
      ] },
    ],
  },
  init_ohci1394_dma_on_all_controllers: {
    doc: 'ohci1394_dma=early: set_fixmap(FIX_OHCI1394_BASE) for each controller (machine.ohci1394_controllers)',
    variants: always([{ op: 'set_fixmap', slot: 'FIX_OHCI1394_BASE', what: 'OHCI-1394 controller registers', per: 'ohci1394_controller', when: 'machine.ohci1394_dma_early' }]),
  },
  reserve_initrd: {
    doc: '2.6.27+: relocate_initrd() copies the part above the lowmem limit through early_ioremap, 256 KiB at a time (limit max_low_pfn, max_low_pfn_mapped from 2.6.31-rc1/2.6.27.26)',
    variants: [
      { until: H.INITRD_MAX_LOW_PFN_MAPPED, effects: [
        { op: 'needs', value: 'max_low_pfn', why: 'reserve_initrd() compares the initrd with the end of lowmem (max_low_pfn)', consequence: INITRD_DISABLED, relevance: { kind: 'condition', condition: 'machine.initrd' } },
        initrdIntoDirectMap, initrdCopy,
      ] },
      // 8c5dd8f4336 (2.6.31-rc1; 2.6.27.26): the limit is max_low_pfn_mapped, set after init_memory_mapping()
      { since: H.INITRD_MAX_LOW_PFN_MAPPED, effects: [
        { op: 'needs', value: 'direct_map', why: 'reserve_initrd() compares the initrd with max_low_pfn_mapped, which init_memory_mapping() sets', consequence: INITRD_DISABLED, relevance: { kind: 'condition', condition: 'machine.initrd' } },
        initrdCopy,
      ] },
    ],
  },
  relocate_initrd: {
    doc: '2.6.26: copies the initrd part above lowmem through early_ioremap (after paging_init: real set_fixmaps)',
    variants: always([
      initrdIntoDirectMapDecided,
      // it has no free_bootmem(); it copies only where reserve_initrd() (setup_memory()) decided and reserved
      { op: 'needs', value: 'bootmem', why: 'relocate_initrd() copies only what setup_memory()\'s reserve_initrd() decided (do_relocate_initrd) and reserved with reserve_bootmem()', consequence: 'before it, do_relocate_initrd is false and relocate_initrd() returns at once; reserve_initrd() then points initrd_start at a new place that nothing fills, and the kernel unpacks that as its initrd', relevance: { kind: 'condition', condition: 'machine.initrd_above_lowmem' } },
      initrdCopyDecided,
    ]),
  },
  dmi_scan_machine: {
    doc: 'early_ioremap of the 64 KiB F-segment (on EFI: efi.smbios) and, nested, the DMI table; on EFI it needs efi_init (efi.smbios); 2.6.26 needs bootmem',
    variants: [
      // include/asm-x86/dmi.h (2.6.26): #define dmi_alloc alloc_bootmem on 32-bit
      { until: H.DMI_STATIC_ALLOC, effects: [
        { op: 'needs', value: 'bootmem', why: 'dmi_alloc() is alloc_bootmem() on 32-bit (include/asm-x86/dmi.h)', consequence: 'alloc_bootmem() before setup_memory() has set up the allocator panics', relevance: { kind: 'always' } },
        { op: 'needs', value: 'efi', why: 'on EFI firmware dmi_scan_machine() finds SMBIOS through efi.smbios, which efi_init() reads from the EFI system table', consequence: 'before it efi.smbios is 0, so dmi_scan_machine() maps physical page 0, prints "DMI not present or invalid." and DMI is lost (DMI quirks, the efifb framebuffer on Apple machines)', relevance: { kind: 'condition', condition: 'efi_enabled' } },
        { op: 'early_ioremap', program: 'dmi_scan', what: 'DMI' },
        { op: 'sets', value: 'dmi' },
      ] },
      { since: H.DMI_STATIC_ALLOC, effects: [
        { op: 'needs', value: 'efi', why: 'on EFI firmware dmi_scan_machine() finds SMBIOS through efi.smbios, which efi_init() reads from the EFI system table', consequence: 'before it efi.smbios is 0, so dmi_scan_machine() maps physical page 0, prints "DMI not present or invalid." and DMI is lost (DMI quirks, the efifb framebuffer on Apple machines)', relevance: { kind: 'condition', condition: 'efi_enabled' } },
        { op: 'early_ioremap', program: 'dmi_scan', what: 'DMI' },
        { op: 'sets', value: 'dmi' },
      ] },
    ],
  },
  dmi_check_system: {
    doc: 'applies bad_bios_dmi_table: on the BIOSes it lists reserves 0 – 64 KiB in e820 (dmi_low_memory_corruption), before the calls that allocate from low RAM; reads the DMI data dmi_scan_machine copied',
    variants: always([
      needsDmi('dmi_check_system() matches the quirk tables against dmi_ident (2.6.28-rc1 WARNs when called before dmi_scan_machine, 9a22b6e76ba)', dmiQuirk('a DMI quirk (bad_bios_dmi_table, …)')),
      { op: 'sets', value: 'low_64k_reserved' },
    ]),
  },
  io_delay_init: {
    doc: 'picks the port-0x80 delay; reads DMI (io_delay_0xed_port_dmi_table)',
    variants: always([needsDmi('io_delay_init() applies DMI quirks', dmiQuirk('the io_delay DMI quirk'))]),
  },
  acpi_boot_table_init: {
    doc: 'ACPI blacklist (DMI), then maps the RSDT/XSDT: direct map below 8 MiB (2.6.26) or max_low_pfn_mapped (2.6.27 – 2.6.29), else [F] FIX_ACPI_*; early_ioremap from 2.6.30',
    variants: always([
      needsDmi('acpi_boot_table_init() first runs dmi_check_system(acpi_dmi_table), the ACPI blacklist', dmiQuirk('an ACPI DMI blacklist entry')),
      mapAcpi('ACPI RSDT/XSDT'),
      // acpi_table_init(): the root table list the later acpi_table_parse() calls search (set on every
      // machine: with acpi=off nobody parses, and the readers' needs are harmless there)
      { op: 'sets', value: 'acpi_tables' },
    ]),
  },
  early_acpi_boot_init: {
    doc: '2.6.28+: maps the MADT and set_fixmap(FIX_APIC_BASE) for the local APIC it names; needs the ACPI table list',
    // boot.c early_acpi_boot_init() → early_acpi_process_madt(): acpi_table_parse(ACPI_SIG_MADT, …)
    // (DerArtem/android-tegra-2.6.36-hc-dev@4a6908a3a05:arch/x86/kernel/acpi/boot.c; f6f94e2ab1b:…:1531-1542)
    variants: always([
      needsAcpiTables(
        'early_acpi_boot_init() → early_acpi_process_madt() looks the MADT up with acpi_table_parse()',
        'before acpi_boot_table_init() the table list is empty: no MADT is found, acpi_lapic stays 0 and the local APIC address is not taken from ACPI',
        { kind: 'condition', condition: 'acpi_enabled' },
      ),
      needsApicParams('early_acpi_boot_init', ['nolapic'], 'acpi_enabled'),
      { op: 'acpi_madt', ioapics: false, when: 'config.acpi' },
    ]),
  },
  acpi_numa_init: {
    doc: 'CONFIG_ACPI_NUMA: maps the SRAT like acpi_boot_table_init; needs the ACPI table list',
    // drivers/acpi/numa.c acpi_numa_init(): acpi_table_parse(ACPI_SIG_SRAT, …), then ACPI_SIG_SLIT
    // (DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f:drivers/acpi/numa.c)
    variants: always([
      needsAcpiTables(
        'acpi_numa_init() looks the SRAT and SLIT up with acpi_table_parse()',
        'before acpi_boot_table_init() the table list is empty: no SRAT, so no memory or CPU affinity, and the NUMA setup falls back to one node',
        { kind: 'machine-specific', text: 'matters only on a NUMA machine, whose SRAT assigns memory and CPUs to nodes', condition: 'acpi_numa_enabled' },
      ),
      { op: 'map_acpi_tables', what: 'ACPI SRAT', parsed: true, when: 'config.acpi_numa' },
    ]),
  },
  paravirt_pagetable_setup_start: {
    doc: 'native: native_pagetable_setup_start() clears boot PTEs past max_low_pfn; Xen (2.6.27+): empty, xen_set_pte_init is the set_pte from xen_start_kernel on',
    variants: always([pvStart]),
  },
  paravirt_pagetable_setup_done: {
    doc: 'Xen: [F] set_fixmap(FIX_PARAVIRT_BOOTMAP) for shared_info (native: none)',
    variants: always(pvDone),
  },
  'x86_init.paging.pagetable_setup_start': {
    doc: '2.6.32+ name of paravirt_pagetable_setup_start (native_pagetable_setup_start / xen_pagetable_setup_start)',
    variants: always([pvStart]),
  },
  'x86_init.paging.pagetable_setup_done': {
    doc: '2.6.32+ name of paravirt_pagetable_setup_done: Xen [F] set_fixmap(FIX_PARAVIRT_BOOTMAP) (shared_info), then xen_post_allocator_init() (set_pte back to xen_set_pte)',
    // f1d7062a235 (2.6.32-rc1) moved xen_post_allocator_init() into xen_pagetable_setup_done(), after
    // xen_setup_shared_info() (dandel/linux-2.6.32.y@22763c5cf36:arch/x86/xen/mmu.c:1234-1238)
    variants: always([...pvDone, { op: 'pagetable_setup_hook', hook: 'post_allocator_init' }]),
  },
  acpi_boot_init: {
    doc: 'ACPI on: maps the FADT/MADT, set_fixmap(FIX_APIC_BASE) and one FIX_IO_APIC_BASE_n per IO-APIC (not with acpi=off, nolapic, noapic); needs the ACPI table list; 2.6.27.8+/2.6.28+ applies DMI quirks',
    variants: [
      { until: H.ACPI_BOOT_INIT_READS_DMI, effects: [acpiBootInitTables, needsApicParams('acpi_boot_init', ['nolapic', 'noapic'], 'acpi_enabled'), { op: 'acpi_madt', ioapics: true, when: 'config.acpi' }] },
      { since: H.ACPI_BOOT_INIT_READS_DMI, effects: [
        needsDmi('acpi_boot_init() runs dmi_check_system(acpi_dmi_table_late)', dmiQuirk('a late ACPI DMI quirk (HP laptops)')),
        acpiBootInitTables,
        needsApicParams('acpi_boot_init', ['nolapic', 'noapic'], 'acpi_enabled'),
        { op: 'acpi_madt', ioapics: true, when: 'config.acpi' },
      ] },
    ],
  },
  get_smp_config: {
    doc: 'ACPI off: reads the MP table (early_ioremap from 2.6.30; set_fixmap(FIX_APIC_BASE) from 2.6.36), registering the APICs',
    variants: always([
      { op: 'needs', value: 'smp_config', why: 'get_smp_config() reads the MP table find_smp_config() found (setup_arch calls it only if smp_found_config)', relevance: { kind: 'machine-specific', text: 'matters only when the MP table, not ACPI, describes the APICs' } },
      { op: 'get_smp_config' },
    ]),
  },
  find_smp_config: {
    doc: 'finds the MP floating pointer (phys_to_virt scan); reserves it with bootmem until 2.6.33-rc1',
    variants: [
      { until: H.FIND_SMP_CONFIG_WITHOUT_BOOTMEM, effects: [needsBootmem('smp_scan_config() reserves the MP table with reserve_bootmem_generic()'), { op: 'sets', value: 'smp_config' }] },
      { since: H.FIND_SMP_CONFIG_WITHOUT_BOOTMEM, effects: [{ op: 'sets', value: 'smp_config' }] },
    ],
  },
  init_apic_mappings: {
    doc: 'set_fixmap(FIX_APIC_BASE) (2.6.27 – 2.6.30 always, a fake bootmem page without an APIC; 2.6.31+ not when ACPI mapped it; 2.6.36+ not when the MP table did); not switched off by acpi=off',
    variants: [
      { until: H.APIC_DUMMY_OPERATIONS, effects: [
        { op: 'needs', value: 'apic_config', why: 'init_apic_mappings() maps mp_lapic_addr, which the MADT (acpi_boot_init) or the MP table (get_smp_config) provide; without it the default 0xfee00000', relevance: { kind: 'machine-specific', text: 'matters only when the local APIC is not at the default 0xfee00000' } },
        needsBootmem('without an APIC (nolapic) init_apic_mappings() maps a fake page from alloc_bootmem_pages()', { kind: 'cmdline', params: ['nolapic'] }),
        needsApicParams('init_apic_mappings', ['nolapic'], 'config.local_apic'),
        { op: 'init_apic_mappings' },
      ] },
      { since: H.APIC_DUMMY_OPERATIONS, effects: [
        { op: 'needs', value: 'apic_config', why: 'init_apic_mappings() maps mp_lapic_addr, which the MADT (acpi_boot_init) or the MP table (get_smp_config) provide; without it the default 0xfee00000', relevance: { kind: 'machine-specific', text: 'matters only when the local APIC is not at the default 0xfee00000' } },
        needsApicParams('init_apic_mappings', ['nolapic'], 'config.local_apic'),
        { op: 'init_apic_mappings' },
      ] },
    ],
  },
  ioapic_init_mappings: {
    doc: 'set_fixmap(FIX_IO_APIC_BASE_n) for each IO-APIC the MADT or the MP table registered',
    variants: always([
      { op: 'needs', value: 'apic_config', why: 'ioapic_init_mappings() maps nr_ioapics IO-APICs, which acpi_boot_init or get_smp_config count: none before them', relevance: { kind: 'machine-specific', text: 'matters only when the MP table, not ACPI, lists the IO-APICs' } },
      { op: 'ioapic_init_mappings' },
    ]),
  },
  init_hypervisor: {
    doc: '2.6.29 – 2.6.31: hypervisor detection; VMware falls back to DMI (dmi_name_in_serial("VMware"))',
    variants: always([needsDmi('vmware_platform() looks for "VMware" in the DMI serial when the CPUID hypervisor bit is not set ("VMware detection requires dmi to be available")', { kind: 'condition', condition: 'hypervisor:vmi' })]),
  },
  init_hypervisor_platform: {
    doc: '2.6.32+ name of init_hypervisor: reads DMI',
    variants: always([needsDmi('vmware_platform() looks for "VMware" in the DMI serial when the CPUID hypervisor bit is not set', { kind: 'condition', condition: 'hypervisor:vmi' })]),
  },
  tboot_probe: {
    doc: '2.6.32+: booted by tboot (machine.tboot, CONFIG_INTEL_TXT): set_fixmap(FIX_TBOOT_BASE) for the shared page',
    variants: always([{ op: 'set_fixmap', slot: 'FIX_TBOOT_BASE', what: 'tboot shared page', when: 'machine.tboot' }]),
  },
  olpc_ofw_detect: {
    doc: '2.6.36+: OLPC OpenFirmware (machine.olpc_ofw_cif): reserve_top_address(-round_down(cif, 1 MiB))',
    variants: always([{ op: 'relocate', source: 'olpc', when: 'machine.olpc_ofw' }]),
  },
  setup_olpc_ofw_pgd: {
    doc: "2.6.36+: OLPC OpenFirmware: early_ioremap of its page directory (4 KiB), whose entry 1022 (0xff800000) it copies into swapper_pg_dir",
    variants: always([
      { op: 'early_ioremap', program: 'olpc_pgd', what: "OpenFirmware's page directory", when: 'machine.olpc_ofw' },
      { op: 'set_pgd_olpc_ofw', when: 'machine.olpc_ofw' },
    ]),
  },
  acpi_reserve_bootmem: { doc: 'ACPI sleep: the wakeup trampoline from alloc_bootmem_low (until 2.6.33)', variants: always([needsBootmem('acpi_reserve_bootmem() takes the wakeup code page from alloc_bootmem_low()', { kind: 'condition', condition: 'config.acpi' })]) },
  reserve_crashkernel: {
    doc: 'crashkernel=: reserve_bootmem_generic (reserve_early from 2.6.33)',
    variants: [
      { until: H.CRASHKERNEL_RESERVE_EARLY, effects: [needsBootmem('reserve_crashkernel() reserves with reserve_bootmem_generic()', { kind: 'cmdline', params: ['crashkernel'] })] },
      { since: H.CRASHKERNEL_RESERVE_EARLY, effects: [] },
    ],
  },
  reserve_ibft_region: {
    doc: 'iSCSI boot firmware table: reserve_bootmem when found (reserve_early from 2.6.34-rc4)',
    variants: [
      { until: H.IBFT_RESERVE_EARLY, effects: [needsBootmem('reserve_ibft_region() reserves a found iBFT with reserve_bootmem()', { kind: 'machine-specific', text: 'matters only on a machine with an iSCSI boot firmware table' })] },
      { since: H.IBFT_RESERVE_EARLY, effects: [] },
    ],
  },
  e820_reserve_resources: { doc: 'e820 resources (alloc_bootmem_low)', variants: always([needsBootmem('e820_reserve_resources() allocates the resources with alloc_bootmem_low()')]) },
  mtrr_trim_uncached_memory: {
    doc: 'trims RAM that no write-back MTRR covers out of e820 (reads max_pfn)',
    variants: always([{ op: 'needs', value: 'max_pfn', why: 'mtrr_trim_uncached_memory(max_pfn) trims up to max_pfn', relevance: { kind: 'machine-specific', text: 'matters only when MTRRs leave RAM uncached' } }]),
  },
  early_cpu_init: { doc: 'none (CPU identification)', variants: NONE },
  pre_setup_arch_hook: { doc: 'none (subarch hook)', variants: NONE },
  visws_early_detect: { doc: 'none (SGI Visual Workstation probe)', variants: NONE },
  efi_reserve_early: { doc: 'none (reserves the EFI memory map; sets efi_enabled from the "EL32" signature)', variants: NONE },
  copy_edd: { doc: 'none (copies BIOS EDD data)', variants: NONE },
  // The three read what parse_early_param sets, in every release that has them (2.6.27-rc1 – 2.6.36:
  // DerArtem/android-tegra-2.6.36-hc-dev@60b341b778c:arch/x86/kernel/setup.c:799-811, acpi/boot.c:1651-1663,
  // pci/common.c:523-524, e820.c:1307-1319; the same at 6e86841d05 (2.6.27-rc1) and f6f94e2ab1b (2.6.36)).
  acpi_mps_check: {
    doc: 'without CONFIG_X86_MPPARSE: acpi=off, acpi=noirq or pci=noacpi disable the local APIC (reads the early params); empty with CONFIG_X86_MPPARSE=y, which the model always has',
    // The body is `#if defined(CONFIG_X86_LOCAL_APIC) && !defined(CONFIG_X86_MPPARSE)` in every release 2.6.27-rc1 – 2.6.36
    // (DerArtem/android-tegra-2.6.36-hc-dev@6e86841d05f:arch/x86/kernel/acpi/boot.c:1765-1767, …@f6f94e2ab1b:…:1626-1628);
    // X86_MPPARSE is def_bool y / default y (…@6e86841d05f:arch/x86/Kconfig:246-259, …@f6f94e2ab1b:arch/x86/Kconfig:316-319).
    // The model has no CONFIG_X86_MPPARSE=n, so the need is harmless everywhere; with MPPARSE=n it would be
    // { kind: 'cmdline', params: ['acpi=off', 'acpi=noirq', 'pci=noacpi'] } (parse_acpi() compares the whole argument).
    variants: always([{ op: 'needs', value: 'early_params', why: 'acpi_mps_check() reads acpi_disabled and acpi_noirq, which acpi=off, acpi=noirq and pci=noacpi set (parse_acpi, parse_pci); it acts only without CONFIG_X86_MPPARSE', consequence: 'before them it sees ACPI in use and leaves the local APIC on although neither ACPI nor an MP-table parser will configure it', relevance: { kind: 'inert', text: 'CONFIG_X86_MPPARSE=y makes acpi_mps_check() empty; the model has no CONFIG_X86_MPPARSE=n' } }]),
  },
  early_dump_pci_devices: {
    doc: 'pci=earlydump: dumps PCI config space (setup_arch calls it only if pci_early_dump_regs)',
    // pci_setup() splits pci= at ',' and hands each option to pcibios_setup(); only "earlydump" sets pci_early_dump_regs
    // (…@6e86841d05f:arch/x86/pci/common.c:513-514, drivers/pci/pci.c:1884-1910; …@f6f94e2ab1b:arch/x86/pci/common.c:541-542)
    variants: always([{ op: 'needs', value: 'early_params', why: 'setup_arch() calls it only if pci_early_dump_regs, which pci=earlydump sets (pcibios_setup, through early_param("pci", pci_setup))', consequence: 'before it pci_early_dump_regs is 0 and the dump is skipped', relevance: { kind: 'cmdline', params: ['pci=earlydump'] } }]),
  },
  finish_e820_parsing: {
    doc: 'sanitizes and prints the e820 map mem=/memmap= edited (userdef)',
    // arch/x86/kernel/e820.c:1242-1254 at caglar10ur/linux-2.6.27.y@3fa8749e584b: sanitize_e820_map() on the map as it is now
    variants: always([
      { op: 'needs', value: 'early_params', why: 'finish_e820_parsing() sanitizes the map only if userdef, which mem= and memmap= set (parse_memopt, parse_memmap_opt)', consequence: 'before them userdef is 0: the map they edit afterwards is never sanitized (overlapping or unsorted memmap= ranges stay) nor printed as the user-defined map', relevance: { kind: 'cmdline', params: ['mem', 'memmap'] } },
      {
        op: 'needs', value: 'e820',
        why: 'sanitize_e820_map() gives the RAM a memmap=SIZE#START / SIZE$START entry overlaps to the entry (the larger type wins), in the map as it is when finish_e820_parsing() runs',
        consequence: 'before setup_memory_map() it sanitizes the user\'s entries alone; the BIOS map appended afterwards (append_e820_map) is never sanitized with them, so the RAM under the range stays E820_RAM and e820_end_of_ram_pfn() counts it',
        relevance: { kind: 'e820-edits', edits: ['acpi', 'reserved'], names: 'memmap=SIZE#START or memmap=SIZE$START' },
      },
      { op: 'sanitize_e820' },
    ]),
  },
  probe_roms: { doc: 'none (option ROM resources, isa_bus_to_virt)', variants: NONE },
  mtrr_bp_init: { doc: 'none', variants: NONE },
  early_reserve_e820_mpc_new: { doc: 'none', variants: NONE },
  setup_bios_corruption_check: { doc: 'none', variants: NONE },
  numa_kva_reserve: { doc: 'not a setup_arch() call (inside setup_memory/initmem_init)', variants: NONE },
  kvmclock_init: { doc: 'none', variants: NONE },
  kvm_guest_init: { doc: 'none', variants: NONE },
  smp_alloc_memory: { doc: 'none', variants: NONE },
  remapped_pgdat_init: { doc: 'none', variants: NONE },
  sparse_init: { doc: 'none', variants: NONE },
  zone_sizes_init: { doc: 'none', variants: NONE },
  paravirt_post_allocator_init: {
    doc: 'Xen 2.6.27+: xen_post_allocator_init() switches set_pte back from xen_set_pte_init (native: none; gone in 2.6.32-rc1, see x86_init.paging.pagetable_setup_done)',
    variants: always([{ op: 'pagetable_setup_hook', hook: 'post_allocator_init' }]),
  },
  generic_apic_probe: { doc: 'none', variants: NONE },
  early_quirks: { doc: 'none (PCI config space through port I/O)', variants: NONE },
  prefill_possible_map: { doc: 'none', variants: NONE },
  probe_nr_irqs: { doc: 'none', variants: NONE },
  e820_register_memory: { doc: 'none', variants: NONE },
  e820_mark_nosave_regions: { doc: 'none', variants: NONE },
  reserve_standard_io_resources: { doc: 'none', variants: NONE },
  e820_setup_gap: { doc: 'none', variants: NONE },
  check_efer: { doc: 'x86_64 only', variants: NONE },
  set_mca_bus: { doc: 'none', variants: NONE },
  insert_resource: { doc: 'none (code/data/bss resources; called three times)', variants: NONE },
  ppro_with_ram_bug: { doc: 'none in the model (may trim e820 on Pentium Pro)', variants: NONE },
  e820_register_active_regions: { doc: 'not a setup_arch() call (inside initmem_init/setup_memory)', variants: NONE },
  request_resource: { doc: 'none (video RAM resource)', variants: NONE },
  probe_nr_irqs_gsi: { doc: 'none', variants: NONE },
  reserve_brk: { doc: 'none', variants: NONE },
  /**
   * early_trap_init() (29c843912a0, 2.6.35-rc1): set_intr_gate(14, &page_fault) and load_idt() at the start of
   * setup_arch(), moved out of trap_init() (DerArtem/android-tegra-2.6.36-hc-dev@9fe6206f400:arch/x86/kernel/traps.c,
   * setup.c:739). Vectors 0, 6 and 13 keep head_32.S's early handlers until trap_init(): only page faults change.
   */
  early_trap_init: { doc: 'installs the page-fault handler (and the debug/int3 gates for kgdb): a fault from here on is an oops, not early_page_fault (2.6.35+)', variants: always([{ op: 'sets', value: 'page_fault_handler' }]) },
  efi_mem_type: { doc: 'none (VGA console check on EFI)', variants: NONE },
  init_gbpages: { doc: 'none (no-op on x86_32)', variants: NONE },
  'x86_init.oem.arch_setup': { doc: 'none (2.6.32+ name of ARCH_SETUP)', variants: NONE },
  'x86_init.resources.probe_roms': { doc: 'none (2.6.32+ name of probe_roms)', variants: NONE },
  sfi_init: { doc: 'none in the model (SFI tables on Moorestown only)', variants: NONE },
  'x86_init.resources.reserve_resources': { doc: 'none (2.6.32+: reserve_standard_io_resources)', variants: NONE },
  'x86_init.oem.banner': { doc: 'none', variants: NONE },
  mcheck_intel_therm_init: { doc: 'none (the 2.6.32.y name of mcheck_init)', variants: NONE },
  x86_configure_nx: { doc: 'none (NX detection before the early params)', variants: NONE },
  x86_report_nx: { doc: 'none', variants: NONE },
  // find_e820_area(0, 1<<20, …): the first free low RAM (DerArtem/android-tegra-2.6.36-hc-dev@60b341b778c:
  // arch/x86/kernel/trampoline.c:22, arch/x86/kernel/acpi/sleep.c:136; the same in 2.6.36 f6f94e2ab1b)
  reserve_trampoline_memory: {
    doc: 'the SMP trampoline from the first free e820 RAM below 1 MiB (reserve_early); after the low-64K DMI quirk',
    variants: always([needsLow64k('reserve_trampoline_memory() takes the trampoline from find_e820_area(0, 1<<20, …), the lowest free RAM')]),
  },
  acpi_reserve_wakeup_memory: {
    doc: 'CONFIG_ACPI_SLEEP: the wakeup code from the first free e820 RAM below 1 MiB (reserve_early, 2.6.33+); after the low-64K DMI quirk',
    variants: always([needsLow64k('acpi_reserve_wakeup_memory() takes the wakeup code from find_e820_area(0, 1<<20, …), the lowest free RAM', 'config.acpi')]),
  },
  mcheck_init: { doc: 'none', variants: NONE },
  trim_bios_range: { doc: 'none in the model (e820: the BIOS data page reserved)', variants: NONE },
  early_res_to_bootmem: { doc: 'none', variants: NONE },
  setup_trampoline_page_table: { doc: 'none in the fixmap model', variants: NONE },
  vsmp_init: { doc: 'none (stub on x86_32 from 2.6.30)', variants: NONE },
  early_gart_iommu_check: { doc: 'x86_64 only', variants: NONE },
  dma32_reserve_bootmem: { doc: 'none (empty on x86_32, called from 2.6.34)', variants: NONE },
  map_vsyscall: { doc: 'x86_64 only', variants: NONE },
  init_cpu_to_node: { doc: 'x86_64 only', variants: NONE },
  pagetable_init: { doc: 'not a setup_arch() call (inside paging_init)', variants: NONE },
};

function selected(kernel: KernelVersion, v: Variant): boolean {
  return (v.since === undefined || H.has(kernel, v.since)) && (v.until === undefined || !H.has(kernel, v.until));
}

/** The effects of a call under a kernel version (the first variant it has). */
export function effectsOf(call: CallName, kernel: KernelVersion): readonly Effect[] {
  for (const v of CATALOG[call].variants) if (selected(kernel, v)) return v.effects;
  return [];
}

/**
 * Calls the kernel makes more than once in setup_arch() (arch/x86/kernel/setup.c
 * at v2.6.27): insert_resource() once per kernel resource (code, data, bss:
 * :707-709; crashk_res: :520), e820_end_of_ram_pfn() again after
 * mtrr_trim_uncached_memory() changed the e820 map (:730, :737).
 */
// 2.6.26's setup_32.c calls propagate_e820_map() again likewise
const REPEATED: ReadonlySet<string> = new Set(['insert_resource', 'e820_end_of_ram_pfn', 'propagate_e820_map']);

export function repeatsCall(call: string): boolean {
  return REPEATED.has(call);
}

/**
 * Which x86_32 setup_arch() has which call: the changes that added, removed
 * or renamed a call, and each catalog call's span. The spans were read from
 * the setup_arch() body of every release and release candidate 2.6.26 …
 * 2.6.36 (arch/x86/kernel/setup_32.c for 2.6.26, arch/x86/kernel/setup.c
 * from 2.6.27-rc1; `#ifdef CONFIG_X86_64` parts dropped), and of every
 * 2.6.27.y and 2.6.32.y point release; the commit of each boundary with
 * `git log -S'call(' PREV..RELEASE -- arch/x86/kernel/setup*.c` in
 * DerArtem/android-tegra-2.6.36-hc-dev (mainline history) and the stable
 * mirrors. test/arch/x86_32/fixtures/release-orders.ts holds the orders.
 *
 * A call is "in" a kernel when that kernel's setup_arch() calls it by that
 * name, conditionally or not (`if (efi_enabled) efi_init();` counts; calls
 * made from inside another call do not: 2.6.26's find_smp_config runs inside
 * setup_memory()).
 */
import type { CallName } from './catalog-names.js';
import type { Change } from './history.js';

/** A call's life in x86_32 setup_arch(): added by one change, removed (or renamed) by another. */
export interface CallSpan {
  /** absent: already in 2.6.26 */
  readonly added?: Change;
  /** absent: still in 2.6.36 (the last release with VMI) */
  readonly removed?: Change;
  /**
   * the catalog call that took its place in setup_arch() in the `removed` commit (its diff of
   * arch/x86/kernel/setup*.c removes this call and adds that one); absent when the commit only
   * dropped it, moved it into another call, or replaced it with a name the catalog does not know
   */
  readonly replacedBy?: CallName;
}

/** A name the catalog knows (so a scenario copied from elsewhere gets a precise error) but no x86_32 setup_arch() of 2.6.26 – 2.6.36 calls. */
export interface NeverCalled {
  readonly never: string;
}

const c = (mainline: string, commit: string, subject: string, backports?: Readonly<Record<string, number>>): Change =>
  backports === undefined ? { mainline, commit, subject } : { mainline, commit, subject, backports };

// --- the setup_32.c / setup_64.c merge window (2.6.27-rc1) --------------------------------------
export const I386_MEMORY_SETUP_MOVED = c('2.6.27-rc1', '0dbfafa5fcd', 'x86: move i386 memory setup code to e820_32.c');
export const FIND_MAX_PFN = c('2.6.27-rc1', '0596152388e', 'x86, 32-bit: change propagate_e820_map() back to find_max_pfn()');
export const E820_END_OF_RAM_PFN = c('2.6.27-rc1', 'f361a450bf1', 'x86: introduce max_low_pfn_mapped for 64-bit');
export const INITMEM_INIT_32 = c('2.6.27-rc1', 'b2ac82a0909', 'x86: introduce initmem_init for 32 bit');
export const FIND_LOW_PFN_RANGE = c('2.6.27-rc1', '2ec65f8b89e', 'x86: clean up using max_low_pfn on 32-bit');
export const INIT_MEMORY_MAPPING_32 = c('2.6.27-rc1', '4e29684c40f', 'x86: introduce init_memory_mapping for 32bit #1');
export const RESERVE_INITRD = c('2.6.27-rc1', '225c37d71bc', 'x86: introduce reserve_initrd');
export const CALLS_MOVED_TO_PAGING_INIT = c('2.6.27-rc1', '11cd0bc140b', 'x86: move some func calling from setup_arch to paging_init');
export const SMP_ALLOC_MEMORY_GONE = c('2.6.27-rc1', 'a4c81cf6843', 'x86: extend e820 ealy_res support 32bit');
export const E820_COMMON = c('2.6.27-rc1', 'b79cd8f1268', 'x86: make e820.c to have common functions');
export const OUT_OF_SETUP_BOOTMEM_ALLOCATOR = c('2.6.27-rc1', '593a0cc3904', 'x86: move some function out of setup_bootmem_alloc');
export const MERGE_64BIT_SETUP_ARCH = c('2.6.27-rc1', '76934ed4b33', 'x86: merge 64bit setup_arch into setup_32');
export const VISWS_EARLY_QUIRK = c('2.6.27-rc1', '3b33553badc', 'x86: add early quirk support');
export const EFI_RESERVE_EARLY = c('2.6.27-rc1', 'ecacf09f7d2', 'x86: reserve EFI memory map with reserve_early');
export const SETUP_DATA_I386 = c('2.6.27-rc1', 'c45a707dbe3', 'x86: linked list of setup_data for i386');
export const E820_SAVED_SETUP_DATA = c('2.6.27-rc1', 'a0a0becd2da', 'x86: make e820_saved have update from setup_data');
export const ACPI_MPS_CHECK = c('2.6.27-rc1', '3c999f14266', 'x86: check command line when CONFIG_X86_MPPARSE is not set, v2');
export const EARLY_DUMP_PCI = c('2.6.27-rc1', 'e3f2baebf42', 'PCI/x86: early dump pci conf space v2');
export const PROBE_ROMS_FILE = c('2.6.27-rc1', 'a9c1182fbd3', 'x86: seperate probe_roms into another file');
export const E820_RESOURCES = c('2.6.27-rc1', '41c094fd3ca', 'x86: move e820_resource_resources to e820.c');
export const KILL_BAD_PPRO = c('2.6.27-rc1', 'cc9f7a0ccf0', 'x86: kill bad_ppro');
export const UPDATE_MPTABLE = c('2.6.27-rc1', '6780711e981', 'x86: update mptable, fix');
export const ACPI_NUMA_32 = c('2.6.27-rc1', '1c6e55032e2', 'x86: use acpi_numa_init to parse on 32-bit numa');
export const PV_PAGETABLE_HOOKS_IN_SETUP_ARCH = c('2.6.27-rc1', 'a312b37b2a2', 'x86/paravirt: call paravirt_pagetable_setup_{start, done}');
export const PREFILL_POSSIBLE_MAP_EARLY = c('2.6.27-rc1', '329513a35d1', 'x86: move prefill_possible_map calling early');
export const STANDARD_IO_RESOURCES = c('2.6.27-rc1', 'ce97c40e282', 'x86: move reserve_standard_io_resource to setup.c');

// --- 2.6.28 -------------------------------------------------------------------------------------
export const DMI_QUIRK_AMI_BIOS = c('2.6.28-rc1', '5649b7c3031', 'x86: add DMI quirk for AMI BIOS which corrupts address 0xc000 during resume', { '2.6.27': 6 });
export const BIOS_CORRUPTION_CHECK = c('2.6.28-rc1', '5394f80f926', 'x86: check for and defend against BIOS memory corruption');
export const EARLY_ACPI_BOOT_INIT = c('2.6.28-rc1', '2e42060c19c', 'x86, uv: add early detection of UV system types');
export const PROBE_NR_IRQS = c('2.6.28-rc1', '9d6a4d0823b', 'x86: probe nr_irqs even only mptable is used');
/** vmi_activate() is the VMI_INIT_ACTIVATE_SPLIT of history.ts (2.6.28-rc9; 2.6.27.10) */

// --- 2.6.29 – 2.6.31 ----------------------------------------------------------------------------
export const INIT_HYPERVISOR = c('2.6.29-rc1', '88b094fb8d4', 'x86: Hypervisor detection and get tsc_freq from hypervisor');
export const PROBE_NR_IRQS_GSI = c('2.6.29-rc1', 'be5d5350a93', 'x86: MSI start irq numbering from nr_irqs_gsi');
export const SUBARCH_HOOKS_REMOVED = c('2.6.30-rc1', 'd85a881d780', 'x86: remove various unused subarch hooks');
export const RESERVE_BRK = c('2.6.30-rc1', '93dbda7cbcd', 'x86: add brk allocation for very, very early allocations');
export const VSMP_STUB_32 = c('2.6.30-rc1', '129d8bc828e', "x86: don't compile vsmp_64 for 32bit");
export const INIT_GBPAGES_IN_SETUP_ARCH = c('2.6.31-rc2', '854c879f5ab', 'x86: Move init_gbpages() to setup_arch()');

// --- 2.6.32: x86_init ops -----------------------------------------------------------------------
export const X86_INIT_ARCH_SETUP = c('2.6.32-rc1', '42bbdb43b16', 'x86: Replace ARCH_SETUP by a proper x86_init_ops');
export const X86_INIT_HYPERVISOR = c('2.6.32-rc1', '2d826404f0b', 'x86: Move tsc_calibration to x86_init_ops');
export const X86_INIT_PROBE_ROMS = c('2.6.32-rc1', 'f7cf5a5b8c0', 'x86: Add probe_roms to x86_init');
export const X86_INIT_PAGETABLE_SETUP = c('2.6.32-rc1', '030cb6c00d2', 'x86: Move paravirt pagetable_setup to x86_init_ops');
export const XEN_POST_ALLOCATOR_INIT_MOVED = c('2.6.32-rc1', 'f1d7062a235', 'x86: Move xen_post_allocator_init into xen_pagetable_setup_done');
export const X86_INIT_RESOURCES = c('2.6.32-rc1', '8fee697d990', 'x86: Add request_standard_resources to x86_init');
export const X86_INIT_BANNER = c('2.6.32-rc1', '6f30c1ac3fc', 'x86: Move paravirt banner printout to x86_init_ops');
export const TBOOT_PROBE = c('2.6.32-rc1', '31625340695', 'x86, intel_txt: Intel TXT boot support');
export const SFI_INIT = c('2.6.32-rc1', 'efafc8b213e', 'x86: add arch-specific SFI support');

// --- 2.6.33 – 2.6.36 ----------------------------------------------------------------------------
export const NX_CONFIGURE = c('2.6.33-rc1', '4763ed4d455', 'x86, mm: Clean up and simplify NX enablement');
export const NX_REPORT = c('2.6.33-rc1', '4b0f3b81eb3', 'x86, mm: Report state of NX protections during boot');
export const TRAMPOLINE_FIND_E820 = c('2.6.33-rc1', '893f38d144a', 'x86: Use find_e820() instead of hard coded trampoline address');
export const WAKEUP_BELOW_1M = c('2.6.33-rc1', '196cf0d67ac', 'x86: Make sure wakeup trampoline code is below 1MB');
/**
 * mcheck_init() at the end of setup_arch; 2.6.32.y got the same fix as
 * mcheck_intel_therm_init() (21fc7b8d8c4 in 2.6.32.2), a name no mainline release has.
 */
export const MCHECK_INIT = c('2.6.33-rc1', 'a2202aa2928', "x86: Under BIOS control, restore AP's APIC_LVTTHMR to the BSP value");
export const MCHECK_INTEL_THERM_INIT_STABLE = c('2.6.33-rc1', 'a2202aa2928', "x86: Under BIOS control, restore AP's APIC_LVTTHMR to the BSP value", { '2.6.32': 2 });
export const TRIM_BIOS_RANGE = c('2.6.34-rc1', '1b5576e69a5', 'x86: Remove BIOS data range from e820');
export const EARLY_RES_TO_BOOTMEM_ONCE = c('2.6.34-rc1', '1842f90cc98', 'x86: Call early_res_to_bootmem one time');
export const DMA32_RESERVE_BOOTMEM_CALLED = c('2.6.34-rc1', 'c252a5bb1f5', 'x86: Only call dma32_reserve_bootmem 64bit !CONFIG_NUMA');
export const EARLY_TRAP_INIT = c('2.6.35-rc1', '29c843912a0', 'x86, kgdb: early trap init for early debug');
export const OLPC_OFW = c('2.6.36-rc1', 'fd699c76552', 'x86, olpc: Add support for calling into OpenFirmware');
export const TRAMPOLINE_PAGE_TABLE = c('2.6.36-rc2', 'fd89a137924', 'x86-32: Separate 1:1 pagetables from swapper_pg_dir', { '2.6.32': 27 });

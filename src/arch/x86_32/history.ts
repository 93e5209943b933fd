/**
 * Kernel history as the model needs it: every change of modeled behaviour,
 * with the mainline version that first has it, the stable point releases it
 * was backported to, and its commit. Behaviour is selected with has(), never
 * with a version range, because a stable backport reaches 2.6.27.10 before
 * the mainline release candidate it came from is in every later kernel.
 *
 * How "first in" was established: `git merge-base --is-ancestor COMMIT
 * RELEASE` against the "Linux 2.6.x[-rcN]" commits of the mainline history
 * in DerArtem/android-tegra-2.6.36-hc-dev (2.6.12 … 2.6.36.3; the release
 * commits carry kernel.org's SHAs), and against the "Linux 2.6.27.N" commits
 * of caglar10ur/linux-2.6.27.y and the "Linux 2.6.32.N" commits of
 * dandel/linux-2.6.32.y for the stable backports.
 *
 * The changes that add, remove or rename setup_arch() calls are in
 * setup-arch-history.ts; this file holds the changes of what calls do.
 */
import { versionKey, type KernelVersion } from './kernel-version.js';
import type { ArgSeparators } from '../kernel-args.js';

export interface Change {
  /** the first mainline version (release or rc) that has it */
  readonly mainline: string;
  /** stable series → first point release that has the backport, e.g. { '2.6.27': 8 } */
  readonly backports?: Readonly<Record<string, number>>;
  /** upstream commit (short sha) and subject */
  readonly commit: string;
  readonly subject: string;
  /** the stable commit(s), where there was a backport */
  readonly stableCommits?: Readonly<Record<string, string>>;
}

const keys = new Map<Change, number>();

function mainlineKey(c: Change): number {
  let k = keys.get(c);
  if (k === undefined) {
    // not parseKernelVersion: a change may land in an rc the model does not offer as a profile
    const m = /^2\.6\.(\d+)(?:-rc(\d+))?$/.exec(c.mainline);
    if (m === null) throw new Error(`internal: bad mainline version ${c.mainline} of ${c.commit}`);
    k = versionKey(Number(m[1]), m[2] === undefined ? null : Number(m[2]));
    keys.set(c, k);
  }
  return k;
}

/** Whether a kernel has a change: mainline at or after it, or a stable release at or after its backport. */
export function has(kernel: KernelVersion, c: Change): boolean {
  if (kernel.stable !== null) {
    const since = c.backports?.[`2.6.${kernel.sublevel}`];
    if (since !== undefined && kernel.stable >= since) return true;
    // a stable update has what its release had
    return versionAtLeast(kernel.sublevel, null, c);
  }
  return versionAtLeast(kernel.sublevel, kernel.rc, c);
}

function versionAtLeast(sublevel: number, rc: number | null, c: Change): boolean {
  return versionKey(sublevel, rc) >= mainlineKey(c);
}

/** "e621bd18958e "i386: vmalloc size fix" (2.6.28-rc1)", for docs and messages */
export function cite(c: Change): string {
  const stable = Object.entries(c.backports ?? {}).map(([series, n]) => `${series}.${n}`);
  return `${c.commit} "${c.subject}" (${c.mainline}${stable.length > 0 ? `; stable ${stable.join(', ')}` : ''})`;
}

// ---------------------------------------------------------------------------
// Layout: MAXMEM, vmalloc=, reserve_top_address()

/**
 * 2.6.26's find_max_low_pfn() (arch/x86/kernel/setup_32.c:342-396 at bce7f793dae) becomes
 * find_low_pfn_range() in arch/x86/mm/init_32.c (:582 at 2.6.27-rc1 6e86841d05f), with the same
 * highmem= logic (low-pfn-range.ts). Only the names in messages change.
 */
export const FIND_LOW_PFN_RANGE: Change = { mainline: '2.6.27-rc1', commit: '2ec65f8b89e', subject: 'x86: clean up using max_low_pfn on 32-bit' };

/**
 * find_low_pfn_range() split into lowmem_pfn_init() and highmem_pfn_init() (arch/x86/mm/init_32.c:673-753
 * at 2.6.30 07a2039b8eb), same logic, new printk wording. Only the names in messages change.
 */
export const LOW_PFN_INIT_SPLIT: Change = { mainline: '2.6.30-rc1', commit: '4769843bc26', subject: 'x86, 32-bit: clean up find_low_pfn_range()' };

/**
 * i386: vmalloc size fix (Dave Young): vmalloc=SIZE sets __VMALLOC_RESERVE to
 * SIZE + VMALLOC_OFFSET; MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE;
 * VMALLOC_START = high_memory + VMALLOC_OFFSET (arch/x86/mm/pgtable_32.c,
 * include/asm-x86/page_32.h, pgtable_32.h). Not in 2.6.27.y (checked to .57).
 */
export const VMALLOC_SIZE_FIX: Change = { mainline: '2.6.28-rc1', commit: 'e621bd18958e', subject: 'i386: vmalloc size fix' };

/**
 * x86, 32-bit: Fix double accounting in reserve_top_address() (Jan Beulich):
 * since 2.6.28 MAXMEM includes VMALLOC_END, which moves with FIXADDR_TOP, so
 * reserve_top_address() stops adding the reserve to __VMALLOC_RESERVE
 * (arch/x86/mm/pgtable.c).
 */
/**
 * mem_init()'s layout check becomes BUG_ON(VMALLOC_START >= VMALLOC_END) (and the
 * same checks at build time): an empty vmalloc area stops the boot, not only an
 * inverted one. Before, BUG_ON(VMALLOC_START > VMALLOC_END)
 * (caglar10ur/linux-2.6.27.y@3fa8749e584b:arch/x86/mm/init_32.c:979).
 */
export const MEM_INIT_VMALLOC_NOT_EMPTY: Change = { mainline: '2.6.29-rc1', commit: 'beeb4195cbc', subject: 'x86, 32-bit: add some compile time checks to mem_init()' };

/**
 * parse_args()/next_arg() split the command line at any isspace() character
 * (dandel/linux-2.6.32.y@f472f49700ab:kernel/params.c); before, at ' ' only
 * (caglar10ur/linux-2.6.27.y@3fa8749e584b:kernel/params.c:90).
 */
export const PARAMS_ISSPACE: Change = { mainline: '2.6.32-rc1', commit: '26d052bfce79', subject: 'param: allow whitespace as kernel parameter separator' };

/** How a kernel version splits its command line (kernel-args.ts). */
export function argSeparators(kernel: KernelVersion | null): ArgSeparators {
  return kernel === null || has(kernel, PARAMS_ISSPACE) ? 'isspace' : 'space';
}

export const RESERVE_TOP_NO_DOUBLE_ACCOUNTING: Change = { mainline: '2.6.31-rc6', commit: '6abf65510944', subject: 'x86, 32-bit: Fix double accounting in reserve_top_address()' };

/**
 * xen: do not reserve 2 pages of padding between hypervisor and fixmap (Ian
 * Campbell): xen_reserve_top() reserves -HYPERVISOR_VIRT_START instead of
 * -HYPERVISOR_VIRT_START + 2 * PAGE_SIZE (arch/x86/xen/enlighten.c). Stable:
 * 996d332bda in 2.6.27.8 (not in 2.6.27.7).
 */
export const XEN_RESERVE_NO_PADDING: Change = {
  mainline: '2.6.28-rc1', backports: { '2.6.27': 8 }, stableCommits: { '2.6.27': '996d332bda' },
  commit: '5dc64a3442b9', subject: 'xen: do not reserve 2 pages of padding between hypervisor and fixmap.',
};

/**
 * parse_reservetop() calls fixup_early_ioremap() → early_ioremap_init() after
 * reserve_top_address(), so bm_pte and slot_virt[] follow the new FIXADDR_TOP
 * (arch/x86/mm/pgtable_32.c, ioremap.c; WARN if a slot is still mapped). Only
 * reservetop= does this: VMI, Xen, lguest and OLPC relocate without it. The
 * issue names 2.6.35; the commit is in 2.6.34-rc7. Not in 2.6.32.y.
 */
export const RESERVETOP_FIXUP_EARLY_IOREMAP: Change = { mainline: '2.6.34-rc7', commit: 'e67a807f3d9a', subject: "x86: Fix 'reservetop=' functionality" };

// ---------------------------------------------------------------------------
// enum fixed_addresses

/**
 * fixmap_32.h aligns FIX_BTMAP_END to 256 slots instead of 512 (2.6.26), so
 * the 256 boot-time slots fill exactly one page table.
 */
export const BTMAP_ALIGN_256: Change = { mainline: '2.6.27-rc1', commit: '48fe4a76e27', subject: 'x86: i386: reduce boot fixmap space' };

/** FIX_ACPI_BEGIN..END move from the permanent slots to after FIX_WP_TEST. */
export const FIX_ACPI_NOT_PERMANENT: Change = { mainline: '2.6.27-rc1', commit: '4c8ab98249f', subject: 'i386: move FIX_ACPI_* into non-permanent range' };

/** FIX_KMAP_BEGIN..END exist without CONFIG_HIGHMEM (iomap_atomic uses them). */
export const KMAP_WITHOUT_HIGHMEM: Change = { mainline: '2.6.28-rc4', commit: 'fd940934352', subject: 'x86: add iomap_atomic*()/iounmap_atomic() on 32-bit using fixmaps' };

/**
 * One fixmap.h for both bitnesses: FIX_OHCI1394_BASE right after
 * __end_of_permanent_fixed_addresses (index P + 1), before the boot-time slots.
 */
export const FIXMAP_UNIFIED: Change = { mainline: '2.6.30-rc1', commit: 'c577b098f9b', subject: 'x86, fixmap: unify fixmap.h' };

/** FIX_TEXT_POKE0/1: two more permanent slots. */
export const FIX_TEXT_POKE: Change = { mainline: '2.6.30-rc1', commit: '78ff7fae045', subject: 'x86: implement atomic text_poke() via fixmap' };

/** ACPI tables through early_ioremap; FIX_ACPI_* are gone from the enum. */
export const ACPI_EARLY_IOREMAP: Change = { mainline: '2.6.30-rc1', commit: '1c14fa4937e', subject: 'x86: use early_ioremap in __acpi_map_table' };

/**
 * __early_ioremap() takes and sums a resource_size_t physical address, not an unsigned long: with PAE
 * (ARCH_PHYS_ADDR_T_64BIT, def_bool X86_64 || X86_PAE) a range past 4 GiB no longer wraps, and is mapped
 * (arch/x86/mm/ioremap.c, first after 2.6.30-rc1, allwinner/linux-2.6.36@9b987aeb4a7).
 */
export const EARLY_IOREMAP_PHYS_ADDR_T: Change = { mainline: '2.6.30-rc2', commit: '9b987aeb4a7', subject: 'x86: fix set_fixmap to use phys_addr_t' };

/** FIX_OHCI1394_BASE moves after FIX_BTMAP_BEGIN, before FIX_WP_TEST. */
export const FIXMAP_ORDERING: Change = { mainline: '2.6.31-rc3', commit: '789d03f5844', subject: 'x86: Fix fixmap ordering' };

/** KM_TYPE_NR 13 → 19 on x86_32 (include/asm-generic/kmap_types.h). */
export const KMAP_TYPES_GENERIC: Change = { mainline: '2.6.31-rc1', commit: 'e4c9dd0fbad', subject: 'kmap_types: make most arches use generic header file' };

/** KM_TYPE_NR 19 → 20 (KM_KDB). */
export const KMAP_TYPE_KDB: Change = { mainline: '2.6.35-rc1', commit: '67fc4e0cb93', subject: 'kdb: core for kgdb back end (2 of 2)' };

/** FIX_TBOOT_BASE after FIX_WP_TEST (CONFIG_INTEL_TXT); tboot_probe() set_fixmaps it. */
export const INTEL_TXT: Change = { mainline: '2.6.32-rc1', commit: '31625340695', subject: 'x86, intel_txt: Intel TXT boot support' };

/**
 * FIX_BTMAP_END = P when P … P + 255 already lie in one page table, else
 * rounded up as before: ((P ^ (P + 255)) & -PTRS_PER_PTE) ? P + 256 - (P & 255) : P.
 */
export const BTMAP_LIFT_RESTRICTION: Change = { mainline: '2.6.34-rc1', commit: '499a5f1efa0', subject: 'x86: Lift restriction on the location of FIX_BTMAP_*' };

/** FIX_OHCI1394_BASE among the permanent slots, after FIX_EARLYCON_MEM_BASE. Stable: 566c0284389 in 2.6.32.11. */
export const OHCI1394_PERMANENT: Change = {
  mainline: '2.6.34-rc3', backports: { '2.6.32': 11 }, stableCommits: { '2.6.32': '566c0284389' },
  commit: 'ff30a0543e9', subject: 'x86: Fix placement of FIX_OHCI1394_BASE',
};

// ---------------------------------------------------------------------------
// early_ioremap (arch/x86/mm/ioremap.c)

/** 2.6.26 counter `fixmaps` renamed `fixmaps_set` with the unified __set_fixmap (arch/x86/mm/pgtable.c). */
export const FIXMAPS_SET_COUNTER: Change = { mainline: '2.6.27-rc1', commit: '7c7e6e07e2a', subject: 'x86: unify __set_fixmap' };
/**
 * __set_fixmap()'s PTE writer, with the BUG()s on a missing pgd/pud/pmd: 2.6.26's static set_pte_pfn()
 * (arch/x86/mm/pgtable_32.c:74-103 at bce7f793dae) becomes set_pte_vaddr() (pgtable_32.c:27 at 2.6.27-rc1
 * 6e86841d05f, :28 at 2.6.36 f6f94e2ab1b).
 */
export const SET_PTE_VADDR: Change = { mainline: '2.6.27-rc1', commit: 'd494a96125c', subject: 'x86: implement set_pte_vaddr' };

/**
 * The page count of an early_ioremap: PAGE_ALIGN(last_addr + 1) - (phys &
 * PAGE_MASK); before, PAGE_ALIGN(last_addr) mapped one page too few when the
 * object ended on the first byte of a page. Stable d344a53f2e in 2.6.27.2.
 */
export const EARLY_IOREMAP_FENCEPOST: Change = {
  mainline: '2.6.28-rc1', backports: { '2.6.27': 2 }, stableCommits: { '2.6.27': 'd344a53f2e' },
  commit: 'c613ec1a7ff', subject: 'x86, early_ioremap: fix fencepost error',
};

/** The first free prev_map[] slot instead of the nesting counter early_ioremap_nested. */
export const EARLY_IOREMAP_SLOTS: Change = { mainline: '2.6.28-rc1', commit: 'c1a2f4b1085', subject: 'x86: change early_ioremap to use slots instead of nesting' };

/**
 * Two effects of one commit (arch/x86/mm/init_32.c, ioremap.c):
 * - early_ioremap_clear() is gone and early_ioremap_reset() only sets
 *   after_paging_init: live bm_pte entries are no longer re-installed with
 *   counted set_fixmap() calls, and bm_pte stays the page table of its PMD;
 * - page_table_range_init() passes every fixmap PTE page through
 *   page_table_kmap_check(), which copies a FIX_KMAP PTE page that did not come
 *   from alloc_low_page() into one that did, so the kmap PTE pages are
 *   physically consecutive; the fixmap's table space is
 *   PAGE_ALIGN(__end_of_fixed_addresses * sizeof(pte_t)).
 * Not backported to 2.6.27.y (2.6.27.57 still calls early_ioremap_clear).
 */
export const KMAP_PTES_CONTIGUOUS: Change = { mainline: '2.6.29-rc3', commit: 'a3c6018e565', subject: 'x86: fix assumed to be contiguous leaf page tables for kmap_atomic region (take 2)' };

/**
 * early_ioremap_init() caches slot_virt[i] at the FIXADDR_TOP of that moment;
 * early_ioremap() returns offset + slot_virt[slot] while it writes the PTE for
 * __fix_to_virt(idx) at the current top.
 */
export const EARLY_IOREMAP_SLOT_VIRT: Change = { mainline: '2.6.30-rc1', commit: '8827247ffcc', subject: "x86: don't define __this_fixmap_does_not_exist()" };

// ---------------------------------------------------------------------------
// VMI (arch/x86/kernel/vmi_32.c)

/** activate_vmi() maps lowmem up to MAXMEM_PFN instead of max_low_pfn (and vmi_init moved after early_ioremap_init). */
export const VMI_LOWMEM_MAXMEM_PFN: Change = { mainline: '2.6.27-rc3', commit: '31343d8a507', subject: 'x86: Fix broken VMI in 2.6.27-rc..' };

/**
 * vmi_init() only probes the ROM and reserves the top; vmi_activate() (after
 * parse_early_param) activates VMI. The issue and DESIGN say 2.6.28-rc8; the
 * commit is first in 2.6.28-rc9. Stable feb3741448 in 2.6.27.10.
 */
export const VMI_INIT_ACTIVATE_SPLIT: Change = {
  mainline: '2.6.28-rc9', backports: { '2.6.27': 10 }, stableCommits: { '2.6.27': 'feb3741448' },
  commit: 'ae8d04e2ecb', subject: 'x86 Fix VMI crash on boot in 2.6.28-rc8',
};

// ---------------------------------------------------------------------------
// DMI, EFI, ACPI, APIC

/** dmi_alloc() is a static 2 KiB array on 32-bit, not alloc_bootmem (include/asm-x86/dmi.h). */
export const DMI_STATIC_ALLOC: Change = { mainline: '2.6.27-rc1', commit: '1c6e55032e2', subject: 'x86: use acpi_numa_init to parse on 32-bit numa' };

/**
 * dmi_scan_machine() right after finish_e820_parsing() (and the new
 * dmi_check_system(bad_bios_dmi_table), which edits e820). Stable 5c371b31be
 * in 2.6.27.6; the shipped scenario named 2.6.27.4, history says 2.6.27.6.
 */
export const EARLY_DMI_SCAN: Change = {
  mainline: '2.6.28-rc1', backports: { '2.6.27': 6 }, stableCommits: { '2.6.27': '5c371b31be' },
  commit: '2216d199b14', subject: 'x86: fix CONFIG_X86_RESERVE_LOW_64K=y',
};

/** efi_init() before dmi_scan_machine(): on EFI firmware DMI is found through efi.smbios. Stable edafc7a273 in 2.6.27.25. */
export const EFI_BEFORE_DMI: Change = {
  mainline: '2.6.29-rc8', backports: { '2.6.27': 25 }, stableCommits: { '2.6.27': 'edafc7a273' },
  commit: 'ff0c0874905', subject: 'x86: fix DMI on EFI',
};

/** acpi_boot_init() applies DMI quirks (dmi_check_system(acpi_dmi_table_late)). Stable 446861fd5d in 2.6.27.8. */
export const ACPI_BOOT_INIT_READS_DMI: Change = {
  mainline: '2.6.28-rc1', backports: { '2.6.27': 8 }, stableCommits: { '2.6.27': '446861fd5d' },
  commit: '35af28219e6', subject: 'x86: call dmi-quirks for HP Laptops after early-quirks are executed',
};

/** __acpi_map_table uses the direct map below max_low_pfn_mapped (2.6.26: below 8 MiB). */
export const ACPI_MAP_BELOW_MAX_LOW_PFN_MAPPED: Change = { mainline: '2.6.27-rc1', commit: 'f361a450bf1', subject: 'x86: introduce max_low_pfn_mapped for 64-bit' };

/** Xen maps shared_info with a counted set_fixmap(FIX_PARAVIRT_BOOTMAP) (2.6.26: set_pte_mfn, not counted). */
export const XEN_SHARED_INFO_SET_FIXMAP: Change = { mainline: '2.6.27-rc1', commit: '15664f968a9', subject: 'xen64: use set_fixmap for shared_info structure' };

/**
 * setup_arch() calls paravirt_pagetable_setup_start/done around paging_init();
 * until 2.6.27-rc7 pagetable_init() called them again (Xen set_fixmaps
 * shared_info twice).
 */
export const PV_PAGETABLE_HOOKS_DEDUPLICATED: Change = { mainline: '2.6.27-rc7', commit: '5132895f14a', subject: 'x86/paravirt: Remove duplicate paravirt_pagetable_setup_{start, done}()' };

/** init_apic_mappings() skips set_fixmap(FIX_APIC_BASE) when ACPI's MADT path already mapped it (acpi_lapic). */
export const APIC_MAPPING_SKIPPED_WITH_ACPI: Change = { mainline: '2.6.31-rc1', commit: '4401da6111a', subject: 'x86: read apic ID in the !acpi_lapic case' };

/** No local APIC found: apic_disable() instead of a fake alloc_bootmem page mapped at FIX_APIC_BASE. */
export const APIC_DUMMY_OPERATIONS: Change = { mainline: '2.6.31-rc1', commit: '08306ce61d6', subject: 'x86: apic - introduce dummy apic operations' };

/** get_smp_config() early_ioremaps the MP table (2.6.26–2.6.29: phys_to_virt). */
export const MPTABLE_EARLY_IOREMAP: Change = { mainline: '2.6.30-rc1', commit: '8d4dd919b46', subject: 'x86: ioremap mptable' };

/** get_smp_config() set_fixmaps FIX_APIC_BASE while parsing the MP table; init_apic_mappings() then skips it. */
export const MPTABLE_MAPS_LAPIC: Change = { mainline: '2.6.36-rc1', commit: '5989cd6a1cb', subject: 'x86, apic: Map the local apic when parsing the MP table.' };

/**
 * mem= and memmap= on x86_32 move from 2.6.26's own handlers to the ones x86_64 had, in arch/x86/kernel/e820.c
 * (src/arch/x86_32/e820-params.ts has what each version's handlers do, and their names):
 * - 2.6.26 (caglar10ur/linux-2.6.27.y@bce7f793da): parse_mem() (arch/x86/kernel/setup_32.c:252-274) and
 *   parse_memmap() (arch/x86/kernel/e820_32.c:695-738); the SIZE forms call limit_regions() (e820_32.c:613-641),
 *   SIZE@START, SIZE#START and SIZE$START call add_memory_region() (e820_32.c:258-274), which only appends an
 *   entry. Nothing sanitizes the map they leave: sanitize_e820_map() runs on the BIOS's map before it is
 *   copied (mach-default/setup.c:166) and on e820.map only in update_e820() (e820_32.c:765-775), whose one
 *   caller is mtrr_trim_uncached_memory() (cpu/mtrr/main.c:716); setup_32.c:814-819 only prints the user map.
 * - 2.6.27-rc1 (…@6e86841d05): parse_memopt() and parse_memmap_opt() (e820.c:1176-1240) remove RAM with
 *   e820_remove_range() (69a7704d7a8 "x86: e820: user-defined memory maps: remove the range instead of update
 *   it to reserved", also in rc1) or add with e820_add_region(), set userdef, and finish_e820_parsing()
 *   (e820.c:1242-1254, called right after parse_early_param(), setup.c:688) sanitizes the map: of
 *   overlapping ranges the larger type wins (e820.c:333-339 at 3fa8749e584b).
 * This commit made 32-bit use the shared handlers and the sanitizing finish_e820_parsing() (the one of
 * 0dbfafa5fcd only printed the user map).
 */
export const E820_PARAMS_MERGED: Change = { mainline: '2.6.27-rc1', commit: 'ab4a465e96a', subject: 'x86: e820 merge parsing of the mem=/memmap= boot parameters' };

/** efi_init() adds the EFI memory map to e820 only with the add_efi_memmap early param (efi.c: add_efi_memmap, do_add_efi_memmap). */
export const ADD_EFI_MEMMAP_PARAM: Change = { mainline: '2.6.27-rc1', commit: '200001eb140', subject: 'x86 boot: only pick up additional EFI memmap if add_efi_memmap flag' };

/** find_smp_config() reserves with reserve_early(): no bootmem needed (and it moved before init_memory_mapping). */
export const FIND_SMP_CONFIG_WITHOUT_BOOTMEM: Change = { mainline: '2.6.33-rc1', commit: 'b24c2a925a9', subject: 'x86: Move find_smp_config() earlier and avoid bootmem usage' };

/** reserve_crashkernel() reserves with reserve_early(): no bootmem needed. */
export const CRASHKERNEL_RESERVE_EARLY: Change = { mainline: '2.6.33-rc1', commit: '44280733e71', subject: 'x86: Change crash kernel to reserve via reserve_early()' };

/** reserve_ibft_region() becomes find_ibft_region() + reserve_early(): no bootmem needed. */
export const IBFT_RESERVE_EARLY: Change = { mainline: '2.6.34-rc4', commit: '042be38e610', subject: 'ibft, x86: Change reserve_ibft_region() to find_ibft_region()' };

// ---------------------------------------------------------------------------
// initrd

/** reserve_initrd()/relocate_initrd() compare with max_low_pfn_mapped (needs init_memory_mapping). Stable 16171659af in 2.6.27.26. */
export const INITRD_MAX_LOW_PFN_MAPPED: Change = {
  mainline: '2.6.31-rc1', backports: { '2.6.27': 26 }, stableCommits: { '2.6.27': '16171659af' },
  commit: '8c5dd8f4336', subject: 'x86: handle initrd that extends into unusable memory',
};

// ---------------------------------------------------------------------------
// Command line

/** earlyprintk=dbgp: the EHCI debug port console, set_fixmap_nocache(FIX_DBGP_BASE) inside parse_early_param. */
export const EARLYPRINTK_DBGP: Change = { mainline: '2.6.28-rc1', commit: '5c05917e7fe', subject: 'x86: usb debug port early console, v4' };

/**
 * setup_early_printk() looks for a console name at every offset of the value
 * (`while (*buf != '\0') { … if (!strncmp(buf, "dbgp", 4) && !early_dbgp_init(buf + 4)) … buf++; }`,
 * arch/x86/kernel/early_printk.c 207-232 at 17d857be649) instead of only at
 * its start (`else if (!strncmp(buf, "dbgp", 4))`, 968 at 4a6908a3a05): so
 * earlyprintk=vga,dbgp sets up the debug port too.
 */
export const EARLYPRINTK_MULTI: Change = { mainline: '2.6.32-rc1', commit: 'c9530948bc6', subject: 'early_printk: Allow more than one early console' };

/**
 * kgdbdbgp=: an early_param (drivers/usb/early/ehci-dbgp.c 1037-1055 at 2.6.35-rc1
 * 67a3e12b05e and 2.6.36 f6f94e2ab1b, under CONFIG_KGDB) whose kgdbdbgp_parse_config()
 * calls early_dbgp_init(str) when no debug port is set up yet (`if (!ehci_debug)`),
 * so it set_fixmap_nocache()s FIX_DBGP_BASE like earlyprintk=dbgp. Not in 2.6.34
 * e40152ee1e1 (no "kgdbdbgp" in that file).
 */
export const KGDBDBGP: Change = { mainline: '2.6.35-rc1', commit: '4fe1da4ebc1', subject: 'echi-dbgp: Add kernel debugger support for the usb debug port' };

/** earlyprintk=simnow is gone (it mapped nothing: a console on the SimNow simulator's XOPEN/XWRITE calls). */
export const EARLYPRINTK_SIMNOW_REMOVED: Change = { mainline: '2.6.29-rc1', commit: 'fd28a5b58dd', subject: 'x86: remove simnow earlyprintk support' };

/**
 * head_32.S's early_fault (the handler of a fault before trap_init(), "BUG:
 * Int %d: CR2 %p") calls printk instead of early_printk (lines 551-555 at 2.6.28
 * 4a6908a3a05: `#ifdef CONFIG_EARLY_PRINTK call early_printk #else call printk`;
 * 562 at 2.6.31 74fca6a4286: `call printk`).
 */
export const EARLY_FAULT_PRINTK: Change = { mainline: '2.6.30-rc1', commit: '34707bcd045', subject: 'x86, debug: remove early_printk() #ifdefs from head_32.S' };

/** earlycon=uart8250,mmio32,ADDR (32-bit register access) besides mmio. */
export const EARLYCON_MMIO32: Change = { mainline: '2.6.36-rc1', commit: '1917ac76e02', subject: 'serial: MMIO32 support for 8250_early.c' };

/** acpi=ht is gone. */
export const ACPI_HT_REMOVED: Change = { mainline: '2.6.35-rc1', commit: '68ca406930d', subject: 'ACPI: delete the "acpi=ht" boot option' };

// ---------------------------------------------------------------------------
// Page tables (pagetables/build.ts); the first rc of each was found with
// `git merge-base --is-ancestor COMMIT RELEASE` on the dandel/linux-2.6.32.y mirror.
// INIT_MEMORY_MAPPING_32 (setup-arch-history.ts) also moves the 32-bit direct
// map into init_memory_mapping(), with page tables from alloc_low_page().

/**
 * init_memory_mapping() maps the first 2/4 MiB and any unaligned head or tail
 * with 4K pages. In 2.6.26 the same rule in kernel_physical_mapping_init()
 * tests `pgd_idx == 0 && pmd_idx == 0`, which never holds (pgd_idx starts at
 * pgd_index(PAGE_OFFSET)), so with PSE every direct-map PMD is a large page
 * there, the first one included.
 */
export const FIRST_PMD_4K: Change = { mainline: '2.6.27-rc1', commit: 'a04ad82d0bf', subject: 'x86: fix init_memory_mapping over boundary, v4' };

/**
 * xen_set_pte_init is the initial set_pte of xen_mmu_ops, active from
 * xen_start_kernel() until xen_post_allocator_init(); before, it was switched
 * on in xen_pagetable_setup_start() and off in xen_pagetable_setup_done()
 * (arch/x86/xen/enlighten.c).
 */
export const XEN_SET_PTE_FROM_OUTSET: Change = { mainline: '2.6.27-rc1', commit: '851fa3c4e7b', subject: 'xen: define set_pte from the outset' };

/**
 * 32-bit Xen builds its kernel page tables in xen_start_kernel() →
 * xen_setup_kernel_pagetable(): Xen's kernel PMD is copied into the bss page
 * level2_kernel_pgt and xen_map_identity_early() maps up to 8 MiB more from the
 * 4 bss pages of level1_ident_pgt. 2.6.26 copies the PMD into a bootmem page in
 * xen_pagetable_setup_start().
 */
export const XEN32_INITIAL_MAPPINGS: Change = { mainline: '2.6.27-rc1', commit: '39dbc5bd345', subject: 'xen32: create initial mappings like 64-bit' };

/** head_32.S writes PTE_IDENT_ATTR (0x003, present + RW) instead of PTE_ATTR (0x007, which has _PAGE_USER) into pg0. */
export const PTE_IDENT_ATTR: Change = { mainline: '2.6.28-rc1', commit: 'b2bc2731466', subject: 'x86, cpa: rename PTE attribute macros for kernel direct mapping in early boot' };

// ---------------------------------------------------------------------------
// Kconfig: CONFIG_NR_CPUS range (arch/x86/Kconfig "config NR_CPUS")

/**
 * NR_CPUS "range 2 255" (caglar10ur/linux-2.6.27.y@bce7f793daec:arch/x86/Kconfig:565-567, 2.6.26)
 * became "range 2 4096" in 2.6.27-rc1 (…@6e86841d05:arch/x86/Kconfig:596-598).
 */
export const NR_CPUS_4096: Change = { mainline: '2.6.27-rc1', commit: '1184dc2ffe2', subject: 'x86: modify Kconfig to allow up to 4096 cpus' };
/**
 * "range 2 512" from 2.6.27-rc5 (not in rc4 6a55617ed5; …@v2.6.27:arch/x86/Kconfig:589-591), kept
 * through 2.6.36 as "range 2 512 if SMP && !MAXSMP" (dandel/linux-2.6.32.y@22763c5cf36:arch/x86/Kconfig:717-720).
 */
export const NR_CPUS_512: Change = { mainline: '2.6.27-rc5', commit: 'd25e26b61d5', subject: '[x86] Clean up MAXSMP Kconfig, and limit NR_CPUS to 512' };
/**
 * kernel_physical_mapping_init() runs twice: first set_pmd/set_pte with head_32's PTE_IDENT_ATTR (| _PAGE_PSE),
 * then with PAGE_KERNEL[_LARGE][_EXEC] (the TLB app note), both unconditional
 * (dandel/linux-2.6.32.y@4a6908a3a0:arch/x86/mm/init_32.c:189-310).
 */
export const KPMI_TWO_PASS: Change = { mainline: '2.6.28-rc1', commit: 'a2699e477b8', subject: 'x86, cpa: make the kernel physical mapping initialization a two pass sequence' };

/** Every modeled behaviour change of this file, for docs and for the test that each one is cited correctly. */
export const BEHAVIOUR_CHANGES: Readonly<Record<string, Change>> = {
  FIND_LOW_PFN_RANGE, LOW_PFN_INIT_SPLIT, VMALLOC_SIZE_FIX, RESERVE_TOP_NO_DOUBLE_ACCOUNTING, XEN_RESERVE_NO_PADDING, RESERVETOP_FIXUP_EARLY_IOREMAP, MEM_INIT_VMALLOC_NOT_EMPTY, PARAMS_ISSPACE,
  BTMAP_ALIGN_256, FIX_ACPI_NOT_PERMANENT, KMAP_WITHOUT_HIGHMEM, FIXMAP_UNIFIED, FIX_TEXT_POKE, ACPI_EARLY_IOREMAP, EARLY_IOREMAP_PHYS_ADDR_T,
  FIXMAP_ORDERING, KMAP_TYPES_GENERIC, KMAP_TYPE_KDB, INTEL_TXT, BTMAP_LIFT_RESTRICTION, OHCI1394_PERMANENT,
  FIXMAPS_SET_COUNTER, SET_PTE_VADDR, EARLY_IOREMAP_FENCEPOST, EARLY_IOREMAP_SLOTS, KMAP_PTES_CONTIGUOUS, EARLY_IOREMAP_SLOT_VIRT,
  VMI_LOWMEM_MAXMEM_PFN, VMI_INIT_ACTIVATE_SPLIT,
  DMI_STATIC_ALLOC, EARLY_DMI_SCAN, EFI_BEFORE_DMI, ACPI_BOOT_INIT_READS_DMI, ACPI_MAP_BELOW_MAX_LOW_PFN_MAPPED,
  XEN_SHARED_INFO_SET_FIXMAP, PV_PAGETABLE_HOOKS_DEDUPLICATED, APIC_MAPPING_SKIPPED_WITH_ACPI, APIC_DUMMY_OPERATIONS,
  MPTABLE_EARLY_IOREMAP, MPTABLE_MAPS_LAPIC, FIND_SMP_CONFIG_WITHOUT_BOOTMEM, CRASHKERNEL_RESERVE_EARLY, E820_PARAMS_MERGED, ADD_EFI_MEMMAP_PARAM, IBFT_RESERVE_EARLY, INITRD_MAX_LOW_PFN_MAPPED,
  EARLYPRINTK_DBGP, EARLYPRINTK_MULTI, EARLYPRINTK_SIMNOW_REMOVED, KGDBDBGP, EARLY_FAULT_PRINTK, EARLYCON_MMIO32, ACPI_HT_REMOVED,
  FIRST_PMD_4K, XEN_SET_PTE_FROM_OUTSET, XEN32_INITIAL_MAPPINGS, PTE_IDENT_ATTR, KPMI_TWO_PASS,
  NR_CPUS_4096, NR_CPUS_512,
};

/** acpi=rsdt (parse_acpi() sets acpi_rsdt_forced): before it the value is -EINVAL. */
export const ACPI_RSDT_OPTION: Change = { mainline: '2.6.29-rc1', commit: '237889bf0a6', subject: 'ACPI : Use RSDT instead of XSDT by adding boot option of "acpi=rsdt"' };

/** acpi=copy_dsdt (parse_acpi() sets acpi_gbl_copy_dsdt_locally): before it the value is -EINVAL. */
export const ACPI_COPY_DSDT_OPTION: Change = { mainline: '2.6.35-rc1', commit: 'aa2110cb1a7', subject: 'ACPI: add boot option acpi=copy_dsdt to fix corrupt DSDT' };

/**
 * acpi_table_parse() and acpi_table_parse_entries() return -ENODEV while acpi_disabled (drivers/acpi/tables.c
 * :283 at 2.6.32 22763c5cf36); before it they look the table up whatever acpi_disabled says (:241-258 at 2.6.27
 * 3fa8749e584b), so a table list acpi_table_init() filled is still read after a later acpi=off.
 */
export const ACPI_TABLE_PARSE_CHECKS_DISABLED: Change = { mainline: '2.6.32-rc1', commit: 'e5b8fc6ac15', subject: 'ACPI: check acpi_disabled in acpi_table_parse() and acpi_table_parse_entries()' };

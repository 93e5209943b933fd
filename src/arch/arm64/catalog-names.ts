/**
 * Every call an arm64 scenario may name. Kept apart from the effects so the
 * loader can validate names without loading the model; catalog.ts is typed
 * against this list.
 *
 * Three kinds:
 * - setup_arch() calls (arch/arm64/kernel/setup.c, v4.4 … v4.7);
 * - the late steps kernel_init() runs after setup_arch (free_initmem() →
 *   fixup_init(), then mark_rodata_ro()), written after the setup_arch
 *   calls, since they edit the live kernel mapping too;
 * - the fixmap page-table helpers of v4.6+ (pXd_set_fixmap/pXd_clear_fixmap),
 *   for orders that add code using them (what fixmap-slot-busy is about).
 */
export const SETUP_ARCH_CALLS = [
  'early_fixmap_init',
  'early_ioremap_init',
  'setup_machine_fdt',
  'parse_early_param',
  'local_async_enable',
  'cpu_uninstall_idmap',
  'efi_init',
  'arm64_memblock_init',
  'acpi_boot_table_init',
  'paging_init',
  'relocate_initrd',
  'unflatten_device_tree',
  'bootmem_init',
  'kasan_init',
  'request_standard_resources',
  'early_ioremap_reset',
  'psci_dt_init',
  'psci_acpi_init',
  'xen_early_init',
  'cpu_read_bootcpu_ops',
  'smp_init_cpus',
  'smp_build_mpidr_hash',
] as const;

export const LATE_CALLS = ['fixup_init', 'mark_rodata_ro'] as const;

export const FIXMAP_HELPERS = [
  'pgd_set_fixmap', 'pgd_clear_fixmap',
  'pud_set_fixmap', 'pud_clear_fixmap',
  'pmd_set_fixmap', 'pmd_clear_fixmap',
  'pte_set_fixmap', 'pte_clear_fixmap',
] as const;

export const CALL_NAMES = [...SETUP_ARCH_CALLS, ...LATE_CALLS, ...FIXMAP_HELPERS] as const;

export type CallName = (typeof CALL_NAMES)[number];

const KNOWN: ReadonlySet<string> = new Set(CALL_NAMES);

export function isCallName(name: string): name is CallName {
  return KNOWN.has(name);
}

/**
 * The sizes of setup_arch()'s early mappings: kernel constants where the
 * kernel fixes them, and machine facts (with defaults) where the firmware
 * decides. Sources are the x86_32 kernels 2.6.26 – 2.6.36; where a default is
 * an example rather than a measurement it says so.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * arch/x86/kernel/olpc_ofw.c (2.6.36 f6f94e2ab1b): OFW_MIN; olpc_ofw_detect() disables OpenFirmware
 * ("cif has invalid address … - disabling", olpc_ofw_cif = NULL, :94-99) below it, and then neither
 * reserve_top_address() nor setup_olpc_ofw_pgd() (`if (!olpc_ofw_cif) return;`, :24-25) does anything
 */
export const OFW_MIN = 0xff000000;

/** drivers/firmware/dmi_scan.c dmi_scan_machine(): dmi_ioremap(0xF0000, 0x10000), the 64 KiB F-segment, held while scanning */
export const DMI_SCAN_BASE = 0xf0000;
export const DMI_SCAN_SIZE = 0x10000;
/** dmi_scan_machine() on EFI: dmi_ioremap(efi.smbios, 32), the SMBIOS entry point */
export const DMI_EFI_ENTRY_SIZE = 32;
/**
 * dmi_scan_machine()'s F-segment loop `for (q = p; q < p + 0x10000; q += 16) dmi_present(q)`, and
 * dmi_present()'s `memcpy_fromio(buf, p, 15)` before it compares "_DMI_" (drivers/firmware/dmi_scan.c,
 * the same code in every modelled kernel: DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae (2.6.26)
 * :331-355 and :387-398, @e40152ee1e1c (2.6.34) :339-363 and :395-406, @f6f94e2ab1b (2.6.36) :364-388 and
 * :420-431; caglar10ur/linux-2.6.27.y@16fa49cbc714 (2.6.27.57) :336-360 and :392-403). On EFI it is dmi_present(p + 0x10),
 * "offset of _DMI_ string" in the 32 bytes mapped at efi.smbios (:378-382 at e40152ee1e1c).
 */
export const DMI_SCAN_STEP = 16;
export const DMI_PRESENT_READ = 15;
export const DMI_EFI_ANCHOR_OFFSET = 0x10;
/**
 * Where the SMBIOS entry point sits on an EFI machine (efi.smbios). Only its
 * offset in the page matters (the page count); page-aligned + 0x10 is an
 * example, not a measurement.
 */
export const EFI_SMBIOS_PHYS = 0x7fef0010;

/**
 * arch/x86/kernel/efi.c efi_init() on 32-bit (include/linux/efi.h sizes):
 * efi_system_table_t 72 bytes; fw_vendor 2 bytes (the loop then reads up to
 * 100 characters through the mapping); config tables nr_tables × 20 bytes;
 * efi_runtime_services_t 68 bytes; the memory map, left mapped until
 * efi_enter_virtual_mode() (after setup_arch()).
 */
export const EFI_SYSTAB_SIZE = 72;
export const EFI_FW_VENDOR_SIZE = 2;
export const EFI_CONFIG_TABLE_SIZE = 20;
export const EFI_RUNTIME_SIZE = 68;
/** An example EFI machine's tables: 6 configuration tables (ACPI 1.0/2.0, SMBIOS, MPS, …), page-aligned system table. */
export const EFI_CONFIG_TABLES = 6;
export const EFI_SYSTAB_PHYS = 0x7fe00018;
export const EFI_MEMMAP_PHYS = 0x7fd00000;

/**
 * struct setup_data is 16 bytes (next, type, len); parse_setup_data() maps
 * PAGE_SIZE per node and parse_e820_ext() the whole node when len + 16 >
 * PAGE_SIZE; e820_reserve_setup_data() and reserve_early_setup_data() map
 * the 16-byte header only (arch/x86/kernel/setup.c, e820.c).
 */
export const SETUP_DATA_HEADER = 16;
/** boot_params.hdr.setup_data: an example node, page-aligned + 0x10 (so that a page map spans two pages) */
export const SETUP_DATA_PHYS = 0x0009a010;

/** relocate_initrd(): MAX_MAP_CHUNK = NR_FIX_BTMAPS << PAGE_SHIFT, one early_ioremap per chunk */
export const INITRD_CHUNK = 64 * 4096;
/** arch/x86/boot/header.S: ramdisk_max = 0x7fffffff; boot loaders put the initrd as high as that allows */
export const RAMDISK_MAX = 0x7fffffff;

/** get_smp_config() from 2.6.30: early_ioremap(physptr, PAGE_SIZE), then early_ioremap(physptr, mpc->length) */
export const MPTABLE_PHYS = 0x000f5a90;
export const MPTABLE_LENGTH = 0x1f0;

/** setup_olpc_ofw_pgd(): early_ioremap(olpc_ofw_pgd, sizeof(u32) * PTRS_PER_PGD) */
export const OLPC_PGD_SIZE = 4 * 1024;

/** ACPI tables: one mapping per table; the model maps the table header page (tables at the top of RAM or in low memory). */
export const ACPI_TABLE_SIZE = 4096;
/**
 * What an ACPI table reader reads at least: struct acpi_table_header, 36 bytes (include/acpi/actbl.h
 * :94-104 at DerArtem/android-tegra-2.6.36-hc-dev@e40152ee1e1c, 2.6.34), mapped on its own first
 * (acpi_os_map_memory(address, sizeof(struct acpi_table_header)), drivers/acpi/acpica/tbutils.c :388 there)
 * before the table is mapped at its length, which the model does not have.
 */
export const ACPI_TABLE_HEADER_SIZE = 36;

/**
 * The defaults of the machine facts that size mappings (machine: keys).
 * - dmi_table_base/length: the "Table at 0x000E0010", 3699 bytes of a public
 *   dmidecode dump of a VMware virtual BIOS (Phoenix 6.00, the VMI platform);
 *   other VMware dumps show 16–17 KB. Bare-metal BIOSes of the era: unmeasured.
 * - efi_memmap_size: 48 descriptors of 48 bytes, an example (sizeof(efi_memory_desc_t)
 *   is 40; firmware reports its own desc_size).
 * - setup_data_length: one SETUP_E820_EXT node with 128 extra e820 entries (20 bytes each), an example.
 * - initrd_size: 8 MiB, an example of a distribution initrd of the time.
 * - io_apics, ohci1394_controllers: one each.
 */
export const DEFAULT_SIZE_FACTS = {
  dmi_table_base: 0x000e0010,
  dmi_table_length: 3699,
  efi_memmap_size: 48 * 48,
  setup_data_length: 128 * 20,
  initrd_size: 8 * MiB,
  io_apics: 1,
  ohci1394_controllers: 1,
} as const;

/**
 * The arm64 part of the scenario format: `config:` (the Kconfig symbols that
 * shape the early page tables and the layout, and the section sizes of the
 * vmlinux) and `machine:` (RAM, the DTB, the KASLR seed, the command line).
 * Every field is optional; defaults come in resolve.ts (some depend on the
 * kernel, as Kconfig defaults do). Values the schema accepts but the model
 * does not (16K pages, VA_BITS 42, …) are refused with a reason by checks.ts.
 *
 * The schemas are built on first use, not at import: the architecture
 * registry reads this module without the model (to say that a key an x86_32
 * scenario lacks is an arm64 one), and an x86_32 run should not pay for
 * building arm64's schema.
 */
import * as z from 'zod/mini';
import { optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';
import { U64Schema } from '../../scenario/u64-schema.js';
import { onFirstUse } from '../../memo.js';

export const PAGE_SIZES = ['4K', '16K', '64K'] as const;

/** CONFIG_CMA_SIZE_MBYTES is a Kconfig int (a C int): at most 2^31 - 1 MiB */
export const CMA_SIZE_MBYTES_MAX = 2 ** 31 - 1;

function buildConfig() {
  return z.strictObject({
    page_size: optional(z.enum(PAGE_SIZES), 'CONFIG_ARM64_{4K,16K,64K}_PAGES; only 4K is modeled'),
    va_bits: optional(z.number().check(z.int()), 'CONFIG_ARM64_VA_BITS: 39 (default) or 48 with 4K pages'),
    kasan: optional(z.boolean(), 'CONFIG_KASAN (default n)'),
    randomize_base: optional(z.boolean(), 'CONFIG_RANDOMIZE_BASE, KASLR (v4.6+; default n)'),
    debug_rodata: optional(z.boolean(), 'CONFIG_DEBUG_RODATA (default n in v4.4, y in v4.6 and v4.7)'),
    debug_align_rodata: optional(z.boolean(), 'CONFIG_DEBUG_ALIGN_RODATA (default n; needs DEBUG_RODATA)'),
    dma_cma: optional(z.boolean(), 'CONFIG_DMA_CMA: arm64_memblock_init() reserves the default CMA area below the DMA limit (default y, as arm64 defconfig)'),
    cma_size_mbytes: optional(z.number().check(z.int(), z.minimum(0), z.maximum(CMA_SIZE_MBYTES_MAX)), `CONFIG_CMA_SIZE_MBYTES: the default CMA area in MiB, 0 to ${CMA_SIZE_MBYTES_MAX} (default 16; 0: none unless cma= asks)`),
    image: optional(z.strictObject({
      text: optional(SizeSchema, 'size of .text (_stext to the end of .text), e.g. 7744KiB'),
      rodata: optional(SizeSchema, 'size of .rodata up to _etext (RO_DATA, __ex_table, notes)'),
      init: optional(SizeSchema, 'size of __init_begin to __init_end'),
      data: optional(SizeSchema, 'size of _data to the end of .bss'),
    }), 'vmlinux section sizes (the boot banner\'s memory layout or System.map); the default is defconfig-sized'),
  });
}

function buildMachine() {
  return z.strictObject({
    memory: optional(SizeSchema, 'RAM in one bank at phys_offset, e.g. 2GiB (default 2 GiB)'),
    phys_offset: optional(SizeSchema, 'physical base of RAM, 2 MiB-aligned; the Image is loaded at phys_offset + TEXT_OFFSET (0x80000); default 0x80000000'),
    banks: optional(z.array(z.strictObject({
      base: SizeSchema,
      size: SizeSchema,
    })).check(z.minLength(1)), 'RAM banks, ascending, instead of memory/phys_offset; the Image is in the first'),
    fdt_phys: optional(SizeSchema, 'physical address of the DTB (x0 at entry); default 128 MiB into the first bank, or half of a smaller one rounded down to 2 MiB'),
    fdt_size: optional(SizeSchema, 'fdt_totalsize() of the DTB, at most 2 MiB (MAX_FDT_SIZE); default 64 KiB'),
    kaslr_seed: optional(U64Schema, '/chosen/kaslr-seed, a u64 (0: none, KASLR not engaged); bits 21 … VA_BITS-3 pick the offset, bits 48 … 63 the linear region (v4.6+)'),
    cmdline: optional(z.string(), 'kernel command line; the model reads earlycon[=…] (and console=<earlycon driver>,…), nokaslr and cma=SIZE[@BASE[-LIMIT]] (a bare earlycon: the UART is assumed at 0x9000000, QEMU virt\'s pl011 from /chosen/stdout-path)'),
    efi: optional(z.boolean(), 'booted through the UEFI stub: efi_init() maps the system table and memory map, and the RAM comes from the EFI memory map'),
    acpi: optional(z.boolean(), 'ACPI instead of DT (acpi_disabled = 0): no unflatten_device_tree(), psci_acpi_init(); needs efi: true (the RSDP comes from the UEFI configuration table)'),
  });
}

/** The arm64 `config:` schema (ArchPlugin.configSchema), built on the first call. */
export const configSchema = onFirstUse(buildConfig);

/** The arm64 `machine:` schema (ArchPlugin.machineSchema), built on the first call. */
export const machineSchema = onFirstUse(buildMachine);

export type ConfigParsed = z.output<ReturnType<typeof buildConfig>>;
export type MachineParsed = z.output<ReturnType<typeof buildMachine>>;

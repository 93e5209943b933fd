/**
 * The riscv part of the scenario format: `config:` (the Kconfig choices
 * that shape the early page tables and the layout) and `machine:` (where the
 * boot loader put RAM, the kernel and the DTB, and how big the image's
 * sections are). Every field is optional; defaults come in defaults.ts after
 * validation, and checks.ts rejects values the schema accepts but no kernel
 * or Kconfig does (sv48, MAXPHYSMEM_2GB with medany on 5.12+, …).
 *
 * The schemas are built on first use, not at import, as arm64's are: the
 * architecture registry reads this module without the model (to say that a
 * key an x86_32 scenario lacks is a riscv one), and an x86_32 run should not
 * pay for building riscv's schema.
 */
import * as z from 'zod/mini';
import { optional } from '../../scenario/schema-helpers.js';
import { SizeSchema } from '../../scenario/size-schema.js';
import { onFirstUse } from '../../memo.js';

export const PAGING_MODES = ['sv39', 'sv48'] as const;
export const CODE_MODELS = ['medany', 'medlow'] as const;
export const MAXPHYSMEM = ['2GB', '128GB'] as const;
export const FENCE_POLICIES = ['set-and-clear', 'clear-only'] as const;

function buildConfig() {
  return z.strictObject({
    paging: optional(z.enum(PAGING_MODES), 'satp mode: sv39 (CONFIG_VA_BITS 39, every modeled kernel); sv48 arrived in v5.17'),
    cmodel: optional(z.enum(CODE_MODELS), 'CONFIG_CMODEL_MEDANY (default) or CONFIG_CMODEL_MEDLOW'),
    maxphysmem: optional(z.enum(MAXPHYSMEM), 'CONFIG_MAXPHYSMEM_2GB (PAGE_OFFSET 0xffffffff80000000) or _128GB (0xffffffe000000000); default follows cmodel'),
    strict_kernel_rwx: optional(z.boolean(), 'CONFIG_STRICT_KERNEL_RWX (default y: ARCH_OPTIONAL_KERNEL_RWX_DEFAULT)'),
    kasan: optional(z.boolean(), 'CONFIG_KASAN (generic): kasan_early_init after relocate, kasan_init in setup_arch'),
    builtin_dtb: optional(z.boolean(), 'CONFIG_BUILTIN_DTB: the DTB is linked into the image (with an MMU only reachable on 5.14, through XIP_KERNEL)'),
    set_fixmap_fence: optional(z.enum(FENCE_POLICIES), '__set_fixmap() flushes the TLB entry on set and clear (5.9-rc+, every modeled release) or on clear only (before Greentime Hu\'s "riscv: Add sfence.vma after page table changed")'),
  });
}

function buildMachine() {
  const bank = z.strictObject({
    base: SizeSchema,
    size: SizeSchema,
  });

  const sections = z.strictObject({
    text: optional(SizeSchema, '_start … _etext: head.S and .text (5.10: .text only)'),
    init_text: optional(SizeSchema, '.init.text, the SoC tables and .exit.text (5.10: also .exit.data and percpu)'),
    init_data: optional(SizeSchema, '.init.data, .exit.data, percpu, .rel.dyn (5.10: .init.data only)'),
    rodata: optional(SizeSchema, 'RO_DATA(SECTION_ALIGN): .rodata and .data..ro_after_init; the model adds .srodata and __ex_table (a page) after its alignment'),
    data: optional(SizeSchema, '_data … _end: .data, .sdata and .bss'),
  });

  return z.strictObject({
    memory: optional(SizeSchema, 'RAM size, one bank at ram_base (default 2GiB)'),
    ram_base: optional(SizeSchema, 'physical address of the RAM bank, default 0x80000000 (QEMU virt, SiFive boards)'),
    memory_banks: optional(z.array(bank).check(z.minLength(1)), 'RAM as a list of banks {base, size}, instead of memory/ram_base'),
    load_address: optional(SizeSchema, 'physical address of the kernel image (_start), default ram_base + 2MiB (OpenSBI fw_jump)'),
    kernel: optional(sections, 'section sizes of the image; the linker script of the version aligns them (rounded up to pages)'),
    dtb_address: optional(SizeSchema, 'physical address of the DTB (a1 at boot), default the last 2 MiB of the kernel\'s bank'),
    dtb_size: optional(SizeSchema, 'fdt_totalsize() of the DTB, default 64KiB'),
    reserved_regions: optional(z.number().check(z.int(), z.minimum(1), z.maximum(128)), 'entries in memblock.reserved when paging_init() builds the linear map (kernel, DTB, initrd, /reserved-memory); INIT_MEMBLOCK_REGIONS is 128'),
    efi: optional(z.boolean(), 'booted through UEFI: efi_init() early_memremaps the system table and memory map'),
  });
}

/** The riscv `config:` schema (ArchPlugin.configSchema), built on the first call. */
export const configSchema = onFirstUse(buildConfig);

/** The riscv `machine:` schema (ArchPlugin.machineSchema), built on the first call. */
export const machineSchema = onFirstUse(buildMachine);

export type ConfigParsed = z.output<ReturnType<typeof buildConfig>>;
export type MachineParsed = z.output<ReturnType<typeof buildMachine>>;

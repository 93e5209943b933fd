/**
 * The scenario file format (DESIGN §5): the single source of truth for its
 * shape. Every object is strict (unknown keys are errors); every field is
 * optional here and gets its default in resolve.ts, after validation, so the
 * published JSON Schema shows what a user may write, not what we fill in.
 */
import { z } from 'zod';
import { CALL_NAMES } from '../arch/x86_32/catalog-names.js';
import { KERNEL_CHOICES, MODELED_KERNELS_TEXT, parseKernelVersion } from '../arch/x86_32/kernel-version.js';
import { SIZE_FORMS, parseSize } from './size.js';

/** A size or address: a non-negative integer, or a string such as "512MiB" / "0xfc000000". */
export const SizeSchema = z
  .union([z.number(), z.string()])
  .transform((value, ctx): number => {
    const n = typeof value === 'number' ? value : parseSize(value);
    if (n === null || !Number.isSafeInteger(n) || n < 0) {
      // "512MB" is the likely slip: say why it is refused and what to write instead.
      const decimal = typeof value === 'string' ? /^(.*\d)\s*([kKmMgGtT])[bB]$/.exec(value.trim()) : null;
      const message = decimal
        ? `${JSON.stringify(value)} is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write ${decimal[1]}${(decimal[2] ?? '').toUpperCase()}iB`
        : `${JSON.stringify(value)} is not a size; use ${SIZE_FORMS}`;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return n;
  })
  .meta({ description: SIZE_FORMS });

export const KernelSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseKernelVersion(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `${parsed.reason}; modeled: ${MODELED_KERNELS_TEXT}`, params: { choices: KERNEL_CHOICES } });
  }
}).meta({ description: `semantics profile: ${MODELED_KERNELS_TEXT}` });

export const CallNameSchema = z.enum(CALL_NAMES);

export const StepSchema = z.union([
  CallNameSchema,
  z.strictObject({
    call: CallNameSchema,
    note: z.string().optional(),
  }),
]);

export const ConfigSchema = z.strictObject({
  pae: z.boolean().optional().meta({ description: 'CONFIG_X86_PAE' }),
  nr_cpus: z.number().int().min(1).max(255).optional().meta({ description: 'CONFIG_NR_CPUS' }),
  page_offset: SizeSchema.optional().meta({ description: 'CONFIG_PAGE_OFFSET (VMSPLIT), default 0xC0000000' }),
  highmem: z.boolean().optional().meta({ description: 'CONFIG_HIGHMEM' }),
  debug_highmem: z.boolean().optional().meta({ description: 'CONFIG_DEBUG_HIGHMEM (KM_TYPE_NR 27 instead of 13)' }),
  local_apic: z.boolean().optional().meta({ description: 'CONFIG_X86_LOCAL_APIC' }),
  io_apic: z.boolean().optional().meta({ description: 'CONFIG_X86_IO_APIC' }),
  acpi: z.boolean().optional().meta({ description: 'CONFIG_ACPI' }),
  acpi_numa: z.boolean().optional().meta({ description: 'CONFIG_ACPI_NUMA' }),
  pci_mmconfig: z.boolean().optional().meta({ description: 'CONFIG_PCI_MMCONFIG' }),
  paravirt: z.boolean().optional().meta({ description: 'CONFIG_PARAVIRT' }),
  ohci1394_dma_init: z.boolean().optional().meta({ description: 'CONFIG_PROVIDE_OHCI1394_DMA_INIT' }),
});

export const HYPERVISORS = ['none', 'vmi', 'xen'] as const;
export const INITRD_PLACES = ['none', 'lowmem', 'above-lowmem'] as const;
export const ACPI_TABLE_PLACES = ['top-of-ram', 'low'] as const;

export const MachineSchema = z.strictObject({
  memory: SizeSchema.optional().meta({ description: 'RAM size, e.g. 512MiB or 4GiB' }),
  hypervisor: z.enum(HYPERVISORS).optional(),
  vmi_virtual_top: SizeSchema.optional().meta({ description: 'vmi_rom->virtual_top, default 0xfc000000' }),
  xen_virt_start: SizeSchema.optional().meta({ description: 'HYPERVISOR_VIRT_START, default 0xf5800000 (PAE)' }),
  cmdline: z.string().optional().meta({ description: 'kernel command line, e.g. "reservetop=16M vmi=disable_pse"' }),
  efi: z.boolean().optional(),
  setup_data: z.boolean().optional(),
  initrd: z.enum(INITRD_PLACES).optional(),
  acpi_tables: z.enum(ACPI_TABLE_PLACES).optional(),
  ohci1394_dma_early: z.boolean().optional(),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  kernel: KernelSchema.optional(),
  arch: z.literal('x86_32').optional(),
  config: ConfigSchema.optional(),
  machine: MachineSchema.optional(),
  setup_arch: z.array(StepSchema).min(1),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioParsed = z.output<typeof ScenarioSchema>;
export type CallName = z.output<typeof CallNameSchema>;

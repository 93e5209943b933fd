/**
 * The scenario file format (DESIGN §5): the single source of truth for its
 * shape. Every object is strict (unknown keys are errors); every field is
 * optional here and gets its default in resolve.ts, after validation, so the
 * published JSON Schema shows what a user may write, not what we fill in.
 *
 * Written against zod/mini (the functional API), which tree-shakes: the
 * classic API would put all of zod into the bundle that `run` loads.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { CALL_NAMES } from '../arch/x86_32/catalog-names.js';
import { KERNEL_CHOICES, MODELED_KERNELS_TEXT, parseKernelVersion } from '../arch/x86_32/kernel-version.js';
import { SIZE_FORMS, parseSize } from './size.js';

// zod/mini sets no locale; classic zod sets English on first use. Keep its
// issue messages (the fallback of zod-issues.ts) as they were.
if (z.config().localeError === undefined) z.config(en());

/** Attach a JSON Schema description (what classic zod's `.meta({ description })` did). */
function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** An optional field (every field is: defaults come in resolve.ts), with its description if given. */
function optional<T extends z.core.SomeType>(schema: T, description?: string): z.ZodMiniOptional<T> {
  const field = z.optional(schema);
  return description === undefined ? field : described(field, description);
}

/** A size or address: a non-negative integer, or a string such as "512MiB" / "0xfc000000". */
const toSize = z.transform((value: number | string, payload): number => {
  const n = typeof value === 'number' ? value : parseSize(value);
  if (n === null || !Number.isSafeInteger(n) || n < 0) {
    // "512MB" is the likely slip: say why it is refused and what to write instead.
    const decimal = typeof value === 'string' ? /^(.*\d)\s*([kKmMgGtT])[bB]$/.exec(value.trim()) : null;
    const message = decimal
      ? `${JSON.stringify(value)} is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write ${decimal[1]}${(decimal[2] ?? '').toUpperCase()}iB`
      : `${JSON.stringify(value)} is not a size; use ${SIZE_FORMS}`;
    payload.issues.push({ code: 'custom', message, input: value, inst: toSize });
    return z.NEVER;
  }
  return n;
});

export const SizeSchema = described(z.pipe(z.union([z.number(), z.string()]), toSize), SIZE_FORMS);

export const KernelSchema = described(
  z.string().check(z.superRefine((text, ctx) => {
    const parsed = parseKernelVersion(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `${parsed.reason}; modeled: ${MODELED_KERNELS_TEXT}`, params: { choices: KERNEL_CHOICES } });
    }
  })),
  `semantics profile: ${MODELED_KERNELS_TEXT}`,
);

export const CallNameSchema = z.enum(CALL_NAMES);

export const StepSchema = z.union([
  CallNameSchema,
  z.strictObject({
    call: CallNameSchema,
    note: optional(z.string()),
  }),
]);

export const ConfigSchema = z.strictObject({
  pae: optional(z.boolean(), 'CONFIG_X86_PAE'),
  nr_cpus: optional(z.number().check(z.int(), z.minimum(1), z.maximum(255)), 'CONFIG_NR_CPUS'),
  page_offset: optional(SizeSchema, 'CONFIG_PAGE_OFFSET (VMSPLIT), default 0xC0000000'),
  highmem: optional(z.boolean(), 'CONFIG_HIGHMEM'),
  debug_highmem: optional(z.boolean(), 'CONFIG_DEBUG_HIGHMEM (KM_TYPE_NR 27 instead of 13)'),
  local_apic: optional(z.boolean(), 'CONFIG_X86_LOCAL_APIC'),
  io_apic: optional(z.boolean(), 'CONFIG_X86_IO_APIC'),
  acpi: optional(z.boolean(), 'CONFIG_ACPI'),
  acpi_numa: optional(z.boolean(), 'CONFIG_ACPI_NUMA'),
  pci_mmconfig: optional(z.boolean(), 'CONFIG_PCI_MMCONFIG'),
  paravirt: optional(z.boolean(), 'CONFIG_PARAVIRT'),
  ohci1394_dma_init: optional(z.boolean(), 'CONFIG_PROVIDE_OHCI1394_DMA_INIT'),
});

export const HYPERVISORS = ['none', 'vmi', 'xen'] as const;
export const INITRD_PLACES = ['none', 'lowmem', 'above-lowmem'] as const;
export const ACPI_TABLE_PLACES = ['top-of-ram', 'low'] as const;

export const MachineSchema = z.strictObject({
  memory: optional(SizeSchema, 'RAM size, e.g. 512MiB or 4GiB'),
  hypervisor: optional(z.enum(HYPERVISORS)),
  vmi_virtual_top: optional(SizeSchema, 'vmi_rom->virtual_top, default 0xfc000000'),
  xen_virt_start: optional(SizeSchema, 'HYPERVISOR_VIRT_START, default 0xf5800000 (PAE)'),
  cmdline: optional(z.string(), 'kernel command line, e.g. "reservetop=16M vmi=disable_pse"'),
  efi: optional(z.boolean()),
  setup_data: optional(z.boolean()),
  initrd: optional(z.enum(INITRD_PLACES)),
  acpi_tables: optional(z.enum(ACPI_TABLE_PLACES)),
  ohci1394_dma_early: optional(z.boolean()),
});

export const ScenarioSchema = z.strictObject({
  name: optional(z.string()),
  description: optional(z.string()),
  kernel: optional(KernelSchema),
  arch: optional(z.literal('x86_32')),
  config: optional(ConfigSchema),
  machine: optional(MachineSchema),
  setup_arch: z.array(StepSchema).check(z.minLength(1)),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioParsed = z.output<typeof ScenarioSchema>;
export type CallName = z.output<typeof CallNameSchema>;

/**
 * arm64 defaults: the validated `config:`/`machine:` mappings (undefined when
 * the file leaves them out) → the shapes the model reads. checks.ts has
 * already refused what the model cannot take (16K pages, VA_BITS 42, banks
 * out of order, …), so the narrowing casts here are safe.
 */
import { alignDown, MiB } from './addr.js';
import { parseCmdline } from './cmdline.js';
import {
  DEFAULT_CMA_SIZE_MBYTES, DEFAULT_DMA_CMA, DEFAULT_FDT_OFFSET, DEFAULT_FDT_SIZE, DEFAULT_IMAGE, DEFAULT_MEMORY, DEFAULT_PHYS_OFFSET, DEFAULT_VA_BITS, defaultDebugRodata,
} from './defaults.js';
import type { KernelVersion } from './kernel-version.js';
import type { ConfigParsed, MachineParsed } from './schema.js';
import type { Bank, Config, Machine } from './types.js';

/** The RAM banks a machine mapping describes: `banks:`, or one bank of `memory` at `phys_offset`. */
export function banksOf(machine: { banks?: readonly Bank[] | undefined; memory?: number | undefined; phys_offset?: number | undefined } | undefined): readonly Bank[] {
  if (machine?.banks !== undefined) return machine.banks.map((b) => ({ base: b.base, size: b.size }));
  return [{ base: machine?.phys_offset ?? DEFAULT_PHYS_OFFSET, size: machine?.memory ?? DEFAULT_MEMORY }];
}

/** Where the DTB lies when machine.fdt_phys is left out. */
export function defaultFdtPhys(first: Bank): number {
  return first.base + Math.min(DEFAULT_FDT_OFFSET, alignDown(first.size / 2, 2 * MiB));
}

/**
 * @param kernel the scenario's kernel: DEBUG_RODATA's default depends on it
 */
export function resolveArm64(config: ConfigParsed | undefined, machine: MachineParsed | undefined, kernel: KernelVersion): { config: Config; machine: Machine } {
  const c = config ?? {};
  const m = machine ?? {};
  const banks = banksOf(m);
  const first = banks[0] ?? { base: DEFAULT_PHYS_OFFSET, size: DEFAULT_MEMORY };
  const cmdline = m.cmdline ?? '';
  const debugRodata = c.debug_rodata ?? defaultDebugRodata(kernel.key);
  return {
    config: {
      page_size: '4K',
      va_bits: c.va_bits === 48 ? 48 : DEFAULT_VA_BITS,
      kasan: c.kasan ?? false,
      randomize_base: c.randomize_base ?? false,
      debug_rodata: debugRodata,
      debug_align_rodata: c.debug_align_rodata ?? false,
      dma_cma: c.dma_cma ?? DEFAULT_DMA_CMA,
      cma_size_mbytes: c.cma_size_mbytes ?? DEFAULT_CMA_SIZE_MBYTES,
      image: {
        text: c.image?.text ?? DEFAULT_IMAGE.text,
        rodata: c.image?.rodata ?? DEFAULT_IMAGE.rodata,
        init: c.image?.init ?? DEFAULT_IMAGE.init,
        data: c.image?.data ?? DEFAULT_IMAGE.data,
      },
    },
    machine: {
      banks,
      fdt_phys: m.fdt_phys ?? defaultFdtPhys(first),
      fdt_size: m.fdt_size ?? DEFAULT_FDT_SIZE,
      kaslr_seed: m.kaslr_seed ?? 0n,
      cmdline,
      params: parseCmdline(cmdline).params,
      efi: m.efi ?? false,
      acpi: m.acpi ?? false,
    },
  };
}

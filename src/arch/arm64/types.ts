/**
 * The arm64 shapes of a scenario: the defaulted `config:` and `machine:` that
 * the model reads (resolve.ts builds them from the schema's output).
 */
import type { Effect } from './effects.js';
import type { Scenario } from '../../scenario/types.js';
import type { Trace } from '../../replay/trace.js';
import type { FixmapEnum } from './fixmap.js';
import type { Geometry } from './geometry.js';
import type { VaLayout } from './layout.js';
import type { Arm64Event } from './replay/events.js';
import type { FinalState } from './replay/finish.js';
import type { CmdlineParam } from './cmdline.js';
import type { KernelVersion } from './kernel-version.js';

/** vmlinux section sizes in bytes (page multiples); layout.ts places them with the linker script's alignment */
export interface ImageSizes {
  readonly text: number;
  readonly rodata: number;
  readonly init: number;
  readonly data: number;
}

export interface Config {
  /** only 4K is modeled (checks.ts refuses the others) */
  readonly page_size: '4K';
  readonly va_bits: 39 | 48;
  readonly kasan: boolean;
  readonly randomize_base: boolean;
  readonly debug_rodata: boolean;
  readonly debug_align_rodata: boolean;
  /** CONFIG_DMA_CMA (defconfig: y) */
  readonly dma_cma: boolean;
  /** CONFIG_CMA_SIZE_MBYTES, MiB (Kconfig default 16 off x86) */
  readonly cma_size_mbytes: number;
  readonly image: ImageSizes;
}

/** A RAM bank: physical base and size in bytes. */
export interface Bank {
  readonly base: number;
  readonly size: number;
}

export interface Machine {
  /** ascending, non-overlapping; the Image is loaded at banks[0].base + TEXT_OFFSET */
  readonly banks: readonly Bank[];
  /** physical address of the DTB */
  readonly fdt_phys: number;
  /** fdt_totalsize(), bytes */
  readonly fdt_size: number;
  /** /chosen/kaslr-seed, a u64 (0n: none) */
  readonly kaslr_seed: bigint;
  readonly cmdline: string;
  /** machine.cmdline, parsed */
  readonly params: readonly CmdlineParam[];
  readonly efi: boolean;
  readonly acpi: boolean;
}

/** A scenario resolved by the arm64 plug-in. */
export interface Arm64Scenario extends Scenario<Config, Machine, readonly Effect[]> {
  readonly kernel: KernelVersion;
}

/** The trace of an arm64 replay: the generic trace plus the model's own view. */
export interface Arm64Trace extends Trace<Arm64Event> {
  readonly scenario: Arm64Scenario;
  readonly geometry: Geometry;
  readonly fixmap: FixmapEnum;
  /** the kernel's layout constants of this configuration */
  readonly va: VaLayout;
  readonly final: FinalState;
}

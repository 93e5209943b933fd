/**
 * The riscv shapes of a scenario and a trace: the defaulted `config:` and
 * `machine:`, and the trace with the riscv events, the version profile, the
 * VA layout and the final state.
 */
import type { Effect } from './effects.js';
import type { Scenario } from '../../scenario/types.js';
import type { Trace } from '../../replay/trace.js';
import type { KernelVersion } from './kernel-version.js';
import type { Profile } from './profile.js';
import type { RiscvLayout } from './layout.js';
import type { ImageLayout } from './image.js';
import type { RiscvEvent } from './replay/events.js';
import type { FinalState } from './replay/state.js';
import type { CODE_MODELS, FENCE_POLICIES, MAXPHYSMEM, PAGING_MODES } from './schema.js';

/** A half-open interval of addresses (bytes): [start, end). */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export interface Config {
  readonly paging: (typeof PAGING_MODES)[number];
  readonly cmodel: (typeof CODE_MODELS)[number];
  readonly maxphysmem: (typeof MAXPHYSMEM)[number];
  readonly strict_kernel_rwx: boolean;
  readonly kasan: boolean;
  readonly builtin_dtb: boolean;
  readonly set_fixmap_fence: (typeof FENCE_POLICIES)[number];
}

/** Section sizes of the image in bytes, each rounded up to whole pages. */
export interface SectionSizes {
  readonly text: number;
  readonly init_text: number;
  readonly init_data: number;
  readonly rodata: number;
  readonly data: number;
}

export interface Machine {
  /** RAM banks (physical, sorted, non-overlapping) as the DTB's /memory nodes list them */
  readonly banks: readonly Interval[];
  /**
   * The same banks in the order the DT lists them (memory_banks as written): memblock_add() takes them in
   * this order, and past INIT_MEMBLOCK_REGIONS the last-listed are refused (helper-184 1)
   */
  readonly banksListed: readonly Interval[];
  /** physical address of _start */
  readonly load_address: number;
  readonly kernel: SectionSizes;
  /** physical address of the DTB (8-byte aligned) */
  readonly dtb_address: number;
  /** fdt_totalsize(), bytes */
  readonly dtb_size: number;
  /** entries in memblock.reserved when setup_vm_final starts */
  readonly reserved_regions: number;
  readonly efi: boolean;
}

/** A scenario resolved by the riscv plug-in. */
export interface RiscvScenario extends Scenario<Config, Machine, readonly Effect[]> {
  readonly kernel: KernelVersion;
}

/** The trace of a riscv replay: the generic trace plus the model's own view. */
export interface RiscvTrace extends Trace<RiscvEvent> {
  readonly scenario: RiscvScenario;
  readonly profile: Profile;
  readonly image: ImageLayout;
  /** the kernel's own layout values and regions; also the generic view */
  readonly layout: RiscvLayout;
  readonly final: FinalState;
}

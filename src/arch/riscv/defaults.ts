/**
 * riscv defaults, applied after validation: a defconfig-like 64-bit kernel
 * (medany, MAXPHYSMEM_128GB, STRICT_KERNEL_RWX, sv39) on a QEMU-virt-like
 * machine: 2 GiB of RAM at 0x80000000, OpenSBI in the first 2 MiB, the kernel
 * right after it, the DTB in the last 2 MiB of the bank.
 */
import { KiB, MiB } from './geometry.js';
import type { SectionSizes } from './types.js';

export const DEFAULT_RAM_BASE = 0x80000000;
export const DEFAULT_MEMORY = 2048 * MiB;
/** OpenSBI fw_jump's FW_JUMP_ADDR on RV64: the firmware keeps the first 2 MiB. */
export const DEFAULT_LOAD_OFFSET = 2 * MiB;
export const DEFAULT_DTB_SIZE = 64 * KiB;
/** the kernel, the DTB and the firmware's /reserved-memory node */
export const DEFAULT_RESERVED_REGIONS = 3;

/**
 * Section sizes of a defconfig-sized image (_end ≈ 18.5 MiB with 2 MiB
 * section alignment, the size the 5.13-rc5 BPF oops at ffffffff81201220
 * points to): the last leaf of the kernel mapping is part-used, as in real
 * builds. RO_DATA is 2 MiB: with .srodata and __ex_table in a leaf of their
 * own after it (image.ts), rodata spans two 2 MiB leaves.
 */
export const DEFAULT_SECTIONS: SectionSizes = {
  text: 7 * MiB,
  init_text: 1 * MiB,
  init_data: 512 * KiB,
  rodata: 2 * MiB,
  data: 2560 * KiB,
};

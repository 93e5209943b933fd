/**
 * Defaults, applied after validation: the arm64 defconfig choices of
 * v4.4 … v4.7 (arch/arm64/Kconfig: 4K pages, VA_BITS_39; KASAN and
 * RANDOMIZE_BASE off; arch/arm64/Kconfig.debug: DEBUG_RODATA has no default
 * in v4.4 and is `default y` in v4.6/v4.7, DEBUG_ALIGN_RODATA off) and a
 * 2 GiB machine with RAM at 0x80000000.
 *
 * The section sizes are illustrative, defconfig-sized values (7744 KiB of
 * text, 3328 KiB rodata, 832 KiB init, 1188 KiB data+bss), not read from a
 * build: set config.image from your kernel's boot banner or System.map.
 */
import { KiB, MiB } from './addr.js';
import type { ImageSizes } from './types.js';

export const DEFAULT_VA_BITS = 39;

export const DEFAULT_IMAGE: ImageSizes = {
  text: 7744 * KiB,
  rodata: 3328 * KiB,
  init: 832 * KiB,
  data: 1188 * KiB,
};

export const DEFAULT_PHYS_OFFSET = 0x80000000;
export const DEFAULT_MEMORY = 2048 * MiB;
export const DEFAULT_FDT_SIZE = 64 * KiB;
/** where the DTB lands by default: 128 MiB into the first bank, or its middle on a smaller one */
export const DEFAULT_FDT_OFFSET = 128 * MiB;

/** Kconfig: DEBUG_RODATA is `default y` from v4.6 (arch/arm64/Kconfig.debug) */
export function defaultDebugRodata(kernelKey: number): boolean {
  return kernelKey >= 406;
}

/**
 * CONFIG_DMA_CMA: y in arm64 defconfig at v4.4, v4.6 and v4.7 (rivsidn/linux-4.4.155@a1961d75
 * arch/arm64/configs/defconfig:83, chenlihao92/archlinux-4.6.5@b9b6ded1 :93, calebwilliamsd/linux-4.7.4-casio@01851de9 :98;
 * CONFIG_CMA=y at :60, :69, :71).
 */
export const DEFAULT_DMA_CMA = true;

/**
 * CONFIG_CMA_SIZE_MBYTES: `default 0 if X86`, `default 16` (drivers/base/Kconfig:270-274 at v4.4, :267-271 at v4.6 and v4.7;
 * defconfig leaves it and the choice, whose default is CMA_SIZE_SEL_MBYTES, alone: v4.4 :292-296).
 */
export const DEFAULT_CMA_SIZE_MBYTES = 16;

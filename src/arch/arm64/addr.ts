/**
 * Exact arithmetic on 64-bit arm64 addresses held in JavaScript numbers.
 *
 * A double represents every integer below 2^64 that is a multiple of 2^11
 * exactly (53 significant bits span bits 63..11), so every page-aligned
 * kernel virtual address (ffffff8000000000, ffff7dfffe63a000, …) and every
 * physical address below 2^53 is exact. IEEE addition, subtraction, `%` and
 * division by a power of two are exact whenever the exact result is
 * representable, which holds for the page-aligned values the model computes.
 * Bit operators (`>>`, `&`) truncate to 32 bits and are never used on
 * addresses; shifts are divisions by powers of two here.
 *
 * The model keeps every virtual address it computes at page granularity (or
 * coarser); `isExact` is what tests use to check that.
 */

/** 2^n as a number (exact for n ≤ 1023) */
export function pow2(n: number): number {
  return 2 ** n;
}

export const KiB = 2 ** 10;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
export const TiB = 2 ** 40;
/** 2^64: one past the last address */
export const VA_END = 2 ** 64;

/** round down to a multiple of `a` (a power of two) */
export function alignDown(x: number, a: number): number {
  return x - (x % a);
}

/** round up to a multiple of `a` (a power of two) */
export function alignUp(x: number, a: number): number {
  const r = x % a;
  return r === 0 ? x : x - r + a;
}

export function isAligned(x: number, a: number): boolean {
  return x % a === 0;
}

/** ~0UL << bits, i.e. 2^64 - 2^bits (VA_START, PAGE_OFFSET) */
export function topDown(bits: number): number {
  return VA_END - 2 ** bits;
}

/** floor(x / 2^shift) */
export function shr(x: number, shift: number): number {
  return Math.floor(x / 2 ** shift);
}

/** the 4 KiB granule: the finest the model's addresses above 2^53 may be */
const PAGE_SIZE_4K = 4 * KiB;

/**
 * Whether a value is one the model may hold: below 2^53, or page-granular.
 * Above 2^53 the test is page alignment, not "a multiple of 2048": every
 * double in [2^63, 2^64) is a multiple of 2048 (that is its step), so that
 * test could not fail for a kernel VA whose low bits a byte-granular sum
 * had already rounded away; a rounded sum is page-aligned only by chance.
 */
export function isExact(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= VA_END && (x <= Number.MAX_SAFE_INTEGER || x % PAGE_SIZE_4K === 0);
}


/** [a, b) and [c, d) overlap */
export function overlaps(a: number, b: number, c: number, d: number): boolean {
  return a < d && c < b;
}

/** "2 MiB", "4 KiB", "1.50 MiB", "64 GiB": sizes as the kernel's boot banner writes them */
export function sizeText(bytes: number): string {
  // PiB: a size near the 2^53 − 1 bytes a scenario can give read "8192.00 TiB"
  for (const [unit, size] of [['PiB', 1024 * TiB], ['TiB', TiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (bytes >= size) {
      const v = bytes / size;
      return Number.isInteger(v) ? `${v} ${unit}` : `${v.toFixed(2)} ${unit}`;
    }
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

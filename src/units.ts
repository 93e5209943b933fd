/**
 * Numbers as every finding, trace and report writes them: addresses in
 * lowercase hex of at least 8 digits (0xfbfff000), sizes in MiB.
 */

/**
 * An address (or the exclusive end of a range, which may be 2^bits itself)
 * in hex. The value is checked: a negative or fractional number, or one past
 * 2^64, means the model computed something no kernel can hold (x86 printed
 * reservetop=4G as "0x0-402000"); that is a bug, so it throws (the CLI
 * reports an internal error) instead of printing garbage. Input values are
 * range-checked by the loader so that valid scenarios never get here with one.
 *
 * Generic code prints addresses of every architecture, so the bound is the
 * widest one's: x86_32 values stay below 2^32 by construction; arm64 and
 * riscv values reach 2^64 as doubles, which hold them exactly when they are
 * multiples of 2^11 (every page-aligned address; above 2^53 nothing finer is
 * representable anyway).
 */
export function hex(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 64) {
    throw new RangeError(`internal: ${String(n)} is not an address`);
  }
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * A signed quantity that layouts list with the addresses (arm64's s64
 * memstart_addr, which KASLR makes negative): "-0x1c0000000", or hex() when
 * it is not negative. Before, a negative one printed as "0x-1c0000000".
 */
export function signedHex(n: number): string {
  return n < 0 ? `-${hex(-n)}` : hex(n);
}

/** "64 MiB", or two decimals when it is not a whole number of MiB (Xen's reserve is 168.01 MiB) */
export function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return Number.isInteger(m) ? `${m} MiB` : `${m.toFixed(2)} MiB`;
}

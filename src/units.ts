/**
 * Numbers as every finding, trace and report writes them: addresses in
 * lowercase hex of at least 8 digits (0xfbfff000), sizes in MiB.
 */

/**
 * An address (or the exclusive end of a range, which may be 2^bits itself)
 * in hex. The value is checked: a negative, fractional or oversized number
 * here means the model computed something the kernel cannot hold, which used
 * to print as "0x0-402000"; it is a bug, so it throws (the CLI reports an
 * internal error) instead of printing garbage. Input values are range-checked
 * by the loader so that valid scenarios never get here with one.
 *
 * @param bits the width of the architecture's addresses: 32 (x86_32). A
 *   64-bit architecture needs bigint addresses (2^64 is not a safe integer).
 */
export function hex(n: number, bits: 32 = 32): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** bits) {
    throw new RangeError(`internal: ${String(n)} is not a ${bits}-bit address`);
  }
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** "64 MiB", or two decimals when it is not a whole number of MiB (Xen's reserve is 168.01 MiB) */
export function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return Number.isInteger(m) ? `${m} MiB` : `${m.toFixed(2)} MiB`;
}

/**
 * Numbers as every finding, trace and report writes them: addresses in
 * lowercase hex of at least 8 digits (0xfbfff000), sizes in MiB.
 */
export function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** "64 MiB", or two decimals when it is not a whole number of MiB (Xen's reserve is 168.01 MiB) */
export function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return Number.isInteger(m) ? `${m} MiB` : `${m.toFixed(2)} MiB`;
}

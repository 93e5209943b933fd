/**
 * Numbers as every finding, trace and report writes them: addresses in
 * lowercase hex of at least 8 digits (0xfbfff000), sizes exactly in binary units.
 */
export function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * A size exactly, in binary units: "64 MiB", "8 KiB", "168 MiB + 8 KiB",
 * "36 bytes" — never a rounded "0.00 MiB".
 */
export function size(bytes: number): string {
  if (bytes === 0) return '0 bytes';
  const units: readonly [string, number][] = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10], ['bytes', 1]];
  const parts: string[] = [];
  let rest = bytes;
  for (const [unit, n] of units) {
    const q = Math.floor(rest / n);
    if (q > 0) parts.push(`${q} ${unit}`);
    rest -= q * n;
  }
  return parts.join(' + ');
}

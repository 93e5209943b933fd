/**
 * lib/cmdline.c memparse(), shared by every architecture's command-line
 * reader: simple_strtoull(ptr, &end, 0) reads the longest prefix it can
 * (base 16 after "0x" followed by a hex digit, base 8 after another leading
 * 0, else base 10; no sign, no spaces), 0 when there is none, then one size
 * suffix (either case) shifts it by 10 per step from K up. Which suffixes
 * exist depends on the version: K, M, G in 2.6.26 … 2.6.36
 * (DerArtem/android-tegra-2.6.36-hc-dev@bce7f793dae lib/cmdline.c:129-148,
 * @4a6908a3a05 :129-154, @f6f94e2ab1b :129-154); E, P, T, G, M, K in v4.4 …
 * v4.7 (chenlihao92/archlinux-4.6.5@b9b6ded1 lib/cmdline.c:121-152).
 * The value is exact (a bigint, not wrapped modulo 2^64 as the kernel's
 * unsigned long long would be): whoever uses it refuses what does not fit.
 *
 * @param suffixes the suffixes the version knows, lowest first, lower case ("kmg", "kmgtpe")
 * @returns the value and how many characters the number and its suffix take (a suffix alone is 0 shifted, as
 *   in the kernel: "M" reads as 0 and takes 1)
 */
export function kernelMemparse(text: string, suffixes: string): { value: bigint; length: number } {
  const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  let base = 10;
  let i = 0;
  if (text[0] === '0') {
    if ((text[1] === 'x' || text[1] === 'X') && isHex(text[2])) {
      base = 16;
      i = 2;
    } else base = 8;
  }
  let value = 0n;
  for (; i < text.length; i++) {
    const c = text[i] ?? '';
    if (!isHex(c)) break;
    const digit = parseInt(c, 16);
    if (digit >= base) break;
    value = value * BigInt(base) + BigInt(digit);
  }
  const suffix = text[i];
  const steps = suffix === undefined ? -1 : suffixes.indexOf(suffix.toLowerCase());
  if (steps >= 0) {
    value <<= 10n * BigInt(steps + 1);
    i++;
  }
  return { value, length: i };
}

/**
 * 2^64: memparse() returns an unsigned long long, and simple_strtoull() accumulates `result = result*base +
 * value` with no overflow check (caglar10ur/linux-2.6.27.y@3fa8749e584b lib/vsprintf.c:92-118), so the
 * kernel reads a number at or past this modulo 2^64 (18446744073709551616 is 0). kernelMemparse() keeps
 * the exact value; readers refuse one at or past this as wrapped, not merely large.
 */
export const MEMPARSE_WRAP = 2n ** 64n;

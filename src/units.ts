/**
 * Numbers as every finding, trace and report writes them: addresses in
 * lowercase hex of at least 8 digits (0xfbfff000), sizes exactly in binary units.
 *
 * Addresses are unsigned: an architecture's arithmetic on `unsigned long`
 * wraps modulo 2^width (2^32 on x86_32, 2^64 on arm64 and riscv), and a
 * number that went below 0 or past 2^64 in JavaScript is written as the
 * kernel would hold it (wrapU64), never as "0x-1c0000000".
 */

/**
 * x modulo 2^64, as C's unsigned long arithmetic gives it: -0x1c0000000 →
 * 0xfffffffe40000000, 2^64 + 0x5fffc00000 → 0x5fffc00000. Exact for the
 * values the 64-bit models compute (integers that a double holds exactly:
 * below 2^53, or multiples of 2^12 up to 2^65; see arch/arm64/addr.ts).
 * Non-integers are returned unchanged.
 */
export function wrapU64(x: number): number {
  if (x >= 0 && x < 2 ** 64) return x;
  if (!Number.isInteger(x)) return x;
  return Number(BigInt.asUintN(64, BigInt(x)));
}

/**
 * The hex digits of numbers already written, made once each: findings, traces and layouts write the
 * same few addresses again and again (a 64-bit address is no small integer, and V8 turns it into
 * radix 16 digit by digit), and every replay of the many-replay engine formats its findings' subjects.
 * Bounded, so that a long run of distinct addresses cannot grow it without end.
 */
const HEX_DIGITS = new Map<number, string>();
const HEX_DIGITS_MAX = 8192;

/** 2^64: the exclusive end of a 64-bit address space, as a number (exact: a power of two). */
const ADDRESS_SPACE_END = 2 ** 64;

/**
 * The unsigned hex digits of an address (no 0x, no padding); wraps like wrapU64, exactly, through bigint,
 * but for the number 2^64 itself: no address is 2^64, so that number is the exclusive end of a range that
 * reaches the top of the address space ("0xffffffe000000000-0x10000000000000000"), which wrapped would read
 * as an end of 0 (break-254 N8). A dump that prints the kernel's own wrapped end wraps it itself.
 */
export function hexDigits(n: number | bigint): string {
  if (typeof n === 'bigint') return BigInt.asUintN(64, n).toString(16);
  if (n === ADDRESS_SPACE_END) return '10000000000000000';
  // -0 and 0 are one key, and both are written "0"
  let digits = HEX_DIGITS.get(n);
  if (digits !== undefined) return digits;
  if (n >= 0 && Number.isInteger(n) && n < 2 ** 64) digits = n.toString(16);
  else if (!Number.isInteger(n)) digits = n.toString(16);
  else digits = BigInt.asUintN(64, BigInt(n)).toString(16);
  if (HEX_DIGITS.size < HEX_DIGITS_MAX) HEX_DIGITS.set(n, digits);
  return digits;
}

/**
 * base + offset exactly, for printing: a number while the sum is a safe
 * integer (below 2^53), else a bigint. A 64-bit model keeps its addresses
 * page-aligned (multiples of 4096 are exact doubles up to 2^65) and carries a
 * byte offset beside them; the byte's own address near 2^64 is no double
 * (they step by 2048 there), so it only exists here, on the way to hex().
 * @param base bytes: a page-aligned address, exact in a double
 * @param offset bytes, a safe integer (≥ 0)
 */
export function exactSum(base: number, offset: number): number | bigint {
  if (offset === 0) return base;
  const sum = base + offset;
  return Number.isSafeInteger(sum) ? sum : BigInt(base) + BigInt(offset);
}

export function hex(n: number | bigint): string {
  return `0x${hexDigits(n).padStart(8, '0')}`;
}

/**
 * A size exactly, in binary units: "64 MiB", "8 KiB", "168 MiB + 8 KiB",
 * "36 bytes", "1 byte" — never a rounded "0.00 MiB".
 */
export function size(bytes: number): string {
  if (bytes === 0) return '0 bytes';
  const units: readonly [string, number][] = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10], ['bytes', 1]];
  const parts: string[] = [];
  let rest = bytes;
  for (const [unit, n] of units) {
    const q = Math.floor(rest / n);
    if (q > 0) parts.push(`${q} ${unit === 'bytes' && q === 1 ? 'byte' : unit}`);
    rest -= q * n;
  }
  return parts.join(' + ');
}

/**
 * A size in a message that holds it against a limit: `text(bytes)`, unless that reads as the same number as
 * `text(limit)` ("2.00 MiB is over MAX_FDT_SIZE (2 MiB)" for 0x200001 bytes), then the exact byte count with
 * its hex: "2097153 bytes (0x200001)".
 */
export function sizeAgainstLimit(bytes: number, limit: number, text: (n: number) => string): string {
  const t = text(bytes);
  const value = (s: string): string => {
    const m = /^(\d+(?:\.\d+)?) (.*)$/.exec(s);
    return m === null ? s : `${Number(m[1])} ${m[2] ?? ''}`;
  };
  return bytes !== limit && value(t) === value(text(limit)) ? `${bytes} bytes (0x${hexDigits(bytes)})` : t;
}

/**
 * A signed quantity that layouts list with the addresses (arm64's s64
 * memstart_addr, which KASLR makes negative): "-0x1c0000000", or hex() when
 * it is not negative (hex() alone would show it as the unsigned long it wraps to).
 */
export function signedHex(n: number): string {
  return n < 0 ? `-${hex(-n)}` : hex(n);
}

/**
 * Sizes and addresses in scenarios: integers, or strings such as "512MiB",
 * "4G", "0xfc000000". Binary units only (the kernel's memparse() is binary).
 */
const UNIT: Record<string, number> = {
  '': 1,
  k: 2 ** 10, K: 2 ** 10, KiB: 2 ** 10,
  m: 2 ** 20, M: 2 ** 20, MiB: 2 ** 20,
  g: 2 ** 30, G: 2 ** 30, GiB: 2 ** 30,
  t: 2 ** 40, T: 2 ** 40, TiB: 2 ** 40,
};

export const SIZE_FORMS = 'an integer number of bytes, a hex address (0xfc000000) or a size with a unit: KiB MiB GiB TiB (also K M G T), e.g. 512MiB';

const SIZE_RE = /^(0[xX][0-9a-fA-F]+|\d+)\s*(KiB|MiB|GiB|TiB|[kKmMgGtT])?$/;

/** Parses a size string; returns null when the text is not a size, or one larger than sizeTooLarge allows. */
export function parseSize(text: string): number | null {
  const value = sizeValue(text);
  return value !== null && Number.isSafeInteger(value) ? value : null;
}

/** The value of a well-formed size, however large (a float past 2^53), or null when the text is not a size. */
function sizeValue(text: string): number | null {
  const m = SIZE_RE.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  return Number(m[1]) * (UNIT[m[2] ?? ''] ?? 1);
}

/** The largest size or address a scenario can give: 2^53 − 1 bytes (8 PiB), the last integer a JavaScript number holds exactly. */
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** Whether a value is written as a size but exceeds MAX_SIZE (0xffffffffffffffff, 2^64, 9999999TiB). */
export function sizeTooLarge(value: number | string): boolean {
  const n = typeof value === 'number' ? value : sizeValue(value);
  return n !== null && Number.isFinite(n) ? n > MAX_SIZE : n !== null;
}

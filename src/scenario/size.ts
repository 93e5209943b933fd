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

/** Parses a size string; returns null when the text is not a size. */
export function parseSize(text: string): number | null {
  const m = SIZE_RE.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const base = Number(m[1]);
  const value = base * (UNIT[m[2] ?? ''] ?? 1);
  return Number.isSafeInteger(value) ? value : null;
}

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

/**
 * A YAML float in exponent form ("1e30"), or null: the loader keeps the text of an integer past 2^53
 * (yaml-document.ts scalarShape), so `memory: 1e30` reaches the schema as that text, which is too large,
 * not "not a size" (helper-156).
 */
function exponentValue(text: string): number | null {
  return /^\+?\d+(?:\.\d*)?[eE]\+?\d+$/.test(text.trim()) ? Number(text) : null;
}

/** The value of a well-formed size, however large (a float past 2^53), or null when the text is not a size. */
function sizeValue(text: string): number | null {
  const m = SIZE_RE.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  return Number(m[1]) * (UNIT[m[2] ?? ''] ?? 1);
}

/**
 * A size written with a fraction or a decimal unit ("1.5GiB", "1.5GB",
 * "512MB", "1.5"), which parseSize refuses: the kernel's memparse()
 * (lib/cmdline.c, 8e0ee43bc2c = 2.6.29) reads the number with
 * simple_strtoull(), an integer, then one binary suffix K/M/G. A decimal
 * unit is read as its binary one ("1.5GB" as 1.5 GiB), the slip it almost
 * always is.
 */
export interface NearSize {
  /** The unit as written: "", "G", "GiB", "GB", "gb". */
  unit: string;
  /** A decimal unit (kB MB GB TB, any case). */
  decimal: boolean;
  /** The number has a fractional part ("1.5", also "2.0"). */
  fraction: boolean;
  /** The value in bytes, or null when it is not a whole number of bytes (1.3GiB). */
  bytes: bigint | null;
  /** The value in bytes as a decimal number, exact ("1395864371.2"). */
  exact: string;
}

const NEAR_SIZE_RE = /^(\d*)(?:\.(\d*))?\s*(?:([kKmMgGtT])(iB|[bB])?)?$/;

const BINARY_SHIFT: Record<string, bigint> = { '': 0n, k: 10n, m: 20n, g: 30n, t: 40n };

/** Reads a size with a fraction or a decimal unit (NearSize); null for anything else, a well-formed size included. */
export function nearSize(value: number | string): NearSize | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) && value >= 0 ? String(value) : '') : value.trim();
  const m = NEAR_SIZE_RE.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '';
  const frac = m[2];
  const letter = m[3] ?? '';
  const suffix = m[4] ?? '';
  if (whole === '' && (frac === undefined || frac === '')) return null;
  const decimal = suffix === 'b' || suffix === 'B';
  const fraction = frac !== undefined;
  if (!decimal && !fraction) return null;
  // value = (whole.frac) << shift, exactly: digits / 10^f << shift
  const f = (frac ?? '').replace(/0+$/, '');
  const numerator = BigInt(`${whole}${f}` || '0') << (BINARY_SHIFT[letter.toLowerCase()] ?? 0n);
  const denominator = 10n ** BigInt(f.length);
  const q = numerator / denominator;
  const r = numerator % denominator;
  const exact = r === 0n ? String(q) : `${q}.${String(r).padStart(f.length, '0').replace(/0+$/, '')}`;
  return { unit: `${letter}${suffix}`, decimal, fraction, bytes: r === 0n ? q : null, exact };
}

/**
 * A byte count as a scenario writes it, in the largest binary unit that
 * keeps it an integer: 1610612736 → "1536MiB" (or "1536M", short), 512 → "512".
 */
export function wholeSizeText(bytes: bigint, short = false): string {
  for (const [unit, shift] of [['T', 40n], ['G', 30n], ['M', 20n], ['K', 10n]] as const) {
    if (bytes > 0n && bytes % (1n << shift) === 0n) return `${bytes >> shift}${unit}${short ? '' : 'iB'}`;
  }
  return String(bytes);
}

/** The largest size or address a scenario can give: 2^53 − 1 bytes (8 PiB), the last integer a JavaScript number holds exactly. */
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** Whether a value is written as a size but exceeds MAX_SIZE (0xffffffffffffffff, 2^64, 9999999TiB). */
export function sizeTooLarge(value: number | string): boolean {
  const n = typeof value === 'number' ? value : sizeValue(value) ?? exponentValue(value);
  return n !== null && Number.isFinite(n) ? n > MAX_SIZE : n !== null;
}

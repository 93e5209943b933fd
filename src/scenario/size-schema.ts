/**
 * The schema of sizes and addresses, shared by every architecture's
 * `config:`/`machine:` schema: a non-negative integer, or a string such as
 * "512MiB" / "0xfc000000" (size.ts).
 */
import * as z from 'zod/mini';
import { described } from './schema-helpers.js';
import { quoted } from './quote.js';
import { MAX_SIZE, SIZE_FORMS, type NearSize, nearSize, parseSize, sizeTooLarge, wholeSizeText } from './size.js';
import { hex } from '../units.js';
import { FLOAT_NOTATION_WHY, floatNotationInteger } from './float-notation.js';

/**
 * Why a size with a decimal unit or a fraction is refused, and the integer
 * form to write when there is one ("1.5GB" → "write 1536MiB"): the value
 * read in binary units, in the largest unit that keeps it whole.
 */
function nearSizeFix(near: NearSize): string {
  const why = [
    ...(near.decimal ? ['decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel'] : []),
    ...(near.fraction ? ["fractions are not accepted (the kernel's memparse() reads an integer)"] : []),
  ].join('; ');
  const binaryUnit = near.decimal ? `${(near.unit[0] ?? '').toUpperCase()}iB` : near.unit;
  if (near.bytes === null) {
    return `${why}; ${near.decimal ? `read as ${binaryUnit}, that` : 'that'} is ${near.exact} bytes, not a whole number; use ${SIZE_FORMS}`;
  }
  const short = near.unit.length === 1;
  return `${why}; write ${wholeSizeText(near.bytes, short)}`;
}

/** "2147483648 (2GiB)": an integer of bytes, with its unit form when that is a short one (not "9765625KiB"). */
function wholeSizeWords(decimal: string): string {
  const unit = wholeSizeText(BigInt(decimal));
  return unit === decimal || !/^\d{1,4}[KMGT]/.test(unit) ? decimal : `${decimal} (${unit})`;
}

const toSize = z.transform((value: number | string, payload): number => {
  const n = typeof value === 'number' ? value : parseSize(value);
  if (n === null || !Number.isSafeInteger(n) || n < 0) {
    const whole = typeof value === 'string' ? floatNotationInteger(value) : undefined;
    // -0.0 is 0, written as a float
    const negative = typeof value === 'number' ? value < 0 : whole !== undefined ? Number(whole) < 0 : /^\s*-\s*(?:0[xX][0-9a-fA-F]+|\d)/.test(value);
    const near = negative ? null : nearSize(value);
    const message = negative
      ? `${quoted(String(value))} is negative; sizes and addresses are 0 or more`
      : sizeTooLarge(value) || (near !== null && near.bytes !== null && near.bytes > BigInt(MAX_SIZE))
      ? `${quoted(String(value))} is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (${hex(MAX_SIZE)}, 8 PiB)`
      : whole !== undefined
      ? `${quoted(String(value))} is ${FLOAT_NOTATION_WHY}; sizes and addresses are integers: write ${wholeSizeWords(whole)}`
      : near
      ? `${quoted(String(value))} is not a size: ${nearSizeFix(near)}`
      : `${quoted(String(value))} is not a size; use ${SIZE_FORMS}`;
    payload.issues.push({ code: 'custom', message, input: value, inst: toSize });
    return z.NEVER;
  }
  return n;
});

export const SizeSchema = described(z.pipe(z.union([z.number(), z.string()]), toSize), SIZE_FORMS);

/**
 * A size or address as SizeSchema reads it, or undefined where SizeSchema reports a problem: the same test (an
 * integer from 0 to 2^53 − 1, as a number or as size text) without zod's parse, which the semantic checks paid for
 * each RAM bank of each variant (break-255 F3: arm64's banks of 128 variants × 107 banks took 262 ms under the
 * profiler through zod, 26 ms so).
 */
export function sizeOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? parseSize(v) : null;
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

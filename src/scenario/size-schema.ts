/**
 * The schema of sizes and addresses, shared by every architecture's
 * `config:`/`machine:` schema: a non-negative integer, or a string such as
 * "512MiB" / "0xfc000000" (size.ts).
 */
import * as z from 'zod/mini';
import { described } from './schema-helpers.js';
import { clipped, quoted } from './quote.js';
import { MAX_SIZE, SIZE_FORMS, parseSize, sizeTooLarge } from './size.js';
import { hex } from '../units.js';

const toSize = z.transform((value: number | string, payload): number => {
  const n = typeof value === 'number' ? value : parseSize(value);
  if (n === null || !Number.isSafeInteger(n) || n < 0) {
    // "512MB" is the likely slip: say why it is refused and what to write instead.
    const decimal = typeof value === 'string' ? /^(.*\d)\s*([kKmMgGtT])[bB]$/.exec(value.trim()) : null;
    const negative = typeof value === 'number' ? value < 0 : /^\s*-\s*(?:0[xX][0-9a-fA-F]+|\d)/.test(value);
    const message = negative
      ? `${quoted(String(value))} is negative; sizes and addresses are 0 or more`
      : sizeTooLarge(value)
      ? `${quoted(String(value))} is larger than bootreplay takes: sizes and addresses are exact up to 2^53 − 1 (${hex(MAX_SIZE)}, 8 PiB)`
      : decimal
      ? `${quoted(String(value))} is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write ${clipped(decimal[1] ?? '')}${(decimal[2] ?? '').toUpperCase()}iB`
      : `${quoted(String(value))} is not a size; use ${SIZE_FORMS}`;
    payload.issues.push({ code: 'custom', message, input: value, inst: toSize });
    return z.NEVER;
  }
  return n;
});

export const SizeSchema = described(z.pipe(z.union([z.number(), z.string()]), toSize), SIZE_FORMS);

/**
 * The schema of sizes and addresses, shared by every architecture's
 * `config:`/`machine:` schema: a non-negative integer, or a string such as
 * "512MiB" / "0xfc000000" (size.ts).
 */
import * as z from 'zod/mini';
import { described } from './schema-helpers.js';
import { SIZE_FORMS, parseSize } from './size.js';

const toSize = z.transform((value: number | string, payload): number => {
  const n = typeof value === 'number' ? value : parseSize(value);
  if (n === null || !Number.isSafeInteger(n) || n < 0) {
    // "512MB" is the likely slip: say why it is refused and what to write instead.
    const decimal = typeof value === 'string' ? /^(.*\d)\s*([kKmMgGtT])[bB]$/.exec(value.trim()) : null;
    const message = decimal
      ? `${JSON.stringify(value)} is not a size: decimal units (kB, MB, GB, TB) are not accepted, sizes are binary as in the kernel; write ${decimal[1]}${(decimal[2] ?? '').toUpperCase()}iB`
      : `${JSON.stringify(value)} is not a size; use ${SIZE_FORMS}`;
    payload.issues.push({ code: 'custom', message, input: value, inst: toSize });
    return z.NEVER;
  }
  return n;
});

export const SizeSchema = described(z.pipe(z.union([z.number(), z.string()]), toSize), SIZE_FORMS);

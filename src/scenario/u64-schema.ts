/**
 * The schema of a full 64-bit unsigned value (a seed, a register): an integer
 * 0 … 2^64-1 written in decimal or hex, parsed exactly into a bigint. YAML
 * integers past 2^53 reach it as their source text (yaml-document.ts keeps
 * them), so 0xffffffffffffffff is read as written, not rounded by a double.
 */
import * as z from 'zod/mini';
import { quoted } from './quote.js';
import { described } from './schema-helpers.js';
import { FLOAT_NOTATION_WHY, floatNotationInteger } from './float-notation.js';

export const U64_FORMS = 'an unsigned 64-bit integer, decimal or hex (0 … 0xffffffffffffffff)';

const U64_RE = /^(0[xX][0-9a-fA-F]+|\d+)$/;

const toU64 = z.transform((value: number | string, payload): bigint => {
  const exact = typeof value === 'number'
    ? (Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null)
    : U64_RE.test(value.trim()) ? BigInt(value.trim()) : null;
  if (exact === null || exact >= 2n ** 64n) {
    const whole = typeof value === 'string' ? floatNotationInteger(value) : undefined;
    const message = whole === undefined
      ? `${typeof value === 'string' ? quoted(value) : String(value)} is not ${U64_FORMS}`
      : `${quoted(String(value))} is ${FLOAT_NOTATION_WHY}, not ${U64_FORMS}: write ${whole}`;
    payload.issues.push({ code: 'custom', message, input: value, inst: toU64 });
    return z.NEVER;
  }
  return exact;
});

export const U64Schema = described(z.pipe(z.union([z.number(), z.string()]), toU64), U64_FORMS);

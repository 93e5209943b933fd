/**
 * Whole numbers written in YAML's float notation (`2147483648.0`, `1.0e9`, `1E10`).
 *
 * YAML 1.2.2 §10.3.2 (the core schema) resolves a plain scalar with a point or an exponent as
 * tag:yaml.org,2002:float, so the yaml library hands `1.0e9` over as the double 1000000000, the
 * same value as `1000000000`. Everything a scenario counts is an integer (sizes and addresses the
 * kernel's memparse() and Kconfig's int symbols read, counts, 64-bit values), and `2.5GiB` and
 * `2.5` are refused as fractions; a float that happens to be whole must not pass where its
 * neighbour does not (break-255 N7: `memory: 1E10` was read as 10^10 bytes, `memory_banks[].size:
 * 1e3` as 1000). Nor would the kernel read such a text as YAML does: memparse() reads `1e9` as 1 at
 * 2.6.27 (simple_strtoull stops at the `e`, which is no suffix there: lib/cmdline.c:129 @3fa8749e584b)
 * and as 1 EiB from 2.6.3x on (`e` is the exa suffix: lib/cmdline.c:134 @a1961d75, 4.4.155). The loader keeps such a scalar's source text (yaml-document.ts scalarData), so
 * a schema that reads an integer refuses it, and these helpers say why and what to write.
 */

/** YAML 1.2.2 core schema's float, without `.inf`/`.nan` (§10.3.2). */
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** … and its int, which the core schema resolves first. */
const CORE_INT = /^[-+]?[0-9]+$/;

/** Whether a plain scalar's text is a YAML 1.2 core float written with a point or an exponent (not an int). */
export function isFloatNotation(text: string): boolean {
  return CORE_FLOAT.test(text) && !CORE_INT.test(text);
}

/**
 * The integer a whole number in float notation stands for, in decimal ("1.0e9" → "1000000000"),
 * or undefined when `text` is not float notation or its value is not a safe integer.
 */
export function floatNotationInteger(text: string): string | undefined {
  const t = text.trim();
  if (!isFloatNotation(t)) return undefined;
  const n = Number(t);
  // -0.0 is 0
  return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : undefined;
}

/** Why a whole number in float notation is refused where an integer is read, for a message. */
export const FLOAT_NOTATION_WHY = 'written as a float (with a point or an exponent)';

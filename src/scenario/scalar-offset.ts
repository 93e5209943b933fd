/**
 * Where a character of a YAML string's value lies in the scalar's source
 * text, so that a problem inside a value (one option of a long `cmdline:`)
 * is reported at that option even when the scalar spans lines: a folded
 * (`>`) or literal (`|`) block, or a plain or quoted scalar broken over lines.
 */
import type { Scalar } from 'yaml';

/** a blank or a line break: what folding, indentation and chomping add or drop */
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The one character each simple escape of a double-quoted scalar stands for (YAML 1.2, 5.7). */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
/** The hex digits after `\x`, `\u` and `\U`. */
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The value's characters that are not blanks or breaks, each with the offset in `source` it comes from (an
 * escape's backslash for what it stands for), in order; null at an escape that cannot be read.
 * @param escapes the scalar's kind of escape: a backslash sequence (double-quoted), `''` (single-quoted), none
 */
function significant(source: string, start: number, end: number, escapes: 'double' | 'single' | 'none'): [string, number][] | null {
  const out: [string, number][] = [];
  const add = (text: string, at: number): void => {
    for (const c of text) if (!isSpace(c)) for (let k = 0; k < c.length; k++) out.push([c[k] as string, at]);
  };
  for (let p = start; p < end; p++) {
    const c = source[p] as string;
    if (escapes === 'double' && c === '\\') {
      const e = source[p + 1];
      if (e === undefined) return null;
      const simple = SIMPLE_ESCAPES[e];
      const digits = HEX_ESCAPES[e];
      if (e === '\n' || e === '\r') {
        p++; // an escaped line break joins the lines, adding nothing
      } else if (simple !== undefined) {
        add(simple, p);
        p++;
      } else if (digits !== undefined) {
        const hex = source.slice(p + 2, p + 2 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null;
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) return null;
        add(String.fromCodePoint(code), p);
        p += 1 + digits;
      } else {
        return null;
      }
    } else if (escapes === 'single' && c === "'" && source[p + 1] === "'") {
      add("'", p);
      p++;
    } else {
      add(c, p);
    }
  }
  return out;
}

/**
 * The offset in `source` (the scalar's text from its first character: the
 * quote, the `>`/`|` header, or the value itself) of the value's character
 * at `offset`, or undefined when the two cannot be matched character for
 * character.
 *
 * The value is the source with its line structure changed and its escapes
 * read: breaks kept or folded into spaces, indentation and the blanks around
 * a break dropped, each escape (`\"`, `\x41`, `\u00e9` in a double-quoted
 * scalar, `''` in a single-quoted one) one character. So the characters that
 * are not blanks or breaks are the same, in the same order, in both, and the
 * value's character is found at the source's character (or escape) in the
 * same place among them (break-216 F4: a `cmdline:` with `dyndbg=\"…\"` was
 * reported at its opening quote).
 * @param type the scalar's style (yaml's Scalar.type)
 * @param offset a UTF-16 index into `value` of a character that is not a blank or a break
 */
export function sourceOffsetOf(source: string, type: Scalar.Type | undefined, value: string, offset: number): number | undefined {
  if (offset < 0 || offset >= value.length || isSpace(value[offset])) return undefined;
  let chars: [string, number][] | null;
  if (type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL') {
    // the header line (`>-`, `|2+`, a comment) is not part of the value
    const nl = source.indexOf('\n');
    if (nl < 0) return undefined;
    chars = significant(source, nl + 1, source.length, 'none');
  } else if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    chars = significant(source, 1, source.length - 1, type === 'QUOTE_DOUBLE' ? 'double' : 'single');
  } else if (type === 'PLAIN') {
    chars = significant(source, 0, source.length, 'none');
  } else {
    return undefined;
  }
  if (chars === null) return undefined;
  let k = 0;
  for (let i = 0; i <= offset; i++) {
    const c = value[i] as string;
    if (isSpace(c)) continue;
    const at = chars[k++];
    if (at === undefined || at[0] !== c) return undefined;
    if (i === offset) return at[1];
  }
  return undefined;
}

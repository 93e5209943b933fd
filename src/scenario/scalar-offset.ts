/**
 * Where a character of a YAML string's value lies in the scalar's source
 * text, so that a problem inside a value (one option of a long `cmdline:`)
 * is reported at that option even when the scalar spans lines: a folded
 * (`>`) or literal (`|`) block, or a plain or quoted scalar broken over lines.
 */
import type { Scalar } from 'yaml';

/** a blank or a line break: what folding, indentation and chomping add or drop */
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * The offset in `source` (the scalar's text from its first character: the
 * quote, the `>`/`|` header, or the value itself) of the value's character
 * at `offset`, or undefined when the two cannot be matched character for
 * character.
 *
 * The value is the source with its line structure changed and nothing
 * else: breaks kept or folded into spaces, indentation and the blanks around
 * a break dropped. So the characters that are not blanks or breaks are the
 * same, in the same order, in both, and the walk matches each one of the
 * value's with the next one of the source's. A character that matches
 * nothing (an escape such as `\x41` or `\n` in a double-quoted scalar, a
 * `''` in a single-quoted one) ends the walk: undefined, and the caller
 * reports at the value's start.
 * @param type the scalar's style (yaml's Scalar.type)
 * @param offset a UTF-16 index into `value` of a character that is not a blank or a break
 */
export function sourceOffsetOf(source: string, type: Scalar.Type | undefined, value: string, offset: number): number | undefined {
  if (offset < 0 || offset >= value.length || isSpace(value[offset])) return undefined;
  let p: number;
  let end = source.length;
  if (type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL') {
    // the header line (`>-`, `|2+`, a comment) is not part of the value
    const nl = source.indexOf('\n');
    if (nl < 0) return undefined;
    p = nl + 1;
  } else if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') {
    // an escape (`\\` in the source is one backslash, `''` one quote) makes the walk match a character one too early
    if (source.includes(type === 'QUOTE_DOUBLE' ? '\\' : "''", 1)) return undefined;
    p = 1;
    end = source.length - 1;
  } else if (type === 'PLAIN') {
    p = 0;
  } else {
    return undefined;
  }
  for (let i = 0; i <= offset; i++) {
    const c = value[i] as string;
    if (isSpace(c)) continue;
    while (p < end && isSpace(source[p])) p++;
    if (p >= end || source[p] !== c) return undefined;
    if (i === offset) return p;
    p++;
  }
  return undefined;
}

/**
 * User text on a terminal. File names, scenario names, call names, the
 * kernel command line and yaml's own messages can carry anything: a newline
 * would start a line the report did not write (a forged `PASS …`), an escape
 * sequence (`\x1b[2J`) would drive the terminal, a bidi override (U+202E)
 * would show text other than what is there. Every piece of user text in text
 * output goes through `escapeText`, which shows such characters as escapes,
 * so each output line stays one line and shows what the file holds.
 *
 * JSON output needs none of this: JSON.stringify escapes control characters
 * itself and a JSON reader does not interpret the rest.
 */

/**
 * Characters shown as escapes: the backslash itself (so an escape in the
 * output is never ambiguous), C0 and C1 controls and DEL (\p{Cc}), format
 * characters (\p{Cf}: bidi embeddings, overrides and isolates, zero-width
 * characters, the BOM, soft hyphen), the line and paragraph separators
 * U+2028/U+2029, and lone surrogates (they cannot be written as UTF-8).
 */
const UNSAFE = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

/**
 * A quick test without Unicode property classes (which V8 matches an order of
 * magnitude slower; reports of 10,000 findings spent 100 ms here): the
 * backslash, C0/C1 controls, the format and separator characters of the BMP
 * (Unicode 15, Node 20's ICU), and any surrogate, which covers the astral
 * format characters (U+110BD, U+E0001, …) and lone surrogates. It may match
 * more than UNSAFE (an emoji is a surrogate pair), never less; a unit test
 * checks that over every code point.
 */
const MAYBE_UNSAFE = /[\\\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]/;

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/**
 * `text` with every unsafe character written as an escape: `\n`, `\r`, `\t`,
 * `\\`, `\x1b` (below U+0100), `\u202e` (BMP), `\u{e0001}` (above). Text
 * without such characters is returned as it is (the common case costs one
 * regex test).
 */
export function escapeText(text: string): string {
  return MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** For the test that MAYBE_UNSAFE covers every character escapeText escapes. */
export const ESCAPE_PATTERNS = { quick: MAYBE_UNSAFE, exact: UNSAFE } as const;

/** Several lines of text (commander's help and errors): each line escaped, the line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeText).join('\n');
}

/** Longest user text quoted in a message, in UTF-16 code units (a call name is at most ~30). */
export const MAX_QUOTED = 80;

/**
 * User text for a message: cut to `max` code units with "…" and the number
 * of characters left out, so a megabyte-long call name costs a line, not a
 * megabyte. The cut never splits a surrogate pair. Not escaped: escaping
 * happens when a line is written.
 */
export function clip(text: string, max = MAX_QUOTED): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

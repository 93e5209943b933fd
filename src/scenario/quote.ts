/**
 * User text in messages. Error messages end up in CI logs and pull-request
 * annotations; a value quoted in full could copy a whole file there (a
 * scenario that `extends: /etc/passwd`, a 4 MB scalar), so messages quote at
 * most a short prefix of any value the user wrote, and say how long it was.
 * Values are quoted with quoteText (src/escape.ts): exact, and left as they
 * are by the escapeText every output line passes through, so a control
 * character shows as `\x01` once, not JSON's `\u0001` escaped again.
 */
import { quoteText } from '../escape.js';

/** The most characters (code points) of a user's value a message quotes. */
export const QUOTE_LIMIT = 40;

/** The first `limit` code points of `text` (never half a surrogate pair), and whether it was cut. */
function prefix(text: string, limit: number): { head: string; cut: boolean; length: number } {
  // fast path: a string this short cannot have more than `limit` code points
  if (text.length <= limit) return { head: text, cut: false, length: text.length };
  const points = Array.from(text);
  return points.length <= limit ? { head: text, cut: false, length: points.length } : { head: points.slice(0, limit).join(''), cut: true, length: points.length };
}

/**
 * A value as messages quote it: `"0x20000000"`, or for a long one its
 * beginning, `"XXXX…"… (4000 characters)`.
 */
export function quoted(text: string, limit = QUOTE_LIMIT): string {
  const p = prefix(text, limit);
  return p.cut ? `${quoteText(p.head)}… (${p.length} characters)` : quoteText(text);
}

/** A name as messages show it unquoted (a call, a key): itself, or its beginning and "…" when long. */
export function clipped(text: string, limit = QUOTE_LIMIT): string {
  const p = prefix(text, limit);
  return p.cut ? `${p.head}…` : text;
}

/**
 * A file name or value the user wrote, as a message shows it inline: itself
 * (clipped) when it reads as one token, quoted() when white space at either
 * end, or at either end of a path segment, or nothing at all would hide
 * where it starts and ends (`extends: "b0.yaml "`, not `extends: b0.yaml  is
 * not …`; `cannot read "d/ b0.yaml"`).
 */
export function shownText(text: string, limit = QUOTE_LIMIT): string {
  return text === '' || /(?:^|\/)\s|\s(?:$|\/)/u.test(text) ? quoted(text, limit) : clipped(text, limit);
}

/**
 * A JSON report's text: JSON.stringify with two-space indentation and a
 * final newline, and the characters a terminal, an editor or a diff viewer
 * would act on written as `\uXXXX` escapes: C1 controls and DEL, format
 * characters (bidi embeddings, overrides and isolates, zero-width
 * characters, the BOM), the line and paragraph separators and the
 * noncharacters. JSON.stringify escapes C0 controls and lone surrogates
 * itself but writes U+202E raw, so `cat report.json` showed Trojan-Source
 * reordered text (helper-183 8). The escapes are JSON's own, so a parser
 * reads the same strings: a file name keeps its exact characters.
 */

/** A quick test (no Unicode property classes): any character below that may need an escape (see escape.ts MAYBE_UNSAFE). */
const MAYBE_SHOWN = /[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/;

/**
 * What is written as an escape: DEL and C1 controls, format and separator characters, noncharacters (astral
 * ones as a surrogate pair). Not C0: JSON.stringify escapes those inside strings, and the text's own line
 * breaks are C0.
 */
const SHOWN = /[\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/gu;

function unicodeEscape(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * `value` as a JSON report: `JSON.stringify(value, null, 2)` and a newline, with the escapes above. Only
 * inside strings can such characters occur (JSON's own syntax is ASCII), so the text stays valid JSON.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${mayShow(text) ? text.replace(SHOWN, unicodeEscape) : text}\n`;
}

/** Any character but ASCII up to `~`: a class V8 scans several times faster than MAYBE_SHOWN's ranges. */
const NOT_ASCII = /[^\x00-\x7e]/g;

/**
 * MAYBE_SHOWN.test(text), asked of the characters outside ASCII only: a
 * report is mostly ASCII (27 MB of SARIF over a 186-variant matrix held 7,513
 * other characters, every `→` and `µ`), and MAYBE_SHOWN over the whole text
 * took 113 ms where this takes 18 (measured at 0e3883b).
 */
function mayShow(text: string): boolean {
  NOT_ASCII.lastIndex = 0;
  for (let m = NOT_ASCII.exec(text); m !== null; m = NOT_ASCII.exec(text)) if (MAYBE_SHOWN.test(m[0])) return true;
  return false;
}

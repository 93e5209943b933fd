/**
 * Where a problem in a JSON report (a baseline, a shard report) is, as
 * line:col, so that exit 2 names `file:line:col` for these inputs as it does
 * for scenarios (docs/ci.md). Reports are read with JSON.parse; the text is
 * looked at again only when a problem must be located, so a good report costs
 * nothing more. Lines and columns are counted as for scenarios (UTF-16 code
 * units, text-position.ts and yaml's LineCounter).
 */
import { isNode, Lexer, LineCounter, parseDocument } from 'yaml';
import { textPosition } from '../scenario/text-position.js';
import type { Pos } from '../scenario/types.js';

const AT_POSITION = /at position (\d+)/;

/**
 * Whether JSON.parse failed on `prefix` only because it stops early: V8 says
 * "Unexpected end of JSON input", or names a position at or past its end
 * ("Unterminated string in JSON at position 3" for `"ab`). A prefix that
 * parses is viable too (`12` of `12x`).
 */
function viablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (message.startsWith('Unexpected end of JSON input')) return true;
    const m = AT_POSITION.exec(message);
    return m !== null && Number(m[1]) >= prefix.length;
  }
}

/**
 * The UTF-16 offset of the syntax error JSON.parse threw for `text`. Most
 * of V8's messages name it ("… in JSON at position 5"); "Unexpected end of
 * JSON input" is at the end; "Unexpected token 'x', …" names none, so the
 * shortest prefix that is no longer viable is found by bisection (a prefix
 * of a viable prefix is viable): its last character is the bad one. No
 * JSON parser of our own: JSON.parse decides, about log2(length) times.
 */
function syntaxErrorOffset(text: string, err: unknown): number {
  const message = err instanceof Error ? err.message : '';
  const m = AT_POSITION.exec(message);
  if (m !== null) return Math.min(Number(m[1]), text.length);
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  let lo = 0;
  let hi = text.length;
  // invariant: text[0, lo) is viable, text[0, hi) is not
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (viablePrefix(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

/** line:col of the syntax error `err` that JSON.parse threw for `text` (1:1 for an empty file). */
export function jsonSyntaxPosition(text: string, err: unknown): Pos {
  return textPosition(text, syntaxErrorOffset(text, err));
}

/**
 * Deeper than any report bootreplay writes (about 7: results, findings,
 * related…). yaml's composer recurses, and a file of millions of nested `[`
 * (which JSON.parse reads) exhausted the heap composing it.
 */
const MAX_NESTING = 64;

/** Whether `text` nests lists and mappings deeper than MAX_NESTING; yaml's lexer yields each flow indicator as a lexeme (never one inside a string), and stops being read at the first one too deep. */
function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++depth > MAX_NESTING) return true;
    } else if (lexeme === ']' || lexeme === '}') depth--;
  }
  return false;
}

/**
 * line:col of the value at `path` in a JSON text that JSON.parse accepted
 * (a zod issue path: keys and array indices). JSON is YAML 1.2, so yaml's
 * parser with a LineCounter gives each value's range, as for scenarios.
 * When the path ends at a missing key, the deepest value on it that exists
 * (the mapping that lacks the key). A text nested too deep to compose
 * (nestsTooDeep) is placed at its top value.
 */
export function jsonValuePosition(text: string, path: readonly PropertyKey[]): Pos {
  if (nestsTooDeep(text)) return textPosition(text, Math.max(0, text.search(/\S/)));
  const lines = new LineCounter();
  try {
    // uniqueKeys false: a duplicate key is not the problem here (getIn then finds the first, where JSON.parse kept the last)
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
    const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
    for (let n = keys.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
      const start = isNode(node) ? node.range?.[0] : undefined;
      if (start !== undefined) return lines.linePos(start);
    }
  } catch {
    // not expected once the nesting is bounded; a place is still better than a stack trace
  }
  return { line: 1, col: 1 };
}

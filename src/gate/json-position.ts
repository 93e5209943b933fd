/**
 * Where a problem in a JSON report (a baseline, a shard report) is, as
 * line:col, so that exit 2 names `file:line:col` for these inputs as it does
 * for scenarios (docs/ci.md). Reports are read with JSON.parse; the text is
 * looked at again only when a problem must be located, so a good report costs
 * nothing more. Lines and columns are counted as for scenarios (UTF-16 code
 * units, text-position.ts and yaml's LineCounter).
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
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
 * Deeper than any report bootreplay writes (7: results, findings, fix,
 * edits, …), and the max-depth of a scenario. jsonc-parser recurses per
 * level, and so do JSON.stringify and zod: a report of thousands of nested
 * `[` (which JSON.parse reads) would exhaust the stack of each.
 */
export const MAX_REPORT_NESTING = 64;

/**
 * The UTF-16 offset of the first `[` or `{` that nests deeper than
 * MAX_REPORT_NESTING, or -1: one pass over the characters, skipping
 * strings (a bracket inside one is text), stopping there.
 */
export function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_REPORT_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * Why a JSON report nests too deep to be read, located at the first bracket
 * past the limit, or undefined: checked before JSON.parse, so nothing that
 * recurses ever sees such a text.
 */
export function reportNestingProblem(text: string): { message: string; pos: Pos } | undefined {
  const at = tooDeepAt(text);
  if (at < 0) return undefined;
  return {
    message: `nested deeper than ${MAX_REPORT_NESTING} levels of lists and mappings; a report of run --format json nests 7`,
    pos: textPosition(text, at),
  };
}

/**
 * The value of `key` in an object node of jsonc-parser's tree: the last
 * property of that name, as JSON.parse keeps the last of duplicate keys.
 */
function propertyValue(node: JsonNode, key: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.value === key) found = value;
  }
  return found;
}

/** The node at `key` below `node`, or undefined where the path leaves the tree. */
function child(node: JsonNode, key: string | number): JsonNode | undefined {
  if (node.type === 'object') return propertyValue(node, String(key));
  if (node.type === 'array' && typeof key === 'number') return node.children?.[key];
  return undefined;
}

/**
 * line:col of the value at `path` in a JSON text that JSON.parse accepted
 * (a zod issue path: keys and array indices), through jsonc-parser's tree
 * (Microsoft's, VS Code's JSON parser: node offsets in one linear pass; yaml
 * composing the same text took 12 s and 2 GB for 6.6 MB). When the path ends
 * at a missing key, the deepest value on it that exists (the mapping that
 * lacks the key). A text nested too deep (tooDeepAt) is placed at its top
 * value. Offsets become line:col as for scenarios (textPosition: CRLF, a
 * lone CR and LF end a line).
 */
export function jsonValuePosition(text: string, path: readonly PropertyKey[]): Pos {
  const top = Math.max(0, text.search(/\S/));
  if (tooDeepAt(text) >= 0) return textPosition(text, top);
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  let node = root;
  for (const key of path) {
    if (node === undefined || typeof key === 'symbol') break;
    const next = child(node, key);
    if (next === undefined) break;
    node = next;
  }
  return textPosition(text, node?.offset ?? top);
}

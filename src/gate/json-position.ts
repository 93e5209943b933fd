/**
 * Where a problem in a JSON report (a baseline, a shard report) is, as
 * line:col, so that exit 2 names `file:line:col` for these inputs as it does
 * for scenarios (docs/ci.md). Reports are read with JSON.parse; the text is
 * looked at again only when a problem must be located, so a good report costs
 * nothing more. Every look is one linear pass or a few, in bounded memory: a
 * report may be up to max-report-bytes (review 16a, 2.4: a tree of the whole
 * text to place one error ran V8 out of heap). Lines and columns are counted
 * as for scenarios (UTF-16 code units, text-position.ts and yaml's LineCounter).
 */
import { createScanner, visit, type JSONScanner } from 'jsonc-parser';
import { textPosition } from '../scenario/text-position.js';
import { limitMessage, REPORT_LIMITS } from '../scenario/limits.js';
import type { Pos } from '../scenario/types.js';

const AT_POSITION = /at position (\d+)/;
/** V8's "Unexpected token 'x', …": the character (one UTF-16 code unit, or a surrogate pair) */
const UNEXPECTED_TOKEN = /^Unexpected token '([\s\S])'/u;

/** jsonc-parser's parse options for strict JSON, as JSON.parse reads it. */
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** Thrown by a visitor to stop jsonc-parser's visit() at the first error. */
const STOP = Symbol('stop');

/**
 * The UTF-16 offset of the first syntax error of `text`, by jsonc-parser's
 * visit() (Microsoft's, VS Code's JSON parser; comments and trailing commas
 * refused, as JSON.parse refuses them), stopped there: one linear pass. 0
 * when it finds none (it reads JSON as JSON.parse does, so never for a text
 * JSON.parse refused).
 */
function firstSyntaxError(text: string): number {
  let at = 0;
  try {
    visit(text, {
      onError: (_error, offset) => {
        at = offset;
        throw STOP;
      },
    }, STRICT);
  } catch (err) {
    if (err !== STOP) throw err;
  }
  return at;
}

/**
 * The UTF-16 offset of the syntax error JSON.parse threw for `text`. Most
 * of V8's messages name it ("… in JSON at position 5"); "Unexpected end of
 * JSON input" is at the end; "Unexpected token 'x', …" names none, so the
 * first error jsonc-parser meets is taken (the start of the bad token), or
 * the first `x` from there on.
 */
function syntaxErrorOffset(text: string, err: unknown): number {
  const message = err instanceof Error ? err.message : '';
  const m = AT_POSITION.exec(message);
  if (m !== null) return Math.min(Number(m[1]), text.length);
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  const at = Math.min(firstSyntaxError(text), text.length);
  // V8 names the character it stopped at, which may lie further in the bad token (`]` of `[tru]`)
  const named = UNEXPECTED_TOKEN.exec(message)?.[1];
  const there = named === undefined ? -1 : text.indexOf(named, at);
  return there >= 0 ? there : at;
}

/** line:col of the syntax error `err` that JSON.parse threw for `text` (1:1 for an empty file). */
export function jsonSyntaxPosition(text: string, err: unknown): Pos {
  return textPosition(text, syntaxErrorOffset(text, err));
}

/**
 * Deeper than any report bootreplay writes (7: results, findings, fix,
 * edits, …), and the max-depth of a scenario. JSON.stringify and zod
 * recurse per level, and so does jsonc-parser's visit(): a report of
 * thousands of nested `[` (which JSON.parse reads) would exhaust the stack
 * of each.
 */
export const MAX_REPORT_NESTING = REPORT_LIMITS.maxReportDepth;

/** What one pass over a report's text found before JSON.parse: where it nests too deep, where it holds too many values. */
interface TextShape {
  /** the UTF-16 offset of the first `[` or `{` deeper than MAX_REPORT_NESTING, or -1 */
  readonly deepAt: number;
  /** the UTF-16 offset of the value past `maxValues`, or -1 */
  readonly manyAt: number;
  /** the values counted (up to the first limit reached) */
  readonly values: number;
}

/** JSON's whitespace (RFC 8259): what lies between tokens. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * One pass over the characters, skipping strings (a bracket or comma inside
 * one is text), stopping at the first limit reached: the nesting of lists
 * and mappings, and the number of values. The values are counted as the
 * items of each list and mapping (a comma adds one, the first non-space
 * character after an opening bracket that does not close it another) plus
 * the top value: for a text JSON.parse accepts, the values it builds, keys
 * not counted. No tokens are built.
 */
export function textShape(text: string, maxValues: number = REPORT_LIMITS.maxReportValues): TextShape {
  let depth = 0;
  let values = 1;
  let inString = false;
  // just after an opening bracket: the next token is the container's first item, or its end
  let opened = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (isSpace(c)) continue;
    if (opened) {
      opened = false;
      if (c !== 0x5d && c !== 0x7d && ++values > maxValues) return { deepAt: -1, manyAt: i, values };
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_REPORT_NESTING) return { deepAt: i, manyAt: -1, values };
      opened = true;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++values > maxValues) return { deepAt: -1, manyAt: nextToken(text, i + 1), values };
  }
  return { deepAt: -1, manyAt: -1, values };
}

/** The offset of the first non-space character at or after `from` (the text's length if none). */
function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Why a JSON report cannot be read, located, or undefined: nested deeper
 * than MAX_REPORT_NESTING (at the first bracket past it), or more values
 * than max-report-values (at the first value past it). Checked in one pass
 * before JSON.parse, so nothing that recurses ever sees a text nested so
 * deep, and JSON.parse never builds more values than run writes.
 * @param maxValues max-report-values (tests pass smaller ones)
 */
export function reportTextProblem(text: string, maxValues: number = REPORT_LIMITS.maxReportValues): { message: string; pos: Pos } | undefined {
  const shape = textShape(text, maxValues);
  if (shape.deepAt >= 0) {
    return {
      message: `nested deeper than ${MAX_REPORT_NESTING} levels of lists and mappings; a report of run --format json nests 7`,
      pos: textPosition(text, shape.deepAt),
    };
  }
  if (shape.manyAt >= 0) {
    return {
      message: limitMessage('max-report-values', maxValues, 'too many JSON values'),
      pos: textPosition(text, shape.manyAt),
    };
  }
  return undefined;
}

// jsonc-parser's SyntaxKind, a const enum its typings declare (isolated modules cannot read one)
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const STRING = 10;
const EOF = 17;

/** Scans past the value whose first token `scanner` is at; leaves it at the value's last token. */
function skipValue(scanner: JSONScanner, first: number): void {
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return;
  let depth = 1;
  while (depth > 0) {
    const t = scanner.scan();
    if (t === OPEN_BRACE || t === OPEN_BRACKET) depth++;
    else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) depth--;
    else if (t === EOF) return;
  }
}

/**
 * The offset of the value at `key` in the list or mapping whose first token
 * starts at `start`, or undefined when it has none (or is neither). In a
 * mapping, the last member of that name, as JSON.parse keeps the last of
 * duplicate keys: the mapping is scanned to its end; in a list, scanning
 * stops at the item. Its members' values are skipped token by token, with
 * no tree built.
 */
function childOffset(text: string, start: number, key: string | number): number | undefined {
  const scanner = createScanner(text, true);
  scanner.setPosition(start);
  const open = scanner.scan();
  if (open === OPEN_BRACKET) {
    if (typeof key !== 'number') return undefined;
    for (let index = 0; ; index++) {
      let t = scanner.scan();
      if (t === CLOSE_BRACKET || t === EOF) return undefined;
      if (index > 0) {
        if (t !== COMMA) return undefined;
        t = scanner.scan();
      }
      if (index === key) return scanner.getTokenOffset();
      skipValue(scanner, t);
    }
  }
  if (open !== OPEN_BRACE) return undefined;
  const name = String(key);
  let found: number | undefined;
  for (let t = scanner.scan(); t !== CLOSE_BRACE && t !== EOF; t = scanner.scan()) {
    if (t === COMMA) continue;
    if (t !== STRING) return found;
    const isKey = scanner.getTokenValue() === name;
    scanner.scan(); // the colon
    const first = scanner.scan();
    if (isKey) found = scanner.getTokenOffset();
    skipValue(scanner, first);
  }
  return found;
}

/**
 * line:col of the value at `path` in a JSON text that JSON.parse accepted
 * (a zod issue path: keys and array indices), walked down level by level
 * with jsonc-parser's scanner: each level scans its list or mapping once,
 * so a path of d keys costs at most d passes over the text, in constant
 * memory (a tree of the text took 2.25 GB for 30 MB). When the path ends at
 * a missing key, the deepest value on it that exists (the mapping that
 * lacks the key). Offsets become line:col as for scenarios (textPosition:
 * CRLF, a lone CR and LF end a line).
 */
export function jsonValuePosition(text: string, path: readonly PropertyKey[]): Pos {
  return textPosition(text, valueOffset(text, path).offset);
}

/** The offset of the value at `path` (jsonValuePosition), and whether the whole path led there. */
function valueOffset(text: string, path: readonly PropertyKey[]): { offset: number; found: boolean } {
  let offset = Math.max(0, text.search(/\S/));
  for (const key of path) {
    if (typeof key === 'symbol') return { offset, found: false };
    const next = childOffset(text, offset, key);
    if (next === undefined) return { offset, found: false };
    offset = next;
  }
  return { offset, found: true };
}

/**
 * The text of the scalar at `path` as the report writes it (`1e999`, where
 * JSON.parse gives Infinity and JSON.stringify null), or undefined when the
 * path leads to no value or to a list or mapping.
 */
export function jsonScalarSource(text: string, path: readonly PropertyKey[]): string | undefined {
  const { offset, found } = valueOffset(text, path);
  if (!found) return undefined;
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  const t = scanner.scan();
  if (t === OPEN_BRACE || t === OPEN_BRACKET || t === EOF) return undefined;
  return text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
}

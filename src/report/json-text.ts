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
import { lazyPattern } from '../escape.js';

/** A quick test (no Unicode property classes): any character below that may need an escape (see escape.ts MAYBE_UNSAFE). */
const MAYBE_SHOWN = /[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/;

/**
 * What is written as an escape: DEL and C1 controls, format and separator characters, noncharacters (astral
 * ones as a surrogate pair). Not C0: JSON.stringify escapes those inside strings, and the text's own line
 * breaks are C0.
 */
const SHOWN = lazyPattern(() => /[\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/gu);

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
  return `${shown(JSON.stringify(value, null, 2))}\n`;
}

/** `text` with the characters above written as escapes. */
function shown(text: string): string {
  return mayShow(text) ? text.replace(SHOWN(), unicodeEscape) : text;
}

/**
 * An array of a JSON report that jsonChunks writes one element at a time: `count` elements, the i-th
 * made by `item(i)` only when the text reaches it. JSON.stringify, and so jsonText, writes it as the
 * array it stands for (toJSON), every element made first.
 *
 * Why: a report of thousands of results (a 25 MB SARIF log of 2,048 findings with their code flows)
 * held every result object, JSON.stringify's pieces of the text and the text made flat, about 100 MB of
 * strings in UTF-16 (one `→` makes a string two bytes a character); on a machine where first touching a
 * page is slow, that was most of the report's cost.
 */
export class JsonSequence {
  constructor(readonly count: number, readonly item: (index: number) => unknown) {}

  toJSON(): unknown[] {
    return Array.from({ length: this.count }, (_, i) => this.item(i));
  }
}

/**
 * The text of jsonText(value), in pieces made as they are asked for: each JsonSequence that `value`
 * holds (within its first four levels of objects and arrays) is written an element at a time, each
 * element as JSON.stringify writes it (a JsonSequence deeper inside an element through its toJSON) but one that
 * is or directly holds a JsonSequence, which is walked to it likewise; everything else as jsonText writes it. Each piece is whole lines
 * (it ends with a line break), so a line-wise rewrite (withoutRunnerCommands) reads it as it reads the
 * whole text. The pieces joined are exactly jsonText(value).
 */
export function* jsonChunks(value: unknown): Generator<string, void, undefined> {
  for (const chunk of chunksOf(value, '', '', '')) yield typeof chunk === 'string' ? shown(chunk) : chunk.shown;
}

/**
 * Values whose text never changes (constantJson): the SARIF log's rule descriptors, made once a process and
 * written into every log, 24 KB of its 40 KB on average over the fuzz's reports.
 */
const constant = new WeakSet<object>();
/** Each constant value's pieces as an element of a JsonSequence, by nesting level and comma: shown already. */
const elementPieces = new WeakMap<object, Map<number, { readonly shown: string }>>();

/**
 * Marks `value` as never changing (nor anything it holds), so that jsonChunks writes it, as an element of a
 * JsonSequence, from the piece it made the first time: the same text, made once.
 */
export function constantJson<T extends object>(value: T): T {
  constant.add(value);
  return value;
}

/** How deep below a container jsonChunks looks for a JsonSequence to walk to (the SARIF log's results are at 3). */
const SEQUENCE_DEPTH = 4;

/**
 * The pieces of one value written at `indent`: `head` starts its first line (the indentation and the
 * key, if any), `tail` ends its last (`,` between elements).
 */
function* chunksOf(value: unknown, indent: string, head: string, tail: string): Generator<string | { readonly shown: string }, void, undefined> {
  const inner = `${indent}  `;
  if (value instanceof JsonSequence) {
    if (value.count === 0) {
      yield `${head}[]${tail}\n`;
      return;
    }
    yield `${head}[\n`;
    for (let i = 0; i < value.count; i++) {
      const item = value.item(i);
      const more = i < value.count - 1 ? ',' : '';
      // an element that is or directly holds a sequence (a JSON result's findings, when many) is walked to it;
      // any other whole, not searched deeper (a SARIF result's tree, walked again for nothing)
      if (holdsSequence(item, 1)) yield* chunksOf(item, inner, inner, more);
      else if (typeof item === 'object' && item !== null && constant.has(item)) yield constantElement(item, inner, more);
      else yield wholeChunk(item, inner, inner, more);
    }
    yield `${indent}]${tail}\n`;
    return;
  }
  if (!holdsSequence(value, SEQUENCE_DEPTH)) {
    yield wholeChunk(value, indent, head, tail);
    return;
  }
  const open = Array.isArray(value) ? '[' : '{';
  const close = Array.isArray(value) ? ']' : '}';
  const record = value as Record<string, unknown>;
  // an object leaves out what JSON has no text for; an array writes it as null (chunksOf above)
  const keys = Array.isArray(value) ? Array.from({ length: value.length }, (_, i) => String(i)) : Object.keys(record).filter((k) => hasJsonText(record[k]));
  if (keys.length === 0) {
    yield `${head}${open}${close}${tail}\n`;
    return;
  }
  yield `${head}${open}\n`;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    yield* chunksOf(record[key], inner, Array.isArray(value) ? inner : `${inner}${JSON.stringify(key)}: `, i < keys.length - 1 ? ',' : '');
  }
  yield `${indent}${close}${tail}\n`;
}

/** wholeChunk(value, indent, indent, more) shown, for a constant value: made the first time, kept with the value. */
function constantElement(value: object, indent: string, more: string): { readonly shown: string } {
  let pieces = elementPieces.get(value);
  if (pieces === undefined) {
    pieces = new Map();
    elementPieces.set(value, pieces);
  }
  const key = indent.length * 2 + (more === '' ? 0 : 1);
  let piece = pieces.get(key);
  if (piece === undefined) {
    piece = { shown: shown(wholeChunk(value, indent, indent, more)) };
    pieces.set(key, piece);
  }
  return piece;
}

/** `value` as JSON.stringify writes it at `indent`, as one piece (what JSON has no text for is null, as in an array). */
function wholeChunk(value: unknown, indent: string, head: string, tail: string): string {
  if (!/^(?: {2})*$/.test(indent)) {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    return `${head}${text.replaceAll('\n', `\n${indent}`)}${tail}\n`;
  }
  // an array's element (each result of a report): the piece is one slice of JSON.stringify's text, not joined
  if (head === indent && indent !== '' && (tail === '' || tail === ',')) return elementJson(value, indent.length / 2, tail === ',');
  return `${head}${nestedJson(value, indent.length / 2)}${tail}\n`;
}

/**
 * wholeChunk of an element of an array `levels` deep (at least 1): its indentation, its text as nestedJson writes
 * it, `,` when `more` elements follow, and a line break, as one slice of JSON.stringify's text: the element inside
 * `levels` arrays, the innermost with a `null` after it when `more`. Why: the piece joined from its parts was a
 * text made of three, copied whole (7 MB) when it was first searched (mayShow) and written; a slice of a flat text
 * is searched and written as it is. The text before the element is the arrays' openings, levels × (levels + 1)
 * characters (nestedJson); after it, their closings as many, and with `more` the `null`'s line before them: a line
 * break (kept), 2 × levels spaces and `null`.
 */
function elementJson(value: unknown, levels: number, more: boolean): string {
  let wrapped: unknown = more ? [value, null] : [value];
  for (let i = 1; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const brackets = levels * (levels + 1);
  return text.slice(brackets, more ? text.length - brackets - 2 * levels - 4 : text.length - brackets + 1);
}

/**
 * JSON.stringify(value, null, 2) with every line after the first indented by `levels` × 2 spaces (what JSON has no
 * text for is null, as in an array): `value` written inside `levels` arrays, as JSON.stringify indents an element,
 * and their brackets sliced off. Why: one result of a report is one piece (7 MB for 2,040 arm64 paging_init calls),
 * and indenting its text afterwards (replaceAll) copied all of it once more. Each array opens with `[`, a line break
 * and the next level's indentation, and closes with a line break, its own indentation and `]`: level k (from 0)
 * takes 2k + 2 characters each way, and the value starts after 2 × levels spaces.
 */
function nestedJson(value: unknown, levels: number): string {
  if (levels === 0) return JSON.stringify(value, null, 2) ?? 'null';
  let wrapped: unknown = value;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const brackets = levels * (levels + 1);
  return text.slice(brackets + 2 * levels, text.length - brackets);
}

/** Whether JSON.stringify writes a property with this value (it leaves out undefined, functions and symbols). */
function hasJsonText(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Whether `value` is a JsonSequence or a plain object or array holding one within `depth` levels. */
function holdsSequence(value: unknown, depth: number): boolean {
  if (value instanceof JsonSequence) return true;
  if (depth === 0 || typeof value !== 'object' || value === null || 'toJSON' in value) return false;
  for (const v of Object.values(value)) if (holdsSequence(v, depth - 1)) return true;
  return false;
}

/**
 * Any character but ASCII up to `~` and the six others of bootreplay's own messages (`×`, `–`, `—`, `…`, `→`,
 * `⇒`, none of which MAYBE_SHOWN matches): a class V8 scans several times faster than MAYBE_SHOWN's ranges. The
 * six are left out because every code-flow message holds one, and each match was a match array and a test more.
 */
const NOT_ASCII = /[^\x00-\x7e\xd7\u2013\u2014\u2026\u2192\u21d2]/g;

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

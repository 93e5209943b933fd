/**
 * Positions of problems found in a file's text before YAML parses it (a NUL,
 * bytes that are not UTF-8), counted the way the loader counts every other
 * position, so that all of a file's problems agree: lines end at LF, CRLF or
 * a lone CR (layer.ts normalizes a lone CR to LF before yaml sees it), and
 * columns are UTF-16 code units from the line's start, plus one, as yaml's
 * LineCounter gives them (an astral character counts two, as in an editor
 * that reports JavaScript offsets). A leading byte order mark is not counted,
 * as the decoder drops it.
 */
import type { Pos } from './types.js';

/**
 * The 1-based line:col of a UTF-16 offset into `text` (BOM already removed).
 * Linear in `offset`; called once per file, for its first bad character.
 */
export function textPosition(text: string, offset: number): Pos {
  let line = 1;
  let start = 0;
  const breaks = /\r\n|\r|\n/g;
  for (let m = breaks.exec(text); m !== null && m.index < offset; m = breaks.exec(text)) {
    line += 1;
    start = m.index + m[0].length;
  }
  return { line, col: Math.max(0, offset - start) + 1 };
}

const REPLACEMENT = '\ufffd';

/** Whether the bytes at `at` are U+FFFD's own encoding (EF BF BD): a replacement character written in the file. */
function isWrittenReplacement(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd;
}

/**
 * Where the first byte that is not UTF-8 is, as line:col of the text before
 * it; undefined when the bytes are valid UTF-8. The WHATWG decoder (the one
 * decodeText uses) decodes a valid prefix the same with or without `fatal`
 * and turns the first bad sequence into U+FFFD, so the first U+FFFD that the
 * file did not itself spell as EF BF BD is that place; no hand-written UTF-8
 * validator is needed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): Pos | undefined {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // bytes of text[0, prev) in the file, grown one stretch at a time (a file of many written U+FFFD stays linear)
  let byteAt = bom;
  let prev = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) {
    byteAt += Buffer.byteLength(text.slice(prev, i));
    if (!isWrittenReplacement(bytes, byteAt)) return textPosition(text, i);
    byteAt += 3;
    prev = i + 1;
  }
  return undefined;
}

/**
 * A key written twice in one mapping of a JSON text: JSON.parse keeps the last value without a word, so a
 * reviewer of a committed baseline or shard report reads the first while bootreplay uses the last (break-255
 * N3). The YAML loader refuses a duplicate key; the JSON reports bootreplay reads back refuse one too.
 */
import { textPosition } from '../scenario/text-position.js';

/** The first key written again in its mapping: its place (UTF-16 offsets) and the path to it. */
export interface DuplicateKey {
  /** keys and list indices from the top value down to the key repeated (the key last) */
  readonly path: readonly (string | number)[];
  /** offset of the repeated key's opening quote */
  readonly at: number;
  /** offset of the opening quote of its first writing */
  readonly first: number;
}

/** One open list or mapping of the scan. */
interface Frame {
  /** a mapping's keys seen so far → the offset of each; undefined for a list */
  readonly keys: Map<string, number> | undefined;
  /** a mapping: the next string is a key */
  expectKey: boolean;
  /** the key or index of the value being read in it */
  key: string | number;
}

/**
 * The first key a mapping of `text` has twice, or undefined: one pass, linear in the text's length (each key's
 * text is read once and kept in its mapping's map until the mapping closes). Keys compare as JSON.parse reads them
 * (`"a"` and `"\u0061"` are one key).
 * @param text a text JSON.parse accepted, its nesting bounded (textShape: the frames are at most that deep)
 */
export function duplicateKey(text: string): DuplicateKey | undefined {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          escaped = true;
          i++;
        }
      }
      if (top?.keys === undefined || !top.expectKey) continue;
      top.expectKey = false;
      const raw = text.slice(start, i + 1);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const first = top.keys.get(key);
      if (first !== undefined) return { path: [...frames.map((f) => f.key).slice(0, -1), key], at: start, first };
      top.keys.set(key, start);
      top.key = key;
    } else if (c === 0x7b || c === 0x5b) {
      frames.push({ keys: c === 0x7b ? new Map() : undefined, expectKey: c === 0x7b, key: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
    } else if (c === 0x2c && top !== undefined) {
      if (top.keys === undefined) top.key = (top.key as number) + 1;
      else top.expectKey = true;
    }
  }
  return undefined;
}

/**
 * The first key written twice in `text` as a problem: where its second writing is (line:col) and what is wrong
 * ("results.0.findings.1.state: the key is written twice in this mapping, first at 12:7 (…)"), or undefined.
 * Shared by merge's shard reports and --baseline, which each add what the file should be.
 */
export function duplicateKeyProblem(text: string): { readonly line: number; readonly col: number; readonly message: string } | undefined {
  const twice = duplicateKey(text);
  if (twice === undefined) return undefined;
  const at = textPosition(text, twice.at);
  const first = textPosition(text, twice.first);
  return {
    line: at.line, col: at.col,
    message: `${twice.path.map(String).join('.')}: the key is written twice in this mapping, first at ${first.line}:${first.col} (JSON.parse keeps the last value, a reader sees the first)`,
  };
}

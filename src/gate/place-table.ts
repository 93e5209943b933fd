/**
 * The copies of one entry in the variants of a file, found by the entry's place: what fileUnmet and
 * unusedUnion (gate.ts) ask of every variant for every entry.
 */
import type { Expectation } from '../scenario/types.js';
import type { GatedResult } from './types.js';

/**
 * An entry's place in its file, as fileUnmet and unusedUnion tell an entry's copies in the variants apart:
 * "line:col" for the file itself, "line:col:file" for a base it extends (numbers hold no colon, so the two forms
 * never meet). A string made per lookup: a JSON array per call was most of a gate's time.
 */
export function placeKey(e: Expectation): string {
  return e.pos.file === undefined ? `${e.pos.line}:${e.pos.col}` : `${e.pos.line}:${e.pos.col}:${e.pos.file}`;
}

/** Each variant's copy of one entry: `column[i]` is the first entry of `mates[i]`'s list at the place, or undefined. */
export type PlaceColumn<T> = readonly (T | undefined)[];

/** Which list of a result the table reads: its unmet `expect:` entries, or its unused `allow:` entries. */
type ListOf<T> = (m: GatedResult) => readonly T[];

/** A file's results (`mates`) → place → column, per list (unmet, unused). Results are never changed (readonly). */
const UNMET = new WeakMap<readonly GatedResult[], Map<string, PlaceColumn<GatedResult['unmet'][number]>>>();
const UNUSED = new WeakMap<readonly GatedResult[], Map<string, PlaceColumn<GatedResult['unusedAllows'][number]>>>();

/** No variant has an entry at the place: every index reads undefined. */
const NONE: PlaceColumn<never> = [];

/**
 * The columns of one list over a file's results, built in one walk over every variant's entries. Why: looked up
 * per variant and entry (a map per list, by place), matrix-unmet-expect's 512 variants × 128 entries made about
 * 390,000 lookups (a weak-map and a string-keyed map each, 0.27 s); each entry is now looked up once per variant.
 */
function columnsOf<T extends Expectation>(cache: WeakMap<readonly GatedResult[], Map<string, PlaceColumn<T>>>, mates: readonly GatedResult[], listOf: ListOf<T>): Map<string, PlaceColumn<T>> {
  let table = cache.get(mates);
  if (table === undefined) {
    const building = new Map<string, (T | undefined)[]>();
    for (let i = 0; i < mates.length; i++) {
      const m = mates[i];
      if (m === undefined) continue;
      for (const x of listOf(m)) {
        const k = placeKey(x);
        let column = building.get(k);
        if (column === undefined) {
          column = new Array<T | undefined>(mates.length).fill(undefined);
          building.set(k, column);
        }
        // the first entry of a list at the place, as `list.find` gives
        if (column[i] === undefined) column[i] = x;
      }
    }
    table = building;
    cache.set(mates, table);
  }
  return table;
}

/** The unmet `expect:` entry at place `key` (placeKey) of each of a file's results `mates`, by index. */
export function unmetAt(mates: readonly GatedResult[], key: string): PlaceColumn<GatedResult['unmet'][number]> {
  return columnsOf(UNMET, mates, (m) => m.unmet).get(key) ?? NONE;
}

/** The unused `allow:` entry at place `key` (placeKey) of each of a file's results `mates`, by index. */
export function unusedAt(mates: readonly GatedResult[], key: string): PlaceColumn<GatedResult['unusedAllows'][number]> {
  return columnsOf(UNUSED, mates, (m) => m.unusedAllows).get(key) ?? NONE;
}

/**
 * Did-you-mean for scenario keys, call names, enum values and kernel versions.
 * Typos in these are single slips (a dropped, doubled or swapped letter), so
 * an edit distance that counts a transposition as one edit finds them.
 */

/** Three rows of the distance table, reused: suggest() compares thousands of words per file. */
let rows3 = new Int32Array(3 * 64);

/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
 * With `max`, any distance above it is returned as max + 1, as soon as two consecutive rows of the
 * table are all above it: every later cell comes from those two rows (the transposition reaches
 * back two) or from its left neighbour, and a row's first cell is its index, so none can come back
 * down. (10,000 different unknown call names, each compared with the catalog's close spellings,
 * spent a quarter of their run here.)
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const cols = b.length + 1;
  if (rows3.length < 3 * cols) rows3 = new Int32Array(3 * cols);
  const d = rows3;
  // rows (i - 2), (i - 1) and i of the table, at offsets p2, p1 and cur
  let p2 = 0;
  let p1 = cols;
  let cur = 2 * cols;
  for (let j = 0; j < cols; j++) d[p1 + j] = j;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    d[cur] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let best = Math.min((d[p1 + j] as number) + 1, (d[cur + j - 1] as number) + 1, (d[p1 + j - 1] as number) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) best = Math.min(best, (d[p2 + j - 2] as number) + 1);
      d[cur + j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max && previousMin > max) return max + 1;
    previousMin = rowMin;
    [p2, p1, cur] = [p1, cur, p2];
  }
  const distance = d[p1 + cols - 1] as number;
  return distance > max ? max + 1 : distance;
}

/**
 * How many edits still look like a typo of a word this long: one for short
 * words (so "efi" does not suggest "acpi"), about a third of the letters for
 * long ones ("dmi_scan_machin" is one edit, "dmi_scan" is not a typo).
 */
function threshold(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/** Letter counts in 64 buckets (code point mod 64): a cheap lower bound on the edit distance between two words. */
function histogram(word: string, into: Int32Array, at: number): void {
  for (let i = 0; i < word.length; i++) into[at + (word.charCodeAt(i) & 63)] = (into[at + (word.charCodeAt(i) & 63)] ?? 0) + 1;
}

interface Prepared {
  readonly lower: readonly string[];
  /** 64 counts per choice */
  readonly counts: Int32Array;
  readonly longest: number;
  /** word → suggestion and the table cells finding it cost, so each distinct word is compared once */
  readonly memo: Map<string, { readonly guess: string | undefined; readonly cells: number }>;
}

/**
 * The longest word (and choice) compared, in UTF-16 units: no catalog name
 * is longer than about 40, and a longer word gets no suggestion. A pair of
 * anagrams of 1,000 letters passes the length and letter-count rejects and
 * fills most of a 1,000 × 1,000 table (review 17b, 2.3).
 */
export const MAX_COMPARED_LENGTH = 64;

/**
 * Distance-table cells the suggestions of one scenario file may fill
 * (newSuggestBudget, at the start of each file's composition): about 30 ms.
 * Past it nothing more is suggested for the file; a file of 2,048 unknown
 * names against the catalog fills well under a tenth of it.
 */
export const SUGGEST_CELLS_PER_FILE = 10_000_000;

let cellsLeft = SUGGEST_CELLS_PER_FILE;

/**
 * A new budget of SUGGEST_CELLS_PER_FILE cells: called when a scenario file starts composing (composeScenario).
 * @param cells what is left of the file's budget instead, when its composition goes on from what it had read
 *   (composeScenario's resume: suggestBudgetLeft() at that point)
 */
export function newSuggestBudget(cells = SUGGEST_CELLS_PER_FILE): void {
  cellsLeft = cells;
}

/** The cells left of the current file's budget (newSuggestBudget). */
export function suggestBudgetLeft(): number {
  return cellsLeft;
}

/**
 * Per list of choices: lowercased forms, letter counts, and the answers so
 * far. Looked up by the array itself (the lists are mostly module constants),
 * else by its contents, so a caller that builds the same list anew each time
 * (the keys of a mapping) still shares one entry.
 */
const PREPARED = new WeakMap<readonly string[], Prepared>();
const PREPARED_BY_TEXT = new Map<string, Prepared>();

function prepare(choices: readonly string[]): Prepared {
  let p = PREPARED.get(choices);
  if (p !== undefined) return p;
  // the count first: [] and [""] (an axis whose only value is empty) join to the same text
  const text = `${choices.length}\u0000${choices.join('\u0000')}`;
  p = PREPARED_BY_TEXT.get(text);
  if (p === undefined) {
    // a choice longer than any word compared is never suggested: left empty, it is skipped as "" is
    const lower = choices.map((c) => (c.length > MAX_COMPARED_LENGTH ? '' : c.toLowerCase()));
    const counts = new Int32Array(64 * lower.length);
    lower.forEach((c, i) => histogram(c, counts, 64 * i));
    p = { lower, counts, longest: Math.max(0, ...lower.map((c) => c.length)), memo: new Map() };
    PREPARED_BY_TEXT.set(text, p);
  }
  PREPARED.set(choices, p);
  return p;
}

/** Memo entries kept per list of choices: enough for every distinct name of a file at the limits. */
const MEMO_LIMIT = 20_000;

/**
 * The closest choice to `word`, compared case-insensitively, if it is close
 * enough to be a likely typo; undefined otherwise. Ties go to the earlier
 * choice, so callers control the preference by ordering the choices.
 *
 * Cost: each distinct word is compared once per list of choices (memoized);
 * a comparison is skipped when the length difference or the letter counts
 * already need more edits than the threshold, so a file of 10,000 different
 * unknown names costs milliseconds, not seconds. Words longer than any choice
 * by more than the threshold are not compared at all, nor are words and
 * choices longer than MAX_COMPARED_LENGTH. The tables a file's suggestions
 * fill are bounded (SUGGEST_CELLS_PER_FILE, counted as length × length per
 * comparison, memoized answers charged what they cost, so the answer does
 * not depend on what other files were loaded first): past it, undefined.
 */
export function suggest(word: string, choices: readonly string[]): string | undefined {
  const p = prepare(choices);
  const known = p.memo.get(word);
  if (known !== undefined) {
    if (known.cells > cellsLeft) {
      // as the comparisons themselves would have run out
      cellsLeft = 0;
      return undefined;
    }
    cellsLeft -= known.cells;
    return known.guess;
  }
  const w = word.toLowerCase();
  const limit = threshold(w.length);
  let best: string | undefined;
  let cells = 0;
  if (w.length <= MAX_COMPARED_LENGTH && w.length <= p.longest + limit) {
    const own = new Int32Array(64);
    histogram(w, own, 0);
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i] as string;
      const lower = p.lower[i] as string;
      // an empty choice is no spelling to suggest ("did you mean ?"), nor one too long to compare (prepare)
      if (choice === word || lower === '') continue;
      // Cheap rejects: the length difference, then half the letter-count difference, bound the distance from below.
      if (Math.abs(lower.length - w.length) > limit) continue;
      let diff = 0;
      for (let k = 0; k < 64; k++) diff += Math.abs((own[k] ?? 0) - (p.counts[64 * i + k] ?? 0));
      if (Math.ceil(diff / 2) > limit) continue;
      cells += w.length * lower.length;
      if (cells > cellsLeft) {
        // out of this file's budget: no answer, and none remembered (another file has its own)
        cellsLeft = 0;
        return undefined;
      }
      // only a distance below the best so far can win (ties go to the earlier choice)
      const distance = editDistance(w, lower, Math.min(limit, bestDistance - 1));
      if (distance <= limit && distance < bestDistance) {
        best = choice;
        bestDistance = distance;
      }
    }
  }
  cellsLeft -= cells;
  if (p.memo.size < MEMO_LIMIT) p.memo.set(word, { guess: best, cells });
  return best;
}

/** " (did you mean X?)" or "", for appending to what a message says is wrong, as the loader's messages write it. */
export function didYouMean(word: string, choices: readonly string[]): string {
  const s = suggest(word, choices);
  return s === undefined ? '' : ` (did you mean ${s}?)`;
}

/**
 * Did-you-mean for scenario keys, call names, enum values and kernel versions.
 * Typos in these are single slips (a dropped, doubled or swapped letter), so
 * an edit distance that counts a transposition as one edit finds them.
 */

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // d[i * cols + j] = distance between a[0, i) and b[0, j)
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * How many edits still look like a typo of a word this long: one for short
 * words (so "efi" does not suggest "acpi"), about a third of the letters for
 * long ones ("dmi_scan_machin" is one edit, "dmi_scan" is not a typo).
 */
function threshold(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The closest choice to `word`, compared case-insensitively, if it is close
 * enough to be a likely typo; undefined otherwise. Ties go to the earlier
 * choice, so callers control the preference by ordering the choices.
 */
export function suggest(word: string, choices: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = threshold(w.length);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const choice of choices) {
    if (choice === word) continue;
    // Cheap reject: the length difference alone is a lower bound on the distance.
    if (Math.abs(choice.length - w.length) > limit) continue;
    const distance = editDistance(w, choice.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  return best;
}

/** "; did you mean X?" or "" — for appending to a message. */
export function didYouMean(word: string, choices: readonly string[]): string {
  const s = suggest(word, choices);
  return s === undefined ? '' : `; did you mean ${s}?`;
}

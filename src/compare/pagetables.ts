/**
 * The page tables of two replays compared, architecture-neutral: the lines of
 * each plug-in's page-table dump (`ptdump`, the kernel's kernel_page_tables
 * format), matched by a longest common subsequence of their kernel-format
 * part (what follows `  # ` says which step wrote a range, and step numbers
 * move with any edit of the order, so it is shown but not compared).
 */

/** Lines of A's dump missing from B's, and B's missing from A's, in dump order; null when a plug-in has no dump. */
export interface PagetablesDiff {
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  /** lines in each dump */
  readonly linesA: number;
  readonly linesB: number;
}

/** The kernel-format part of a dump line (the annotation after "  # " dropped). */
function kernelPart(line: string): string {
  const at = line.indexOf('  # ');
  return (at < 0 ? line : line.slice(0, at)).trimEnd();
}

/**
 * @param a the dump rows of side A (plug-in ptdump().rows)
 * @param b the dump rows of side B
 * @returns the rows each side has that the other lacks (as written, annotations included)
 */
export function diffPagetables(a: readonly string[], b: readonly string[]): PagetablesDiff {
  const ka = a.map(kernelPart);
  const kb = b.map(kernelPart);
  // LCS table over the (short: tens of lines) dumps
  const n = ka.length;
  const m = kb.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = len[i] ?? [];
      row[j] = ka[i] === kb[j] ? (len[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(len[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ka[i] === kb[j]) {
      i++;
      j++;
    } else if ((len[i + 1]?.[j] ?? 0) >= (len[i]?.[j + 1] ?? 0)) onlyA.push(a[i++] ?? '');
    else onlyB.push(b[j++] ?? '');
  }
  while (i < n) onlyA.push(a[i++] ?? '');
  while (j < m) onlyB.push(b[j++] ?? '');
  return { onlyA, onlyB, linesA: n, linesB: m };
}

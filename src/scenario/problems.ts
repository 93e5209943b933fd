/**
 * Input problems: everything wrong with a scenario file before any replay
 * (unreadable file, bad YAML, schema violations, impossible values). They are
 * not findings: a file with problems is not replayed, and the CLI exits 2.
 */
export interface InputProblem {
  /** the path as the user gave it */
  readonly file: string;
  /** 1-based; absent when the problem is about the file as a whole (missing, unreadable, not text) */
  readonly line?: number;
  readonly col?: number;
  readonly message: string;
  /** the matrix variant the problem is about, when only some variants have it (the message names it too) */
  readonly variant?: string | undefined;
}

/** `file:line:col: message`, the form editors and CI annotators recognize; `file: message` for whole-file problems. */
export function formatProblem(p: InputProblem): string {
  if (p.line === undefined) return `${p.file}: ${p.message}`;
  return `${p.file}:${p.line}:${p.col ?? 1}: ${p.message}`;
}

/**
 * Problems in reading order: files stay in the order they first appear; within
 * a file, whole-file problems come first, then by line and column, and
 * same-position problems keep the order they were found in (the sort is
 * stable). Exact duplicates (same place, same text) are dropped, since two
 * checks can notice one mistake.
 */
export function sortProblems(problems: readonly InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  const fileRank = new Map<string, number>();
  const unique = problems.filter((p) => {
    if (!fileRank.has(p.file)) fileRank.set(p.file, fileRank.size);
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (p: InputProblem): number => fileRank.get(p.file) ?? 0;
  return unique.sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

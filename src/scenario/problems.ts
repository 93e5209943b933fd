/**
 * Input problems: everything wrong with a scenario file before any replay
 * (unreadable file, bad YAML, schema violations, impossible values). They are
 * not findings: a file with problems is not replayed, and the CLI exits 2.
 */
import { clip, escapeText, linePath } from '../escape.js';
import { limitMessage } from './limits.js';

export interface InputProblem {
  /** the path as the user gave it */
  readonly file: string;
  /** 1-based; absent when the problem is about the file as a whole (missing, unreadable, not text) */
  readonly line?: number;
  readonly col?: number;
  readonly message: string;
  /** the matrix variant the problem is about, when only some variants have it (the message names it too) */
  readonly variant?: string | undefined;
  /**
   * the scenario file whose loading met the problem, when that is not `file`:
   * a problem in a base that `extends:` reached (the same base line can be
   * wrong for one derived file and right for another, and two derived files
   * are two problems). The file the problem makes invalid is `scenario ?? file`.
   */
  readonly scenario?: string | undefined;
  /**
   * Only on the "… and N more problems" line capProblems adds in place of the
   * problems it does not show: N, the number of problems it stands for. A
   * report counts it as N problems, not one (problemCount), so that a file
   * with 150 problems is counted 150 whether 100 or all of them are shown.
   */
  readonly more?: number | undefined;
  /**
   * With `more`: the files the problems it stands for are in, so that capping
   * a capped list again (a command that caps a file's problems after compose
   * did) still says "in 7 files", not "in this file" (break-220 F1). Not
   * written to JSON: a report says the count in the message.
   */
  readonly moreFiles?: readonly string[] | undefined;
}

/**
 * How many input problems a list stands for: one each, and N for a
 * "… and N more" line (InputProblem.more). Every count of input problems a
 * report says (the summary line, JSON `summary.problems`, merge, baselines)
 * is this, never the number of lines.
 */
export function problemCount(problems: readonly InputProblem[]): number {
  let n = 0;
  for (const p of problems) n += p.more ?? 1;
  return n;
}

/** The scenario file a problem makes invalid (what a report groups it under): its `scenario`, else its `file`. */
export function problemOwner(p: InputProblem): string {
  return p.scenario ?? p.file;
}

/** `file:line:col`, or `file` for a whole-file problem (a file starting with `::` as `./::…`: linePath); not escaped. */
export function problemLocation(p: InputProblem): string {
  const file = linePath(p.file);
  return p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`;
}

/**
 * ` in SCENARIO` for a problem in a base that a derived file reached (as a
 * finding in an inherited line names its scenario), else ''; not escaped.
 */
export function problemWhose(p: InputProblem): string {
  return p.scenario !== undefined ? ` in ${p.scenario}` : '';
}

/** `file:line:col: message[ in SCENARIO]`, not escaped: for formats that escape the whole line their own way. */
export function problemText(p: InputProblem): string {
  return `${problemLocation(p)}: ${p.message}${problemWhose(p)}`;
}

/**
 * `file:line:col: message`, the form editors and CI annotators recognize;
 * `file: message` for whole-file problems; ` in SCENARIO` at the end for a
 * problem in a base file that a derived scenario reached. One line: the file
 * names and the message are escaped (they can carry newlines and escape
 * sequences), and a file starting with `::` is `./::…` (linePath: no line
 * reads as a GitHub workflow command).
 */
export function formatProblem(p: InputProblem): string {
  const whose = p.scenario !== undefined ? ` in ${escapeText(p.scenario)}` : '';
  return `${escapeText(problemLocation(p))}: ${escapeText(p.message)}${whose}`;
}

/**
 * The problems met loading `scenario`, each naming it when it lies in another
 * file (a base it extends); its own file's problems are returned as they are.
 */
export function metLoading(scenario: string, problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) => (p.file === scenario || p.scenario !== undefined ? p : { ...p, scenario }));
}

/** Longest message kept, in UTF-16 code units: user text quoted in a message is clipped, this is the safety net (an allowed-keys list of the x86 model runs past 1000). */
const MAX_MESSAGE = 2000;

/**
 * The first `max` problems of a sorted list, then one more problem at the
 * place of the first one not shown that counts the rest ("… and 12345 more
 * problems in this file", or "in 9 files" when they are in several), with that count as its `more`. The rest may hold such lines
 * of a variant's own cap (compose.ts caps each variant, cli/load.ts the
 * variants a run picks again): each counts what it stands for, so the
 * count is of problems, not of lines. Messages longer than MAX_MESSAGE are clipped.
 *
 * With more than `max`, each scenario's own problems come before its bases'
 * (ownFileFirst), so that the lines shown are in the file named.
 *
 * @param scope what the count is of: the file, or one variant of its matrix
 */
export function capProblems(given: readonly InputProblem[], max: number, scope: 'file' | 'variant' = 'file'): InputProblem[] {
  const sorted = given.length > max ? ownFileFirst(given) : given;
  const shown = sorted.length > max ? sorted.slice(0, max) : sorted;
  const out = shown.map((p) => (p.message.length > MAX_MESSAGE ? { ...p, message: clip(p.message, MAX_MESSAGE) } : p));
  const first = sorted[max];
  if (first !== undefined && max > 0) {
    const hidden = sorted.slice(max);
    const more = problemCount(hidden);
    // at the first problem not shown (helper-183 5: it was at the last one shown), and, when the hidden ones are
    // in several files (an extends chain), how many
    const files = new Set(hidden.flatMap((p) => p.moreFiles ?? [p.file]));
    const where = files.size === 1 ? `this ${scope}` : `${files.size} files${scope === 'variant' ? ' of this variant' : ''}`;
    out.push({
      file: first.file,
      ...(first.line !== undefined ? { line: first.line, col: first.col ?? 1 } : {}),
      ...(first.scenario !== undefined ? { scenario: first.scenario } : {}),
      message: limitMessage('max-problems', max, `… and ${more} more problem${more === 1 ? '' : 's'} in ${where}`),
      more,
      moreFiles: [...files],
    });
  }
  return out;
}

/**
 * Problems in reading order: grouped by the scenario file they make invalid
 * (problemOwner), the groups and, within one, the files in the order they
 * first appear; within a file, whole-file problems come first, then by line
 * and column, and same-position problems keep the order they were found in
 * (the sort is stable). Exact duplicates (same place, same text, same
 * scenario) are dropped, since two checks can notice one mistake; the same
 * base line reached from two derived files is two problems, one per file.
 */
export function sortProblems(problems: readonly InputProblem[]): InputProblem[] {
  // Kept problems by place (file, line, col, scenario): only problems at one place can be
  // duplicates, so a message is compared with those only, never formatted or hashed (a file can
  // have 10,000 problems whose messages list a 4,096-value axis: 300 MB of text formatted).
  const atPlace = new Map<string, InputProblem[]>();
  const ownerRank = new Map<string, number>();
  const fileRank = new Map<string, number>();
  const unique = problems.filter((p) => {
    const owner = problemOwner(p);
    if (!ownerRank.has(owner)) ownerRank.set(owner, ownerRank.size);
    if (!fileRank.has(p.file)) fileRank.set(p.file, fileRank.size);
    const place = JSON.stringify([p.file, p.line ?? null, p.line === undefined ? null : p.col ?? 1, p.scenario ?? null]);
    const kept = atPlace.get(place);
    if (kept === undefined) {
      atPlace.set(place, [p]);
      return true;
    }
    if (kept.some((q) => q.message === p.message)) return false;
    kept.push(p);
    return true;
  });
  const owner = (p: InputProblem): number => ownerRank.get(problemOwner(p)) ?? 0;
  const rank = (p: InputProblem): number => fileRank.get(p.file) ?? 0;
  return unique.sort((a, b) => owner(a) - owner(b) || rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/**
 * A sorted list (sortProblems: grouped by the scenario each problem makes
 * invalid) with, in each group, the problems in the scenario's own file
 * first, then those in its bases, each part in its sorted order. Used only
 * when max-problems hides some: a derived file's 5 lines sorted after 140
 * of its bases' were all hidden, and the person editing it saw none of them
 * (helper-184 8). Below the limit, reading order (a base's cause before the
 * derived file's effect) is kept.
 */
function ownFileFirst(sorted: readonly InputProblem[]): InputProblem[] {
  const out: InputProblem[] = [];
  for (let i = 0; i < sorted.length; ) {
    const owner = problemOwner(sorted[i] as InputProblem);
    let end = i;
    while (end < sorted.length && problemOwner(sorted[end] as InputProblem) === owner) end++;
    for (let k = i; k < end; k++) if ((sorted[k] as InputProblem).file === owner) out.push(sorted[k] as InputProblem);
    for (let k = i; k < end; k++) if ((sorted[k] as InputProblem).file !== owner) out.push(sorted[k] as InputProblem);
    i = end;
  }
  return out;
}

/**
 * Input problems: everything wrong with a scenario file before any replay
 * (unreadable file, bad YAML, schema violations, impossible values). They are
 * not findings: a file with problems is not replayed, and the CLI exits 2.
 */
import { clip, escapeText } from '../escape.js';
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
}

/**
 * `file:line:col: message`, the form editors and CI annotators recognize;
 * `file: message` for whole-file problems. One line: the file name and the
 * message are escaped (they can carry newlines and escape sequences).
 */
export function formatProblem(p: InputProblem): string {
  if (p.line === undefined) return `${escapeText(p.file)}: ${escapeText(p.message)}`;
  return `${escapeText(p.file)}:${p.line}:${p.col ?? 1}: ${escapeText(p.message)}`;
}

/** Longest message kept, in UTF-16 code units: user text quoted in a message is clipped, this is the safety net (an allowed-keys list of the x86 model runs past 1000). */
const MAX_MESSAGE = 2000;

/**
 * The first `max` problems of a sorted list, then one more problem at the
 * place of the last one shown that counts the rest ("… and 12345 more
 * problems"). Messages longer than MAX_MESSAGE are clipped.
 *
 * @param scope what the count is of: the file, or one variant of its matrix
 * @param limit the max-problems limit the message names, when `max` is what is left of it for this variant
 */
export function capProblems(sorted: readonly InputProblem[], max: number, scope: 'file' | 'variant' = 'file', limit = max): InputProblem[] {
  const shown = sorted.length > max ? sorted.slice(0, max) : sorted;
  const out = shown.map((p) => (p.message.length > MAX_MESSAGE ? { ...p, message: clip(p.message, MAX_MESSAGE) } : p));
  const last = out[out.length - 1];
  if (sorted.length > max && last !== undefined) {
    const more = sorted.length - max;
    out.push({
      file: last.file,
      ...(last.line !== undefined ? { line: last.line, col: last.col ?? 1 } : {}),
      message: limitMessage('max-problems', limit, `… and ${more} more problem${more === 1 ? '' : 's'} in this ${scope}`),
    });
  }
  return out;
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

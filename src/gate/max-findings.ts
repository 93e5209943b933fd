/**
 * max-findings (src/scenario/limits.ts): the one problem of a file whose
 * variants, counted in order, reach the limit. `run` builds it while it
 * replays; `merge` builds it again from the shards' results (each shard
 * counts only its own variants), so both take the place and the words from
 * here, and a merged report is the unsharded run's byte for byte.
 */
import { limitMessage } from '../scenario/limits.js';
import { sortProblems, type InputProblem } from '../scenario/problems.js';
import { plural } from '../report/plural.js';
import type { Scenario } from '../scenario/types.js';

/**
 * Where the problem of a file refused at max-findings is placed, as a shard
 * report records it for every file (`shard.maxFindingsAt`; JSON-ready: line
 * and column as the report writes them).
 */
export interface FindingsBlame {
  /** the scenario file refused (the file given, or found in a directory) */
  readonly file: string;
  /**
   * the key blamed: the effective `matrix:` when the file has more than one
   * variant (it multiplied the findings), else `setup_arch` (where they come from)
   */
  readonly key: 'matrix' | 'setup_arch';
  /** where the key is written: `file` itself, or a base it extends; 1-based */
  readonly at: { readonly file: string; readonly line: number; readonly column: number };
  /** where setup_arch is written ("base.yaml:6:1"), when the matrix is blamed and setup_arch lies in another file */
  readonly setupArch?: string | undefined;
}

/**
 * The blame for `scenario`'s file (any of its variants: they share the
 * positions of `matrix` and `setup_arch`).
 * @param variants the file's variants this run replays (after --variant)
 */
export function findingsBlame(scenario: Scenario, variants: number): FindingsBlame {
  const setupArch = scenario.positions['setup_arch'] ?? scenario.positions[''] ?? { line: 1, col: 1 };
  const placed = (p: { readonly line: number; readonly col: number; readonly file?: string | undefined }): FindingsBlame['at'] => ({ file: p.file ?? scenario.file, line: p.line, column: p.col });
  // the last file of the extends chain that writes matrix: (a variant exists only when that is not `matrix: null`)
  const matrix = variants > 1 && scenario.variant !== undefined ? scenario.positions['matrix'] : undefined;
  if (matrix === undefined) return { file: scenario.file, key: 'setup_arch', at: placed(setupArch) };
  const at = placed(matrix);
  const arch = placed(setupArch);
  return { file: scenario.file, key: 'matrix', at, ...(arch.file !== at.file ? { setupArch: `${arch.file}:${arch.line}:${arch.column}` } : {}) };
}

/**
 * The problem of a file refused at max-findings: "matrix: 10749 findings in
 * the first 3 variants of 3; the file is not reported (limit …)", at the
 * blamed key, naming the refused file when the key lies in a base.
 * @param found findings of the first `replayed` variants, of `variants` in all
 */
export function tooManyFindings(blame: FindingsBlame, found: number, replayed: number, variants: number, maxFindings: number): InputProblem {
  const where = variants === 1 ? '' : ` in the first ${plural(replayed, 'variant')} of ${variants}`;
  const of = blame.setupArch !== undefined ? ` (of the setup_arch at ${blame.setupArch})` : '';
  const what = `${blame.key}: ${found} findings${where}${of}; the file is not reported${replayed < variants ? ' and the rest are not replayed' : ''}`;
  const { file, line, column } = blame.at;
  return { file, line, col: column, message: limitMessage('max-findings', maxFindings, what), ...(file !== blame.file ? { scenario: blame.file } : {}) };
}

/**
 * Where a file's findings, counted variant by variant in order, reach
 * `maxFindings`: the findings and the variants counted up to it, or
 * undefined when they never do.
 * @param counts findings of each variant, in the run's order (before allow:, expect: or a baseline weigh them)
 */
export function findingsLimitReached(counts: readonly number[], maxFindings: number): { found: number; replayed: number } | undefined {
  let found = 0;
  for (const [i, n] of counts.entries()) {
    found += n;
    if (found >= maxFindings) return { found, replayed: i + 1 };
  }
  return undefined;
}

/**
 * The input problems of a run with its max-findings refusals: `sorted`
 * (sortProblems of the loader's) and `refused` sorted together. Both `run`
 * and `merge` (which has only the sorted list a shard wrote) call this, so
 * they give one order; without refusals the list is `sorted` as it is.
 */
export function withRefused(sorted: readonly InputProblem[], refused: readonly InputProblem[]): InputProblem[] {
  return refused.length === 0 ? [...sorted] : sortProblems([...sorted, ...refused]);
}

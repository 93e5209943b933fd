/**
 * Delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating
 * Failure-Inducing Input", 2002): the smallest subset of changes that still
 * makes the test fail, 1-minimal (removing any one change makes it pass or
 * unresolved). A test may be unresolved (the intermediate is not a valid
 * input, like `git bisect skip`); such subsets are neither kept nor counted
 * against a split. Results are cached, so each subset is tested once.
 * The search may be stopped between tests (a bound on its work): the set
 * it holds then still fails, but may not be minimal.
 */

export type Outcome = 'fail' | 'pass' | 'unresolved';

export interface DdminResult<T> {
  readonly result: readonly T[];
  /** distinct subsets tested */
  readonly tests: number;
  readonly unresolved: number;
  /**
   * the search stopped before the set was 1-minimal (`stop` said so before a
   * test): `result` still makes the test fail, but some of it may not be needed
   */
  readonly stopped: boolean;
}

/** Thrown by a test that `stop` refused, caught by ddmin itself. */
class Stopped extends Error {}

function split<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    out.push(items.slice(start, end));
    start = end;
  }
  return out.filter((c) => c.length > 0);
}

/**
 * @param items the changes, in a stable order (the result keeps it)
 * @param test 'fail' when the subset reproduces the failure
 * @param stop asked before each test not made yet (never before the first,
 *   all items together): true ends the search with the failing set it holds
 * @throws Error when all items together do not fail
 */
export function ddmin<T>(items: readonly T[], test: (subset: readonly T[]) => Outcome, stop: () => boolean = () => false): DdminResult<T> {
  const index = new Map(items.map((x, i) => [x, i]));
  const cache = new Map<string, Outcome>();
  let unresolved = 0;
  const run = (subset: readonly T[]): Outcome => {
    const key = subset.map((x) => index.get(x)).join(',');
    let r = cache.get(key);
    if (r === undefined) {
      if (cache.size > 0 && stop()) throw new Stopped();
      r = test(subset);
      cache.set(key, r);
      if (r === 'unresolved') unresolved++;
    }
    return r;
  };
  if (run(items) !== 'fail') throw new Error('all changes together do not reproduce the failure');
  let current = [...items];
  let n = 2;
  try {
    while (current.length >= 2) {
      const chunks = split(current, Math.min(n, current.length));
      let reduced = false;
      for (const c of chunks) {
        if (run(c) === 'fail') { current = c; n = 2; reduced = true; break; }
      }
      if (!reduced) {
        for (const c of chunks) {
          const complement = current.filter((x) => !c.includes(x));
          if (complement.length > 0 && run(complement) === 'fail') { current = complement; n = Math.max(n - 1, 2); reduced = true; break; }
        }
      }
      if (!reduced) {
        if (n >= current.length) break;
        n = Math.min(n * 2, current.length);
      }
    }
  } catch (err) {
    // `current` is the latest set that failed: an answer, not a minimal one
    if (!(err instanceof Stopped)) throw err;
    return { result: current, tests: cache.size, unresolved, stopped: true };
  }
  return { result: current, tests: cache.size, unresolved, stopped: false };
}

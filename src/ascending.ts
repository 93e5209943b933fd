/** Binary search over ascending lists of numbers (positions in a trace, event numbers). */

/**
 * The first index of an ascending list whose value is at least x (the
 * list's length when none is). O(log n).
 */
export function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

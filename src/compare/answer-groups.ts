/**
 * How `suggest` and `constraints` answer groups of machines (each machine
 * its own group without --matrix, one group of all with it): every group is
 * planned first, so that a group no order can help is left out (named under
 * the first answer) and all groups are bounded together before any is
 * answered; then each is answered in turn and its tables let go (their
 * judgements are most of the memory). Architecture-neutral.
 */
import { checkCommandBudget, type PlannedWork } from './judge.js';
import { withoutUnsupported, type UnsupportedMachine } from './unsupported.js';

/**
 * @param groups the groups, their tables built (each machine's own order replayed); emptied, so that
 *   the caller's array holds no group once it is answered
 * @param plan the group's planned work (throws UnsupportedError when no machine of it is supported, BudgetError when it alone is too large)
 * @param answer the group's report
 * @param what, remedy for the command-wide refusal (checkCommandBudget)
 * @throws UnsupportedError naming every machine when no group is left; BudgetError when the groups together are too large
 */
export function answerGroups<G, R extends { readonly unsupported: readonly UnsupportedMachine[] }>(
  groups: G[], plan: (group: G) => PlannedWork, answer: (group: G) => R, what: (answerable: number) => string, remedy: string,
): R[] {
  const { answerable, leftOut } = withoutUnsupported(groups, plan);
  // 64 machine sizes within the per-group limit each took minutes before this bound
  checkCommandBudget(answerable.map((a) => a.work), what(answerable.length), remedy);
  groups.length = 0;
  const reports: R[] = [];
  for (let a = answerable.shift(); a !== undefined; a = answerable.shift()) reports.push(answer(a.group));
  const first = reports[0];
  if (first !== undefined && leftOut.length > 0) reports[0] = { ...first, unsupported: [...leftOut, ...first.unsupported] };
  return reports;
}

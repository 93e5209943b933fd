/**
 * When a passing scenario is reported as skipped, and in which words: one
 * predicate for JUnit (`<skipped message="…">`) and KTAP (`ok N … # SKIP …`),
 * so that the two never disagree (a reviewer found JUnit skipping a scenario
 * with a live warning that KTAP, rightly, did not).
 */
import type { FindingState, GatedResult } from '../gate/types.js';
import { stateWord } from './gate-text.js';

/** The reason of a scenario whose findings are all expected: an xfail, the known bug still reproduces. */
export const EXPECTED_REASON = 'expected: reproduces the known bug';

/**
 * The skip reason of a scenario, or undefined when it is a plain pass or a
 * failure. A scenario is skipped when it passes, has findings, and nothing in
 * it is live: every finding is expected (`expect:`), suppressed (`allow:`) or
 * baselined (in the `--baseline` report, ESLint's bulk suppressions), and no
 * `allow:` entry is unused (that is a live warning). A live warning or info
 * makes it a pass: the test ran and has something to say.
 *
 * @returns "expected: reproduces the known bug" when any finding is expected;
 *   else "every finding suppressed", "every finding baselined" or "every
 *   finding suppressed or baselined", after the states the findings are in
 *   (stateWord, the word every format labels those findings with)
 */
export function skipReason(r: GatedResult): string | undefined {
  if (r.status !== 'pass' || r.checked.length === 0 || r.unusedAllows.length > 0) return undefined;
  if (r.checked.some((c) => c.state === 'live')) return undefined;
  if (r.checked.some((c) => c.state === 'expected')) return EXPECTED_REASON;
  // baselined is not suppressed: docs/ci.md keeps `allow:` (a reason in the scenario) and a --baseline report apart
  const states = (['suppressed', 'baseline'] as const satisfies readonly FindingState[]).filter((s) => r.checked.some((c) => c.state === s));
  return `every finding ${states.map(stateWord).join(' or ')}`;
}

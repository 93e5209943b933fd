/**
 * The replay of one scenario for the commands that show it (`layout`,
 * `trace`) or compare it (`diff`): a replay over max-events
 * (src/replay/event-limit.ts) is that scenario's input problem, not an
 * error thrown past the command. Thrown, it reached main.ts, which prints
 * the one line and no more: `layout` of a matrix lost its other variants
 * and `diff -f json` its report (break-232 F3, N1), where a variant the
 * loader rejects keeps both.
 */
import type { ArchPlugin } from '../arch/types.js';
import { EventLimitError } from '../replay/event-limit.js';
import { replayWith } from '../replay/replay.js';
import type { Trace } from '../replay/trace.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';

/**
 * Replays `scenario` with the plug-in that resolved it.
 *
 * @returns the trace; or, when the replay makes more than max-events, the
 *   problem at the call that made the event over the limit, said of the
 *   variant alone as the loader says a variant it rejects
 *   (EventLimitError.variantProblem: `[k=v] …`)
 * @throws whatever else the replay throws (an internal error)
 */
export function replayShown(plugin: ArchPlugin, scenario: Scenario): { trace: Trace } | { problem: InputProblem } {
  try {
    return { trace: replayWith(plugin, scenario) };
  } catch (err) {
    if (!(err instanceof EventLimitError)) throw err;
    return { problem: err.variantProblem };
  }
}

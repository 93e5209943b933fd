/**
 * max-events: the model events one replay may make (src/scenario/limits.ts).
 * A step's work is the model's: most calls make a few events, but some redo
 * what every earlier call built (x86_32 2.6.26 Xen: each paging_init() makes
 * a new kernel PMD copy in xen_pagetable_setup_start() and rewrites the
 * direct map over every page-table page made so far), so a max-calls order
 * of them made 2 million events, 1 GB and 10 s. Architecture-neutral: it
 * counts events, whatever they are.
 */
import { limitMessage } from '../scenario/limits.js';
import type { InputProblem } from '../scenario/problems.js';
import type { Scenario } from '../scenario/types.js';
import type { Emit, StepRef, TraceEvent } from './trace.js';

/**
 * A replay of `scenario` made more than `limit` model events; `step` made
 * the one over the limit. Thrown out of the replay (no partial trace is
 * judged): the CLI reports `problem` as an input problem, exit 2.
 */
export class EventLimitError extends Error {
  constructor(readonly scenario: Scenario, readonly step: StepRef, readonly limit: number) {
    super(`the replay made more than ${limit} model events by step ${step.index} ${step.name}`);
  }

  /**
   * The problem at the call that made the event over the limit (in the base
   * that holds it, when an extends chain does), naming the variant, if any:
   * "x.yaml:520:5: variant memory=1GiB: paging_init (step 514) made model
   * event 131073 of the replay (limit 131072 model events in one replay, max-events; …)".
   */
  get problem(): InputProblem {
    return this.problemNaming(this.scenario.variant !== undefined ? `variant ${this.scenario.variant}: ` : '');
  }

  /**
   * The same problem said of the variant alone, as the loader says a variant it rejects ("x.yaml:520:5:
   * [memory=1GiB] paging_init (step 514) made model event 131073 …", compose.ts): for the commands that
   * refuse only that variant and show the others (layout, trace) or replay one scenario (diff). `problem`
   * words it as a refusal of the whole file, which `run` makes (and merge and the shards' reports pin).
   * Without a variant both are the same.
   */
  get variantProblem(): InputProblem {
    return this.problemNaming(this.scenario.variant !== undefined ? `[${this.scenario.variant}] ` : '');
  }

  /** The problem, its message starting with `variant` (the words that name the variant, or ''). */
  private problemNaming(variant: string): InputProblem {
    const { scenario, step, limit } = this;
    const file = step.pos.file ?? scenario.file;
    const what = `${variant}${step.name} (step ${step.index}) made model event ${limit + 1} of the replay`;
    return {
      file, line: step.pos.line, col: step.pos.col, message: limitMessage('max-events', limit, what),
      ...(scenario.variant !== undefined ? { variant: scenario.variant } : {}),
      ...(file !== scenario.file ? { scenario: scenario.file } : {}),
    };
  }
}

/**
 * The emit of a replay of `scenario`: appends to `events`, which may already
 * hold a recorded prefix (counted too).
 *
 * @throws EventLimitError when `events` would hold more than `limit` events
 */
export function limitedEmit<E extends TraceEvent>(scenario: Scenario, events: E[], limit: number): Emit<E> {
  return (e: E): void => {
    if (events.length >= limit) throw new EventLimitError(scenario, e.step, limit);
    events.push(e);
  };
}

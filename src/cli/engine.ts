/**
 * Everything behind the commands, reached from main.ts through one
 * `import('./engine.js')`. The bundle (scripts/bundle.mjs) makes this module
 * its own file, dist/engine.cjs, with its own V8 code cache, so `--help` and
 * `--version` read and deserialize only the small entry file; and each
 * loader below becomes a lazy initializer inside that file, so a command
 * evaluates only the modules it uses (`steps` never evaluates yaml).
 *
 * Keep it that way: a new command's module is added here and loaded with
 * main.ts's load('name'), never imported by main.ts itself; architecture
 * code is reached from these modules, not from main.ts.
 */
import { EventLimitError } from '../replay/event-limit.js';
import { formatProblem } from '../scenario/problems.js';

/**
 * The one line of an input problem that a command threw (a replay past max-events), or undefined for any
 * other error. `run` refuses such a file itself and goes on; `layout`, `trace` and `diff` report it as a
 * scenario that does not load (replay-shown.ts); `bisect`, `suggest` and `constraints` refuse orders long
 * enough to meet it first (order-length.ts), so this is their safety net, not a path they take.
 */
export function thrownProblem(err: unknown): string | undefined {
  return err instanceof EventLimitError ? formatProblem(err.problem) : undefined;
}

export const ENGINE = {
  run: () => import('./run.js'),
  merge: () => import('./merge.js'),
  layout: () => import('./layout.js'),
  trace: () => import('./trace.js'),
  steps: () => import('./steps.js'),
  stepsScenario: () => import('./steps-scenario.js'),
  diff: () => import('./diff.js'),
  explain: () => import('./explain.js'),
  suggestCommand: () => import('./suggest.js'),
  constraints: () => import('./constraints.js'),
  bisect: () => import('./bisect.js'),
  arches: () => import('../arch/index.js'),
  rules: () => import('../rules/index.js'),
  suggest: () => import('../scenario/suggest.js'),
  suggestVersion: () => import('../scenario/suggest-version.js'),
};

export type Engine = typeof ENGINE;

/**
 * The in-process fuzz property, shared by the bounded run of `npm test`
 * (fuzz.test.ts, under vitest) and the long run of `npm run fuzz`
 * (driver.ts, bundled and run by plain node: a third less CPU per case than
 * under vitest's module runner, measured on 3,000 cases).
 *
 * Every case is held to every property of properties.ts; the determinism
 * one (make everything a second time and compare) runs on one case in
 * `twiceEvery`. It is the second half of a case's cost; the long run
 * samples it and still compares tens of thousands of cases. Which cases is
 * part of the generated value, so a seed and path reproduce it, and
 * shrinking keeps the second pass (the choice shrinks towards 0, "twice").
 */
import fc from 'fast-check';
import { checkText } from './properties.js';
import { describeCase, scenarioCase } from './scenario-arbitraries.js';

/** What a run is asked for, from the environment (FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH, FUZZ_TWICE_EVERY). */
export interface FuzzSettings {
  readonly runs: number;
  readonly seed: number | undefined;
  readonly path: string | undefined;
  /** one case in this many is made twice (1: every case) */
  readonly twiceEvery: number;
}

export function fuzzSettings(env: NodeJS.ProcessEnv, defaultRuns: number): FuzzSettings {
  const seed = env['FUZZ_SEED'];
  return {
    runs: Number.parseInt(env['FUZZ_RUNS'] ?? '', 10) || defaultRuns,
    seed: seed === undefined ? undefined : Number.parseInt(seed, 10),
    path: env['FUZZ_PATH'],
    twiceEvery: Math.max(1, Number.parseInt(env['FUZZ_TWICE_EVERY'] ?? '', 10) || 1),
  };
}

/** The property over generated scenario files; a failure's message ends with the case's text and choices. */
export function inProcessProperty(twiceEvery: number): fc.IAsyncProperty<[Parameters<typeof describeCase>[0], number]> {
  return fc.asyncProperty(scenarioCase, fc.nat({ max: twiceEvery - 1 }), async (c, pick) => {
    try {
      await checkText(c.text, 'fuzz.yaml', pick === 0);
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${describeCase(c)}`, { cause: err });
    }
  });
}

/** fast-check's parameters for the settings. */
export function assertParameters(s: FuzzSettings): fc.Parameters<[Parameters<typeof describeCase>[0], number]> {
  return { numRuns: s.runs, ...(s.seed !== undefined ? { seed: s.seed } : {}), ...(s.path !== undefined ? { path: s.path } : {}), endOnFailure: false };
}

/**
 * Property-based fuzzing of the loader, the replay and the reports, in
 * process. `npm test` runs a bounded number of cases (a few seconds);
 * `npm run fuzz -- --n 100000 [--seed S]` runs many more through the same
 * test with FUZZ_RUNS and FUZZ_SEED set, and prints the shrunk failing case
 * with the seed and path that reproduce it.
 *
 * Every case is held to every property of properties.ts; the determinism
 * one (make everything a second time and compare) runs on one case in
 * FUZZ_TWICE_EVERY (default 1: every case). It is the second half of a
 * case's cost; the long run samples it (scripts/fuzz.mjs) and still compares
 * tens of thousands of cases. Which cases is part of the generated value,
 * so a seed and path reproduce it, and shrinking keeps the second pass
 * (the choice shrinks towards 0, "twice").
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkText } from './properties.js';
import { describeCase, scenarioCase } from './scenario-arbitraries.js';

const RUNS = Number.parseInt(process.env['FUZZ_RUNS'] ?? '', 10) || 2000;
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number.parseInt(process.env['FUZZ_SEED'], 10);
const PATH = process.env['FUZZ_PATH'];
const TWICE_EVERY = Math.max(1, Number.parseInt(process.env['FUZZ_TWICE_EVERY'] ?? '', 10) || 1);

describe('fuzz: any mutated scenario', () => {
  const sampled = TWICE_EVERY === 1 ? 'every case' : `1 case in ${TWICE_EVERY}`;
  it(`loads or is refused with located one-line problems, replays and reports in every format, deterministically (${RUNS} cases, ${sampled} made twice)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioCase, fc.nat({ max: TWICE_EVERY - 1 }), async (c, pick) => {
        try {
          await checkText(c.text, 'fuzz.yaml', pick === 0);
        } catch (err) {
          throw new Error(`${err instanceof Error ? err.message : String(err)}\n${describeCase(c)}`, { cause: err });
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH !== undefined ? { path: PATH } : {}), endOnFailure: false },
    );
  }, Math.max(300_000, RUNS * 150)); // a safeguard, not a target: a loaded CI runner is many times slower
});

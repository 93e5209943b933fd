/**
 * Property-based fuzzing of the loader, the replay and the reports, in
 * process. `npm test` runs a bounded number of cases (a few seconds);
 * `npm run fuzz -- --n 100000 [--seed S]` runs many more through the same
 * test with FUZZ_RUNS and FUZZ_SEED set, and prints the shrunk failing case
 * with the seed and path that reproduce it.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkText } from './properties.js';
import { describeCase, scenarioCase } from './scenario-arbitraries.js';

const RUNS = Number.parseInt(process.env['FUZZ_RUNS'] ?? '', 10) || 2000;
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number.parseInt(process.env['FUZZ_SEED'], 10);
const PATH = process.env['FUZZ_PATH'];

describe('fuzz: any mutated scenario', () => {
  it(`loads or is refused with located one-line problems, replays and reports in every format, deterministically (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioCase, async (c) => {
        try {
          await checkText(c.text);
        } catch (err) {
          throw new Error(`${err instanceof Error ? err.message : String(err)}\n${describeCase(c)}`, { cause: err });
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH !== undefined ? { path: PATH } : {}), endOnFailure: false },
    );
  }, Math.max(300_000, RUNS * 150)); // a safeguard, not a target: a loaded CI runner is many times slower
});

/**
 * Property-based fuzzing of the loader, the replay and the reports, in
 * process (the property: in-process.ts). `npm test` runs a bounded number
 * of cases (a few seconds), each made twice for determinism; `npm run fuzz`
 * runs many more through test/fuzz/driver.ts with the same property.
 * FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH and FUZZ_TWICE_EVERY apply here too, to
 * replay a failure under vitest.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { assertParameters, fuzzSettings, inProcessProperty } from './in-process.js';

const SETTINGS = fuzzSettings(process.env, 2000);

describe('fuzz: any mutated scenario', () => {
  const sampled = SETTINGS.twiceEvery === 1 ? 'every case' : `1 case in ${SETTINGS.twiceEvery}`;
  it(`loads or is refused with located one-line problems, replays and reports in every format, deterministically (${SETTINGS.runs} cases, ${sampled} made twice)`, async () => {
    await fc.assert(inProcessProperty(SETTINGS.twiceEvery), assertParameters(SETTINGS));
  }, Math.max(300_000, SETTINGS.runs * 150)); // a safeguard, not a target: a loaded CI runner is many times slower
});

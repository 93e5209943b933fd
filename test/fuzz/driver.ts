/**
 * The in-process part of `npm run fuzz`, outside vitest: scripts/fuzz.mjs
 * bundles this file with esbuild and runs each shard as `node
 * --single-threaded` on the bundle, with FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH and
 * FUZZ_TWICE_EVERY set. Prints fast-check's report (the shrunk case, its
 * text, the seed and path that reproduce it) and exits 1 when a case fails.
 */
import fc from 'fast-check';
import { loadArches } from '../../src/arch/index.js';
import { assertParameters, fuzzSettings, inProcessProperty } from './in-process.js';

// the arm64 and riscv plug-ins load on first use; the pipeline composes scenarios synchronously (test/setup-arches.ts)
await loadArches();
const settings = fuzzSettings(process.env, 2000);
try {
  await fc.assert(inProcessProperty(settings.twiceEvery), assertParameters(settings));
  process.stdout.write(`${settings.runs} cases held every property\n`);
} catch (err) {
  process.stdout.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

// `npm run fuzz -- [--n 100000] [--cli-n 600] [--twice-every 4] [--seed S] [--jobs J] [--path P]`
//
// The long fuzz run: the property tests of test/fuzz (the same ones `npm test`
// runs a few thousand cases of) with many more cases, in process (--n) and as
// whole runs of the built program on directories of up to six mutated
// scenarios (--cli-n, each case spawns the program three times: two text runs
// for determinism and one JSON run with -o).
//
// In process, every case is held to every property, and one case in
// --twice-every (default 4; `npm test` makes every case twice) is also made
// a second time and compared byte for byte: that second pass is half of a
// case's cost, and a sample of 25,000 in a 100,000-case run still finds
// state that leaks from one run into the next.
//
// The in-process cases are split over J shards (default: the CPUs node may
// use), each a vitest process of its own with a seed derived from S (shard k:
// S + k, wrapped below 2^31 - 1), run at the same time as the whole-program
// part. Prints the seed of every shard first; on a failure fast-check prints
// the shrunk case, its text, and the seed and path that reproduce it in one
// process (a path is replayed without sharding):
//
//   npm run fuzz -- --n 100000 --cli-n 0 --seed 1234 --path "3:1:0"
//
// (a path belongs to one of the two properties: pass --n 0 or --cli-n 0 to
// replay it in the other one's absence; an in-process path also needs the
// run's --twice-every, which is part of each generated case)
//
// Exit status: 0 when every case held, 1 otherwise.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const SEED_LIMIT = 2 ** 31 - 1;

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  return v;
}
const n = Number.parseInt(option('n', '100000'), 10);
const cliN = Number.parseInt(option('cli-n', '600'), 10);
const seed = Number.parseInt(option('seed', String(randomInt(SEED_LIMIT))), 10);
const twiceEvery = Number.parseInt(option('twice-every', '4'), 10);
const path = option('path', undefined);
const jobs = path !== undefined ? 1 : Number.parseInt(option('jobs', String(availableParallelism())), 10);
if (![n, cliN, seed, jobs, twiceEvery].every(Number.isFinite) || jobs < 1 || twiceEvery < 1) {
  throw new Error('--n, --cli-n, --seed, --jobs and --twice-every take numbers (--jobs and --twice-every at least 1)');
}

/** The in-process shards: shard k runs its share of the n cases with seed S + k. */
const shards = n <= 0 ? [] : Array.from({ length: Math.min(jobs, n) }, (_, k) => ({
  label: `in-process shard ${k + 1}/${Math.min(jobs, n)}`,
  file: 'test/fuzz/fuzz.test.ts',
  env: { FUZZ_RUNS: String(Math.floor(n / Math.min(jobs, n)) + (k < n % Math.min(jobs, n) ? 1 : 0)), FUZZ_SEED: String((seed + k) % SEED_LIMIT), FUZZ_TWICE_EVERY: String(twiceEvery) },
}));
const parts = [
  ...shards,
  ...(cliN > 0 ? [{ label: 'whole-program', file: 'test/fuzz/cli.fuzz.test.ts', env: { FUZZ_CLI_RUNS: String(cliN), FUZZ_SEED: String(seed) } }] : []),
];

process.stdout.write(`fuzz: ${n} in-process cases (1 in ${twiceEvery} made twice), ${cliN} whole-program runs, seed ${seed}${path !== undefined ? `, path ${path}` : ''}\n`);
for (const p of parts) process.stdout.write(`  ${p.label}: ${p.env.FUZZ_RUNS ?? p.env.FUZZ_CLI_RUNS} ${p.env.FUZZ_RUNS !== undefined ? 'cases' : 'runs'}, seed ${p.env.FUZZ_SEED}\n`);

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** Runs one part in a vitest process of its own; its output is printed whole when it ends, so parts do not interleave. */
function runPart(part) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [vitest, 'run', part.file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...part.env, ...(path !== undefined ? { FUZZ_PATH: path } : {}) },
    });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      process.stdout.write(`\n--- ${part.label} (seed ${part.env.FUZZ_SEED}): ${code === 0 ? 'passed' : `FAILED (${code ?? signal})`}, ${seconds.toFixed(1)} s\n`);
      process.stdout.write(Buffer.concat(out));
      resolve(code === 0);
    });
  });
}

const t0 = process.hrtime.bigint();
const results = await Promise.all(parts.map(runPart));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const ok = results.every(Boolean);
process.stdout.write(`\nfuzz: ${ok ? '0 failures' : 'FAILED'}: ${n} in-process cases (${shards.length} shard${shards.length === 1 ? '' : 's'}) + ${cliN} whole-program runs, seed ${seed}, ${seconds.toFixed(1)} s\n`);
process.exitCode = ok ? 0 : 1;

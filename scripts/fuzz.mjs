// `npm run fuzz -- [--n 100000] [--cli-n 600] [--report-n 5000] [--reasoning-n 80] [--twice-every 4] [--seed S] [--jobs J] [--path P]`
//
// The long fuzz run: the property tests of test/fuzz (the same ones `npm test`
// runs a few thousand cases of) with many more cases, in process (--n) and as
// whole runs of the built program on directories of up to six mutated
// scenarios (--cli-n, each case spawns the program three times: two text runs
// for determinism and one JSON run with -o), and mutated JSON reports read
// back by merge and --baseline (--report-n cases of each: test/fuzz/reports.fuzz.test.ts), and the
// reasoning commands (diff, bisect, suggest, constraints, layout, trace, steps --scenario) on edited
// shipped orders of every architecture and on mutated files (--reasoning-n cases:
// test/fuzz/reasoning.fuzz.test.ts).
//
// In process, every case is held to every property, and one case in
// --twice-every (default 4; `npm test` makes every case twice) is also made
// a second time and compared byte for byte: that second pass is half of a
// case's cost, and a sample of 25,000 in a 100,000-case run still finds
// state that leaks from one run into the next.
//
// The in-process cases are split over J shards (default: the CPUs node may
// use), each a node process of its own (test/fuzz/driver.ts, bundled here)
// with a seed derived from S (shard k:
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
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

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
const reportN = Number.parseInt(option('report-n', '5000'), 10);
const reasoningN = Number.parseInt(option('reasoning-n', '80'), 10); // each case now also replays constraints' edges and suggest's windows over --set machines: 150 cases took 405 s beside the shards and stretched the whole run to 556 s
const seed = Number.parseInt(option('seed', String(randomInt(SEED_LIMIT))), 10);
const twiceEvery = Number.parseInt(option('twice-every', '4'), 10);
const path = option('path', undefined);
const jobs = path !== undefined ? 1 : Number.parseInt(option('jobs', String(availableParallelism())), 10);
if (![n, cliN, reportN, reasoningN, seed, jobs, twiceEvery].every(Number.isFinite) || jobs < 1 || twiceEvery < 1) {
  throw new Error('--n, --cli-n, --report-n, --reasoning-n, --seed, --jobs and --twice-every take numbers (--jobs and --twice-every at least 1)');
}

/** The in-process shards: shard k runs its share of the n cases with seed S + k. */
const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bootreplay-fuzz-'));
const driver = join(scratch, 'driver.mjs');

const shards = n <= 0 ? [] : Array.from({ length: Math.min(jobs, n) }, (_, k) => ({
  label: `in-process shard ${k + 1}/${Math.min(jobs, n)}`,
  // test/fuzz/driver.ts bundled (below), run by plain node: the same property as the bounded run of
  // fuzz.test.ts, with a third less CPU per case than under vitest's module runner. --single-threaded:
  // V8's compiler and garbage collector on the process's own thread; the shards and the whole-program
  // part keep every CPU busy, and V8's background threads only add their coordination (11% less
  // CPU for the same 3,000 cases, in two runs of each)
  command: ['--single-threaded', driver],
  env: { FUZZ_RUNS: String(Math.floor(n / Math.min(jobs, n)) + (k < n % Math.min(jobs, n) ? 1 : 0)), FUZZ_SEED: String((seed + k) % SEED_LIMIT), FUZZ_TWICE_EVERY: String(twiceEvery) },
}));
/** The parts vitest runs: each a test file, its count in a variable of its own. */
const tested = [
  ...(cliN > 0 ? [{ label: 'whole-program', file: 'test/fuzz/cli.fuzz.test.ts', env: { FUZZ_CLI_RUNS: String(cliN), FUZZ_SEED: String(seed) } }] : []),
  ...(reportN > 0 ? [{ label: 'JSON reports read back', file: 'test/fuzz/reports.fuzz.test.ts', env: { FUZZ_REPORT_RUNS: String(reportN), FUZZ_SEED: String(seed) } }] : []),
  ...(reasoningN > 0 ? [{ label: 'reasoning commands', file: 'test/fuzz/reasoning.fuzz.test.ts', env: { FUZZ_REASONING_RUNS: String(reasoningN), FUZZ_SEED: String(seed) } }] : []),
];
// One vitest run for all of them, not one each: each run transforms and loads the same module graph (the
// scenarios, the plug-ins of test/setup-arches.ts) in a main process and a worker of its own: with one case of
// each (FUZZ_CLI_RUNS=3, FUZZ_REPORT_RUNS=1, FUZZ_REASONING_RUNS=1), three runs took 26.0 s of CPU in all and
// one run of the three files 14.5 s (medians of three). Its workers (vitest.config.ts: one per CPU) take the
// files in turn beside the shards, which keep both CPUs busy to the end; the output is printed whole.
const parts = [
  ...shards,
  ...(tested.length === 0 ? [] : [{
    label: tested.map((t) => t.label).join(', '),
    command: [vitest, 'run', ...tested.map((t) => t.file)],
    env: Object.assign({}, ...tested.map((t) => t.env)),
  }]),
];

process.stdout.write(`fuzz: ${n} in-process cases (1 in ${twiceEvery} made twice), ${cliN} whole-program runs, ${reportN} JSON reports of each kind, ${reasoningN} reasoning cases, seed ${seed}${path !== undefined ? `, path ${path}` : ''}\n`);
for (const p of [...shards, ...tested]) process.stdout.write(`  ${p.label}: ${p.env.FUZZ_RUNS ?? p.env.FUZZ_CLI_RUNS ?? p.env.FUZZ_REPORT_RUNS ?? p.env.FUZZ_REASONING_RUNS} ${p.env.FUZZ_CLI_RUNS !== undefined ? 'runs' : 'cases'}, seed ${p.env.FUZZ_SEED}\n`);

/**
 * Bundles test/fuzz/driver.ts into the scratch directory, as scripts/bundle.mjs bundles the program
 * (yaml's and jsonc-parser's ESM builds). The test files read the shipped scenarios relative to
 * their own URL: import.meta.url is theirs (test/fuzz/), wherever the bundle is.
 */
async function buildDriver() {
  const at = (p) => fileURLToPath(new URL(p, new URL('..', import.meta.url)));
  await build({
    entryPoints: [at('test/fuzz/driver.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: driver,
    logLevel: 'error', define: { 'import.meta.url': JSON.stringify(pathToFileURL(at('test/fuzz/driver.ts')).href) },
    // fast-check and the node builtins as they are; CommonJS dependencies call require, which an ES module lacks
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [{
      name: 'esm-builds',
      setup(b) {
        b.onResolve({ filter: /^yaml$/ }, () => ({ path: at('node_modules/yaml/browser/index.js') }));
        b.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: at('node_modules/jsonc-parser/lib/esm/main.js') }));
      },
    }],
  });
}

/** Runs one part in a process of its own; its output is printed whole when it ends, so parts do not interleave. */
function runPart(part) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, part.command, {
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

let results;
const t0 = process.hrtime.bigint();
try {
  if (shards.length > 0) await buildDriver();
  results = await Promise.all(parts.map(runPart));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const ok = results.every(Boolean);
process.stdout.write(`\nfuzz: ${ok ? '0 failures' : 'FAILED'}: ${n} in-process cases (${shards.length} shard${shards.length === 1 ? '' : 's'}) + ${cliN} whole-program runs + ${reportN} JSON reports of each kind + ${reasoningN} reasoning cases, seed ${seed}, ${seconds.toFixed(1)} s\n`);
process.exitCode = ok ? 0 : 1;

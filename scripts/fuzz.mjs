// `npm run fuzz -- [--n 100000] [--cli-n 600] [--seed S] [--path P]`
//
// The long fuzz run: the property tests of test/fuzz (the same ones `npm test`
// runs a few thousand cases of) with many more cases, in process (--n) and as
// whole runs of the built program on directories of up to six mutated
// scenarios (--cli-n, each case spawns the program three times). Prints the
// seed first, so any run can be repeated (--cli-n counts processes: three per
// case, two text runs for determinism and one JSON run with -o); on a failure fast-check prints the
// shrunk case, its text, and the seed and path that reproduce it:
//
//   npm run fuzz -- --n 100000 --cli-n 0 --seed 1234 --path "3:1:0"
//
// (a path belongs to one of the two properties: pass --n 0 or --cli-n 0 to
// replay it in the other one's absence)
//
// Exit status: 0 when every case held, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

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
const seed = Number.parseInt(option('seed', String(randomInt(2 ** 31 - 1))), 10);
const path = option('path', undefined);
if (![n, cliN, seed].every(Number.isFinite)) throw new Error('--n, --cli-n and --seed take numbers');

process.stdout.write(`fuzz: ${n} in-process cases, ${cliN} whole-program runs, seed ${seed}${path !== undefined ? `, path ${path}` : ''}\n`);
const t0 = process.hrtime.bigint();
const files = [n > 0 ? 'test/fuzz/fuzz.test.ts' : '', cliN > 0 ? 'test/fuzz/cli.fuzz.test.ts' : ''].filter((f) => f !== '');
const r = spawnSync(process.execPath, [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', ...files], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  stdio: 'inherit',
  env: {
    ...process.env,
    FUZZ_RUNS: String(n),
    FUZZ_CLI_RUNS: String(cliN),
    FUZZ_SEED: String(seed),
    ...(path !== undefined ? { FUZZ_PATH: path } : {}),
  },
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const ok = r.status === 0;
process.stdout.write(`fuzz: ${ok ? '0 failures' : 'FAILED'}: ${n} in-process cases + ${cliN} whole-program runs, seed ${seed}, ${seconds.toFixed(1)} s\n`);
process.exitCode = ok ? 0 : 1;

/**
 * Whole-process fuzzing: the built program (bin/bootreplay.js) on a
 * directory of mutated scenarios with odd file names, as CI would run it
 * on a pull request. For every run:
 *
 * - the exit code is 0, 1 or 2, and nothing is an internal error or a stack trace;
 * - every stderr line is a located problem about one of the files, inside
 *   it, or a `bootreplay:` message; no output line holds a raw control or
 *   format character;
 * - no output line is a GitHub workflow command (`::…` at a line start, `##[`
 *   anywhere), whatever the file names and texts;
 * - `-f json -o FILE` writes valid JSON and leaves every input untouched;
 * - a second run prints the same bytes (the text runs are `-v`, with the fix
 *   search written out, for half of the cases; the JSON run searches fixes in all).
 *
 * `npm test` runs a few; `npm run fuzz` runs FUZZ_CLI_RUNS processes (three per case).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { escapeText, withoutLegacyCommands } from '../../src/escape.js';
import { expectNoCommandLines, expectSafeLines, linesOf } from './properties.js';
import { describeCase, scenarioCase, type Case } from './scenario-arbitraries.js';

const BIN = fileURLToPath(new URL('../../bin/bootreplay.js', import.meta.url));
/** whole-program runs (processes); each case runs the program three times */
const PROCESSES = Number.parseInt(process.env['FUZZ_CLI_RUNS'] ?? '', 10) || 9;
const RUNS = Math.ceil(PROCESSES / 3);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number.parseInt(process.env['FUZZ_SEED'], 10);
const PATH = process.env['FUZZ_PATH'];

/** File names that have broken tools: newlines, escape sequences, bidi overrides, leading dashes, spaces. */
const fileName = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('new\nline', 'esc\u001b[2J', 'rtl\u202eyaml.txt', ' sp ace', '-dash', 'tab\there', 'ü', '\\back', 'p\u2028::q', '::stop-commands::t', '##[x]') },
);

let root = '';
let round = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bootreplay-cli-fuzz-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function run(args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * @param verbose whether the two text runs are `-v` (the fix search of every finding, written as
 *   text; half of the cases, chosen with them): a `-v` run costs twice a plain one, and the JSON
 *   run searches the fixes of every case anyway
 */
function check(cases: readonly { c: Case; name: string }[], verbose: boolean): void {
  const dir = join(root, `r${round++}`);
  const scen = join(dir, 'scen');
  mkdirSync(scen, { recursive: true });
  // the bytes on disk (a lone surrogate in the text is written as U+FFFD), and the text they hold
  const files = new Map<string, string>();
  const bytes = new Map<string, Buffer>();
  cases.forEach(({ c, name }, i) => {
    const file = `${String(i).padStart(2, '0')}${name}.yaml`;
    const b = Buffer.from(c.text);
    writeFileSync(join(scen, file), b);
    files.set(`scen/${file}`, b.toString('utf8'));
    bytes.set(`scen/${file}`, b);
  });
  const textArgs = ['run', 'scen', ...(verbose ? ['-v'] : []), '--layout'];
  const text = run(textArgs, dir);
  const again = run(textArgs, dir);
  const json = run(['run', 'scen', '-f', 'json', '-o', 'report.json'], dir);

  for (const [what, r] of [['text run', text], ['json run', json]] as const) {
    if (r.code !== 0 && r.code !== 1 && r.code !== 2) throw new Error(`${what}: exit ${String(r.code)}\n${r.stderr}`);
    if (/internal error|^\s+at \S|^\w*Error: /m.test(r.stderr)) throw new Error(`${what}: ${r.stderr}`);
    expectSafeLines(r.stdout, `${what} stdout`);
    expectSafeLines(r.stderr, `${what} stderr`);
    expectNoCommandLines(r.stdout, `${what} stdout`);
    expectNoCommandLines(r.stderr, `${what} stderr`);
    for (const line of r.stderr.split('\n').filter((l) => l !== '')) {
      if (line.startsWith('bootreplay: ')) continue;
      // a file name as problem lines show it: escaped, and ##[ as the output layer writes it
      const shown = (f: string): string => withoutLegacyCommands(escapeText(f));
      const about = [...files.keys()].find((f) => line.startsWith(`${shown(f)}:`));
      if (about === undefined) throw new Error(`${what}: a stderr line about no input: ${JSON.stringify(line)}`);
      const pos = /^:(\d+):(\d+): /.exec(line.slice(shown(about).length));
      if (pos !== null) {
        const lines = linesOf(files.get(about) ?? '');
        const [l, col] = [Number(pos[1]), Number(pos[2])];
        if (l < 1 || l > lines.length || col < 1 || col > (lines[l - 1]?.length ?? 0) + 1) throw new Error(`${what}: position outside ${about}: ${line}`);
      }
    }
  }
  if (text.stdout !== again.stdout || text.stderr !== again.stderr || text.code !== again.code) throw new Error('two runs of the same input differ');
  const written = readFileSync(join(dir, 'report.json'), 'utf8');
  JSON.parse(written);
  if (written.includes('##[')) throw new Error('the JSON report holds ##[, which the runner reads as a legacy command');
  for (const [file, content] of bytes) {
    if (!readFileSync(join(dir, file)).equals(content)) throw new Error(`${file} was changed by the run`);
  }
  if (readdirSync(scen).length !== files.size) throw new Error('the run left files in the scenario directory');
  rmSync(dir, { recursive: true, force: true });
}

describe('fuzz: the whole program on directories of mutated scenarios', () => {
  it(`keeps the CLI contract (${RUNS} cases of 1 to 6 files, ${3 * RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(fc.record({ c: scenarioCase, name: fileName }), { minLength: 1, maxLength: 6 }), fc.boolean(), (cases, verbose) => {
        try {
          check(cases, verbose);
        } catch (err) {
          throw new Error(`${err instanceof Error ? err.message : String(err)}\n(text runs ${verbose ? 'with' : 'without'} -v)\n${cases.map(({ c, name }) => `--- file name suffix ${JSON.stringify(name)}\n${describeCase(c)}`).join('\n')}`, { cause: err });
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH !== undefined ? { path: PATH } : {}), endOnFailure: false },
    );
  // A backstop only: each run has its own 30 s hang guard (run()). An idle 2-CPU machine takes about
  // 0.8 s per case, but beside three other fuzz parts and builds (load 10) 600 runs took 560-632 s,
  // and the old 3 s per case failed a run that found nothing.
  }, Math.max(120_000, RUNS * 10_000));
});

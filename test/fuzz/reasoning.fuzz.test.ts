/**
 * Fuzzing of the commands that reason over a scenario rather than report it:
 * diff, bisect, suggest, constraints, layout, trace and `steps --scenario`,
 * on mutated scenarios (scenario-arbitraries.ts), in process: `main()` with
 * argv, stdout and stderr captured (the stdio module is replaced here). The
 * loader, `run` and the report formats have their own fuzz files; these
 * commands were covered only by hand-written tests and break tests.
 *
 * For every command of every case:
 * - the exit code is 0, 1 or 2, and nothing is an internal error or a stack
 *   trace (main() turns a throw into "internal error", which is always a bug);
 * - every stdout and stderr line is one escaped line (no control, format or
 *   separator character) and no line is a GitHub workflow command;
 * - JSON output parses (suggest and constraints over one or two machines, --matrix or not); DOT output has balanced quotes on each line (a name
 *   that broke out of its label would leave one open);
 * - the same command again prints the same bytes (one case in TWICE_EVERY);
 * - every window suggest offers with a move holds: the order moved there has
 *   no error but those suggest says hold everywhere, and none the file lacked;
 * - the edges constraints derives hold (a few per case, one machine): with A
 *   first in the file, B moved just before A or A just after B has a new
 *   finding of the edge's rules; with B first, the file has one;
 * - every fix `run` says it verified holds: the file patched with its edits
 *   (extends + patch:) no longer has the finding and has no new error;
 * - diff B A mirrors diff A B (new one way is fixed the other; changed and
 *   unchanged are the same findings); diff of a file against itself reports no change (exit 0 with
 *   --fail-on any-change); bisect of a file against itself has nothing to
 *   bisect (its JSON report: finding null, no culprits).
 *
 * `npm test` runs a few cases; `npm run fuzz` runs FUZZ_REASONING_RUNS
 * (scripts/fuzz.mjs --reasoning-n). FUZZ_SEED and FUZZ_PATH replay a failure.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { expectNoCommandLines, expectSafeLines } from './properties.js';
import { describePair, orderPair, pairDir, sideText } from './order-arbitraries.js';
import { BASE_FILE, describeCase, scenarioCase, type Case } from './scenario-arbitraries.js';
import type { ReportText } from '../../src/report/report-text.js';

/** What the commands wrote, in order, since the last take(). */
const captured = vi.hoisted(() => ({ out: [] as string[], err: [] as string[] }));

// what the real writes do to the text (withoutRunnerCommands), without the file descriptors
vi.mock('../../src/cli/stdio.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/cli/stdio.js')>();
  const { withoutRunnerCommands } = await import('../../src/escape.js');
  const { textOf } = await import('../../src/report/report-text.js');
  return {
    ...real,
    writeOut: (text: ReportText): void => { captured.out.push(withoutRunnerCommands(textOf(text), false)); },
    writeCommands: (text: ReportText): void => { captured.out.push(withoutRunnerCommands(textOf(text), true)); },
    writeErr: (text: string): void => { captured.err.push(withoutRunnerCommands(text, false)); },
    stdoutFailed: (): boolean => false,
    mayBeTerminal: (): boolean => false,
    isTerminal: async (): Promise<boolean> => false,
  };
});

const { main } = await import('../../src/cli/main.js');

const RUNS = Number.parseInt(process.env['FUZZ_REASONING_RUNS'] ?? '', 10) || 40;
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number.parseInt(process.env['FUZZ_SEED'], 10);
const PATH = process.env['FUZZ_PATH'];
/** one case in this many runs each command twice and compares the bytes */
const TWICE_EVERY = 2;

/** What `extends: base.yaml` of a case reads (as the in-process property does). */
const BASE_TEXT = readFileSync(new URL('../../scenarios/x86_32/2.6.27-rc1-vmi.yaml', import.meta.url), 'utf8');

let root = '';
let round = 0;
/** constraints' edges replayed from outside so far (a run that checked none would prove nothing) */
let edgesChecked = 0;
/** suggest's windows replayed from outside so far */
let windowsChecked = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bootreplay-reasoning-fuzz-'));
  // the edited shipped files are written beside a copy of the tree, so their extends find their bases
  cpSync(new URL('../../scenarios/', import.meta.url), join(root, 'scenarios'), { recursive: true });
});
afterAll(() => { rmSync(root, { recursive: true, force: true }); });

interface Result { readonly code: number; readonly stdout: string; readonly stderr: string }

/** yaml prints its own warnings with console.warn (its browser build, as bundled) unless told to be silent */
const consoleWarn = vi.spyOn(console, 'warn');

async function cli(args: readonly string[]): Promise<Result> {
  captured.out.length = 0;
  captured.err.length = 0;
  consoleWarn.mockClear();
  const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
  process.env['NO_COLOR'] = '1';
  delete process.env['FORCE_COLOR'];
  try {
    const code = await main(['node', 'bootreplay', ...args]);
    // what a library printed itself reaches the real stderr unescaped, beside the command's own lines
    const warned = consoleWarn.mock.calls.map((c) => String(c[0])).join('\n');
    return { code, stdout: captured.out.join(''), stderr: captured.err.join('') + (warned !== '' ? `console.warn: ${warned}\n` : '') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * The contract every command keeps, whatever the input. JSON on stdout is
 * held to JSON's rules instead of the text lines': it parses, and its
 * strings hold user text as it is (JSON.stringify escapes the controls;
 * bidi characters and U+2028 are valid JSON), as the JSON run report does.
 */
function expectContract(r: Result, what: string, json = false): void {
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) throw new Error(`${what}: exit ${r.code}\n${r.stderr}`);
  if (/internal error|^\s+at \S|^\w*Error: |^console\.warn: /m.test(r.stdout + r.stderr)) throw new Error(`${what}: ${r.stderr}${r.stdout}`);
  if (json && r.stdout !== '') JSON.parse(r.stdout);
  else expectSafeLines(r.stdout, `${what} stdout`);
  expectSafeLines(r.stderr, `${what} stderr`);
  expectNoCommandLines(r.stdout, `${what} stdout`);
  expectNoCommandLines(r.stderr, `${what} stderr`);
}

/** Each line of a DOT graph holds an even number of unescaped double quotes: no label was broken out of. */
function expectBalancedDot(dot: string, what: string): void {
  for (const line of dot.split('\n')) {
    const quotes = line.replace(/\\./g, '').split('"').length - 1;
    if (quotes % 2 !== 0) throw new Error(`${what}: unbalanced quotes in ${JSON.stringify(line)}`);
  }
}

interface DiffFindings { readonly findings: Readonly<Record<'new' | 'fixed' | 'changed' | 'unchanged', readonly { readonly key: string }[]>> }

/** The finding keys of one group of a diff report, sorted. */
function keysOf(d: DiffFindings, group: keyof DiffFindings['findings']): string {
  return d.findings[group].map((f) => f.key).sort().join('\n');
}

/** diff A B and diff B A agree: new one way is fixed the other, changed and unchanged are the same findings. */
function expectMirrored(there: string, back: string): void {
  const x = JSON.parse(there) as DiffFindings;
  const y = JSON.parse(back) as DiffFindings;
  for (const [g, h] of [['new', 'fixed'], ['fixed', 'new'], ['changed', 'changed'], ['unchanged', 'unchanged']] as const) {
    if (keysOf(x, g) !== keysOf(y, h)) throw new Error(`diff a b's ${g} findings are not diff b a's ${h}:\n${keysOf(x, g)}\n---\n${keysOf(y, h)}`);
  }
}

interface RunFinding { readonly key: string; readonly rule: string; readonly severity: string; readonly fixEdits?: readonly Record<string, string>[] }
interface RunJson { readonly results: readonly { readonly findings: readonly RunFinding[] }[] }

/** A finding key without its occurrence (`|#2`: the second finding with the same identity). */
function baseKey(key: string): string {
  return key.replace(/\|#\d+$/, '');
}

/** How many findings of each identity (errors only, when asked) a run reported. */
function counted(findings: readonly RunFinding[], errorsOnly: boolean): Map<string, number> {
  const n = new Map<string, number>();
  for (const f of findings) if (!errorsOnly || f.severity === 'error') n.set(baseKey(f.key), (n.get(baseKey(f.key)) ?? 0) + 1);
  return n;
}

/**
 * Every fix `run` calls verified is one: the file extended with the fix's edits as its `patch:` replays
 * without that finding (one fewer of its identity) and with no error the file did not have. The promise
 * of "replayed: removes it and adds no error", checked from outside the search that made it.
 */
async function expectVerifiedFixes(file: string, dir: string, n: number): Promise<void> {
  const r = await cli(['run', file, '-f', 'json']);
  if (r.code === 2) return;
  const report = JSON.parse(r.stdout) as RunJson;
  const [result, ...more] = report.results;
  if (result === undefined || more.length > 0) return; // a matrix: each variant's fix is its own
  const before = counted(result.findings, false);
  const errorsBefore = counted(result.findings, true);
  for (const [i, f] of result.findings.entries()) {
    if (f.fixEdits === undefined || f.fixEdits.length === 0) continue;
    const what = `the fix of ${f.key} (${JSON.stringify(f.fixEdits)})`;
    const findings = await patchedFindings(file, dir, `fuzz-${n}-fix${i}.yaml`, f.fixEdits);
    if (findings === null) throw new Error(`${what} does not load`);
    const key = baseKey(f.key);
    if ((counted(findings, false).get(key) ?? 0) >= (before.get(key) ?? 0)) throw new Error(`${what} leaves the finding: ${findings.map((x) => x.key).join(', ')}`);
    for (const [k, c] of counted(findings, true)) {
      if (c > (errorsBefore.get(k) ?? 0)) throw new Error(`${what} adds the error ${k}`);
    }
  }
}

interface SuggestJson {
  readonly reports: readonly {
    readonly machines: readonly string[];
    readonly calls: readonly {
      readonly call: string;
      readonly everywhere: readonly { readonly key: string }[];
      readonly windows: readonly { readonly text: string; readonly fixEdits?: readonly Record<string, string>[] }[];
    }[];
  }[];
}

/**
 * The findings of `file` extended with `edits` as its patch: and `machine` as its machine: overrides (as
 * `--set machine.K=V` makes a machine); null when it does not load.
 */
async function patchedFindings(file: string, dir: string, name: string, edits: readonly Record<string, string>[], machine: Record<string, string> = {}): Promise<readonly RunFinding[] | null> {
  const patched = join(dir, name);
  const overrides = Object.keys(machine).length > 0 ? { machine } : {};
  writeFileSync(patched, stringify({ extends: file.slice(file.lastIndexOf('/') + 1), ...overrides, ...(edits.length > 0 ? { patch: edits } : {}) }));
  const r = await cli(['run', patched, '-f', 'json']);
  rmSync(patched, { force: true });
  if (r.code === 2) return null;
  return (JSON.parse(r.stdout) as RunJson).results[0]?.findings ?? [];
}

/**
 * The machine: overrides of a suggest machine's name (`file.yaml[memory=1GiB]`) under `--set machine.K=…`
 * ({} for a file without --set), or null for a machine they do not make: a matrix file's variant, whose
 * name has other keys (a file extending the matrix file would replay every variant).
 */
function machineOf(name: string, set: string | null): Record<string, string> | null {
  const bracket = /\[([^\]]*)\]$/.exec(name)?.[1];
  if (set === null) return bracket === undefined ? {} : null;
  const key = /^machine\.(\w+)=/.exec(set)?.[1];
  const value = bracket === undefined || key === undefined ? undefined : new RegExp(`^${key}=([^,]+)$`).exec(bracket)?.[1];
  return key === undefined || value === undefined ? null : { [key]: value };
}

/**
 * Every window suggest offers with a move (fixEdits: the move it verified) is what it says: the order with
 * the call moved there has no error but those suggest lists as holding wherever the call goes, and no
 * error the file did not have, on each machine of the report that offers it (`--set machine.K=V,…`: the
 * file with that machine: override, as the machine is made; a matrix's windows are the intersection of
 * its machines'). Returns how many windows it replayed.
 */
async function expectTrueWindows(file: string, dir: string, n: number, set: string | null): Promise<number> {
  const r = await cli(['suggest', file, '-f', 'json', ...(set !== null ? ['--set', set] : [])]);
  if (r.code === 2) return 0;
  let checked = 0;
  for (const report of (JSON.parse(r.stdout) as SuggestJson).reports) {
    for (const machineName of report.machines) {
      const machine = machineOf(machineName, set);
      if (machine === null) continue;
      const base = await patchedFindings(file, dir, `fuzz-${n}-machine.yaml`, [], machine);
      if (base === null) throw new Error(`suggest answers for ${machineName}, which run refuses`);
      const errorsBefore = counted(base, true);
      for (const c of report.calls) {
        const everywhere = new Set(c.everywhere.map((e) => baseKey(e.key)));
        for (const [i, w] of c.windows.entries()) {
          if (w.fixEdits === undefined) continue;
          checked++;
          const what = `suggest's window for ${c.call} ${w.text} (${JSON.stringify(w.fixEdits)}) on ${machineName}`;
          const findings = await patchedFindings(file, dir, `fuzz-${n}-window${i}.yaml`, w.fixEdits, machine);
          if (findings === null) throw new Error(`${what} does not load`);
          for (const [k, count] of counted(findings, true)) {
            if (!everywhere.has(k)) throw new Error(`${what} has the error ${k}, which suggest does not list as holding everywhere`);
            if (count > (errorsBefore.get(k) ?? 0)) throw new Error(`${what} adds the error ${k}`);
          }
        }
      }
    }
  }
  return checked;
}

interface ConstraintsJson {
  readonly machines: readonly string[];
  /** the calls with an effect, in the file's order (`call#2`: the second of a name) */
  readonly calls: readonly string[];
  readonly edges: readonly { readonly before: string; readonly after: string; readonly labels: readonly { readonly rule: string }[] }[];
}

/** How many edges of a case are replayed from outside (two runs each): spread over the list, not its first few. */
const EDGES_CHECKED = 4;

/**
 * Edges constraints derives hold when replayed from outside (one machine, no --set), as README's
 * constraints section promises: for "A before B" with A first in the file, `B` moved just before `A` or
 * `A` moved just after `B` (the file patched with that move) has a finding of one of the edge's rules that
 * the file lacks; with B first in the file (the file's own bug), the file has a finding of one of them.
 */
async function expectTrueEdges(file: string, dir: string, n: number): Promise<number> {
  const r = await cli(['constraints', file, '-f', 'json']);
  if (r.code === 2 || r.stdout === '') return 0;
  const report = JSON.parse(r.stdout) as ConstraintsJson;
  if (report.machines.length !== 1 || report.edges.length === 0) return 0;
  const base = await cli(['run', file, '-f', 'json']);
  if (base.code === 2) throw new Error(`constraints answers for ${file}, which run refuses: ${base.stderr}`);
  const baseFindings = (JSON.parse(base.stdout) as RunJson).results[0]?.findings ?? [];
  const before = counted(baseFindings, false);
  const picked = Math.min(EDGES_CHECKED, report.edges.length);
  const pick = new Set<number>();
  for (let i = 0; i < picked; i++) pick.add(Math.floor((i * report.edges.length) / picked));
  for (const i of pick) {
    const e = report.edges[i];
    if (e === undefined) continue;
    const rules = new Set(e.labels.map((l) => l.rule));
    const what = `constraints' edge ${e.before} before ${e.after} (${[...rules].join(', ')})`;
    const a = report.calls.indexOf(e.before);
    const b = report.calls.indexOf(e.after);
    if (a < 0 || b < 0) throw new Error(`${what} names a call constraints does not list`);
    if (b < a) {
      if (!baseFindings.some((f) => rules.has(f.rule))) throw new Error(`${what}: the file has ${e.after} first but no finding of the edge's rules`);
      continue;
    }
    const moves = [{ move: e.after, before: e.before }, { move: e.before, after: e.after }];
    let broken = false;
    // the second move only when the first keeps the edge (one of the two must break it)
    for (const [m, move] of moves.entries()) {
      if (broken) break;
      const findings = await patchedFindings(file, dir, `fuzz-${n}-edge${i}-${m}.yaml`, [move]);
      if (findings === null) throw new Error(`${what}: the file patched with ${JSON.stringify(move)} does not load`);
      broken = [...counted(findings, false)].some(([k, c]) => rules.has(k.slice(0, k.indexOf('|'))) && c > (before.get(k) ?? 0));
    }
    if (!broken) throw new Error(`${what}: neither ${e.after} just before ${e.before} nor ${e.before} just after ${e.after} has a new finding of its rules`);
  }
  return pick.size;
}

/** The output formats a case asks each command for (one each: every format of every command doubles the cost). */
interface Formats {
  readonly diff: 'text' | 'json';
  readonly suggest: 'text' | 'json';
  readonly constraints: 'text' | 'json' | 'dot' | 'mermaid';
  readonly bisect: 'text' | 'json';
  /** suggest's and constraints' machines: a --set override (two values make two machines), and --matrix */
  readonly set: string | null;
  readonly matrix: boolean;
}

const formats: fc.Arbitrary<Formats> = fc.record({
  diff: fc.constantFrom('text' as const, 'json' as const),
  suggest: fc.constantFrom('text' as const, 'json' as const),
  constraints: fc.constantFrom('text' as const, 'json' as const, 'dot' as const, 'mermaid' as const),
  bisect: fc.constantFrom('text' as const, 'json' as const),
  // memory fits every architecture; a kernel of one, a key of none and a value out of range are refusals;
  // two arm64 KASLR seeds are two machines there (64-bit values: a bigint matrix was an internal error, helper-176)
  set: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom('machine.memory=1GiB,2GiB', 'machine.memory=3GiB', 'kernel=2.6.27', 'config.nope=1', 'machine.memory=0', 'machine.kaslr_seed=0x1234,0xfedcba9876543210') }),
  matrix: fc.boolean(),
});

/** The commands of one case: `a` is the case's file, `b` the other side (diff and bisect compare them). */
function commands(a: string, b: string, f: Formats): readonly (readonly string[])[] {
  const machines = [...(f.set !== null ? ['--set', f.set] : []), ...(f.matrix ? ['--matrix'] : [])];
  return [
    ['diff', a, b, '-f', f.diff, '--fail-on', 'any-change'],
    ['bisect', a, b, '-f', f.bisect],
    ['suggest', a, '-f', f.suggest, ...machines],
    ['constraints', a, '-f', f.constraints, ...machines],
    ['layout', a],
    ['trace', a, '--all'],
    ['steps', '--scenario', a],
  ];
}

/** Two scenario texts: two edits of one shipped order (mostly loads), or two heavily mutated x86_32 files (mostly refused). */
interface Input {
  readonly a: string;
  readonly b: string;
  /** the directory under scenarios/ to write them in (beside their seed), or null: a directory of their own */
  readonly where: string | null;
  readonly describe: () => string;
}

const input: fc.Arbitrary<Input> = fc.oneof(
  { weight: 3, arbitrary: orderPair.map((p): Input => ({ a: sideText(p, p.a), b: sideText(p, p.b), where: pairDir(p), describe: () => describePair(p) })) },
  {
    weight: 1,
    arbitrary: fc.tuple(scenarioCase, scenarioCase).map(([x, y]: [Case, Case]): Input => ({ a: x.text, b: y.text, where: null, describe: () => `--- a.yaml\n${describeCase(x)}\n--- b.yaml\n${describeCase(y)}` })),
  },
);

async function check(texts: Input, f: Formats, twice: boolean): Promise<void> {
  const n = round++;
  const dir = texts.where !== null ? join(root, 'scenarios', texts.where) : join(root, `r${n}`);
  const a = join(dir, texts.where !== null ? `fuzz-${n}-a.yaml` : 'a.yaml');
  const b = join(dir, texts.where !== null ? `fuzz-${n}-b.yaml` : 'b.yaml');
  if (texts.where === null) {
    // a mutated case's extends: base.yaml reads a shipped scenario beside it
    mkdirSync(dir);
    writeFileSync(join(dir, BASE_FILE), BASE_TEXT);
  }
  writeFileSync(a, texts.a);
  writeFileSync(b, texts.b);
  for (const args of commands(a, b, f)) {
    const what = args.join(' ').replaceAll(dir, '.');
    const r = await cli(args);
    expectContract(r, what, args.includes('json'));
    if (args.includes('dot') && r.code === 0) expectBalancedDot(r.stdout, what);
    if (twice) {
      const again = await cli(args);
      if (again.code !== r.code || again.stdout !== r.stdout || again.stderr !== r.stderr) throw new Error(`${what}: a second run printed other bytes`);
    }
  }
  // the diff the other way round: what is new one way is fixed the other, and the changed ones are the same findings
  const there = await cli(['diff', a, b, '-f', 'json']);
  const back = await cli(['diff', b, a, '-f', 'json']);
  expectContract(there, 'diff a b', true);
  expectContract(back, 'diff b a', true);
  if (there.code !== 2 && back.code !== 2) expectMirrored(there.stdout, back.stdout);
  if (texts.where !== null) {
    await expectVerifiedFixes(a, dir, n);
    // the machines --set makes that load (a memory size): each machine's windows, replayed as that machine
    windowsChecked += await expectTrueWindows(a, dir, n, f.set !== null && f.set.startsWith('machine.memory=') && !f.set.endsWith('=0') ? f.set : null);
    edgesChecked += await expectTrueEdges(a, dir, n);
  }
  // a file against itself: nothing changed, nothing to bisect
  const same = await cli(['diff', a, a, '--fail-on', 'any-change']);
  expectContract(same, 'diff a a');
  if (same.code === 1) throw new Error(`diff a a: exit 1 (a change between a file and itself)\n${same.stdout}`);
  const selfBisect = await cli(['bisect', a, a, '-f', 'json']);
  expectContract(selfBisect, 'bisect a a', true);
  if (selfBisect.code === 0) {
    const j = JSON.parse(selfBisect.stdout) as { finding: unknown; culprits: unknown[] };
    if (j.finding !== null || j.culprits.length > 0) throw new Error(`bisect a a: a finding of a that a lacks\n${selfBisect.stdout}`);
  }
  for (const f of texts.where !== null ? [a, b] : [dir]) rmSync(f, { recursive: true, force: true });
}

describe('fuzz: the reasoning commands on edited and mutated scenarios', () => {
  // Tests share a worker's modules (vitest.config.ts isolate: false): if main() had been loaded with the real
  // stdio before the mock, every output would go to the real stdout and the properties would hold on nothing
  it('captures what the commands write (the stdio mock applies)', async () => {
    const r = await cli(['diff', 'scenarios/arm64/v4.6.yaml', 'scenarios/arm64/v4.7.yaml']);
    if (!r.stdout.startsWith('--- scenarios/arm64/v4.6.yaml  Linux v4.6 arm64 boot')) throw new Error(`nothing captured (exit ${r.code}): ${JSON.stringify(r.stdout.slice(0, 200))}`);
  });

  it(`keep the CLI contract: diff, bisect, suggest, constraints, layout, trace, steps --scenario (${RUNS} cases, 1 in ${TWICE_EVERY} twice)`, async () => {
    await fc.assert(
      fc.asyncProperty(input, formats, fc.nat({ max: TWICE_EVERY - 1 }), async (texts, f, pick) => {
        try {
          await check(texts, f, pick === 0);
        } catch (err) {
          throw new Error(`${err instanceof Error ? err.message : String(err)}\nformats: ${JSON.stringify(f)}\n${texts.describe()}`, { cause: err });
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH !== undefined ? { path: PATH } : {}), endOnFailure: false },
    );
    // three quarters of the cases edit a shipped order, most of which have edges: none checked means the check broke
    if (RUNS >= 20 && PATH === undefined && edgesChecked === 0) throw new Error(`no constraints edge was replayed in ${RUNS} cases`);
    if (RUNS >= 20 && PATH === undefined && windowsChecked === 0) throw new Error(`no suggest window was replayed in ${RUNS} cases`);
  }, Math.max(120_000, RUNS * 20_000));
});

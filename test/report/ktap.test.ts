/**
 * KTAP version 1 (Documentation/dev-tools/ktap.rst), read back by a strict
 * reader of the spec: version line, plan, numbered results at each nesting
 * level (two spaces per level), `#` directives, and no line that a hostile
 * name could forge. And, since valid KTAP is valid TAP at its top level,
 * by node-tap's TAP parser (tap-parser).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { formatKtap } from '../../src/report/ktap.js';
import { CTX, RC1_VMI, ROOT, reportOf, shipped, withoutExpect } from './helpers.js';

/** linux v5.17's kunit_parser.py (test/report/fixtures/kunit-v5.17), run when python3 is installed */
const PYTHON = spawnSync('python3', ['--version']).status === 0;
const KUNIT_5_17 = join(ROOT, 'test/report/fixtures/kunit-v5.17/read.py');

interface KunitTest {
  readonly status: string;
  readonly name: string;
  readonly errors: number;
  readonly subtests: readonly KunitTest[];
}

interface KtapTest {
  readonly ok: boolean;
  readonly name: string;
  readonly directive: string;
  readonly subtests: readonly KtapTest[];
  /** the `# Subtest: NAME` line of its subtests' block, if any */
  readonly subtestHeader: string | undefined;
  readonly diagnostics: readonly string[];
}

/** Reads one KTAP block at `indent`; throws on anything the spec does not allow. `header` gets a nested block's `# Subtest: NAME`. */
function readBlock(lines: readonly string[], at: { i: number }, indent: number, header: { name?: string } = {}): KtapTest[] {
  const pad = ' '.repeat(indent);
  const version = lines[at.i++];
  if (version !== `${pad}KTAP version 1`) throw new Error(`line ${at.i}: expected "${pad}KTAP version 1", got ${JSON.stringify(version)}`);
  const subtest = /^# Subtest: (.*)$/.exec((lines[at.i] ?? '').slice(indent));
  if (subtest !== null && indent > 0) { header.name = subtest[1] ?? ''; at.i++; }
  const plan = /^(\d+)\.\.(\d+)$/.exec((lines[at.i++] ?? '').slice(indent));
  if (plan === null || plan[1] !== '1') throw new Error(`line ${at.i}: expected a plan 1..N`);
  const tests: KtapTest[] = [];
  let pendingSubtests: KtapTest[] = [];
  let pendingHeader: { name?: string } = {};
  let diagnostics: string[] = [];
  while (at.i < lines.length) {
    const line = lines[at.i] ?? '';
    if (line === '') { at.i++; continue; }
    if (!line.startsWith(pad) || line[indent] === ' ') {
      if (line.startsWith(`${pad}  KTAP version 1`)) { pendingHeader = {}; pendingSubtests = readBlock(lines, at, indent + 2, pendingHeader); continue; }
      break;
    }
    const body = line.slice(indent);
    if (body.startsWith('# ')) { diagnostics.push(body.slice(2)); at.i++; continue; }
    const result = /^(ok|not ok) (\d+)(?: ([^#]*?))?(?: # (.*))?$/.exec(body);
    if (result === null) throw new Error(`line ${at.i + 1}: not a KTAP line: ${JSON.stringify(line)}`);
    if (Number(result[2]) !== tests.length + 1) throw new Error(`line ${at.i + 1}: test ${result[2]}, expected ${tests.length + 1}`);
    tests.push({ ok: result[1] === 'ok', name: result[3] ?? '', directive: result[4] ?? '', subtests: pendingSubtests, subtestHeader: pendingHeader.name, diagnostics });
    pendingSubtests = [];
    pendingHeader = {};
    diagnostics = [];
    at.i++;
  }
  if (tests.length !== Number(plan[2])) throw new Error(`plan 1..${plan[2]} but ${tests.length} tests at indent ${indent}`);
  return tests;
}

function readKtap(text: string): KtapTest[] {
  const lines = text.split('\n');
  const at = { i: 0 };
  const tests = readBlock(lines, at, 0);
  if (lines.slice(at.i).some((l) => l !== '')) throw new Error(`trailing lines from ${at.i + 1}`);
  return tests;
}

describe('--format ktap', () => {
  const bare = withoutExpect(shipped(RC1_VMI));
  const report = reportOf([
    { file: RC1_VMI, text: shipped(RC1_VMI) },
    { file: 'scenarios/x86_32/2.6.28-vmi.yaml', text: shipped('scenarios/x86_32/2.6.28-vmi.yaml') },
    { file: 'copies/rc1#live.yaml', text: `${bare}allow:\n  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "tracked\\nnot ok 1 forged # SKIP"}\n` },
  ]);
  const text = formatKtap(report, CTX);

  it('reads back as KTAP version 1: one test per scenario, a subtest per finding', () => {
    const tests = readKtap(text);
    expect(tests.map((t) => [t.ok, t.name, t.directive])).toEqual([
      [true, RC1_VMI, 'SKIP expected: reproduces the known bug'],
      [true, 'scenarios/x86_32/2.6.28-vmi.yaml', ''],
      [false, 'copies/rc1%23live.yaml', ''],
    ]);
    expect(tests[0]?.subtests.map((t) => [t.ok, t.name, t.directive])).toEqual([
      [true, 'fixmap-before-relocation:init_memory_mapping', 'SKIP expected: reproduces the known bug'],
      [true, 'fixmap-before-relocation:dmi_scan_machine', 'SKIP expected: reproduces the known bug'],
    ]);
    // 2.6.28 scans DMI before efi_init (2.6.29 swapped them): a warning, harmless on this BIOS machine
    expect(tests[1]?.subtests.map((t) => [t.ok, t.name, t.directive])).toEqual([[true, 'missing-prerequisite:dmi_scan_machine', '']]);
    expect(tests[2]?.subtests.map((t) => [t.ok, t.directive])).toEqual([[false, ''], [true, 'SKIP suppressed: tracked\\nnot ok 1 forged # SKIP']]);
  });

  it('diagnostic lines carry each finding in the file:line:col shape, with -v the consequence and fix', () => {
    const [, , live] = readKtap(text);
    expect(live?.subtests[0]?.diagnostics[0]).toMatch(/^copies\/rc1#live\.yaml:45:5: error fixmap-before-relocation: init_memory_mapping builds/);
    expect(live?.subtests[0]?.diagnostics).toContainEqual(expect.stringMatching(/^fix: move vmi_init \(step 41\) right after find_low_pfn_range \(step 27\); replayed: no error left/));
    const quiet = readKtap(formatKtap(report, { ...CTX, verbose: false }));
    expect(quiet[2]?.subtests[0]?.diagnostics).toHaveLength(1);
  });

  it('is TAP too, as ktap.rst requires: node-tap\'s parser reads the scenarios, their verdicts and SKIPs', () => {
    let final: FinalResults | undefined;
    const parser = new Parser((r) => { final = r; });
    parser.end(text);
    expect(final?.plan.end).toBe(3);
    expect([final?.count, final?.pass, final?.fail, final?.skip]).toEqual([3, 2, 1, 1]);
    expect(final?.failures.map((f) => f.name)).toEqual(['copies/rc1%23live.yaml']);
  });

  it('each nested block starts with `# Subtest: NAME`, NAME the parent result\'s name, as kunit prints it', () => {
    const tests = readKtap(text);
    expect(tests.map((t) => [t.subtestHeader, t.name])).toEqual([[RC1_VMI, RC1_VMI], ['scenarios/x86_32/2.6.28-vmi.yaml', 'scenarios/x86_32/2.6.28-vmi.yaml'], ['copies/rc1%23live.yaml', 'copies/rc1%23live.yaml']]);
    expect(text).toContain(`  KTAP version 1\n  # Subtest: ${RC1_VMI}\n  1..2\n`);
  });

  it.skipIf(!PYTHON)('linux 5.17\'s kunit_tool reads it without an error: the nesting, names and verdicts (skipped without python3)', () => {
    const run = spawnSync('python3', [KUNIT_5_17], { input: text, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { tree, printed } = JSON.parse(run.stdout) as { tree: KunitTest; printed: string };
    // without `# Subtest:` it read rc1's nested version line as the main header: "Expected test number 2 but found 1"
    expect(printed.split('\n').filter((l) => /\[ERROR\]|Expected test number|missing (expected )?subtest/.test(l))).toEqual([]);
    const shape = (t: KunitTest): unknown => [t.name, t.status, t.errors, t.subtests.map(shape)];
    expect(shape(tree)).toEqual(['main', 'FAILURE', 0, [
      [RC1_VMI, 'SKIPPED', 0, [['fixmap-before-relocation:init_memory_mapping', 'SKIPPED', 0, []], ['fixmap-before-relocation:dmi_scan_machine', 'SKIPPED', 0, []]]],
      ['scenarios/x86_32/2.6.28-vmi.yaml', 'SUCCESS', 0, [['missing-prerequisite:dmi_scan_machine', 'SUCCESS', 0, []]]],
      ['copies/rc1%23live.yaml', 'FAILURE', 0, [['fixmap-before-relocation:init_memory_mapping', 'FAILURE', 0, []], [expect.stringMatching(/^fixmap-before-relocation:dmi_scan_machine/), 'SKIPPED', 0, []]]],
    ]]);
    // (5.17's TEST_RESULT_SKIP, `(.*) # SKIP(.*)$`, is greedy: the hostile reason's own "# SKIP" ends the name there)
  });

  it('a shard that holds no scenario is one skipped test, not `1..0`: kunit_tool 5.17 reads it without an error, node-tap as a skip (review 9, 4.2)', () => {
    const shard = { index: 3, count: 4, units: ['a.yaml', 'b.yaml'], options: { format: 'ktap', verbose: false, layout: false, allow: true, baseline: null, variant: null, maxFindings: 8192 }, maxFindingsAt: [] } as const;
    const empty = formatKtap({ results: [], problems: [], baseline: false, absent: [], shard }, CTX);
    expect(empty).toBe('KTAP version 1\n1..1\n# bootreplay 0.0.0-test\nok 1 shard 3/4 # SKIP 0 of 2 scenarios in shard 3/4\n');
    // one scenario is one, as the text summary says it (break-253 N5)
    expect(formatKtap({ results: [], problems: [], baseline: false, absent: [], shard: { ...shard, units: ['a.yaml'] } }, CTX)).toContain('# SKIP 0 of 1 scenario in shard 3/4\n');
    let final: FinalResults | undefined;
    const parser = new Parser((r) => { final = r; });
    parser.end(empty);
    expect([final?.ok, final?.count, final?.fail, final?.skip]).toEqual([true, 1, 0, 1]);
    if (!PYTHON) return;
    const kunit = (input: string): { tree: KunitTest; printed: string } => JSON.parse(spawnSync('python3', [KUNIT_5_17], { input, encoding: 'utf8' }).stdout) as { tree: KunitTest; printed: string };
    const read = kunit(empty);
    expect([read.tree.status, read.tree.errors, read.printed.split('\n').filter((l) => l.includes('[ERROR]'))]).toEqual(['SKIPPED', 0, []]);
    // what `1..0` (and TAP's skip-all `1..0 # SKIP …`) gave: an error, "0 tests run!"
    for (const plan of ['1..0', '1..0 # SKIP 0 of 2 scenarios in shard 3/4']) {
      const none = kunit(`KTAP version 1\n${plan}\n# bootreplay 0.0.0-test\n`);
      expect([none.tree.status, none.tree.errors], plan).toEqual(['NO_TESTS', 1]);
    }
  });

  it('a hostile reason or name cannot add a line or end a description', () => {
    expect(text.split('\n').filter((l) => /^\s*(not )?ok \d+ /.test(l))).toHaveLength(3 + 2 + 1 + 2); // scenarios, rc1's subtests, 2.6.28's DMI warning, rc1#live's subtests
  });
});

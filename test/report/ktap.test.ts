/**
 * KTAP version 1 (Documentation/dev-tools/ktap.rst), read back by a strict
 * reader of the spec: version line, plan, numbered results at each nesting
 * level (two spaces per level), `#` directives, and no line that a hostile
 * name could forge. And, since valid KTAP is valid TAP at its top level,
 * by node-tap's TAP parser (tap-parser).
 */
import { Parser, type FinalResults } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { formatKtap } from '../../src/report/ktap.js';
import { CTX, RC1_VMI, reportOf, shipped, withoutExpect } from './helpers.js';

interface KtapTest {
  readonly ok: boolean;
  readonly name: string;
  readonly directive: string;
  readonly subtests: readonly KtapTest[];
  readonly diagnostics: readonly string[];
}

/** Reads one KTAP block at `indent`; throws on anything the spec does not allow. */
function readBlock(lines: readonly string[], at: { i: number }, indent: number): KtapTest[] {
  const pad = ' '.repeat(indent);
  const version = lines[at.i++];
  if (version !== `${pad}KTAP version 1`) throw new Error(`line ${at.i}: expected "${pad}KTAP version 1", got ${JSON.stringify(version)}`);
  const plan = /^(\d+)\.\.(\d+)$/.exec((lines[at.i++] ?? '').slice(indent));
  if (plan === null || plan[1] !== '1') throw new Error(`line ${at.i}: expected a plan 1..N`);
  const tests: KtapTest[] = [];
  let pendingSubtests: KtapTest[] = [];
  let diagnostics: string[] = [];
  while (at.i < lines.length) {
    const line = lines[at.i] ?? '';
    if (line === '') { at.i++; continue; }
    if (!line.startsWith(pad) || line[indent] === ' ') {
      if (line.startsWith(`${pad}  KTAP version 1`)) { pendingSubtests = readBlock(lines, at, indent + 2); continue; }
      break;
    }
    const body = line.slice(indent);
    if (body.startsWith('# ')) { diagnostics.push(body.slice(2)); at.i++; continue; }
    const result = /^(ok|not ok) (\d+)(?: ([^#]*?))?(?: # (.*))?$/.exec(body);
    if (result === null) throw new Error(`line ${at.i + 1}: not a KTAP line: ${JSON.stringify(line)}`);
    if (Number(result[2]) !== tests.length + 1) throw new Error(`line ${at.i + 1}: test ${result[2]}, expected ${tests.length + 1}`);
    tests.push({ ok: result[1] === 'ok', name: result[3] ?? '', directive: result[4] ?? '', subtests: pendingSubtests, diagnostics });
    pendingSubtests = [];
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
    expect(tests[1]?.subtests).toEqual([]);
    expect(tests[2]?.subtests.map((t) => [t.ok, t.directive])).toEqual([[false, ''], [true, 'SKIP suppressed: tracked not ok 1 forged # SKIP']]);
  });

  it('diagnostic lines carry each finding in the file:line:col shape, with -v the consequence and fix', () => {
    const [, , live] = readKtap(text);
    expect(live?.subtests[0]?.diagnostics[0]).toMatch(/^copies\/rc1#live\.yaml:40:5: error fixmap-before-relocation: init_memory_mapping builds/);
    expect(live?.subtests[0]?.diagnostics).toContainEqual(expect.stringMatching(/^fix: move vmi_init \(step 35\) after find_low_pfn_range \(step 21\); replayed: no error left/));
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

  it('a hostile reason or name cannot add a line or end a description', () => {
    expect(text.split('\n').filter((l) => /^\s*(not )?ok \d+ /.test(l))).toHaveLength(3 + 2 + 2);
  });
});

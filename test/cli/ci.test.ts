/**
 * The CI features end to end, through the built CLI as a CI job runs it:
 * expect:/allow: gates and their exit codes, baselines, shards and merge,
 * GitHub's job summary, and byte-identical output of every format.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, lchownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/gate/shard.js';
import { copySmallCorpus } from '../small-corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const T = 120_000;
const RC1_VMI = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';
const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'ktap', 'html'];

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: readonly string[], cwd = ROOT, env: Readonly<Record<string, string>> = {}): Run {
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete e.FORCE_COLOR;
  delete e.GITHUB_STEP_SUMMARY;
  Object.assign(e, env);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/bootreplay.js'), ...args], { cwd, env: e, encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bootreplay-ci-'));
  dirs.push(d);
  return d;
}
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

beforeAll(() => {
  if (existsSync(join(ROOT, 'dist/bootreplay.cjs'))) return;
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}, 180_000);

/** A copy of the shipped scenarios in a fresh directory (cwd of the run), so tests may edit them. */
function copyScenarios(): string {
  const d = tmp();
  cpSync(join(ROOT, 'scenarios'), join(d, 'scenarios'), { recursive: true });
  return d;
}

/**
 * A few shipped scenarios (test/small-corpus.ts) in a fresh directory: enough for what merge and baselines
 * refuse and for each format's renderer, at a tenth of the whole corpus's replays.
 */
function smallCorpus(): string {
  return copySmallCorpus(tmp());
}

interface Counts { readonly scenarios: number; readonly expected: number; readonly warnings: number }
let shippedCache: Counts | undefined;
/**
 * What `run scenarios/` covers in cwd, counted from the JSON report its --update-baseline writes (so a new
 * scenario needs no edit here): the results, findings, states and severities of -f json, from a text run,
 * which verifies no fix hints (about 0.6 s over the shipped scenarios, where -f json takes about 5 s).
 */
function counts(cwd: string): Counts {
  const out = join(tmp(), 'counts.json');
  const r = cli(['run', 'scenarios/', '--update-baseline', out], cwd);
  if (r.code !== 0) throw new Error(`run scenarios/ --update-baseline exited ${String(r.code)}:\n${r.stdout}${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { results: { findings: { state: string; severity: string }[] }[] };
  const findings = report.results.flatMap((x) => x.findings);
  return {
    scenarios: report.results.length,
    expected: findings.filter((f) => f.state === 'expected').length,
    warnings: findings.filter((f) => f.state === 'live' && f.severity === 'warning').length,
  };
}
/** counts() of the shipped scenarios, once. */
function shipped(): Counts {
  shippedCache ??= counts(ROOT);
  return shippedCache;
}

describe('expect: keeps the regressions green while they reproduce', () => {
  it('run scenarios/ exits 0 with every shipped regression reproduced as expected', { timeout: T }, () => {
    const r = cli(['run', 'scenarios/']);
    expect(r.code).toBe(0);
    const n = shipped();
    expect(r.stdout).toContain(`\n${n.scenarios} scenarios: 0 failed, ${n.scenarios} passed; 0 errors, ${n.warnings} warning${n.warnings === 1 ? '' : 's'}; ${n.expected} expected`);
  });

  it('exits 1 when a regression scenario stops reproducing (vmi_init moved before the fixmap users)', { timeout: T }, () => {
    const d = copyScenarios();
    const file = join(d, RC1_VMI);
    const text = readFileSync(file, 'utf8');
    // the rc2 proposal: vmi_init right after find_low_pfn_range
    const edited = text.replace(/ {2}- call: vmi_init\n {4}note:[^\n]*\n(?: {6}[^\n]*\n)*/, '').replace('  - find_low_pfn_range\n', '  - find_low_pfn_range\n  - vmi_init\n');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const r = cli(['run', 'scenarios/'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${RC1_VMI.replace(/[.]/g, '\\.')}:\\d+:5: error unmet-expectation: expected fixmap-before-relocation at init_memory_mapping, which did not occur`, 'm'));
    expect(r.stdout).toMatch(/^FAIL scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml .* 2 unmet expectations$/m);
  });

  it('allow: suppresses with a reason (counted, listed with -v); --no-allow counts them again; an unused allow is reported', { timeout: T }, () => {
    const d = copyScenarios();
    const file = join(d, RC1_VMI);
    const text = readFileSync(file, 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '')
      + 'allow:\n  - {rule: fixmap-before-relocation, step: init_memory_mapping, reason: "the rc1 VMI regression, fixed in rc3"}\n'
      + '  - {rule: fixmap-before-relocation, step: dmi_scan_machine, reason: "same"}\n  - {rule: stale-early-ioremap, step: dmi_scan_machine, reason: "stale"}\n';
    writeFileSync(file, text);
    const quiet = cli(['run', RC1_VMI], d);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('suppressed error');
    expect(quiet.stdout).toMatch(/warning unused-allow: allow: stale-early-ioremap at dmi_scan_machine matched no finding; remove it$/m);
    expect(quiet.stdout).toMatch(/^1 scenario: 0 failed, 1 passed; 0 errors, 0 warnings; 2 suppressed, 1 unused allow/m);
    const verbose = cli(['run', '-v', RC1_VMI], d);
    expect(verbose.stdout).toMatch(/:45:5: suppressed error fixmap-before-relocation: /);
    expect(verbose.stdout).toMatch(/^ {4}allowed at scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml:\d+:5: the rc1 VMI regression, fixed in rc3$/m);
    const live = cli(['run', '--no-allow', RC1_VMI], d);
    expect(live.code).toBe(1);
    expect(live.stdout).toMatch(/:45:5: error fixmap-before-relocation: /);
    expect(live.stdout).not.toContain('unused-allow');
  });

  it('an expect: entry with an unknown rule or step is invalid input (exit 2), located, with did-you-mean', { timeout: T }, () => {
    const d = copyScenarios();
    const file = join(d, RC1_VMI);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('rule: fixmap-before-relocation, step: init', 'rule: fixmap-before-relocaton, step: init'));
    const rule = cli(['run', RC1_VMI], d);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/^scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml:80:12: expect\[0\]\.rule: unknown value "fixmap-before-relocaton" \(did you mean fixmap-before-relocation\?\)/m);
    // steps are checked once the file is otherwise valid (against setup_arch and the implicit steps)
    writeFileSync(file, text.replace('step: dmi_scan_machine}', 'step: dmi_scan_machin}'));
    const step = cli(['run', RC1_VMI], d);
    expect(step.code).toBe(2);
    expect(step.stderr).toBe('scenarios/x86_32/2.6.27-rc1-vmi.yaml:81:38: expect[1].step: dmi_scan_machin is neither in setup_arch nor an implicit step (head_32) (did you mean dmi_scan_machine?)\n');
  });
});

describe('baselines', () => {
  it('--baseline with another --update-baseline is a usage error before replaying; the same file (a refresh) is fine (helper-185 7)', { timeout: T }, () => {
    const d = smallCorpus();
    expect(cli(['run', 'scenarios/', '--update-baseline', 'a.json'], d).code).toBe(0);
    const both = cli(['run', 'scenarios/', '--baseline', 'a.json', '--update-baseline', 'b.json'], d);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('bootreplay: --baseline a.json with --update-baseline b.json: a run that writes a baseline gates against the baseline it writes, so a.json would not be used; give --update-baseline alone, or the same file to both to refresh it\n');
    expect(readdirSync(d).sort()).toEqual(['a.json', 'scenarios']);
    expect(cli(['run', 'scenarios/', '--baseline', 'a.json', '--update-baseline', './a.json'], d).code).toBe(0);
  });

  it('--update-baseline writes the report (atomically) and passes; --baseline then fails only on new findings', { timeout: T }, () => {
    // the small corpus (test/small-corpus.ts) has both files edited here, expected errors, live warnings and
    // other fixmap-before-relocation findings; its -f json and -f sarif runs take a tenth of the whole's
    const d = smallCorpus();
    const n = counts(d);
    const file = join(d, RC1_VMI);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, ''));
    expect(cli(['run', 'scenarios/'], d).code).toBe(1);
    const up = cli(['run', 'scenarios/', '--update-baseline', 'baseline.json'], d);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`; ${n.expected - 2} expected, ${n.warnings + 2} in baseline`);
    expect(readdirSync(d).sort()).toEqual(['baseline.json', 'scenarios']);
    const json = JSON.parse(readFileSync(join(d, 'baseline.json'), 'utf8')) as { version: number; summary: { errors: number }; results: { file: string; findings: unknown[]; layout: unknown }[] };
    expect(json.version).toBe(1);
    // the JSON report, as -f json writes it, though this run's own output is text: layouts included
    expect(json.results.filter((r) => r.layout === null).map((r) => r.file)).toEqual(JSON.parse(cli(['run', 'scenarios/', '-f', 'json'], d).stdout).results.filter((r: { layout: unknown }) => r.layout === null).map((r: { file: string }) => r.file));
    expect(json.results.some((r) => r.layout !== null)).toBe(true);
    // one line on stderr says what was written, read back from the file (review 20, F5)
    const accepted = json.results.reduce((n, r) => n + r.findings.length, 0);
    expect(up.stderr).toBe(`bootreplay: baseline baseline.json written: ${accepted} findings of ${new Set(json.results.map((r) => r.file)).size} files accepted\n`);
    expect(json.summary.errors).toBe(2);
    expect(cli(['run', 'scenarios/', '--baseline', 'baseline.json'], d).code).toBe(0);
    // a new error in another scenario fails; the baselined ones do not (bare metal becomes a VMI host)
    const other = join(d, 'scenarios/x86_32/2.6.27-rc1-bare-metal.yaml');
    writeFileSync(other, readFileSync(other, 'utf8').replace('hypervisor: none', 'hypervisor: vmi'));
    const r = cli(['run', 'scenarios/', '--baseline', 'baseline.json', '-f', 'sarif'], d);
    expect(r.code).toBe(1);
    const states = (JSON.parse(r.stdout) as { runs: { results: { ruleId: string; baselineState: string }[] }[] }).runs[0]?.results.map((x) => `${x.ruleId}:${x.baselineState}`);
    expect(states?.filter((s) => s.endsWith(':new'))).toEqual(['x86_32/fixmap-before-relocation:new', 'x86_32/fixmap-before-relocation:new']);
    // every other fixmap-before-relocation finding (rc1-vmi's 2, now baselined, and the expected ones) is unchanged
    const all = states?.filter((s) => s.startsWith('x86_32/fixmap-before-relocation:')) ?? [];
    // (the small corpus has such findings besides the two new ones: the count below is not vacuous)
    expect(all.length).toBeGreaterThan(2);
    expect(states?.filter((s) => s === 'x86_32/fixmap-before-relocation:unchanged')).toHaveLength(all.length - 2);
  });

  it('--update-baseline exits 0 once written, 1 when an expect: of a scenario is unmet, 2 on an input problem (then nothing is written; review 20, F5)', { timeout: T }, () => {
    const d = tmp();
    const bare = readFileSync(join(ROOT, RC1_VMI), 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
    writeFileSync(join(d, 'live.yaml'), bare);
    // a finding the order does not have: expected, it stays unmet whatever the baseline accepts
    writeFileSync(join(d, 'unmet.yaml'), `${bare}expect:\n  - {rule: stale-early-ioremap, step: dmi_scan_machine}\n`);
    writeFileSync(join(d, 'bad.yaml'), 'name: [\n');
    expect(cli(['run', 'live.yaml', '--update-baseline', 'a.json'], d)).toMatchObject({ code: 0, stderr: 'bootreplay: baseline a.json written: 2 findings of 1 file accepted\n' });
    const unmet = cli(['run', 'unmet.yaml', '--update-baseline', 'b.json'], d);
    expect(unmet.code).toBe(1);
    expect(unmet.stdout).toMatch(/unmet-expectation: expected stale-early-ioremap at dmi_scan_machine/);
    expect(unmet.stderr).toBe('bootreplay: baseline b.json written: 2 findings of 1 file accepted\n');
    const bad = cli(['run', 'live.yaml', 'bad.yaml', '--update-baseline', 'c.json'], d);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bootreplay: baseline not written: 1 input problem \(above\)/);
    expect(readdirSync(d).sort()).toEqual(['a.json', 'b.json', 'bad.yaml', 'live.yaml', 'unmet.yaml']);
  });

  it('a missing or foreign baseline is invalid input', { timeout: T }, () => {
    // refused before replaying: no report that gates without the baseline
    expect(cli(['run', RC1_VMI, '--baseline', 'nope.json'])).toMatchObject({ code: 2, stdout: '', stderr: 'nope.json: cannot read the baseline: no such file (write one with --update-baseline)\n' });
    const d = tmp();
    writeFileSync(join(d, 'x.json'), '[]');
    const r = cli(['run', RC1_VMI, '--baseline', join(d, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.json:1:1: not a bootreplay JSON report of format version 1/);
    // exit 2's file:line:col (docs/ci.md) holds for a baseline too: here the bad severity's line
    writeFileSync(join(d, 'y.json'), '{\n  "version": 1,\n  "results": [\n    {"file": "a.yaml", "findings": [\n      {"rule": "r", "severity": "fatal", "key": "k", "message": "m", "line": 1, "column": 1}\n    ]}\n  ]\n}\n');
    expect(cli(['run', RC1_VMI, '--baseline', join(d, 'y.json')]).stderr).toMatch(/y\.json:5:33: not a bootreplay JSON report of format version 1 \(at results\.0\.findings\.0\.severity: /);
  });

  it('a baseline file gates one file replayed: written inside vmi/, it does not gate a copy new/rc1.yaml, and says so (review 9, 1.1)', { timeout: T }, () => {
    const d = tmp();
    const bare = readFileSync(join(ROOT, RC1_VMI), 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
    mkdirSync(join(d, 'scenarios/vmi'), { recursive: true });
    writeFileSync(join(d, 'scenarios/vmi/rc1.yaml'), bare);
    cpSync(join(ROOT, 'scenarios/x86_32/2.6.28-vmi.yaml'), join(d, 'scenarios/vmi/v28.yaml'));
    expect(cli(['run', '.', '--update-baseline', '../../bl.json'], join(d, 'scenarios/vmi')).code).toBe(0);
    // from the top: each baseline file has one suffix partner, so the baseline still gates
    expect(cli(['run', 'scenarios/', '--baseline', 'bl.json'], d)).toMatchObject({ code: 0, stderr: '' });
    mkdirSync(join(d, 'scenarios/new'));
    writeFileSync(join(d, 'scenarios/new/rc1.yaml'), bare);
    const r = cli(['run', 'scenarios/', '--baseline', 'bl.json'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL scenarios\/new\/rc1\.yaml .*\nFAIL scenarios\/vmi\/rc1\.yaml .*\nPASS scenarios\/vmi\/v28\.yaml .* 1 in baseline$/m);
    expect(r.stderr).toContain('bootreplay: note: the baseline bl.json names rc1.yaml, which matches 2 files replayed by path suffix (scenarios/new/rc1.yaml, scenarios/vmi/rc1.yaml), '
      + 'so it stands for none of them and their findings count as new; name the files from the directory the baseline was written in, or write it again from here\n');
  });
});

describe('shards and merge', () => {
  /** How many scenario files of scenarios/x86_32 are copied under other names, in each of two folders. */
  const COPIED = 6;
  /**
   * Copies of a few scenario files of d's scenarios/x86_32 in two other folders (the same base names in
   * different directories), so that every shard has some; returns how many scenarios that adds.
   */
  function addCopies(d: string): number {
    const some = readdirSync(join(d, 'scenarios/x86_32')).filter((f) => f.endsWith('.yaml')).sort().slice(0, COPIED);
    for (const f of some) {
      for (const k of [1, 2]) cpSync(join(d, 'scenarios/x86_32', f), join(d, `scenarios/copy${k}`, f));
    }
    return 2 * some.length;
  }

  /** Runs scenarios/ in d unsharded and as each of n shards (-f json), and merges the shards back. */
  function shardAndMerge(d: string, scenarios: number, shardCounts: readonly number[]): void {
    const whole = cli(['run', 'scenarios/', '-f', 'json'], d);
    expect(whole.code).toBe(0);
    expect((JSON.parse(whole.stdout) as { results: unknown[] }).results).toHaveLength(scenarios);
    for (const n of shardCounts) {
      const files: string[] = [];
      const counts: number[] = [];
      for (let i = 1; i <= n; i++) {
        const out = `shard-${i}-of-${n}.json`;
        const r = cli(['run', 'scenarios/', '-f', 'json', '--shard', `${i}/${n}`, '-o', out], d);
        expect(r.code, `${i}/${n}`).toBe(0);
        counts.push((JSON.parse(readFileSync(join(d, out), 'utf8')) as { results: unknown[] }).results.length);
        files.push(out);
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBe(scenarios);
      if (n === 5) expect(counts.filter((c) => c > 0).length).toBeGreaterThan(2);
      const merged = cli(['merge', ...files.reverse()], d);
      expect(merged.code).toBe(0);
      expect(merged.stdout).toBe(whole.stdout);
    }
  }

  it('1, 2 and 5 shards, merged, give the unsharded report byte for byte', { timeout: T }, () => {
    // 5 shards over every shipped scenario (and copies), the one check of the merged report over the whole
    // corpus; 1 and 2 shards over the small corpus (and copies): the same sharding and merging at a tenth
    // of the replays (-f json verifies fix hints, 5 s a run over the whole; this test took 33 s with all three
    // counts over the whole)
    const whole = copyScenarios();
    shardAndMerge(whole, shipped().scenarios + addCopies(whole), [5]);
    const small = smallCorpus();
    const scenarios = counts(small).scenarios;
    shardAndMerge(small, scenarios + addCopies(small), [1, 2]);
  });

  it('a baseline is of the whole tree: --update-baseline with --shard is refused, a shard\'s report is no baseline, merged shards are', { timeout: T }, () => {
    const d = smallCorpus();
    // refused before replaying: nothing written, no report
    const sharded = cli(['run', 'scenarios/', '--shard', '1/2', '--update-baseline', 'bl.json'], d);
    expect(sharded).toMatchObject({ code: 2, stdout: '' });
    expect(sharded.stderr).toMatch(/^bootreplay: --update-baseline cannot be used with --shard: a shard replays part of the scenarios, so its baseline would drop the others' findings; .*bootreplay merge/);
    expect(existsSync(join(d, 'bl.json'))).toBe(false);

    for (const i of [1, 2]) expect(cli(['run', 'scenarios/', '-f', 'json', '--shard', `${i}/2`, '-o', `s${i}.json`], d).code).toBe(0);
    // located at the shard header's value (line 3: `{`, `"version": 1,`, `"shard": {`)
    const partial = cli(['run', 'scenarios/', '--baseline', 's1.json'], d);
    expect(partial).toMatchObject({ code: 2, stdout: '' });
    expect(partial.stderr).toMatch(/^s1\.json:3:12: a shard's report \(it has a "shard" header\): it lists the findings of part of the scenarios only; merge the shards' JSON reports/);

    // the merged shards are the file --update-baseline writes, byte for byte, and gate alike (-f json: a text
    // run verifies no fix hints, so its baseline's "fix" texts are shorter; the findings and keys are the same)
    expect(cli(['merge', 's1.json', 's2.json', '-o', 'merged.json'], d).code).toBe(0);
    expect(cli(['run', 'scenarios/', '--update-baseline', 'bl.json', '-f', 'json', '-o', 'report.json'], d).code).toBe(0);
    expect(readFileSync(join(d, 'merged.json'), 'utf8')).toBe(readFileSync(join(d, 'bl.json'), 'utf8'));
    const viaMerge = cli(['run', 'scenarios/', '--baseline', 'merged.json'], d);
    expect(viaMerge.code).toBe(0);
    expect(viaMerge.stdout).toContain(' in baseline');
  });

  it('shards with an input problem: merge exits 2, the docs\' recipe keeps the old baseline, and --baseline refuses the merged report as --update-baseline refuses to write one (review 14, 3.2)', { timeout: T }, () => {
    const d = smallCorpus();
    expect(cli(['run', 'scenarios/', '--update-baseline', 'bootreplay-baseline.json'], d).code).toBe(0);
    const old = readFileSync(join(d, 'bootreplay-baseline.json'), 'utf8');
    // a pull request breaks a file's YAML (a conflict marker)
    const broken = join(d, RC1_VMI);
    writeFileSync(broken, `${readFileSync(broken, 'utf8')}<<<<<<< HEAD\n`);
    expect(cli(['run', 'scenarios/', '--update-baseline', 'bootreplay-baseline.json'], d).code).toBe(2);
    for (const i of [1, 2]) expect(cli(['run', 'scenarios/', '-f', 'json', '--shard', `${i}/2`, '-o', `shard-${i}.json`], d).code).toBe(2);
    // docs/ci.md: write the baseline from the merged report only when merge exits 0 or 1
    const recipe = spawnSync('bash', ['-c', `node ${JSON.stringify(join(ROOT, 'bin/bootreplay.js'))} merge shard-*.json -o merged.json || test $? -eq 1 && mv merged.json bootreplay-baseline.json`], { cwd: d, encoding: 'utf8' });
    expect(recipe.status).toBe(1);
    expect(readFileSync(join(d, 'bootreplay-baseline.json'), 'utf8')).toBe(old);
    // the merged report, taken as a baseline all the same: refused at its first problem
    const merged = readFileSync(join(d, 'merged.json'), 'utf8');
    const line = merged.split('\n').findIndex((l) => l === '  "problems": [') + 2;
    const r = cli(['run', 'scenarios/', '--baseline', 'merged.json'], d);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`merged.json:${line}:5: a report written with 1 input problem (at ${RC1_VMI}:`);
    expect(r.stderr).toContain('so as a baseline their accepted findings would count as new; fix the input problems and write the baseline again');
    // repaired, the run that replaces the baseline may read it still, and writes a new one
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('<<<<<<< HEAD\n', ''));
    expect(cli(['run', 'scenarios/', '--baseline', 'merged.json', '--update-baseline', 'merged.json'], d).code).toBe(0);
    expect(cli(['run', 'scenarios/', '--baseline', 'merged.json'], d)).toMatchObject({ code: 0, stderr: '' });
  });

  it('a baselined file deleted from a directory replayed: a note names it, its findings count as absent, and merged shards count them as the unsharded run (review 14, 4.2)', { timeout: T }, () => {
    const d = smallCorpus();
    const bare = readFileSync(join(ROOT, RC1_VMI), 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
    writeFileSync(join(d, 'scenarios/x86_32/old.yaml'), bare);
    expect(cli(['run', 'scenarios/', '--update-baseline', 'bl.json'], d).code).toBe(0);
    rmSync(join(d, 'scenarios/x86_32/old.yaml'));
    const note = 'bootreplay: note: the baseline bl.json names a file under a directory replayed that the run did not find there (deleted or renamed?): scenarios/x86_32/old.yaml (2 findings); '
      + 'its findings count as no longer found: prune them with --update-baseline, or a file added under that name inherits them\n';
    const text = cli(['run', 'scenarios/', '--baseline', 'bl.json'], d);
    expect(text).toMatchObject({ code: 0, stderr: note });
    expect(text.stdout).toMatch(/; 2 baselined findings no longer found \(prune with --update-baseline\)(?: \(run with -v[^\n]*\))?\n/m);
    const whole = cli(['run', 'scenarios/', '--baseline', 'bl.json', '-f', 'json'], d);
    expect((JSON.parse(whole.stdout) as { summary: { absent: number } }).summary.absent).toBe(2);
    // each shard says it (each walks the whole tree) and counts the findings whose name hashes to it
    const counts: number[] = [];
    for (const i of [1, 2, 3]) {
      const r = cli(['run', 'scenarios/', '--baseline', 'bl.json', '-f', 'json', '--shard', `${i}/3`, '-o', `g${i}.json`], d);
      expect(r).toMatchObject({ code: 0, stderr: note });
      const report = JSON.parse(readFileSync(join(d, `g${i}.json`), 'utf8')) as { summary: { absent: number }; shard: { absent: unknown[] } };
      counts.push(report.summary.absent);
      // the header says where the count comes from, so that merge can check it (break-253 F3)
      expect(report.shard.absent).toEqual(report.summary.absent === 0 ? [] : [{ file: 'scenarios/x86_32/old.yaml', count: 2 }]);
    }
    expect(counts.sort()).toEqual([0, 0, 2]);
    expect(cli(['merge', 'g1.json', 'g2.json', 'g3.json'], d)).toMatchObject({ code: 0, stdout: whole.stdout });
    // a file the run names itself, not a directory: the rest of the baseline is not its business
    expect(cli(['run', RC1_VMI, '--baseline', 'bl.json'], d)).toMatchObject({ code: 0, stderr: '' });
    // a file still there but invalid is not gone (its problem says why it was not replayed)
    writeFileSync(join(d, 'scenarios/x86_32/old.yaml'), `${bare}<<<<<<< HEAD\n`);
    const broken = cli(['run', 'scenarios/', '--baseline', 'bl.json'], d);
    expect(broken.code).toBe(2);
    expect(broken.stderr).not.toContain('did not find there');
    // pruned: the note is gone
    rmSync(join(d, 'scenarios/x86_32/old.yaml'));
    expect(cli(['run', 'scenarios/', '--update-baseline', 'bl.json'], d).code).toBe(0);
    expect(cli(['run', 'scenarios/', '--baseline', 'bl.json'], d)).toMatchObject({ code: 0, stderr: '' });
  });

  it('a text shard\'s matrix table and summary state only what the shard replayed', { timeout: T }, () => {
    // the rc1 order without expect:: the vmi variant fails with 2 errors, the none variant passes; a shard
    // once printed "2 variants: 2 passed" with the vmi row PASS, as if the variant it did not replay had passed
    const d = tmp();
    const rc1 = readFileSync(join(ROOT, RC1_VMI), 'utf8');
    writeFileSync(join(d, 'm.yaml'), `${rc1.slice(0, rc1.indexOf('\nexpect:'))}\nmatrix:\n  machine.hypervisor: [none, vmi]\n`);
    const rows = { none: '  none        PASS', vmi: '  vmi         FAIL  2 errors' };
    const unsharded = cli(['run', 'm.yaml'], d);
    expect(unsharded.stdout).toContain(`matrix m.yaml: 2 variants: 1 passed, 1 failed\n  hypervisor  verdict\n${rows.none}\n${rows.vmi}\n`);
    for (const n of [2, 3]) {
      const seen: string[] = [];
      for (let i = 1; i <= n; i++) {
        const here = (['none', 'vmi'] as const).filter((h) => shardOf(`m.yaml[hypervisor=${h}]`, n) === i);
        const r = cli(['run', 'm.yaml', '--shard', `${i}/${n}`], d);
        expect(r.code, `${i}/${n}`).toBe(here.includes('vmi') ? 1 : 0);
        const failed = here.includes('vmi') ? 1 : 0;
        expect(r.stdout).toContain(`${here.length} of 2 scenarios in shard ${i}/${n}: ${failed} failed, ${here.length - failed} passed`);
        const table = r.stdout.slice(r.stdout.indexOf('matrix m.yaml')).trimEnd().split('\n');
        expect(table).toEqual([
          `matrix m.yaml: ${here.length} of 2 variants in shard ${i}/${n}: ${here.length - failed} passed, ${failed} failed`,
          ...(here.length > 0 ? ['  hypervisor  verdict', ...here.map((h) => rows[h])] : []),
        ]);
        seen.push(...here);
      }
      // every variant is in exactly one shard's table
      expect(seen.sort()).toEqual(['none', 'vmi']);
    }
  });

  it('a text shard that holds no scenario prints its summary line and exits 0, as the other formats write their empty report', { timeout: T }, () => {
    const matrix = 'scenarios/x86_32/variants/rc3-fix-matrix.yaml';
    const units = (JSON.parse(cli(['run', matrix, '-f', 'json', '--shard', '1/1024']).stdout) as { shard: { units: string[] } }).shard.units;
    expect(units).toHaveLength(10);
    const taken = new Set(units.map((u) => shardOf(u, 1024)));
    const empty = Array.from({ length: 1024 }, (_, k) => k + 1).find((i) => !taken.has(i)) ?? 0;
    const text = cli(['run', matrix, '--shard', `${empty}/1024`]);
    expect(text).toEqual({
      code: 0, stderr: '',
      stdout: `0 of 10 scenarios in shard ${empty}/1024: 0 failed, 0 passed; 0 errors, 0 warnings\n\nmatrix ${matrix}: 0 of 10 variants in shard ${empty}/1024: 0 passed, 0 failed\n`,
    });
    const json = cli(['run', matrix, '-f', 'json', '--shard', `${empty}/1024`]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { results: unknown[] }).results).toEqual([]);
    // a file that does not load is read, and reported, by every shard: the summary says so
    const d = tmp();
    writeFileSync(join(d, 'bad.yaml'), 'setup_arch: [no_such_call]\n');
    const bad = cli(['run', join(d, 'bad.yaml'), matrix, '--shard', `${empty}/1024`]);
    expect(bad.stdout.split('\n')[0]).toBe(`1 of 11 files in shard ${empty}/1024: 1 invalid (in every shard), 0 failed, 0 passed; 0 errors, 0 warnings; 1 input problem on stderr`);
  });

  it('a shard is decided by the name alone: adding files moves no scenario to another shard', () => {
    const names = Array.from({ length: 200 }, (_, i) => `scenarios/s${i}.yaml`);
    const before = names.map((n) => shardOf(n, 5));
    const after = [...names, ...Array.from({ length: 50 }, (_, i) => `scenarios/new${i}.yaml`)].map((n) => shardOf(n, 5)).slice(0, 200);
    expect(after).toEqual(before);
    expect(new Set(before)).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('merge reads each shard as --baseline does: a bad one is named with what is wrong, exit 2, nothing written', { timeout: T }, () => {
    const d = copyScenarios();
    const files = ['scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml'];
    for (const i of [1, 2]) expect(cli(['run', ...files, '-f', 'json', '--shard', `${i}/2`, '-o', `s${i}.json`], d).code).toBeLessThan(2);
    // the reviewer's reports: findings that are not a list, a severity no run writes
    const corrupt = (i: number, edit: (findings: Record<string, unknown>[]) => unknown): boolean => {
      const report = JSON.parse(readFileSync(join(d, `s${i}.json`), 'utf8')) as { results: { findings: Record<string, unknown>[] }[] };
      const r = report.results.find((x) => x.findings.length > 0);
      if (r === undefined) return false;
      (r as { findings: unknown }).findings = edit(r.findings);
      writeFileSync(join(d, `s${i}.json`), JSON.stringify(report));
      return true;
    };
    const bad = [corrupt(1, () => 'x'), corrupt(2, (fs) => fs.map((f) => ({ ...f, severity: 'fatal' })))];
    expect(bad).toContain(true);
    const r = cli(['merge', 's1.json', 's2.json', '-o', 'merged.json'], d);
    expect(r.code).toBe(2);
    const expected = [
      ...(bad[0] === true ? [/^bootreplay merge: s1\.json:1:\d+: not a bootreplay JSON report of format version 1 \(at results\.\d+\.findings: expected a list, got a string\)$/] : []),
      ...(bad[1] === true ? [/^bootreplay merge: s2\.json:1:\d+: not a bootreplay JSON report of format version 1 \(at results\.\d+\.findings\.0\.severity: got "[^"]*"; allowed: error, warning, info\)$/] : []),
    ];
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(expected.length);
    lines.forEach((l, i) => expect(l).toMatch(expected[i] ?? /^$/));
    expect(existsSync(join(d, 'merged.json'))).toBe(false);
  });

  it('merge refuses a missing shard, a duplicate, mixed runs and unsharded reports', { timeout: T }, () => {
    const d = smallCorpus();
    for (const i of [1, 2, 3]) cli(['run', 'scenarios/', '-f', 'json', '--shard', `${i}/3`, '-o', `s${i}.json`], d);
    cli(['run', 'scenarios/', '-f', 'json', '--shard', '1/2', '-o', 'other.json'], d);
    cli(['run', 'scenarios/', '-f', 'json', '--shard', '2/3', '--no-allow', '-o', 'no-allow.json'], d);
    cli(['run', 'scenarios/', '-f', 'json', '-o', 'plain.json'], d);
    expect(cli(['merge', 's1.json', 's3.json'], d).stderr).toBe('bootreplay merge: shard 2/3 missing: merge needs the report of every shard\n');
    expect(cli(['merge', 's1.json', 's1.json', 's2.json'], d).stderr).toMatch(/shard 1\/3 again/);
    expect(cli(['merge', 's1.json', 'other.json'], d).stderr).toMatch(/other\.json: shard 1\/2 is from a run with 2 shards/);
    // a shard gated otherwise (--no-allow) is not part of the run, and the message names the option
    const mixed = cli(['merge', 's1.json', 'no-allow.json', 's3.json'], d);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe('bootreplay merge: no-allow.json: run with other options than s1.json: --no-allow here, allow: entries honoured (no --no-allow) there; merge joins the shards of one run\n');
    const plain = cli(['merge', 'plain.json'], d);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/plain\.json:1:1: not a shard report \(no "shard" header\)/);
    expect(cli(['run', 'scenarios/', '--shard', '3/2'], d).stderr).toBe('bootreplay: --shard: expected i/n with 1 ≤ i ≤ n ≤ 1024 (e.g. 2/5), got "3/2"\n');
  });

  it('merge sizes the shard reports together before reading any (max-merge-bytes: break-253 F4), and says what to give for -', () => {
    const d = mkdtempSync(join(tmpdir(), 'bootreplay-merge-bytes-'));
    try {
      // sparse: two reports each within max-report-bytes (128 MiB), over it together; neither is read
      for (const f of ['s1.json', 's2.json']) {
        writeFileSync(join(d, f), '');
        truncateSync(join(d, f), 100 * 2 ** 20);
      }
      const r = cli(['merge', 's1.json', 's2.json'], d);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe('bootreplay merge: s2.json: the 2 shard reports up to this one hold 209715200 bytes (limit 128 MiB, max-merge-bytes; merge holds every shard at once, '
        + 'so all of them may hold what one report may; split the run (a baseline per directory) or run fewer shards)\n');
      // merge reads no directory: its advice for - is a file (break-253 N4)
      expect(cli(['merge', '-'], d).stderr).toBe('bootreplay merge: -: no such file or directory: inputs are read from files, not from standard input; give each shard report as a file (run --shard i/n -f json -o FILE)\n');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('every format', () => {
  it('is byte-identical across runs and carries no absolute path', { timeout: T }, () => {
    // over a corpus with every kind of result, at a tenth of the replays of the shipped scenarios (which
    // test/cli/cli.test.ts runs twice as text, text -v and JSON: the report every format renders)
    const small = smallCorpus();
    for (const f of FORMATS) {
      const a = cli(['run', 'scenarios/', '-f', f], small);
      const b = cli(['run', 'scenarios/', '-f', f], small);
      expect(a.code, f).toBe(0);
      expect(b.stdout, f).toBe(a.stdout);
      expect(a.stdout, f).not.toContain(ROOT);
      expect(a.stdout, f).not.toContain(small);
      expect(a.stdout.length, f).toBeGreaterThan(60);
    }
  });

  it('github appends the job summary to $GITHUB_STEP_SUMMARY when it is set', { timeout: T }, () => {
    // over the small corpus (rc1-vmi's expected errors among a matrix and every architecture): -f github
    // verifies fix hints, 5 s over the whole of scenarios/
    const d = smallCorpus();
    const n = counts(d);
    const summary = join(tmp(), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = cli(['run', 'scenarios/', '-f', 'github'], d, { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(new RegExp(`^# earlier step\\n## bootreplay: ${n.scenarios} scenarios: 0 failed, ${n.scenarios} passed\\n`));
    expect(text).toContain('- **expected error** `fixmap-before-relocation` at scenarios/x86\\_32/2.6.27-rc1-vmi.yaml:45:5');
  });

  it('a summary file that does not end in a line break gets one before the job summary, so its heading starts a line (break-275 N7)', { timeout: T }, () => {
    const d = copyScenarios();
    const summary = join(d, 'summary.md');
    writeFileSync(summary, 'earlier output of this step, no newline');
    expect(cli(['run', RC1_VMI, '-f', 'github'], d, { GITHUB_STEP_SUMMARY: summary }).code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/^earlier output of this step, no newline\n## bootreplay: 1 scenario: 0 failed, 1 passed\n/);
  });

  it('the job summary heading counts an invalid file, as the text summary does', { timeout: T }, () => {
    const d = copyScenarios();
    writeFileSync(join(d, 'bad.yaml'), 'kernel: 2.6.27-rc1\nsetup_arch: [nope]\n');
    const summary = join(d, 'summary.md');
    const r = cli(['run', RC1_VMI, 'bad.yaml', '-f', 'github'], d, { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('\nbootreplay: 2 files: 1 invalid, 0 failed, 1 passed; 0 errors, 0 warnings; 2 expected; 1 input problem\n');
    expect(readFileSync(summary, 'utf8')).toMatch(/^## bootreplay: 2 files: 1 invalid, 0 failed, 1 passed\n\n0 errors, 0 warnings; 2 expected; 1 input problem\n/);
  });

  it('github refuses a $GITHUB_STEP_SUMMARY that is an input (a scenario, a link to one, the baseline): exit 2, nothing appended', { timeout: T }, () => {
    const d = copyScenarios();
    const scenario = join(d, RC1_VMI);
    const before = readFileSync(scenario, 'utf8');
    symlinkSync(scenario, join(d, 'summary.md'));
    writeFileSync(join(d, 'bl.json'), cli(['run', RC1_VMI, '-f', 'json'], d).stdout);
    const baseline = readFileSync(join(d, 'bl.json'), 'utf8');
    const cases: [string, string[], string][] = [
      [RC1_VMI, [RC1_VMI], 'it is an input of this run'],
      ['summary.md', ['scenarios/'], `it is the same file as the input ${RC1_VMI}`],
      ['bl.json', [RC1_VMI, '--baseline', 'bl.json'], 'it is an input of this run'],
    ];
    for (const [summary, args, why] of cases) {
      const r = cli(['run', ...args, '-f', 'github'], d, { GITHUB_STEP_SUMMARY: summary });
      expect(r, summary).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay: cannot append the job summary to $GITHUB_STEP_SUMMARY (${summary}): ${why}\n` });
    }
    expect(readFileSync(scenario, 'utf8')).toBe(before);
    expect(readFileSync(join(d, 'bl.json'), 'utf8')).toBe(baseline);
    // nor the report or baseline the run writes: the Markdown would land in the JSON (or be replaced by it)
    for (const [option, file] of [['-o', 'r.json'], ['--update-baseline', 'new-bl.json']] as const) {
      const r = cli(['run', RC1_VMI, '-f', 'github', option, file], d, { GITHUB_STEP_SUMMARY: file });
      expect(r, option).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay: cannot append the job summary to $GITHUB_STEP_SUMMARY (${file}): it is the file ${option} writes\n` });
      expect(existsSync(join(d, file)), option).toBe(false);
    }
    // a device is no file a report replaces: /dev/null for both is a CI step that discards them (it worked before)
    if (existsSync('/dev/null')) {
      expect(cli(['run', RC1_VMI, '-f', 'github', '-o', '/dev/null'], d, { GITHUB_STEP_SUMMARY: '/dev/null' })).toMatchObject({ code: 0, stderr: '' });
    }
  });

  it('text, github and html end with the same summary counts: invalid files and input problems too', { timeout: T }, () => {
    const d = tmp();
    writeFileSync(join(d, 'bad.yaml'), 'setup_arch: [no_such_call]\n');
    const line = '2 files: 1 invalid, 0 failed, 1 passed; 0 errors, 0 warnings; 2 expected; 1 input problem';
    expect(cli(['run', join(d, 'bad.yaml'), RC1_VMI]).stdout).toContain(`\n${line} on stderr`);
    expect(cli(['run', join(d, 'bad.yaml'), RC1_VMI, '-f', 'github']).stdout.trimEnd().split('\n').at(-1)).toBe(`bootreplay: ${line}`);
    expect(cli(['run', join(d, 'bad.yaml'), RC1_VMI, '-f', 'html']).stdout).toContain(line);
  });

  it('a file with more than max-problems problems counts them all, not the lines shown: text, json, github, html, merged shards and a baseline say 150, not 101', { timeout: T }, () => {
    // 150 unknown calls: 100 problems shown, then "… and 50 more problems in this file" (capProblems);
    // the summary counted that line as one problem ("101 input problems")
    const d = tmp();
    writeFileSync(join(d, 'many.yaml'), `setup_arch:\n${Array.from({ length: 150 }, (_, i) => `  - bad_call_${i}\n`).join('')}`);
    cpSync(join(ROOT, RC1_VMI), join(d, 'rc1.yaml'));
    const line = '2 files: 1 invalid, 0 failed, 1 passed; 0 errors, 0 warnings; 2 expected; 150 input problems';
    const text = cli(['run', 'many.yaml', 'rc1.yaml'], d);
    expect(text.code).toBe(2);
    // the lines shown stay as they were: 100 problems and the count of the rest
    expect(text.stderr.trimEnd().split('\n')).toHaveLength(101);
    expect(text.stderr).toContain('many.yaml:102:5: … and 50 more problems in this file (limit 100 problems per file');
    expect(text.stdout).toContain(`\n${line} on stderr`);
    expect(cli(['run', 'many.yaml', 'rc1.yaml', '-f', 'github'], d).stdout.trimEnd().split('\n').at(-1)).toBe(`bootreplay: ${line}`);
    expect(cli(['run', 'many.yaml', 'rc1.yaml', '-f', 'html'], d).stdout).toContain(line);
    const whole = cli(['run', 'many.yaml', 'rc1.yaml', '-f', 'json'], d);
    const report = JSON.parse(whole.stdout) as { summary: { problems: number }; problems: { more?: number }[] };
    expect(report.summary.problems).toBe(150);
    expect(report.problems).toHaveLength(101);
    expect(report.problems.map((p) => p.more)).toEqual([...Array.from({ length: 100 }, () => undefined), 50]);
    // merged shards agree with the unsharded run, byte for byte
    for (const i of [1, 2]) expect(cli(['run', 'many.yaml', 'rc1.yaml', '-f', 'json', '--shard', `${i}/2`, '-o', `s${i}.json`], d).code).toBe(2);
    const merged = cli(['merge', 's1.json', 's2.json'], d);
    expect(merged.code).toBe(2);
    expect(merged.stdout).toBe(whole.stdout);
    // and a report with them is refused as a baseline with the same count
    writeFileSync(join(d, 'report.json'), whole.stdout);
    expect(cli(['run', 'rc1.yaml', '--baseline', 'report.json'], d).stderr).toContain('a report written with 150 input problems (the first at many.yaml:2:5)');
  });

  it('github words a job summary it cannot append to as -o does', { timeout: T }, () => {
    const d = tmp();
    const missing = cli(['run', RC1_VMI, '-f', 'github'], ROOT, { GITHUB_STEP_SUMMARY: join(d, 'no/summary.md') });
    expect(missing.stderr).toBe(`bootreplay: warning: cannot append the job summary to $GITHUB_STEP_SUMMARY (${join(d, 'no/summary.md')}): no such directory\n`);
    expect(cli(['run', RC1_VMI, '-o', join(d, 'no/r.txt')]).stderr).toBe(`bootreplay: cannot write ${join(d, 'no/r.txt')}: no such directory\n`);
  });

  // /proc/self is there but makes no files: the temporary file's open fails with ENOENT (helper-147 finding 7); the
  // directory is named as given, /proc/self, not the /proc/PID the walk reached, which differed on every run (break-255 N6)
  it.runIf(existsSync('/proc/self/mem'))('-o into a directory that makes no files says so, not "no such directory"', { timeout: T }, () => {
    const r = cli(['run', RC1_VMI, '-o', '/proc/self/mem']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bootreplay: cannot write \/proc\/self\/mem: its directory \(\/proc\/self\) takes no new files: .*; write elsewhere\n$/);
  });

  it('no line of any command or format starts with a file name that is a workflow command: ./::… (review 9, 3.3)', { timeout: T }, () => {
    const d = tmp();
    const bare = readFileSync(join(ROOT, RC1_VMI), 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, '');
    writeFileSync(join(d, '::stop-commands::tok.yaml'), 'name: x\nkernel: 2.6.27\nsetup_arch:\n  - nosuchcall\n');
    writeFileSync(join(d, '::error file=a.yaml,line=1::all clear.yaml'), bare);
    mkdirSync(join(d, ' ::dir'));
    writeFileSync(join(d, ' ::dir/b.yaml'), bare);
    writeFileSync(join(d, '::r.json'), '{');
    // the runner's legacy form, anywhere in a line (ActionCommand.cs TryParse: IndexOf("##["))
    writeFileSync(join(d, '##[stop-commands]tok.yaml'), bare);
    writeFileSync(join(d, 'x ##[add-mask]y.yaml'), 'name: x\nkernel: 2.6.27\nsetup_arch:\n  - nosuchcall\n');
    const runs = [
      ...FORMATS.map((f) => ['run', '.', '-v', ...(f === 'text' ? ['--layout'] : []), '-f', f]),
      ['run', '::error file=a.yaml,line=1::all clear.yaml', '--layout=ptdump'],
      ['layout', '::error file=a.yaml,line=1::all clear.yaml'], ['trace', '::error file=a.yaml,line=1::all clear.yaml'], ['layout', '::stop-commands::tok.yaml'],
      ['run', '.', '--baseline', '::nosuch.json'], ['merge', '::r.json'], ['merge', '::nosuch.json'],
    ];
    for (const args of runs) {
      const r = cli(args, d);
      const lines = `${r.stdout}${r.stderr}`.split('\n');
      // the github format's own commands only, each file= escaped (%3A)
      expect(lines.filter((l) => /^\s*::/.test(l) && !/^::(error|warning|notice) (file=[^:]*,)?title=[^:]*::/.test(l)), args.join(' ')).toEqual([]);
      // ##[ only in the github format's annotations, which the runner parses as such (file= as it is)
      expect(lines.filter((l) => l.includes('##[') && !/^::(error|warning|notice) /.test(l)), args.join(' ')).toEqual([]);
    }
    expect(cli(['run', '.', '-f', 'github'], d).stdout).toMatch(/^::error file=##\[stop-commands\]tok\.yaml,line=45,col=5,title=bootreplay fixmap-before-relocation::/m);
    // JSON and SARIF escape it as a JSON string escape: parsed, the file has its name
    const json = JSON.parse(cli(['run', '.', '-f', 'json'], d).stdout) as { results: { file: string }[] };
    expect(json.results.map((r) => r.file)).toContain('##[stop-commands]tok.yaml');
    expect(cli(['run', '.', '-f', 'json', '-o', 'r.json'], d).code).toBe(2);
    expect(readFileSync(join(d, 'r.json'), 'utf8')).not.toContain('##[');
    expect(readFileSync(join(d, 'r.json'), 'utf8')).toContain('"##\\u005bstop-commands]tok.yaml"');
    const text = cli(['run', '.'], d);
    expect(text.stderr).toBe('./::stop-commands::tok.yaml:4:5: setup_arch[0] (step 1): unknown call nosuchcall; run `bootreplay steps` for the catalog\n'
      + 'x ##\\u005badd-mask]y.yaml:4:5: setup_arch[0] (step 1): unknown call nosuchcall; run `bootreplay steps` for the catalog\n');
    expect(text.stdout).toMatch(/^\.\/ ::dir\/b\.yaml:45:5: error fixmap-before-relocation: /m);
    expect(text.stdout).toMatch(/^\.\/::error file=a\.yaml,line=1::all clear\.yaml:45:5: error fixmap-before-relocation: /m);
  });

  it('no user text starts a workflow command in any format: a matrix value, a name, a doc, a note, an allow reason with a line break (review 11)', { timeout: T }, () => {
    const d = tmp();
    writeFileSync(join(d, 'matrix.yaml'), 'name: m\nkernel: 2.6.27-rc3\nmachine: {memory: 512MiB, hypervisor: none}\n'
      + 'matrix:\n  machine.cmdline: ["::error::forged-annotation", "::stop-commands::tok5", " ::add-mask::x", "w##[x"]\n'
      + 'setup_arch: [early_cpu_init, early_ioremap_init, setup_memory_map, parse_early_param, e820_end_of_ram_pfn, find_low_pfn_range, init_memory_mapping]\n');
    writeFileSync(join(d, 'texts.yaml'), [
      'name: "N\\n::nosuch::##[stop-commands]tok3"',
      'description: "D\\n::error file=forged-desc.yaml,line=1::pwned"',
      'kernel: 2.6.27-rc3',
      'machine: {memory: 512MiB, hypervisor: vmi, cmdline: "vmi=disable_pse"}',
      'define:',
      '  quirk_probe: {doc: "Q\\n::error file=forged-doc.yaml::pwned", needs: [e820], early_ioremap: 4KiB}',
      'allow:',
      '  - {rule: early-ioremap-init-before-relocation, step: early_ioremap_init, reason: "R\\n::error file=forged-reason.yaml,line=1::pwned"}',
      'expect:',
      '  - {rule: stale-early-ioremap, step: quirk_probe}',
      '  - {rule: duplicate-call, step: quirk_probe}',
      'setup_arch:',
      '  - early_cpu_init',
      '  - early_ioremap_init',
      '  - {call: vmi_init, note: "V\\n::error file=forged-note.yaml,line=1::pwned"}',
      '  - setup_memory_map',
      '  - {call: quirk_probe, note: "Q2\\r\\n  ::warning::pwned"}',
      '  - parse_early_param',
      '',
    ].join('\n'));
    const runs = [...FORMATS.map((f) => ['run', '.', '-v', ...(f === 'text' ? ['--layout'] : []), '-f', f]), ['trace', 'texts.yaml'], ['layout', 'texts.yaml'], ['steps', '-s', 'texts.yaml']];
    for (const args of runs) {
      const r = cli(args, d);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBeLessThan(2);
      const lines = `${r.stdout}${r.stderr}`.split('\n');
      expect(lines.filter((l) => /^\s*::/.test(l) && !/^::(error|warning|notice) (file=[^:]*,)?title=[^:]*::/.test(l)), args.join(' ')).toEqual([]);
      expect(lines.filter((l) => l.includes('##[') && !/^::(error|warning|notice) /.test(l)), args.join(' ')).toEqual([]);
    }
    // the matrix table quotes a first cell that would start a command: the same selector value
    const table = cli(['run', '.'], d).stdout;
    expect(table).toMatch(/^ {2}"::error::forged-annotation" +PASS/m);
    // its columns stay aligned where a cell holds ##[ (written ##\u005b before the widths are taken, review 11b)
    const rows = table.split('\n').filter((l) => /^ {2}\S.* PASS /.test(l));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((l) => l.indexOf(' PASS ')))).toHaveProperty('size', 1);
    expect(cli(['run', 'matrix.yaml[cmdline="::stop-commands::tok5"]'], d).stdout).toMatch(/^PASS matrix\.yaml\[cmdline=::stop-commands::tok5\] /m);
    // HTML shows a name's line break as text output does, on one line (review 14, 4.3; xmlText writes a line
    // break of lines it keeps before :: as a character reference), and ##[ as ##&#91;
    expect(cli(['run', '.', '-f', 'html'], d).stdout).toContain('N\\n::nosuch::##&#91;stop-commands]tok3');
    // U+2028 is no line break to the runner, and JSON.stringify leaves it raw: JSON and SARIF still parse (review 11b)
    writeFileSync(join(d, 'p\u2028::q.yaml'), readFileSync(join(ROOT, RC1_VMI), 'utf8'));
    const json = JSON.parse(cli(['run', '.', '-f', 'json'], d).stdout) as { results: { file: string }[] };
    expect(json.results.map((r) => r.file)).toContain('p\u2028::q.yaml');
    JSON.parse(cli(['run', '.', '-f', 'sarif'], d).stdout);
  });

  /** As root (permission bits do not stop it), the run is made as nobody with util-linux's setpriv; without it, none */
  const root = process.getuid?.() === 0;
  const asUser = !root ? [] : spawnSync('setpriv', ['--version']).status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
  it.skipIf(asUser === undefined)('-o to a writable file in a directory that is not writable says that the directory is what -o needs (review 9, 4.3; skipped as root without setpriv)', { timeout: T }, () => {
    const d = tmp();
    chmodSync(d, 0o755);
    const ro = join(d, 'ro');
    mkdirSync(ro);
    cpSync(join(ROOT, RC1_VMI), join(ro, 'a.yaml'));
    writeFileSync(join(ro, 'out.txt'), 'old');
    chmodSync(join(ro, 'out.txt'), 0o666);
    chmodSync(ro, 0o555);
    const [cmd = process.execPath, ...pre] = [...(asUser ?? []), process.execPath];
    const r = spawnSync(cmd, [...pre, join(ROOT, 'bin/bootreplay.js'), 'run', 'a.yaml', '-o', 'out.txt'], { cwd: ro, encoding: 'utf8', timeout: 60_000 });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2, stdout: '',
      stderr: 'bootreplay: cannot write out.txt: permission denied on its directory (.): the report is written to a temporary file beside it, then renamed over it '
        + '(so that no reader sees half of it), which needs a writable directory even where the file itself is writable; make the directory writable, or write elsewhere\n',
    });
    expect(readFileSync(join(ro, 'out.txt'), 'utf8')).toBe('old');
    chmodSync(ro, 0o755);
  });

  it.skipIf(!root)('-o over another user\'s file, as root, gives the new file that owner and group, and with them its set-user-ID bit (as cp -p)', { timeout: T }, () => {
    const d = tmp();
    const out = join(d, 'r.txt');
    writeFileSync(out, 'old\n');
    chownSync(out, 65534, 65534);
    chmodSync(out, 0o4750);
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'r.txt'], d).code).toBe(0);
    const after = statSync(out);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([65534, 65534, 0o4750]);
    expect(readFileSync(out, 'utf8')).toMatch(/^PASS /m);
  });

  /** As root with setpriv, a run as nobody over root's files; none otherwise (a user cannot make another's file to replace) */
  const asNobody = root && asUser !== undefined ? asUser : undefined;
  const nobodyRun = (cwd: string, out: string): Run => {
    const [cmd = process.execPath, ...pre] = [...(asNobody ?? []), process.execPath];
    const r = spawnSync(cmd, [...pre, join(ROOT, 'bin/bootreplay.js'), 'run', join(ROOT, RC1_VMI), '-o', out], { cwd, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it.skipIf(asNobody === undefined)('-o over a file whose owner it cannot give the new one (nobody over root\'s 6777 file) drops set-user-ID and set-group-ID (skipped unless root with setpriv)', { timeout: T }, () => {
    const d = tmp();
    chmodSync(d, 0o755);
    const own = join(d, 'own');
    mkdirSync(own);
    chownSync(own, 65534, 65534);
    const out = join(own, 'r.txt');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o6777);
    expect(nobodyRun(own, 'r.txt')).toMatchObject({ code: 0, stderr: '' });
    const after = statSync(out);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([65534, 65534, 0o777]);
  });

  /** d opened to all (0755) and a sticky, world-writable directory in it (a /tmp of its own) */
  const stickyIn = (d: string): string => {
    chmodSync(d, 0o755);
    const sticky = join(d, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    return sticky;
  };

  it.skipIf(asNobody === undefined)('-o over another user\'s writable file in a sticky directory (/tmp) says that the sticky bit refuses the rename (skipped unless root with setpriv)', { timeout: T }, () => {
    const d = tmp();
    const sticky = stickyIn(d);
    const out = join(sticky, 'shared.txt');
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o666);
    expect(nobodyRun(d, 'sticky/shared.txt')).toEqual({
      code: 2, stdout: '',
      stderr: 'bootreplay: cannot write sticky/shared.txt: permission denied replacing it in its sticky directory (sticky): the report is written to a temporary file '
        + 'beside it, then renamed over it (so that no reader sees half of it), and where a directory has the sticky bit only the file\'s owner (uid 0) or the '
        + 'directory\'s may rename over it, even where the file itself is writable; write elsewhere, or have its owner remove it\n',
    });
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(sticky)).toEqual(['shared.txt']);
  });

  it.skipIf(!root)('-o through a symbolic link another user planted in a sticky, world-writable directory is refused, as fs.protected_symlinks refuses it (helper-191 1; skipped unless root)', { timeout: T }, () => {
    const d = tmp();
    const sticky = stickyIn(d);
    const victim = join(d, 'victim');
    writeFileSync(victim, 'secret\n');
    chmodSync(victim, 0o600);
    const planted = join(sticky, 'report.txt');
    symlinkSync(victim, planted);
    lchownSync(planted, 65534, 65534);
    const r = cli(['run', join(ROOT, RC1_VMI), '-o', 'sticky/report.txt'], d);
    expect(r).toEqual({
      code: 2, stdout: '',
      stderr: 'bootreplay: cannot write sticky/report.txt: sticky/report.txt is a symbolic link in the sticky, world-writable directory sticky, and uid 65534 owns it, '
        + 'neither you nor the directory\'s owner: it is not followed (the kernel\'s fs.protected_symlinks rule), since another user could point it at any file; remove the link or write elsewhere\n',
    });
    expect(readFileSync(victim, 'utf8')).toBe('secret\n');
    // the caller's own link there is followed, as is another user's link in a directory that user owns
    lchownSync(planted, 0, 0);
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'sticky/report.txt'], d).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toMatch(/^PASS /m);
    chownSync(sticky, 65534, 65534);
    lchownSync(planted, 65534, 65534);
    writeFileSync(victim, 'secret\n');
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'sticky/report.txt'], d).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toMatch(/^PASS /m);
  });

  it.skipIf(!root)('-o through a directory link another user planted in a sticky, world-writable directory is refused too, as the kernel checks every link of the walk (break-192 2; skipped unless root)', { timeout: T }, () => {
    const d = tmp();
    const sticky = stickyIn(d);
    const victim = join(d, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'conf'), 'secret\n');
    const planted = join(sticky, 'dirlink');
    symlinkSync(victim, planted);
    lchownSync(planted, 65534, 65534);
    const refusal = 'sticky/dirlink is a symbolic link in the sticky, world-writable directory sticky, and uid 65534 owns it, '
      + 'neither you nor the directory\'s owner: it is not followed (the kernel\'s fs.protected_symlinks rule), since another user could point it at any file; remove the link or write elsewhere\n';
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'sticky/dirlink/conf'], d)).toEqual({ code: 2, stdout: '', stderr: `bootreplay: cannot write sticky/dirlink/conf: ${refusal}` });
    // reached through a link of the caller's own, the planted link is still in the sticky directory, and still refused
    symlinkSync('sticky', join(d, 'mine'));
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'mine/dirlink/conf'], d).stderr).toBe(`bootreplay: cannot write mine/dirlink/conf: ${refusal}`);
    // a planted link to a device or FIFO is held to the rule as well (named from outside the tree: in it, a link
    // to /dev/null is refused first as one that leads out of the current directory)
    const devlink = join(sticky, 'null');
    symlinkSync('/dev/null', devlink);
    lchownSync(devlink, 65534, 65534);
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', devlink], tmp())).toMatchObject({ code: 2, stderr: expect.stringContaining(`${devlink} is a symbolic link in the sticky, world-writable directory ${sticky}`) });
    expect(readFileSync(join(victim, 'conf'), 'utf8')).toBe('secret\n');
    expect(readdirSync(victim)).toEqual(['conf']);
    // the caller's own directory link there is followed
    lchownSync(planted, 0, 0);
    expect(cli(['run', join(ROOT, RC1_VMI), '-o', 'sticky/dirlink/conf'], d).code).toBe(0);
    expect(readFileSync(join(victim, 'conf'), 'utf8')).toMatch(/^PASS /m);
  });

  it('the job summary fits in what $GITHUB_STEP_SUMMARY has left of 1 MiB: GitHub rejects a larger one as a whole (review 9, 3.4)', { timeout: T }, () => {
    const d = tmp();
    const summary = join(d, 'summary.md');
    // an earlier command of the step wrote 1 MiB less 300 bytes: room for the note that the summary was cut, not for the summary
    const before = `${'x'.repeat(1024 * 1024 - 301)}\n`;
    writeFileSync(summary, before);
    const r = cli(['run', RC1_VMI, '-f', 'github'], ROOT, { GITHUB_STEP_SUMMARY: summary });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const after = readFileSync(summary, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(Buffer.byteLength(after)).toBeLessThanOrEqual(1024 * 1024);
    expect(after.slice(before.length)).toMatch(/^… and \d+ more lines, cut to stay under GitHub's 1 MiB step summary limit \(the step summary already held \d+ bytes\): see the JSON or SARIF report\.\n\n$/);
    // full: nothing appended, a warning; the exit code stands
    writeFileSync(summary, 'x'.repeat(1024 * 1024 - 10));
    const full = cli(['run', RC1_VMI, '-f', 'github'], ROOT, { GITHUB_STEP_SUMMARY: summary });
    expect(full).toMatchObject({ code: 0, stderr: `bootreplay: warning: cannot append the job summary to $GITHUB_STEP_SUMMARY (${summary}): it already holds 1048566 bytes: no room left under GitHub's limit of 1 MiB (1048576 bytes), over which it rejects the whole step summary\n` });
    expect(readFileSync(summary, 'utf8')).toHaveLength(1024 * 1024 - 10);
  });

  it('a job summary that cannot be appended (a directory, a missing directory, no permission) is a warning: the annotations and the exit code stand', { timeout: T }, () => {
    const d = tmp();
    const live = join(d, 'live.yaml');
    // rc1 without its expect: block: two live errors, exit 1
    writeFileSync(live, readFileSync(join(ROOT, RC1_VMI), 'utf8').replace(/^expect:[^\n]*\n(?: {2}- [^\n]*\n)*/m, ''));
    const readOnly = join(d, 'ro');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    const root = process.getuid?.() === 0; // root writes through a 0500 directory
    // a FIFO without a reader would block the append forever
    const fifo = join(d, 'fifo');
    const made = spawnSync('mkfifo', [fifo]).status === 0;
    const places: [string, string][] = [
      [d, 'is a directory'], [join(d, 'no/summary.md'), 'no such directory'],
      ...(root ? [] : [[join(readOnly, 's.md'), 'permission denied'] as [string, string]]),
      ...(made ? [[fifo, 'it is a FIFO or socket, not a file: the job summary is appended to a file'] as [string, string]] : []),
    ];
    const plain = cli(['run', live, '-f', 'github'], ROOT);
    expect(plain.code).toBe(1);
    for (const [summary, why] of places) {
      for (const [file, code] of [[RC1_VMI, 0], [live, 1]] as const) {
        const r = cli(['run', file, '-f', 'github'], ROOT, { GITHUB_STEP_SUMMARY: summary });
        expect(r, `${summary} ${file}`).toMatchObject({ code, stderr: `bootreplay: warning: cannot append the job summary to $GITHUB_STEP_SUMMARY (${summary}): ${why}\n` });
        expect(r.stdout, summary).toBe(file === live ? plain.stdout : cli(['run', file, '-f', 'github'], ROOT).stdout);
      }
    }
    expect(plain.stdout).toMatch(/^::error file=/);
  });

  it('sarif paths are relative to --sarif-root', { timeout: T }, () => {
    const uris = (root: string[]): string[] => {
      const r = cli(['run', RC1_VMI, '-f', 'sarif', ...root]);
      return (JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri ?? '') ?? [];
    };
    expect(uris([])).toEqual([RC1_VMI, RC1_VMI]);
    expect(uris(['--sarif-root', 'scenarios'])).toEqual(['x86_32/2.6.27-rc1-vmi.yaml', 'x86_32/2.6.27-rc1-vmi.yaml']);
  });

  it('the same scenarios named from another directory, absolute, with --sarif-root at the checkout: the same SARIF, byte for byte (helper-179: properties.scenario kept the path as typed)', { timeout: T }, () => {
    const dir = tmp();
    const here = cli(['run', 'scenarios/arm64', 'scenarios/riscv/v5.12-memblock-resize-before-final.yaml', '-f', 'sarif']);
    const there = cli(['run', join(ROOT, 'scenarios/arm64'), join(ROOT, 'scenarios/riscv/v5.12-memblock-resize-before-final.yaml'), '-f', 'sarif', '--sarif-root', ROOT], dir);
    expect(there.code).toBe(here.code);
    expect(there.stdout).not.toContain(ROOT);
    expect(there.stdout).toBe(here.stdout);
    // a name, not a URI: a space and a non-ASCII letter as written (helper-180, 7)
    const odd = join(dir, 'sarif dir', 'ü');
    mkdirSync(odd, { recursive: true });
    cpSync(join(ROOT, RC1_VMI), join(odd, 'rc1.yaml'));
    const named = cli(['run', join(odd, 'rc1.yaml'), '-f', 'sarif', '--sarif-root', dir], dir);
    const scenarios = new Set((JSON.parse(named.stdout) as { runs: { results: { properties: { scenario: string } }[] }[] }).runs[0]?.results.map((r) => r.properties.scenario));
    expect([...scenarios]).toEqual(['sarif dir/ü/rc1.yaml']);
  });

  it('--sarif-root with another format is a usage error, not an option silently dropped (NOTE-9: -f github kept the paths as given)', { timeout: T }, () => {
    for (const format of ['github', 'text', 'json']) {
      const r = cli(['run', RC1_VMI, '-f', format, '--sarif-root', 'scenarios']);
      expect(r, format).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr, format).toMatch(new RegExp(`^bootreplay: --sarif-root applies to --format sarif only; the ${format} format names each file as given`));
    }
  });

  it('--layout with a format other than text is a usage error naming both, not an option silently dropped', { timeout: T }, () => {
    for (const format of FORMATS.filter((f) => f !== 'text')) {
      for (const flag of ['--layout', '--layout=ptdump']) {
        const r = cli(['run', RC1_VMI, '-f', format, flag]);
        expect(r, `${format} ${flag}`).toMatchObject({ code: 2, stdout: '' });
        expect(r.stderr, `${format} ${flag}`).toMatch(new RegExp(`^bootreplay: ${flag} applies to --format text only; the ${format} (format|report) `));
      }
    }
    expect(cli(['run', RC1_VMI, '-f', 'text', '--layout']).stdout).toMatch(/FIXADDR_TOP/);
  });

  it('a --sarif-root that is no directory, and an empty file option (an unset variable), are usage errors that say so (review 12, 3.1 and 3.2)', { timeout: T }, () => {
    const cases: [string[], string][] = [
      [['-f', 'sarif', '--sarif-root', RC1_VMI], `bootreplay: --sarif-root ${RC1_VMI}: not a directory; give the directory SARIF paths are relative to (the repository's top)\n`],
      [['-f', 'sarif', '--sarif-root', 'no-such-dir'], "bootreplay: --sarif-root no-such-dir: no such directory; give the directory SARIF paths are relative to (the repository's top)\n"],
      [['-o', ''], 'bootreplay: -o "": an empty name (an unset variable?); name a file, or - for stdout\n'],
      [['--update-baseline', ''], 'bootreplay: --update-baseline "": an empty name (an unset variable?); name a file\n'],
      [['--baseline', ''], 'bootreplay: --baseline "": an empty name (an unset variable?); name a file\n'],
      // a root is a directory, not a file
      [['-f', 'sarif', '--sarif-root', ''], 'bootreplay: --sarif-root "": an empty name (an unset variable?); name a directory\n'],
    ];
    for (const [args, stderr] of cases) expect(cli(['run', RC1_VMI, ...args]), args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr });
  });
});

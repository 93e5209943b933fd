/**
 * `bootreplay bisect` as a command (tester review of issue 8): its sides are
 * named as diff names them (a file, a variant, REV:path; a directory is
 * refused), and a finding inherited from a base file is located in that
 * file, as run and diff locate it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from './scratch-repo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/bootreplay.js');
const T = 60_000;
const BASE = 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml';

function cli(args: readonly string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'bootreplay-bisect-'));
afterAll(() => { rmSync(scratch, { recursive: true, force: true }); });

interface BisectJson {
  version: number;
  finding: { rule: string; file: string; line: number; column: number; step: string };
  script: Record<string, string>[];
  culprits: Record<string, unknown>[];
}

describe('bootreplay bisect: the finding is located where its step is written', () => {
  it('a derived scenario: the base file, as run and diff say (text and JSON)', { timeout: T }, () => {
    const r = cli(['bisect', BASE, 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml']);
    expect(r.code).toBe(0);
    const where = /^finding of BAD: (\S+:\d+:\d+): warning early-ioremap-init-before-relocation: /m.exec(r.stdout)?.[1];
    expect(where).toBe(`${BASE}:21:5`);
    // diff names the same place for the same finding
    expect(cli(['diff', BASE, 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml']).stdout).toContain(`  new       ${BASE}:21:5: warning early-ioremap-init-before-relocation: `);
    const j = JSON.parse(cli(['bisect', BASE, 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml', '-f', 'json']).stdout) as BisectJson;
    expect(j.version).toBe(5);
    expect([j.finding.file, j.finding.line, j.finding.column]).toEqual([BASE, 21, 5]);
  });

  it('a variant of a matrix file that extends others: the file the step is in, and that line holds the step', { timeout: T }, () => {
    const variant = 'scenarios/x86_32/variants/rc3-fix-matrix.yaml[hypervisor=xen,memory=512MiB]';
    const text = cli(['bisect', BASE, variant]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`finding of BAD: ${BASE}:21:5: warning btmap-pmd-straddle: `);
    // at a base's line, it says whose finding it is, as run and diff do (helper-181, 11)
    expect(text.stdout).toMatch(/^finding of BAD: .* in scenarios\/x86_32\/variants\/rc3-fix-matrix\.yaml\[hypervisor=xen,memory=512MiB,pae=true\]$/m);
    const j = JSON.parse(cli(['bisect', BASE, variant, '-f', 'json']).stdout) as BisectJson;
    expect(j.finding.file).toBe(BASE);
    expect(readFileSync(join(ROOT, j.finding.file), 'utf8').split('\n')[j.finding.line - 1]).toContain(j.finding.step);
  });
});

describe('bootreplay bisect: sides are named as diff names them', () => {
  it('a directory is refused, as suggest and constraints refuse it (exit 2)', { timeout: T }, () => {
    const r = cli(['bisect', 'scenarios/x86_32', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'scenarios/x86_32: is a directory, not a scenario file\n']);
    const both = cli(['bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('is a directory, not a scenario file');
  });

  it('reads REV:path through git, with the bases it extends at the same revision', { timeout: T }, () => {
    const repo = join(scratch, 'repo');
    // the working copy moves dmi_scan_machine into the early_ioremap window (as 2.6.27.6 did) and an unrelated call
    scratchRepo(repo, 'extends: base.yaml\npatch:\n  - move: dmi_scan_machine\n    after: efi_init\n  - move: copy_edd\n    after: probe_roms\n');
    const r = cli(['bisect', 'HEAD:v/s.yaml', 'v/s.yaml'], repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('bisect HEAD:v/s.yaml → v/s.yaml');
    expect(r.stdout).toMatch(/^finding of BAD: v\/s\.yaml:3:5: error stale-early-ioremap: dmi_scan_machine /m);
    expect(r.stdout).toMatch(/^culprit: 1 edit of 2 makes the finding appear in GOOD\n +\d+ {2}move dmi_scan_machine after efi_init$/m);
    // and the other way round, with a finding in the base at the revision
    const back = cli(['bisect', 'v/base.yaml', 'HEAD:v/s.yaml'], repo);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/nothing to bisect/);
    const dir = cli(['bisect', 'HEAD:v', 'v/s.yaml'], repo);
    expect([dir.code, dir.stderr.trim()]).toEqual([2, 'HEAD:v: is a directory at HEAD, not a file']);
    const missing = cli(['bisect', 'HEAD~5:v/s.yaml', 'v/s.yaml'], repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^HEAD~5:v\/s\.yaml: /);
  });

  it('the help names the forms', () => {
    const r = cli(['bisect', '--help']);
    expect(r.stdout).toContain('REV:path');
    expect(r.stdout).toContain('file.yaml[key=value,…]');
  });
});

describe('bootreplay bisect: input edits read as diff reads them', () => {
  it('a key left to its default shows the default, and a define: is never printed as raw data', { timeout: T }, () => {
    const r = cli(['bisect', 'scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml', 'scenarios/x86_32/2.6.27-rc1-xen-pae.yaml', '--finding', 'btmap-pmd-straddle']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +\d+ {2}config\.pagetable_init_policy: unconditional → xen-mask-rw$/m);
    expect(cli(['diff', 'scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml', 'scenarios/x86_32/2.6.27-rc1-xen-pae.yaml']).stdout).toMatch(/^ {2}config\.pagetable_init_policy +unconditional → xen-mask-rw$/m);
    expect(r.stdout).not.toContain('(default)');
    // the kernel change cannot be left out alone (the 2.6.26 order has calls 2.6.27-rc1 lacks): named, and marked
    expect(r.stdout).toMatch(/^culprit: .*\n(?: +\d+ {2}.*\n)* +\d+ {2}kernel: 2\.6\.26 → 2\.6\.27-rc1 \(inseparable: without it the intermediates are rejected or not judged\)$/m);
    const j = JSON.parse(cli(['bisect', 'scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml', 'scenarios/x86_32/2.6.27-rc1-xen-pae.yaml', '--finding', 'btmap-pmd-straddle', '-f', 'json']).stdout) as BisectJson;
    expect(j.culprits).toContainEqual(expect.objectContaining({ set: 'kernel', from: '2.6.26', to: '2.6.27-rc1', inseparable: true }));
    expect(j.script).toContainEqual({ set: 'config.pagetable_init_policy', from: 'unconditional', to: 'xen-mask-rw' });
    const q = cli(['bisect', 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml', 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml']);
    expect(q.code).toBe(0);
    expect(q.stdout).toMatch(/^edit script GOOD → BAD: 1 edit\n {4}1 {2}insert bios_quirk_probe after setup_memory_map$/m);
    expect(q.stdout).not.toMatch(/^ +\d+ {2}define|\{"/m);
  });
});

// break-206 F10: an empty part said "BAD has no such finding" and listed the finding it meant
describe('bootreplay bisect --finding with an empty RULE or CALL part: a form error, as suggest --call \'\' is', () => {
  const GOOD = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
  const BAD = 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml';
  it('exit 2, one line saying the form and no report; RULE alone and RULE:CALL still pick the finding', { timeout: T }, () => {
    for (const [spec, said] of [
      ['stale-early-ioremap:', '--finding "stale-early-ioremap:": the CALL part after stale-early-ioremap: is empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty (did you mean stale-early-ioremap?)'],
      ['', '--finding "": empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty'],
      // a part of spaces is as empty (break-208 F8)
      [' ', '--finding " ": empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty'],
      ['stale-early-ioremap: ', '--finding "stale-early-ioremap: ": the CALL part after stale-early-ioremap: is empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty (did you mean stale-early-ioremap?)'],
      [':vmi_init', '--finding ":vmi_init": its RULE part is empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty'],
      ['stale-early-ioremap::vmi_init', '--finding "stale-early-ioremap::vmi_init": the CALL part after stale-early-ioremap: is empty: expected RULE, or RULE:CALL:… with some of its calls, no part empty (did you mean stale-early-ioremap:vmi_init?)'],
      ['stale-early-ioremap|dmi_scan_machine|', "--finding \"stale-early-ioremap|dmi_scan_machine|\": the CALL part after stale-early-ioremap|dmi_scan_machine| is empty: expected a finding's key, RULE|CALL|…, no part empty (did you mean stale-early-ioremap|dmi_scan_machine?)"],
    ] as const) {
      for (const format of ['text', 'json']) {
        const r = cli(['bisect', GOOD, BAD, '--finding', spec, '-f', format]);
        expect([spec, r.code, r.stdout, r.stderr]).toEqual([spec, 2, '', `bootreplay: ${said}\n`]);
      }
    }
    // said before the sides are read: a side that does not exist is not what is wrong first
    expect(cli(['bisect', GOOD, 'no-such.yaml', '--finding', 'stale-early-ioremap:']).stderr).toMatch(/^bootreplay: --finding "stale-early-ioremap:": the CALL part after /);
    for (const spec of ['stale-early-ioremap', 'stale-early-ioremap:vmi_init']) {
      const r = cli(['bisect', GOOD, BAD, '--finding', spec]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('  identity: stale-early-ioremap|dmi_scan_machine|early_ioremap_init|vmi_init\n');
    }
  });
});

describe('bootreplay bisect: refused like suggest and constraints when the plan is over the budget', () => {
  it('an order of 121 calls: one error line, exit 2, nothing on stdout', { timeout: T }, () => {
    const good = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
    const long = join(scratch, 'long.yaml');
    writeFileSync(long, `kernel: 2.6.27-rc1\nmachine: {hypervisor: vmi}\nsetup_arch:\n${'  - io_delay_init\n'.repeat(121)}`);
    const r = cli(['bisect', good, long]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    // located: the message says which side is too long (helper-156)
    expect(r.stderr).toBe(`${long}:124:5: setup_arch: the order has 121 calls, more than the limit of 120 (a setup_arch() has about 55; the work grows with the square of the length): too long for bisect; call 121 is here: shorten the order\n`);
  });
});

describe('bootreplay bisect -f json on an invalid side (break-test report: stdout was empty, where run writes its report)', () => {
  it('writes a version 3 answer with finding null and run\'s problems[], located; exit 2, stderr as in text', { timeout: T }, () => {
    const bad = 'test/cli/fixtures/unknown-call.yaml';
    const good = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
    const r = cli(['bisect', good, bad, '-f', 'json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { problems: { file: string; line: number; column: number; message: string }[] };
    const run = JSON.parse(cli(['run', bad, '-f', 'json']).stdout) as { problems: unknown };
    expect(j).toEqual({ version: 5, good, bad, finding: null, culprits: [], enabling: [], problems: run.problems });
    expect(j.problems).toEqual([{ file: bad, line: 7, column: 5, message: expect.stringMatching(/unknown call vmi_inti/) as unknown }]);
    const text = cli(['bisect', good, bad]);
    expect([text.code, text.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(text.stderr);
  });
});

describe('bootreplay bisect with nothing to bisect (found by the reasoning fuzz, test/fuzz/reasoning.fuzz.test.ts)', () => {
  it('-f json writes a JSON report with finding null and why, not the text line (exit 0, the answer)', { timeout: T }, () => {
    const file = 'scenarios/arm64/v4.6.yaml';
    const r = cli(['bisect', file, file, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { version: number; good: string; bad: string; finding: null; nothing_to_bisect: string; culprits: unknown[]; enabling: unknown[] };
    expect(j).toEqual({ version: 5, good: file, bad: file, finding: null, nothing_to_bisect: 'BAD has no finding that GOOD lacks or has less severe: nothing to bisect', culprits: [], enabling: [] });
    // the text answer is the same sentence
    expect(cli(['bisect', file, file]).stdout).toBe(`bisect ${file} → ${file}: BAD has no finding that GOOD lacks or has less severe: nothing to bisect\n`);
  });
});

describe('bootreplay bisect: a regression diff reports as a severity change is bisected (break-212 F5)', () => {
  const good = 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml';
  const bad = 'scenarios/x86_32/2.6.27.24-efi-dmi.yaml';

  it('the DMI scan before efi_init, a warning in GOOD and an error in BAD: bisected as an error, said so (text and JSON)', { timeout: T }, () => {
    // diff calls it a regression: the same finding, changed, severity warning → error
    const d = cli(['diff', good, bad]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('              severity warning → error\n');
    const r = cli(['bisect', good, bad]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('\n  identity: missing-prerequisite|dmi_scan_machine|efi_init|(efi)\n  a severity change: missing-prerequisite became an error (a warning in GOOD)\n');
    expect(r.stdout).toMatch(/^culprit: 1 edit of 6 makes the finding an error in GOOD\n +6 {2}machine\.efi: false → true$/m);
    const j = JSON.parse(cli(['bisect', good, bad, '-f', 'json']).stdout) as BisectJson & { finding: { severity: string; severity_in_good?: string } };
    expect([j.version, j.finding.severity, j.finding.severity_in_good]).toEqual([5, 'error', 'warning']);
    expect(j.culprits).toEqual([{ edit: 6, set: 'machine.efi', from: 'false', to: 'true' }]);
    // a finding new in BAD carries no severity_in_good
    const fresh = JSON.parse(cli(['bisect', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml', '-f', 'json']).stdout) as BisectJson;
    expect(fresh.finding).not.toHaveProperty('severity_in_good');
  });

  it('swapped, it is nothing to bisect, and says GOOD has it as an error', { timeout: T }, () => {
    const r = cli(['bisect', bad, good, '--finding', 'missing-prerequisite:dmi_scan_machine']);
    expect([r.code, r.stdout]).toEqual([0, `bisect ${bad} → ${good}: --finding missing-prerequisite:dmi_scan_machine: GOOD has missing-prerequisite (dmi_scan_machine, efi_init, (efi)) too (an error there, a warning in BAD): nothing to bisect\n`]);
  });
});

describe('bootreplay bisect --finding with no match offers only findings it can bisect (break-212 F10)', () => {
  it('one GOOD has too is named apart, without the spelling to copy; each one offered, copied, is bisected', { timeout: T }, () => {
    const good = 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml';
    const bad = 'scenarios/x86_32/2.6.27.6-vmi-early-dmi.yaml';
    const r = cli(['bisect', good, bad, '--finding', 'x']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    const [offered = '', apart = ''] = r.stderr.replace(/^.*; findings of BAD to bisect, which GOOD lacks or has less severe: /, '').split('; findings of BAD that GOOD has too (nothing to bisect): ');
    expect(apart).toBe('early-ioremap-init-before-relocation (early_ioremap_init, vmi_init)\n');
    const specs = [...offered.matchAll(/ = ('[^']*'|[^;\s]+)/g)].map((m) => m[1] ?? '');
    // each as a shell word to copy: quoted where a shell would read its parentheses (helper-214)
    expect(specs).toEqual(["'missing-prerequisite:dmi_scan_machine:efi_init:(efi)'", 'stale-early-ioremap:dmi_scan_machine:early_ioremap_init:vmi_init']);
    for (const spec of specs) {
      const word = execFileSync('sh', ['-c', `printf %s ${spec}`], { encoding: 'utf8' });
      expect(cli(['bisect', good, bad, '--finding', word]).stdout).toMatch(/^culprit: \d+ edits? of \d+ makes? the finding appear in GOOD$/m);
    }
    // a finding GOOD has less severe is offered, marked so
    const efi = cli(['bisect', bad, 'scenarios/x86_32/2.6.27.24-efi-dmi.yaml', '--finding', 'x']);
    expect(efi.stderr).toContain(": missing-prerequisite (dmi_scan_machine, efi_init, (efi)) = 'missing-prerequisite:dmi_scan_machine:efi_init:(efi)' (a warning in GOOD)\n");
  });
});

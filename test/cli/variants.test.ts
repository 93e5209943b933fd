/**
 * The CLI on variants and diff, as a user runs it: matrix tables, --variant,
 * file.yaml[key=value], the JSON variant field, trace and steps on composed
 * scenarios, and diff's sections and exit codes (including REV:path in a git
 * repository).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from './scratch-repo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/bootreplay.js');
const T = 60_000;
const MATRIX = 'scenarios/x86_32/variants/rc3-fix-matrix.yaml';

function cli(args: readonly string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'bootreplay-variants-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('run on a matrix', () => {
  it('ends with a variants × verdict table, one row per variant', { timeout: T }, () => {
    const r = cli(['run', MATRIX]);
    // the Xen variants reproduce 2.6.27's btmap-pmd-straddle, which the file expects (expect: with variant:)
    expect(r.code).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf(`matrix ${MATRIX}`)).trimEnd().split('\n');
    expect(table).toEqual([
      `matrix ${MATRIX}: 10 variants: 10 passed, 0 failed`,
      '  hypervisor  memory  pae    verdict',
      '  none        512MiB  false  PASS',
      '  none        512MiB  true   PASS',
      '  none        4GiB    false  PASS',
      '  none        4GiB    true   PASS',
      '  vmi         512MiB  false  PASS  2 warnings',
      '  vmi         512MiB  true   PASS  2 warnings',
      '  vmi         4GiB    false  PASS  2 warnings',
      '  vmi         4GiB    true   PASS  2 warnings',
      '  xen         512MiB  true   PASS  1 expected',
      '  xen         4GiB    true   PASS  1 expected',
    ]);
    expect(r.stdout).toMatch(new RegExp(`^PASS ${MATRIX.replace(/[.[\]]/g, '\\$&')}\\[hypervisor=xen,memory=4GiB,pae=true\\] .*1 expected$`, 'm'));
    // without the expectations the same variants fail: --variant picks them, and a copy without expect: shows it
    const bare = join(scratch, 'matrix-no-expect.yaml');
    writeFileSync(bare, readFileSync(MATRIX, 'utf8').replace(/\nexpect:[\s\S]*$/, '\n').replaceAll('extends: ', `extends: ${join(ROOT, 'scenarios/x86_32/variants')}/`));
    // rc3's Xen PAE straddle is only the kernel's WARN (no early_ioremap crosses the PMD, kind 6): a live warning, no error
    expect(cli(['run', bare, '--variant', 'hypervisor=xen,*']).stdout).toContain('  xen         4GiB    true  PASS  1 warning');
  });

  it('gives each result its variant in JSON', { timeout: T }, () => {
    const r = cli(['run', MATRIX, '-f', 'json']);
    const report = JSON.parse(r.stdout) as { results: { file: string; variant: string; status: string }[] };
    expect(report.results).toHaveLength(10);
    expect(report.results.map((x) => `${x.variant} ${x.status}`).slice(8)).toEqual(['hypervisor=xen,memory=512MiB,pae=true pass', 'hypervisor=xen,memory=4GiB,pae=true pass']);
    expect(new Set(report.results.map((x) => x.file))).toEqual(new Set([MATRIX]));
  });

  it('--variant and file.yaml[…] pick by the same selector: key=value pairs, or a glob over the name', { timeout: T }, () => {
    for (const pattern of ['hypervisor=vmi,*', 'hypervisor=vmi']) {
      const vmi = cli(['run', MATRIX, '--variant', pattern]);
      expect(vmi.code).toBe(0);
      expect(vmi.stdout).toContain('matrix scenarios/x86_32/variants/rc3-fix-matrix.yaml: 4 variants: 4 passed, 0 failed');
    }
    const xen = cli(['run', `${MATRIX}[hypervisor=xen]`, '-f', 'json']);
    expect((JSON.parse(xen.stdout) as { results: unknown[] }).results).toHaveLength(2);
    const none = cli(['run', MATRIX, '--variant', 'hypervisor=kvm*']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--variant hypervisor=kvm*: no variant has hypervisor=kvm*; hypervisor is one of none, vmi, xen');
    const typo = cli(['run', `${MATRIX}[hypervisor=xne]`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('[hypervisor=xne] picks none of the 10 variants: no variant has hypervisor=xne (did you mean hypervisor=xen?); hypervisor is one of none, vmi, xen');
    // a pattern on files without a matrix would filter nothing: an input error, not a silent no-op
    const plain = cli(['run', 'scenarios/x86_32/2.6.27-vmi.yaml', '--variant', 'hypervisor=vmi']);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim()).toBe('scenarios/x86_32/2.6.27-vmi.yaml: --variant hypervisor=vmi: this file has no matrix:, so there are no variants to pick');
    // a misspelt axis gets a did-you-mean, not a list of every variant
    const axis = cli(['run', `${MATRIX}[hypervsor=xen]`]);
    expect(axis.stderr.trim()).toBe(`${MATRIX}: [hypervsor=xen] picks none of the 10 variants: no axis hypervsor (did you mean hypervisor?); axes: hypervisor, memory, pae`);
  });

  it('two selectors on one file run both picks, each variant once, in matrix order', { timeout: T }, () => {
    const r = cli(['run', `${MATRIX}[hypervisor=vmi]`, `${MATRIX}[pae=false]`, '-f', 'json']);
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { results: { variant?: string }[] }).results.map((x) => x.variant);
    // 4 VMI variants and 3 non-PAE ones (no Xen without PAE), VMI non-PAE in both: 6
    expect(names).toEqual([
      'hypervisor=none,memory=512MiB,pae=false', 'hypervisor=none,memory=4GiB,pae=false',
      'hypervisor=vmi,memory=512MiB,pae=false', 'hypervisor=vmi,memory=512MiB,pae=true',
      'hypervisor=vmi,memory=4GiB,pae=false', 'hypervisor=vmi,memory=4GiB,pae=true',
    ]);
    const both = cli(['run', `${MATRIX}[hypervisor=xen,memory=4GiB]`, `${MATRIX}[hypervisor=none,memory=4GiB,pae=true]`, '-f', 'json']);
    expect((JSON.parse(both.stdout) as { results: unknown[] }).results).toHaveLength(2);
  });

  it('layout picks variants with file.yaml[key=value] or --variant, names them, and never says an internal name', { timeout: T }, () => {
    const one = cli(['layout', `${MATRIX}[hypervisor=vmi,memory=4GiB,pae=true]`, '--ptdump']);
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')[0]).toMatch(new RegExp(`^${MATRIX.replaceAll('.', '\\.')}\\[hypervisor=vmi,memory=4GiB,pae=true\\]: kernel_page_tables after boot \\(2\\.6\\.27-rc3 PAE, vmi,`));
    const glob = cli(['layout', MATRIX, '--variant', 'hypervisor=none,memory=512MiB,*']);
    expect(glob.code).toBe(0);
    expect(glob.stdout.match(/^\S+: layout: /gm)).toHaveLength(2);
    const all = cli(['layout', MATRIX]);
    expect(all.code).toBe(0);
    expect(all.stdout.match(/^\S+: layout: /gm)).toHaveLength(10);
    const typo = cli(['layout', `${MATRIX}[hypervisor=kvm]`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('[hypervisor=kvm] picks none of the 10 variants');
    for (const r of [one, glob, all, typo]) expect(`${r.stdout}${r.stderr}`).not.toMatch(/loadVariants|loadScenarioFile/);
  });

  it('layout of a replay that halts (a Xen guest without PAE) says so and prints no dump; exit 2', { timeout: T }, () => {
    const dir = join(scratch, 'halt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), 'kernel: "2.6.27"\nconfig: {pae: false}\nmachine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\n');
    for (const args of [['layout', 'x.yaml', '--ptdump'], ['layout', 'x.yaml']]) {
      const r = cli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^x\.yaml:2:\d+: error config-unsupported: a 32-bit Xen pv guest needs config\.pae: true .*; fix: set config\.pae: true\n/);
      expect(r.stderr).toContain(`bootreplay: x.yaml: the replay halts before setup_arch() (no kernel of this version builds this configuration), so there is no ${args.length === 3 ? 'page-table dump' : 'layout'} to print`);
    }
  });

  it('reports a combination the model rejects for that variant only', { timeout: T }, () => {
    const dir = join(scratch, 'reject');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'm.yaml'), 'machine: {hypervisor: vmi}\nsetup_arch: [early_ioremap_init, vmi_init]\nmatrix:\n  machine.memory: [512MiB, 2TiB]\n');
    const r = cli(['run', 'm.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('m.yaml:4:28: [memory=2TiB] machine.memory: 2 TiB (0x20000000000) is too much; the model takes 1 MiB to 1 TiB\n');
    expect(r.stdout).toContain('FAIL m.yaml[memory=512MiB]');
    expect(r.stdout).toMatch(/ {2}2TiB {4}INVALID\n/);
  });
});

describe('a file that extends a matrix', () => {
  it('and sets one of its axes is an input error at that key (exit 2), not a run of every variant; matrix: null runs one machine', { timeout: T }, () => {
    const dir = join(scratch, 'axis');
    mkdirSync(dir, { recursive: true });
    for (const f of ['base-2.6.27-rc1-vmi.yaml', '2.6.27-rc3-fix.yaml', 'rc3-fix-matrix.yaml']) {
      writeFileSync(join(dir, f), readFileSync(join(ROOT, 'scenarios/x86_32/variants', f), 'utf8'));
    }
    writeFileSync(join(dir, 'none.yaml'), 'extends: rc3-fix-matrix.yaml\nmachine: {hypervisor: none}\n');
    const r = cli(['run', 'none.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('1 file: 1 invalid, 0 failed, 0 passed; 0 errors, 0 warnings\n');
    expect(r.stderr).toBe('none.yaml:2:11: machine.hypervisor: an axis of the matrix inherited from rc3-fix-matrix.yaml:12:3, so its variants take this key from the matrix and this value would be ignored; for one machine, drop the matrix (matrix: null) or write a matrix: of your own; to run some of its variants: --variant machine.hypervisor=none\n');
    // what the message offers: one machine (expect: is the matrix file's own, not inherited)
    writeFileSync(join(dir, 'one.yaml'), 'extends: rc3-fix-matrix.yaml\nmatrix: null\nmachine: {hypervisor: none}\n');
    const one = cli(['run', 'one.yaml'], dir);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^PASS one\.yaml .*\[2\.6\.27-rc3, none\]/m);
    // and some variants of the matrix itself
    const some = cli(['run', 'rc3-fix-matrix.yaml', '--variant', 'machine.hypervisor=none'], dir);
    expect(some.stdout).toContain('matrix rc3-fix-matrix.yaml: 4 variants: 4 passed, 0 failed');
  });
});

describe('derived scenarios in reports', () => {
  it('point a finding at the base file for an inherited step, and say whose finding it is', { timeout: T }, () => {
    const r = cli(['run', 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml']);
    expect(r.stdout).toContain('scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml:21:5: expected warning early-ioremap-init-before-relocation: ');
    expect(r.stdout).toContain('(step 4 early_ioremap_init) in scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml');
    expect(r.stdout).toContain('scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml:19:5: expected error stale-early-ioremap: bios_quirk_probe early_ioremaps');
    const json = JSON.parse(cli(['run', 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml', '-f', 'json']).stdout) as { results: { findings: { file?: string; line: number }[] }[] };
    expect(json.results[0]?.findings.map((f) => `${f.file ?? '(own)'}:${f.line}`)).toEqual(['scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml:21', '(own):14']);
  });

  it('steps --scenario lists the catalog for its kernel, then its define: calls; trace marks them', { timeout: T }, () => {
    const steps = cli(['steps', '--scenario', 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml']);
    expect(steps.code).toBe(0);
    expect(steps.stdout).toMatch(/^setup_arch\(\) calls for x86_32 2\.6\.27-rc3$/m);
    expect(steps.stdout).toContain('calls defined by scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml (define:)');
    expect(steps.stdout).toMatch(/^bios_quirk_probe +\[E\] +vendor quirk that peeks at the BIOS data area \(hypothetical patch under review\)\. needs e820; early_ioremap 4 KiB \(define: at scenarios\/x86_32\/variants\/2\.6\.27-rc3-early-quirk\.yaml:14:3\)$/m);
    const trace = cli(['trace', 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml']);
    expect(trace.stdout).toMatch(/^ {2}9 bios_quirk_probe \(define:\) +early_ioremap FIX_BTMAP_BEGIN/m);
    const one = cli(['trace', `${MATRIX}[hypervisor=xen,memory=4GiB]`]);
    expect(one.stdout.split('\n')[0]).toBe(`${MATRIX}[hypervisor=xen,memory=4GiB,pae=true]: The applied rc3 fix on every hypervisor, 512 MiB and 4 GiB, with and without PAE [2.6.27-rc3, xen, PAE]`);
  });
});

describe('diff', () => {
  it('2.6.26 → 2.6.27-rc1 on VMI: the two new errors, the edits, the layout deltas; exit 1', { timeout: T }, () => {
    const r = cli(['diff', 'scenarios/x86_32/2.6.26-vmi.yaml', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  insert init_memory_mapping after find_low_pfn_range');
    expect(r.stdout).toMatch(/^ {2}move dmi_scan_machine after reserve_initrd +\(a 25 → b 31\)$/m);
    expect(r.stdout).toMatch(/^ {2}new {7}scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml:45:5: error fixmap-before-relocation: init_memory_mapping /m);
    expect(r.stdout).toMatch(/^ {2}new {7}scenarios\/x86_32\/2\.6\.27-rc1-vmi\.yaml:48:5: error fixmap-before-relocation: dmi_scan_machine /m);
    expect(r.stdout).toMatch(/^ {2}FIXADDR_BOOT_START {2}0xfbcfd000 → 0xfbdf9000 {2}\+252 pages, \+0\.98 MiB$/m);
    expect(r.stdout).toMatch(/^\* fixmap +0xfbcfd000-0xfc000000 +3\.01 MiB +\| 0xfbdf9000-0xfc000000 +2\.03 MiB$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('regression: 2 new errors in b; exit 1');
  });

  it('2.6.27-rc1 → the rc3 fix (as written by hand, or as extends + patch): both errors fixed; exit 0', { timeout: T }, () => {
    for (const b of ['scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml']) {
      const r = cli(['diff', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', b, '-f', 'json']);
      expect(r.code).toBe(0);
      const d = JSON.parse(r.stdout) as { findings: { fixed: { key: string }[]; new: { severity: string }[] }; order: { edits: { text: string; a_index: number; b_index: number }[] }; verdict: { exit: number } };
      expect(d.findings.fixed.map((f) => f.key)).toEqual(['fixmap-before-relocation|init_memory_mapping|vmi_init', 'fixmap-before-relocation|dmi_scan_machine|vmi_init']);
      expect(d.findings.new.every((f) => f.severity === 'warning')).toBe(true);
      expect(d.order.edits).toEqual([{ move: 'vmi_init', after: 'early_ioremap_init', text: 'move vmi_init after early_ioremap_init', a_index: 41, b_index: 5 }]);
      expect(d.verdict.exit).toBe(0);
    }
    expect(cli(['diff', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', 'scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', '--fail-on', 'new-warning']).code).toBe(1);
  });

  it('page tables that differ where the layout is the same get their own section (seed 004: merged vs proposal 4)', { timeout: T }, () => {
    const a = 'scenarios/x86_32/2.6.26-seed004-native-pae-merged.yaml';
    const b = 'scenarios/x86_32/2.6.26-seed004-native-pae-no-overwrite.yaml';
    const r = cli(['diff', a, b]);
    expect(r.stdout).toContain('\nlayout: same\n');
    // step numbers follow the 2.6.26 catalog; the ranges and attributes are what is pinned
    const section = r.stdout.slice(r.stdout.indexOf('\npage tables: ')).trim().split('\n').slice(0, 5).map((l) => l.replace(/\(step \d+\)/g, '(step N)'));
    expect(section).toEqual([
      "page tables: differ: 2 lines of a's dump (20) not in b's, 2 lines of b's (20) not in a's",
      '  - 0xc0000000-0xc0600000           6M     RW         PSE GLB x  pmd  # by paging_init (step N)',
      '  - 0xc0600000-0xf8000000         890M     RW         PSE GLB NX pmd  # by paging_init (step N)',
      '  + 0xc0000000-0xc1000000          16M USR RW                 x  pte  # by head_32; PTE pages pg0 pfn 0x600-0x607',
      '  + 0xc1000000-0xf8000000         880M     RW         PSE GLB NX pmd  # by paging_init (step N)',
    ]);
    const json = JSON.parse(cli(['diff', a, b, '-f', 'json']).stdout) as { pagetables: { same: boolean; only_a: string[]; only_b: string[] } };
    expect(json.pagetables.same).toBe(false);
    expect(json.pagetables.only_b[0]).toMatch(/^0xc0000000-0xc1000000 +16M USR RW/);
    const same = cli(['diff', a, a]);
    expect(same.stdout).toContain('\npage tables: same\n');
    expect(cli(['diff', a, b, '--fail-on', 'any-change']).code).toBe(1);
  });

  it('bad input exits 2: a missing file, a matrix without a variant, an unknown gate', { timeout: T }, () => {
    const missing = cli(['diff', 'nope.yaml', 'scenarios/x86_32/2.6.28-vmi.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, 'nope.yaml: no such file or directory\n']);
    const matrix = cli(['diff', 'scenarios/x86_32/2.6.28-vmi.yaml', MATRIX]);
    expect(matrix.code).toBe(2);
    expect(matrix.stderr).toContain(`${MATRIX}: 10 variants; diff compares one scenario with one: name it, e.g. ${MATRIX}[hypervisor=none,memory=512MiB,pae=false]`);
    expect(cli(['diff', 'a.yaml', 'b.yaml', '--fail-on', 'sometimes']).code).toBe(2);
  });

  it('-o writes the report atomically and never over a file it read, a base it extends included', { timeout: T }, () => {
    const dir = join(scratch, 'out');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    writeFileSync(join(dir, 'b.yaml'), 'extends: base.yaml\nkernel: 2.6.27-rc3\npatch:\n  - move: vmi_init\n    after: early_ioremap_init\n');
    const a = join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml');
    const ok = cli(['diff', a, 'b.yaml', '-o', 'report.txt'], dir);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe(cli(['diff', a, 'b.yaml'], dir).stdout);
    const before = readFileSync(join(dir, 'base.yaml'), 'utf8');
    const base = cli(['diff', a, 'b.yaml', '-o', 'base.yaml', '-f', 'json'], dir);
    expect([base.code, base.stderr]).toEqual([2, 'bootreplay: cannot write base.yaml: it is an input of this run\n']);
    expect(readFileSync(join(dir, 'base.yaml'), 'utf8')).toBe(before);
  });

  it('reads REV:path through git, with the bases it extends at the same revision', { timeout: T }, () => {
    const repo = join(scratch, 'repo');
    // the working copy moves dmi_scan_machine into the early_ioremap window, as 2.6.27.6 did
    scratchRepo(repo, 'extends: base.yaml\npatch:\n  - move: dmi_scan_machine\n    after: efi_init\n');
    const r = cli(['diff', 'HEAD:v/s.yaml', 'v/s.yaml'], repo);
    expect(r.stdout.split('\n')[0]).toMatch(/^--- HEAD:v\/s\.yaml {2}/);
    expect(r.stdout).toContain('  move dmi_scan_machine after efi_init');
    expect(r.stdout).toMatch(/^ {2}new {7}v\/s\.yaml:3:5: error stale-early-ioremap: dmi_scan_machine /m);
    expect(r.code).toBe(1);
    const bad = cli(['diff', 'HEAD~5:v/s.yaml', 'v/s.yaml'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^HEAD~5:v\/s\.yaml: /);
    // a directory at that revision is not read as YAML of git's tree listing
    const dir = cli(['diff', 'HEAD:v', 'v/s.yaml'], repo);
    expect(dir.code).toBe(2);
    expect(dir.stderr.trim()).toBe('HEAD:v: is a directory at HEAD, not a file');
  });
});

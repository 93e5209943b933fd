/**
 * The CLI on variants and diff, as a user runs it: matrix tables, --variant,
 * file.yaml[key=value], the JSON variant field, trace and steps on composed
 * scenarios, and diff's sections and exit codes (including REV:path in a git
 * repository).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from './scratch-repo.js';
import { gitFailureText } from '../../src/cli/git-reader.js';
import { DEFAULT_LIMITS, limitMessage } from '../../src/scenario/limits.js';

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

  it('an option of one value given twice is a usage error naming it, never the last value alone; --set adds to its axis', { timeout: T }, () => {
    const twice = (cmd: string, option: string, a: string, b: string, tail = ''): string =>
      `bootreplay: ${cmd}: ${option} given twice ("${a}", then "${b}"): it takes one value, and the second would replace the first; give it once${tail}\n`;
    const RC1 = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';
    const union = '; for the variants of several selectors, name the file once for each: file.yaml[A] file.yaml[B]';
    const cases: [string[], string][] = [
      [['run', MATRIX, '--variant', 'hypervisor=xen', '--variant', 'hypervisor=vmi'], twice('run', '--variant', 'hypervisor=xen', 'hypervisor=vmi', union)],
      [['run', MATRIX, '--shard', '1/2', '--shard', '2/2'], twice('run', '--shard', '1/2', '2/2')],
      [['run', RC1, '-f', 'json', '-f', 'text'], twice('run', '--format (-f)', 'json', 'text')],
      [['layout', MATRIX, '--variant', 'pae=true', '--variant', 'pae=false'], twice('layout', '--variant', 'pae=true', 'pae=false')],
      [['bisect', RC1, RC1, '--finding', 'a', '--finding', 'b'], twice('bisect', '--finding', 'a', 'b')],
      [['suggest', RC1, '--format', 'json', '-f', 'json'], twice('suggest', '--format (-f)', 'json', 'json')],
    ];
    for (const [args, stderr] of cases) expect(cli(args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr });
    // an option whose value is optional (--layout [view]), given once without it: the map replaced the ptdump unsaid (break-280 N7)
    const layoutTwice = (a: string, b: string): string => `bootreplay: run: --layout (-l) given twice (${a}, then ${b}): it takes one value, and the second would replace the first; give it once\n`;
    expect(cli(['run', RC1, '--layout=ptdump', '--layout'])).toEqual({ code: 2, stdout: '', stderr: layoutTwice('"ptdump"', 'without a value') });
    expect(cli(['run', RC1, '--layout', '--layout=ptdump'])).toEqual({ code: 2, stdout: '', stderr: layoutTwice('without a value', '"ptdump"') });
    expect(cli(['run', RC1, '-l', '-l'])).toEqual({ code: 2, stdout: '', stderr: layoutTwice('without a value', 'without a value') });
    // the union of two selectors, as the message says
    const both = cli(['run', `${MATRIX}[hypervisor=xen]`, `${MATRIX}[hypervisor=vmi]`]);
    expect(both.stdout).toContain('6 variants');
    // --set given twice for one path: one axis of both values
    const cpus = ['constraints', RC1, '--matrix', '-f', 'json'];
    expect(cli([...cpus, '--set', 'config.nr_cpus=1', '--set', 'config.nr_cpus=2'])).toEqual(cli([...cpus, '--set', 'config.nr_cpus=1,2']));
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
    expect(none.stderr).toBe(`bootreplay: --variant hypervisor=kvm* picks none of the 10 variants of ${MATRIX}: no variant has hypervisor=kvm*; hypervisor is one of none, vmi, xen\n`);
    const typo = cli(['run', `${MATRIX}[hypervisor=xne]`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('[hypervisor=xne] picks none of the 10 variants: no variant has hypervisor=xne (did you mean hypervisor=xen?); hypervisor is one of none, vmi, xen');
    // a misspelt axis gets a did-you-mean, not a list of every variant
    const axis = cli(['run', `${MATRIX}[hypervsor=xen]`]);
    expect(axis.stderr.trim()).toBe(`${MATRIX}: [hypervsor=xen] picks none of the 10 variants: no axis hypervsor (did you mean hypervisor?); axes: hypervisor, memory, pae`);
  });

  it('a --variant that can pick nothing is a usage error before any replay: no report, exit 2; files without a matrix: run whole beside one', { timeout: T }, () => {
    const plain = 'scenarios/x86_32/2.6.27-vmi.yaml';
    const rule = '--variant picks among the variants of files with a matrix: (files without one run whole)';
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const one = cli(['run', plain, '--variant', 'hypervisor=vmi', '-f', format]);
      expect(one.code).toBe(2);
      expect(one.stdout).toBe('');
      expect(one.stderr).toBe(`bootreplay: --variant hypervisor=vmi: ${plain} has no matrix:, so there are no variants to pick; ${rule}\n`);
    }
    const two = cli(['run', plain, 'scenarios/x86_32/2.6.26-vmi.yaml', '--variant', 'hypervisor=vmi']);
    expect([two.code, two.stdout, two.stderr]).toEqual([2, '', `bootreplay: --variant hypervisor=vmi: none of the 2 files has a matrix:, so there are no variants to pick; ${rule}\n`]);
    // the same with a matrix file beside: a pattern no variant has is the same usage error, before any replay
    const typo = cli(['run', plain, MATRIX, '--variant', 'hypervisor=kvm']);
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toBe(`bootreplay: --variant hypervisor=kvm picks none of the 10 variants of ${MATRIX}: no variant has hypervisor=kvm; hypervisor is one of none, vmi, xen\n`);
    // a pattern that picks some variants: the matrix is filtered, the file without a matrix runs whole
    const mixed = cli(['run', plain, MATRIX, '--variant', 'hypervisor=xen', '-f', 'json']);
    expect(mixed.code).toBe(0);
    const results = (JSON.parse(mixed.stdout) as { results: { file: string; variant?: string }[] }).results;
    expect(results.map((r) => `${r.file}${r.variant !== undefined ? `[${r.variant}]` : ''}`)).toEqual([
      plain, `${MATRIX}[hypervisor=xen,memory=512MiB,pae=true]`, `${MATRIX}[hypervisor=xen,memory=4GiB,pae=true]`,
    ]);
    // trace and layout say the same, and print nothing else
    for (const command of ['trace', 'layout']) {
      const r = cli([command, plain, '--variant', 'hypervisor=vmi']);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `bootreplay: --variant hypervisor=vmi: ${plain} has no matrix:, so there are no variants to pick; ${rule}\n`]);
    }
  });

  it('a selector with one key twice, or a […] per pair, is said to be so before any variant is looked at (break-209 F10)', { timeout: T }, () => {
    const dir = join(scratch, 'selector-faults');
    mkdirSync(dir, { recursive: true });
    // no exclude: a combination no variant has is no excluded one
    writeFileSync(join(dir, 'mx.yaml'), 'kernel: 2.6.27-rc1\nsetup_arch: [early_ioremap_init]\nmatrix:\n  machine.hypervisor: [none, vmi]\n  config.pae: [false, true]\n  include:\n    - {machine.hypervisor: xen, config.pae: true}\n');
    const twice = cli(['run', 'mx.yaml[hypervisor=vmi,hypervisor=none]'], dir);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('mx.yaml: [hypervisor=vmi,hypervisor=none]: hypervisor is given twice in the selector (vmi, none): a variant has one value of each key; give it once\n');
    const chained = cli(['suggest', 'mx.yaml[hypervisor=vmi][pae=true]'], dir);
    expect(chained.code).toBe(2);
    expect(chained.stderr).toBe('mx.yaml: [hypervisor=vmi][pae=true]: a selector is one […] with comma-separated key=value pairs, not a […] for each pair; write mx.yaml[hypervisor=vmi,pae=true]\n');
    const pattern = cli(['run', 'mx.yaml', '--variant', 'hypervisor=vmi,machine.hypervisor=none'], dir);
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toBe('bootreplay: --variant hypervisor=vmi,machine.hypervisor=none: hypervisor and machine.hypervisor are one key, given twice in the selector (vmi, none): a variant has one value of each key; give it once\n');
    // a combination the matrix lacks (xen only with PAE, from include:) is no excluded one here
    const missing = cli(['run', 'mx.yaml[hypervisor=xen,pae=false]'], dir);
    expect(missing.stderr).toBe('mx.yaml: [hypervisor=xen,pae=false] picks none of the 5 variants: no variant has all of hypervisor=xen,pae=false; variants with hypervisor=xen: hypervisor=xen,pae=true\n');
    // an exclude: that dropped another combination is no reason either (break-211 F6: xen comes from include: only)
    writeFileSync(join(dir, 'ex.yaml'), 'kernel: 2.6.27-rc1\nsetup_arch: [early_ioremap_init]\nmatrix:\n  machine.hypervisor: [none, vmi]\n  config.pae: [false, true]\n  exclude:\n    - {machine.hypervisor: vmi, config.pae: true}\n  include:\n    - {machine.hypervisor: xen, config.pae: true}\n');
    expect(cli(['run', 'ex.yaml[hypervisor=xen,pae=false]'], dir).stderr).toBe('ex.yaml: [hypervisor=xen,pae=false] picks none of the 4 variants: no variant has all of hypervisor=xen,pae=false; variants with hypervisor=xen: hypervisor=xen,pae=true\n');
    // the combination it dropped is
    expect(cli(['run', 'ex.yaml[hypervisor=vmi,pae=true]'], dir).stderr).toBe('ex.yaml: [hypervisor=vmi,pae=true] picks none of the 4 variants: no variant has all of hypervisor=vmi,pae=true (excluded from the matrix?); variants with hypervisor=vmi: hypervisor=vmi,pae=false\n');
    // the same in a file's expect: entry, at its variant:
    writeFileSync(join(dir, 'e.yaml'), 'kernel: 2.6.27-rc1\nsetup_arch: [early_ioremap_init]\nmatrix:\n  machine.hypervisor: [none, vmi]\nexpect:\n  - {rule: fixmap-before-relocation, step: early_ioremap_init, variant: "hypervisor=vmi,hypervisor=none"}\n');
    expect(cli(['run', 'e.yaml'], dir).stderr).toBe('e.yaml:6:64: expect[0].variant: hypervisor=vmi,hypervisor=none: hypervisor is given twice in the selector (vmi, none): a variant has one value of each key; give it once\n');
  });

  it('file.yaml[…] and --variant that pick nothing together say so, naming both and what each picks', { timeout: T }, () => {
    const vmi = ['hypervisor=vmi,memory=512MiB,pae=false', 'hypervisor=vmi,memory=512MiB,pae=true', 'hypervisor=vmi,memory=4GiB,pae=false', 'hypervisor=vmi,memory=4GiB,pae=true'];
    const r = cli(['run', `${MATRIX}[hypervisor=vmi]`, '--variant', 'hypervisor=xen']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${MATRIX}: [hypervisor=vmi] and --variant hypervisor=xen together pick none of the 10 variants: [hypervisor=vmi] picks 4 (${vmi.join('; ')}), --variant hypervisor=xen picks 2 others (hypervisor=xen,memory=512MiB,pae=true; hypervisor=xen,memory=4GiB,pae=true); keep one of the two\n`);
    // never the contradiction of a "no variant has all of hypervisor=vmi" followed by four that have it
    expect(r.stderr).not.toContain('excluded from the matrix');
    // the selector alone picking none is still the selector's own miss
    const alone = cli(['run', `${MATRIX}[hypervisor=xen,pae=false]`, '--variant', 'memory=4GiB']);
    expect(alone.stderr).toBe(`${MATRIX}: [hypervisor=xen,pae=false] picks none of the 10 variants: no variant has all of hypervisor=xen,pae=false (excluded from the matrix?); variants with hypervisor=xen: hypervisor=xen,memory=512MiB,pae=true; hypervisor=xen,memory=4GiB,pae=true\n`);
    // a pattern that picks variants of another matrix but none of this one
    const dir = join(scratch, 'two-matrices');
    mkdirSync(dir, { recursive: true });
    // bases inside the directory the run starts in (extends: reads nowhere else by default)
    cpSync(join(ROOT, 'scenarios/x86_32/variants'), join(dir, 'variants'), { recursive: true });
    writeFileSync(join(dir, 'k.yaml'), 'extends: variants/2.6.27-rc3-fix.yaml\nmatrix:\n  kernel: [2.6.27-rc3, 2.6.27]\n');
    writeFileSync(join(dir, 'm.yaml'), 'extends: variants/rc3-fix-matrix.yaml\n');
    const other = cli(['run', 'm.yaml[hypervisor=vmi]', 'k.yaml', '--variant', 'kernel=2.6.27'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe('m.yaml: [hypervisor=vmi] and --variant kernel=2.6.27 together pick none of the 10 variants: '
      + `[hypervisor=vmi] picks 4 (${vmi.join('; ')}), and --variant kernel=2.6.27 none: no axis kernel; axes: hypervisor, memory, pae\n`);
    expect(other.stdout).toContain('PASS k.yaml[kernel=2.6.27]');
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

  it('layout and trace of a matrix with an invalid variant show the valid ones, the problem on stderr, exit 2, as run does (helper-185 5)', { timeout: T }, () => {
    const dir = join(scratch, 'one-invalid');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'm.yaml'), 'kernel: "2.6.27"\nsetup_arch: [early_ioremap_init, setup_memory_map, e820_end_of_ram_pfn, find_low_pfn_range, init_memory_mapping, paging_init]\nmatrix:\n  machine.memory: [512MiB, 1MiB, 4GiB]\n');
    for (const command of ['layout', 'trace']) {
      const r = cli([command, 'm.yaml'], dir);
      expect(r.code, command).toBe(2);
      expect(r.stdout.match(/^m\.yaml\[memory=\w+\]: /gm), command).toEqual(['m.yaml[memory=512MiB]: ', 'm.yaml[memory=4GiB]: ']);
      expect(r.stderr, command).toMatch(/^m\.yaml:4:28: \[memory=1MiB\] machine\.memory: 1 MiB does not hold the kernel/);
    }
    // every variant invalid: nothing to show, as before
    writeFileSync(join(dir, 'bad.yaml'), 'kernel: "2.6.27"\nsetup_arch: [early_ioremap_init]\nmatrix:\n  machine.memory: [1MiB, 2MiB]\n');
    const none = cli(['layout', 'bad.yaml'], dir);
    expect([none.code, none.stdout]).toEqual([2, '']);
    // steps --scenario still wants the whole file valid
    expect(cli(['steps', '--scenario', 'm.yaml'], dir).code).toBe(2);
  });

  it('layout and trace of a replay that halts (a Xen guest without PAE) say so and print no dump or header; exit 2', { timeout: T }, () => {
    const dir = join(scratch, 'halt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), 'kernel: "2.6.27"\nconfig: {pae: false}\nmachine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\n');
    const nothing: Record<string, string> = { ptdump: 'there is no page-table dump to print', map: 'there is no layout to print', trace: 'there is no boot step to trace' };
    for (const [args, view] of [[['layout', 'x.yaml', '--ptdump'], 'ptdump'], [['layout', 'x.yaml'], 'map'], [['trace', 'x.yaml'], 'trace'], [['trace', '-a', 'x.yaml'], 'trace']] as const) {
      const r = cli([...args], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^x\.yaml:2:\d+: error config-unsupported: a 32-bit Xen pv guest needs config\.pae: true .*; fix: set config\.pae: true\n/);
      expect(r.stderr).toContain(`bootreplay: x.yaml: the replay halts before setup_arch() (no kernel of this version builds this configuration), so ${nothing[view] ?? ''}\n`);
    }
  });

  it('trace of a matrix where one variant halts: the others are traced, the halted one says why; exit 2', { timeout: T }, () => {
    const dir = join(scratch, 'halt-matrix');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'm.yaml'), 'kernel: "2.6.27"\nmachine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\nmatrix:\n  config.pae: [false, true]\n');
    const r = cli(['trace', 'm.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^m\.yaml\[pae=true\]: /);
    expect(r.stdout).not.toContain('pae=false');
    expect(r.stderr).toContain('bootreplay: m.yaml[pae=false]: the replay halts before setup_arch() (no kernel of this version builds this configuration), so there is no boot step to trace\n');
    // the finding's line names the variant, as `run` does (break-280 N2): two halted variants were two identical lines
    expect(r.stderr).toMatch(/^m\.yaml:\d+:\d+: error config-unsupported: a 32-bit Xen pv guest needs config\.pae: true .* in m\.yaml\[pae=false\]; fix: set config\.pae: true\n/);
    // a variant that runs alone: exit 0, as before
    expect(cli(['trace', 'm.yaml[pae=true]'], dir).code).toBe(0);
  });

  it('every variant name a report, table or message shows picks exactly that variant when passed back, hostile values included', { timeout: T }, () => {
    // values a selector could misread: globs, a quote, a backslash, separators, brackets, a newline
    const dir = join(scratch, 'hostile-names');
    mkdirSync(dir, { recursive: true });
    const values = ['foo*bar', 'fooXbar', '*', '?', '"', '\\', ',', '=', '[', ']', 'a\nb', 'x]y', 'ab'];
    writeFileSync(join(dir, 'h.yaml'), `kernel: "2.6.27"\nconfig: {pae: false}\nmachine: {hypervisor: none}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\nmatrix:\n  machine.cmdline: ${JSON.stringify(values)}\n`);
    const variantsOf = (stdout: string): string[] => (JSON.parse(stdout) as { results: { variant: string }[] }).results.map((r) => r.variant);
    const names = variantsOf(cli(['run', 'h.yaml', '-f', 'json'], dir).stdout);
    expect(names).toHaveLength(values.length);
    expect(names.slice(0, 4)).toEqual(['cmdline="foo*bar"', 'cmdline=fooXbar', 'cmdline="*"', 'cmdline="?"']);
    // text output shows the same names, and the matrix table's cells as `key=cell` are the same selectors
    const text = cli(['run', 'h.yaml'], dir).stdout;
    expect([...text.matchAll(/^FAIL h\.yaml\[(.*)\] {2}h /gm)].map((m) => m[1])).toEqual(names);
    const header = /^ {2}cmdline +verdict\n/m.exec(text);
    const table = text.slice((header?.index ?? 0) + (header?.[0].length ?? 0)).trimEnd().split('\n');
    expect(table.map((row) => `cmdline=${row.slice(2, row.lastIndexOf('  FAIL')).trimEnd()}`)).toEqual(names);
    for (const name of names) {
      expect(variantsOf(cli(['run', `h.yaml[${name}]`, '-f', 'json'], dir).stdout), name).toEqual([name]);
      expect(variantsOf(cli(['run', 'h.yaml', '--variant', name, '-f', 'json'], dir).stdout), name).toEqual([name]);
    }
    // unquoted values stay globs
    expect(variantsOf(cli(['run', 'h.yaml[cmdline=foo*bar]', '-f', 'json'], dir).stdout)).toEqual(['cmdline="foo*bar"', 'cmdline=fooXbar']);
    // diff takes the name its own message suggests (it used to answer "2 variants match" with the argument it was given)
    const many = cli(['diff', 'h.yaml[cmdline=foo*]', 'h.yaml[cmdline=ab]'], dir);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('name it, e.g. h.yaml[cmdline="foo*bar"]');
    const diff = cli(['diff', 'h.yaml[cmdline="foo*bar"]', 'h.yaml[cmdline=ab]'], dir);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
  });

  it('run --layout of a replay that halts says what layout says, in every format, and invents no layout', { timeout: T }, () => {
    // a Xen guest without PAE halts before setup_arch(): the map and dump of the state before any step are no kernel's
    const dir = join(scratch, 'halt-run');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), 'kernel: "2.6.27"\nconfig: {pae: false}\nmachine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\n');
    for (const [flag, view] of [['--layout', ['layout']], ['--layout=ptdump', ['layout', '--ptdump']]] as const) {
      const said = cli([...view, 'x.yaml'], dir).stderr.split('\n').find((l) => l.startsWith('bootreplay: ')) ?? '';
      expect(said).toMatch(/^bootreplay: x\.yaml: the replay halts before setup_arch\(\)/);
      const r = cli(['run', 'x.yaml', flag], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`\n${said.slice('bootreplay: '.length)}\n`);
      expect(r.stdout).not.toMatch(/kernel_page_tables|lowmem|FIXADDR_TOP|0x[0-9a-f]{8}-0x/);
    }
    const json = JSON.parse(cli(['run', 'x.yaml', '-f', 'json'], dir).stdout) as { results: { layout: unknown; noLayout?: string }[] };
    expect(json.results.map((r) => [r.layout, r.noLayout])).toEqual([[null, 'the replay halts before setup_arch() (no kernel of this version builds this configuration)']]);
    const html = cli(['run', 'x.yaml', '-f', 'html'], dir).stdout;
    expect(html).toContain('<h3>Address space</h3>\n<p class="muted-text">x.yaml: the replay halts before setup_arch() (no kernel of this version builds this configuration), so there is no layout to print</p>');
    expect(html).not.toContain('<svg');
    // a replay that ran still has its layout, in every format
    writeFileSync(join(dir, 'ok.yaml'), 'kernel: "2.6.27"\nconfig: {pae: true}\nmachine: {hypervisor: xen}\nsetup_arch: [early_ioremap_init, init_memory_mapping, paging_init]\n');
    expect(cli(['run', 'ok.yaml', '--layout'], dir).stdout).toMatch(/lowmem/);
    const ok = JSON.parse(cli(['run', 'ok.yaml', '-f', 'json'], dir).stdout) as { results: { layout: unknown; noLayout?: string }[] };
    expect(ok.results[0]?.layout).toMatchObject({ regions: expect.any(Array) as unknown });
    expect(ok.results[0]?.noLayout).toBeUndefined();
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
    expect(r.stdout).toBe('1 file: 1 invalid, 0 failed, 0 passed; 0 errors, 0 warnings; 1 input problem on stderr\n');
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
    // picking variants of the one machine says why it has none: matrix: null, where, and whose matrix it drops
    const picked = cli(['run', 'one.yaml', '--variant', 'hypervisor=none'], dir);
    expect([picked.code, picked.stdout]).toEqual([2, '']);
    expect(picked.stderr).toBe('bootreplay: --variant hypervisor=none: one.yaml has no matrix: (matrix: null at one.yaml:2:1 drops the one of rc3-fix-matrix.yaml), so there are no variants to pick; --variant picks among the variants of files with a matrix: (files without one run whole)\n');
    const bracket = cli(['run', 'one.yaml[hypervisor=none]'], dir);
    expect([bracket.code, bracket.stderr]).toEqual([2, 'one.yaml: [hypervisor=none]: this file has no matrix: (matrix: null at one.yaml:2:1 drops the one of rc3-fix-matrix.yaml), so it has no variants to pick\n']);
  });

  it('a 64-bit key (arm64 machine.kaslr_seed) sweeps as any scalar: matrix, --set with several values, diff in hex (helper-176: was an internal error)', { timeout: T }, () => {
    const dir = mkdtempSync(join(scratch, 'seed-'));
    cpSync(join(ROOT, 'scenarios/arm64/v4.6-kaslr.yaml'), join(dir, 'base.yaml'));
    writeFileSync(join(dir, 'm.yaml'), 'extends: base.yaml\nmatrix:\n  machine.kaslr_seed: [0x1234, 0xfedcba9876543210]\n');
    const run = cli(['run', 'm.yaml', '-f', 'json'], dir);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const r = cli(['constraints', 'base.yaml', '--set', 'machine.kaslr_seed=1,2'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const d = cli(['diff', 'm.yaml[kaslr_seed=0x1234]', 'm.yaml[kaslr_seed=0xfedcba9876543210]'], dir);
    expect(d.stdout).toContain('  machine.kaslr_seed  0x1234 → 0xfedcba9876543210\n');
  });

  it('--set reads a 64-bit seed exactly, keeps hex in names, and a --set on another key keeps the file\'s 64-bit matrix values (helper-177: rounded through a double)', { timeout: T }, () => {
    const dir = mkdtempSync(join(scratch, 'seed64-'));
    cpSync(join(ROOT, 'scenarios/arm64/v4.6-kaslr.yaml'), join(dir, 'base.yaml'));
    // kaslr.c:118-119: offset = seed & mask = 2 MiB, and v4.6 head.S rebuilds the tables with no TLBI: bbm-violation.
    // Through a double the seed was 0xfedc0000001fff28 (offset 0): no finding under the written name.
    writeFileSync(join(dir, 'b.yaml'), 'extends: base.yaml\nmachine: {kaslr_seed: 0xfedc000000200000}\n');
    const file = cli(['suggest', 'b.yaml'], dir);
    const set = cli(['suggest', 'base.yaml', '--set', 'machine.kaslr_seed=0xfedc000000200000'], dir);
    expect(file.stdout).toContain('bbm-violation is about __enable_mmu');
    expect(set.stdout.split('\n').slice(1)).toEqual(file.stdout.split('\n').slice(1));
    expect(set.stdout.split('\n')[0]).toBe('suggest base.yaml[kaslr_seed=0xfedc000000200000]');
    const two = cli(['suggest', 'base.yaml', '--set', 'machine.kaslr_seed=0xfedcba9876543210,0xfedcba9876543211', '--matrix'], dir);
    expect([two.code, two.stderr]).toEqual([0, '']);
    expect(two.stdout).toContain('suggest over 2 machines: kaslr_seed=0xfedcba9876543210; kaslr_seed=0xfedcba9876543211\n');
    const max = cli(['constraints', 'base.yaml', '--set', 'machine.kaslr_seed=0xffffffffffffffff'], dir);
    expect([max.code, max.stderr]).toEqual([0, '']);
    // the same value in two bases is still a repeat
    const rep = cli(['constraints', 'base.yaml', '--set', 'machine.kaslr_seed=0x1234,4660'], dir);
    expect([rep.code, rep.stderr]).toEqual([2, 'base.yaml: --set machine.kaslr_seed=0x1234,4660: machine.kaslr_seed, value 2: 4660 repeats value 1 (the same value)\n']);
    writeFileSync(join(dir, 'm4.yaml'), 'extends: base.yaml\nmatrix:\n  machine.kaslr_seed: [0x1234, 0xfedc000000200000]\n');
    const other = cli(['suggest', 'm4.yaml', '--set', 'machine.memory=2GiB,4GiB'], dir);
    expect(other.stdout).toContain('suggest m4.yaml[kaslr_seed=0xfedc000000200000,memory=2GiB]\nno error that moving a call of setup_arch() can touch: bbm-violation');
    expect(other.stdout).toContain('suggest m4.yaml[kaslr_seed=0x1234,memory=4GiB]\nno error finding');
  });

  it('under --set, a problem in what the overlay copies of the file\'s matrix (exclude entries, axes --set leaves) keeps the file\'s line, as without --set (helper-200 5)', { timeout: T }, () => {
    const dir = mkdtempSync(join(scratch, 'copied-'));
    cpSync(join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml'), join(dir, 'base.yaml'));
    writeFileSync(join(dir, 'inc.yaml'), 'extends: base.yaml\nmatrix:\n  include:\n    - {machine.memory: 1GiB}\n  exclude:\n    - 3\n');
    writeFileSync(join(dir, 'axes.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 2GiB]\n  config.pae: [false, maybe]\n  exclude:\n    - {machine.hypervisor: vmi}\n');
    writeFileSync(join(dir, 'derived.yaml'), 'extends: axes.yaml\nname: derived\n');
    writeFileSync(join(dir, 'three.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 2GiB]\n  exclude:\n    - 3\n');
    for (const f of ['inc.yaml', 'three.yaml']) {
      const alone = cli(['run', f], dir);
      const set = cli(['suggest', f, '--set', 'machine.hypervisor=none,vmi'], dir);
      expect(alone.code).toBe(2);
      expect(set.code).toBe(2);
      expect(set.stderr).toBe(alone.stderr.replace(/\n\n?1 file: .*\n$/, '\n').replace(/^1 file: .*\n/m, ''));
    }
    // an exclude entry that is no mapping is copied as written, so --set does not lose its problem
    expect(cli(['suggest', 'three.yaml', '--set', 'machine.hypervisor=none,vmi'], dir).stderr).toBe('three.yaml:5:7: matrix.exclude[0]: expected a mapping, got the number 3\n');
    writeFileSync(join(dir, 'inc.yaml'), 'extends: base.yaml\nmatrix:\n  include:\n    - {machine.memory: 1GiB}\n    - {machine.memory: 2GiB}\n  exclude:\n    - {machine.memory: 2GiB}\n');
    expect(cli(['suggest', 'inc.yaml', '--set', 'machine.hypervisor=none,vmi'], dir).stderr).toMatch(/^inc\.yaml:7:8: matrix\.exclude\[0\]\["machine\.memory"\]: this matrix has no axes/);
    // an include entry that is no mapping: the file's problem, not the overlay's (an integer was spread as the keys
    // text and value of a WrittenInt: "matrix.include[0].text: unknown key")
    writeFileSync(join(dir, 'inc3.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 2GiB]\n  include:\n    - 3\n    - {machine.memory: 1GiB, config.pae: true}\n');
    writeFileSync(join(dir, 'inc5.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [1GiB]\n  include: 5\n');
    expect(cli(['suggest', 'inc3.yaml', '--set', 'config.nr_cpus=8,16'], dir).stderr).toBe('inc3.yaml:5:7: matrix.include[0]: expected a mapping, got the number 3\n');
    expect(cli(['suggest', 'inc5.yaml', '--set', 'config.nr_cpus=8,16'], dir).stderr).toBe('inc5.yaml:4:12: matrix.include: expected a list, got the number 5\n');
    // an include entry the overlay spreads over the --set values is said once, at the file's line (break-204 F6: once
    // more per copy, unlocated, at indexes the file does not have)
    writeFileSync(join(dir, 'spread.yaml'), 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  include:\n    - {machine.memory: 512MiB, config.pae: 1}\n    - {config.nr_cpus: 16}\n');
    expect(cli(['suggest', 'spread.yaml', '--set', 'machine.memory=1GiB,2GiB'], dir).stderr).toBe('spread.yaml:5:44: matrix.include[0]["config.pae"]: expected true or false, got the number 1\n');
    // a matrix the file's own excludes empty: its line, as without --set (break-204 F10)
    writeFileSync(join(dir, 'empty.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 4GiB]\n  exclude:\n    - {machine.memory: 512MiB}\n    - {machine.memory: 4GiB}\n');
    const empty = cli(['run', 'empty.yaml'], dir).stderr.split('\n')[0];
    expect(empty).toMatch(/^empty\.yaml:3:3: matrix: every combination is excluded/);
    expect(cli(['constraints', 'empty.yaml', '--set', 'machine.hypervisor=none'], dir).stderr).toBe(`${empty ?? ''}\n`);
    // an axis --set leaves is the file's: its problem is at the file's line
    expect(cli(['suggest', 'axes.yaml', '--set', 'config.nr_cpus=8,16'], dir).stderr).toBe('axes.yaml:4:23: matrix["config.pae"][1]: expected true or false, got the string "maybe"\n');
    // the axes the message lists are the ones --set makes; the place is the file's
    writeFileSync(join(dir, 'axes.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [1GiB, 2GiB]\n  config.pae: [false, true]\n  exclude:\n    - {machine.hypervisor: vmi}\n');
    const axes = cli(['suggest', 'axes.yaml', '--set', 'config.nr_cpus=8,16'], dir);
    expect([axes.code, axes.stderr]).toEqual([2, 'axes.yaml:6:8: matrix.exclude[0]["machine.hypervisor"]: not an axis of this matrix; axes: machine.memory, config.pae, config.nr_cpus\n']);
    // a matrix a base writes: the base's line, for the file named
    const derived = cli(['suggest', 'derived.yaml', '--set', 'config.nr_cpus=8,16', '-f', 'json'], dir);
    const problems = (JSON.parse(derived.stdout) as { problems: { file: string; line: number | null; scenario?: string }[] }).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === 'axes.yaml' && p.line !== null)).toBe(true);
  });

  it('a derived file\'s efi: false that makes its base\'s acpi: true wrong is named where it is written (helper-177)', { timeout: T }, () => {
    const dir = mkdtempSync(join(scratch, 'acpi-'));
    cpSync(join(ROOT, 'scenarios/arm64/v4.7.yaml'), join(dir, 'v4.7.yaml'));
    writeFileSync(join(dir, 'base.yaml'), 'extends: v4.7.yaml\nmachine:\n  efi: true\n  acpi: true\n');
    writeFileSync(join(dir, 'der.yaml'), 'extends: base.yaml\nmachine:\n  efi: false\n');
    const r = cli(['run', 'der.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^base\.yaml:4:9: machine\.acpi: an ACPI boot needs machine\.efi: true; .*; machine\.efi: false is set at der\.yaml:3:8 in der\.yaml\n/);
  });

  it('an empty --variant is named as the shell would quote it (helper-144)', { timeout: T }, () => {
    const r = cli(['run', MATRIX, '--variant', '']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "bootreplay: --variant '': an empty selector picks nothing; give KEY=VALUE[,KEY=VALUE…] or a pattern of variant names\n"]);
  });

  it('a selector on a directory is an input error, not a walk of the whole directory (helper-139)', { timeout: T }, () => {
    const r = cli(['run', 'scenarios/x86_32/variants[hypervisor=vmi]']);
    expect([r.code, r.stderr]).toEqual([2, "scenarios/x86_32/variants: [hypervisor=vmi]: a selector picks variants of one scenario file, and this is a directory; name a file of it, or give --variant 'hypervisor=vmi' to pick from every file under it\n"]);
    expect(r.stdout).not.toMatch(/^PASS|^FAIL/m);
  });

  it('include entries: a key only they set is picked by its whole path, and an equal value never renames a variant', { timeout: T }, () => {
    const dir = join(scratch, 'include');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    writeFileSync(join(dir, 'dm.yaml'), 'extends: base.yaml\nmatrix:\n  machine.cpu.pse: [true, false]\n  include:\n    - {machine.cpu.pse: false, machine.cpu.pge: false}\n');
    for (const pattern of ['machine.cpu.pge=false', 'pge=false']) {
      const r = cli(['run', 'dm.yaml', '--variant', pattern, '-f', 'json'], dir);
      expect((JSON.parse(r.stdout) as { results: { variant: string }[] }).results.map((x) => x.variant)).toEqual(['pse=false,pge=false']);
    }
    // a path that is not the key's: the key's own path as the did-you-mean
    const wrong = cli(['run', 'dm.yaml', '--variant', 'machine.pge=false'], dir);
    expect([wrong.code, wrong.stderr]).toEqual([2, 'bootreplay: --variant machine.pge=false picks none of the 2 variants of dm.yaml: no axis machine.pge (did you mean machine.cpu.pge?); axes: pse, pge\n']);
    // 1024MiB is 1GiB: the entry fits the axis value and the variant keeps its name
    writeFileSync(join(dir, 'ren.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [512MiB, 1GiB]\n  include:\n    - {machine.memory: 1024MiB, config.pae: true}\n');
    const ren = cli(['run', 'ren.yaml', '--variant', 'memory=1GiB', '-f', 'json'], dir);
    expect((JSON.parse(ren.stdout) as { results: { variant: string }[] }).results.map((x) => x.variant)).toEqual(['memory=1GiB,pae=true']);
  });

  it('suggest --set on a key an include entry sets: the --set value wins, named once', { timeout: T }, () => {
    const dir = join(scratch, 'set-include');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    writeFileSync(join(dir, 'inc.yaml'), 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  include:\n    - {machine.hypervisor: vmi, machine.memory: 4GiB}\n');
    type Suggest = { reports: { machines: string[]; errors: { key: string }[] }[] };
    const run = (args: readonly string[]): Suggest => JSON.parse(cli(['suggest', ...args, '-f', 'json'], dir).stdout) as Suggest;
    const r = run(['inc.yaml', '--set', 'machine.memory=512MiB']);
    expect(r.reports.map((x) => x.machines)).toEqual([['inc.yaml[memory=512MiB,hypervisor=none]'], ['inc.yaml[memory=512MiB,hypervisor=vmi]']]);
    // a 512 MiB VMI machine: the base's two errors, not the 4 GiB variant's three (acpi_boot_table_init's)
    expect(r.reports[1]?.errors.map((e) => e.key)).toEqual(['fixmap-before-relocation|init_memory_mapping|vmi_init', 'fixmap-before-relocation|dmi_scan_machine|vmi_init']);
    expect(run(['inc.yaml[hypervisor=vmi]']).reports[0]?.errors.map((e) => e.key)).toContain('fixmap-before-relocation|acpi_boot_table_init|vmi_init');
    // the same report as the 512 MiB base itself, but for the machine's name
    const base = run(['base.yaml']).reports[0];
    expect(JSON.stringify(r.reports[1]).replaceAll('inc.yaml[memory=512MiB,hypervisor=vmi]', 'base.yaml')).toBe(JSON.stringify(base));
  });

  it('a problem a --set value causes in the file says the value is set by --set, not at a place in an internal file', { timeout: T }, () => {
    const dir = join(scratch, 'set-cause');
    mkdirSync(dir, { recursive: true });
    // vmi_activate came with 2.6.28-rc9 (and stable 2.6.27.10): a 2.6.27.6 kernel lacks it
    writeFileSync(join(dir, 'o.yaml'), 'kernel: 2.6.28\nmachine: {hypervisor: vmi}\nsetup_arch: [vmi_init, early_ioremap_init, setup_memory_map, vmi_activate]\n');
    const one = cli(['suggest', 'o.yaml', '--set', 'kernel=2.6.27.6'], dir);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^o\.yaml:3:62: setup_arch\[3\] \(step 4\): vmi_activate is not a setup_arch\(\) call in 2\.6\.27\.6: .*; kernel: 2\.6\.27\.6 is set by --set\n$/);
    const two = cli(['suggest', 'o.yaml', '--set', 'kernel=2.6.27.6,2.6.27.7'], dir);
    expect(two.stderr.split('\n').filter((l) => l !== '').map((l) => l.replace(/: vmi_activate .*?;/, ':'))).toEqual([
      'o.yaml:3:62: [kernel=2.6.27.6] setup_arch[3] (step 4): kernel: 2.6.27.6 is set by --set',
      'o.yaml:3:62: [kernel=2.6.27.7] setup_arch[3] (step 4): kernel: 2.6.27.7 is set by --set',
    ]);
  });

  it('--set of another architecture\'s config: or machine: key says whose key it is, as --set kernel= of its version does (break-209 F7)', { timeout: T }, () => {
    const dir = join(scratch, 'set-other-arch');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.yaml'), 'kernel: 2.6.27-rc1\nsetup_arch: [early_ioremap_init]\n');
    writeFileSync(join(dir, 'a.yaml'), 'kernel: v4.4\narch: arm64\nsetup_arch: [early_fixmap_init]\n');
    const x86 = cli(['suggest', 'x.yaml', '--set', 'config.va_bits=39'], dir);
    expect(x86.code).toBe(2);
    expect(x86.stderr).toMatch(/^x\.yaml: --set config\.va_bits=39: config\.va_bits: unknown key: it is an arm64 key, and this scenario is x86_32 \(the default: no file sets arch:; add arch: arm64\); allowed in config: pae, nr_cpus, .*\n$/);
    // several values (a matrix axis of the overlay): the same hint, said of the path given, not of a matrix (break-211 F8)
    const axis = cli(['suggest', 'x.yaml', '--set', 'config.va_bits=39,48'], dir);
    expect(axis.stderr).toMatch(/^x\.yaml: --set config\.va_bits=39,48: config\.va_bits: unknown key: it is an arm64 key, and this scenario is x86_32 \(the default: no file sets arch:; add arch: arm64\); --set takes a scalar key path: kernel, config\.pae, .*\n$/);
    // a list or a mapping key: said once, whatever form its value takes, with what works (break-212 F6)
    for (const value of ['1', '1,2', '{pse: true}']) {
      expect(cli(['suggest', 'x.yaml', '--set', `machine.cpu=${value}`], dir).stderr).toBe(`bootreplay: --set machine.cpu=${value}: machine.cpu is a mapping (an x86_32 key), which --set does not set whole: name one of its keys: machine.cpu.pse, machine.cpu.nx, machine.cpu.pge\n`);
    }
    const list = (value: string): string => `bootreplay: --set machine.banks=${value}: machine.banks is a list of mappings with base, size (an arm64 key), which --set does not set: it sets one scalar per path; write the list in a file that extends the scenario (extends: FILE.yaml, then machine: {banks: […]})\n`;
    for (const value of ['[{base: 0x80000000, size: 1GiB}]', 'A,B', '1']) {
      const r = cli(['constraints', 'a.yaml', '--set', `machine.banks=${value}`], dir);
      expect([r.code, r.stderr]).toEqual([2, list(value)]);
    }
    // a path under the list is in it (break-215 F5: "takes one value, not keys")
    expect(cli(['constraints', 'a.yaml', '--set', 'machine.banks.0.size=1GiB'], dir).stderr).toBe('bootreplay: --set machine.banks.0.size=1GiB: machine.banks.0.size is in machine.banks, a list of mappings with base, size (an arm64 key), which --set does not set: it sets one scalar per path; write the list in a file that extends the scenario (extends: FILE.yaml, then machine: {banks: […]})\n');
    // another architecture's list or mapping key is that architecture's key, as a scalar one is (break-215 F4: its
    // keys, named as told, were refused as a riscv key)
    for (const value of ['machine.kernel=x', 'machine.kernel.text=1MiB', 'machine.memory_banks=1']) {
      expect(cli(['constraints', 'a.yaml', '--set', value], dir).stderr).toMatch(/: unknown key: it is a riscv key, and this scenario is arm64 \(arch: arm64 is set at a\.yaml:2:7\)/);
    }
    expect(cli(['suggest', 'x.yaml', '--set', 'machine.banks=1'], dir).stderr).toMatch(/machine\.banks: unknown key: it is an arm64 key, and this scenario is x86_32/);
    // what it says works: the list in a file that extends the scenario
    writeFileSync(join(dir, 'banks.yaml'), 'extends: a.yaml\nmachine: {banks: [{base: 0x80000000, size: 1GiB}]}\n');
    expect(cli(['constraints', 'banks.yaml'], dir).code).toBe(0);
    const arm = cli(['constraints', 'a.yaml', '--set', 'config.pae=true', '--set', 'machine.hypervisor=vmi'], dir);
    expect(arm.code).toBe(2);
    expect(arm.stderr.split('\n').filter((l) => l !== '').map((l) => l.replace(/; allowed in .*$/, ''))).toEqual([
      'a.yaml: --set config.pae=true: config.pae: unknown key: it is an x86_32 key, and this scenario is arm64 (arch: arm64 is set at a.yaml:2:7)',
      'a.yaml: --set machine.hypervisor=vmi: machine.hypervisor: unknown key: it is an x86_32 key, and this scenario is arm64 (arch: arm64 is set at a.yaml:2:7)',
    ]);
  });

  it('suggest and constraints show a file\'s variant problems as run does: capped at max-problems, each naming the file that met it in a base', { timeout: T }, () => {
    const dir = join(scratch, 'set-cap');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    // 2.6.26 lacks about 35 of the rc1 calls: 8 variants of it are over 100 problems
    writeFileSync(join(dir, 'm.yaml'), 'extends: base.yaml\nmatrix:\n  kernel: [2.6.27-rc1, 2.6.26]\n  machine.memory: [256MiB, 512MiB, 1GiB, 2GiB, 3GiB, 4GiB, 5GiB, 6GiB]\n');
    const run = cli(['run', 'm.yaml'], dir);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(101);
    expect(lines[100]).toMatch(/^base\.yaml:\d+:\d+: … and \d+ more problems in this file \(limit 100 problems per file, max-problems; .*\) in m\.yaml$/);
    for (const command of ['suggest', 'constraints']) expect(cli([command, 'm.yaml'], dir).stderr).toBe(run.stderr);
    // with --set the overlay's problems in the base are the named file's too
    writeFileSync(join(dir, 'one.yaml'), 'extends: base.yaml\n');
    const set = cli(['constraints', 'one.yaml', '--set', 'kernel=2.6.26,2.6.27', '--set', 'machine.memory=256MiB,512MiB,1GiB,2GiB'], dir);
    const setLines = set.stderr.split('\n').filter((l) => l !== '');
    expect(set.code).toBe(2);
    expect(setLines).toHaveLength(101);
    for (const l of setLines) expect(l).toMatch(/^base\.yaml:\d+:\d+: .* in one\.yaml$/);
  });

  it('a machine name suggest prints with --set picks that machine back with the same --set', { timeout: T }, () => {
    const dir = join(scratch, 'set-pick');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    writeFileSync(join(dir, 'inc.yaml'), 'extends: base.yaml\nmatrix:\n  machine.hypervisor: [none, vmi]\n  include:\n    - {machine.hypervisor: vmi, machine.memory: 4GiB}\n');
    type Suggest = { reports: { machines: string[] }[] };
    const run = (args: readonly string[]): { code: number | null; stderr: string; machines: string[][] } => {
      const r = cli(['suggest', ...args, '-f', 'json'], dir);
      return { code: r.code, stderr: r.stderr, machines: r.code === 0 ? (JSON.parse(r.stdout) as Suggest).reports.map((x) => x.machines) : [] };
    };
    expect(run(['inc.yaml[memory=512MiB,hypervisor=vmi]', '--set', 'machine.memory=512MiB']).machines).toEqual([['inc.yaml[memory=512MiB,hypervisor=vmi]']]);
    // the --set key alone picks every variant; a glob over its value too
    expect(run(['inc.yaml[memory=512*]', '--set', 'machine.memory=512MiB']).machines).toHaveLength(2);
    // another value of the --set key picks none, and says which value there is
    expect(run(['inc.yaml[memory=4GiB]', '--set', 'machine.memory=512MiB'])).toMatchObject({
      code: 2, stderr: 'inc.yaml: [memory=4GiB] picks none of the 2 variants: no variant has memory=4GiB; memory is one of 512MiB\n',
    });
    // a file without matrix: its --set name is picked by its --set value
    expect(run(['base.yaml[kernel=2.6.27-rc1]', '--set', 'kernel=2.6.27-rc1']).machines).toEqual([['base.yaml[kernel=2.6.27-rc1]']]);
  });
});

describe('fix hints over a matrix', () => {
  it('are searched for the first 16 variants a run picks of a file; the later ones say how to get theirs', { timeout: T }, () => {
    const base = join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml');
    const file = join(scratch, 'fix-matrix.yaml');
    writeFileSync(file, `extends: ${JSON.stringify(base)}\nexpect: []\nmatrix:\n  machine.memory: [${Array.from({ length: 17 }, (_, i) => `${512 + i}MiB`).join(', ')}]\n`);
    const r = cli(['run', file, '-f', 'json']);
    const report = JSON.parse(r.stdout) as { results: { variant: string; findings: { severity: string; fix: string }[] }[] };
    const fixes = report.results.map((x) => x.findings.find((f) => f.severity === 'error')?.fix ?? '');
    expect(fixes).toHaveLength(17);
    expect(fixes.slice(0, 16).every((f) => !f.startsWith('no fix was searched'))).toBe(true);
    expect(fixes[16]).toMatch(/^no fix was searched: fixes are searched for the first 16 variants of a file a run picks, and this is variant 17 of 17; name it \(file\.yaml\[memory=528MiB\]\) to search its fixes/);
    // named, it is the first of its run
    const one = JSON.parse(cli(['run', `${file}[memory=528MiB]`, '-f', 'json']).stdout) as typeof report;
    expect(one.results[0]?.findings.find((f) => f.severity === 'error')?.fix).not.toMatch(/^no fix was searched/);
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

  it('a problem in a base names the derived file it makes invalid, in every format, once per derived file', { timeout: T }, () => {
    const dir = join(scratch, 'base-problems');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    // 2.6.26 lacks 35 of the rc1 order's calls: the child's kernel: makes the base's lines wrong
    for (const f of ['c', 'd']) writeFileSync(join(dir, `${f}.yaml`), `extends: base.yaml\nname: ${f}\nkernel: 2.6.26\n`);
    for (const f of ['a', 'b']) writeFileSync(join(dir, `${f}.yaml`), 'extends: base.yaml\nmatrix:\n  kernel: [2.6.26, 2.6.27-rc1]\n');
    const visws = (f: string): string => `setup_arch[0] (step 1): visws_early_detect is not a setup_arch() call in 2.6.26: it came with 3b33553badc "x86: add early quirk support" (2.6.27-rc1); kernel: 2.6.26 is set at ${f}.yaml:3:9`;

    const text = cli(['run', 'c.yaml', 'd.yaml'], dir);
    expect(text.code).toBe(2);
    const lines = text.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(70);
    expect(lines[0]).toBe(`base.yaml:18:5: ${visws('c')} in c.yaml`);
    expect(lines[35]).toBe(`base.yaml:18:5: ${visws('d')} in d.yaml`);
    expect(lines.slice(0, 35).every((l) => l.endsWith(' in c.yaml')) && lines.slice(35).every((l) => l.endsWith(' in d.yaml'))).toBe(true);
    expect(text.stdout).toBe('2 files: 2 invalid, 0 failed, 0 passed; 0 errors, 0 warnings; 70 input problems on stderr\n');

    interface Problem { file: string; scenario?: string; line: number | null; message: string }
    const json = JSON.parse(cli(['run', 'c.yaml', '-f', 'json'], dir).stdout) as { results: unknown[]; summary: { invalid: number; problems: number }; problems: Problem[] };
    expect([json.results, json.summary.invalid, json.summary.problems, json.problems.length]).toEqual([[], 1, 35, 35]);
    expect(json.problems[0]).toEqual({ file: 'base.yaml', scenario: 'c.yaml', line: 18, column: 5, message: visws('c') });
    expect(json.problems.every((p) => p.scenario === 'c.yaml')).toBe(true);
    // the base run as itself has no problem; its own problems would carry no scenario (it is their file)
    expect(cli(['run', 'base.yaml'], dir).code).toBe(0);

    const sarif = JSON.parse(cli(['run', 'c.yaml', 'd.yaml', '-f', 'sarif'], dir).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; properties?: { scenario: string } }[] }[] }[];
    };
    const notes = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes).toHaveLength(70);
    expect(notes[0]?.message.text).toBe(`${visws('c')} in c.yaml`);
    expect(notes[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('base.yaml');
    expect(notes.map((n) => n.properties?.scenario).filter((x, i, all) => all.indexOf(x) === i)).toEqual(['c.yaml', 'd.yaml']);

    // JUnit and KTAP: the derived files fail (one suite or test each), not the base
    const junit = cli(['run', 'c.yaml', 'd.yaml', '-f', 'junit'], dir).stdout;
    expect(junit.match(/<testsuite name="[^"]*"/g)).toEqual(['<testsuite name="c.yaml"', '<testsuite name="d.yaml"']);
    expect(junit).toContain(`base.yaml:18:5: ${visws('d')} in d.yaml`);
    const ktap = cli(['run', 'c.yaml', 'd.yaml', '-f', 'ktap'], dir).stdout;
    expect(ktap.match(/^not ok \d+ \S+/gm)).toEqual(['not ok 1 c.yaml', 'not ok 2 d.yaml']);
    const github = cli(['run', 'c.yaml', 'd.yaml', '-f', 'github'], dir).stdout;
    expect(github).toContain(`::error file=base.yaml,line=18,col=5,title=bootreplay input problem::${visws('d')} in d.yaml\n`);
    const html = cli(['run', 'c.yaml', 'd.yaml', '-f', 'html'], dir).stdout;
    expect(html).toContain(`<li class="mono">base.yaml:18:5: ${visws('c')} in c.yaml</li>`);

    // two matrix files over one base: the 2.6.26 variant of each is reported, each pointing at its own matrix value
    const matrices = cli(['run', 'a.yaml', 'b.yaml'], dir);
    expect(matrices.code).toBe(2);
    const first = matrices.stderr.split('\n').filter((l) => l.startsWith('base.yaml:18:5: '));
    expect(first).toEqual([
      `base.yaml:18:5: [kernel=2.6.26] ${visws('a').replace(':3:9', ':3:12')} in a.yaml`,
      `base.yaml:18:5: [kernel=2.6.26] ${visws('b').replace(':3:9', ':3:12')} in b.yaml`,
    ]);
  });

  it('steps --scenario lists the catalog for its kernel, then its define: calls; trace marks them', { timeout: T }, () => {
    const steps = cli(['steps', '--scenario', 'scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml']);
    expect(steps.code).toBe(0);
    expect(steps.stdout).toMatch(/^setup_arch\(\) calls for x86_32 2\.6\.27-rc3$/m);
    expect(steps.stdout).toContain('calls defined by scenarios/x86_32/variants/2.6.27-rc3-early-quirk.yaml (define:)');
    expect(steps.stdout).toMatch(/^bios_quirk_probe +\[E\] +vendor quirk that peeks at the BIOS data area \(hypothetical patch under review\)\. needs e820; early_ioremap 4 KiB \(define: at scenarios\/x86_32\/variants\/2\.6\.27-rc3-early-quirk\.yaml:14:3\)$/m);
    // the scenario's arch: decides the catalog; another --arch is a contradiction, not ignored
    const other = cli(['steps', '--scenario', 'scenarios/arm64/v4.6.yaml', '--arch', 'x86_32']);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe('bootreplay: --arch x86_32: scenarios/arm64/v4.6.yaml has arch: arm64, and --scenario lists the catalog of its own arch; leave --arch out\n');
    expect(cli(['steps', '--scenario', 'scenarios/arm64/v4.6.yaml', '--arch', 'arm64']).code).toBe(0);
    // an --arch that is no architecture is said to be one, whatever the scenario
    expect(cli(['steps', '--scenario', 'scenarios/arm64/v4.6.yaml', '--arch', 'X86_32']).stderr).toMatch(/^bootreplay: --arch: unknown architecture "X86_32" \(did you mean x86_32\?\)/);
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
    // rc1 BUGs in vmi_init (fixmaps_set > 0) before it relocates: b is compared as it is there, FIXADDR_TOP never moved
    expect(r.stdout).toMatch(/^ {2}b: the layout when step 41 vmi_init halts the kernel \(fixmap-before-relocation\): as before that step, without it and the 18 steps after it$/m);
    expect(r.stdout).toMatch(/^ {2}FIXADDR_BOOT_START {2}0xfbcfd000 → 0xffdf9000 {2}\+16636 pages, \+64\.98 MiB$/m);
    expect(r.stdout).toMatch(/^\* fixmap +0xfbcfd000-0xfc000000 +3\.01 MiB +\| 0xffdf9000-0x100000000 +2\.03 MiB$/m);
    expect(r.stdout).toMatch(/^\* hypervisor +0xfc000000-0x100000000 +64 MiB +\| \(none\)$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('regression: 2 new errors in b; exit 1');
    // each header gives run's status: rc1 lists its two errors under expect:, so run passes it
    expect(r.stdout.split('\n')[1]).toMatch(/ {2}PASS 2 expected$/);
  });

  it('2.6.27-rc1 → the rc3 fix (as written by hand, or as extends + patch): both errors fixed; exit 0', { timeout: T }, () => {
    for (const b of ['scenarios/x86_32/2.6.27-rc3-vmi-fix.yaml', 'scenarios/x86_32/variants/2.6.27-rc3-fix.yaml']) {
      const r = cli(['diff', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', b, '-f', 'json']);
      expect(r.code).toBe(0);
      const d = JSON.parse(r.stdout) as { a: unknown; findings: { fixed: { key: string }[]; new: { severity: string }[] }; order: { edits: { text: string; a_index: number; b_index: number }[] }; verdict: { exit: number } };
      // run's status and counts: both errors expected
      expect(d.a).toMatchObject({ status: 'pass', errors: 0, expected: 2, suppressed: 0, unmet: 0, unused_allows: 0 });
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
    // the variants listed are bounded (a 4,096-variant matrix made one 103 KB line): six, then how many more
    expect(matrix.stderr).toMatch(/; variants: (?:[^;\n]+; ){6}… and 4 more\n$/);
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
    // nor its first file, when the path ends in the directory (git ls-tree lists what is inside)
    for (const d of ['HEAD:v/', 'HEAD:.']) expect(cli(['diff', d, 'v/s.yaml'], repo).stderr.trim()).toBe(`${d}: is a directory at HEAD, not a file`);
    // nor a committed symbolic link's target text as the file's YAML, nor a missing file as git's message
    symlinkSync('base.yaml', join(repo, 'v/link.yaml'));
    execFileSync('git', ['add', 'v/link.yaml'], { cwd: repo, stdio: 'ignore' });
    execFileSync('git', ['commit', '-q', '-m', 'link'], { cwd: repo, stdio: 'ignore' });
    const link = cli(['diff', 'HEAD:v/link.yaml', 'v/s.yaml'], repo);
    expect([link.code, link.stderr.trim()]).toEqual([2, 'HEAD:v/link.yaml: is a symbolic link at HEAD (to "base.yaml"); name the file it links to']);
    const missing = cli(['diff', 'HEAD:v/nope.yaml', 'v/s.yaml'], repo);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'HEAD:v/nope.yaml: no such file at HEAD']);
    // a path outside the repository: said in the project's words, without git's absolute path of the repository
    const outside = 'the path is outside the repository; REV:path names a file relative to the current directory, inside the repository';
    const cases = [['HEAD:../x.yaml', repo, 'v/s.yaml'], ['HEAD:../../x.yaml', join(repo, 'v'), 's.yaml'], [`HEAD:${join(scratch, 'x.yaml')}`, repo, 'v/s.yaml']] as const;
    for (const [arg, cwd, other] of cases) {
      const r = cli(['diff', arg, other], cwd);
      expect([r.code, r.stderr]).toEqual([2, `${arg}: ${outside}\n`]);
    }
    // break-252 F1: from v/, a path that climbs out and back in names the file (ls-tree printed it as s.yaml, relative
    // to the current directory, and the reader took that for another entry: "is a directory"), and so does a base
    // reached through such a path; a directory named that way is still one
    const sub = join(repo, 'v');
    for (const arg of ['HEAD:../v/s.yaml', 'HEAD:./../v/base.yaml']) {
      const r = cli(['diff', arg, 's.yaml'], sub);
      expect([arg, r.stderr, r.stdout.split('\n')[0]]).toEqual([arg, '', expect.stringMatching(new RegExp(`^--- ${arg.replace(/[.]/g, '\\.')} {2}`)) as unknown]);
    }
    writeFileSync(join(sub, 'up.yaml'), 'extends: ../v/base.yaml\n');
    execFileSync('git', ['add', 'v/up.yaml'], { cwd: repo, stdio: 'ignore' });
    execFileSync('git', ['commit', '-q', '-m', 'up'], { cwd: repo, stdio: 'ignore' });
    expect(cli(['diff', 'HEAD:up.yaml', 'up.yaml'], sub).stderr).toBe('');
    expect(cli(['diff', 'HEAD:../v/', 's.yaml'], sub).stderr.trim()).toBe('HEAD:../v/: is a directory at HEAD, not a file');
  });

  it('REV:path with a line break in the path, or a space in the revision, is read at REV (break-275 F1)', { timeout: T }, () => {
    const repo = join(scratch, 'repo-odd-names');
    mkdirSync(repo);
    const git = (args: readonly string[]): void => void execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git(['init', '-q']);
    writeFileSync(join(repo, 'nb\nx.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/variants/base-2.6.27-rc1-vmi.yaml'), 'utf8'));
    writeFileSync(join(repo, 'nlext.yaml'), 'extends: "nb\\nx.yaml"\nname: nlext\n');
    writeFileSync(join(repo, 'cr\rx.yaml'), 'extends: "nb\\nx.yaml"\nname: nlext\n');
    git(['add', '.']);
    git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'odd']);
    // each was "no such file": the path was read as a plain name, or a base at REV looked up under its whole REV: text
    for (const arg of ['HEAD:nlext.yaml', 'HEAD:cr\rx.yaml', 'HEAD@{1 year ago}:nlext.yaml']) {
      const r = cli(['diff', arg, 'nlext.yaml'], repo);
      expect([arg, r.code, r.stderr]).toEqual([arg, 0, '']);
    }
    // a revision git does not know is said in git's words, not as a missing file
    expect(cli(['diff', 'no such rev:nlext.yaml', 'nlext.yaml'], repo).stderr).toMatch(/^no such rev:nlext\.yaml: Not a valid object name no such rev\n$/);
    // -o may not replace the working copy of a file read at REV, a base it extends included (break-275 N6)
    const before = readFileSync(join(repo, 'nb\nx.yaml'), 'utf8');
    for (const out of ['nlext.yaml', 'nb\nx.yaml']) {
      const r = cli(['diff', 'HEAD:nlext.yaml', 'HEAD:cr\rx.yaml', '-o', out], repo);
      expect([r.code, r.stderr]).toEqual([2, `bootreplay: cannot write ${out.replace('\n', '\\n')}: it is an input of this run\n`]);
    }
    expect(readFileSync(join(repo, 'nb\nx.yaml'), 'utf8')).toBe(before);
  });

  it('a directory at REV is a directory whatever its listing\'s size; a file over max-file-bytes is too large (break-270 N3)', { timeout: T }, () => {
    const repo = join(scratch, 'repo-large-tree');
    mkdirSync(repo);
    const git = (args: readonly string[], input?: string): string =>
      execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim();
    git(['init', '-q']);
    // big/: one more entry than a listing of max-file-bytes holds (ls-tree -z prints `100644 blob OID\tbig/NAME\0` for each)
    const blob = git(['hash-object', '-w', '--stdin'], 'x\n');
    const name = (i: number): string => `${String(i).padStart(4, '0')}${'n'.repeat(196)}.yaml`;
    const entries = Math.floor((DEFAULT_LIMITS.maxFileBytes + 1) / `100644 blob ${blob}\tbig/${name(0)}\0`.length) + 1;
    const big = git(['mktree'], Array.from({ length: entries }, (_, i) => `100644 blob ${blob}\t${name(i)}\n`).join(''));
    const huge = git(['hash-object', '-w', '--stdin'], `# ${'x'.repeat(DEFAULT_LIMITS.maxFileBytes)}\n`);
    const top = git(['mktree'], `040000 tree ${big}\tbig\n100644 blob ${huge}\thuge.yaml\n`);
    git(['tag', 'many', git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit-tree', top, '-m', 'many'])]);
    writeFileSync(join(repo, 's.yaml'), 'setup_arch: [early_cpu_init]\n');
    // was "too large (…, max-file-bytes; …)": ls-tree of big/ listed its entries, past the read buffer
    for (const d of ['many:big', 'many:big/', 'many:big/.', 'many:.']) {
      const r = cli(['diff', d, 's.yaml'], repo);
      expect([r.code, r.stderr]).toEqual([2, `${d}: is a directory at many, not a file\n`]);
    }
    const r = cli(['diff', 'many:huge.yaml', 's.yaml'], repo);
    expect([r.code, r.stderr]).toEqual([2, `many:huge.yaml: ${limitMessage('max-file-bytes', DEFAULT_LIMITS.maxFileBytes, 'too large')}\n`]);
    // a trailing / after a file: said as the working tree says it (not "no such file")
    expect(cli(['diff', 'many:huge.yaml/', 's.yaml'], repo).stderr).toBe('many:huge.yaml/: is a file at many, not a directory: a trailing / names a directory (leave out the /)\n');
  });

  it('says git\'s other complaints without absolute paths: relative to the current directory, as the user\'s paths', () => {
    const here = process.cwd();
    expect(gitFailureText(`fatal: detected dubious ownership in repository at '${join(here, 'r')}'\nhint: …\n`)).toBe("detected dubious ownership in repository at 'r'");
    expect(gitFailureText(`fatal: cannot change to ${here}: No such file or directory\n`)).toBe('cannot change to .: No such file or directory');
    expect(gitFailureText('fatal: Not a valid object name nosuchrev\n')).toBe('Not a valid object name nosuchrev');
    expect(gitFailureText('')).toBe('git failed');
  });
});

describe('selectors too costly to match are refused before they are matched (max-glob-steps, break-216 F3)', () => {
  // three 2,000-character command lines; a ? between two stars is tried at each place of each value
  const file = join(scratch, 'costly.yaml');
  const values = ['x', 'y', 'z'].map((c) => `"${'a'.repeat(1999)}${c}"`).join(', ');
  writeFileSync(file, `name: g\nkernel: 2.6.27-rc1\nsetup_arch: [early_cpu_init, early_ioremap_init]\nmatrix:\n  machine.cmdline: [${values}]\n`);
  const costly = `cmdline=*${'a?'.repeat(1500)}*`;

  it('--variant and file.yaml[…]: exit 2, the limit named, nothing replayed', { timeout: T }, () => {
    const byVariant = cli(['run', file, '--variant', costly]);
    expect([byVariant.code, byVariant.stdout]).toEqual([2, '']);
    expect(byVariant.stderr).toMatch(/^bootreplay: --variant cmdline=\*(a\?)+a…: matching it against the 3 variants of .*costly\.yaml would take 18000000 steps \(limit 16777216 steps, max-glob-steps; /m);
    const byFile = cli(['run', `${file}[${costly}]`]);
    expect(byFile.code).toBe(2);
    expect(byFile.stderr).toContain(': matching it against the 3 variants would take 18000000 steps (limit 16777216 steps, max-glob-steps;');
  });

  it('a long glob without ? between stars is matched, in linear time', { timeout: T }, () => {
    const r = cli(['run', file, '--variant', `cmdline=*${'a'.repeat(1500)}*z`]);
    expect(r.stdout).toContain('[cmdline=');
    expect(r.stdout).toMatch(/^1 scenario: /m);
  });
});

// break-253 N6: `mx.yaml[key=value` without its `]` was "no such file or directory" (run and trace read it as a
// pattern; suggest, constraints, bisect and diff said nothing more): every command names the file and the fix
describe('an unclosed variant selector', () => {
  const arg = `${MATRIX}[hypervisor=xen`;
  const note = `${MATRIX}[hypervisor=xen: no such file or directory: ${MATRIX} is a scenario file and \`[hypervisor=xen\` an unclosed variant selector; did you mean ${MATRIX}[hypervisor=xen]?\n`;
  it.each([
    ['run', [arg]], ['trace', [arg]], ['layout', [arg]], ['suggest', [arg]], ['constraints', [arg]],
    ['bisect', [arg, `${MATRIX}[hypervisor=xen,memory=4GiB]`]], ['diff', [arg, `${MATRIX}[hypervisor=xen,memory=4GiB]`]],
  ])('%s says what it is and how to close it', (command, args) => {
    const r = cli([command, ...args]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(note)]);
    expect(r.stderr.split('\n').filter((l) => l.includes('no such file'))).toHaveLength(1);
  }, T);

  it('a `[` alone says how a selector is written; a missing file before the `[` keeps the pattern advice', () => {
    expect(cli(['run', `${MATRIX}[`]).stderr).toContain(`: ${MATRIX} is a scenario file and \`[\` starts a variant selector; write ${MATRIX}[key=value,…]\n`);
    expect(cli(['run', 'scenarios/x86_32/nope.yaml[a=b']).stderr).toContain('no such file or directory: no file matches this pattern');
  }, T);
});

/**
 * The whole program against hostile input (issue "hardening"): user text
 * cannot forge or split an output line or reach the terminal raw, `-o` never
 * destroys an input, files that are not regular files never hang a run, and
 * a reader that goes away is not a crash. Each case is the smallest input
 * that showed the failure; they spawn the built binary like a user would.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, closeSync, constants, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REASONING_MACHINES } from '../../src/compare/judge.js';
import { tooManyMachines } from '../../src/cli/machines.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/bootreplay.js');
const T = 60_000;
const GOOD = 'name: good\nsetup_arch: [early_cpu_init, setup_memory_map, e820_end_of_ram_pfn, find_low_pfn_range]\n';

let dir = '';

function cli(args: readonly string[], cwd = dir, extra: Readonly<Record<string, string>> = {}): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, maxBuffer: 2 ** 26 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootreplay-hardening-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('user text is escaped in text output', () => {
  it('a newline in name: cannot forge a PASS line; escape sequences and bidi overrides are shown, not sent', () => {
    const f = write('forge.yaml', 'name: "x\\nPASS forged.yaml  looks fine\\e[2J\\u202e"\nsetup_arch: [early_cpu_init]\n');
    const r = cli(['run', f]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
    expect(r.stdout).toContain('FAIL forge.yaml  x\\nPASS forged.yaml  looks fine\\x1b[2J\\u202e [2.6.36, none]');
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
  }, T);

  it('a call name and a variant value with NUL, ESC, U+202E, U+2028, CR LF are escaped once, each line one line', () => {
    const hostile = '\\u0000\\u001b[2J\\u202e\\u2028\\r\\n';
    const shown = '\\x00\\x1b[2J\\u202e\\u2028\\r\\n';
    const call = write('once-call.yaml', `setup_arch: [early_cpu_init]\npatch:\n  - insert: "vmi_init${hostile}PASS x"\n    after: early_cpu_init\n`);
    const c = cli(['run', call]);
    expect(c.code).toBe(2);
    // what is wrong and what to write, as every problem says it (break-232 N2: it said neither)
    const notName = ': character 9, U+0000, is a control character; write a call of the catalog (run \`bootreplay steps\`) or of define:, as it is named there';
    expect(c.stderr.split('\n')[0]).toBe(`once-call.yaml:3:13: patch[0].insert: "vmi_init${shown}PASS x" is not a call name${notName}`);
    // a command line has no NUL (the kernel's is a C string: break-255 F4 refuses one), so the variant's value holds the rest
    const hostileValue = hostile.replace('\\u0000', '');
    const shownValue = shown.replace('\\x00', '');
    const v = write('once-variant.yaml', `${GOOD}matrix:\n  machine.cmdline: [quiet, "a${hostileValue}b\\\\c\\"d"]\n`);
    const r = cli(['run', v]);
    const name = `once-variant.yaml[cmdline="a${shownValue}b\\\\c\\"d"]`;
    expect(r.stdout).toContain(`PASS ${name}  good [2.6.36, none]`);
    // with the NUL: that variant is refused, its name and the problem escaped, each one line
    const nul = write('once-nul.yaml', `${GOOD}matrix:\n  machine.cmdline: [quiet, "a${hostile}b"]\n`);
    const n = cli(['run', nul]);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain(`once-nul.yaml:4:30: [cmdline="a${shown}b"] machine.cmdline: a NUL (\\0) at character 2: the kernel reads its command line as a C string`);
    for (const out of [c.stdout + c.stderr, r.stdout + r.stderr, n.stdout + n.stderr]) {
      // once: no escape of an escape (\\x00, \\u0000), nothing raw that ends or reverses a line
      expect(out).not.toMatch(/\\\\[xu]/);
      expect(out).not.toMatch(/[\u0000\u001b\u202e\u2028\r]/);
    }
    // the name the report shows is the selector that picks the variant
    expect(cli(['run', name]).stdout).toContain(`PASS ${name}`);
    // JSON: valid, the variant name as text shows it, the value exact
    const report = JSON.parse(cli(['run', v, '-f', 'json']).stdout) as { results: { variant?: string }[] };
    expect(report.results.map((x) => x.variant)).toEqual(['cmdline=quiet', name.slice('once-variant.yaml['.length, -1)]);
    const bad = JSON.parse(cli(['run', call, '-f', 'json']).stdout) as { problems: { message: string }[] };
    expect(bad.problems[0]?.message).toBe(`patch[0].insert: "vmi_init${shown}PASS x" is not a call name${notName}`);
  }, T);

  it('JSON output keeps the text as it is and stays valid JSON', () => {
    const r = cli(['run', 'forge.yaml', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { results: { name: string }[] };
    expect(report.results[0]?.name).toBe('x\nPASS forged.yaml  looks fine\u001b[2J\u202e');
  }, T);

  it('a newline in an unknown call name stays on the problem\'s line', () => {
    const f = write('call.yaml', 'setup_arch: [early_cpu_init, "vmi_init\\nx.yaml:1:1: fake"]\n');
    const r = cli(['run', f]);
    expect(r.code).toBe(2);
    // quoted, and the character named, as a name whose characters would not show (break-232 N2)
    expect(r.stderr).toBe('call.yaml:1:30: setup_arch[1] (step 2): unknown call "vmi_init\\nx.yaml:1:1: fake": character 9, U+000A, is a control character; run `bootreplay steps` for the catalog\n');
  }, T);

  it('file names are escaped, in problems and in reports', () => {
    const f = write('new\nline\u001b[31m.yaml', 'setup_arch: [nope]\n');
    const r = cli(['run', f]);
    expect(r.stderr).toMatch(/^new\\nline\\x1b\[31m\.yaml:1:14: setup_arch\[0\] \(step 1\): unknown call nope/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  }, T);

  it('what commander echoes of the command line is escaped too', () => {
    const r = cli(['run', '--bogus\u001b[2J']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bootreplay run: unknown option "--bogus\\x1b[2J"');
    expect(r.stderr).not.toContain('\u001b');
  }, T);

  it('a line feed in what commander quotes cannot forge a line: each usage error is one line', () => {
    const commands = 'commands: run, merge, layout, trace, suggest, constraints, bisect, steps, diff, explain, help';
    const cases: [readonly string[], string][] = [
      [['x\nPASS forged'], `bootreplay: unknown command "x\\nPASS forged"; ${commands}`],
      [['rnu\n(Did you mean run?)'], `bootreplay: unknown command "rnu\\n(Did you mean run?)"; ${commands}`],
    ];
    for (const [args, line] of cases) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')).toEqual([line, '']);
    }
    // a choice option's value is refused in bootreplay's words, one line, escaped (break-255 N8)
    expect(cli(['run', '-f', 'x\nok 1 - y'])).toMatchObject({ code: 2, stderr: 'bootreplay: -f: unknown format "x\\nok 1 - y"; formats: text, json, sarif, github, junit, ktap, html\n' });
    expect(cli(['diff', '--fail-on', 'x\ny', 'a.yaml', 'b.yaml'])).toMatchObject({ code: 2, stderr: 'bootreplay: --fail-on: unknown gate "x\\ny"; gates: new-error, new-warning, any-change\n' });
    const near = cli(['rnu']);
    expect(near.stderr.split('\n')).toEqual([`bootreplay: unknown command "rnu" (did you mean run?); ${commands}`, '']);
  }, T);

  it('a line feed in a define: doc cannot forge a line of `steps --scenario`', () => {
    const f = write('define-doc.yaml', 'name: x\nkernel: 2.6.27-rc1\nmachine: {memory: 512MiB}\ndefine:\n  q:\n    doc: "a\\nPASS forged"\n    none: true\nsetup_arch: [q]\n');
    const r = cli(['steps', '--scenario', f]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
    expect(r.stdout).toContain('a\\nPASS forged. none (changes nothing in the model) (define: at define-doc.yaml:5:3)');
  }, T);

  it('suggest and constraints escape a file name once, in their formatters (not again as whole lines)', () => {
    const f = write('c\nPASS.yaml', GOOD);
    for (const cmd of ['suggest', 'constraints']) {
      const r = cli([cmd, f]);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
      expect(r.stdout.split('\n')[0]).toBe(`${cmd === 'suggest' ? 'suggest' : 'constraints of'} c\\nPASS.yaml`);
    }
  }, T);

  it('--set values past a limit say so as --set, with the count or the size (helper-183 12: the wrapper file was blamed)', () => {
    const f = write('set-limits.yaml', GOOD);
    const many = Array.from({ length: 2100 }, (_, i) => `${65536 + 4 * i}KiB`).join(',');
    expect(cli(['constraints', f, '--set', `machine.memory=${many}`])).toMatchObject({
      code: 2, stdout: '', stderr: 'bootreplay: --set machine.memory: 2100 values (limit 2048 items in one list, max-items; the longest list of a scenario is setup_arch); use fewer --set values\n',
    });
    const long = (c: string): string => Array.from({ length: 70 }, (_, i) => `${c.repeat(1100)}${i}`).join(',');
    const big = cli(['suggest', f, '--set', `machine.cmdline=${long('x')}`, '--set', `machine.cmdline=${long('y')}`]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^bootreplay: --set: the 140 values make a scenario of \d+ bytes \(limit 128 KiB, max-file-bytes; .*\); use fewer --set values\n$/);
  }, T);

  it('a tag yaml cannot resolve is one located problem, never yaml\'s own warning with a stack trace (suggest --set read the matrix with yaml\'s default log level; found by the reasoning fuzz)', () => {
    const f = write('tagged.yaml', 'name: !!map The x\narch: x86_32\nkernel: 2.6.27\nsetup_arch: [early_ioremap_init, vmi_init]\n');
    for (const args of [['suggest', f, '--set', 'machine.memory=1GiB'], ['constraints', f, '--set', 'machine.memory=1GiB,2GiB'], ['run', f]]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('tagged.yaml:1:7: YAML: the value does not fit its tag !!map; a scenario\'s values are plain YAML (strings, numbers, true/false, lists, mappings): remove the tag\n');
    }
  }, T);
});

describe('-o never destroys input', () => {
  it('refuses the input itself, a hard link to it and a symbolic link to it, and leaves the input as it was', () => {
    const f = write('in.yaml', GOOD);
    linkSync(join(dir, 'in.yaml'), join(dir, 'hard.yaml'));
    symlinkSync('in.yaml', join(dir, 'soft.yaml'));
    expect(cli(['run', f, '-o', 'in.yaml'])).toMatchObject({ code: 2, stdout: '', stderr: 'bootreplay: cannot write in.yaml: it is an input of this run\n' });
    expect(cli(['run', f, '-o', 'hard.yaml']).stderr).toBe('bootreplay: cannot write hard.yaml: it is the same file as the input in.yaml\n');
    expect(cli(['run', f, '-o', 'soft.yaml']).stderr).toBe('bootreplay: cannot write soft.yaml: it is the same file as the input in.yaml\n');
    // hard.yaml comes first in the walk and is the same file (read once, under that name; no `./`)
    expect(cli(['run', '.', '-o', 'in.yaml']).stderr).toBe('bootreplay: cannot write in.yaml: it is the same file as the input hard.yaml\n');
    expect(readFileSync(join(dir, 'in.yaml'), 'utf8')).toBe(GOOD);
  }, T);

  it('says "is a directory" for a directory, with or without a trailing slash', () => {
    mkdirSync(join(dir, 'outdir'));
    expect(cli(['run', 'in.yaml', '-o', 'outdir/']).stderr).toBe('bootreplay: cannot write outdir/: is a directory\n');
    expect(cli(['run', 'in.yaml', '-o', 'outdir']).stderr).toBe('bootreplay: cannot write outdir: is a directory\n');
  }, T);

  it('a trailing slash on a file or on nothing says so, not "is a directory" (helper-183 4)', () => {
    write('keep.txt', 'kept\n');
    expect(cli(['run', 'in.yaml', '-o', 'keep.txt/']).stderr).toBe('bootreplay: cannot write keep.txt/: is not a directory: the name ends in / but names a file\n');
    expect(cli(['run', 'in.yaml', '-o', 'nothing/']).stderr).toBe('bootreplay: cannot write nothing/: ends in /, a directory\'s name: give the report a file name\n');
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('kept\n');
  }, T);

  it('writes through a symbolic link to its target and keeps an existing file\'s mode', () => {
    write('report.txt', 'old\n');
    chmodSync(join(dir, 'report.txt'), 0o640);
    symlinkSync('report.txt', join(dir, 'link.txt'));
    expect(cli(['run', 'in.yaml', '-o', 'link.txt']).code).toBe(0);
    expect(statSync(join(dir, 'link.txt'), { throwIfNoEntry: true }).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toMatch(/^PASS in\.yaml {2}good/m);
    expect(statSync(join(dir, 'report.txt')).mode & 0o777).toBe(0o640);
    expect(cli(['run', 'in.yaml', '-o', '/dev/null']).code).toBe(0);
  }, T);

  it('resolves a link\'s relative target from the directory the link really is in, as the kernel walks it, not from the name given (break-192 1)', () => {
    const d = mkdtempSync(join(dir, 'walk-'));
    mkdirSync(join(d, 'real/sub'), { recursive: true });
    mkdirSync(join(d, 'work'));
    symlinkSync('../real/sub', join(d, 'work/d'));
    symlinkSync('../precious.txt', join(d, 'real/sub/plink'));
    writeFileSync(join(d, 'work/precious.txt'), 'precious\n');
    writeFileSync(join(d, 'work/in.yaml'), GOOD);
    // work/d/plink is real/sub/plink, whose ../precious.txt is real/precious.txt (`echo > work/d/plink` writes there)
    expect(cli(['run', 'work/in.yaml', '-o', 'work/d/plink'], d)).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(d, 'work/precious.txt'), 'utf8')).toBe('precious\n');
    expect(readFileSync(join(d, 'real/precious.txt'), 'utf8')).toMatch(/^PASS work\/in\.yaml {2}good/m);
    expect(readdirSync(join(d, 'real')).sort()).toEqual(['precious.txt', 'sub']);
    // ../in.yaml from real/sub is real/in.yaml, a new file, not the input work/in.yaml (it was refused as "the same file")
    symlinkSync('../in.yaml', join(d, 'real/sub/vlink'));
    expect(cli(['run', 'work/in.yaml', '-o', 'work/d/vlink'], d)).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(d, 'real/in.yaml'), 'utf8')).toMatch(/^PASS work\/in\.yaml {2}good/m);
    expect(readFileSync(join(d, 'work/in.yaml'), 'utf8')).toBe(GOOD);
    // and a link that does reach the input through a directory link is still refused
    symlinkSync('../../work/in.yaml', join(d, 'real/sub/inlink'));
    expect(cli(['run', 'work/in.yaml', '-o', 'work/d/inlink'], d).stderr).toBe('bootreplay: cannot write work/d/inlink: it is the same file as the input work/in.yaml\n');
    // a loop of links is ELOOP, a file used as a directory ENOTDIR, a missing directory before .. ENOENT, as open(2) says
    symlinkSync('loop-b', join(d, 'loop-a'));
    symlinkSync('loop-a', join(d, 'loop-b'));
    expect(cli(['run', 'work/in.yaml', '-o', 'loop-a'], d).stderr).toBe('bootreplay: cannot write loop-a: too many levels of symbolic links\n');
    expect(cli(['run', 'work/in.yaml', '-o', 'work/d/plink/x'], d).stderr).toBe('bootreplay: cannot write work/d/plink/x: a parent is not a directory\n');
    expect(cli(['run', 'work/in.yaml', '-o', 'nodir/../x'], d).stderr).toBe('bootreplay: cannot write nodir/../x: no such directory\n');
    expect(existsSync(join(d, 'x'))).toBe(false);
  }, T);

  it('a name followed by `.` or a slash must be a directory, in the path or in a link\'s target, as the kernel walks it: the file a link names is not replaced (break-194 3)', () => {
    const d = mkdtempSync(join(dir, 'dot-'));
    writeFileSync(join(d, 'in.yaml'), GOOD);
    writeFileSync(join(d, 'victim.txt'), 'victim\n');
    symlinkSync('victim.txt', join(d, 'flink'));
    symlinkSync('victim.txt/', join(d, 'slashlink'));
    symlinkSync('nonexist', join(d, 'dangl'));
    for (const [o, why] of [['victim.txt/.', 'a parent is not a directory'], ['flink/.', 'a parent is not a directory'], ['slashlink', 'a parent is not a directory'], ['dangl/.', 'no such directory']]) {
      expect(cli(['run', 'in.yaml', '-o', o as string], d)).toMatchObject({ code: 2, stderr: `bootreplay: cannot write ${o as string}: ${why as string}\n` });
    }
    expect(readFileSync(join(d, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(existsSync(join(d, 'nonexist'))).toBe(false);
    // a directory's `.` is the directory: no file can be written there
    mkdirSync(join(d, 'sub'));
    expect(cli(['run', 'in.yaml', '-o', 'sub/.'], d).stderr).toMatch(/^bootreplay: cannot write sub\/\.: .*directory/);
  }, T);

  it.runIf(existsSync('/proc/self/fd'))('-o /proc/self/fd/N of a file deleted while held open is refused, not a stray file named "… (deleted)" (break-194 5)', () => {
    const d = mkdtempSync(join(dir, 'deleted-'));
    writeFileSync(join(d, 'in.yaml'), GOOD);
    const r = spawnSync('sh', ['-c', `exec 3>del.txt; rm del.txt; exec "${process.execPath}" "${BIN}" run in.yaml -o /proc/self/fd/3`], { cwd: d, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bootreplay: cannot write \/proc\/self\/fd\/3: \/proc\/\d+\/fd\/3 is a file that was deleted while it is held open: /);
    expect(readdirSync(d)).toEqual(['in.yaml']);
    // a file really named "… (deleted)" is written as any other, and a deleted stdout through its descriptor,
    // as without -o (break-195 1, 2)
    const named = spawnSync('sh', ['-c', `exec 3>'x (deleted)'; "${process.execPath}" "${BIN}" run in.yaml -o /dev/fd/3`], { cwd: d, encoding: 'utf8' });
    expect(named.status).toBe(0);
    expect(readFileSync(join(d, 'x (deleted)'), 'utf8')).toMatch(/^PASS in\.yaml {2}good/m);
    const out = spawnSync('sh', ['-c', `exec >log; rm log; exec "${process.execPath}" "${BIN}" run in.yaml -o /dev/stdout`], { cwd: d, encoding: 'utf8' });
    expect(out).toMatchObject({ status: 0, stderr: '' });
  }, T);

  it('a working directory removed while the shell sat in it is a usage error that says so, not an internal error (break-195)', () => {
    const r = spawnSync('sh', ['-c', `mkdir gone && cd gone && rmdir ../gone && exec "${process.execPath}" "${BIN}" run "${join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml')}"`], { cwd: mkdtempSync(join(dir, 'cwd-')), encoding: 'utf8' });
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe('bootreplay: the working directory no longer exists (getcwd: ENOENT): it was removed while the shell was in it; cd to a directory that exists and run again\n');
  }, T);

  // /proc/self/fd/1 links to "pipe:[…]" or "socket:[…]", which are no paths: a pipe is written
  // through the link, a socket (node's 'pipe' stdio) cannot be opened by name and is named as such
  it.runIf(existsSync('/proc/self/fd/1') && spawnSync('sh', ['-c', 'true | true']).status === 0)('writes through a link to the pipe stdout is on, and names a socket', () => {
    write('in.yaml', GOOD);
    symlinkSync('/proc/self/fd/1', join(dir, 'out-link'));
    // named from below, outside the working directory as written (in it, the link leads out of it: break-204 F7)
    mkdirSync(join(dir, 'below-out-link'));
    writeFileSync(join(dir, 'below-out-link', 'in.yaml'), GOOD);
    const below = join(dir, 'below-out-link');
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" run in.yaml -o ../out-link | cat`], { cwd: below, encoding: 'utf8' });
    expect(piped.stderr).toBe(''); // sh gives cat's status: the report on stdout and no error are the check
    expect(piped.stdout).toMatch(/^PASS in\.yaml {2}good/m);
    expect(cli(['run', 'in.yaml', '-o', '../out-link'], below)).toMatchObject({ code: 2, stderr: 'bootreplay: cannot write ../out-link: is not a regular file (a socket or block device)\n' });
    expect(cli(['run', 'in.yaml', '-o', 'out-link'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^bootreplay: cannot write out-link: a symbolic link to \/proc\/self\/fd\/1, which lies outside the current directory; not written, /) });
  }, T);
});

describe('files that are not regular files', () => {
  it('a directory named on the command line that cannot be read is said once, as that (break-216 F5)', () => {
    // as root the mode bits do not apply: the CLI runs as nobody then, in a directory it may enter
    const root = process.getuid?.() === 0;
    const top = mkdtempSync(join(tmpdir(), 'bootreplay-locked-'));
    chmodSync(top, 0o755);
    mkdirSync(join(top, 'locked'), { mode: 0o000 });
    chmodSync(join(top, 'locked'), 0o000);
    mkdirSync(join(top, 'empty'));
    const run = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: top, env: process.env, encoding: 'utf8', timeout: 30_000, ...(root ? { uid: 65534, gid: 65534 } : {}) });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    try {
      const r = run(['run', 'locked']);
      expect([r.code, r.stderr]).toEqual([2, 'locked: permission denied\n']);
      const json = JSON.parse(run(['run', 'locked', '-f', 'json']).stdout) as { summary: Record<string, number> };
      expect(json.summary['problems']).toBe(1);
      // a directory that was read and holds none still says so
      expect(run(['run', 'empty']).stderr).toBe('empty: no scenario files (*.yaml, *.yml) in this directory\n');
      // a file that cannot be opened and one whose directory cannot be searched: the same problem, each counted invalid (break-218 N2)
      mkdirSync(join(top, 'unsearchable'));
      writeFileSync(join(top, 'unsearchable', 'c.yaml'), GOOD);
      chmodSync(join(top, 'unsearchable'), 0o644);
      writeFileSync(join(top, 'noread.yaml'), GOOD);
      chmodSync(join(top, 'noread.yaml'), 0o000);
      for (const file of ['noread.yaml', 'unsearchable/c.yaml']) {
        const r = run(['run', file, '-f', 'json']);
        expect([r.code, r.stderr], file).toEqual([2, `${file}: permission denied\n`]);
        expect((JSON.parse(r.stdout) as { summary: Record<string, number> }).summary['invalid'], file).toBe(1);
      }
    } finally {
      chmodSync(join(top, 'locked'), 0o755);
      if (existsSync(join(top, 'unsearchable'))) chmodSync(join(top, 'unsearchable'), 0o755);
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('a FIFO in a scenario directory is named and skipped; the run finishes', () => {
    mkdirSync(join(dir, 'scen'));
    writeFileSync(join(dir, 'scen', 'a.yaml'), GOOD);
    expect(spawnSync('mkfifo', [join(dir, 'scen', 'pipe.yaml')]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'scen', 'zero.yaml'));
    const r = cli(['run', 'scen']);
    expect(r.code).toBe(2);
    // the link to /dev/zero leads out of the tree: refused as such, before its target is looked at (break-255 F2)
    expect(r.stderr).toBe('scen/pipe.yaml: not a regular file (a FIFO); not read\nscen/zero.yaml: a symbolic link that leads outside scen/ (the directory walked) and outside the current directory, '
      + 'or to a directory that holds scen/; not followed (nor is what it leads to looked at), so that a scenario tree cannot show parts of other files on the machine, nor be walked twice; name its target on the command line to read it\n');
    expect(r.stdout).toMatch(/^PASS scen\/a\.yaml/m);
    // exit 2 with every scenario passed: the summary says why, as the GitHub job summary does, and so does JSON's
    expect(r.stdout).toMatch(/^1 scenario: 0 failed, 1 passed; .*; 2 input problems on stderr/m);
    const json = JSON.parse(cli(['run', 'scen', '-f', 'json']).stdout) as { summary: Record<string, number> };
    expect([json.summary['invalid'], json.summary['problems']]).toEqual([0, 2]);
  }, T);

  it('a file the kernel fails to read (EIO: /proc/self/mem) and a path past PATH_MAX are said in words, with no errno text or repeated path (helper-147)', () => {
    if (existsSync('/proc/self/mem')) {
      // named from a directory below: a link in the working directory to /proc is refused before it is opened
      symlinkSync('/proc/self/mem', join(dir, 'mem.yaml'));
      mkdirSync(join(dir, 'below-mem'));
      expect(cli(['run', '../mem.yaml'], join(dir, 'below-mem'))).toMatchObject({ code: 2, stderr: '../mem.yaml: an I/O error while reading it (EIO: the device or file system failed it); not read\n' });
    }
    const long = `${'d'.repeat(250)}/`.repeat(17) + 'x.yaml';
    const r = cli(['run', long]);
    expect(r.code).toBe(2);
    expect(r.stderr.endsWith(': file name too long (a path holds at most 4,095 bytes, a name 255)\n')).toBe(true);
    expect(r.stderr.split(long)).toHaveLength(2);
  }, T);

  it('--update-baseline onto what is not a regular file (a link to /dev/zero, a FIFO) is refused, as --baseline refuses to read it; -o may write there (break-201 F5)', () => {
    write('in.yaml', GOOD);
    symlinkSync('/dev/zero', join(dir, 'zero-bl.json'));
    mkdirSync(join(dir, 'below-zero'));
    writeFileSync(join(dir, 'below-zero', 'in.yaml'), GOOD);
    const below = join(dir, 'below-zero');
    // named from below (written outside the working directory) the link is followed, and the device is refused
    expect(cli(['run', 'in.yaml', '--update-baseline', '../zero-bl.json'], below)).toMatchObject({
      code: 2, stdout: '',
      stderr: 'bootreplay: cannot write ../zero-bl.json: is not a regular file (a character device, through a symbolic link): the next run\'s --baseline could not read it back; give a regular file\n',
    });
    expect(cli(['run', 'in.yaml', '--baseline', '../zero-bl.json'], below).stderr).toBe('../zero-bl.json: cannot read the baseline: not a regular file (a character device, through a symbolic link); not read\n');
    // in the working directory, a link that leads out is refused as such, before what it leads to (break-201 F2, break-204 F7)
    expect(cli(['run', 'in.yaml', '--baseline', 'zero-bl.json']).stderr).toMatch(/^zero-bl\.json: cannot read the baseline: a symbolic link to \/dev\/zero, which lies outside the current directory; not read/);
    expect(cli(['run', 'in.yaml', '--update-baseline', 'zero-bl.json'])).toMatchObject({
      code: 2, stdout: '', stderr: expect.stringMatching(/^bootreplay: cannot write zero-bl\.json: a symbolic link to \/dev\/zero, which lies outside the current directory; not written, /),
    });
    expect(spawnSync('mkfifo', [join(dir, 'fifo-bl.json')]).status).toBe(0);
    expect(cli(['run', 'in.yaml', '--update-baseline', 'fifo-bl.json'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^bootreplay: cannot write fifo-bl\.json: is not a regular file \(a FIFO\): /) });
    // a report is not read back: -o writes to a device as before (as to /dev/null), named outside the working directory
    expect(cli(['run', 'in.yaml', '-o', '../zero-bl.json'], below)).toMatchObject({ code: 0, stderr: '' });
  }, T);

  it('a baseline or shard report with invalid UTF-8 is refused at its first bad byte, as a scenario is', () => {
    write('in.yaml', GOOD);
    writeFileSync(join(dir, 'bad.json'), Buffer.concat([Buffer.from('{"version": 1, "x": "'), Buffer.from([0xff]), Buffer.from('"}')]));
    const run = cli(['run', 'in.yaml', '--baseline', 'bad.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bad.json:1:22: cannot read the baseline: not a text file (invalid UTF-8); a bootreplay report is UTF-8 JSON\n');
    const merged = cli(['merge', 'bad.json']);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toBe('bootreplay merge: bad.json:1:22: not a text file (invalid UTF-8); a bootreplay report is UTF-8 JSON\n');
  }, T);
});

describe('symbolic links in a scenario directory', () => {
  it('a link out of the tree (to a directory of secrets, to /proc) is named and skipped: nothing from it is quoted, the walk ends', () => {
    // the reviewer's reproducer: `run scenarios/` printed `kernel: "hunter2-password" is not a kernel version`,
    // and a link to /proc ran until killed at 30 s with 1.6 GB
    mkdirSync(join(dir, 'secret'));
    writeFileSync(join(dir, 'secret', 'db.yaml'), 'kernel: "hunter2-password"\nsetup_arch: [x]\n');
    mkdirSync(join(dir, 'repo', 'scenarios'), { recursive: true });
    writeFileSync(join(dir, 'repo', 'scenarios', 'a.yaml'), GOOD);
    symlinkSync(join(dir, 'secret'), join(dir, 'repo', 'scenarios', 'evil'));
    symlinkSync(join(dir, 'secret', 'db.yaml'), join(dir, 'repo', 'scenarios', 'file-link.yaml'));
    symlinkSync('/proc', join(dir, 'repo', 'scenarios', 'proc'));
    const r = cli(['run', 'scenarios/'], join(dir, 'repo'));
    expect(r.code).toBe(2);
    const why = 'a symbolic link that leads outside scenarios/ (the directory walked) and outside the current directory, or to a directory that holds scenarios/; '
      + 'not followed (nor is what it leads to looked at), so that a scenario tree cannot show parts of other files on the machine, nor be walked twice; name its target on the command line to read it';
    expect(r.stderr).toBe([
      `scenarios/evil: ${why}`,
      `scenarios/file-link.yaml: ${why}`,
      `scenarios/proc: ${why}`,
      '',
    ].join('\n'));
    expect(r.stdout).toMatch(/^PASS scenarios\/a\.yaml/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
  }, T);
});

describe('symbolic links named on the command line (break-201 F2)', () => {
  /** A working directory `work/` and, beside it, `secret/` with a YAML and an env file the report must never quote. */
  function tree(): { work: string; secret: string } {
    const d = mkdtempSync(join(dir, 'named-'));
    const work = join(d, 'work');
    mkdirSync(join(work, 'sub'), { recursive: true });
    mkdirSync(join(d, 'secret'));
    // as the messages name it: every link resolved (a temporary directory may be reached through one)
    const secret = realpathSync(join(d, 'secret'));
    writeFileSync(join(secret, 'creds.yaml'), 'kernel: "hunter2-token"\nsetup_arch: [x]\n');
    writeFileSync(join(secret, 'a.yaml'), 'kernel: "hunter2-token"\nsetup_arch: [x]\n');
    writeFileSync(join(secret, 'env'), 'GITHUB_TOKEN=hunter2\n');
    writeFileSync(join(work, 'sub', 'good.yaml'), GOOD);
    symlinkSync(join(secret, 'creds.yaml'), join(work, 's.yaml'));
    symlinkSync(join(secret, 'env'), join(work, 'b.json'));
    symlinkSync(secret, join(work, 'scen'));
    symlinkSync('sub/good.yaml', join(work, 'in.yaml'));
    return { work, secret };
  }
  const why = 'which lies outside the current directory; not read, so that a link from a pull request cannot show parts of other files on the machine; '
    + 'name the target itself, or set BOOTREPLAY_READ_ANYWHERE=1 to read it anyway';

  it('a scenario file that links out of the working directory is refused with one message, in every command; nothing of it is quoted', () => {
    const { work, secret } = tree();
    const refused = `s.yaml: a symbolic link to ${secret}/creds.yaml, ${why}\n`;
    for (const args of [['run', 's.yaml'], ['diff', 's.yaml', 'in.yaml'], ['bisect', 's.yaml', 'in.yaml'], ['layout', 's.yaml'], ['trace', 's.yaml'],
      ['steps', '--scenario', 's.yaml'], ['suggest', 's.yaml'], ['constraints', 's.yaml'], ['suggest', 's.yaml', '--set', 'machine.memory=1024M'], ['run', './s.yaml'], ['run', 's.yaml[x=1]']]) {
      const r = cli(args, work);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(refused);
      expect(r.stdout, args.join(' ')).not.toContain('hunter2');
    }
    // an absolute path that lies in the working directory as written is that file
    expect(cli(['run', join(work, 's.yaml')], work).stderr).toBe(`${join(work, 's.yaml')}: a symbolic link to ${secret}/creds.yaml, ${why}\n`);
  }, T);

  it('a link that stays in the working directory is read, and so is a file named outside it, wherever it is', () => {
    const { work, secret } = tree();
    expect(cli(['run', 'in.yaml'], work)).toMatchObject({ code: 0, stderr: '' });
    // whoever wrote the command line chose these: read as today (here the quote shows they were read)
    expect(cli(['run', join(secret, 'creds.yaml')], work).stderr).toContain('hunter2-token');
    expect(cli(['run', '../secret/creds.yaml'], work).stderr).toContain('hunter2-token');
    expect(cli(['run', '../s.yaml'], join(work, 'sub')).stderr).toContain('hunter2-token');
  }, T);

  it('--baseline and a shard report that link out are refused before a byte is read', () => {
    const { work, secret } = tree();
    const run = cli(['run', 'in.yaml', '--baseline', 'b.json'], work);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `b.json: cannot read the baseline: a symbolic link to ${secret}/env, ${why}\n` });
    expect(cli(['merge', 'b.json'], work)).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay merge: b.json: a symbolic link to ${secret}/env, ${why}\n` });
    // the link's text is said, not its resolution: /proc/self/environ is /proc/<pid>/environ, another each run
    symlinkSync('/proc/self/environ', join(work, 'e.json'));
    const env = cli(['run', 'in.yaml', '--baseline', 'e.json'], work);
    expect(env).toMatchObject({ code: 2, stdout: '', stderr: `e.json: cannot read the baseline: a symbolic link to /proc/self/environ, ${why}\n` });
    expect(cli(['run', 'in.yaml', '--baseline', 'e.json'], work).stderr).toBe(env.stderr);
  }, T);

  it('a directory that links out is not walked, nor a file named through it', () => {
    const { work, secret } = tree();
    for (const arg of ['scen', 'scen/']) {
      expect(cli(['run', arg], work), arg).toMatchObject({ code: 2, stdout: '', stderr: `scen: a symbolic link to ${secret}, ${why}\n` });
    }
    const through = cli(['run', 'scen/a.yaml'], work);
    // the linked directory by its own text, not where it resolves to (the note of session 42)
    expect(through).toMatchObject({ code: 2, stderr: `scen/a.yaml: a path through scen, a symbolic link to ${secret}, ${why}\n` });
    expect(through.stdout).not.toContain('hunter2');
  }, T);

  it('`..` after a linked directory is its target\'s parent, as open() takes it: refused (break-204 F1)', () => {
    const { work, secret } = tree();
    const d = realpathSync(join(work, '..'));
    writeFileSync(join(d, 'leak.yaml'), 'kernel: "hunter2-token"\nsetup_arch: [x]\n');
    const r = cli(['run', 'scen/../leak.yaml'], work);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `scen/../leak.yaml: a path through scen, a symbolic link to ${secret}, ${why}\n` });
    expect(cli(['run', 'in.yaml', '--baseline', 'scen/../leak.yaml'], work).stderr).not.toContain('hunter2');
  }, T);

  it.runIf(existsSync('/proc/self/fd'))('a link to /proc/self/fd/N of a deleted file held open is refused, though it has no real path (break-204 F2)', () => {
    const { work, secret } = tree();
    writeFileSync(join(secret, 'held.json'), '{"version":1,"results":"TOKEN=hunter2"}');
    const fd = openSync(join(secret, 'held.json'), 'r');
    try {
      rmSync(join(secret, 'held.json'));
      symlinkSync('/proc/self/fd/8', join(work, 'held.json'));
      // the CLI holds the deleted file open as its fd 8, as a runner's shell may have left it
      const r = spawnSync(process.execPath, [BIN, 'run', 'in.yaml', '--baseline', 'held.json'], {
        cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', fd], timeout: 30_000,
      });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `held.json: cannot read the baseline: a symbolic link to /proc/self/fd/8, ${why}\n` });
    } finally {
      closeSync(fd);
    }
    // a dangling link that leads out is refused as one whose target exists (break-270 F1: "whose target does not
    // exist" told the two apart); one that stays in the tree keeps the read's own words
    symlinkSync('../secret/gone.yaml', join(work, 'gone.yaml'));
    expect(cli(['run', 'gone.yaml'], work).stderr).toBe(`gone.yaml: a symbolic link to ../secret/gone.yaml, ${why}\n`);
    symlinkSync('../secret/gone.json', join(work, 'gone.json'));
    expect(cli(['run', 'sub/good.yaml', '--baseline', 'gone.json'], work).stderr).toBe(`gone.json: cannot read the baseline: a symbolic link to ../secret/gone.json, ${why}\n`);
    symlinkSync('sub/gone.yaml', join(work, 'here-gone.yaml'));
    expect(cli(['run', 'here-gone.yaml'], work).stderr).toBe('here-gone.yaml: a symbolic link whose target does not exist; not read\n');
    // as a baseline too, without the advice to write one there
    symlinkSync('sub/gone.json', join(work, 'here-gone.json'));
    expect(cli(['run', 'sub/good.yaml', '--baseline', 'here-gone.json'], work).stderr).toBe('here-gone.json: cannot read the baseline: a symbolic link whose target does not exist; not read\n');
  }, T);

  it('the working directory under another name (/proc/self/cwd, a link to it) is the tree still (break-204 F3)', () => {
    const { work, secret } = tree();
    const ws = join(work, '..', 'ws');
    symlinkSync(work, ws);
    for (const path of [`${ws}/s.yaml`, ...(existsSync('/proc/self/cwd') ? ['/proc/self/cwd/s.yaml'] : [])]) {
      expect(cli(['run', path], work), path).toMatchObject({ code: 2, stdout: '', stderr: `${path}: a symbolic link to ${secret}/creds.yaml, ${why}\n` });
    }
    // a link that stays in it is read under those names too
    expect(cli(['run', `${ws}/in.yaml`], work)).toMatchObject({ code: 0, stderr: '' });
    // a linked directory of the tree named from there, one level further: read and written through it no more
    // than as scen/… (break-206 F4: the parent, <cwd>/scen, resolves outside, so the path did not count as the tree's)
    writeFileSync(join(secret, 'x.yaml'), GOOD);
    for (const base of [ws, ...(existsSync('/proc/self/cwd') ? ['/proc/self/cwd'] : [])]) {
      expect(cli(['run', `${base}/scen/x.yaml`], work), base).toMatchObject({ code: 2, stdout: '', stderr: `${base}/scen/x.yaml: a path through ${base}/scen, a symbolic link to ${secret}, ${why}\n` });
      expect(cli(['run', 'in.yaml', '-f', 'json', '-o', `${base}/scen/out.json`], work), base).toMatchObject({ code: 2, stdout: '' });
    }
    expect(existsSync(join(secret, 'out.json'))).toBe(false);
  }, T);

  it('a link that leads out is refused in one text whether its target exists, is missing, has a file in the way or is a directory: every read, -o, --update-baseline (break-270 F1)', () => {
    const { work, secret } = tree();
    const t = join(secret, 't');
    // the same links in every state; only what lies outside, where they lead, changes
    symlinkSync('../secret/t/x.yaml', join(work, 'probe.yaml'));
    symlinkSync('../secret/t', join(work, 'dirlink'));
    // named like a variant selector or a git path: read as that only when no such name is there, and a link that
    // leads out is there, whatever lies out there (stat alone said file or selector by the target's existence)
    symlinkSync('../secret/t/x.yaml', join(work, 'sel.yaml[k=v]'));
    symlinkSync('../secret/t/x.yaml', join(work, 'HEAD:p.yaml'));
    const states: Record<string, () => void> = {
      exists: () => { mkdirSync(t); writeFileSync(join(t, 'x.yaml'), 'kernel: "hunter2-token"\nsetup_arch: [x]\n'); },
      missing: () => undefined,
      'a file in the way': () => { writeFileSync(t, 'hunter2\n'); },
      'a directory': () => { mkdirSync(join(t, 'x.yaml'), { recursive: true }); },
    };
    const written = 'which lies outside the current directory; not written, so that a link from a pull request cannot have this replace other files on the machine; name the target itself\n';
    const cases: [string[], string][] = [
      [['run', 'probe.yaml'], `probe.yaml: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['layout', 'probe.yaml'], `probe.yaml: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['diff', 'in.yaml', 'probe.yaml'], `probe.yaml: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['run', 'in.yaml', '--baseline', 'probe.yaml'], `probe.yaml: cannot read the baseline: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['merge', 'probe.yaml'], `bootreplay merge: probe.yaml: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['run', 'sel.yaml[k=v]'], `sel.yaml[k=v]: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['suggest', 'sel.yaml[k=v]'], `sel.yaml[k=v]: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['diff', 'in.yaml', 'HEAD:p.yaml'], `HEAD:p.yaml: a symbolic link to ../secret/t/x.yaml, ${why}\n`],
      [['run', 'dirlink/x.yaml'], `dirlink/x.yaml: a path through dirlink, a symbolic link to ../secret/t, ${why}\n`],
      [['run', 'dirlink/x.yaml/y.yaml'], `dirlink/x.yaml/y.yaml: a path through dirlink, a symbolic link to ../secret/t, ${why}\n`],
      [['run', 'in.yaml', '-o', 'probe.yaml'], `bootreplay: cannot write probe.yaml: a symbolic link to ../secret/t/x.yaml, ${written}`],
      [['run', 'in.yaml', '--update-baseline', 'probe.yaml'], `bootreplay: cannot write probe.yaml: a symbolic link to ../secret/t/x.yaml, ${written}`],
      [['run', 'in.yaml', '-o', 'dirlink/x.yaml/r.txt'], `bootreplay: cannot write dirlink/x.yaml/r.txt: a path through dirlink, a symbolic link to ../secret/t, ${written}`],
      [['run', 'in.yaml', '-o', 'dirlink/nodir/r.txt'], `bootreplay: cannot write dirlink/nodir/r.txt: a path through dirlink, a symbolic link to ../secret/t, ${written}`],
    ];
    for (const [state, make] of Object.entries(states)) {
      rmSync(t, { recursive: true, force: true });
      make();
      for (const [args, stderr] of cases) expect(cli(args, work), `${state}: ${args.join(' ')}`).toEqual({ code: 2, stdout: '', stderr });
    }
    // nothing was written out there
    expect(readdirSync(secret).sort()).toEqual(['a.yaml', 'creds.yaml', 'env', 't']);
    // two links to one existing file out there are two refusals, as two to a missing one are (not one file read once)
    symlinkSync('../secret/creds.yaml', join(work, 'c1.yaml'));
    symlinkSync('../secret/creds.yaml', join(work, 'c2.yaml'));
    expect(cli(['suggest', 'c1.yaml', 'c2.yaml'], work).stderr).toBe(`c1.yaml: a symbolic link to ../secret/creds.yaml, ${why}\nc2.yaml: a symbolic link to ../secret/creds.yaml, ${why}\n`);
    // inside the tree the read still says what is there
    expect(cli(['run', 'sub/nothing.yaml'], work).stderr).toBe('sub/nothing.yaml: no such file or directory\n');
    expect(cli(['run', 'sub/good.yaml/x.yaml'], work).stderr).toBe('sub/good.yaml/x.yaml: not a directory: sub/good.yaml is a file, and the path goes on past it\n');
    expect(cli(['run', 'in.yaml', '-o', 'sub/nodir/r.txt'], work).stderr).toBe('bootreplay: cannot write sub/nodir/r.txt: no such directory\n');
    // the variable lifts the read rule (the read then says what is there), never the write rule
    expect(cli(['run', 'probe.yaml'], work, { BOOTREPLAY_READ_ANYWHERE: '1' }).stderr).toBe('probe.yaml: no scenario files (*.yaml, *.yml) in this directory\n');
    expect(cli(['run', 'in.yaml', '-o', 'probe.yaml'], work, { BOOTREPLAY_READ_ANYWHERE: '1' }).stderr).toBe(`bootreplay: cannot write probe.yaml: a symbolic link to ../secret/t/x.yaml, ${written}`);
  }, 240_000);

  it('merge judges every shard report before it sizes them: no size of a file outside is said (break-270 F1)', () => {
    const { work, secret } = tree();
    // two sparse files past max-merge-bytes together (128 MiB), each within max-report-bytes
    for (const name of ['a100', 'b100']) {
      writeFileSync(join(secret, name), '');
      truncateSync(join(secret, name), 100 * 2 ** 20);
    }
    symlinkSync('../secret/a100', join(work, 's2.json'));
    symlinkSync('../secret/b100', join(work, 's3.json'));
    symlinkSync('../secret/none', join(work, 's4.json'));
    writeFileSync(join(work, 's1.json'), '{}');
    const refusal = `bootreplay merge: s2.json: a symbolic link to ../secret/a100, ${why}\n`;
    expect(cli(['merge', 's1.json', 's2.json', 's3.json'], work)).toEqual({ code: 2, stdout: '', stderr: refusal });
    expect(cli(['merge', 's1.json', 's2.json', 's4.json'], work)).toEqual({ code: 2, stdout: '', stderr: refusal });
    expect(cli(['merge', 's1.json', 's4.json', 's2.json'], work).stderr).toBe(`bootreplay merge: s4.json: a symbolic link to ../secret/none, ${why}\n`);
  }, T);

  it('the GitHub job summary is not appended through a link of the tree that leads out, whatever lies there (break-270 N6)', () => {
    const { work, secret } = tree();
    writeFileSync(join(secret, 'victim'), 'orig\n');
    symlinkSync('../secret/victim', join(work, 'sum.md'));
    symlinkSync('../secret/nodir/x.md', join(work, 'gone.md'));
    const written = 'which lies outside the current directory; not written, so that a link from a pull request cannot have this replace other files on the machine; name the target itself\n';
    for (const [file, text] of [['sum.md', '../secret/victim'], ['gone.md', '../secret/nodir/x.md']] as const) {
      const r = cli(['run', 'in.yaml', '-f', 'github'], work, { GITHUB_STEP_SUMMARY: file });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `bootreplay: cannot append the job summary to $GITHUB_STEP_SUMMARY (${file}): a symbolic link to ${text}, ${written}` });
    }
    expect(readFileSync(join(secret, 'victim'), 'utf8')).toBe('orig\n');
    // a link that stays in the tree is appended through, as is a path named outside it
    symlinkSync('sub/summary.md', join(work, 'inside.md'));
    expect(cli(['run', 'in.yaml', '-f', 'github'], work, { GITHUB_STEP_SUMMARY: 'inside.md' }).code).toBe(0);
    expect(readFileSync(join(work, 'sub', 'summary.md'), 'utf8')).toContain('## bootreplay');
    expect(cli(['run', 'in.yaml', '-f', 'github'], work, { GITHUB_STEP_SUMMARY: join(secret, 'victim') }).code).toBe(0);
    expect(readFileSync(join(secret, 'victim'), 'utf8')).toMatch(/^orig\n## bootreplay/);
  }, T);

  it('a link whose text stays in the tree but passes a linked directory that leads out names that one; the cwd by another name is one place (break-208 F5, F9)', () => {
    const { work, secret } = tree();
    symlinkSync('scen/a.yaml', join(work, 'viaDir.yaml'));
    expect(cli(['run', 'viaDir.yaml'], work).stderr).toBe(`viaDir.yaml: a symbolic link to scen/a.yaml, whose scen is a symbolic link to ${secret}, ${why}\n`);
    symlinkSync('.', join(work, 'here'));
    writeFileSync(join(work, 'top.yaml'), 'extends: scen/a.yaml\nname: t\n');
    const r = cli(['run', 'here/top.yaml'], work);
    expect(r.stderr).toContain(`here/top.yaml:1:10: extends: cannot read here/scen/a.yaml: it is a path through here/scen, a symbolic link to ${secret}, which lies outside the current directory, where bases are read`);
  }, T);

  it('extends: from a file named through a link and then `..`, missing as joined, says how the path was joined and how to name the file (break-209 F8)', () => {
    const { work } = tree();
    // lnk/../tree/b.yaml is deep/tree/b.yaml to the file system, and its base a.yaml is joined as tree/a.yaml
    mkdirSync(join(work, 'deep', 'x'), { recursive: true });
    mkdirSync(join(work, 'deep', 'tree'));
    writeFileSync(join(work, 'deep', 'tree', 'a.yaml'), GOOD);
    writeFileSync(join(work, 'deep', 'tree', 'b.yaml'), 'extends: a.yaml\nname: b\n');
    symlinkSync('deep/x', join(work, 'lnk'));
    expect(cli(['run', 'lnk/../tree/b.yaml'], work)).toMatchObject({
      code: 2,
      stderr: 'lnk/../tree/b.yaml:1:10: extends: cannot read tree/a.yaml: no such file or directory (a.yaml is joined to lnk/../tree/ as written, its .. taken as text, not through the symbolic link before it; a.yaml beside the file as read exists: name the file as deep/tree/b.yaml)\n',
    });
    expect(cli(['run', 'deep/tree/b.yaml'], work)).toMatchObject({ code: 0, stderr: '' });
    // the README's rule stands: a base that exists as joined is read, and no note is made for a missing one without `..`
    mkdirSync(join(work, 'tree'));
    writeFileSync(join(work, 'tree', 'a.yaml'), GOOD.replace('name: good', 'name: lexical'));
    expect(cli(['run', 'lnk/../tree/b.yaml'], work)).toMatchObject({ code: 0, stderr: '' });
    writeFileSync(join(work, 'c.yaml'), 'extends: nowhere.yaml\nname: c\n');
    expect(cli(['run', 'c.yaml'], work).stderr).toBe('c.yaml:1:10: extends: cannot read nowhere.yaml: no such file or directory\n');
  }, T);

  it('extends: through a link that leads out says the link\'s own text, the same every run (break-206 F1)', () => {
    const { work } = tree();
    symlinkSync('/proc/self/environ', join(work, 'env.yaml'));
    writeFileSync(join(work, 'top.yaml'), 'extends: env.yaml\nname: x\n');
    const r = cli(['run', 'top.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('top.yaml:1:10: extends: cannot read env.yaml: env.yaml is a symbolic link to /proc/self/environ, which lies outside the current directory');
    expect(cli(['run', 'top.yaml'], work).stderr).toBe(r.stderr);
  }, T);

  it('a chain of links is said by its links\' texts, up to the one that leads out (break-204 F4); a trailing / is the link\'s (F9, break-270 F1)', () => {
    const { work, secret } = tree();
    symlinkSync('s.yaml', join(work, 'chain.yaml'));
    expect(cli(['run', 'chain.yaml'], work)).toMatchObject({ code: 2, stderr: `chain.yaml: a symbolic link to s.yaml → ${secret}/creds.yaml, ${why}\n` });
    // a long chain keeps its first hops and the one that leads out (break-206 F7: it was cut before it)
    for (let i = 0; i < 10; i++) symlinkSync(i === 0 ? 's.yaml' : `l${i - 1}.yaml`, join(work, `l${i}.yaml`));
    expect(cli(['run', 'l9.yaml'], work).stderr).toBe(`l9.yaml: a symbolic link to l8.yaml → l7.yaml → l6.yaml → l5.yaml → l4.yaml → l3.yaml → l2.yaml → … → ${secret}/creds.yaml, ${why}\n`);
    // the link's own text, as without the /: "not a directory" would say its target is a file (break-270 F1)
    const slash = cli(['run', 's.yaml/'], work);
    expect(slash).toMatchObject({ code: 2, stderr: `s.yaml/: a symbolic link to ${secret}/creds.yaml, ${why}\n` });
    expect(cli(['run', 'scen/'], work).stderr).toBe(`scen: a symbolic link to ${secret}, ${why}\n`);
  }, T);

  it('--update-baseline and -o do not write through a link in the working directory that leads out; a link that stays in it is written through (break-204 F7)', () => {
    const { work, secret } = tree();
    symlinkSync('../secret/new.json', join(work, 'out.json'));
    const written = 'which lies outside the current directory; not written, so that a link from a pull request cannot have this replace other files on the machine; name the target itself\n';
    expect(cli(['run', 'in.yaml', '--update-baseline', 'out.json'], work)).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay: cannot write out.json: a symbolic link to ../secret/new.json, ${written}` });
    expect(cli(['run', 'in.yaml', '-o', 'b.json'], work)).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay: cannot write b.json: a symbolic link to ${secret}/env, ${written}` });
    expect(existsSync(join(secret, 'new.json'))).toBe(false);
    expect(readFileSync(join(secret, 'env'), 'utf8')).toBe('GITHUB_TOKEN=hunter2\n');
    // named as what it is, outside the working directory, it is written; and a link that stays inside is written through
    expect(cli(['run', 'in.yaml', '--update-baseline', '../secret/new.json'], work).code).toBe(0);
    symlinkSync('sub/report.txt', join(work, 'report.txt'));
    expect(cli(['run', 'in.yaml', '-o', 'report.txt'], work)).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(work, 'sub', 'report.txt'), 'utf8')).toMatch(/^PASS in\.yaml/m);
  }, T);

  it('BOOTREPLAY_READ_ANYWHERE=1 reads them; BOOTREPLAY_EXTENDS_ANYWHERE=1 lifts extends: only', () => {
    const { work } = tree();
    expect(cli(['run', 's.yaml'], work, { BOOTREPLAY_READ_ANYWHERE: '1' }).stderr).toContain('hunter2-token');
    expect(cli(['run', 'scen'], work, { BOOTREPLAY_READ_ANYWHERE: '1' }).stderr).toContain('hunter2-token');
    expect(cli(['run', 's.yaml'], work, { BOOTREPLAY_EXTENDS_ANYWHERE: '1' }).stderr).not.toContain('hunter2');
    // a base that links out keeps the words of extends:'s rule, and either variable lifts it
    writeFileSync(join(work, 'child.yaml'), 'extends: s.yaml\nname: c\n');
    expect(cli(['run', 'child.yaml'], work).stderr).toContain('extends: cannot read s.yaml: s.yaml is a symbolic link to ');
    for (const env of ['BOOTREPLAY_READ_ANYWHERE', 'BOOTREPLAY_EXTENDS_ANYWHERE']) expect(cli(['run', 'child.yaml'], work, { [env]: '1' }).stderr, env).toContain('hunter2-token');
  }, T);
});

describe('a reader that goes away', () => {
  it('is not a crash: `run … | head -1` prints no stack trace', () => {
    // --layout makes the report of the shipped scenarios about 100 KB, more than a pipe holds, so writes fail
    // after head exits; -v did too, at ten times the CPU (it verifies every fix hint: 12.8 s against 1.3 s)
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run "${ROOT}/scenarios" --layout 2>err.txt | head -1 >/dev/null; cat err.txt`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toBe('');
  }, T);

  it('exits 0 when the reader goes away (`| head -1`), but a report cut short otherwise (a full disk: /dev/full) is said on stderr and exits 2, as -o FILE does (review 12, 2.2)', () => {
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run "${ROOT}/scenarios/x86_32/2.6.27-rc1-vmi.yaml" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    expect(piped.stdout).toBe('0\n');
    for (const args of [['run', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', '-f', 'sarif'], ['run', 'scenarios/x86_32/2.6.27-rc1-vmi.yaml', '-o', '-'], ['--help']]) {
      const full = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" "$@" > /dev/full`, 'sh', ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(full.status, args.join(' ')).toBe(2);
      expect(full.stderr, args.join(' ')).toBe('bootreplay: cannot write to stdout: no space left on device\n');
    }
  }, T);
});

/**
 * The paths that came with variants, gates and CI (extends bases, matrix
 * values, baselines, shard reports, diff inputs, every report format) keep
 * the same guarantees as a plain `run FILE`.
 */
describe('variants, gates and CI formats', () => {
  const HOSTILE = 'x\\nPASS forged\\n::error file=f::forged\\nok 9 - forged\\n</testcase><script>alert(1)</script>\\u0001\\e[2J\\u202e';
  /** the 2.6.27-rc1 VMI order without its expect: entries, so its findings fail the run, under a hostile name and file name */
  function hostile(): string {
    const shipped = readFileSync(join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml'), 'utf8');
    const body = shipped.slice(shipped.indexOf('\nkernel:') + 1, shipped.indexOf('\nexpect:') + 1);
    return write('h\n::warning::forged.yaml', `name: "${HOSTILE}"\n${body}`);
  }

  it('no format lets a hostile name forge a line, a command, a test result or markup', () => {
    const f = hostile();
    const run = (format: string): string => {
      const r = cli(['run', f, '--format', format]);
      expect([format, r.code, r.stderr]).toEqual([format, 1, '']);
      return r.stdout;
    };
    const text = run('text');
    expect(text.split('\n').filter((l) => /^(PASS|FAIL) /.test(l))).toHaveLength(1);
    expect(text).not.toMatch(/[\u0001\u001b\u202e]/);
    // every line of the GitHub format is one workflow command or the closing summary line
    const github = run('github').trimEnd().split('\n');
    expect(github.filter((l) => !l.startsWith('::error file=h%0A%3A%3Awarning%3A%3Aforged.yaml,line=') && !l.startsWith('bootreplay: '))).toEqual([]);
    const ktap = run('ktap').split('\n');
    expect(ktap.filter((l) => /^\s*(not )?ok 9 /.test(l))).toEqual([]);
    for (const format of ['junit', 'html']) {
      const doc = run(format);
      expect(doc).not.toContain('<script>');
      expect(doc).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
    for (const format of ['json', 'sarif']) expect(() => JSON.parse(run(format)) as unknown).not.toThrow();
  }, T);

  it('a bidi control in a file name is shown as text output shows it (\\u202e) in -f github\'s file= and JUnit\'s file attribute too (break-192 4)', () => {
    const d = mkdtempSync(join(dir, 'bidi-'));
    const shipped = readFileSync(join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml'), 'utf8');
    writeFileSync(join(d, 'a\u202elmy.yaml'), shipped.slice(0, shipped.indexOf('\nexpect:') + 1));
    const run = (format: string): string => {
      const r = cli(['run', '.', '-f', format], d);
      expect([format, r.code, r.stderr]).toEqual([format, 1, '']);
      expect(r.stdout, format).not.toContain('\u202e');
      return r.stdout;
    };
    expect(run('text')).toMatch(/^a\\u202elmy\.yaml:45:5: error /m);
    expect(run('github')).toMatch(/^::error file=a\\u202elmy\.yaml,line=45,col=5,title=bootreplay fixmap-before-relocation::/);
    expect(run('junit')).toMatch(/<testcase classname="a\\u202elmy\.yaml" name="[^"]*" file="a\\u202elmy\.yaml" line="45">/);
  }, T);

  it('-o refuses a base the scenario extends and the baseline the run is gated against', () => {
    const base = write('vbase.yaml', GOOD);
    write('vleaf.yaml', 'extends: vbase.yaml\nname: leaf\n');
    expect(cli(['run', 'vleaf.yaml', '-o', base])).toMatchObject({ code: 2, stdout: '', stderr: 'bootreplay: cannot write vbase.yaml: it is an input of this run\n' });
    expect(readFileSync(join(dir, base), 'utf8')).toBe(GOOD);
    expect(cli(['run', 'vleaf.yaml', '--update-baseline', 'vbl.json']).code).toBe(0);
    const baseline = readFileSync(join(dir, 'vbl.json'), 'utf8');
    expect(cli(['run', 'vleaf.yaml', '--baseline', 'vbl.json', '-o', 'vbl.json']).stderr).toBe('bootreplay: cannot write vbl.json: it is an input of this run\n');
    expect(readFileSync(join(dir, 'vbl.json'), 'utf8')).toBe(baseline);
    expect(cli(['run', 'vleaf.yaml', '--update-baseline', 'vbl2.json', '-o', 'vbl2.json'])).toMatchObject({ code: 2, stderr: 'bootreplay: cannot write vbl2.json: it is the file --update-baseline writes\n' });
  }, T);

  it('a FIFO named by extends:, --baseline, merge or diff is refused without hanging', () => {
    expect(spawnSync('mkfifo', [join(dir, 'fifo.yaml'), join(dir, 'fifo.json')]).status).toBe(0);
    write('onfifo.yaml', 'extends: fifo.yaml\nname: x\n');
    expect(cli(['run', 'onfifo.yaml'])).toMatchObject({ code: 2, stderr: 'onfifo.yaml:1:10: extends: cannot read fifo.yaml: not a regular file (a FIFO); not read\n' });
    expect(cli(['run', 'in.yaml', '--baseline', 'fifo.json'])).toMatchObject({ code: 2, stderr: 'fifo.json: cannot read the baseline: not a regular file (a FIFO); not read\n' });
    expect(cli(['merge', 'fifo.json'])).toMatchObject({ code: 2, stderr: 'bootreplay merge: fifo.json: not a regular file (a FIFO); not read\n' });
    const diff = cli(['diff', 'in.yaml', 'fifo.yaml']);
    expect([diff.code, diff.stderr]).toEqual([2, 'fifo.yaml: not a regular file (a FIFO); not read\n']);
  }, T);

  it('extends depth and matrix size are limits with names, located at the extends: and matrix: that exceed them', () => {
    for (let i = 0; i < 10; i++) write(`deep${i}.yaml`, i === 9 ? GOOD : `extends: deep${i + 1}.yaml\n`);
    const deep = cli(['run', 'deep0.yaml']);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toMatch(/^deep8\.yaml:1:10: extends: 9 levels: deep0\.yaml → .* → deep9\.yaml \(limit 8 levels of extends, max-extends-depth; merge some of the bases\) in deep0\.yaml\n$/);
    // one axis holds at most max-items (2048) values: 4096 variants take two
    const memory = Array.from({ length: 2000 }, (_, i) => `${i + 64}MiB`).join(', ');
    const big = cli(['run', write('bigmatrix.yaml', `extends: in.yaml\nmatrix:\n  machine.memory: [${memory}]\n  machine.cmdline: ['', quiet, debug]\n`)]);
    expect([big.code, big.stderr]).toEqual([2, 'bigmatrix.yaml:3:3: matrix: 2000 × 3 = 6000 combinations (limit 512 variants, max-variants; a CI matrix has dozens); split the file or exclude combinations\n']);
  }, T);

  it('max-findings: a file whose variants reach 8192 findings is refused after the variant that reaches it, with one located problem; others are reported', () => {
    // the order of bench/run.mjs's fixmap-users file at max-calls: every call after the prefix is a finding
    // (2.6.27-rc1 on VMI, each a fixmap user before vmi_init), about 6,100 findings per variant
    const head = 'kernel: 2.6.27-rc1\nmachine:\n  hypervisor: vmi\n  memory: 4GiB\n  cmdline: "reservetop=16M vmi=disable_pse"\nsetup_arch:\n';
    const prefix = ['early_cpu_init', 'setup_memory_map', 'early_ioremap_init', 'parse_early_param', 'e820_end_of_ram_pfn', 'find_low_pfn_range'];
    const users = ['init_memory_mapping', 'dmi_scan_machine', 'acpi_boot_init', 'init_apic_mappings'];
    const calls = [...prefix, ...Array.from({ length: 2048 - prefix.length - 1 }, (_, i) => users[i % users.length]), 'vmi_init'];
    const order = head + calls.map((c) => `  - ${c}\n`).join('');
    // one variant at max-calls stays under the limit: reported in full
    const one = cli(['run', write('users.yaml', order)]);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/FAIL users\.yaml .* 2042 errors, 4078 warnings\n/);
    // four variants: the second passes 8192, the other two are not replayed, and nothing of the file is reported;
    // the problem is at the matrix: that multiplied the findings (line 2055, after 6 lines and 2,048 calls)
    const four = cli(['run', write('users-matrix.yaml', `${order}matrix:\n  machine.memory: [512MiB, 1GiB, 2GiB, 4GiB]\n`), write('good.yaml', GOOD)]);
    expect(four.code).toBe(2);
    expect(four.stderr).toMatch(/^users-matrix\.yaml:2055:1: matrix: 1\d{4} findings in the first 2 variants of 4; the file is not reported and the rest are not replayed \(limit 8192 findings per file, max-findings; a real order has a handful, 256 variants of one a few thousand\)\n$/);
    expect(four.stdout).not.toMatch(/^users-matrix\.yaml:/m);
    // no matrix table for the refused file, as none for one the loader refused (max-variants): a "0 of 4 variants
    // replayed" table under the summary line contradicted the problem (review 19b, F5); the summary line is last
    expect(four.stdout).not.toMatch(/^matrix /m);
    expect(four.stdout).toContain('PASS good.yaml');
    expect(four.stdout).toMatch(/\n2 files: 1 invalid, 0 failed, 1 passed; [^\n]*1 input problem on stderr[^\n]*\n$/);
  }, T);

  describe('max-findings over shards: merge refuses the file as the unsharded run does (review 13c, 1.1)', () => {
    // bench/run.mjs's missing-prerequisite file: 2,048 calls, each group of 4 before its prerequisites,
    // 3,582 findings a variant (no layout-overlap for the empty lowmem since 3434261: missing-prerequisite names it); 3 variants reach 8192 only together (no shard holds more than 2 of them)
    const head = 'kernel: 2.6.27-rc1\nmachine:\n  hypervisor: vmi\n  memory: 4GiB\n  cmdline: "reservetop=16M vmi=disable_pse"\nsetup_arch:\n';
    const group = ['find_low_pfn_range', 'init_memory_mapping', 'vmi_init', 'parse_early_param'];
    const calls = [...Array.from({ length: 2047 }, (_, i) => group[i % group.length]), 'setup_memory_map'];
    const order = (last = 'setup_memory_map'): string => head + [...calls.slice(0, -1), last].map((c) => `  - ${c}\n`).join('');
    const matrix = (memory: string): string => `matrix:\n  machine.memory: [${memory}]\n`;
    let sub = '';
    /** `run ARGS` unsharded, then with --shard i/3 for each i and merged: each output, stderr and exit code */
    const both = (args: readonly string[]): { whole: ReturnType<typeof cli>; merged: ReturnType<typeof cli>; shards: (number | null)[] } => {
      const whole = cli(['run', ...args, '-f', 'json'], sub);
      const shards = [1, 2, 3].map((i) => cli(['run', ...args, '--shard', `${i}/3`, '-f', 'json', '-o', `s${i}.json`], sub).code);
      return { whole, merged: cli(['merge', 's1.json', 's2.json', 's3.json'], sub), shards };
    };

    beforeAll(() => {
      sub = join(dir, 'shard-findings');
      mkdirSync(sub);
      writeFileSync(join(sub, 'm3.yaml'), order() + matrix('512MiB, 576MiB, 640MiB'));
      writeFileSync(join(sub, 'good.yaml'), GOOD);
    });

    it('3 shards merged give the unsharded run\'s report byte for byte, its problems on stderr and its exit code 2; in an extends chain at the matrix: (review 13c, 4.2)', () => {
      // gc.yaml → child.yaml (matrix:) → base.yaml (setup_arch:): the problem is at the matrix: that multiplied the
      // findings, names the setup_arch they come from and the file refused; text, github, SARIF and JUnit place an
      // input problem by its file, line and `scenario` alike (test/report)
      writeFileSync(join(sub, 'base.yaml'), order());
      writeFileSync(join(sub, 'child.yaml'), `extends: base.yaml\nname: child\n${matrix('512MiB, 576MiB, 640MiB')}`);
      writeFileSync(join(sub, 'gc.yaml'), 'extends: child.yaml\nname: grandchild\n');
      const { whole, merged, shards } = both(['m3.yaml', 'gc.yaml', 'good.yaml']);
      // each shard reports its own variants in full (exit 1: their errors), and records where the problems would go
      expect(shards.some((c) => c === 1)).toBe(true);
      expect(whole.code).toBe(2);
      const limit = '(limit 8192 findings per file, max-findings; a real order has a handful, 256 variants of one a few thousand)';
      const chained = `matrix: 10746 findings in the first 3 variants of 3 (of the setup_arch at base.yaml:6:1); the file is not reported ${limit}`;
      expect(whole.stderr).toBe(`m3.yaml:2055:1: matrix: 10746 findings in the first 3 variants of 3; the file is not reported ${limit}\nchild.yaml:3:1: ${chained} in gc.yaml\n`);
      expect([merged.code, merged.stderr, merged.stdout]).toEqual([2, whole.stderr, whole.stdout]);
      expect(JSON.parse(whole.stdout)).toMatchObject({
        results: [{ file: 'good.yaml', status: 'pass' }], summary: { scenarios: 1, invalid: 2, problems: 2 },
        problems: [{ file: 'm3.yaml' }, { file: 'child.yaml', scenario: 'gc.yaml', line: 3, column: 1, message: chained }],
      });
    }, T);

    it('the gate with a baseline, as docs/ci.md builds one: the same refusal, and the file\'s absent baseline findings not counted', () => {
      // a baseline of 2 variants (under the limit) of the order with another last call: 1,024 of its findings per variant
      // no longer occur in m3.yaml's variants (summary `absent`), which the refused file must not count
      writeFileSync(join(sub, 'm3.yaml'), order('dmi_scan_machine') + matrix('512MiB, 576MiB'));
      expect(cli(['run', 'm3.yaml', 'good.yaml', '--update-baseline', 'bl.json'], sub).code).toBe(0);
      writeFileSync(join(sub, 'm3.yaml'), order() + matrix('512MiB, 576MiB, 640MiB'));
      const { whole, merged } = both(['m3.yaml', 'good.yaml', '--baseline', 'bl.json']);
      const absent = (i: number): number => (JSON.parse(readFileSync(join(sub, `s${i}.json`), 'utf8')) as { summary: { absent: number } }).summary.absent;
      expect(absent(1) + absent(2) + absent(3)).toBe(2048);
      expect(whole.code).toBe(2);
      expect([merged.code, merged.stderr, merged.stdout]).toEqual([2, whole.stderr, whole.stdout]);
      expect(JSON.parse(whole.stdout)).toMatchObject({ summary: { invalid: 1, problems: 1, absent: 0 } });
    }, T);
  });

  it('a matrix value is escaped in variant names, in problems and in the matrix table', () => {
    const f = write('mvalue.yaml', 'extends: in.yaml\nmatrix:\n  machine.cmdline: ["a\\e[2J", "b\\nPASS x"]\n');
    const r = cli(['run', f]);
    expect(r.stdout + r.stderr).not.toMatch(/[\u001b]|\nPASS x/);
    expect(r.stdout).toContain('\\x1b[2J');
  }, T);
});

/**
 * `-o` to a pipe or FIFO whose reader is slower than the run (`| gzip -9`,
 * `| less`): the FIFO is opened O_NONBLOCK so that one nobody reads fails at
 * once, and a full pipe then said EAGAIN: 64 KiB arrived and the run exited 2.
 * The report must arrive whole, with the run's own exit code.
 */
describe('-o to a pipe, a FIFO or -', () => {
  let sub = '';
  /** the HTML report of 12 variants of the 2.6.27-rc1 VMI order (well over a 64 KiB pipe) to stdout, and its exit code */
  let reference: { code: number | null; stdout: string } = { code: null, stdout: '' };

  beforeAll(() => {
    sub = join(dir, 'pipes');
    mkdirSync(sub);
    writeFileSync(join(sub, 'base.yaml'), readFileSync(join(ROOT, 'scenarios/x86_32/2.6.27-rc1-vmi.yaml')));
    writeFileSync(join(sub, 'm.yaml'), 'extends: base.yaml\nmatrix:\n  machine.memory: [256MiB, 512MiB, 768MiB, 1GiB, 2GiB, 4GiB]\n  config.pae: [false, true]\n');
    reference = cli(['run', 'm.yaml', '-f', 'html'], sub);
  }, T);

  beforeEach(() => {
    // the check that the report is big enough to fill a pipe, and that the run has an exit code of its own to keep
    expect(Buffer.byteLength(reference.stdout)).toBeGreaterThan(2 * 65_536);
    expect([0, 1]).toContain(reference.code);
  });

  /**
   * A reader slower than the writer: it takes one byte (dd reads exactly one, where head or cat would
   * buffer more), so the run is writing, then sleeps 1 s while the pipe fills, then reads the rest.
   * (A reader that only sleeps at its start would be awake again before the replay writes anything.)
   */
  const SLOW_READER = '{ dd bs=1 count=1 2>/dev/null; sleep 1; cat; }';

  /** `sh -c script` in the pipes directory; BIN and NODE are set in its environment */
  function sh(script: string): void {
    const r = spawnSync('sh', ['-c', script], { cwd: sub, env: { ...process.env, BIN, NODE: process.execPath }, timeout: 30_000 });
    if (r.error !== undefined) throw r.error;
  }

  it('-o /dev/stdout into a pipe whose reader stops for a second mid-report gets the whole report and the run\'s exit code', () => {
    sh(`{ "$NODE" "$BIN" run m.yaml -f html -o /dev/stdout 2>err.txt; echo $? >rc.txt; } | ${SLOW_READER} >got.html`);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(sub, 'rc.txt'), 'utf8')).toBe(`${reference.code}\n`);
    expect(readFileSync(join(sub, 'got.html'), 'utf8')).toBe(reference.stdout);
  }, T);

  it('-o a named FIFO whose reader stops for a second mid-report gets the whole report and the run\'s exit code', async () => {
    expect(spawnSync('mkfifo', [join(sub, 'report.fifo')]).status).toBe(0);
    // A read end held here (O_NONBLOCK: opening does not wait for a writer) makes the FIFO read however
    // late the slow reader opens it (no ENXIO); it never reads, so the slow reader gets every byte.
    const held = openSync(join(sub, 'report.fifo'), constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const reader = spawn('sh', ['-c', `${SLOW_READER} <report.fifo >fifo.html`], { cwd: sub, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => reader.on('exit', resolve));
      const r = cli(['run', 'm.yaml', '-f', 'html', '-o', 'report.fifo'], sub);
      expect(await exited).toBe(0);
      expect(r).toEqual({ code: reference.code, stdout: '', stderr: '' });
      expect(readFileSync(join(sub, 'fifo.html'), 'utf8')).toBe(reference.stdout);
    } finally {
      closeSync(held);
    }
  }, T);

  it('a FIFO nobody reads is refused at once, not waited on', () => {
    expect(spawnSync('mkfifo', [join(sub, 'nobody.fifo')]).status).toBe(0);
    write('in.yaml', GOOD);
    expect(cli(['run', join('..', 'in.yaml'), '-o', 'nobody.fifo'], sub)).toEqual({ code: 2, stdout: '', stderr: 'bootreplay: cannot write nobody.fifo: a FIFO that no process is reading\n' });
  }, T);

  it('a reader that goes away (`-o /dev/stdout | head -c 100`) ends the report quietly, with the run\'s exit code', () => {
    sh('{ "$NODE" "$BIN" run m.yaml -f html -o /dev/stdout 2>err2.txt; echo $? >rc2.txt; } | head -c 100 >/dev/null');
    expect(readFileSync(join(sub, 'err2.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(sub, 'rc2.txt'), 'utf8')).toBe(`${reference.code}\n`);
  }, T);

  it('-o - is stdout, exactly as without -o, and makes no file named "-"', () => {
    write('in.yaml', GOOD);
    expect(cli(['run', 'in.yaml', '-o', '-'])).toEqual(cli(['run', 'in.yaml']));
    const b = write('in-b.yaml', GOOD.replace('find_low_pfn_range]', 'find_low_pfn_range, early_ioremap_init]'));
    const diffed = cli(['diff', 'in.yaml', b, '-o', '-']);
    expect(diffed).toEqual(cli(['diff', 'in.yaml', b]));
    expect(diffed.stdout).toMatch(/^--- in\.yaml/);
    // a baseline is read back by the next run: stdout is refused, not a file named -
    const baseline = cli(['run', 'in.yaml', '--update-baseline', '-']);
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toMatch(/^bootreplay: --update-baseline -: a baseline is a file the next run reads with --baseline; name one \(\.\/- for a file named -\)$/m);
    expect(existsSync(join(dir, '-'))).toBe(false);
  }, T);
});

/**
 * `-o` naming the regular file the shell opened for this run's stdout or
 * stderr (`-o /dev/stdout > log`): the atomic rename replaced the shell's
 * file, so what the script wrote before and after the run (and an appended
 * log's earlier lines) was lost. It is written through the descriptor now,
 * exactly as the report goes to stdout without -o.
 */
describe('-o onto the shell\'s own stdout or stderr file', () => {
  let sub = '';
  /** the text report of in.yaml on stdout, without -o */
  let report = '';

  beforeAll(() => {
    sub = join(dir, 'stdio');
    mkdirSync(sub);
    writeFileSync(join(sub, 'in.yaml'), GOOD);
    report = cli(['run', 'in.yaml'], sub).stdout;
    expect(report).toMatch(/^PASS in\.yaml {2}good/m);
  }, T);

  /** `sh -c script` in the stdio directory ($B is the program), and the file `name` after it */
  function shell(script: string, name: string): string {
    const r = spawnSync('sh', ['-c', script], { cwd: sub, env: { ...process.env, B: `"${process.execPath}" "${BIN}"` }, encoding: 'utf8', timeout: 30_000 });
    if (r.error !== undefined) throw r.error;
    return readFileSync(join(sub, name), 'utf8');
  }

  it('keeps what the script writes before and after (`{ echo header; run -o /dev/stdout; echo footer; } > f`), by every name of stdout', () => {
    for (const name of ['/dev/stdout', '/dev/fd/1', ...existsSync('/proc/self/fd/1') ? ['/proc/self/fd/1'] : [], 'grp.txt']) {
      const got = shell(`{ echo header; eval "$B run in.yaml -o ${name}"; echo "rc $?"; echo footer; } > grp.txt`, 'grp.txt');
      expect(got).toBe(`header\n${report}rc 0\nfooter\n`);
    }
  }, T);

  it('appends to a log opened with >>, and to stderr\'s file with -o /dev/stderr', () => {
    writeFileSync(join(sub, 'log.txt'), 'OLDLOG\n');
    expect(shell('eval "$B run in.yaml -o /dev/stdout" >> log.txt', 'log.txt')).toBe(`OLDLOG\n${report}`);
    writeFileSync(join(sub, 'err.txt'), 'OLDERR\n');
    expect(shell('eval "$B run in.yaml -o /dev/stderr" 2>> err.txt', 'err.txt')).toBe(`OLDERR\n${report}`);
  }, T);

  it('an input that is also stdout is still refused: `>> in.yaml` is left as it was, `> in.yaml` (emptied by the shell) gets only the message', () => {
    const refused = 'bootreplay: cannot write /dev/stdout: it is the same file as the input in.yaml\n';
    expect(shell('eval "$B run in.yaml -o /dev/stdout" >> in.yaml 2>err.txt; echo "rc $?" >> err.txt', 'in.yaml')).toBe(GOOD);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe(`${refused}rc 2\n`);
    writeFileSync(join(sub, 'in2.yaml'), GOOD);
    expect(shell('eval "$B run in2.yaml -o /dev/stdout" > in2.yaml 2>err.txt; echo "rc $?" >> err.txt', 'in2.yaml')).toBe('');
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe(`${refused.replace('in.yaml', 'in2.yaml')}rc 2\n`);
  }, T);

  it('without -o, a stdout that is an input (`run in.yaml >> in.yaml`, `diff in.yaml b >> in.yaml`, the baseline) is refused and the file left as it was (helper-147)', () => {
    const refused = (cmd: string): string => `bootreplay: cannot write stdout: it is the input in.yaml (a shell redirect); write the report elsewhere, e.g. -o ${cmd === 'diff' ? 'diff' : 'report'}.txt\n`;
    expect(shell('eval "$B run in.yaml" >> in.yaml 2>err.txt; echo "rc $?" >> err.txt', 'in.yaml')).toBe(GOOD);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe(`${refused('run')}rc 2\n`);
    writeFileSync(join(sub, 'b.yaml'), GOOD);
    expect(shell('eval "$B diff in.yaml b.yaml" >> in.yaml 2>err.txt; echo "rc $?" >> err.txt', 'in.yaml')).toBe(GOOD);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe(`${refused('diff')}rc 2\n`);
    // another file, and the run's own baseline
    writeFileSync(join(sub, 'log.txt'), '');
    expect(shell('eval "$B run in.yaml" >> log.txt', 'log.txt')).toBe(report);
    const bl = shell('eval "$B run in.yaml --update-baseline bl2.json -o /dev/null"; cat bl2.json', 'bl2.json');
    expect(shell('eval "$B run in.yaml --baseline bl2.json" >> bl2.json 2>err.txt; echo "rc $?" >> err.txt', 'bl2.json')).toBe(bl);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe('bootreplay: cannot write stdout: it is the input bl2.json (a shell redirect); write the report elsewhere, e.g. -o report.txt\nrc 2\n');
  }, T);

  it('every command that reads files refuses a stdout that is one of them, a base it extends included, with the same message, and leaves it as it was', () => {
    writeFileSync(join(sub, 'b.yaml'), GOOD);
    writeFileSync(join(sub, 'kid.yaml'), 'extends: in.yaml\nname: kid\n');
    const refused = (file: string, example?: string): string =>
      `bootreplay: cannot write stdout: it is the input ${file} (a shell redirect); write the ${example !== undefined ? `report elsewhere, e.g. -o ${example}` : 'output elsewhere (another file, or a pipe)'}\nrc 2\n`;
    const cases: [string, string][] = [
      ['layout in.yaml', 'in.yaml'], ['layout kid.yaml', 'in.yaml'], ['trace in.yaml', 'in.yaml'], ['trace kid.yaml', 'in.yaml'],
      ['suggest in.yaml', 'in.yaml'], ['suggest kid.yaml', 'in.yaml'], ['suggest b.yaml --set config.nr_cpus=1,2', 'b.yaml'],
      ['constraints in.yaml', 'in.yaml'], ['constraints kid.yaml --matrix --set config.nr_cpus=1,2', 'in.yaml'],
      ['bisect b.yaml in.yaml', 'in.yaml'], ['bisect b.yaml kid.yaml', 'in.yaml'],
      ['steps --scenario in.yaml', 'in.yaml'], ['steps --scenario kid.yaml', 'in.yaml'],
    ];
    for (const [cmd, file] of cases) {
      expect(shell(`eval "$B ${cmd}" >> ${file} 2>err.txt; echo "rc $?" >> err.txt`, file), cmd).toBe(GOOD);
      expect(readFileSync(join(sub, 'err.txt'), 'utf8'), cmd).toBe(refused(file === 'in.yaml' && cmd.includes('kid') ? 'in.yaml' : file));
    }
    // merge: a shard report it reads
    shell('eval "$B run in.yaml --shard 1/2 -f json -o s1.json"; eval "$B run in.yaml --shard 2/2 -f json -o s2.json"', 's1.json');
    const shard = readFileSync(join(sub, 's1.json'), 'utf8');
    expect(shell('eval "$B merge s1.json s2.json" >> s1.json 2>err.txt; echo "rc $?" >> err.txt', 's1.json')).toBe(shard);
    expect(readFileSync(join(sub, 'err.txt'), 'utf8')).toBe(refused('s1.json', 'merged.json'));
    // another file is fine
    expect(shell('eval "$B layout in.yaml" > out.txt; echo "rc $?" >> out.txt', 'out.txt')).toMatch(/rc 0\n$/);
  }, T);

  it('a stderr that is an input (`2>> in.yaml`, `&>> in.yaml`) gets no message: the input stays as it was, stdout says why, exit 2 (helper-185 3)', () => {
    const BAD = 'name: bad\nsetup_arch: [early_cpu_int]\n';
    writeFileSync(join(sub, 'bad.yaml'), BAD);
    const said = 'bootreplay: cannot write stderr: it is the input bad.yaml (a shell redirect such as 2>> or &>>), so its messages were not written; send stderr elsewhere\n';
    // the input problem went into the file it is about
    expect(shell('eval "$B run bad.yaml" 2>> bad.yaml > out.txt; echo "rc $?" >> out.txt', 'bad.yaml')).toBe(BAD);
    expect(readFileSync(join(sub, 'out.txt'), 'utf8')).toBe(`1 file: 1 invalid, 0 failed, 0 passed; 0 errors, 0 warnings; 1 input problem on stderr\n${said}rc 2\n`);
    // stdout and stderr both the input: the stdout refusal went to stderr, into the file; now nothing is written
    expect(shell('eval "$B run in.yaml" >> in.yaml 2>&1; echo "rc $?" > rc.txt', 'in.yaml')).toBe(GOOD);
    expect(readFileSync(join(sub, 'rc.txt'), 'utf8')).toBe('rc 2\n');
    for (const cmd of ['trace bad.yaml', 'layout bad.yaml', 'suggest bad.yaml', 'constraints bad.yaml', 'diff bad.yaml in.yaml']) {
      expect(shell(`eval "$B ${cmd}" 2>> bad.yaml > out.txt; echo "rc $?" >> out.txt`, 'bad.yaml'), cmd).toBe(BAD);
      expect(readFileSync(join(sub, 'out.txt'), 'utf8'), cmd).toMatch(/cannot write stderr: it is the input bad\.yaml .*\nrc 2\n$/);
    }
    // a usage error before any file is read: the arguments are inputs from the start (helper-186 2)
    expect(shell('eval "$B run in.yaml --shard 9/2" 2>> in.yaml > out.txt; echo "rc $?" >> out.txt', 'in.yaml')).toBe(GOOD);
    expect(readFileSync(join(sub, 'out.txt'), 'utf8')).toMatch(/cannot write stderr: it is the input in\.yaml .*\nrc 2\n$/);
    // a baseline refreshed in place with stderr appended to it: neither the refreshed report nor a message lands there
    shell('eval "$B run in.yaml -f json -o bl3.json"', 'bl3.json');
    const bl3 = readFileSync(join(sub, 'bl3.json'), 'utf8');
    expect(shell('eval "$B run in.yaml --baseline bl3.json --update-baseline bl3.json" 2>> bl3.json > out.txt; echo "rc $?" >> out.txt', 'bl3.json')).toBe(bl3);
    expect(readFileSync(join(sub, 'out.txt'), 'utf8')).toMatch(/cannot write stderr: it is the input bl3\.json .*\nrc 2\n$/);
    // --update-baseline into stderr's own file: refused, as into stdout's (the messages would follow it there)
    writeFileSync(join(sub, 'bl4.json'), '');
    expect(shell('eval "$B run in.yaml --update-baseline bl4.json" 2>> bl4.json; echo "rc $?" > rc.txt', 'bl4.json')).toBe('bootreplay: cannot write bl4.json: it is stderr (a shell redirect), where messages go too, so the baseline would not be a file of its own; redirect stderr elsewhere\n');
    expect(readFileSync(join(sub, 'rc.txt'), 'utf8')).toBe('rc 2\n');
    // a run with nothing for stderr is untouched by the redirect; another file takes the messages as before
    expect(shell('eval "$B run in.yaml" 2>> in.yaml > out.txt; echo "rc $?" >> out.txt', 'out.txt')).toMatch(/rc 0\n$/);
    writeFileSync(join(sub, 'err.txt'), '');
    expect(shell('eval "$B run bad.yaml" 2>> err.txt > /dev/null', 'err.txt')).toMatch(/^bad\.yaml:2:14: setup_arch\[0\] \(step 1\): unknown call early_cpu_int/);
  }, T);

  it('--update-baseline /dev/stdout > bl.json writes a baseline the next run reads, but only when the report goes elsewhere', () => {
    const bl = shell('eval "$B run in.yaml --update-baseline /dev/stdout -o report.txt" > bl.json', 'bl.json');
    expect(JSON.parse(bl)).toMatchObject({ version: 1 });
    expect(cli(['run', 'in.yaml', '--baseline', 'bl.json'], sub)).toMatchObject({ code: 0, stderr: '' });
    // the report, on stdout too, would follow the baseline into bl.json
    writeFileSync(join(sub, 'bl.json'), bl);
    expect(shell('eval "$B run in.yaml --update-baseline /dev/stdout" > bl.json 2>err.txt; echo "rc $?" >> err.txt', 'err.txt'))
      .toBe('bootreplay: cannot write /dev/stdout: it is stdout, where the report goes too; write the report elsewhere with -o\nrc 2\n');
    expect(shell('eval "$B run in.yaml --update-baseline /dev/stdout -o /dev/fd/1" > bl.json 2>err.txt; echo "rc $?" >> err.txt', 'err.txt'))
      .toBe('bootreplay: cannot write /dev/fd/1: it is the file --update-baseline writes\nrc 2\n');
  }, T);
});

describe('$GITHUB_STEP_SUMMARY naming the shell\'s own stdout or stderr (review 14, 3.3)', () => {
  let sub = '';
  /** the github format's annotations of in.yaml, and its job summary, each alone */
  let annotations = '';
  let summary = '';

  /** `sh -c script` in this directory ($B is the program), and the file `name` after it */
  function shell(script: string, name: string): string {
    const env: NodeJS.ProcessEnv = { ...process.env, B: `"${process.execPath}" "${BIN}"` };
    delete env.GITHUB_STEP_SUMMARY;
    const r = spawnSync('sh', ['-c', script], { cwd: sub, env, encoding: 'utf8', timeout: 30_000 });
    if (r.error !== undefined) throw r.error;
    return readFileSync(join(sub, name), 'utf8');
  }

  beforeAll(() => {
    sub = join(dir, 'summary-stdio');
    mkdirSync(sub);
    writeFileSync(join(sub, 'in.yaml'), GOOD);
    annotations = shell('(export GITHUB_STEP_SUMMARY=sum.md; eval "$B run in.yaml -f github") > gh.txt', 'gh.txt');
    summary = readFileSync(join(sub, 'sum.md'), 'utf8');
    expect(annotations).toMatch(/^::warning file=in.yaml,[^]*\nbootreplay: 1 scenario: 0 failed, 1 passed/);
    expect(summary).toMatch(/^## bootreplay: 1 scenario: 0 failed, 1 passed\n/);
  }, T);

  it('is written through the descriptor, where the shell\'s offset is: the script\'s next output follows the summary instead of overwriting it', () => {
    // the review's shape: a step's commands in a subshell whose output goes to a log
    for (const name of ['/dev/stdout', '/dev/fd/1', 'log.txt']) {
      const got = shell(`( echo "== step log"; export GITHUB_STEP_SUMMARY=${name}; eval "$B run in.yaml -f github"; echo "rc $?"; echo "== next command" ) > log.txt 2>&1`, 'log.txt');
      expect(got, name).toBe(`== step log\n${annotations}${summary}rc 0\n== next command\n`);
    }
    writeFileSync(join(sub, 'err.txt'), 'OLD\n');
    expect(shell('{ echo a >&2; export GITHUB_STEP_SUMMARY=/dev/stderr; eval "$B run in.yaml -f github"; echo b >&2; } >/dev/null 2>>err.txt', 'err.txt')).toBe(`OLD\na\n${summary}b\n`);
    // a pipe that is stdout (`| tee`, a runner's log) is written as stdout is, not refused as a FIFO of its own
    expect(shell('(export GITHUB_STEP_SUMMARY=/dev/stdout; eval "$B run in.yaml -f github"; echo "rc $?") | cat > piped.txt', 'piped.txt')).toBe(`${annotations}${summary}rc 0\n`);
  }, T);

  it('is refused on the shell\'s file that --update-baseline writes: the Markdown would follow the baseline into it', () => {
    const got = shell('(export GITHUB_STEP_SUMMARY=/dev/stdout; eval "$B run in.yaml -f github --update-baseline /dev/stdout -o r.txt" 2>err.txt; echo "rc $?" >> err.txt) > bl.json', 'err.txt');
    expect(got).toBe('bootreplay: cannot append the job summary to $GITHUB_STEP_SUMMARY (/dev/stdout): it is the file --update-baseline writes\nrc 2\n');
  }, T);
});

describe('-o and a temporary file left by a killed run (review 14, 4.1)', () => {
  it('a `.NAME.PID.tmp` of this process id in the way is left alone, and the report is written beside it', () => {
    const sub = join(dir, 'stale');
    mkdirSync(sub);
    writeFileSync(join(sub, 'in.yaml'), GOOD);
    // exec: bootreplay gets the shell's process id, as a SIGKILLed run's successor in a fresh container does
    const r = spawnSync('sh', ['-c', 'echo stale > .report.json.$$.tmp; exec "$0" "$1" run in.yaml -f json -o report.json', process.execPath, BIN], { cwd: sub, encoding: 'utf8', timeout: 30_000 });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(join(sub, 'report.json'), 'utf8')).toBe(cli(['run', 'in.yaml', '-f', 'json'], sub).stdout);
    const left = readdirSync(sub).filter((n) => n.endsWith('.tmp'));
    expect(left).toEqual([`.report.json.${r.pid ?? 0}.tmp`]);
    expect(readFileSync(join(sub, left[0] ?? ''), 'utf8')).toBe('stale\n');
  }, T);
});

describe('-o to a long name', () => {
  it('a legal 255-byte name is written (its .NAME.PID.tmp would not be); 256 bytes is refused in words, no temporary name shown', () => {
    const sub = join(dir, 'long');
    mkdirSync(sub);
    writeFileSync(join(sub, 'in.yaml'), GOOD);
    const name = `${'r'.repeat(250)}.json`;
    expect(cli(['run', 'in.yaml', '-f', 'json', '-o', name], sub)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(sub, name), 'utf8')).toBe(cli(['run', 'in.yaml', '-f', 'json'], sub).stdout);
    expect(readdirSync(sub).sort()).toEqual(['in.yaml', name]);
    const longer = `r${name}`;
    expect(cli(['run', 'in.yaml', '-o', longer], sub)).toEqual({ code: 2, stdout: '', stderr: `bootreplay: cannot write ${longer}: file name too long\n` });
  }, T);
});

/**
 * A signal while a report is written to its temporary file (Ctrl-C on a big
 * HTML report) left `.NAME.PID.tmp` beside the target. strace makes the
 * window seconds wide: fchmod, which only the temporary-file path calls (on
 * a target that exists), is delayed 2 s, and SIGINT is sent the moment the
 * temporary file appears. (The handler itself is tested in output.test.ts.)
 */
describe('a signal while a report is written', () => {
  const strace = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;

  it.runIf(strace)('removes the temporary file, leaves the old report and exits as SIGINT does (skipped where strace cannot trace)', async () => {
    write('in.yaml', GOOD);
    write('sig.txt', 'old\n');
    const delayed = ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=fchmod', '-e', 'inject=fchmod:delay_enter=2000000'];
    const child = spawn('strace', [...delayed, process.execPath, BIN, 'run', 'in.yaml', '-o', 'sig.txt'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const temp = (): string[] => readdirSync(dir).filter((n) => /^\.sig\.txt\.\d+\.tmp$/.test(n));
    let sent = false;
    const poll = setInterval(() => {
      const [name] = temp();
      if (name === undefined || sent) return;
      // the temporary file names the pid of bootreplay (strace's child)
      process.kill(Number(name.split('.')[3]), 'SIGINT');
      sent = true;
    }, 20);
    try {
      // strace ends as its tracee did
      expect(await exited).toBe('SIGINT');
    } finally {
      clearInterval(poll);
    }
    expect(sent).toBe(true);
    expect(temp()).toEqual([]);
    expect(readFileSync(join(dir, 'sig.txt'), 'utf8')).toBe('old\n');
  }, T);
});

describe('review 16a: JSON report inputs, steps --scenario, empty arguments, --set', () => {
  it('a JSON report input is called one, with its own byte limit (max-report-bytes), and merge prefixes every refusal', () => {
    write('in.yaml', GOOD);
    mkdirSync(join(dir, 'dir.json'), { recursive: true });
    expect(cli(['run', 'in.yaml', '--baseline', 'dir.json'])).toMatchObject({ code: 2, stderr: 'dir.json: cannot read the baseline: is a directory, not a JSON report\n' });
    expect(cli(['merge', 'dir.json'])).toMatchObject({ code: 2, stderr: 'bootreplay merge: dir.json: is a directory, not a JSON report\n' });
    // sparse: no byte is written, and none is read (fstat refuses it)
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 200 * 2 ** 20);
    const limit = '(limit 128 MiB, max-report-bytes; the report of every shipped scenario is 340 KiB; split the run (a baseline per directory))';
    expect(cli(['run', 'in.yaml', '--baseline', 'huge.json']).stderr).toBe(`huge.json: cannot read the baseline: too large: 200 MiB ${limit}\n`);
    expect(cli(['merge', 'huge.json']).stderr).toBe(`bootreplay merge: huge.json: too large: 200 MiB ${limit}\n`);
    write('v2.json', '{"version": 2, "results": []}');
    expect(cli(['merge', 'v2.json'])).toMatchObject({ code: 2, stderr: 'bootreplay merge: v2.json:1:13: written in report format 2; this bootreplay reads format 1 (a newer bootreplay wrote it); run every shard with this bootreplay\n' });
  }, T);

  it('layout and trace refuse a directory as steps --scenario, suggest, diff and bisect do (exit 2, nothing on stdout); one file of it still works', () => {
    mkdirSync(join(dir, 'one-dir'), { recursive: true });
    write('one-dir/a.yaml', GOOD);
    expect(cli(['layout', 'one-dir'])).toEqual({
      code: 2, stdout: '', stderr: "one-dir: is a directory, not a scenario file; layout prints one scenario's layout (each variant of a matrix file): name one of its files\n",
    });
    expect(cli(['layout', 'one-dir', '--ptdump'])).toMatchObject({ code: 2, stdout: '' });
    expect(cli(['trace', 'one-dir/'])).toEqual({
      code: 2, stdout: '', stderr: "one-dir/: is a directory, not a scenario file; trace shows one scenario's replay (each variant of a matrix file): name one of its files\n",
    });
    expect(cli(['layout', 'one-dir/a.yaml'])).toMatchObject({ code: 0, stderr: '' });
    expect(cli(['trace', 'one-dir/a.yaml'])).toMatchObject({ code: 0, stderr: '' });
  }, T);

  it('steps --scenario refuses a directory, and says which variant\'s catalog a matrix over kernel: lists and how to pick another', () => {
    mkdirSync(join(dir, 'steps-dir'), { recursive: true });
    write('steps-dir/a.yaml', GOOD);
    expect(cli(['steps', '--scenario', 'steps-dir'])).toEqual({
      code: 2, stdout: '', stderr: 'steps-dir: is a directory, not a scenario file; steps --scenario lists the calls one scenario may name: name one of its files\n',
    });
    write('mk.yaml', 'name: m\nmachine: {hypervisor: none}\nmatrix:\n  kernel: [2.6.26, 2.6.36]\n  config.nr_cpus: [1, 2]\nsetup_arch: [early_cpu_init]\n');
    const r = cli(['steps', '--scenario', 'mk.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^setup_arch\(\) calls for x86_32 2\.6\.26\n/);
    expect(r.stderr).toBe("bootreplay: note: the variants of mk.yaml replay 2 catalogs; these are the calls for x86_32 2.6.26, of its first variant (kernel=2.6.26,nr_cpus=1); for another, name a variant of it: x86_32 2.6.36: 'mk.yaml[kernel=2.6.36,nr_cpus=1]'\n");
    // the variant the note names picks that catalog, and then there is nothing to note; nor with --kernel, which sets one
    const other = cli(['steps', '--scenario', 'mk.yaml[kernel=2.6.36,nr_cpus=1]']);
    expect([other.code, other.stderr, other.stdout.split('\n')[0]]).toEqual([0, '', 'setup_arch() calls for x86_32 2.6.36']);
    expect(cli(['steps', '--scenario', 'mk.yaml', '--kernel', '2.6.30']).stderr).toBe('');
    // one catalog for all variants: no note
    expect(cli(['steps', '--scenario', 'mk.yaml[kernel=2.6.26]']).stderr).toBe('');
  }, T);

  it('diff and bisect say of an empty argument what every command says', () => {
    write('in.yaml', GOOD);
    const empty = "'': an empty argument names no file (an unset or empty shell variable, or quotes around nothing?); name a scenario file or a directory\n";
    expect(cli(['diff', '', 'in.yaml'])).toMatchObject({ code: 2, stderr: empty });
    expect(cli(['bisect', 'in.yaml', ''])).toMatchObject({ code: 2, stderr: empty });
    expect(cli(['trace', ''])).toMatchObject({ code: 2, stderr: empty });
    // suggest and constraints (through loadMachines) and merge make the same check
    expect(cli(['suggest', ''])).toMatchObject({ code: 2, stdout: '', stderr: empty });
    expect(cli(['constraints', ''])).toMatchObject({ code: 2, stdout: '', stderr: empty });
    expect(cli(['merge', ''])).toMatchObject({ code: 2, stdout: '', stderr: `bootreplay merge: ${empty.replace('a scenario file or a directory', 'a shard report (run --shard i/n -f json)')}` });
  }, T);

  it('a file named directly whose name is not UTF-8 (node gets U+FFFD for its bytes) is said to be so, not just missing', () => {
    mkdirSync(join(dir, 'raw'), { recursive: true });
    writeFileSync(Buffer.from(`${join(dir, 'raw')}/bad\xff\xfe.yaml`, 'latin1'), GOOD);
    const r = spawnSync('sh', ['-c', 'for c in run suggest; do "$N" "$BIN" $c "raw/$(printf \'bad\\377\\376.yaml\')"; echo "rc $?"; done'], { cwd: dir, env: { ...process.env, N: process.execPath, BIN }, encoding: 'utf8', timeout: 30_000 });
    const said = "raw/bad\ufffd\ufffd.yaml: no such file or directory; the name has U+FFFD, the character node puts for each byte of an argument that is not UTF-8: if the file's name is not valid UTF-8, node cannot open it by any name it is given (nor could reports name it): rename it\n";
    expect(r.stdout).toBe('rc 2\nrc 2\n');
    expect(r.stderr).toBe(`${said}${said}`);
  }, T);

  it('suggest and constraints read a file named twice (another spelling, a link, or bare and as a variant) once, as run does', () => {
    write('twice.yaml', GOOD);
    symlinkSync('twice.yaml', join(dir, 'twice-link.yaml'));
    for (const cmd of ['suggest', 'constraints']) {
      const once = cli([cmd, 'twice.yaml', '--matrix', '--set', 'config.nr_cpus=1,2']);
      expect(once.code, cmd).toBe(0);
      expect(cli([cmd, 'twice.yaml', './twice.yaml', 'twice-link.yaml', 'twice.yaml[nr_cpus=1]', '--matrix', '--set', 'config.nr_cpus=1,2']), cmd).toEqual(once);
      // two variants of one file are two machines still
      expect(cli([cmd, 'twice.yaml[nr_cpus=1]', 'twice.yaml[nr_cpus=2]', '--matrix', '--set', 'config.nr_cpus=1,2']), cmd).toEqual(once);
    }
  }, T);

  it('--set messages quote each --set clipped, and a matrix limit the --set axes reach says to use fewer values', () => {
    write('in.yaml', GOOD);
    const many = Array.from({ length: 5000 }, (_, i) => i + 1).join(',');
    const r = cli(['suggest', 'in.yaml', '--set', `config.nr_cpus=${many}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(400);
    // an axis past max-items is said as --set, with its count (helper-183 12: it was the wrapper's matrix["config.nr_cpus"])
    expect(r.stderr).toBe('bootreplay: --set config.nr_cpus: 5000 values (limit 2048 items in one list, max-items; the longest list of a scenario is setup_arch); use fewer --set values\n');
    const upTo = (n: number): string => Array.from({ length: n }, (_, i) => i + 1).join(',');
    const variants = cli(['suggest', 'in.yaml', '--set', `config.nr_cpus=${upTo(100)}`, '--set', `machine.io_apics=${upTo(64)}`, '--set', 'machine.cpu.pge=true,false']);
    expect(variants.stderr).toMatch(/: matrix: 100 × 64 × 2 = 12800 combinations \(limit 512 variants, max-variants; [^)]*\); use fewer --set values\n$/);
    // the 59 calls of a real order: 400 variants replay 23,600 calls
    const real = join(ROOT, 'scenarios/x86_32/2.6.27-vmi.yaml');
    const calls = cli(['suggest', real, '--set', `config.nr_cpus=${upTo(20)}`, '--set', `machine.io_apics=${upTo(20)}`]);
    expect(calls.stderr).toMatch(/: matrix: 400 variants × \d+ calls = \d+ calls to replay \(limit 16384 calls and RAM banks replayed per file, max-replayed-calls; [^)]*\); use fewer --set values\n$/);
  }, T);
});

describe('how many machines suggest and constraints reason over (MAX_REASONING_MACHINES)', () => {
  // helper-166: a 7 KB riscv file of 889 variants passed the step budget (18-call orders) and took 48 s of CPU,
  // 1.3 GB with --matrix. The count is refused before any engine is built, so this takes no longer than loading.
  const sizes = (n: number): string => Array.from({ length: n }, (_, i) => `${64 + i}MiB`).join(', ');
  it('129 machines are refused with the count, the file and what to do, with and without --matrix; exit 2, nothing on stdout', () => {
    const f = write('many.yaml', `${GOOD}matrix:\n  machine.memory: [${sizes(MAX_REASONING_MACHINES + 1)}]\n`);
    for (const cmd of ['suggest', 'constraints']) {
      for (const extra of [[], ['--matrix']]) {
        expect(cli([cmd, f, ...extra])).toEqual({
          code: 2,
          stdout: '',
          stderr: `bootreplay: ${MAX_REASONING_MACHINES + 1} machines of many.yaml are more than the limit of ${MAX_REASONING_MACHINES} machines a reasoning command replays (each replays its order once per move of each of its calls): pick fewer machines (file.yaml[key=value])\n`,
        });
      }
    }
  }, T);

  it('--set values count as machines, and picking variants brings the count under the limit', () => {
    const f = write('few.yaml', GOOD);
    expect(cli(['constraints', f, '--set', `machine.memory=${sizes(MAX_REASONING_MACHINES + 1).replaceAll(' ', '')}`]).stderr)
      .toMatch(new RegExp(`^bootreplay: ${MAX_REASONING_MACHINES + 1} machines of few\\.yaml are more than the limit`));
    const many = write('many2.yaml', `${GOOD}matrix:\n  machine.memory: [${sizes(MAX_REASONING_MACHINES + 1)}]\n`);
    const r = cli(['constraints', `${many}[memory=64MiB]`]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('constraints of many2.yaml[memory=64MiB]');
  }, T);

  it('the limit itself is allowed: the check counts machines, not variants of one file', () => {
    const machines = (n: number) => Array.from({ length: n }, (_, i) => ({ scenario: { file: `f${i % 2}.yaml` } })) as unknown as Parameters<typeof tooManyMachines>[0];
    expect(tooManyMachines(machines(MAX_REASONING_MACHINES), [])).toBeUndefined();
    expect(tooManyMachines(machines(MAX_REASONING_MACHINES + 1), [])).toMatch(/^129 machines of 2 files \(f0\.yaml, f1\.yaml\) are more than the limit of 128 machines/);
    // the remedy is the user's: --set only when machines came from it (break-212 F2: "give --set fewer values" with no --set)
    expect(tooManyMachines(machines(MAX_REASONING_MACHINES + 1), [])).toMatch(/: pick fewer machines \(file\.yaml\[key=value\]\)$/);
    expect(tooManyMachines(machines(MAX_REASONING_MACHINES + 1), ['machine.memory=1GiB,2GiB'])).toMatch(/: give --set fewer values, or pick variants \(file\.yaml\[key=value,…\]\)$/);
  });
});

describe('max-events: a replay whose model work grows with the square of its calls', () => {
  // 2.6.26 on a Xen PAE guest with Seed 004's proposal 1: every paging_init() makes a kernel PMD copy and
  // rewrites the direct map over each page-table page made before it; 2,040 of them made 2 million events,
  // 1 GB and 10 s. 600 more after the shipped scenario's order reach the limit (about 180,000 events)
  const shipped = readFileSync(join(ROOT, 'scenarios/x86_32/2.6.26-seed004-xen-pae-unconditional.yaml'), 'utf8');
  const xen = `${shipped.slice(0, shipped.indexOf('\nexpect:') + 1)}${'  - paging_init\n'.repeat(600)}`;
  const lastShippedCall = (text: string): number => text.split('\n').lastIndexOf('  - efi_mem_type') + 1;

  it('run refuses the file at the call that made the event over the limit, and goes on with the others; exit 2', () => {
    const f = write('xen-paging-inits.yaml', xen);
    const good = write('good-too.yaml', GOOD);
    const r = cli(['run', f, good]);
    expect(r.code).toBe(2);
    const [problem, ...rest] = r.stderr.split('\n');
    expect(problem).toMatch(/^xen-paging-inits\.yaml:(\d+):5: paging_init \(step (\d+)\) made model event 131073 of the replay \(limit 131072 model events in one replay, max-events; a shipped scenario makes at most 140; 64 for each of max-calls calls\)$/);
    const line = Number(/:(\d+):5:/.exec(problem ?? '')?.[1]);
    expect(line).toBeGreaterThan(lastShippedCall(xen));
    expect(rest.join('\n')).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/^PASS good-too\.yaml/m);
    expect(r.stdout).toMatch(/2 files: 1 invalid, 0 failed, 1 passed/);
  }, T);

  it('merge joins shards of which only one replays the variant over the limit into the unsharded report: the file refused, exit 2', () => {
    // 1 GiB replays the 600 paging_init over the limit; 64 MiB runs out of lowmem for the PMD copies first
    const f = write('xen-matrix.yaml', `${xen}matrix:\n  machine.memory: [1GiB, 64MiB]\n`);
    const good = write('good-4.yaml', GOOD);
    const shards = [1, 2].map((i) => cli(['run', f, good, '--shard', `${i}/2`, '-f', 'json', '-o', `xs${i}.json`]));
    expect(shards.map((r) => r.code).filter((c) => c === 2)).toHaveLength(1);
    const whole = cli(['run', f, good, '-f', 'json', '-o', 'xs.json']);
    expect(whole.code).toBe(2);
    const r = cli(['merge', 'xs1.json', 'xs2.json', '-o', 'xm.json']);
    expect(r.code).toBe(2);
    // the unsharded run's report byte for byte (the 64 MiB variant's result dropped) and its problem on stderr
    expect(readFileSync(join(dir, 'xm.json'), 'utf8')).toBe(readFileSync(join(dir, 'xs.json'), 'utf8'));
    expect(r.stderr).toBe(whole.stderr);
    expect(r.stderr).toMatch(/^xen-matrix\.yaml:\d+:5: variant memory=1GiB: paging_init \(step \d+\) made model event 131073 of the replay \(limit .*\)\n$/);
    // the shard that met it says so in its summary: not "in every shard", and the file counted once, not as its variants
    const text = [1, 2].map((i) => cli(['run', f, good, '--shard', `${i}/2`]));
    const refusing = text.find((t) => t.code === 2);
    expect(refusing?.stdout).toMatch(/^\d of \d files? in shard [12]\/2: 1 invalid \(refused replaying this shard's variants\), /m);
    expect(text.map((t) => t.stdout).join('')).not.toMatch(/in every shard/);
  }, T);

  it('merge gives the refusals of two files in the run\'s order, as the unsharded run does (break-238 F1: swapped)', () => {
    // big0.yaml: one unit, refused by its shard; bighv.yaml: hypervisor=none replayed by one shard (600 findings),
    // xen refused by the other. With no result left, big0's refusal was placed after bighv's
    const big0 = write('big0.yaml', xen);
    const bighv = write('bighv.yaml', `${xen}matrix:\n  machine.hypervisor: [none, xen]\n`);
    for (const i of [1, 2]) cli(['run', big0, bighv, '--shard', `${i}/2`, '-f', 'json', '-o', `bs${i}.json`]);
    const whole = cli(['run', big0, bighv, '-f', 'json', '-o', 'bs.json']);
    const r = cli(['merge', 'bs2.json', 'bs1.json', '-o', 'bm.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(whole.stderr);
    expect(r.stderr).toMatch(/^big0\.yaml:.*\nbighv\.yaml:.*variant hypervisor=xen: /);
    expect(readFileSync(join(dir, 'bm.json'), 'utf8')).toBe(readFileSync(join(dir, 'bs.json'), 'utf8'));
  }, T);

  it('trace, layout and diff give the same one problem, never an internal error; exit 2', () => {
    const f = write('xen-paging-inits2.yaml', xen);
    const want = /^xen-paging-inits2\.yaml:\d+:5: paging_init \(step \d+\) made model event 131073 of the replay \(limit 131072 model events in one replay, max-events; .*\)\n$/;
    for (const args of [['trace', f], ['layout', f], ['diff', f, write('good-3.yaml', GOOD)]]) {
      const r = cli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(want);
    }
  }, T);

  it('diff -f json writes its report when a side is over the limit, as for a side that does not load: problems[] with the located problem, to stdout and -o; exit 2', () => {
    // break-232 F3: the error went past diff, which wrote no report (stdout empty, no -o file)
    const f = write('xen-diff.yaml', xen);
    const good = write('good-5.yaml', GOOD);
    const want = /^xen-diff\.yaml:(\d+):5: paging_init \(step \d+\) made model event 131073 of the replay \(limit 131072 model events in one replay, max-events; .*\)\n$/;
    const r = cli(['diff', good, f, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    const report = JSON.parse(r.stdout) as { a: unknown; verdict: unknown; problems: { file: string; line: number; column: number; message: string }[] };
    expect({ a: report.a, verdict: report.verdict }).toEqual({ a: null, verdict: null });
    expect(report.problems).toEqual([{ file: 'xen-diff.yaml', line: Number(want.exec(r.stderr)?.[1]), column: 5, message: expect.stringMatching(/^paging_init \(step \d+\) made model event 131073 /) as unknown }]);
    // the report of a side that does not load, field for field but problems[]
    const bad = JSON.parse(cli(['diff', good, write('no-call.yaml', 'setup_arch: [no_such_call]\n'), '-f', 'json']).stdout) as Record<string, unknown>;
    expect({ ...report, problems: [] }).toEqual({ ...bad, problems: [] });
    const o = cli(['diff', good, f, '-f', 'json', '-o', 'xen-diff.json']);
    expect({ code: o.code, stdout: o.stdout, stderr: o.stderr }).toEqual({ code: 2, stdout: '', stderr: r.stderr });
    expect(readFileSync(join(dir, 'xen-diff.json'), 'utf8')).toBe(r.stdout);
    // text: as for a side that does not load, the problem on stderr and no report
    const text = cli(['diff', good, f]);
    expect(text).toEqual({ code: 2, stdout: '', stderr: r.stderr });
    // both sides' problems, the loader's and the replay's, not the replay's alone
    const both = cli(['diff', 'no-call.yaml', f, '-f', 'json']);
    expect(both.code).toBe(2);
    expect((JSON.parse(both.stdout) as { problems: { file: string }[] }).problems.map((p) => p.file)).toEqual(['no-call.yaml', 'xen-diff.yaml']);
  }, T);

  it('layout and trace of a matrix show the variants under the limit and report the one over it as a rejected variant, [variant] …; exit 2', () => {
    // break-232 N1: they printed nothing; a variant the loader rejects is said `[variant] …` and the others shown
    const f = write('xen-mx.yaml', `${xen}matrix:\n  machine.hypervisor: [none, xen]\n`);
    const want = /^xen-mx\.yaml:\d+:5: \[hypervisor=xen\] paging_init \(step \d+\) made model event 131073 of the replay \(limit 131072 model events in one replay, max-events; .*\)\n$/;
    const layout = cli(['layout', f]);
    expect(layout.code).toBe(2);
    expect(layout.stderr).toMatch(want);
    expect(layout.stdout).toMatch(/^xen-mx\.yaml\[hypervisor=none\]: layout: /);
    expect(layout.stdout).not.toMatch(/hypervisor=xen/);
    const trace = cli(['trace', f]);
    expect(trace.code).toBe(2);
    expect(trace.stderr).toBe(layout.stderr);
    expect(trace.stdout).toMatch(/^xen-mx\.yaml\[hypervisor=none\]: /);
    expect(trace.stdout).not.toMatch(/hypervisor=xen/);
    // run refuses the whole file, and says so of the variant as before
    expect(cli(['run', f]).stderr).toMatch(/^xen-mx\.yaml:\d+:5: variant hypervisor=xen: paging_init \(step \d+\) made model event 131073 /);
    // the variant picked alone: the same problem, and diff says it so too, with the variant in its report
    expect(cli(['layout', `${f}[hypervisor=xen]`])).toEqual({ code: 2, stdout: '', stderr: layout.stderr });
    const d = cli(['diff', write('good-6.yaml', GOOD), `${f}[hypervisor=xen]`, '-f', 'json']);
    expect(d.stderr).toBe(layout.stderr);
    expect((JSON.parse(d.stdout) as { problems: { variant?: string }[] }).problems.map((p) => p.variant)).toEqual(['hypervisor=xen']);
  }, T);
});

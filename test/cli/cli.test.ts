/**
 * End-to-end tests of the CLI contract (DESIGN §6): they spawn the built
 * binary, `node bin/bootreplay.js`, from the project root, exactly as a user
 * or CI would, and check exit codes, stdout/stderr and the JSON report shape.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = 'bin/bootreplay.js';
const FIXTURES = 'test/cli/fixtures';
const RC1_VMI = 'scenarios/x86_32/2.6.27-rc1-vmi.yaml';
const BARE_METAL = 'scenarios/x86_32/2.6.27-rc1-bare-metal.yaml';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Each test spawns a few processes of ~0.3 s; leave room for a busy 2-core CI machine. */
const T = 60_000;
const ESC = '\u001b[';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI with cwd = the project root, so paths in reports are the
 * relative ones given here. FORCE_COLOR and NO_COLOR are removed from the
 * inherited environment unless the test sets them.
 */
function cli(args: readonly string[], setEnv: Readonly<Record<string, string>> = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, setEnv);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000,
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, memoized: most tests only read the report of `run scenarios/`,
 * which does not change between them. Tests about repeated runs use cli().
 */
const memo = new Map<string, Run>();
function cached(args: readonly string[], setEnv: Readonly<Record<string, string>> = {}): Run {
  const key = JSON.stringify([args, setEnv]);
  let r = memo.get(key);
  if (r === undefined) {
    r = cli(args, setEnv);
    memo.set(key, r);
  }
  return r;
}

/** No JavaScript stack trace in the output (a frame line looks like "    at fn (file:1:2)"). */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s*at \S/m);
  expect(text).not.toMatch(/^\w*Error: /m);
}

/** Where the `  - name` (or `  - call: name`) item of setup_arch is: 1-based line and 1-based step index. */
function stepOf(file: string, name: string): { line: number; index: number } {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  let index = 0;
  for (const [i, l] of lines.entries()) {
    if (!l.startsWith('  - ')) continue;
    index++;
    if (l === `  - ${name}` || l === `  - call: ${name}`) return { line: i + 1, index };
  }
  throw new Error(`${name} not in ${file}`);
}
const lineOfStep = (file: string, name: string): number => stepOf(file, name).line;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(() => {
  // `npm test` builds first (pretest); a bare `npx vitest run` may not have.
  if (existsSync(join(ROOT, 'dist/bootreplay.cjs'))) return;
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`build failed (npm run build):\n${r.stdout}${r.stderr}`);
}, 180_000);

describe('usage', () => {
  it('--version prints the package.json version', { timeout: T }, () => {
    for (const flag of ['--version', '-V']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
      expect(r.stderr).toBe('');
    }
  });

  it('--help shows the commands and examples on stdout', { timeout: T }, () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples');
    expect(r.stdout).toMatch(/^\s+run\b/m);
    expect(r.stdout).toContain('steps');
    expect(r.stdout).toContain('explain');
    expect(r.stderr).toBe('');
  });

  it('no arguments: help on stderr, exit 2', { timeout: T }, () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toMatch(/^\s+run\b/m);
  });

  it('an unknown command exits 2', { timeout: T }, () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('frobnicate');
    expectNoStack(r.stderr);
  });

  it('an unknown option exits 2, at the top level and on a command', { timeout: T }, () => {
    for (const args of [['--frobnicate'], ['run', '--frobnicate', RC1_VMI]]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--frobnicate');
      expectNoStack(r.stderr);
    }
  });

  it('run without a path and an unknown --format exit 2', { timeout: T }, () => {
    for (const args of [['run'], ['run', '--format', 'xml', RC1_VMI]]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toBe('');
    }
  });
});

describe('run (text)', () => {
  it('run scenarios/ reports the 2.6.27-rc1 VMI regression and exits 1', { timeout: T }, () => {
    const r = cached(['run', 'scenarios/']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // file:line:col: severity rule-id: message (step N name), at the call in the file
    const imm = lineOfStep(RC1_VMI, 'init_memory_mapping');
    const dmi = lineOfStep(RC1_VMI, 'dmi_scan_machine');
    const lines = r.stdout.split('\n');
    const immLine = lines.find((l) => l.startsWith(`${RC1_VMI}:${imm}:5: error fixmap-before-relocation: `));
    const dmiLine = lines.find((l) => l.startsWith(`${RC1_VMI}:${dmi}:5: error fixmap-before-relocation: `));
    expect(immLine).toMatch(/\(step \d+ init_memory_mapping\)$/);
    expect(dmiLine).toMatch(/\(step \d+ dmi_scan_machine\)$/);
    // the related step is the relocation by vmi_init
    expect(immLine).toContain('vmi_init');
    expect(dmiLine).toContain('vmi_init');

    expect(r.stdout).toMatch(new RegExp(`^PASS ${escapeRe(BARE_METAL)}\\b`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^FAIL ${escapeRe(RC1_VMI)}\\b`, 'm'));

    // the summary agrees with the PASS/FAIL lines
    const pass = lines.filter((l) => l.startsWith('PASS ')).length;
    const fail = lines.filter((l) => l.startsWith('FAIL ')).length;
    const summary = /^(\d+) scenarios?: (\d+) failed, (\d+) passed; (\d+) errors?, (\d+) warnings?/m.exec(r.stdout);
    expect(summary).not.toBeNull();
    expect(summary?.slice(1, 4).map(Number)).toEqual([pass + fail, fail, pass]);
    const errors = lines.filter((l) => /^\S+:\d+:\d+: error /.test(l)).length;
    const warnings = lines.filter((l) => /^\S+:\d+:\d+: warning /.test(l)).length;
    expect(summary?.slice(4, 6).map(Number)).toEqual([errors, warnings]);
    const shipped = readdirSync(join(ROOT, 'scenarios'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(pass + fail).toBe(shipped.length);
  });

  it('-v names the related vmi_init step under each finding', { timeout: T }, () => {
    const r = cli(['run', '-v', RC1_VMI]);
    expect(r.code).toBe(1);
    const vmi = lineOfStep(RC1_VMI, 'vmi_init');
    expect(r.stdout).toMatch(new RegExp(`^ {4}related: step \\d+ vmi_init at ${escapeRe(RC1_VMI)}:${vmi}:5`, 'm'));
    expect(r.stdout).toMatch(/^ {4}kernel: .*BUG/m);
    expect(r.stdout).toMatch(/^ {4}fix: /m);
  });

  it('--layout prints the final address space of each scenario, top down', { timeout: T }, () => {
    const r = cli(['run', '--layout', RC1_VMI]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${RC1_VMI}: layout: FIXADDR_TOP 0xfbfff000, max_low_pfn 131072, __VMALLOC_RESERVE 192 MiB, relocated by vmi_init (step `);
    const rows = r.stdout.split('\n').filter((l) => /^ {4}0x[0-9a-f]+-0x[0-9a-f]+ /.test(l)).map((l) => l.trim().split(/\s+/).pop());
    expect(rows).toEqual(['hypervisor', 'fixmap', 'pkmap', 'vmalloc', 'lowmem']);
    expect(r.stdout).toMatch(/^ {4}0xc0000000-0xe0000000 +512 MiB {2}lowmem$/m);
  });

  it('--layout in colour: each map row is one region, styled, nothing appended', { timeout: T }, () => {
    const r = cli(['run', '--layout', RC1_VMI], { FORCE_COLOR: '1' });
    const rows = r.stdout.split('\n').filter((l) => l.includes('0xc0000000-0xe0000000'));
    expect(rows).toEqual(['\u001b[2m    0xc0000000-0xe0000000      512 MiB  lowmem\u001b[22m']);
  });

  it('a passing scenario (bare metal) exits 0', { timeout: T }, () => {
    const r = cli(['run', BARE_METAL]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^PASS /m);
    expect(r.stdout).not.toMatch(/: error /);
    expect(r.stdout).toMatch(/^1 scenario: 0 failed, 1 passed; 0 errors, /m);
  });

  it('paths appear as given, never made absolute', { timeout: T }, () => {
    for (const arg of [`./${RC1_VMI}`, 'scenarios/x86_32/', 'scenarios/x86_32']) {
      const r = cached(['run', arg]);
      expect(r.code, arg).toBe(1);
      expect(r.stdout).not.toContain(ROOT);
      expect(r.stdout).not.toContain('//');
      expect(r.stdout).toMatch(new RegExp(`^\\S+ ${escapeRe(arg.endsWith('.yaml') ? arg : `${arg.replace(/\/$/, '')}/`)}`, 'm'));
    }
    const dotted = cached(['run', `./${RC1_VMI}`]);
    expect(dotted.stdout).toMatch(new RegExp(`^\\./${escapeRe(RC1_VMI)}:\\d+:\\d+: error `, 'm'));
  });
});

// ---------------------------------------------------------------------------
// JSON report (DESIGN §6, format version 1)

interface JsonRelated { step: string; index: number }
interface JsonFinding {
  rule: string; severity: string; step: string; index: number; line: number; column: number; message: string;
  related: JsonRelated[];
}
interface JsonRegion { name: string; start: string; end: string }
interface JsonResult {
  file: string; name: string; status: string; findings: JsonFinding[];
  layout: { FIXADDR_TOP: string; max_low_pfn: number; regions: JsonRegion[] };
}
interface JsonReport { version: number; results: JsonResult[] }

const HEX = /^0x[0-9a-f]+$/;
const REGION_NAMES = ['lowmem', 'vmalloc', 'pkmap', 'fixmap', 'hypervisor'];

describe('run --format json', () => {
  it('writes a version 1 report of the documented shape', { timeout: T }, () => {
    const r = cached(['run', '--format', 'json', 'scenarios/']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.version).toBe(1);
    expect(Array.isArray(report.results)).toBe(true);
    expect(report.results.length).toBeGreaterThanOrEqual(6);

    for (const res of report.results) {
      expect(res.file).toMatch(/^scenarios\/.+\.ya?ml$/);
      expect(typeof res.name).toBe('string');
      expect(['pass', 'fail']).toContain(res.status);
      expect(res.status === 'fail').toBe(res.findings.some((f) => f.severity === 'error'));
      for (const f of res.findings) {
        expect(typeof f.rule).toBe('string');
        expect(['error', 'warning']).toContain(f.severity);
        expect(typeof f.step).toBe('string');
        expect(Number.isInteger(f.index) && f.index >= 0).toBe(true);
        expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
        expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
        expect(typeof f.message).toBe('string');
        expect(Array.isArray(f.related)).toBe(true);
        for (const rel of f.related) {
          expect(typeof rel.step).toBe('string');
          expect(Number.isInteger(rel.index) && rel.index >= 0).toBe(true);
        }
      }
      expect(res.layout.FIXADDR_TOP).toMatch(HEX);
      expect(typeof res.layout.max_low_pfn).toBe('number');
      expect(res.layout.regions.length).toBeGreaterThan(0);
      for (const g of res.layout.regions) {
        expect(REGION_NAMES).toContain(g.name);
        expect(g.start).toMatch(HEX);
        expect(g.end).toMatch(HEX);
      }
    }

    const rc1 = report.results.find((x) => x.file === RC1_VMI);
    expect(rc1?.status).toBe('fail');
    expect(rc1?.layout.FIXADDR_TOP).toBe('0xfbfff000');
    expect(rc1?.layout.max_low_pfn).toBe(131072);
    const vmiIndex = stepOf(RC1_VMI, 'vmi_init').index;
    for (const step of ['init_memory_mapping', 'dmi_scan_machine']) {
      const f = rc1?.findings.find((x) => x.step === step && x.rule === 'fixmap-before-relocation');
      expect(f, step).toBeDefined();
      expect(f?.severity).toBe('error');
      expect(f?.line).toBe(lineOfStep(RC1_VMI, step));
      expect(f?.column).toBe(5);
      expect(f?.index).toBe(stepOf(RC1_VMI, step).index);
      expect(f?.related).toContainEqual(expect.objectContaining({ step: 'vmi_init', index: vmiIndex }));
    }

    const bare = report.results.find((x) => x.file === BARE_METAL);
    expect(bare?.status).toBe('pass');
    expect(bare?.layout.FIXADDR_TOP).toBe('0xfffff000');
    expect(bare?.layout.regions.map((g) => g.name)).toEqual(expect.arrayContaining(['lowmem', 'vmalloc', 'fixmap']));
  });

  it('a passing scenario exits 0 in JSON too', { timeout: T }, () => {
    const r = cli(['run', '--format', 'json', BARE_METAL]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.results.map((x) => x.status)).toEqual(['pass']);
  });
});

describe('determinism and --output', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('two runs give byte-identical output (text and json)', { timeout: T }, () => {
    for (const args of [['run', 'scenarios/'], ['run', '-v', 'scenarios/'], ['run', '--format', 'json', 'scenarios/']]) {
      // both fresh and back to back (not memoized), so they see the same build
      const a = cli(args);
      const b = cli(args);
      expect(a.code).toBe(1);
      expect(b.code).toBe(a.code);
      expect(b.stdout).toBe(a.stdout);
      expect(b.stderr).toBe(a.stderr);
      expect(a.stdout).not.toContain(ROOT);
      expect(a.stdout).not.toContain(tmpdir());
    }
  });

  it('--output writes the same bytes as stdout and leaves no temporary file', { timeout: T }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-cli-'));
    dirs.push(dir);
    for (const [format, name] of [['text', 'report.txt'], ['json', 'report.json']] as const) {
      const out = join(dir, name);
      const viaStdout = cli(['run', '--format', format, 'scenarios/']);
      // with FORCE_COLOR the terminal would get colour; a file never does
      const viaFile = cli(['run', '--format', format, '--output', out, 'scenarios/'], { FORCE_COLOR: '1' });
      expect(viaFile.code).toBe(viaStdout.code);
      expect(viaFile.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(viaStdout.stdout);
      // overwriting an existing report works the same way
      const again = cli(['run', '--format', format, '--output', out, 'scenarios/']);
      expect(again.code).toBe(viaStdout.code);
      expect(readFileSync(out, 'utf8')).toBe(viaStdout.stdout);
    }
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'report.txt']);
  });

  it('--output that cannot be written exits 2 and leaves nothing behind', { timeout: T }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootreplay-cli-'));
    dirs.push(dir);
    for (const out of [join(dir, 'missing-dir', 'report.txt'), dir]) {
      const r = cli(['run', '--output', out, RC1_VMI]);
      expect(r.code, out).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toBe('');
      expectNoStack(r.stderr);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`.${dir.split('/').pop() ?? ''}.`))).toEqual([]);
  });
});

describe('invalid input', () => {
  const cases: readonly { file: string; where: RegExp; says: RegExp }[] = [
    { file: `${FIXTURES}/bad-yaml.yaml`, where: /^test\/cli\/fixtures\/bad-yaml\.yaml:[5-6]:\d+: /m, says: /YAML/ },
    { file: `${FIXTURES}/unknown-key.yaml`, where: /^test\/cli\/fixtures\/unknown-key\.yaml:5:3: /m, says: /hypervsor.*did you mean hypervisor/ },
    { file: `${FIXTURES}/unknown-call.yaml`, where: /^test\/cli\/fixtures\/unknown-call\.yaml:7:5: /m, says: /vmi_inti.*did you mean vmi_init/ },
  ];

  for (const c of cases) {
    it(`${c.file}: exit 2 with file:line:col, no stack trace`, { timeout: T }, () => {
      for (const format of ['text', 'json']) {
        const r = cli(['run', '--format', format, c.file]);
        expect(r.code, format).toBe(2);
        expect(r.stderr).toMatch(c.where);
        expect(r.stderr).toMatch(c.says);
        expectNoStack(r.stderr);
        expectNoStack(r.stdout);
        if (format === 'text') expect(r.stdout).toBe('');
      }
    });
  }

  it('a bad file among good ones still exits 2, and every problem is reported', { timeout: T }, () => {
    const r = cli(['run', BARE_METAL, `${FIXTURES}/unknown-key.yaml`, `${FIXTURES}/unknown-call.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-key\.yaml:5:3: /);
    expect(r.stderr).toMatch(/unknown-call\.yaml:7:5: /);
    expectNoStack(r.stderr);
  });

  it('a missing file exits 2 with its name', { timeout: T }, () => {
    const r = cli(['run', 'scenarios/x86_32/no-such-scenario.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenarios/x86_32/no-such-scenario.yaml');
    expect(r.stderr).toMatch(/no such file/i);
    expectNoStack(r.stderr);
  });
});

describe('steps', () => {
  it('lists the catalog, including vmi_init', { timeout: T }, () => {
    const r = cli(['steps']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vmi_init\s/m);
    expect(r.stdout).toMatch(/^init_memory_mapping\s/m);
    expect(r.stdout).toMatch(/^early_ioremap_init\s/m);
  });

  it('--kernel 2.6.26 has setup_memory and no init_memory_mapping', { timeout: T }, () => {
    const r = cli(['steps', '--kernel', '2.6.26']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^setup_memory\s/m);
    expect(r.stdout).not.toMatch(/^init_memory_mapping\s/m);
    expect(r.stdout).toMatch(/^vmi_init\s/m);
  });

  it('--kernel 2.6.27-rc1 has init_memory_mapping and no setup_memory', { timeout: T }, () => {
    const r = cli(['steps', '--kernel', '2.6.27-rc1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^init_memory_mapping\s/m);
    expect(r.stdout).not.toMatch(/^setup_memory\s/m);
  });

  it('an unmodeled --kernel exits 2 with a message', { timeout: T }, () => {
    const r = cli(['steps', '--kernel', '2.6.99']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('2.6.99');
    expect(r.stderr).toMatch(/modeled/);
    expectNoStack(r.stderr);
  });
});

describe('trace', () => {
  it('shows the replay step by step, with the relocation that BUGs', { timeout: T }, () => {
    const r = cli(['trace', RC1_VMI]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +\d+ dmi_scan_machine +early_ioremap FIX_BTMAP_BEGIN \(idx 511\) at 0xffe00000 via page tables, counted/m);
    expect(r.stdout).toMatch(/^ +\d+ vmi_init +reserve_top_address\(64 MiB\) by vmi: FIXADDR_TOP 0xfffff000 → 0xfbfff000, .*fixmaps_set 1 \(BUG_ON\)$/m);
    expect(r.stdout).not.toMatch(/needs \w+: ok/);
    expect(cli(['trace', '--all', RC1_VMI]).stdout).toMatch(/needs max_low_pfn: ok/);
  });

  it('bad input exits 2 with a located message', { timeout: T }, () => {
    const r = cli(['trace', `${FIXTURES}/unknown-call.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/cli\/fixtures\/unknown-call\.yaml:\d+:\d+: /m);
  });
});

describe('explain', () => {
  it('explains fixmap-before-relocation', { timeout: T }, () => {
    const r = cli(['explain', 'fixmap-before-relocation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fixmap-before-relocation');
    expect(r.stdout).toContain('BUG_ON');
  });

  it('suggests the rule for a typo and exits 2', { timeout: T }, () => {
    const r = cli(['explain', 'fixmap-before-relocatoin']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/did you mean fixmap-before-relocation/);
    expectNoStack(r.stderr);
  });

  it('without a rule lists every rule', { timeout: T }, () => {
    const r = cli(['explain']);
    expect(r.code).toBe(0);
    for (const id of ['fixmap-before-relocation', 'stale-early-ioremap', 'missing-prerequisite']) expect(r.stdout).toContain(id);
  });
});

describe('colour', () => {
  it('FORCE_COLOR=1 colours the text report', { timeout: T }, () => {
    const r = cached(['run', 'scenarios/'], { FORCE_COLOR: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(ESC);
  });

  it('NO_COLOR=1 and a pipe give plain text', { timeout: T }, () => {
    const noColor = cli(['run', 'scenarios/'], { NO_COLOR: '1' });
    const piped = cached(['run', 'scenarios/']);
    expect(noColor.code).toBe(1);
    expect(noColor.stdout).not.toContain('\u001b');
    expect(piped.stdout).not.toContain('\u001b');
    expect(noColor.stdout).toBe(piped.stdout);
  });

  it('JSON never carries colour, even with FORCE_COLOR=1', { timeout: T }, () => {
    const r = cached(['run', '--format', 'json', 'scenarios/'], { FORCE_COLOR: '1' });
    expect(r.stdout).not.toContain('\u001b');
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });

  it('FORCE_COLOR=1 does not leak escapes into the stripped text', { timeout: T }, () => {
    const coloured = cached(['run', 'scenarios/'], { FORCE_COLOR: '1' });
    const plain = cached(['run', 'scenarios/']);
    // removing the SGR sequences gives back the plain report
    expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });
});

/**
 * How `run` names its inputs, through the built CLI in a scratch directory:
 * one file under two spellings or through a link, SARIF paths in a
 * symbolically linked working directory, a baseline not written or naming
 * none of the files, shards listing the files in another order.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchRepo } from './scratch-repo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const T = 60_000;
const RC1 = '2.6.27-rc1-vmi.yaml';
const SHIPPED = [RC1, '2.6.26-vmi.yaml', '2.6.28-vmi.yaml'];

interface Run { code: number | null; stdout: string; stderr: string }

/** The CLI in `cwd`, with $PWD as a shell sets it there (`pwd`: the logical path). */
function cli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Run {
  const e: NodeJS.ProcessEnv = { ...process.env, PWD: cwd, ...env };
  delete e.FORCE_COLOR;
  delete e.GITHUB_STEP_SUMMARY;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/bootreplay.js'), ...args], { cwd, env: e, encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/bootreplay.cjs'))) {
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'bootreplay-inputs-'));
  mkdirSync(join(dir, 'tree'));
  for (const f of SHIPPED) copyFileSync(join(ROOT, 'scenarios/x86_32', f), join(dir, 'tree', f));
  symlinkSync(join(dir, 'tree'), join(dir, 'treelink'));
}, 180_000);

afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** The `file` of each result of a JSON report. */
function filesOf(json: string): string[] {
  return (JSON.parse(json) as { results: { file: string }[] }).results.map((r) => r.file);
}

describe('one file is one result, however it is named', () => {
  it('./tree/x.yaml after tree/, and tree/ with a link to it, count each file once', { timeout: T }, () => {
    const all = SHIPPED.map((f) => `tree/${f}`).sort();
    expect(filesOf(cli(['run', 'tree/', `./tree/${RC1}`, '-f', 'json'], dir).stdout)).toEqual(all);
    expect(filesOf(cli(['run', 'tree/', 'treelink/', '-f', 'json'], dir).stdout)).toEqual(all);
    expect(cli(['run', 'tree/', `./tree/${RC1}`], dir).stdout).toMatch(/\n3 scenarios: /);
  });

  it('a selector on another name of a file picks from it, under its first name', { timeout: T }, () => {
    // a copy in the working directory: a link in it to the shipped files, outside it, would not be read
    const variants = join(dir, 'variants');
    if (!existsSync(join(dir, 'va'))) {
      cpSync(join(ROOT, 'scenarios/x86_32/variants'), variants, { recursive: true });
      symlinkSync(variants, join(dir, 'va'));
      symlinkSync(variants, join(dir, 'vb'));
    }
    const r = cli(['run', 'va/rc3-fix-matrix.yaml[hypervisor=vmi]', 'vb/rc3-fix-matrix.yaml[hypervisor=xen]', '-f', 'json'], dir);
    expect(r.stderr).toBe('');
    const results = (JSON.parse(r.stdout) as { results: { file: string; variant: string }[] }).results;
    expect(new Set(results.map((x) => x.file))).toEqual(new Set(['va/rc3-fix-matrix.yaml']));
    expect(results.map((x) => /hypervisor=(\w+)/.exec(x.variant)?.[1])).toEqual(['vmi', 'vmi', 'vmi', 'vmi', 'xen', 'xen']);
  });

  it('--update-baseline writes each file once, under its normal name', { timeout: T }, () => {
    const r = cli(['run', 'tree/', `./tree/${RC1}`, 'treelink/', '--update-baseline', 'bl.json'], dir);
    expect(r.stderr).toBe('bootreplay: baseline bl.json written: 4 findings of 3 files accepted\n');
    expect(filesOf(readFileSync(join(dir, 'bl.json'), 'utf8'))).toEqual(SHIPPED.map((f) => `tree/${f}`).sort());
  });
});

describe('SARIF paths in a working directory reached through a link', () => {
  /** The artifact URIs of a SARIF report. */
  function uris(r: Run): string[] {
    const sarif = JSON.parse(r.stdout) as { runs: { artifacts?: { location: { uri: string } }[]; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    return [...new Set(sarif.runs.flatMap((run) => run.results.flatMap((x) => x.locations.map((l) => l.physicalLocation.artifactLocation.uri))))];
  }
  const linked = (): string => {
    const link = `${dir}-link`;
    if (!existsSync(link)) symlinkSync(dir, link);
    return link;
  };
  afterAll(() => { rmSync(`${dir}-link`, { force: true }); });

  it('an absolute path under $PWD, and --sarif-root "$PWD", give paths relative to the directory as the shell names it', { timeout: T }, () => {
    const link = linked();
    expect(uris(cli(['run', join(link, 'tree', RC1), '-f', 'sarif'], link))).toEqual([`tree/${RC1}`]);
    expect(uris(cli(['run', `tree/${RC1}`, '-f', 'sarif', '--sarif-root', link], link))).toEqual([`tree/${RC1}`]);
    // the physical path of the root names the same directory
    expect(uris(cli(['run', `tree/${RC1}`, '-f', 'sarif', '--sarif-root', dir], link))).toEqual([`tree/${RC1}`]);
  });

  it('a file outside the SARIF root is an error before replay, not a ../ path', { timeout: T }, () => {
    const other = mkdtempSync(join(tmpdir(), 'bootreplay-elsewhere-'));
    try {
      const r = cli(['run', 'tree/', '-f', 'sarif', '--sarif-root', other], linked());
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(`bootreplay: tree/2.6.26-vmi.yaml and 2 other files lie outside --sarif-root ${other}: SARIF names a file by its path relative to that root, `
        + "and code scanning would place its results at no file of the repository; give --sarif-root a directory that holds every scenario file (the repository's top)\n");
      expect(cli(['run', join(dir, 'tree', RC1), '-f', 'sarif'], other).stderr).toMatch(/^bootreplay: .*2\.6\.27-rc1-vmi\.yaml lies outside the working directory, which SARIF paths are relative to: /);
      // a base outside the root is named with the scenario that extends it (the file the user gave)
      mkdirSync(join(other, 'sub'));
      writeFileSync(join(other, 'base.yaml'), readFileSync(join(dir, 'tree', RC1)));
      writeFileSync(join(other, 'sub', 'a.yaml'), 'extends: ../base.yaml\nname: derived\n');
      const base = cli(['run', 'sub/a.yaml', '-f', 'sarif', '--sarif-root', 'sub'], other);
      expect([base.code, base.stdout]).toEqual([2, '']);
      expect(base.stderr).toMatch(/^bootreplay: base\.yaml \(which sub\/a\.yaml extends\) lies outside --sarif-root sub: /);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('REV:path with an absolute path in a working directory reached through a link', () => {
  it('is the file in the repository (git names its top physically)', { timeout: T }, () => {
    const repo = mkdtempSync(join(tmpdir(), 'bootreplay-repo-'));
    const link = `${repo}-link`;
    try {
      scratchRepo(repo, 'extends: base.yaml\n');
      symlinkSync(repo, link);
      const r = cli(['diff', `HEAD:${link}/v/s.yaml`, 'v/s.yaml'], link);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      rmSync(link, { force: true });
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('--update-baseline and input problems', () => {
  it('says the baseline is not written, and leaves the old one', { timeout: T }, () => {
    writeFileSync(join(dir, 'old.json'), 'old');
    writeFileSync(join(dir, 'bad.yaml'), 'setup_arch: [vmi_int]\n');
    try {
      const r = cli(['run', 'tree/', 'bad.yaml', '--update-baseline', 'old.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').slice(-2)).toEqual(['bootreplay: baseline not written: 1 input problem (above), and a baseline written without the files they concern would drop their accepted findings; old.json is not touched', '']);
      expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('old');
    } finally {
      rmSync(join(dir, 'bad.yaml'));
      rmSync(join(dir, 'old.json'));
    }
  });
});

describe('a baseline that no longer fits', () => {
  it('counts its findings that are gone, in the text summary and the JSON summary, and says how to prune them', { timeout: T }, () => {
    const d = mkdtempSync(join(tmpdir(), 'bootreplay-gone-'));
    try {
      copyFileSync(join(ROOT, 'scenarios/x86_32', RC1), join(d, 'a.yaml'));
      expect(cli(['run', 'a.yaml', '--no-allow', '--update-baseline', 'bl.json'], d).stderr).toBe('bootreplay: baseline bl.json written: 2 findings of 1 file accepted\n');
      // the file now holds the 2.6.26 order: the rc1 findings are gone, the 2.6.26 warning is new
      copyFileSync(join(ROOT, 'scenarios/x86_32/2.6.26-vmi.yaml'), join(d, 'a.yaml'));
      const text = cli(['run', 'a.yaml', '--baseline', 'bl.json'], d);
      expect(text.stdout).toMatch(/\n1 scenario: 0 failed, 1 passed; 0 errors, 1 warning; 2 baselined findings no longer found \(prune with --update-baseline\)/);
      expect(text.stderr).toBe('');
      const json = JSON.parse(cli(['run', 'a.yaml', '--baseline', 'bl.json', '-f', 'json'], d).stdout) as { summary: Record<string, number> };
      expect(json.summary['absent']).toBe(2);
      // without --baseline the summary has no such count
      expect(JSON.parse(cli(['run', 'a.yaml', '-f', 'json'], d).stdout)).not.toHaveProperty('summary.absent');
      // the github log line and the HTML head say what the text line says
      expect(cli(['run', 'a.yaml', '--baseline', 'bl.json', '-f', 'github'], d).stdout).toContain('\nbootreplay: 1 scenario: 0 failed, 1 passed; 0 errors, 1 warning; 2 baselined findings no longer found (prune with --update-baseline)\n');
      expect(cli(['run', 'a.yaml', '--baseline', 'bl.json', '-f', 'html'], d).stdout).toContain('2 baselined findings no longer found (prune with --update-baseline)');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('says once on stderr when it names none of the files replayed', { timeout: T }, () => {
    mkdirSync(join(dir, 'other'), { recursive: true });
    copyFileSync(join(ROOT, 'scenarios/x86_32', RC1), join(dir, 'other', 'x.yaml'));
    try {
      expect(cli(['run', 'other/', '--no-allow', '--update-baseline', 'other.json'], dir).stderr).toBe('bootreplay: baseline other.json written: 2 findings of 1 file accepted\n');
      const t = cli(['run', 'tree/', '--baseline', 'other.json'], dir);
      expect(t.stderr).toBe('bootreplay: note: the baseline other.json names none of the 3 files replayed (it lists 1 other file, such as other/x.yaml), '
        + 'so every finding counts as new; was it written for other files, or from a directory its paths do not match from here?\n');
      // one file it names is enough: no note
      expect(cli(['run', 'tree/', 'other/', '--baseline', 'other.json'], dir).stderr).toBe('');
    } finally {
      rmSync(join(dir, 'other'), { recursive: true, force: true });
      rmSync(join(dir, 'other.json'), { force: true });
    }
  });
});

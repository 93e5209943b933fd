/**
 * expandInputs and loadScenarioFile against a scratch directory tree. Paths
 * are given relative to the working directory, as a user would type them,
 * and must come back exactly so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENDS_ANYWHERE, expandInputs, loadScenarioFile } from '../../src/scenario/files.js';
import { DEFAULT_LIMITS, limitMessage } from '../../src/scenario/limits.js';

const SCENARIO = 'setup_arch: [early_cpu_init]\n';
const WHY = 'not followed (nor is what it leads to looked at), so that a scenario tree cannot show parts of other files on the machine, nor be walked twice; name its target on the command line to read it';
/**
 * What the walk of `dir` says of a link in it that leads outside it (and outside the current directory), whatever
 * lies there: a directory, a file or nothing (break-255 F2: the three were three messages, an existence oracle).
 */
const outside = (dir: string): string => `a symbolic link that leads outside ${dir} (the directory walked) and outside the current directory, or to a directory that holds ${dir}; ${WHY}`;
const DANGLING = 'a symbolic link whose target does not exist; not read';
let abs = '';
/** the scratch tree, as a relative path with `/` separators */
let root = '';

beforeAll(() => {
  abs = mkdtempSync(join(tmpdir(), 'bootreplay-files-'));
  root = relative(process.cwd(), abs).replaceAll('\\', '/');
  const write = (rel: string, content: string | Uint8Array): void => {
    mkdirSync(join(abs, rel, '..'), { recursive: true });
    writeFileSync(join(abs, rel), content);
  };
  write('tree/b.yaml', SCENARIO);
  write('tree/a.yml', SCENARIO);
  write('tree/A.yaml', SCENARIO);
  write('tree/a-b.yaml', SCENARIO);
  write('tree/notes.txt', 'not a scenario');
  write('tree/a/x.yaml', SCENARIO);
  write('tree/sub/deeper/d.yaml', SCENARIO);
  write('tree/docs/readme.md', '# no scenarios here');
  write('plain.txt', SCENARIO);
  write('binary.yaml', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x01, 0x01, 0x01, 0x00, 0x00]));
  write('latin1.yaml', Uint8Array.from([...Buffer.from('name: caf'), 0xe9, 0x0a, ...Buffer.from(SCENARIO)]));
  write('utf16.yaml', Buffer.from(`\ufeff${SCENARIO}`, 'utf16le'));
  write('utf16-no-bom.yaml', Buffer.from(SCENARIO, 'utf16le'));
  // the smallest of each: the mark and one character (break-270 N2)
  write('utf16be.yaml', Uint8Array.from([0xfe, 0xff, 0, 0x6e]));
  write('utf32le.yaml', Uint8Array.from([0xff, 0xfe, 0, 0, 0x6e, 0, 0, 0]));
  write('utf32be.yaml', Uint8Array.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x6e]));
  write('bom.yaml', `\ufeff${SCENARIO}`);
  mkdirSync(join(abs, 'nothing'));
  mkdirSync(join(abs, 'dangling'));
  write('elsewhere/o.yaml', SCENARIO);
  // a link to a file in the tree is followed; one out of the tree, or back up it, is not (it would loop, or read other files)
  symlinkSync(join(abs, 'elsewhere'), join(abs, 'tree', 'linked'));
  symlinkSync(join(abs, 'tree', 'b.yaml'), join(abs, 'tree', 'sub', 'c.yaml'));
  symlinkSync(join(abs, 'tree'), join(abs, 'tree', 'sub', 'loop'));
  // a dangling link in the tree matters only when it looks like a scenario
  symlinkSync('nowhere.txt', join(abs, 'tree', 'docs', 'gone.txt'));
  symlinkSync('nowhere.yaml', join(abs, 'dangling', 'gone.yaml'));
});

afterAll(() => {
  rmSync(abs, { recursive: true, force: true });
});

describe('expandInputs', () => {
  it('finds *.yaml and *.yml recursively, sorted in byte order, paths relative as given', async () => {
    const { files, problems, aliases } = await expandInputs([`${root}/tree`]);
    expect(problems).toEqual([{ file: `${root}/tree/linked`, message: outside(`${root}/tree/`) }]);
    // sub/c.yaml links to b.yaml: the same file, read once under the name met first
    expect(files).toEqual(['A.yaml', 'a-b.yaml', 'a.yml', 'a/x.yaml', 'b.yaml', 'sub/deeper/d.yaml'].map((f) => `${root}/tree/${f}`));
    expect(aliases).toEqual(new Map([[`${root}/tree/sub/c.yaml`, `${root}/tree/b.yaml`]]));
  });

  it('does not double a trailing slash, and does not follow a link back up the tree (nor one to a file up it)', async () => {
    const { files, problems } = await expandInputs([`${root}/tree/sub/`]);
    expect(files).toEqual([`${root}/tree/sub/deeper/d.yaml`]);
    expect(problems).toEqual([
      { file: `${root}/tree/sub/c.yaml`, message: outside(`${root}/tree/sub/`) },
      { file: `${root}/tree/sub/loop`, message: outside(`${root}/tree/sub/`) },
    ]);
  });

  it('takes a named file whatever its extension, keeps argument order, and drops repeats', async () => {
    const { files } = await expandInputs([`${root}/plain.txt`, `${root}/tree/b.yaml`, `${root}/tree`]);
    expect(files.slice(0, 3)).toEqual([`${root}/plain.txt`, `${root}/tree/b.yaml`, `${root}/tree/A.yaml`]);
    expect(files.filter((f) => f === `${root}/tree/b.yaml`)).toHaveLength(1);
  });

  it('reports a missing path and a directory without scenarios, and goes on', async () => {
    const { files, problems } = await expandInputs([`${root}/missing.yaml`, `${root}/nothing`, `${root}/tree/docs`, `${root}/tree/b.yaml`]);
    expect(files).toEqual([`${root}/tree/b.yaml`]);
    expect(problems).toEqual([
      { file: `${root}/missing.yaml`, message: 'no such file or directory' },
      { file: `${root}/nothing`, message: 'no scenario files (*.yaml, *.yml) in this directory' },
      { file: `${root}/tree/docs`, message: 'no scenario files (*.yaml, *.yml) in this directory' },
    ]);
  });

  it('reports a dangling link named like a scenario as a link, walked or named', async () => {
    expect(await expandInputs([`${root}/dangling`, `${root}/dangling/gone.yaml`])).toEqual({
      files: [],
      problems: [
        { file: `${root}/dangling/gone.yaml`, message: DANGLING },
        { file: `${root}/dangling`, message: 'no scenario files (*.yaml, *.yml) in this directory' },
        { file: `${root}/dangling/gone.yaml`, message: DANGLING },
      ],
      directories: [`${root}/dangling`],
    });
  });

  it('passes over hidden entries and node_modules while walking, without a word, but reads them when named', async () => {
    const dir = mkdtempSync(join(abs, 'hidden-'));
    const rel = relative(process.cwd(), dir).replaceAll('\\', '/');
    for (const f of ['a.yml', '.gitlab-ci.yml', '.github/workflows/ci.yml', 'node_modules/pkg/x.yaml', 'sub/.hidden.yaml', 'sub/node_modules/y.yaml']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), SCENARIO);
    }
    // a hidden dangling link is not named either: the walk never looks at it
    symlinkSync('nowhere.yaml', join(dir, '.broken.yaml'));
    expect(await expandInputs([rel])).toEqual({ files: [`${rel}/a.yml`], problems: [], directories: [rel] });
    // the user named them: a hidden directory is walked (its own hidden entries still left out), a hidden file read
    expect(await expandInputs([`${rel}/.github/`, `${rel}/.gitlab-ci.yml`, `${rel}/node_modules`])).toEqual({
      files: [`${rel}/.github/workflows/ci.yml`, `${rel}/.gitlab-ci.yml`, `${rel}/node_modules/pkg/x.yaml`],
      problems: [], directories: [`${rel}/.github`, `${rel}/node_modules`],
    });
  });
});

describe('symbolic links found by walking a directory', () => {
  /**
   * A scenario tree as a pull request could make it: `secret/` stands for
   * any file of the runner (its values would be quoted in the messages),
   * `repo/scenarios/` is the directory walked.
   */
  function linkTree(): { dir: string; rel: string } {
    const dir = mkdtempSync(join(abs, 'links-'));
    mkdirSync(join(dir, 'secret'));
    writeFileSync(join(dir, 'secret', 'db.yaml'), 'kernel: "hunter2-password"\nsetup_arch: [x]\n');
    mkdirSync(join(dir, 'repo', 'scenarios', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'repo', 'scenarios', 'a.yaml'), SCENARIO);
    writeFileSync(join(dir, 'repo', 'scenarios', 'sub', 's.yaml'), SCENARIO);
    return { dir, rel: relative(process.cwd(), dir).replaceAll('\\', '/') };
  }

  it('does not follow a link to a directory outside the tree: it is named, nothing from it is read', async () => {
    const { dir, rel } = linkTree();
    symlinkSync(join(dir, 'secret'), join(dir, 'repo', 'scenarios', 'evil'));
    const { files, problems } = await expandInputs([`${rel}/repo/scenarios/`]);
    expect(files).toEqual([`${rel}/repo/scenarios/a.yaml`, `${rel}/repo/scenarios/sub/s.yaml`]);
    expect(problems).toEqual([{ file: `${rel}/repo/scenarios/evil`, message: outside(`${rel}/repo/scenarios/`) }]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('does not read a scenario file through a link out of the tree; a link out named otherwise is named too (it may be a directory)', async () => {
    const { dir, rel } = linkTree();
    symlinkSync(join(dir, 'secret', 'db.yaml'), join(dir, 'repo', 'scenarios', 'file-link.yaml'));
    symlinkSync(join(dir, 'secret', 'db.yaml'), join(dir, 'repo', 'scenarios', 'notes.txt'));
    const { files, problems } = await expandInputs([`${rel}/repo/scenarios`]);
    expect(files).toEqual([`${rel}/repo/scenarios/a.yaml`, `${rel}/repo/scenarios/sub/s.yaml`]);
    expect(problems).toEqual([
      { file: `${rel}/repo/scenarios/file-link.yaml`, message: outside(`${rel}/repo/scenarios/`) },
      { file: `${rel}/repo/scenarios/notes.txt`, message: outside(`${rel}/repo/scenarios/`) },
    ]);
  });

  it('says the same of every link out, whether its target is missing, a file, a directory or goes on past a file (break-255 F2)', async () => {
    const { dir, rel } = linkTree();
    const at = (name: string): string => join(dir, 'repo', 'scenarios', name);
    symlinkSync(join(dir, 'secret', 'db.yaml'), at('file.yaml'));
    symlinkSync(join(dir, 'secret'), at('dir.yaml'));
    symlinkSync(join(dir, 'nonexistent'), at('missing.yaml'));
    symlinkSync(join(dir, 'secret', 'db.yaml', 'x.yaml'), at('past-file.yaml'));
    // inside the tree a dangling link is still said as one
    symlinkSync('nowhere.yaml', at('dangling.yaml'));
    const { problems } = await expandInputs([`${rel}/repo/scenarios`]);
    const out = outside(`${rel}/repo/scenarios/`);
    expect(problems).toEqual([
      { file: `${rel}/repo/scenarios/dangling.yaml`, message: DANGLING },
      ...['dir.yaml', 'file.yaml', 'missing.yaml', 'past-file.yaml'].map((f) => ({ file: `${rel}/repo/scenarios/${f}`, message: out })),
    ]);
  });

  it('reads what the user names on the command line wherever its links lead', async () => {
    const { dir, rel } = linkTree();
    symlinkSync(join(dir, 'secret'), join(dir, 'repo', 'scenarios', 'evil'));
    symlinkSync(join(dir, 'secret', 'db.yaml'), join(dir, 'repo', 'scenarios', 'file-link.yaml'));
    expect(await expandInputs([`${rel}/repo/scenarios/evil`])).toEqual({ files: [`${rel}/repo/scenarios/evil/db.yaml`], problems: [], directories: [`${rel}/repo/scenarios/evil`] });
    expect(await expandInputs([`${rel}/repo/scenarios/file-link.yaml`])).toEqual({ files: [`${rel}/repo/scenarios/file-link.yaml`], problems: [], directories: [] });
  });

  it('reads a directory reached through a link inside the tree once, under its own path (by device and inode)', async () => {
    const { dir, rel } = linkTree();
    // "alias" sorts before "sub": the directory is still listed under its own name
    symlinkSync(join(dir, 'repo', 'scenarios', 'sub'), join(dir, 'repo', 'scenarios', 'alias'));
    symlinkSync('../sub', join(dir, 'repo', 'scenarios', 'sub', 'again'));
    symlinkSync('.', join(dir, 'repo', 'scenarios', 'self'));
    expect(await expandInputs([`${rel}/repo/scenarios`])).toEqual({ files: [`${rel}/repo/scenarios/a.yaml`, `${rel}/repo/scenarios/sub/s.yaml`], problems: [], directories: [`${rel}/repo/scenarios`] });
  });

  it('ends on a cycle of links inside the tree', async () => {
    const { dir, rel } = linkTree();
    mkdirSync(join(dir, 'repo', 'scenarios', 'other'));
    symlinkSync('../other', join(dir, 'repo', 'scenarios', 'sub', 'to-other'));
    symlinkSync('../sub', join(dir, 'repo', 'scenarios', 'other', 'to-sub'));
    symlinkSync('..', join(dir, 'repo', 'scenarios', 'other', 'up'));
    expect(await expandInputs([`${rel}/repo/scenarios`])).toEqual({ files: [`${rel}/repo/scenarios/a.yaml`, `${rel}/repo/scenarios/sub/s.yaml`], problems: [], directories: [`${rel}/repo/scenarios`] });
  });

  it('follows a link elsewhere into the current directory, as extends: may read there, but not one to a directory holding the tree', async () => {
    const { dir } = linkTree();
    mkdirSync(join(dir, 'repo', 'shared'));
    writeFileSync(join(dir, 'repo', 'shared', 'common.yaml'), SCENARIO);
    symlinkSync('../shared', join(dir, 'repo', 'scenarios', 'common'));
    symlinkSync('..', join(dir, 'repo', 'scenarios', 'up'));
    const cwd = process.cwd();
    process.chdir(join(dir, 'repo'));
    try {
      expect(await expandInputs(['scenarios'])).toEqual({
        files: ['scenarios/a.yaml', 'scenarios/common/common.yaml', 'scenarios/sub/s.yaml'],
        // `up` leads to the repository, which holds scenarios/: following it would walk the tree again
        problems: [{ file: 'scenarios/up', message: outside('scenarios/') }],
        directories: ['scenarios'],
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('stops a walk over max-walk-entries with one error naming the limit, and reads no file of that tree', async () => {
    const { rel } = linkTree();
    const limits = { ...DEFAULT_LIMITS, maxWalkEntries: 2 };
    expect(await expandInputs([`${rel}/repo/scenarios`, `${rel}/secret/db.yaml`], limits)).toEqual({
      files: [`${rel}/secret/db.yaml`],
      problems: [{ file: `${rel}/repo/scenarios`, message: limitMessage('max-walk-entries', 2, 'the walk stopped after 3 entries below this directory; none of its files is read') }],
      // a walk stopped short found no files: none of its directory's files is gone (goneFiles)
      directories: [],
    });
    expect((await expandInputs([`${rel}/repo/scenarios`], { ...DEFAULT_LIMITS, maxWalkEntries: 3 })).problems).toEqual([]);
  });
});

describe('loadScenarioFile', () => {
  it('loads a scenario, with or without a UTF-8 byte order mark', async () => {
    for (const name of ['tree/b.yaml', 'bom.yaml']) {
      const r = await loadScenarioFile(`${root}/${name}`);
      expect(r.ok ? r.scenario.steps.map((s) => s.call) : r.problems).toEqual(['early_cpu_init']);
    }
  });

  it('turns I/O errors into problems about the whole file', async () => {
    expect(await loadScenarioFile(`${root}/missing.yaml`)).toEqual({ ok: false, problems: [{ file: `${root}/missing.yaml`, message: 'no such file or directory' }] });
    expect(await loadScenarioFile(`${root}/tree`)).toEqual({ ok: false, problems: [{ file: `${root}/tree`, message: 'is a directory, not a scenario file' }] });
  });

  it('refuses binary content: NUL bytes, invalid UTF-8, UTF-16, UTF-32', async () => {
    const messageOf = async (name: string): Promise<string[]> => {
      const r = await loadScenarioFile(`${root}/${name}`);
      return r.ok ? [] : r.problems.map((p) => `${p.file}${p.line === undefined ? '' : `:${p.line}:${p.col ?? '-'}`}: ${p.message}`);
    };
    // at the first NUL or bad byte: ELF's header has its first NUL at byte 7; 0xe9 is café's é in Latin-1
    expect(await messageOf('binary.yaml')).toEqual([`${root}/binary.yaml:1:8: not a text file (it contains NUL bytes); a scenario is UTF-8 YAML`]);
    expect(await messageOf('latin1.yaml')).toEqual([`${root}/latin1.yaml:1:10: not a text file (invalid UTF-8); a scenario is UTF-8 YAML`]);
    const bom = (name: string, encoding: string): string => `${root}/${name}: not a text file in UTF-8 (it starts with a ${encoding} byte order mark); save it as UTF-8`;
    expect(await messageOf('utf16.yaml')).toEqual([bom('utf16.yaml', 'UTF-16 LE')]);
    expect(await messageOf('utf16be.yaml')).toEqual([bom('utf16be.yaml', 'UTF-16 BE')]);
    // UTF-32 LE's mark begins with UTF-16 LE's; UTF-32 BE's begins with NUL bytes (was "1:3: invalid UTF-8", break-270 N2)
    expect(await messageOf('utf32le.yaml')).toEqual([bom('utf32le.yaml', 'UTF-32 LE')]);
    expect(await messageOf('utf32be.yaml')).toEqual([bom('utf32be.yaml', 'UTF-32 BE')]);
    expect(await messageOf('utf16-no-bom.yaml')).toEqual([`${root}/utf16-no-bom.yaml:1:2: not a text file (it contains NUL bytes); a scenario is UTF-8 YAML`]);
  });

  it('places a bad byte like any problem: after a BOM, CRLF lines, an astral character (2 columns) and a U+FFFD the file spells', async () => {
    writeFileSync(join(abs, 'late-bad.yaml'), Uint8Array.from([...Buffer.from('\ufeffname: x\r\ndescription: "\u{1F600}\ufffd'), 0xc3, 0x28, ...Buffer.from('"\n')]));
    const r = await loadScenarioFile(`${root}/late-bad.yaml`);
    // line 2: `description: "` is 14 columns, the emoji 2, the written U+FFFD 1: the lone 0xc3 is column 18
    expect(r.ok ? [] : r.problems).toEqual([{ file: `${root}/late-bad.yaml`, line: 2, col: 18, message: 'not a text file (invalid UTF-8); a scenario is UTF-8 YAML' }]);
  });

  it('a base that is not UTF-8 is reported in the base, at its bad byte', async () => {
    writeFileSync(join(abs, 'extends-latin1.yaml'), 'extends: latin1.yaml\nname: x\n');
    const r = await loadScenarioFile(`${root}/extends-latin1.yaml`);
    expect(r.ok ? [] : r.problems).toEqual([{
      file: `${root}/latin1.yaml`, line: 1, col: 10, message: 'not a text file (invalid UTF-8); a scenario is UTF-8 YAML', scenario: `${root}/extends-latin1.yaml`,
    }]);
  });

  it('extends: a base named without its extension, or with the other one, is offered the file beside it (break-280 N4)', async () => {
    const dir = mkdtempSync(join(abs, 'ext-'));
    const at = `${relative(process.cwd(), dir).replaceAll('\\', '/')}`;
    writeFileSync(join(dir, 'rc1.yaml'), SCENARIO);
    const messages = async (ext: string): Promise<string[]> => {
      writeFileSync(join(dir, 's.yaml'), `extends: ${ext}\nname: x\n`);
      const r = await loadScenarioFile(`${at}/s.yaml`);
      return r.ok ? [] : r.problems.map((p) => p.message);
    };
    expect(await messages('rc1')).toEqual([`extends: ${at}/rc1 is not a scenario file; a base is another scenario, named *.yaml or *.yml (did you mean rc1.yaml?)`]);
    expect(await messages('rc1.yml')).toEqual([`extends: cannot read ${at}/rc1.yml: no such file or directory (did you mean rc1.yaml?)`]);
    // nothing beside it by either name, nor by a near spelling: no guess
    expect(await messages('other.yml')).toEqual([`extends: cannot read ${at}/other.yml: no such file or directory`]);
    // a slip in the name, or its case (break-290 N1): the nearest scenario file beside it, as extends: writes the directory
    writeFileSync(join(dir, 'base-efi.yaml'), SCENARIO);
    expect(await messages('base_efi.yaml')).toEqual([`extends: cannot read ${at}/base_efi.yaml: no such file or directory (did you mean base-efi.yaml?)`]);
    expect(await messages('Base-efi.yaml')).toEqual([`extends: cannot read ${at}/Base-efi.yaml: no such file or directory (did you mean base-efi.yaml?)`]);
    expect(await messages('base_efi')).toEqual([`extends: ${at}/base_efi is not a scenario file; a base is another scenario, named *.yaml or *.yml (did you mean base-efi.yaml?)`]);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'rc3.yaml'), SCENARIO);
    expect(await messages('sub/rc3.ymal')).toEqual([`extends: ${at}/sub/rc3.ymal is not a scenario file; a base is another scenario, named *.yaml or *.yml (did you mean sub/rc3.yaml?)`]);
    // never the file itself: s.yaml extending s2.yaml is not told to extend s.yaml
    expect(await messages('s2.yaml')).toEqual([`extends: cannot read ${at}/s2.yaml: no such file or directory`]);
  });

  it('reads only regular files: a FIFO (which would block) or a device, named directly or as a base, is refused', async () => {
    execFileSync('mkfifo', [join(abs, 'pipe.yaml')]);
    const pipe = `${root}/pipe.yaml`;
    expect(await loadScenarioFile(pipe)).toEqual({ ok: false, problems: [{ file: pipe, message: 'not a regular file (a FIFO); not read' }] });
    writeFileSync(join(abs, 'extends-pipe.yaml'), 'extends: pipe.yaml\nname: x\n');
    const r = await loadScenarioFile(`${root}/extends-pipe.yaml`);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([`extends: cannot read ${pipe}: not a regular file (a FIFO); not read`]);
    // a link out of the tree to a device is refused as outside, before it is looked at (break-255 F2)
    symlinkSync('/dev/zero', join(abs, 'zero.yaml'));
    writeFileSync(join(abs, 'extends-zero.yaml'), 'extends: zero.yaml\nname: x\n');
    const z = await loadScenarioFile(`${root}/extends-zero.yaml`);
    expect(z.ok ? [] : z.problems.map((p) => p.message)).toEqual([`extends: cannot read ${root}/zero.yaml: zero.yaml is a symbolic link to /dev/zero, which lies outside the current directory and outside ${root}/ (where extends-zero.yaml is), `
      + `where bases are read so that a scenario cannot show parts of other files on the machine; set ${EXTENDS_ANYWHERE}=1 to read it anyway`]);
  });

  it('reads bases only inside the current directory or the named file\'s directory: a scenario cannot quote other files on the machine', async () => {
    // elsewhere: a "secret" YAML file outside both the working directory and the scratch tree
    const elsewhere = mkdtempSync(join(tmpdir(), 'bootreplay-elsewhere-'));
    try {
      writeFileSync(join(elsewhere, 'secret.yaml'), 'kernel: hunter2-TOKEN\n');
      mkdirSync(join(abs, 'conf'), { recursive: true });
      writeFileSync(join(abs, 'conf/base.yaml'), SCENARIO);
      symlinkSync(join(elsewhere, 'secret.yaml'), join(abs, 'conf/link.yaml'));
      symlinkSync(elsewhere, join(abs, 'conf/dir-link'));
      const lies = `lies outside the current directory and outside ${root}/conf/ (where`;
      // a path as written inside, that a symbolic link leads out of, names the link and its target (review 19b, F1)
      const cases: [string, string, string][] = [
        ['abs.yaml', `extends: ${join(elsewhere, 'secret.yaml')}\n`, `: it ${lies}`],
        ['up.yaml', `extends: ${relative(join(abs, 'conf'), join(elsewhere, 'secret.yaml'))}\n`, `: it ${lies}`],
        // by the links' own texts, not their resolution (break-206 F1: /proc/self/environ read /proc/<pid>/environ)
        ['via-link.yaml', 'extends: link.yaml\n', `extends: cannot read ${root}/conf/link.yaml: link.yaml is a symbolic link to ${join(elsewhere, 'secret.yaml')}, which ${lies}`],
        ['via-dir-link.yaml', 'extends: dir-link/secret.yaml\n',
          `extends: cannot read ${root}/conf/dir-link/secret.yaml: it is a path through ${root}/conf/dir-link, a symbolic link to ${elsewhere}, which ${lies}`],
      ];
      for (const [name, text, outside] of cases) {
        writeFileSync(join(abs, 'conf', name), text);
        const r = await loadScenarioFile(`${root}/conf/${name}`);
        const messages = r.ok ? [] : r.problems.map((p) => p.message);
        expect(messages, name).toHaveLength(1);
        expect(messages[0], name).toContain(outside);
        expect(messages[0], name).toContain(`set ${EXTENDS_ANYWHERE}=1 to read it anyway`);
        expect(messages.join('\n'), name).not.toContain('hunter2');
      }
      // a base beside the named file is read, wherever that file is (the scratch tree is outside the working directory)
      writeFileSync(join(abs, 'conf/child.yaml'), 'extends: base.yaml\nname: child\n');
      expect((await loadScenarioFile(`${root}/conf/child.yaml`)).ok).toBe(true);
      // and anywhere when asked for
      process.env[EXTENDS_ANYWHERE] = '1';
      const asked = await loadScenarioFile(`${root}/conf/abs.yaml`);
      expect(asked.ok ? [] : asked.problems.map((p) => p.message).join('\n')).toContain('hunter2-TOKEN');
    } finally {
      delete process.env[EXTENDS_ANYWHERE];
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses every base outside in one text, whether it exists, is a file the path goes on past, or is missing (break-255 F2)', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'bootreplay-probe-'));
    try {
      writeFileSync(join(elsewhere, 'exists.yaml'), 'kernel: hunter2\n');
      writeFileSync(join(elsewhere, 'file'), 'x');
      mkdirSync(join(abs, 'probe'));
      const rel = relative(join(abs, 'probe'), elsewhere);
      const said = new Set<string>();
      for (const [i, target] of ['exists.yaml', 'file/x.yaml', 'nonexistent/x.yaml', 'exists.yaml/x.yaml'].entries()) {
        writeFileSync(join(abs, 'probe', `p${i}.yaml`), `extends: ${rel}/${target}\n`);
        // a link in the tree to the same place
        symlinkSync(join(elsewhere, target), join(abs, 'probe', `l${i}.yaml`));
        writeFileSync(join(abs, 'probe', `e${i}.yaml`), `extends: l${i}.yaml\n`);
        for (const file of [`p${i}.yaml`, `e${i}.yaml`]) {
          const r = await loadScenarioFile(`${root}/probe/${file}`);
          const messages = r.ok ? [] : r.problems.map((p) => p.message.replaceAll(target, 'T').replaceAll(`${i}.yaml`, 'N.yaml'));
          expect(messages, file).toHaveLength(1);
          said.add(messages[0] ?? '');
        }
      }
      const lies = `lies outside the current directory and outside ${root}/probe/ (where pN.yaml is), where bases are read so that a scenario cannot show parts of other files on the machine; `
        + `set ${EXTENDS_ANYWHERE}=1 to read it anyway`;
      expect([...said]).toEqual([
        `extends: cannot read ${posix.normalize(`${root}/probe/${rel}`)}/T: it ${lies}`,
        `extends: cannot read ${root}/probe/lN.yaml: lN.yaml is a symbolic link to ${elsewhere}/T, which ${lies.replace('pN.yaml', 'eN.yaml')}`,
      ]);
      // inside the tree the read still says what is there
      writeFileSync(join(abs, 'probe', 'in.yaml'), 'extends: missing.yaml\n');
      const inside = await loadScenarioFile(`${root}/probe/in.yaml`);
      expect(inside.ok ? [] : inside.problems.map((p) => p.message)).toEqual([`extends: cannot read ${root}/probe/missing.yaml: no such file or directory`]);
      // and with the variable set, so do the reasons outside
      process.env[EXTENDS_ANYWHERE] = '1';
      const asked = await loadScenarioFile(`${root}/probe/p2.yaml`);
      expect(asked.ok ? [] : asked.problems.map((p) => p.message)).toEqual([`extends: cannot read ${posix.normalize(`${root}/probe/${rel}`)}/nonexistent/x.yaml: no such file or directory`]);
    } finally {
      delete process.env[EXTENDS_ANYWHERE];
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('names a file whose name is not UTF-8 with what is wrong, instead of "no such file" for a name with U+FFFD in it', async () => {
    const dir = join(abs, 'bytes');
    mkdirSync(dir);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/a`), Buffer.from([0xff]), Buffer.from('b.yaml')]), SCENARIO);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/notes`), Buffer.from([0xfe]), Buffer.from('.txt')]), 'not a scenario');
    writeFileSync(join(dir, 'ok.yaml'), SCENARIO);
    const { files, problems } = await expandInputs([`${root}/bytes`]);
    expect(files).toEqual([`${root}/bytes/ok.yaml`]);
    expect(problems).toEqual([{ file: `${root}/bytes/a\ufffdb.yaml`, message: 'its name is not valid UTF-8 (61ff622e79616d6c in hex), so reports cannot name it; not read: rename it' }]);
  });

  it('an extends: path with a NUL in it is a missing file, said in the tool\'s words (Node\'s own error text leaked; helper-139)', async () => {
    writeFileSync(join(abs, 'nul.yaml'), 'extends: "a\\0b.yaml"\n');
    const r = await loadScenarioFile(`${root}/nul.yaml`);
    expect(r.ok ? [] : r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      `1:10: extends: cannot read ${root}/a\u0000b.yaml: no such file: a path cannot hold a NUL character (\\x00)`,
    ]);
  });
});

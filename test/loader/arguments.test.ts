/**
 * Command-line arguments as expandInputs reads them: what it says of an
 * argument that names nothing (an empty one, a pattern the shell left as it
 * was), and how it names a file given twice under two spellings or through
 * a symbolic link (once, under its first name).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/scenario/files.js';

const SCENARIO = 'setup_arch: [early_cpu_init]\n';
let abs = '';
const cwd = process.cwd();

beforeAll(() => {
  abs = mkdtempSync(join(tmpdir(), 'bootreplay-args-'));
  mkdirSync(join(abs, 'tree'));
  writeFileSync(join(abs, 'tree', 'a.yaml'), SCENARIO);
  writeFileSync(join(abs, 'tree', 'b.yaml'), SCENARIO);
  symlinkSync(join(abs, 'tree'), join(abs, 'treelink'));
  process.chdir(abs);
});

afterAll(() => {
  process.chdir(cwd);
  rmSync(abs, { recursive: true, force: true });
});

describe('an argument that names no file says what most likely happened', () => {
  it('a pattern the shell did not expand (quoted, or nothing matched)', async () => {
    const { files, problems } = await expandInputs(['tree/*.yml']);
    expect(files).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe('tree/*.yml');
    expect(problems[0]?.message).toMatch(/^no such file or directory: no file matches this pattern, and bootreplay does not expand patterns; the shell passes a pattern on as it is when it is quoted or when nothing matches it/);
  });

  it('a missing file without pattern characters is only missing', async () => {
    expect((await expandInputs(['tree/c.yaml'])).problems).toEqual([{ file: 'tree/c.yaml', message: 'no such file or directory' }]);
  });

  it('a file named with a trailing / (a.yaml/): the slash, not a missing file', async () => {
    expect((await expandInputs(['tree/a.yaml/'])).problems).toEqual([{ file: 'tree/a.yaml/', message: 'not a directory: a trailing / names a directory, and this is a file (leave out the /)' }]);
  });

  it('an empty argument (an unset shell variable)', async () => {
    expect((await expandInputs([''])).problems).toEqual([{ file: "''", message: 'an empty argument names no file (an unset or empty shell variable, or quotes around nothing?); name a scenario file or a directory' }]);
  });
});

describe('a file named twice is read once, under its first name', () => {
  it('./tree/a.yaml is tree/a.yaml, after tree/ or before it', async () => {
    expect(await expandInputs(['tree/', './tree/a.yaml'])).toEqual({ files: ['tree/a.yaml', 'tree/b.yaml'], problems: [], directories: ['tree'] });
    expect(await expandInputs(['./tree/b.yaml', 'tree//'])).toEqual({ files: ['tree/b.yaml', 'tree/a.yaml'], problems: [], directories: ['tree'] });
    expect(await expandInputs(['./tree/../tree/a.yaml', './'])).toEqual({ files: ['tree/a.yaml', 'tree/b.yaml'], problems: [], directories: ['.'] });
  });

  it('a directory and a link to it: the files once, under the first name; the other names map to it', async () => {
    expect(await expandInputs(['tree/', 'treelink/'])).toEqual({
      files: ['tree/a.yaml', 'tree/b.yaml'], problems: [], directories: ['tree', 'treelink'],
      aliases: new Map([['treelink/a.yaml', 'tree/a.yaml'], ['treelink/b.yaml', 'tree/b.yaml']]),
    });
    expect((await expandInputs(['treelink/b.yaml', 'tree'])).files).toEqual(['treelink/b.yaml', 'tree/a.yaml']);
  });

  it('an argument that names nothing is quoted as given', async () => {
    expect((await expandInputs(['./tree/a.yaml/'])).problems).toEqual([{ file: './tree/a.yaml/', message: 'not a directory: a trailing / names a directory, and this is a file (leave out the /)' }]);
    expect((await expandInputs(['./tree/c.yaml/'])).problems).toEqual([{ file: './tree/c.yaml/', message: 'no such file or directory' }]);
  });
});

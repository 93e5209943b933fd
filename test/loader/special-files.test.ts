/**
 * Files that are not regular files: a FIFO named *.yaml used to hang
 * `run DIR` forever, and a link to /dev/zero grew to 18 GB. Only regular
 * files are read; everything else is named with what it is and skipped,
 * whether it comes from a directory walk or from the command line. Nothing
 * here may block: a hang fails the test by its timeout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, ioReason, loadScenarioFile, readRegularFile } from '../../src/scenario/files.js';
import { DEFAULT_LIMITS, limitMessage } from '../../src/scenario/limits.js';

const SCENARIO = 'setup_arch: [early_cpu_init]\n';
let abs = '';
let root = '';
let server: Server | undefined;

beforeAll(async () => {
  abs = mkdtempSync(join(tmpdir(), 'bootreplay-special-'));
  root = relative(process.cwd(), abs).replaceAll('\\', '/');
  mkdirSync(join(abs, 'dir', 'd.yaml'), { recursive: true });
  writeFileSync(join(abs, 'dir', 'ok.yaml'), SCENARIO);
  writeFileSync(join(abs, 'dir', 'd.yaml', 'inner.yaml'), SCENARIO);
  const fifo = spawnSync('mkfifo', [join(abs, 'dir', 'fifo.yaml')]);
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr.toString()}`);
  symlinkSync('/dev/zero', join(abs, 'dir', 'zero.yaml'));
  symlinkSync('/dev/null', join(abs, 'dir', 'not-a-scenario.txt'));
  const s = createServer();
  await new Promise<void>((done) => s.listen(join(abs, 'dir', 'socket.yaml'), done));
  server = s;
  // sparse: 576 MiB on paper, nothing on disk
  writeFileSync(join(abs, 'huge.yaml'), '');
  truncateSync(join(abs, 'huge.yaml'), 576 * 2 ** 20);
  writeFileSync(join(abs, 'just-over.yaml'), `# ${'x'.repeat(128 * 1024 - 2)}\n`);
});

afterAll(async () => {
  await new Promise<void>((done) => (server === undefined ? done() : server.close(() => done())));
  rmSync(abs, { recursive: true, force: true });
});

describe('a directory walk', () => {
  it('reads only regular files, walks a directory named *.yaml, and names what it skipped and why', async () => {
    const { files, problems } = await expandInputs([`${root}/dir`]);
    const OUT = `a symbolic link that leads outside ${root}/dir/ (the directory walked) and outside the current directory, or to a directory that holds ${root}/dir/; `
      + 'not followed (nor is what it leads to looked at), so that a scenario tree cannot show parts of other files on the machine, nor be walked twice; name its target on the command line to read it';
    expect(files).toEqual([`${root}/dir/d.yaml/inner.yaml`, `${root}/dir/ok.yaml`]);
    expect(problems).toEqual([
      { file: `${root}/dir/fifo.yaml`, message: 'not a regular file (a FIFO); not read' },
      { file: `${root}/dir/not-a-scenario.txt`, message: OUT },
      { file: `${root}/dir/socket.yaml`, message: 'not a regular file (a socket); not read' },
      // a link out of the tree, refused before its target is looked at (break-255 F2)
      { file: `${root}/dir/zero.yaml`, message: OUT },
    ]);
  });
});

describe('paths on the command line', () => {
  it('are checked the same way', async () => {
    const { files, problems } = await expandInputs([`${root}/dir/fifo.yaml`, `${root}/dir/zero.yaml`, `${root}/dir/socket.yaml`, '/dev/null', `${root}/dir/ok.yaml`]);
    expect(files).toEqual([`${root}/dir/ok.yaml`]);
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `${root}/dir/fifo.yaml: not a regular file (a FIFO); not read`,
      `${root}/dir/zero.yaml: not a regular file (a character device, through a symbolic link); not read`,
      `${root}/dir/socket.yaml: not a regular file (a socket); not read`,
      '/dev/null: not a regular file (a character device); not read',
    ]);
  });

  it('a trailing / after a socket or a FIFO says what the file is, not "no such file" (helper-184 9)', async () => {
    const { problems } = await expandInputs([`${root}/dir/socket.yaml/`, `${root}/dir/fifo.yaml/`]);
    expect(problems.map((p) => p.message)).toEqual([
      'not a directory: a trailing / names a directory, and this is a socket (leave out the /)',
      'not a directory: a trailing / names a directory, and this is a FIFO (leave out the /)',
    ]);
    // every reader says the same (helper-186 7: diff, suggest, merge, --baseline said "no such file or directory")
    expect(readRegularFile(`${root}/dir/socket.yaml/`)).toEqual({ ok: false, message: 'not a directory: a trailing / names a directory, and this is a socket (leave out the /)' });
    expect(readRegularFile(`${root}/dir/ok.yaml/x.yaml`)).toEqual({ ok: false, message: `not a directory: ${root}/dir/ok.yaml is a file, and the path goes on past it` });
  });

  it('`-` is no standard input: scenarios are files, and the message says so (helper-183 13)', async () => {
    const { problems } = await expandInputs(['-']);
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual(['-: no such file or directory: inputs are read from files, not from standard input; give a file or a directory']);
    // the commands that read one file (diff, suggest, merge, bisect) say the same (helper-184 6)
    expect(readRegularFile('-')).toEqual({ ok: false, message: 'no such file or directory: inputs are read from files, not from standard input; give a file or a directory' });
  });
});

describe('reading one file', () => {
  it('never blocks on a FIFO and never reads a device', async () => {
    expect(await loadScenarioFile(`${root}/dir/fifo.yaml`)).toEqual({ ok: false, problems: [{ file: `${root}/dir/fifo.yaml`, message: 'not a regular file (a FIFO); not read' }] });
    expect(readRegularFile(`${root}/dir/zero.yaml`)).toEqual({ ok: false, message: 'not a regular file (a character device, through a symbolic link); not read' });
    // open() of a socket fails (ENXIO): named as what it is, as on the command line (helper-183 7: extends: and
    // --baseline, which read through readRegularFile, said "a device or socket with nothing behind it")
    expect(readRegularFile(`${root}/dir/socket.yaml`)).toEqual({ ok: false, message: 'not a regular file (a socket); not read' });
  });

  // a /proc file the kernel takes no plain read of: Node's raw "EINVAL: invalid argument, read" was printed (helper-183 7)
  it.runIf(existsSync('/proc/self/pagemap'))('words EINVAL as the other read errors are worded', () => {
    expect(readRegularFile('/proc/self/pagemap')).toEqual({ ok: false, message: 'cannot be read as a file (EINVAL: the kernel refuses a plain read of it); not read' });
  });

  // /proc/kmsg: a file stat calls regular whose read waits for data; opened non-blocking, the read fails with
  // EAGAIN, which was Node's raw "cannot read: EAGAIN: resource temporarily unavailable, read" (break-201 F6).
  // Not read here for real: a read of /proc/kmsg takes the kernel's messages from whoever else reads them
  it('words EAGAIN (and EWOULDBLOCK) as the other read errors are worded', () => {
    const error = (code: string): Error => Object.assign(new Error(`${code}: resource temporarily unavailable, read`), { code });
    for (const code of ['EAGAIN', 'EWOULDBLOCK']) {
      expect(ioReason(error(code))).toBe('has nothing to read now (EAGAIN: a file whose read waits for data, such as /proc/kmsg); not read');
    }
  });

  it('checks the size before reading: a 576 MiB file is too large, not "invalid UTF-8"', async () => {
    expect(await loadScenarioFile(`${root}/huge.yaml`)).toEqual({
      ok: false, problems: [{ file: `${root}/huge.yaml`, message: limitMessage('max-file-bytes', 128 * 1024, 'too large: 576 MiB') }],
    });
    expect(readRegularFile(`${root}/just-over.yaml`)).toEqual({ ok: false, message: limitMessage('max-file-bytes', 128 * 1024, 'too large: 131073 bytes') });
  });

  it('says the exact size where the rounded one would read like the limit (576 MiB against a limit one byte less)', () => {
    const maxFileBytes = 576 * 2 ** 20 - 1;
    expect(readRegularFile(`${root}/huge.yaml`, { ...DEFAULT_LIMITS, maxFileBytes })).toEqual({
      ok: false, message: limitMessage('max-file-bytes', maxFileBytes, 'too large: 603979776 bytes (0x24000000)'),
    });
  });

  it('bounds a file whose size fstat does not know (/proc)', () => {
    const r = readRegularFile('/proc/self/status');
    expect(r.ok && r.bytes.length > 0).toBe(true);
  });
});

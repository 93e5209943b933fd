/**
 * The temporary file of an atomic `-o` write and the signals that end a run:
 * removeOnSignal's handler removes the file, takes itself off every signal
 * and sends the signal again, so the process ends as it would have. Called
 * here directly, with the re-raise recorded instead of sent (the end-to-end
 * run under a signal is in hardening.test.ts).
 */
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError, planOutput, readBack, removeOnSignal, replacementMode, takeOwner, temporaryName, writeReport } from '../../src/cli/output.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootreplay-output-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The listeners of each ending signal that are not in `before` (the test runner may have its own). */
function added(before: ReadonlyMap<string, readonly unknown[]>): Map<string, unknown[]> {
  return new Map(SIGNALS.map((s) => [s, process.listeners(s).filter((l) => !(before.get(s) ?? []).includes(l))]));
}

function snapshot(): Map<string, unknown[]> {
  return new Map(SIGNALS.map((s) => [s, [...process.listeners(s)]]));
}

describe('removeOnSignal', () => {
  it('on SIGTERM removes the temporary file, uninstalls itself from all three signals and re-raises SIGTERM', () => {
    const tmp = join(dir, '.report.txt.1.tmp');
    writeFileSync(tmp, 'half a report');
    const before = snapshot();
    const raised: NodeJS.Signals[] = [];
    removeOnSignal(() => tmp, (signal) => raised.push(signal));
    const mine = added(before);
    expect(SIGNALS.map((s) => mine.get(s)?.length)).toEqual([1, 1, 1]);
    const handler = mine.get('SIGTERM')?.[0];
    if (typeof handler !== 'function') throw new Error('no SIGTERM handler');
    handler('SIGTERM');
    expect(existsSync(tmp)).toBe(false);
    expect(raised).toEqual(['SIGTERM']);
    expect(SIGNALS.map((s) => added(before).get(s)?.length)).toEqual([0, 0, 0]);
  });

  it('a signal while no file is this run\'s (before the open, after the rename) removes nothing and still re-raises', () => {
    const other = join(dir, '.other.1.tmp');
    writeFileSync(other, 'another run\'s');
    const before = snapshot();
    const raised: NodeJS.Signals[] = [];
    removeOnSignal(() => undefined, (signal) => raised.push(signal));
    const handler = added(before).get('SIGHUP')?.[0];
    if (typeof handler !== 'function') throw new Error('no SIGHUP handler');
    handler('SIGHUP');
    expect(raised).toEqual(['SIGHUP']);
    expect(existsSync(other)).toBe(true);
  });

  it('a signal before the file exists (or after the rename) still re-raises', () => {
    const before = snapshot();
    const raised: NodeJS.Signals[] = [];
    removeOnSignal(() => join(dir, '.never.1.tmp'), (signal) => raised.push(signal));
    const handler = added(before).get('SIGINT')?.[0];
    if (typeof handler !== 'function') throw new Error('no SIGINT handler');
    handler('SIGINT');
    expect(raised).toEqual(['SIGINT']);
  });

  it('uninstalled without a signal, leaves the file and no listener', () => {
    const tmp = join(dir, '.kept.1.tmp');
    writeFileSync(tmp, 'report');
    const before = snapshot();
    const uninstall = removeOnSignal(() => tmp, () => { throw new Error('no signal was sent'); });
    uninstall();
    expect(SIGNALS.map((s) => added(before).get(s)?.length)).toEqual([0, 0, 0]);
    expect(existsSync(tmp)).toBe(true);
  });
});

/** NAME_MAX on Linux, in bytes: the longest file name a directory holds. */
const NAME_MAX = 255;

describe('temporaryName', () => {
  it('is .NAME.PID.tmp beside the target, which says whose a leftover is, and .NAME.PID.N.tmp for the Nth retry', () => {
    expect(temporaryName(join(dir, 'r.json'), 41)).toBe(join(dir, '.r.json.41.tmp'));
    expect(temporaryName(join(dir, 'r.json'), 41, 3)).toBe(join(dir, '.r.json.41.3.tmp'));
  });

  it('for a legal name too long for that (250 ASCII bytes; 127 two-byte characters), is a short name in the same directory', () => {
    for (const name of [`${'r'.repeat(250)}.json`, 'é'.repeat(127)]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(NAME_MAX);
      const tmp = temporaryName(join(dir, name), 4_194_304);
      expect(tmp.startsWith(join(dir, '.bootreplay.4194304.'))).toBe(true);
      expect(tmp.endsWith('.tmp')).toBe(true);
      expect(Buffer.byteLength(tmp.slice(dir.length + 1))).toBeLessThanOrEqual(NAME_MAX);
    }
  });
});

describe('writeReport', () => {
  it('writes a 255-byte name, and leaves no temporary file', async () => {
    const sub = mkdtempSync(join(dir, 'long-'));
    const target = join(sub, `${'r'.repeat(250)}.json`);
    expect(Buffer.byteLength(`${'r'.repeat(250)}.json`)).toBe(NAME_MAX);
    await writeReport(planOutput(target, new Map()), '{}\n');
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
    expect(readdirSync(sub)).toEqual([`${'r'.repeat(250)}.json`]);
  });

  it('takes the next temporary name while one is in the way (a run killed with SIGKILL under this process id), leaving those alone (review 14, 4.1)', async () => {
    const sub = mkdtempSync(join(dir, 'busy-'));
    const target = join(sub, 'busy.txt');
    writeFileSync(target, 'old\n');
    // what a SIGKILLed run with this process id left (a container's processes start at the same ids), twice
    const left = [temporaryName(target), temporaryName(target, process.pid, 1)];
    for (const tmp of left) writeFileSync(tmp, 'another run\'s');
    await writeReport(planOutput(target, new Map()), 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    for (const tmp of left) expect(readFileSync(tmp, 'utf8')).toBe('another run\'s');
    expect(readdirSync(sub).sort()).toEqual([`.busy.txt.${process.pid}.1.tmp`, `.busy.txt.${process.pid}.tmp`, 'busy.txt']);
  });

  it('when every name it tries is in the way, says so naming the files, leaves them and the target alone', async () => {
    const sub = mkdtempSync(join(dir, 'full-'));
    const target = join(sub, 'busy.txt');
    writeFileSync(target, 'old\n');
    const left = Array.from({ length: 100 }, (_, n) => temporaryName(target, process.pid, n));
    for (const tmp of left) writeFileSync(tmp, 'another run\'s');
    const written = writeReport(planOutput(target, new Map()), 'new\n');
    await expect(written).rejects.toThrow(OutputError);
    await expect(written).rejects.toThrow(`100 temporary files for it are in the way, ${left[0] ?? ''} to ${left[99] ?? ''} (left by earlier runs killed while writing it?); remove them and try again`);
    expect(readdirSync(sub)).toHaveLength(101);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
  });
});

describe('the owner and mode of a replaced file (a root run over nobody\'s 4750 file made a root-owned set-user-ID file)', () => {
  it('keeps the mode, set-user-ID and set-group-ID only where the new file has the old one\'s owner and group', () => {
    const old = { mode: 0o100000n | 0o6750n, uid: 65534n, gid: 65534n };
    expect(replacementMode(old, { uid: 65534n, gid: 65534n })).toBe(0o6750);
    expect(replacementMode(old, { uid: 0n, gid: 0n })).toBe(0o750);
    expect(replacementMode(old, { uid: 65534n, gid: 0n })).toBe(0o750);
    expect(replacementMode(old, { uid: 0n, gid: 65534n })).toBe(0o750);
    // the sticky bit and the rest stay
    expect(replacementMode({ mode: 0o101777n, uid: 1n, gid: 1n }, { uid: 0n, gid: 0n })).toBe(0o1777);
  });

  /** takeOwner on a new file of this process, with a chown that refuses as it does a user's (EPERM), recording its calls. */
  function refused(old: { uid: bigint; gid: bigint }): { calls: number[][]; result: { uid: bigint; gid: bigint }; own: { uid: bigint; gid: bigint } } {
    const file = join(mkdtempSync(join(dir, 'owner-')), 'tmp');
    const fd = openSync(file, 'w');
    try {
      const own = fstatSync(fd, { bigint: true });
      const calls: number[][] = [];
      const result = takeOwner(fd, old, (f, uid, gid) => {
        calls.push([f === fd ? 1 : 0, uid, gid]);
        throw Object.assign(new Error('EPERM: operation not permitted, fchown'), { code: 'EPERM' });
      });
      return { calls, result: { uid: result.uid, gid: result.gid }, own: { uid: own.uid, gid: own.gid } };
    } finally {
      closeSync(fd);
    }
  }

  it('where chown is refused (not root), tries the owner and group, then the group alone, and the file stays this process\'s: no set-ID bits', () => {
    const own = refused({ uid: 0n, gid: 0n }).own;
    const other = { uid: own.uid + 1n, gid: own.gid + 1n };
    const r = refused(other);
    expect(r.calls).toEqual([[1, Number(other.uid), Number(other.gid)], [1, -1, Number(other.gid)]]);
    expect(r.result).toEqual(own);
    expect(replacementMode({ mode: 0o104750n, ...other }, r.result)).toBe(0o750);
    // the owner already the old one's: only the group is tried
    expect(refused({ uid: own.uid, gid: own.gid + 1n }).calls).toEqual([[1, -1, Number(own.gid + 1n)]]);
    // the old file's owner and group already: nothing to give, the bits kept
    const same = refused(own);
    expect(same.calls).toEqual([]);
    expect(replacementMode({ mode: 0o104750n, ...own }, same.result)).toBe(0o4750);
  });
});

describe('readBack (run --update-baseline checks the baseline it wrote; review 20, F5)', () => {
  it('is the file\'s text when it holds the bytes written (a `##[` in a name written as writeReport writes it), undefined when another write replaced them', async () => {
    const target = join(dir, 'baseline.json');
    const report = '{"file": "a##[b.yaml"}\n';
    await writeReport(planOutput(target, new Map()), report);
    expect(readBack(planOutput(target, new Map()), report)).toBe(readFileSync(target, 'utf8'));
    writeFileSync(target, '{"file": "a##[b.yaml"');
    expect(readBack(planOutput(target, new Map()), report)).toBeUndefined();
    rmSync(target);
    expect(readBack(planOutput(target, new Map()), report)).toBeUndefined();
  });

  it('a device cannot be read back: the report itself', () => {
    expect(readBack(planOutput('/dev/null', new Map()), 'x\n')).toBe('x\n');
  });
});
